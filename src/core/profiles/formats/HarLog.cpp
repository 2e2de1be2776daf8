#include "profiles/formats/HarLog.h"

#include "profiles/formats/InputLimits.h"
#include "profiles/formats/RequestChecks.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Authlens::Formats {

std::optional<QJsonArray> harEntries(const QByteArray& json, QString* error, QStringList* warnings)
{
    const auto failWith = [error](const QString& message) -> std::optional<QJsonArray> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QString parseError;
    const std::optional<QJsonDocument> doc = parseJsonLimited(json, &parseError);
    if (!doc)
        return failWith(parseError);
    const QJsonObject log = doc->object().value(u"log").toObject();
    if (!doc->isObject() || log.isEmpty())
        return failWith(QStringLiteral("Not a HAR file: there is no \"log\" object."));
    if (!log.value(u"entries").isArray())
        return failWith(QStringLiteral("Not a HAR file: \"log.entries\" is missing or not a list."));
    const QString version = log.value(u"version").toString();
    if (warnings && !version.isEmpty() && version != u"1.2" && version != u"1.1")
        warnings->append(QStringLiteral("HAR version %1 is not 1.2; read as 1.2.").arg(version.left(20)));
    return log.value(u"entries").toArray();
}

Http::HeaderList harHeaders(const QJsonArray& headers, int* skipped)
{
    Http::HeaderList out;
    for (const QJsonValue& v : headers) {
        const QJsonObject h = v.toObject();
        const QByteArray name = h.value(u"name").toString().toUtf8();
        const QByteArray value = h.value(u"value").toString().toUtf8();
        // HTTP/2 pseudo-headers (":authority") are not tokens but are not errors either.
        const bool pseudo = name.startsWith(':') && name.size() > 1;
        if (!pseudo && !headerProblem(name, value).isEmpty()) {
            if (skipped)
                ++*skipped;
            continue;
        }
        out.append({name, value});
    }
    return out;
}

} // namespace Authlens::Formats
