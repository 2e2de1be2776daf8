#include "profiles/formats/InputLimits.h"

#include <QJsonParseError>

#include <algorithm>

namespace Authlens::Formats {

QString textPosition(QByteArrayView utf8, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, utf8.size());
    qsizetype line = 1;
    qsizetype column = 1;
    for (qsizetype i = 0; i < offset; ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) { // continuation bytes belong to the previous character
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

QString sizeError(qsizetype bytes)
{
    if (bytes <= kMaxImportBytes)
        return {};
    return QStringLiteral("The input is %1 MB; Authlens imports files up to %2 MB.")
        .arg(QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1))
        .arg(kMaxImportBytes / (1024 * 1024));
}

namespace {

/// The offset of the first bracket that opens level kMaxJsonDepth + 1, or -1. Strings are skipped
/// so brackets inside them do not count.
qsizetype tooDeepAt(QByteArrayView text)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '{':
        case '[':
            if (++depth > kMaxJsonDepth)
                return i;
            break;
        case '}':
        case ']':
            --depth;
            break;
        default:
            break;
        }
    }
    return -1;
}

} // namespace

std::optional<QJsonDocument> parseJsonLimited(const QByteArray& content, QString* error)
{
    QString message = sizeError(content.size());
    QByteArray text = content;
    if (message.isEmpty()) {
        // Windows editors like to start UTF-8 files with a byte order mark; JSON does not allow one.
        if (text.startsWith("\xEF\xBB\xBF"))
            text.remove(0, 3);
        if (text.trimmed().isEmpty())
            message = QStringLiteral("The file is empty.");
    }
    if (message.isEmpty()) {
        const qsizetype deep = tooDeepAt(text);
        if (deep >= 0)
            message = QStringLiteral("The JSON is nested more than %1 levels deep (at %2); this is not a file "
                                     "Authlens can import.")
                          .arg(kMaxJsonDepth)
                          .arg(textPosition(text, deep));
    }
    if (message.isEmpty()) {
        QJsonParseError parseError;
        QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
        if (parseError.error == QJsonParseError::NoError)
            return doc;
        message = QStringLiteral("Not valid JSON at %1: %2.")
                      .arg(textPosition(text, parseError.offset), parseError.errorString());
    }
    if (error)
        *error = message;
    return std::nullopt;
}

} // namespace Authlens::Formats
