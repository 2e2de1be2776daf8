// libFuzzer: Postman collection and environment import (and merging it into a profile), format
// detection and the importFile() router.
#include "profiles/formats/EnvironmentMerge.h"
#include "profiles/formats/FormatDetection.h"
#include "profiles/formats/ImportFile.h"
#include "profiles/formats/PostmanImport.h"

#include <cstdint>

using namespace Authlens::Formats;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    (void)importPostmanCollection(bytes);
    const EnvironmentImport environment = importPostmanEnvironment(bytes);
    if (environment.ok()) {
        Authlens::Profiles::Profile profile;
        profile.variables = {{QStringLiteral("baseUrl"), QStringLiteral("https://x.example")}};
        (void)planEnvironmentMerge(profile, environment);
        (void)mergeEnvironment(profile, environment, suggestedAssignments(environment));
    }
    (void)detectFormat(bytes, QStringLiteral("x.postman_collection.json"));
    (void)importFile(bytes);
    return 0;
}
