#include "ExchangeJson.h"

#include "http/Redaction.h"

#include <QJsonArray>

namespace Authlens::Cli {

using namespace Qt::StringLiterals;

using namespace Authlens::Http;

namespace {

QByteArray shown(const SecretPolicy& policy, const ExchangeOutputOptions& options, const Header& h)
{
    return options.revealSecrets ? h.second : redactHeaderValue(h.first, h.second, policy);
}

QJsonArray headersJson(const HeaderList& headers, const SecretPolicy& policy, const ExchangeOutputOptions& options)
{
    QJsonArray out;
    for (const Header& h : headers)
        out.append(QJsonArray {QString::fromLatin1(h.first), QString::fromUtf8(shown(policy, options, h))});
    return out;
}

QString urlText(const QUrl& url, const SecretPolicy& policy, const ExchangeOutputOptions& options)
{
    return (options.revealSecrets ? url : redactUrl(url, policy)).toString(QUrl::FullyEncoded);
}

QJsonArray placedJson(const QList<Placed>& placed)
{
    QJsonArray out;
    for (const Placed& p : placed)
        out.append(QJsonObject {{u"name"_s, QString::fromLatin1(p.name)},
                                {u"place"_s, credentialPlaceName(p.place)},
                                {u"source"_s, credentialSourceName(p.source)},
                                {u"label"_s, p.label},
                                {u"bound_to"_s, QJsonArray::fromStringList(p.boundTo)}});
    return out;
}

/// "Authorization (profile: Basic credentials for demo) → http://127.0.0.1:8080"
QString placedText(const Placed& p)
{
    const QString where = p.place == CredentialPlace::Query ? u"query “"_s + QString::fromLatin1(p.name) + u'”'
        : p.place == CredentialPlace::Cookie                ? u"cookie "_s + QString::fromLatin1(p.name)
                                                            : QString::fromLatin1(p.name);
    return QStringLiteral("%1 (%2: %3) → %4")
        .arg(where, credentialSourceName(p.source), p.label,
             p.boundTo.isEmpty() ? u"-"_s : p.boundTo.join(QStringLiteral(", ")));
}

/// Text when the bytes are valid UTF-8, else nullopt (the caller falls back to base64).
std::optional<QString> asText(const QByteArray& bytes)
{
    if (!bytes.isValidUtf8())
        return std::nullopt;
    return QString::fromUtf8(bytes);
}

QJsonObject timingJson(const Timing& t)
{
    QJsonObject o;
    o[u"started"] = t.started.toString(Qt::ISODateWithMs);
    o[u"total_ms"] = t.totalMs;
    o[u"ttfb_ms"] = t.ttfbMs < 0 ? QJsonValue() : QJsonValue(t.ttfbMs);
    o[u"connect_ms"] = t.connectMs < 0 ? QJsonValue() : QJsonValue(t.connectMs);
    return o;
}

QJsonObject tlsJson(const TlsInfo& tls)
{
    QJsonObject o;
    o[u"used"] = tls.used;
    if (tls.used) {
        o[u"protocol"] = tls.protocol;
        o[u"cipher"] = tls.cipher;
    }
    // The chain is recorded also when the handshake was refused (an expired or untrusted certificate).
    if (tls.used || !tls.peerChain.isEmpty()) {
        QJsonArray chain;
        for (const CertificateSummary& c : tls.peerChain) {
            chain.append(QJsonObject {{u"subject"_s, c.subject},
                                      {u"issuer"_s, c.issuer},
                                      {u"not_before"_s, c.notBefore.toString(Qt::ISODate)},
                                      {u"not_after"_s, c.notAfter.toString(Qt::ISODate)},
                                      {u"sha256"_s, c.sha256},
                                      {u"self_signed"_s, c.selfSigned},
                                      {u"subject_alt_names"_s, QJsonArray::fromStringList(c.subjectAltNames)}});
        }
        o[u"peer_chain"] = chain;
    }
    if (!tls.offeredProtocols.isEmpty())
        o[u"offered_protocols"] = QJsonArray::fromStringList(tls.offeredProtocols);
    o[u"errors"] = QJsonArray::fromStringList(tls.errors);
    o[u"errors_ignored"] = tls.errorsIgnored;
    return o;
}

QJsonArray cookiesJson(const QList<QNetworkCookie>& cookies, bool reveal)
{
    QJsonArray out;
    for (const QNetworkCookie& c : cookies) {
        QJsonObject o {{u"name"_s, QString::fromUtf8(c.name())},
                       {u"value"_s, QString::fromUtf8(reveal ? c.value() : redactValue("X-Secret", c.value()))},
                       {u"domain"_s, c.domain()},
                       {u"path"_s, c.path()},
                       {u"secure"_s, c.isSecure()},
                       {u"http_only"_s, c.isHttpOnly()}};
        if (c.expirationDate().isValid())
            o[u"expires"] = c.expirationDate().toUTC().toString(Qt::ISODate);
        out.append(o);
    }
    return out;
}

/// A body as it may be shown: secret fields redacted when the options ask for it.
QByteArray shownBody(const QByteArray& bytes, const HeaderList& headers, const SecretPolicy& policy,
                     const ExchangeOutputOptions& options)
{
    if (options.revealSecrets || !options.redactBodies)
        return bytes;
    return redactBody(bytes, headerValue(headers, "Content-Type"), policy);
}

QJsonValue errorJson(const Http::Error& e)
{
    if (!e.isError())
        return QJsonValue::Null;
    return QJsonObject {{u"kind"_s, errorKindName(e.kind)}, {u"message"_s, e.message}};
}

} // namespace

QJsonObject exchangeToJson(const Exchange& exchange, const SecretPolicy& basePolicy,
                           const ExchangeOutputOptions& options)
{
    const SecretPolicy policy = basePolicy.withLedgerOf(exchange);
    QJsonArray hops;
    for (const Hop& hop : exchange.hops) {
        QJsonObject h;
        h[u"request"] = QJsonObject {{u"method"_s, QString::fromLatin1(hop.request.method)},
                                     {u"url"_s, urlText(hop.request.url, policy, options)},
                                     {u"headers"_s, headersJson(hop.request.headers, policy, options)},
                                     {u"body_size"_s, hop.request.bodySize}};
        if (options.redactBodies && !hop.request.body.isEmpty()) {
            QJsonObject request = h[u"request"].toObject();
            request[u"body"] = QString::fromUtf8(shownBody(hop.request.body, hop.request.headers, policy, options));
            h[u"request"] = request;
        }
        if (!hop.request.proxy.isEmpty() || hop.request.clientCertificate) {
            QJsonObject request = h[u"request"].toObject();
            if (!hop.request.proxy.isEmpty())
                request[u"proxy"] = hop.request.proxy;
            if (hop.request.clientCertificate)
                request[u"client_certificate"] = true;
            h[u"request"] = request;
        }
        if (hop.response.received) {
            QJsonObject r;
            r[u"status"] = hop.response.status;
            r[u"reason"] = QString::fromLatin1(hop.response.reason);
            r[u"http_version"] = QString::fromLatin1(hop.response.httpVersion);
            r[u"headers"] = headersJson(hop.response.headers, policy, options);
            const Body& body = hop.response.body;
            const QByteArray bytes = shownBody(body.head(options.maxBodyBytes), hop.response.headers, policy, options);
            if (const auto text = asText(bytes)) {
                r[u"body"] = *text;
            } else {
                r[u"body"] = QString::fromLatin1(bytes.toBase64());
                r[u"body_encoding"] = QStringLiteral("base64");
            }
            r[u"body_size"] = body.size();
            if (body.size() > options.maxBodyBytes)
                r[u"body_truncated"] = true;
            if (body.isSpilled())
                r[u"body_file"] = body.filePath();
            h[u"response"] = r;
        } else {
            h[u"response"] = QJsonValue::Null;
        }
        QJsonArray withheld;
        for (const Withheld& w : hop.withheld)
            withheld.append(QJsonObject {{u"name"_s, QString::fromLatin1(w.name)},
                                         {u"reason"_s, w.reason},
                                         {u"source"_s, credentialSourceName(w.source)}});
        h[u"placed"] = placedJson(hop.placed);
        h[u"withheld"] = withheld;
        h[u"timing"] = timingJson(hop.timing);
        h[u"tls"] = tlsJson(hop.tls);
        // The cookie explainer's verdicts: every jar cookie sent or withheld, every Set-Cookie stored,
        // deleted or rejected, with the Chromium DevTools reason name (values never appear here).
        QJsonArray jar;
        for (const JarCookieVerdict& v : hop.cookies.jar)
            jar.append(QJsonObject {{u"name"_s, QString::fromUtf8(v.cookie.name())},
                                    {u"domain"_s, v.cookie.domain()},
                                    {u"path"_s, v.cookie.path()},
                                    {u"status"_s, cookieSendStatusName(v.status)},
                                    {u"explanation"_s, v.explanation}});
        QJsonArray setCookies;
        for (const SetCookieVerdict& v : hop.cookies.setCookies)
            setCookies.append(QJsonObject {{u"name"_s, QString::fromUtf8(v.cookie.name())},
                                           {u"status"_s, setCookieStatusName(v.status)},
                                           {u"explanation"_s, v.explanation}});
        h[u"cookies"] = QJsonObject {{u"sent"_s, cookiesJson(hop.cookies.sent, options.revealSecrets)},
                                     {u"received"_s, cookiesJson(hop.cookies.received, options.revealSecrets)},
                                     {u"rejected"_s, QJsonArray::fromStringList(hop.cookies.rejected)},
                                     {u"jar"_s, jar},
                                     {u"set_cookie"_s, setCookies}};
        if (!hop.note.isEmpty())
            h[u"note"] = hop.note;
        h[u"error"] = errorJson(hop.error);
        hops.append(h);
    }
    QJsonObject out;
    out[u"hops"] = hops;
    out[u"error"] = errorJson(exchange.error);
    // Findings of the cause catalog (DESIGN.md §5) come with the diagnosis engine.
    out[u"findings"] = QJsonArray();
    return out;
}

QString exchangeToText(const Exchange& exchange, const SecretPolicy& basePolicy, const ExchangeOutputOptions& options)
{
    const SecretPolicy policy = basePolicy.withLedgerOf(exchange);
    QString out;
    for (qsizetype i = 0; i < exchange.hops.size(); ++i) {
        const Hop& hop = exchange.hops.at(i);
        out += QStringLiteral("── hop %1 ─────────────────────────────\n").arg(i + 1);
        if (!hop.note.isEmpty())
            out += u"* " + hop.note + u'\n';
        out += u"> " + QString::fromLatin1(hop.request.method) + u' ' + urlText(hop.request.url, policy, options)
            + u'\n';
        for (const Header& h : hop.request.headers)
            out += u"> " + QString::fromLatin1(h.first) + u": " + QString::fromUtf8(shown(policy, options, h)) + u'\n';
        if (options.redactBodies && !hop.request.body.isEmpty()) {
            QByteArray body = shownBody(hop.request.body, hop.request.headers, policy, options);
            // A form reads better decoded ("scope=read write", "refresh_token=abcd…[redacted, 43 bytes]").
            if (headerValue(hop.request.headers, "Content-Type").startsWith("application/x-www-form-urlencoded"))
                body = QByteArray::fromPercentEncoding(body.replace('+', ' '));
            out += u">\n> " + QString::fromUtf8(body) + u'\n';
        }
        if (!hop.request.proxy.isEmpty())
            out += u"* via proxy " + hop.request.proxy + u'\n';
        if (hop.request.clientCertificate)
            out += QStringLiteral("* TLS client certificate offered\n");
        for (const Placed& p : hop.placed)
            out += u"+ placed " + placedText(p) + u'\n';
        for (const Withheld& w : hop.withheld)
            out += u"! withheld " + QString::fromLatin1(w.name) + u" (" + credentialSourceName(w.source) + u"): "
                + w.reason + u'\n';
        for (const JarCookieVerdict& v : hop.cookies.jar) {
            if (!v.sent())
                out += u"! cookie not sent: " + QString::fromUtf8(v.cookie.name()) + u" ("
                    + cookieSendStatusName(v.status) + u") " + v.explanation + u'\n';
        }
        if (hop.response.received) {
            out += QStringLiteral("< HTTP/%1 %2 %3\n")
                       .arg(QString::fromLatin1(hop.response.httpVersion))
                       .arg(hop.response.status)
                       .arg(QString::fromLatin1(hop.response.reason));
            for (const Header& h : hop.response.headers)
                out += u"< " + QString::fromLatin1(h.first) + u": " + QString::fromUtf8(shown(policy, options, h))
                    + u'\n';
            for (const QString& r : hop.cookies.rejected)
                out += u"! cookie rejected: " + r + u'\n';
        }
        const QString firstByte = hop.timing.ttfbMs >= 0
            ? QStringLiteral(", %1 ms to first byte").arg(hop.timing.ttfbMs, 0, 'f', 1)
            : QStringLiteral(", no response");
        out += QStringLiteral("* %1 ms total%2%3\n")
                   .arg(hop.timing.totalMs, 0, 'f', 1)
                   .arg(firstByte, hop.tls.used ? u", " + hop.tls.protocol + u' ' + hop.tls.cipher : QString());
        for (const QString& e : hop.tls.errors)
            out += u"! TLS: " + e + (hop.tls.errorsIgnored ? QStringLiteral(" (ignored by the profile)") : QString())
                + u'\n';
    }
    if (const Hop* last = exchange.finalResponseHop()) {
        const QByteArray bytes
            = shownBody(last->response.body.head(options.maxBodyBytes), last->response.headers, policy, options);
        if (!bytes.isEmpty()) {
            out += u'\n';
            if (const auto text = asText(bytes))
                out += *text;
            else
                out += QStringLiteral("[%1 bytes of binary data]").arg(last->response.body.size());
            if (last->response.body.size() > options.maxBodyBytes)
                out += QStringLiteral("\n[… %1 more bytes]").arg(last->response.body.size() - options.maxBodyBytes);
            out += u'\n';
        }
    }
    if (exchange.error.isError())
        out += u"\nerror (" + errorKindName(exchange.error.kind) + u"): " + exchange.error.message + u'\n';
    return out;
}

} // namespace Authlens::Cli
