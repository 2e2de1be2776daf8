#include "profiles/formats/CurlExport.h"

#include "http/Redaction.h"

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
            // "%NAME" would be expanded by cmd; a caret after the percent sign prevents it. Only before an ASCII
            // letter, digit or "_": a letter outside ASCII gets its own caret below, which stops the expansion as
            // well, and a second one would escape that caret into the text (found by fuzz_curlimport: "50%é" came
            // back as "50%^é").
            const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
            if (next.unicode() < 128 && (next.isLetterOrNumber() || next == u'_'))
                out += u'^';
        } else if ((c.unicode() < 128 && c.isLetterOrNumber()) || safe.contains(c)) {
            out += c;
        } else if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            // One character outside the BMP (an emoji): the caret goes before the pair, never between its halves
            // (found by fuzz_curlimport: a caret between them left two lone surrogates, imported as "??").
            out += u'^';
            out += c;
            out += text.at(++i);
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

/// AUTHLENS_X_CLIENT_TOKEN for "X-Client-Token", AUTHLENS_CLIENT_SECRET for "client_secret".
QByteArray variableFor(QByteArrayView name)
{
    QByteArray out = "AUTHLENS_";
    for (const char c : name)
        out += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? char(std::toupper(c))
                                                                                            : '_';
    return out;
}

/// The URL with the value of every query parameter the policy calls secret replaced by a variable
/// (the original encoding of the other parameters kept).
Word urlWord(const QUrl& url, const Http::SecretPolicy& policy, bool reveal)
{
    const QByteArray full = url.toString(QUrl::FullyEncoded).toUtf8();
    if (reveal || !url.hasQuery())
        return literal(full);
    QUrl base = url;
    base.setQuery(QString());
    Word w = literal(base.toString(QUrl::FullyEncoded).toUtf8() + '?');
    const QList<QByteArray> pairs = url.query(QUrl::FullyEncoded).toUtf8().split('&');
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        const QByteArray& pair = pairs.at(i);
        if (i > 0)
            w.append(Segment {"&", {}});
        const qsizetype eq = pair.indexOf('=');
        const QByteArray name = eq < 0 ? pair : pair.left(eq);
        if (eq > 0 && eq + 1 < pair.size() && policy.isSecretQueryParam(QUrl::fromPercentEncoding(name))) {
            w.append({name + '=', {}});
            w.append({{}, variableFor(QUrl::fromPercentEncoding(name).toUtf8())});
        } else {
            w.append({pair, {}});
        }
    }
    return w;
}

/// The body with each secret field's value replaced by a variable named after the field.
Word bodyWord(const QByteArray& body, QByteArrayView contentType, const Http::SecretPolicy& policy, bool reveal)
{
    if (reveal)
        return literal(body);
    const QList<Http::SecretSpan> spans = Http::findSecretFields(body, contentType, policy);
    Word w;
    qsizetype last = 0;
    for (const Http::SecretSpan& span : spans) {
        w.append({body.mid(last, span.offset - last), {}});
        w.append({{}, variableFor(span.name.toUtf8())});
        last = span.offset + span.length;
    }
    w.append({body.mid(last), {}});
    return w;
}

/// A header line, its value a variable when the policy calls it a credential; an Authorization keeps
/// its scheme word ("Authorization: Bearer ${AUTHLENS_AUTHORIZATION}").
Word headerWord(const QByteArray& name, const QByteArray& value, const Http::SecretPolicy& policy, bool reveal)
{
    if (reveal || !policy.isSecretHeader(name))
        return literal(name + ": " + value);
    QByteArray prefix = name + ": ";
    const qsizetype space = value.trimmed().indexOf(' ');
    if ((name.compare("Authorization", Qt::CaseInsensitive) == 0
         || name.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0)
        && space > 0)
        prefix += value.trimmed().left(space + 1);
    return withSecret(prefix, {}, variableFor(name).constData(), false);
}

bool hasVariable(const Word& word)
{
    return std::any_of(word.cbegin(), word.cend(), [](const Segment& s) { return !s.variable.isEmpty(); });
}

using Lines = QList<QPair<QByteArray, Word>>; ///< option (empty for the URL) and its value

/// The body option: --data-raw, or --data-binary @body.bin (with a note) for what an argument cannot carry.
void addBody(Lines& lines, QStringList& comments, const QByteArray& body, const Word& word, bool cmd)
{
    // Arguments are C strings: a NUL cannot be passed, and cmd cannot carry bytes that are no text.
    if (body.contains('\0') || (cmd && !isUtf8(body))) {
        comments.append(
            QStringLiteral("The request body (%1 bytes) is binary: save it as body.bin next to this command.")
                .arg(body.size()));
        lines.append({"--data-binary", literal("@body.bin")});
    } else {
        lines.append({"--data-raw", word});
    }
}

QString render(const Lines& lines, const QStringList& comments, bool cmd)
{
    QStringList out;
    for (const QString& c : comments)
        out.append((cmd ? QStringLiteral("rem ") : QStringLiteral("# ")) + c);
    QStringList parts;
    for (const auto& [option, word] : lines) {
        QString line = option.isEmpty() ? QStringLiteral("curl") : QStringLiteral("  ") + QString::fromLatin1(option);
        if (!word.isEmpty() || option.isEmpty())
            line += u' ' + (cmd ? cmdWord(word) : bashWord(word));
        parts.append(line);
    }
    out.append(parts.join(cmd ? QStringLiteral(" ^\n") : QStringLiteral(" \\\n")));
    return out.join(u'\n') + u'\n';
}

} // namespace

