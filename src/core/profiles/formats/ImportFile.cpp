#include "profiles/formats/ImportFile.h"

#include "profiles/formats/ImportSeal.h"

#include "profiles/formats/CurlImport.h"
#include "profiles/formats/FormatDetection.h"
#include "profiles/formats/HarImport.h"
#include "profiles/formats/InputLimits.h"
#include "profiles/formats/PostmanImport.h"

#include <QRegularExpression>

namespace Authlens::Formats {

QString unsupportedInputError(const QByteArray& content)
{
    // PowerShell's web cmdlets (what Chrome's "Copy as PowerShell" gives, and Microsoft's documentation
    // snippets: https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/invoke-restmethod).
    // A line that runs one (after other statements: `$headers = @{…}`, `$session = New-Object …`).
    static const QRegularExpression powershell(
        QStringLiteral(
            "^\\s*(?:PS [^>\\n]*>\\s*)?(?:\\$[\\w:]+\\s*=\\s*)?(Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\\b"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::MultilineOption);
    if (const auto m = powershell.match(QString::fromUtf8(content.left(16384))); m.hasMatch())
        return QStringLiteral("This is a PowerShell command (%1), not a curl command. Copy the request as cURL "
                              "instead (in Chrome and Firefox: Copy → Copy as cURL), or write it with curl.exe, and "
                              "import that.")
            .arg(m.captured(1));
    return {};
}

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
    if (result.format == ImportFormat::Unknown) {
        if (const QString refused = unsupportedInputError(content); !refused.isEmpty()) {
            result.error = refused;
            return result;
        }
    }
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
