#include "ExchangeInput.h"

#include "profiles/formats/InputLimits.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Authlens::Cli {

namespace {

bool readHeaders(const QJsonValue& value, Http::HeaderList& out, const QString& where, QString* error)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray()) {
        *error = QStringLiteral("%1: \"headers\" is not a list").arg(where);
        return false;
    }
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonArray pair = list.at(i).toArray();
        if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString()) {
            *error = QStringLiteral("%1: headers[%2] is not a [\"Name\", \"value\"] pair").arg(where).arg(i);
            return false;
        }
        out.append({pair.at(0).toString().toLatin1(), pair.at(1).toString().toUtf8()});
    }
    return true;
}

/// One certificate of "peer_chain" as ExchangeJson writes it.
Http::CertificateSummary readCertificate(const QJsonObject& o)
{
    Http::CertificateSummary c;
    c.subject = o.value(u"subject").toString();
    c.issuer = o.value(u"issuer").toString();
    for (const QJsonValue& v : o.value(u"subject_alt_names").toArray())
        c.subjectAltNames.append(v.toString());
    c.notBefore = QDateTime::fromString(o.value(u"not_before").toString(), Qt::ISODate).toUTC();
    c.notAfter = QDateTime::fromString(o.value(u"not_after").toString(), Qt::ISODate).toUTC();
    c.sha256 = o.value(u"sha256").toString();
    c.selfSigned = o.value(u"self_signed").toBool();
    return c;
}

Http::ErrorKind errorKindFromName(const QString& name)
{
    for (int k = int(Http::ErrorKind::None); k <= int(Http::ErrorKind::Network); ++k) {
        if (Http::errorKindName(Http::ErrorKind(k)) == name)
            return Http::ErrorKind(k);
    }
    return Http::ErrorKind::Network;
}

Http::Error readError(const QJsonValue& value)
{
    const QJsonObject o = value.toObject();
    if (o.isEmpty())
        return {};
    return {errorKindFromName(o.value(u"kind").toString()), o.value(u"message").toString()};
}

} // namespace

std::optional<Http::Exchange> exchangeFromSendJson(const QByteArray& json, QString* error)
{
    QString parseError;
    const std::optional<QJsonDocument> doc = Formats::parseJsonLimited(json, &parseError);
    if (!doc) {
        *error = parseError;
        return std::nullopt;
    }
    const QJsonObject root = doc->object();
    if (!doc->isObject() || !root.value(u"hops").isArray()) {
        *error = QStringLiteral("not the output of `authlens-cli send --json`: there is no \"hops\" list");
        return std::nullopt;
    }
    Http::Exchange exchange;
    const QJsonArray hops = root.value(u"hops").toArray();
    for (qsizetype i = 0; i < hops.size(); ++i) {
        const QString where = QStringLiteral("hops[%1]").arg(i);
        const QJsonObject h = hops.at(i).toObject();
        const QJsonObject req = h.value(u"request").toObject();
        if (req.isEmpty() || !req.value(u"url").isString()) {
            *error = QStringLiteral("%1: \"request.url\" is missing").arg(where);
            return std::nullopt;
        }
        Http::Hop hop;
        hop.request.method = req.value(u"method").toString(QStringLiteral("GET")).toLatin1();
        hop.request.url = QUrl(req.value(u"url").toString(), QUrl::TolerantMode);
        if (!hop.request.url.isValid()) {
            *error = QStringLiteral("%1: \"request.url\" is not a URL").arg(where);
            return std::nullopt;
        }
        if (!readHeaders(req.value(u"headers"), hop.request.headers, where + QStringLiteral(".request"), error))
            return std::nullopt;
        hop.request.bodySize = req.value(u"body_size").toInteger();
        hop.request.proxy = req.value(u"proxy").toString();
        hop.request.clientCertificate = req.value(u"client_certificate").toBool();
        const QJsonObject resp = h.value(u"response").toObject();
        if (!resp.isEmpty()) {
            hop.response.received = true;
            hop.response.status = resp.value(u"status").toInt();
            hop.response.reason = resp.value(u"reason").toString().toLatin1();
            hop.response.httpVersion = resp.value(u"http_version").toString().toLatin1();
            if (!readHeaders(resp.value(u"headers"), hop.response.headers, where + QStringLiteral(".response"), error))
                return std::nullopt;
            const QString body = resp.value(u"body").toString();
            hop.response.body = Http::Body::fromBytes(resp.value(u"body_encoding").toString() == u"base64"
                                                          ? QByteArray::fromBase64(body.toLatin1())
                                                          : body.toUtf8());
        }
        for (const QJsonValue& v : h.value(u"withheld").toArray()) {
            const QJsonObject w = v.toObject();
            hop.withheld.append({w.value(u"name").toString().toLatin1(), w.value(u"reason").toString()});
        }
        const QJsonObject timing = h.value(u"timing").toObject();
        hop.timing.started = QDateTime::fromString(timing.value(u"started").toString(), Qt::ISODateWithMs).toUTC();
        hop.timing.totalMs = timing.value(u"total_ms").toDouble(-1);
        hop.timing.ttfbMs = timing.value(u"ttfb_ms").toDouble(-1);
        hop.timing.connectMs = timing.value(u"connect_ms").toDouble(-1);
        const QJsonObject tls = h.value(u"tls").toObject();
        hop.tls.used = tls.value(u"used").toBool();
        hop.tls.protocol = tls.value(u"protocol").toString();
        hop.tls.cipher = tls.value(u"cipher").toString();
        for (const QJsonValue& v : tls.value(u"errors").toArray())
            hop.tls.errors.append(v.toString());
        hop.tls.errorsIgnored = tls.value(u"errors_ignored").toBool();
        for (const QJsonValue& v : tls.value(u"peer_chain").toArray())
            hop.tls.peerChain.append(readCertificate(v.toObject()));
        for (const QJsonValue& v : tls.value(u"offered_protocols").toArray())
            hop.tls.offeredProtocols.append(v.toString());
        hop.note = h.value(u"note").toString();
        hop.error = readError(h.value(u"error"));
        exchange.hops.append(hop);
    }
    exchange.error = readError(root.value(u"error"));
    return exchange;
}

} // namespace Authlens::Cli
