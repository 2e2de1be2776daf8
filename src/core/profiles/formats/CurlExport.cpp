#include "profiles/formats/CurlExport.h"

#include <QStringDecoder>
#include <QUrlQuery>

#include <cctype>

namespace Authlens::Formats {

namespace {

/// A piece of one shell word: literal bytes, or a reference to an environment variable.
struct Segment
{
    QByteArray literal;
    QByteArray variable;
};
using Word = QList<Segment>;

Word literal(const QByteArray& bytes)
{
    return {{bytes, {}}};
}

/// `prefix` followed by the secret, or by a reference to `variable` when the secret stays hidden
/// (or is not known: a placeholder is then the useful thing to print).
Word withSecret(const QByteArray& prefix, const QString& secret, const char* variable, bool reveal)
{
    Word w;
    if (!prefix.isEmpty())
        w.append({prefix, {}});
    if (reveal && !secret.isEmpty())
        w.append({secret.toUtf8(), {}});
    else
        w.append({{}, QByteArray(variable)});
    return w;
}

bool isUtf8(const QByteArray& bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder.decode(bytes);
    Q_UNUSED(decoded);
    return !decoder.hasError();
}

/// Bash: '…' when that is enough, $'…' for control characters, quotes and bytes that are no UTF-8.
QByteArray bashLiteral(const QByteArray& bytes)
{
    const bool utf8 = isUtf8(bytes);
    const bool ansi = !utf8 || bytes.contains('\'') || std::any_of(bytes.cbegin(), bytes.cend(), [](char c) {
        return (static_cast<unsigned char>(c) < 0x20) || c == 0x7f;
    });
    if (!ansi)
        return '\'' + bytes + '\'';
    QByteArray out = "$'";
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\'':
            out += "\\'";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (b < 0x20 || b == 0x7f || (b >= 0x80 && !utf8))
                out += "\\x" + QByteArray::number(b, 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    return out + '\'';
}

/// Adjacent literal segments as one, so that quoting sees the whole literal text.
Word merged(const Word& word)
{
    Word out;
    for (const Segment& s : word) {
        if (s.variable.isEmpty() && !out.isEmpty() && out.last().variable.isEmpty())
            out.last().literal += s.literal;
        else
            out.append(s);
    }
    return out;
}

QString bashWord(const Word& input)
{
    const Word word = merged(input);
    QByteArray out;
    for (const Segment& s : word) {
        if (!s.variable.isEmpty())
            out += "\"${" + s.variable + "}\"";
        else if (!s.literal.isEmpty())
            out += bashLiteral(s.literal);
    }
    return QString::fromUtf8(out.isEmpty() ? QByteArray("''") : out);
}

/// The Microsoft C runtime's quoting inside "…": a quote becomes \", and backslashes are doubled
/// only where they precede a quote (or the closing quote, when `closes`).
QString crtEscape(const QString& text, bool closes)
{
    QString out;
    qsizetype run = 0;
    for (const QChar c : text) {
        if (c == u'\\') {
            ++run;
            continue;
        }
        if (c == u'"') {
            out += QString(run * 2 + 1, u'\\') + u'"';
        } else {
            out += QString(run, u'\\') + c;
        }
        run = 0;
    }
    out += QString(closes ? run * 2 : run, u'\\');
    return out;
}

/// cmd.exe: the whole word sits between ^" … ^" (escaped quotes, so cmd itself never sees a quoted
/// region) and every character cmd could interpret gets a caret, as DevTools' "Copy as cURL (cmd)"
/// does. A line break becomes ^ + two line breaks.
QString cmdEscape(const QString& text)
{
    static const QString safe = QStringLiteral(" \t_-:=+~'/.,?;()*`");
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
            continue; // cmd cannot carry a CR; the line break follows
        if (c == u'\n') {
            out += QStringLiteral("^\n\n");
        } else if (c == u'%') {
            out += QStringLiteral("^%");
            // "%NAME" would be expanded by cmd; a caret after the percent sign prevents it.
            if (i + 1 < text.size() && (text.at(i + 1).isLetterOrNumber() || text.at(i + 1) == u'_'))
                out += u'^';
        } else if ((c.unicode() < 128 && c.isLetterOrNumber()) || safe.contains(c)) {
            out += c;
        } else {
            out += u'^';
            out += c;
        }
    }
    return out;
}

QString cmdWord(const Word& input)
{
    const Word word = merged(input);
    QString out = QStringLiteral("^\"");
    for (qsizetype i = 0; i < word.size(); ++i) {
        const Segment& s = word.at(i);
        if (!s.variable.isEmpty())
            out += u'%' + QString::fromLatin1(s.variable) + u'%';
        else
            out += cmdEscape(crtEscape(QString::fromUtf8(s.literal), i == word.size() - 1));
    }
    return out + QStringLiteral("^\"");
}

/// A readable number of seconds: 15, 2.5, 0.25.
QByteArray secondsText(int ms)
{
    QByteArray text = QByteArray::number(double(ms) / 1000.0, 'f', 3);
    while (text.contains('.') && (text.endsWith('0') || text.endsWith('.')))
        text.chop(1);
    return text;
}

QByteArray variableForHeader(const QByteArray& name)
{
    QByteArray out = "AUTHLENS_";
    for (const char c : name)
        out += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? char(std::toupper(c))
                                                                                            : '_';
    return out;
}

} // namespace

QString exportCurl(const Profiles::Profile& profile, const Profiles::SavedRequest& request,
                   const CurlExportOptions& options)
{
    const bool reveal = options.revealSecrets;
    const bool cmd = options.shell == CurlExportOptions::Shell::Cmd;
    QList<QPair<QByteArray, Word>> lines; ///< option (empty for the URL) and its value
    QStringList comments;
    const auto add = [&lines](const QByteArray& option, const Word& word) { lines.append({option, word}); };

    // URL, with an API key in the query when the profile puts it there.
    QUrl url = profile.resolve(profile.substitute(request.url));
    url.setFragment({});
    Word urlWord;
    if (profile.auth.method == Auth::Method::ApiKey && profile.auth.apiKeyPlace == Auth::ApiKeyPlace::Query) {
        const QByteArray base = url.toString(QUrl::FullyEncoded).toUtf8();
        const QByteArray prefix
            = base + (url.hasQuery() ? '&' : '?') + QUrl::toPercentEncoding(profile.auth.apiKeyName) + '=';
        urlWord = withSecret(prefix, QString::fromLatin1(QUrl::toPercentEncoding(profile.sessionSecrets.apiKey)),
                             CurlPlaceholder::ApiKey, reveal);
    } else {
        urlWord = literal(url.toString(QUrl::FullyEncoded).toUtf8());
    }
    add({}, urlWord);

    const QByteArray body = profile.substitute(request.body);
    const QByteArray method = request.method.isEmpty() ? QByteArray("GET") : request.method;
    const bool curlDefault = (method == "GET" && body.isEmpty()) || (method == "POST" && !body.isEmpty());
    if (!curlDefault)
        add("-X", literal(method));

    for (const Http::Header& h : request.headers) {
        const QByteArray value = profile.substitute(h.second);
        if (Http::isCredentialHeaderName(h.first) && !reveal)
            add("-H", withSecret(h.first + ": ", {}, variableForHeader(h.first).constData(), false));
        else
            add("-H", literal(h.first + ": " + value));
    }
    if (!request.contentType.isEmpty() && !Http::hasHeader(request.headers, "Content-Type"))
        add("-H", literal("Content-Type: " + request.contentType.toUtf8()));

    const Auth::AuthSecrets& secrets = profile.sessionSecrets;
    switch (profile.auth.method) {
    case Auth::Method::None:
        break;
    case Auth::Method::Digest:
        add("--digest", {});
        [[fallthrough]];
    case Auth::Method::Basic:
        lines.append(
            {"-u",
             withSecret(profile.auth.username.toUtf8() + ':', secrets.password, CurlPlaceholder::Password, reveal)});
        break;
    case Auth::Method::Bearer:
        add("-H", withSecret("Authorization: Bearer ", secrets.token, CurlPlaceholder::Token, reveal));
        break;
    case Auth::Method::ApiKey:
        if (profile.auth.apiKeyPlace == Auth::ApiKeyPlace::Header)
            lines.append(
                {"-H",
                 withSecret(profile.auth.apiKeyName.toUtf8() + ": ", secrets.apiKey, CurlPlaceholder::ApiKey, reveal)});
        break;
    }

    if (!secrets.cookies.trimmed().isEmpty())
        add("-b", withSecret({}, secrets.cookies.trimmed(), CurlPlaceholder::Cookies, reveal));

    if (!body.isEmpty()) {
        // Arguments are C strings: a NUL cannot be passed, and cmd cannot carry bytes that are no text.
        if (body.contains('\0') || (cmd && !isUtf8(body))) {
            comments.append(QStringLiteral("The request body (%1 bytes) is binary: save it as body.bin next to this "
                                           "command.")
                                .arg(body.size()));
            add("--data-binary", literal("@body.bin"));
        } else {
            add("--data-raw", literal(body));
        }
    }

    if (profile.tls.ignoreErrors)
        add("-k", {});
    if (!profile.tls.caBundlePath.isEmpty())
        add("--cacert", literal(profile.tls.caBundlePath.toUtf8()));
    if (!profile.tls.clientCertificatePath.isEmpty()) {
        add("--cert", literal(profile.tls.clientCertificatePath.toUtf8()));
        // The key is PEM text in the keychain, never a file Authlens knows: the user saves it.
        add("--key", withSecret({}, {}, CurlPlaceholder::ClientKeyFile, false));
    }
    using Mode = Profiles::ProxySettings::Mode;
    if (profile.proxy.mode == Mode::None) {
        add("--noproxy", literal("*"));
    } else if ((profile.proxy.mode == Mode::Http || profile.proxy.mode == Mode::Socks5)
               && !profile.proxy.host.isEmpty()) {
        QUrl proxy;
        proxy.setScheme(profile.proxy.mode == Mode::Http ? QStringLiteral("http") : QStringLiteral("socks5h"));
        proxy.setHost(profile.proxy.host);
        if (profile.proxy.port > 0)
            proxy.setPort(profile.proxy.port);
        add("-x", literal(proxy.toString(QUrl::FullyEncoded).toUtf8()));
        if (!profile.proxy.username.isEmpty())
            add("-U",
                withSecret(profile.proxy.username.toUtf8() + ':', secrets.proxyPassword, CurlPlaceholder::ProxyPassword,
                           reveal));
    }
    if (profile.connectTimeoutMs != Profiles::Profile().connectTimeoutMs)
        add("--connect-timeout", literal(secondsText(profile.connectTimeoutMs)));
    if (profile.totalTimeoutMs != Profiles::Profile().totalTimeoutMs)
        add("--max-time", literal(secondsText(profile.totalTimeoutMs)));
    add("-L", {});

    QStringList out;
    for (const QString& c : std::as_const(comments))
        out.append((cmd ? QStringLiteral("rem ") : QStringLiteral("# ")) + c);
    QStringList parts;
    for (const auto& [option, word] : std::as_const(lines)) {
        QString line = option.isEmpty() ? QStringLiteral("curl") : QStringLiteral("  ") + QString::fromLatin1(option);
        if (!word.isEmpty() || option.isEmpty())
            line += u' ' + (cmd ? cmdWord(word) : bashWord(word));
        parts.append(line);
    }
    out.append(parts.join(cmd ? QStringLiteral(" ^\n") : QStringLiteral(" \\\n")));
    return out.join(u'\n') + u'\n';
}

} // namespace Authlens::Formats
