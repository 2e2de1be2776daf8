#include "profiles/formats/HarExport.h"

#include "http/Redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QUrlQuery>

namespace Authlens::Formats {

namespace {

QString iso(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QString harVersion(const QByteArray& version)
{
    if (version.isEmpty())
        return QStringLiteral("HTTP/1.1");
    if (version == "2" || version == "3")
        return QStringLiteral("HTTP/%1.0").arg(QString::fromLatin1(version));
    return QStringLiteral("HTTP/") + QString::fromLatin1(version);
}

QJsonArray headersJson(const Http::HeaderList& headers, const Http::SecretPolicy& policy, bool reveal)
{
    QJsonArray out;
    for (const Http::Header& h : headers) {
        const QByteArray value = reveal ? h.second : Http::redactHeaderValue(h.first, h.second, policy);
        out.append(QJsonObject {{QStringLiteral("name"), QString::fromLatin1(h.first)},
                                {QStringLiteral("value"), QString::fromUtf8(value)}});
    }
    return out;
}

QJsonObject cookieJson(const QNetworkCookie& c, bool reveal)
{
    QJsonObject o {{QStringLiteral("name"), QString::fromUtf8(c.name())},
                   {QStringLiteral("value"),
                    QString::fromUtf8(reveal ? c.value() : Http::redactValue("Cookie", "x=" + c.value()).mid(2))}};
    if (!c.path().isEmpty())
        o[u"path"] = c.path();
    if (!c.domain().isEmpty())
        o[u"domain"] = c.domain();
    if (c.expirationDate().isValid())
        o[u"expires"] = iso(c.expirationDate());
    if (c.isHttpOnly())
        o[u"httpOnly"] = true;
    if (c.isSecure())
        o[u"secure"] = true;
    return o;
}

/// Cookies of the request: the jar's record when there is one, else the Cookie header's pairs.
QJsonArray requestCookies(const Http::Hop& hop, bool reveal)
{
    QJsonArray out;
    QList<QNetworkCookie> list = hop.cookies.sent;
    if (list.isEmpty()) {
        for (const QByteArray& header : Http::headerValues(hop.request.headers, "Cookie")) {
            for (const QByteArray& pair : header.split(';')) {
                const qsizetype eq = pair.indexOf('=');
                if (eq > 0)
                    list.append(QNetworkCookie(pair.left(eq).trimmed(), pair.mid(eq + 1).trimmed()));
            }
        }
    }
    for (const QNetworkCookie& c : std::as_const(list))
        out.append(cookieJson(c, reveal));
    return out;
}

bool isText(const QByteArray& bytes)
{
    if (bytes.contains('\0'))
        return false;
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder.decode(bytes);
    Q_UNUSED(decoded);
    return !decoder.hasError();
}

/// A text body as HAR keeps it: secret fields redacted unless `reveal`.
QString bodyText(const QByteArray& body, const QByteArray& contentType, const Http::SecretPolicy& policy, bool reveal,
                 bool* redacted)
{
    return QString::fromUtf8(reveal ? body : Http::redactBody(body, contentType, policy, redacted));
}

QJsonArray placedJson(const QList<Http::Placed>& placed)
{
    QJsonArray out;
    for (const Http::Placed& p : placed)
        out.append(QJsonObject {{QStringLiteral("name"), QString::fromLatin1(p.name)},
                                {QStringLiteral("place"), Http::credentialPlaceName(p.place)},
                                {QStringLiteral("source"), Http::credentialSourceName(p.source)},
                                {QStringLiteral("label"), p.label},
                                {QStringLiteral("bound_to"), QJsonArray::fromStringList(p.boundTo)}});
    return out;
}

QJsonObject certificateJson(const Http::CertificateSummary& c)
{
    return {{QStringLiteral("subject"), c.subject},
            {QStringLiteral("issuer"), c.issuer},
            {QStringLiteral("subject_alt_names"), QJsonArray::fromStringList(c.subjectAltNames)},
            {QStringLiteral("not_before"), iso(c.notBefore)},
            {QStringLiteral("not_after"), iso(c.notAfter)},
            {QStringLiteral("sha256"), c.sha256},
            {QStringLiteral("self_signed"), c.selfSigned}};
}

QJsonObject entryJson(const Http::Hop& hop, int hopIndex, const QDateTime& fallbackStart,
                      const Http::SecretPolicy& policy, bool reveal)
{
    const QUrl url = reveal ? hop.request.url : Http::redactUrl(hop.request.url, policy);
    QJsonArray query;
    for (const auto& [name, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
        query.append(QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    const QString version = harVersion(hop.response.httpVersion);
    QJsonObject request {{QStringLiteral("method"), QString::fromLatin1(hop.request.method)},
                         {QStringLiteral("url"), url.toString(QUrl::FullyEncoded)},
                         {QStringLiteral("httpVersion"), version},
                         {QStringLiteral("cookies"), requestCookies(hop, reveal)},
                         {QStringLiteral("headers"), headersJson(hop.request.headers, policy, reveal)},
                         {QStringLiteral("queryString"), query},
                         {QStringLiteral("headersSize"), -1},
                         {QStringLiteral("bodySize"), double(hop.request.bodySize)}};
    bool requestBodyRedacted = false;
    if (!hop.request.body.isEmpty()) {
        const QByteArray type = Http::headerValue(hop.request.headers, "Content-Type");
        QJsonObject postData {{QStringLiteral("mimeType"), QString::fromUtf8(type)}};
        if (isText(hop.request.body)) {
            postData[u"text"] = bodyText(hop.request.body, type, policy, reveal, &requestBodyRedacted);
        } else {
            postData[u"text"] = QString::fromLatin1(hop.request.body.toBase64());
            postData[u"encoding"] = QStringLiteral("base64"); // as for response content; HAR 1.2 has no field
        }
        request[u"postData"] = postData;
    }

    const QByteArray body = hop.response.body.readAll();
    QJsonObject content {
        {QStringLiteral("size"), double(body.size())},
        {QStringLiteral("mimeType"), QString::fromUtf8(Http::headerValue(hop.response.headers, "Content-Type"))}};
    bool bodyRedacted = false;
    if (!body.isEmpty()) {
        if (isText(body)) {
            content[u"text"] = bodyText(body, Http::headerValue(hop.response.headers, "Content-Type"), policy, reveal,
                                        &bodyRedacted);
        } else {
            content[u"text"] = QString::fromLatin1(body.toBase64());
            content[u"encoding"] = QStringLiteral("base64");
        }
    }
    QJsonArray responseCookies;
    for (const QNetworkCookie& c : hop.cookies.received)
        responseCookies.append(cookieJson(c, reveal));
    QString redirect;
    if (const QByteArray location = Http::headerValue(hop.response.headers, "Location"); !location.isEmpty()) {
        const QUrl target = hop.request.url.resolved(QUrl::fromEncoded(location));
        redirect = (reveal ? target : Http::redactUrl(target, policy)).toString(QUrl::FullyEncoded);
    }
    QJsonObject response {{QStringLiteral("status"), hop.response.status},
                          {QStringLiteral("statusText"), QString::fromUtf8(hop.response.reason)},
                          {QStringLiteral("httpVersion"), version},
                          {QStringLiteral("cookies"), responseCookies},
                          {QStringLiteral("headers"), headersJson(hop.response.headers, policy, reveal)},
                          {QStringLiteral("content"), content},
                          {QStringLiteral("redirectURL"), redirect},
                          {QStringLiteral("headersSize"), -1},
                          {QStringLiteral("bodySize"), double(body.size())}};
    if (hop.error.isError())
        response[u"_error"] = hop.error.message; // the field Chrome uses for failed requests

    // HAR phases: connect holds DNS + TCP + TLS, wait is the server's time after the request was sent.
    const double connect = hop.timing.connectMs;
    const double ttfb = hop.timing.ttfbMs;
    const double total = hop.timing.totalMs;
    const QJsonObject timings {{QStringLiteral("blocked"), -1},
                               {QStringLiteral("dns"), -1},
                               {QStringLiteral("connect"), connect >= 0 ? connect : -1},
                               {QStringLiteral("ssl"), -1},
                               {QStringLiteral("send"), 0},
                               {QStringLiteral("wait"), ttfb >= 0 ? std::max(0.0, ttfb - std::max(connect, 0.0)) : 0},
                               {QStringLiteral("receive"), ttfb >= 0 && total >= ttfb ? total - ttfb : 0}};

    QJsonArray withheld;
    for (const Http::Withheld& w : hop.withheld)
        withheld.append(QJsonObject {{QStringLiteral("name"), QString::fromLatin1(w.name)},
                                     {QStringLiteral("reason"), w.reason},
                                     {QStringLiteral("source"), Http::credentialSourceName(w.source)}});
    // The ledger travels with the file: a HAR read back knows what the client placed, and from where.
    QJsonObject ext {{QStringLiteral("placed"), placedJson(hop.placed)},
                     {QStringLiteral("withheld"), withheld},
                     {QStringLiteral("redacted"), !reveal},
                     {QStringLiteral("timing"),
                      QJsonObject {{QStringLiteral("connect_ms"), connect},
                                   {QStringLiteral("ttfb_ms"), ttfb},
                                   {QStringLiteral("total_ms"), total}}}};
    // Which hop of its exchange the entry is, so that a reader puts redirects and challenge answers back
    // into one exchange (HAR has one entry per request).
    ext[u"hop"] = hopIndex;
    if (!hop.note.isEmpty())
        ext[u"note"] = hop.note;
    if (bodyRedacted)
        ext[u"body_redacted"] = true;
    if (requestBodyRedacted)
        ext[u"request_body_redacted"] = true;
    if (!hop.request.proxy.isEmpty())
        ext[u"proxy"] = hop.request.proxy;
    if (hop.request.clientCertificate)
        ext[u"client_certificate"] = true;
    if (hop.error.isError())
        ext[u"error"] = QJsonObject {{QStringLiteral("kind"), Http::errorKindName(hop.error.kind)},
                                     {QStringLiteral("message"), hop.error.message}};
    // Also a refused handshake: its errors, the chain the server sent and the versions offered are its facts.
    if (hop.tls.used || !hop.tls.errors.isEmpty() || !hop.tls.peerChain.isEmpty()
        || !hop.tls.offeredProtocols.isEmpty()) {
        QJsonArray chain;
        for (const Http::CertificateSummary& c : hop.tls.peerChain)
            chain.append(certificateJson(c));
        QJsonObject tls {{QStringLiteral("protocol"), hop.tls.protocol},
                         {QStringLiteral("cipher"), hop.tls.cipher},
                         {QStringLiteral("errors"), QJsonArray::fromStringList(hop.tls.errors)},
                         {QStringLiteral("errors_ignored"), hop.tls.errorsIgnored},
                         {QStringLiteral("peer_chain"), chain}};
        if (!hop.tls.used)
            tls[u"used"] = false;
        if (!hop.tls.offeredProtocols.isEmpty())
            tls[u"offered_protocols"] = QJsonArray::fromStringList(hop.tls.offeredProtocols);
        ext[u"tls"] = tls;
    }
    if (!hop.cookies.rejected.isEmpty())
        ext[u"cookies_rejected"] = QJsonArray::fromStringList(hop.cookies.rejected);

    const QDateTime started = hop.timing.started.isValid() ? hop.timing.started : fallbackStart;
    return {{QStringLiteral("startedDateTime"), iso(started)},
            {QStringLiteral("time"), total >= 0 ? total : 0},
            {QStringLiteral("request"), request},
            {QStringLiteral("response"), response},
            {QStringLiteral("cache"), QJsonObject()},
            {QStringLiteral("timings"), timings},
            {QStringLiteral("_authlens"), ext}};
}

} // namespace

QByteArray exportHar(const QList<Http::Exchange>& exchanges, const Http::SecretPolicy& policy, bool revealSecrets)
{
    // HAR requires a start time on every entry; a hop that never started borrows its neighbour's.
    QDateTime fallback = QDateTime::fromSecsSinceEpoch(0, Qt::UTC);
    QJsonArray entries;
    for (const Http::Exchange& exchange : exchanges) {
        const Http::SecretPolicy known = policy.withLedgerOf(exchange);
        for (int i = 0; i < exchange.hops.size(); ++i) {
            const Http::Hop& hop = exchange.hops.at(i);
            if (hop.timing.started.isValid())
                fallback = hop.timing.started;
            entries.append(entryJson(hop, i, fallback, known, revealSecrets));
        }
    }
    const QJsonObject log {
        {QStringLiteral("version"), QStringLiteral("1.2")},
        {QStringLiteral("creator"),
         QJsonObject {{QStringLiteral("name"), QStringLiteral("Authlens")},
                      {QStringLiteral("version"), QStringLiteral(AUTHLENS_VERSION)}}},
        {QStringLiteral("entries"), entries},
    };
    return QJsonDocument(QJsonObject {{QStringLiteral("log"), log}}).toJson(QJsonDocument::Indented);
}

QByteArray exportHar(const Http::Exchange& exchange, const Http::SecretPolicy& policy, bool revealSecrets)
{
    return exportHar(QList<Http::Exchange> {exchange}, policy, revealSecrets);
}

} // namespace Authlens::Formats