QString exportCurl(const Profiles::Profile& profile, const Profiles::SavedRequest& request,
                   const CurlExportOptions& options)
{
    const bool reveal = options.revealSecrets;
    const bool cmd = options.shell == CurlExportOptions::Shell::Cmd;
    // The profile's API-key name is a secret whatever it is called.
    const Http::SecretPolicy policy = Auth::secretPolicyFor(profile.auth);
    Lines lines;
    QStringList comments;
    const auto add = [&lines](const QByteArray& option, const Word& word) { lines.append({option, word}); };

    // URL, with an API key in the query when the profile puts it there.
    QUrl url = profile.resolve(profile.substitute(request.url));
    url.setFragment({});
    Word target = urlWord(url, policy, reveal);
    if (profile.auth.method == Auth::Method::ApiKey && profile.auth.apiKeyPlace == Auth::ApiKeyPlace::Query) {
        const QByteArray prefix
            = QByteArray(url.hasQuery() ? "&" : "?") + QUrl::toPercentEncoding(profile.auth.apiKeyName) + '=';
        target += withSecret(prefix, QString::fromLatin1(QUrl::toPercentEncoding(profile.sessionSecrets.apiKey)),
                             CurlPlaceholder::ApiKey, reveal);
    }
    add({}, target);

    const QByteArray body = profile.substitute(request.body);
    const QByteArray method = request.method.isEmpty() ? QByteArray("GET") : request.method;
    const bool curlDefault = (method == "GET" && body.isEmpty()) || (method == "POST" && !body.isEmpty());
    if (!curlDefault)
        add("-X", literal(method));

    for (const Http::Header& h : request.headers)
        add("-H", headerWord(h.first, profile.substitute(h.second), policy, reveal));
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
    case Auth::Method::OAuth2: // curl sends the access token the token service got last
        add("-H", withSecret("Authorization: Bearer ", secrets.token, CurlPlaceholder::Token, reveal));
        break;
    case Auth::Method::AwsSigV4:
        // curl signs itself (curl.se/docs/manpage.html#--aws-sigv4): the provider, region and service, the
        // access key and secret key as -u; a session token is a header curl signs with the x-amz-* ones.
        add("--aws-sigv4",
            literal(QStringLiteral("aws:amz:%1:%2")
                        .arg(profile.auth.aws.region.trimmed(), profile.auth.aws.service.trimmed())
                        .toUtf8()));
        lines.append(
            {"-u",
             withSecret(profile.auth.username.toUtf8() + ':', secrets.password, CurlPlaceholder::Password, reveal)});
        if (!secrets.token.isEmpty())
            add("-H", withSecret("X-Amz-Security-Token: ", secrets.token, CurlPlaceholder::Token, reveal));
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
        const QByteArray type = request.contentType.isEmpty() ? Http::headerValue(request.headers, "Content-Type")
                                                              : request.contentType.toUtf8();
        addBody(lines, comments, body, bodyWord(body, type, policy, reveal), cmd);
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
    return render(lines, comments, cmd);
}

QString exportCurl(const Http::Exchange& exchange, const Http::SecretPolicy& policy, const CurlExportOptions& options)
{
    if (exchange.hops.isEmpty())
        return {};
    const bool reveal = options.revealSecrets;
    const bool cmd = options.shell == CurlExportOptions::Shell::Cmd;
    const Http::SecretPolicy known = policy.withLedgerOf(exchange);
    const Http::RequestRecord& request = exchange.hops.constFirst().request;
    Lines lines;
    QStringList comments;

    QUrl url = request.url;
    url.setFragment({});
    url.setUserInfo({}); // user info became an Authorization header, which is below
    lines.append({{}, urlWord(url, known, reveal)});
    const QByteArray method = request.method.isEmpty() ? QByteArray("GET") : request.method;
    const bool curlDefault
        = (method == "GET" && request.body.isEmpty()) || (method == "POST" && !request.body.isEmpty());
    if (method == "HEAD")
        lines.append({"-I", Word {}});
    else if (!curlDefault)
        lines.append({"-X", literal(method)});

    // The headers as they went out, less what curl writes itself or the connection decides.
    static constexpr QByteArrayView own[] = {"Host", "Content-Length", "Connection", "Transfer-Encoding"};
    bool hidden = false;
    for (const Http::Header& h : request.headers) {
        if (std::any_of(std::begin(own), std::end(own),
                        [&h](QByteArrayView n) { return h.first.compare(n, Qt::CaseInsensitive) == 0; }))
            continue;
        const Word word = headerWord(h.first, h.second, known, reveal);
        hidden = hidden || hasVariable(word);
        lines.append({"-H", word});
    }
    if (!request.body.isEmpty()) {
        const Word word = bodyWord(request.body, Http::headerValue(request.headers, "Content-Type"), known, reveal);
        hidden = hidden || hasVariable(word);
        addBody(lines, comments, request.body, word, cmd);
    }
    hidden = hidden || hasVariable(lines.constFirst().second);
    if (hidden)
        comments.append(
            QStringLiteral("Secrets are environment variables (AUTHLENS_…): set them before running this."));
    if (request.clientCertificate) {
        // The key is PEM text in the keychain, never a file Authlens knows: the user saves it.
        comments.append(QStringLiteral("The request presented a TLS client certificate: add --cert and --key."));
    }
    if (!request.proxy.isEmpty())
        lines.append({"-x", literal(request.proxy.toUtf8())});
    if (exchange.hops.size() > 1)
        lines.append({"-L", Word {}});
    return render(lines, comments, cmd);
}

} // namespace Authlens::Formats
