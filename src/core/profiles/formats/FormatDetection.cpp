#include "profiles/formats/FormatDetection.h"

#include "profiles/formats/InputLimits.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace Authlens::Formats {

namespace {

/// A command line starts with `curl` (or `curl.exe`, a path to it) after blanks and an optional
/// prompt sign copied along from documentation (`$ curl …`, `> curl …`).
bool looksLikeCurl(const QByteArray& content)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(?:[$>]\\s*)?(?:\\S*[/\\\\])?curl(?:\\.exe)?(?:\\s|\\^|$)"),
                                       QRegularExpression::CaseInsensitiveOption);
    // Only the start matters; a 50 MB body after it need not be scanned.
    return re.match(QString::fromUtf8(content.left(4096))).hasMatch();
}

ImportFormat fromFileName(const QString& fileName)
{
    const QString name = fileName.toLower();
    if (name.endsWith(u".authlens.json"))
        return ImportFormat::AuthlensProfiles;
    if (name.endsWith(u".har"))
        return ImportFormat::Har;
    if (name.endsWith(u".postman_collection.json") || name.endsWith(u".postman_collection"))
        return ImportFormat::PostmanCollection;
    if (name.endsWith(u".postman_environment.json") || name.endsWith(u".postman_environment"))
        return ImportFormat::PostmanEnvironment;
    if (name.endsWith(u".sh") || name.endsWith(u".cmd") || name.endsWith(u".bat") || name.endsWith(u".curl"))
        return ImportFormat::Curl;
    return ImportFormat::Unknown;
}

ImportFormat fromJson(const QJsonObject& o)
{
    if (o.value(u"format").toString() == u"authlens-profiles")
        return ImportFormat::AuthlensProfiles;
    const QJsonObject log = o.value(u"log").toObject();
    if (log.value(u"entries").isArray())
        return ImportFormat::Har;
    // A collection as Postman exports it, or wrapped as the Postman API returns it ({"collection": {…}}).
    const QJsonObject collection = o.value(u"collection").isObject() ? o.value(u"collection").toObject() : o;
    const QString schema = collection.value(u"info").toObject().value(u"schema").toString();
    if (schema.contains(u"schema.getpostman.com") || schema.contains(u"collection/v"))
        return ImportFormat::PostmanCollection;
    if (o.value(u"values").isArray()
        && (o.value(u"_postman_variable_scope").toString() == u"environment" || o.value(u"name").isString()))
        return ImportFormat::PostmanEnvironment;
    return ImportFormat::Unknown;
}

} // namespace

ImportFormat detectFormat(const QByteArray& content, const QString& fileName)
{
    if (looksLikeCurl(content))
        return ImportFormat::Curl;
    const QByteArray start = content.left(64).trimmed();
    if (start.startsWith('{') || start.startsWith("\xEF\xBB\xBF")) {
        if (const auto doc = parseJsonLimited(content, nullptr); doc && doc->isObject()) {
            const ImportFormat format = fromJson(doc->object());
            if (format != ImportFormat::Unknown)
                return format;
        }
    }
    return fromFileName(fileName);
}

} // namespace Authlens::Formats
