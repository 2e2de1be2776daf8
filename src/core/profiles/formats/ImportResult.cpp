#include "profiles/formats/ImportResult.h"

namespace Authlens::Formats {

QString formatName(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Unknown:
        return QStringLiteral("unknown");
    case ImportFormat::AuthlensProfiles:
        return QStringLiteral("authlens");
    case ImportFormat::Curl:
        return QStringLiteral("curl");
    case ImportFormat::PostmanCollection:
        return QStringLiteral("postman-collection");
    case ImportFormat::PostmanEnvironment:
        return QStringLiteral("postman-environment");
    case ImportFormat::Har:
        return QStringLiteral("har");
    }
    return QStringLiteral("unknown");
}

QString formatLabel(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Unknown:
        return QStringLiteral("unknown format");
    case ImportFormat::AuthlensProfiles:
        return QStringLiteral("Authlens profiles");
    case ImportFormat::Curl:
        return QStringLiteral("curl command");
    case ImportFormat::PostmanCollection:
        return QStringLiteral("Postman collection");
    case ImportFormat::PostmanEnvironment:
        return QStringLiteral("Postman environment");
    case ImportFormat::Har:
        return QStringLiteral("HAR file");
    }
    return QStringLiteral("unknown format");
}

} // namespace Authlens::Formats
