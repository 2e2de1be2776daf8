#include "profiles/formats/HarExport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QUrlQuery>

namespace Authlens::Formats {

namespace {

QString iso(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

bool isSecretHeader(const Http::RedactionRules& rules, QByteArrayView name)
{
    return rules.isSecretHeader(name) || Http::isCredentialHeaderName(name)
        || name.compare("Set-Cookie", Qt::CaseInsensitive) == 0;
}

QString harVersion(const QByteArray& version)
{
    if (version.isEmpty())
        return QStringLiteral("HTTP/1.1");
    if (version == "2" || version == "3")
        return QStringLiteral("HTTP/%1.0").arg(QString::fromLatin1(version));
    return QStringLiteral("HTTP/") + QString::fromLatin1(version);
}

QJsonArray headersJson(const Http::HeaderList& headers, const Http::RedactionRules& rules, bool reveal)
{
    QJsonArray out;
    for (const Http::Header& h : headers) {
        const QByteArray value
            = !reveal && isSecretHeader(rules, h.first) ? Http::redactValue(h.first, h.second) : h.second;
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

/// Token fields in a token endpoint's answer, JSON or form: the secrets a response body carries most.
QString redactBody(const QString& text, bool* changed)
{
    static const QRegularExpression json(
        QStringLiteral("(\"(?:access_token|refresh_token|id_token|client_secret|password|api_key|apikey|secret|"
                       "session_token|device_code)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")"));
    static const QRegularExpression form(
        QStringLiteral("((?:^|&)(?:access_token|refresh_token|id_token|client_secret|password)=)([^&]*)"));
    // Two passes, JSON then form; each replaces the value group with its redacted form.
    QString current = text;
    for (const QRegularExpression* re : {&json, &form}) {
        QString next;
        qsizetype last = 0;
        auto it = re->globalMatch(current);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            next += QStringView(current).mid(last, m.capturedStart(2) - last);
            next += QString::fromUtf8(Http::redactValue({}, m.captured(2).toUtf8()));
            last = m.capturedEnd(2);
            *changed = true;
        }
        next += QStringView(current).mid(last);
        current = next;
    }
    return current;
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
                      const Http::RedactionRules& rules, bool reveal)
{
    const QUrl url = reveal ? hop.request.url : Http::redactUrl(hop.request.url, rules);
    QJsonArray query;
    for (const auto& [name, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
        query.append(QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    const QString version = harVersion(hop.response.httpVersion);
    QJsonObject request {{QStringLiteral("method"), QString::fromLatin1(hop.request.method)},
                         {QStringLiteral("url"), url.toString(QUrl::FullyEncoded)},
                         {QStringLiteral("httpVersion"), version},
                         {QStringLiteral("cookies"), requestCookies(hop, reveal)},
                         {QStringLiteral("headers"), headersJson(hop.request.headers, rules, reveal)},
                         {QStringLiteral("queryString"), query},
                         {QStringLiteral("headersSize"), -1},
                         {QStringLiteral("bodySize"), double(hop.request.bodySize)}};
    bool requestBodyRedacted = false;
    if (!hop.request.body.isEmpty()) {
        QJsonObject postData {
            {QStringLiteral("mimeType"), QString::fromUtf8(Http::headerValue(hop.request.headers, "Content-Type"))}};
        if (isText(hop.request.body)) {
            const QString text = QString::fromUtf8(hop.request.body);
            postData[u"text"] = reveal ? text : redactBody(text, &requestBodyRedacted);
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
            const QString text = QString::fromUtf8(body);
            content[u"text"] = reveal ? text : redactBody(text, &bodyRedacted);
        } else {
            content[u"text"] = QString::fromLatin1(body.toBase64());
            content[u"encoding"] = QStringLiteral("base64");
        }
    }
    QJsonArray responseCookies;
    for (const QNetworkCookie& c : hop.cookies.received)
        responseCookies.append(cookieJson(c, reveal));
    QString redirect;
    if (const QByteArray location = Http::headerValue(hop.response.headers, "Location"); !location.isEmpty())
        redirect = hop.request.url.resolved(QUrl::fromEncoded(location)).toString(QUrl::FullyEncoded);
    QJsonObject response {{QStringLiteral("status"), hop.response.status},
                          {QStringLiteral("statusText"), QString::fromUtf8(hop.response.reason)},
                          {QStringLiteral("httpVersion"), version},
                          {QStringLiteral("cookies"), responseCookies},
                          {QStringLiteral("headers"), headersJson(hop.response.headers, rules, reveal)},
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
        withheld.append(
            QJsonObject {{QStringLiteral("name"), QString::fromLatin1(w.name)}, {QStringLiteral("reason"), w.reason}});
    QJsonObject ext {{QStringLiteral("withheld"), withheld},
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
    if (hop.tls.used) {
        QJsonArray chain;
        for (const Http::CertificateSummary& c : hop.tls.peerChain)
            chain.append(certificateJson(c));
        ext[u"tls"] = QJsonObject {{QStringLiteral("protocol"), hop.tls.protocol},
                                   {QStringLiteral("cipher"), hop.tls.cipher},
                                   {QStringLiteral("errors"), QJsonArray::fromStringList(hop.tls.errors)},
                                   {QStringLiteral("errors_ignored"), hop.tls.errorsIgnored},
                                   {QStringLiteral("peer_chain"), chain}};
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

QByteArray exportHar(const QList<Http::Exchange>& exchanges, const Http::RedactionRules& rules, bool revealSecrets)
{
    // HAR requires a start time on every entry; a hop that never started borrows its neighbour's.
    QDateTime fallback = QDateTime::fromSecsSinceEpoch(0, Qt::UTC);
    QJsonArray entries;
    for (const Http::Exchange& exchange : exchanges) {
        for (int i = 0; i < exchange.hops.size(); ++i) {
            const Http::Hop& hop = exchange.hops.at(i);
            if (hop.timing.started.isValid())
                fallback = hop.timing.started;
            entries.append(entryJson(hop, i, fallback, rules, revealSecrets));
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

QByteArray exportHar(const Http::Exchange& exchange, const Http::RedactionRules& rules, bool revealSecrets)
{
    return exportHar(QList<Http::Exchange> {exchange}, rules, revealSecrets);
}

} // namespace Authlens::Formats
