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
    for (const QJsonValue& v : ext.value(u"withheld").toArray()) {
        const QJsonObject o = v.toObject();
        hop.withheld.append({o.value(u"name").toString().toUtf8(), o.value(u"reason").toString()});
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
        hop.tls.used = true;
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
    for (qsizetype i = 0; i < entries->size(); ++i) {
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
            hop.error = {Http::ErrorKind::Network, error};

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

        readAuthlensExtension(entry.value(u"_authlens").toObject(), hop);
        Http::Exchange exchange;
        exchange.error = hop.error;
        exchange.hops.append(hop);
        result.exchanges.append(exchange);
        result.entryIndexes.append(int(i));
    }
    if (skipped > 0)
        result.warnings.append(QStringLiteral("Skipped %1 entries that are not http(s) requests.").arg(skipped));
    if (badBase64 > 0)
        result.warnings.append(
            QStringLiteral("%1 response bodies marked base64 are not valid base64; kept as text.").arg(badBase64));
    return result;
}

} // namespace Authlens::Formats
