#include "profiles/formats/ImportFile.h"

#include "profiles/formats/ImportSeal.h"

#include "profiles/formats/CurlImport.h"
#include "profiles/formats/FormatDetection.h"
#include "profiles/formats/HarImport.h"
#include "profiles/formats/InputLimits.h"
#include "profiles/formats/PostmanImport.h"

namespace Authlens::Formats {

namespace {
ImportResult sealed(ImportResult result)
{
    sealImport(result);
    makeStorable(result);
    return result;
}
} // namespace

ImportResult importFile(const QByteArray& content, const QString& fileName)
{
    ImportResult result;
    if (const QString tooBig = sizeError(content.size()); !tooBig.isEmpty()) {
        result.error = tooBig;
        return result;
    }
    result.format = detectFormat(content, fileName);
    switch (result.format) {
    case ImportFormat::Curl:
        return sealed(importCurl(QString::fromUtf8(content)));
    case ImportFormat::PostmanCollection:
        return sealed(importPostmanCollection(content));
    case ImportFormat::Har:
        return sealed(importHar(content));
    case ImportFormat::PostmanEnvironment:
        result.error = QStringLiteral("This is a Postman environment: it holds variables, not requests. Import it "
                                      "into an existing profile.");
        return result;
    case ImportFormat::AuthlensProfiles:
        result.error = QStringLiteral("This is an Authlens profile file; it is read by the profile importer.");
        return result;
    case ImportFormat::Unknown:
        break;
    }
    result.error = QStringLiteral("Authlens cannot tell what this file is. It imports Authlens profiles "
                                  "(.authlens.json), curl commands, Postman collections (v2.0/v2.1) and "
                                  "environments, and HAR files.");
    return result;
}

} // namespace Authlens::Formats
