// libFuzzer: Postman collection and environment import, format detection and the importFile() router.
#include "profiles/formats/FormatDetection.h"
#include "profiles/formats/ImportFile.h"
#include "profiles/formats/PostmanImport.h"

#include <cstdint>

using namespace Authlens::Formats;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    (void)importPostmanCollection(bytes);
    (void)importPostmanEnvironment(bytes);
    (void)detectFormat(bytes, QStringLiteral("x.postman_collection.json"));
    (void)importFile(bytes);
    return 0;
}
