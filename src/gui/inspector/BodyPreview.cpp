#include "inspector/BodyPreview.h"

#include "common/DisplayFormat.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringDecoder>

#include <algorithm>

namespace Authlens::Gui {

namespace {

BodyPreview::Kind kindFromMime(const QString& mime)
{
    if (mime.isEmpty())
        return BodyPreview::Kind::Empty; // decided by sniffing
    if (mime.contains(u"json"))
        return BodyPreview::Kind::Json;
    if (mime.contains(u"html"))
        return BodyPreview::Kind::Html;
    if (mime.contains(u"xml"))
        return BodyPreview::Kind::Xml;
    if (mime.startsWith(u"text/") || mime.contains(u"javascript") || mime.contains(u"x-www-form-urlencoded")
        || mime.contains(u"yaml") || mime.contains(u"jwt"))
        return BodyPreview::Kind::Text;
    return BodyPreview::Kind::Binary;
}

BodyPreview::Kind sniff(QByteArrayView bytes)
{
    const QByteArrayView start = bytes.first(std::min<qsizetype>(bytes.size(), 4096));
    if (start.contains('\0'))
        return BodyPreview::Kind::Binary;
    const QByteArray trimmed = start.toByteArray().trimmed();
    if (trimmed.startsWith('{') || trimmed.startsWith('['))
        return BodyPreview::Kind::Json;
    if (trimmed.startsWith('<')) {
        const QByteArray lower = trimmed.left(64).toLower();
        return lower.startsWith("<!doctype html") || lower.startsWith("<html") ? BodyPreview::Kind::Html
                                                                               : BodyPreview::Kind::Xml;
    }
    return BodyPreview::Kind::Text;
}

QString charsetOf(const QByteArray& contentType)
{
    for (const QByteArray& param : contentType.split(';')) {
        const QByteArray p = param.trimmed();
        if (p.toLower().startsWith("charset="))
            return QString::fromLatin1(p.mid(8)).remove(u'"').trimmed();
    }
    return {};
}

QString decode(const QByteArray& bytes, const QString& charset)
{
    const QByteArray name = charset.isEmpty() ? QByteArray("UTF-8") : charset.toLatin1();
    QStringDecoder decoder(name.constData());
    if (!decoder.isValid())
        decoder = QStringDecoder(QStringDecoder::Utf8);
    return decoder(bytes);
}

QString hexDump(QByteArrayView bytes)
{
    QString out;
    out.reserve(bytes.size() * 4 + 64);
    for (qsizetype offset = 0; offset < bytes.size(); offset += 16) {
        const QByteArrayView line = bytes.sliced(offset, std::min<qsizetype>(16, bytes.size() - offset));
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
        for (qsizetype i = 0; i < 16; ++i) {
            out += i < line.size() ? QStringLiteral("%1 ").arg(quint8(line[i]), 2, 16, QLatin1Char('0'))
                                   : QStringLiteral("   ");
            if (i == 7)
                out += u' ';
        }
        out += u" |";
        for (char c : line)
            out += (c >= 0x20 && c < 0x7f) ? QChar::fromLatin1(c) : u'.';
        out += u"|\n";
    }
    return out;
}

} // namespace

QString reindentJson(QByteArrayView json, int indent)
{
    QByteArray out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    const auto newline = [&out, &depth, indent]() -> void {
        out += '\n';
        out += QByteArray(depth * indent, ' ');
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < json.size())
                out += json[++i];
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            // Keep empty containers on one line: {} and [].
            qsizetype next = i + 1;
            while (next < json.size() && QChar::isSpace(uchar(json[next])))
                ++next;
            if (next < json.size() && (json[next] == '}' || json[next] == ']')) {
                out += c;
                out += json[next];
                i = next;
                break;
            }
            out += c;
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            depth = std::max(0, depth - 1);
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += ": ";
            break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
            break;
        default:
            out += c;
        }
    }
    return QString::fromUtf8(out);
}

BodyPreview preparePreview(const Http::Body& body, const QByteArray& contentType, const BodyLimits& limits)
{
    BodyPreview preview;
    preview.totalSize = body.size();
    preview.spillPath = body.isSpilled() ? body.filePath() : QString();
    preview.mimeType = QString::fromLatin1(contentType.split(';').value(0).trimmed().toLower());
    if (body.isEmpty())
        return preview;

    const QByteArray bytes = body.head(limits.displayBytes);
    preview.kind = kindFromMime(preview.mimeType);
    if (preview.kind == BodyPreview::Kind::Empty)
        preview.kind = sniff(bytes);

    if (preview.kind == BodyPreview::Kind::Binary) {
        const QByteArrayView shown = QByteArrayView(bytes).first(std::min<qsizetype>(bytes.size(), limits.hexBytes));
        preview.shownBytes = shown.size();
        preview.raw = hexDump(shown);
        return preview;
    }
    preview.shownBytes = bytes.size();
    preview.raw = decode(bytes, charsetOf(contentType));

    if (preview.kind != BodyPreview::Kind::Json)
        return preview;
    if (preview.isTruncated() || bytes.size() > limits.prettyBytes) {
        preview.prettyNote
            = QStringLiteral("Too large to pretty-print (%1); showing it raw.").arg(humanSize(body.size()));
        return preview;
    }
    QJsonParseError error;
    if (QJsonDocument::fromJson(bytes, &error).isNull() || error.error != QJsonParseError::NoError) {
        preview.prettyNote = QStringLiteral("Not valid JSON (%1 at byte %2); showing it raw.")
                                 .arg(error.errorString())
                                 .arg(error.offset);
        return preview;
    }
    preview.pretty = reindentJson(bytes);
    return preview;
}

} // namespace Authlens::Gui
