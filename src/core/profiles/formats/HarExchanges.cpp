#include "profiles/formats/HarImport.h"

#include "profiles/formats/HarLog.h"

#include <QJsonObject>
#include <QNetworkCookie>

namespace Authlens::Formats {

namespace {

/// "HTTP/1.1" → "1.1", "h2" / "HTTP/2.0" → "2", "h3" → "3": the form ResponseRecord uses.
QByteArray httpVersion(const QString& har)
{
    const QString v = har.trimmed().toLower();
    if (v == u"h2" || v == u"http/2" || v == u"http/2.0")
        return "2";
    if (v == u"h3" || v == u"http/3" || v == u"http/3.0" || v.startsWith(u"h3-"))
        return "3";
    if (v.startsWith(u"http/"))
        return v.mid(5).toLatin1().left(8);
    return {};
}

double nonNegative(const QJsonValue& v)
{
    const double d = v.toDouble(-1);
    return d >= 0 ? d : -1;
}

QList<QNetworkCookie> cookies(const QJsonArray& list)
{
    QList<QNetworkCookie> out;
    for (const QJsonValue& v : list) {
        const QJsonObject o = v.toObject();
        QNetworkCookie c(o.value(u"name").toString().toUtf8(), o.value(u"value").toString().toUtf8());
        c.setPath(o.value(u"path").toString());
        c.setDomain(o.value(u"domain").toString());
        const QDateTime expires = QDateTime::fromString(o.value(u"expires").toString(), Qt::ISODateWithMs);
        if (expires.isValid())
            c.setExpirationDate(expires);
        c.setHttpOnly(o.value(u"httpOnly").toBool());
        c.setSecure(o.value(u"secure").toBool());
        out.append(c);
    }
    return out;
}

/// Chrome writes the Set-Cookie fields of an HTTP/2 response as one header whose value joins them with
/// "\n" (a line break is no valid header value otherwise): one header per field again.
QJsonArray splitJoinedSetCookie(const QJsonArray& headers)
{
    QJsonArray out;
    for (const QJsonValue& v : headers) {
        const QJsonObject h = v.toObject();
        const QString value = h.value(u"value").toString();
        if (h.value(u"name").toString().compare(u"set-cookie", Qt::CaseInsensitive) != 0 || !value.contains(u'\n')) {
            out.append(v);
            continue;
        }
        for (const QString& line : value.split(u'\n', Qt::SkipEmptyParts)) {
            QJsonObject field = h;
            field[u"value"] = line.trimmed();
            out.append(field);
        }
    }
    return out;
}

Http::ErrorKind errorKindFromName(const QString& name)
{
    for (int k = int(Http::ErrorKind::None); k <= int(Http::ErrorKind::Network); ++k) {
        if (Http::errorKindName(Http::ErrorKind(k)) == name)
            return Http::ErrorKind(k);
    }
    return Http::ErrorKind::Network;
}

Http::CertificateSummary certificate(const QJsonObject& o)
{
    Http::CertificateSummary c;
    c.subject = o.value(u"subject").toString();
    c.issuer = o.value(u"issuer").toString();
    for (const QJsonValue& v : o.value(u"subject_alt_names").toArray())
        c.subjectAltNames.append(v.toString());
    c.notBefore = QDateTime::fromString(o.value(u"not_before").toString(), Qt::ISODateWithMs);
    c.notAfter = QDateTime::fromString(o.value(u"not_after").toString(), Qt::ISODateWithMs);
    c.sha256 = o.value(u"sha256").toString();
    c.selfSigned = o.value(u"self_signed").toBool();
    return c;
}

/// What exportHar() wrote into `_authlens`: the parts of a hop HAR has no field for.
void readAuthlensExtension(const QJsonObject& ext, Http::Hop& hop)
{
    // The credential ledger: the file was written by a client that keeps one.
    hop.ledgerRecorded = true;
    for (const QJsonValue& v : ext.value(u"placed").toArray()) {
        const QJsonObject o = v.toObject();
        const QString name = o.value(u"name").toString();
        if (name.isEmpty())
            continue;
        QStringList boundTo;
        for (const QJsonValue& origin : o.value(u"bound_to").toArray())
            boundTo.append(origin.toString());
        hop.placed.append({name.toUtf8(), Http::credentialPlaceFromName(o.value(u"place").toString()),
                           Http::credentialSourceFromName(o.value(u"source").toString()), o.value(u"label").toString(),
                           boundTo});
    }
    for (const QJsonValue& v : ext.value(u"withheld").toArray()) {
        const QJsonObject o = v.toObject();
        hop.withheld.append({o.value(u"name").toString().toUtf8(), o.value(u"reason").toString(),
                             Http::credentialSourceFromName(o.value(u"source").toString())});
    }
    const QJsonObject error = ext.value(u"error").toObject();
    if (!error.isEmpty())
        hop.error = {errorKindFromName(error.value(u"kind").toString()), error.value(u"message").toString()};
    const QJsonObject timing = ext.value(u"timing").toObject();
    if (!timing.isEmpty()) {
        hop.timing.connectMs = timing.value(u"connect_ms").toDouble(-1);
        hop.timing.ttfbMs = timing.value(u"ttfb_ms").toDouble(-1);
        hop.timing.totalMs = timing.value(u"total_ms").toDouble(-1);
    }
    const QJsonObject tls = ext.value(u"tls").toObject();
    if (!tls.isEmpty()) {
        hop.tls.used = tls.value(u"used").toBool(true); // false: the handshake was refused
        for (const QJsonValue& v : tls.value(u"offered_protocols").toArray())
            hop.tls.offeredProtocols.append(v.toString());
        hop.tls.protocol = tls.value(u"protocol").toString();
        hop.tls.cipher = tls.value(u"cipher").toString();
        for (const QJsonValue& v : tls.value(u"errors").toArray())
            hop.tls.errors.append(v.toString());
        hop.tls.errorsIgnored = tls.value(u"errors_ignored").toBool();
        for (const QJsonValue& v : tls.value(u"peer_chain").toArray())
            hop.tls.peerChain.append(certificate(v.toObject()));
    }
    for (const QJsonValue& v : ext.value(u"cookies_rejected").toArray())
        hop.cookies.rejected.append(v.toString());
    hop.note = ext.value(u"note").toString();
}

/// Chrome's and Firefox's failed requests carry a net error name in `_error` ("net::ERR_CONNECTION_REFUSED",
/// Chromium's net/base/net_error_list.h): the matching kind, so that a browser's failure is diagnosed as
/// Authlens' own would be.
Http::ErrorKind kindOfBrowserError(const QString& error)
{
    struct Name
    {
        const char* part;
        Http::ErrorKind kind;
    };
    static constexpr Name names[] = {
        {"ERR_CONNECTION_REFUSED", Http::ErrorKind::ConnectionRefused},
        {"ERR_NAME_NOT_RESOLVED", Http::ErrorKind::HostNotFound},
        {"ERR_NAME_RESOLUTION_FAILED", Http::ErrorKind::HostNotFound},
        {"ERR_CONNECTION_TIMED_OUT", Http::ErrorKind::ConnectTimeout},
        {"ERR_TIMED_OUT", Http::ErrorKind::TotalTimeout},
        {"ERR_CONNECTION_CLOSED", Http::ErrorKind::RemoteClosed},
        {"ERR_CONNECTION_RESET", Http::ErrorKind::RemoteClosed},
        {"ERR_EMPTY_RESPONSE", Http::ErrorKind::RemoteClosed},
        {"ERR_CERT_", Http::ErrorKind::Tls},
        {"ERR_SSL_", Http::ErrorKind::Tls},
        {"ERR_BAD_SSL_CLIENT_AUTH_CERT", Http::ErrorKind::Tls},
        {"ERR_PROXY_", Http::ErrorKind::Proxy},
        {"ERR_TUNNEL_CONNECTION_FAILED", Http::ErrorKind::Proxy},
        {"ERR_TOO_MANY_REDIRECTS", Http::ErrorKind::TooManyRedirects},
        {"ERR_ABORTED", Http::ErrorKind::Cancelled},
    };
    for (const Name& n : names) {
        if (error.contains(QLatin1String(n.part)))
            return n.kind;
    }
    return Http::ErrorKind::Network;
}

/// What a diagnosis cannot do without, by HAR 1.2 §request/§response: a diagnosis of a made-up request
/// would be wrong, so a broken entry stops the file with its index and field instead of being skipped.
/// Everything else browsers leave out (bodies, timings, cookies, sizes) may be missing.
QString entryProblem(const QJsonValue& value)
{
    if (!value.isObject())
        return QStringLiteral("not an object");
    const QJsonObject entry = value.toObject();
    const QJsonValue request = entry.value(u"request");
    if (!request.isObject())
        return QStringLiteral("\"request\" is missing or not an object");
    const QJsonObject req = request.toObject();
    if (!req.value(u"url").isString())
        return QStringLiteral("\"request.url\" is missing or not a string");
    if (req.contains(u"method") && !req.value(u"method").isString())
        return QStringLiteral("\"request.method\" is not a string");
    if (req.contains(u"headers") && !req.value(u"headers").isArray())
        return QStringLiteral("\"request.headers\" is not a list");
    const QJsonValue response = entry.value(u"response");
    if (!response.isObject())
        return QStringLiteral("\"response\" is missing or not an object");
    const QJsonObject resp = response.toObject();
    if (!resp.value(u"status").isDouble())
        return QStringLiteral("\"response.status\" is missing or not a number");
    if (resp.contains(u"headers") && !resp.value(u"headers").isArray())
        return QStringLiteral("\"response.headers\" is not a list");
    if (resp.contains(u"content") && !resp.value(u"content").isObject())
        return QStringLiteral("\"response.content\" is not an object");
    return {};
}

bool isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

} // namespace

HarExchanges exchangesFromHar(const QByteArray& json)
{
    HarExchanges result;
    const std::optional<QJsonArray> entries = harEntries(json, &result.error, &result.warnings);
    if (!entries)
        return result;
    int skipped = 0;
    int badBase64 = 0;
    QString previousRedirect;
    for (qsizetype i = 0; i < entries->size(); ++i) {
        if (const QString problem = entryProblem(entries->at(i)); !problem.isEmpty()) {
            result.error = QStringLiteral("entry %1: %2").arg(i).arg(problem);
            result.exchanges.clear();
            result.entryIndexes.clear();
            result.continuesPrevious.clear();
            return result;
        }
        const QJsonObject entry = entries->at(i).toObject();
        const QJsonObject req = entry.value(u"request").toObject();
        const QJsonObject resp = entry.value(u"response").toObject();
        const QUrl url(req.value(u"url").toString(), QUrl::TolerantMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty()) {
            ++skipped;
            continue;
        }
        Http::Hop hop;
        const auto withoutPseudo = [](Http::HeaderList headers) {
            headers.removeIf([](const Http::Header& h) { return h.first.startsWith(':'); });
            return headers;
        };
        hop.request.method = req.value(u"method").toString(QStringLiteral("GET")).toUtf8();
        hop.request.url = url;
        hop.request.headers = withoutPseudo(harHeaders(req.value(u"headers").toArray()));
        const QJsonObject postData = req.value(u"postData").toObject();
        const QString postText = postData.value(u"text").toString();
        hop.request.body = postData.value(u"encoding").toString() == u"base64"
            ? QByteArray::fromBase64(postText.toLatin1())
            : postText.toUtf8();
        hop.request.proxy = entry.value(u"_authlens").toObject().value(u"proxy").toString();
        hop.request.bodySize
            = !postText.isEmpty() ? postText.toUtf8().size() : std::max<qint64>(0, req.value(u"bodySize").toInteger(0));
        hop.cookies.sent = cookies(req.value(u"cookies").toArray());

        hop.response.status = resp.value(u"status").toInt(0);
        hop.response.received = hop.response.status > 0;
        hop.response.reason = resp.value(u"statusText").toString().toUtf8();
        hop.response.httpVersion = httpVersion(resp.value(u"httpVersion").toString());
        hop.response.headers = withoutPseudo(harHeaders(splitJoinedSetCookie(resp.value(u"headers").toArray())));
        const QJsonObject content = resp.value(u"content").toObject();
        const QString text = content.value(u"text").toString();
        if (content.value(u"encoding").toString().compare(u"base64", Qt::CaseInsensitive) == 0) {
            const auto decoded
                = QByteArray::fromBase64Encoding(text.toLatin1().trimmed(), QByteArray::AbortOnBase64DecodingErrors);
            if (decoded) {
                hop.response.body = Http::Body::fromBytes(decoded.decoded);
            } else {
                ++badBase64;
                hop.response.body = Http::Body::fromBytes(text.toUtf8());
            }
        } else {
            hop.response.body = Http::Body::fromBytes(text.toUtf8());
        }
        hop.cookies.received = cookies(resp.value(u"cookies").toArray());
        if (const QString error = resp.value(u"_error").toString(); !error.isEmpty())
            hop.error = {kindOfBrowserError(error), error};

        hop.timing.started
            = QDateTime::fromString(entry.value(u"startedDateTime").toString(), Qt::ISODateWithMs).toUTC();
        const QJsonObject t = entry.value(u"timings").toObject();
        double before = -1;
        for (const char* phase : {"blocked", "dns", "connect", "send"}) {
            const double ms = nonNegative(t.value(QLatin1String(phase)));
            if (ms >= 0)
                before = std::max(before, 0.0) + ms;
        }
        hop.timing.connectMs = before;
        const double wait = nonNegative(t.value(u"wait"));
        hop.timing.ttfbMs = wait >= 0 ? std::max(before, 0.0) + wait : -1;
        hop.timing.totalMs = nonNegative(entry.value(u"time"));
        hop.tls.used = scheme == u"https";

        const QJsonObject ext = entry.value(u"_authlens").toObject();
        if (entry.value(u"_authlens").isObject())
            readAuthlensExtension(ext, hop);
        // A redirect the browser followed is the next entry; Authlens says which hop an entry is.
        bool continues = false;
        if (ext.contains(u"hop")) {
            continues = ext.value(u"hop").toInt() > 0 && !result.exchanges.isEmpty();
        } else if (!result.exchanges.isEmpty()) {
            const Http::Hop& previous = result.exchanges.constLast().hops.constLast();
            if (isRedirectStatus(previous.response.status) && previous.response.received) {
                QString target = previousRedirect;
                if (target.isEmpty())
                    target = QString::fromUtf8(Http::headerValue(previous.response.headers, "Location"));
                const QUrl next = previous.request.url.resolved(QUrl(target, QUrl::TolerantMode));
                continues
                    = !target.isEmpty() && next.adjusted(QUrl::RemoveFragment) == url.adjusted(QUrl::RemoveFragment);
            }
        }
        previousRedirect = resp.value(u"redirectURL").toString();
        Http::Exchange exchange;
        exchange.error = hop.error;
        exchange.hops.append(hop);
        result.exchanges.append(exchange);
        result.entryIndexes.append(int(i));
        result.continuesPrevious.append(continues);
    }
    if (skipped > 0)
        result.warnings.append(QStringLiteral("Skipped %1 entries that are not http(s) requests.").arg(skipped));
    if (badBase64 > 0)
        result.warnings.append(
            QStringLiteral("%1 response bodies marked base64 are not valid base64; kept as text.").arg(badBase64));
    return result;
}

} // namespace Authlens::Formats
