// A profile file from disk (ProfileStore::loadAll): a JSON document whose "profile" is read with the schema
// it names. Invariants: never a crash; a refusal always says why; whatever is accepted writes back to JSON
// that reads again to the same profile (a profile the store loads, it can also save and reload unchanged).
#include "profiles/ProfileJson.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Authlens::Profiles;

namespace {

void require(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    if (!document.isObject())
        return 0;
    const QJsonObject root = document.object();
    // A whole file ({"schema": 1, "profile": {…}}), or a bare profile object read as the current schema.
    const bool wrapped = root.contains(QLatin1String("profile"));
    const QJsonObject object = wrapped ? root.value(QLatin1String("profile")).toObject() : root;
    const int schema = wrapped ? root.value(QLatin1String("schema")).toInt(0) : ProfileJson::kSchemaVersion;
    QString error;
    const std::optional<Profile> profile = ProfileJson::fromJson(object, schema, &error);
    if (!profile) {
        require(!error.isEmpty(), "a refusal without a reason");
        return 0;
    }
    const QJsonObject written = ProfileJson::toJson(*profile);
    QString again;
    const std::optional<Profile> reread = ProfileJson::fromJson(written, ProfileJson::kSchemaVersion, &again);
    require(reread.has_value(), "a loaded profile writes JSON that does not load");
    require(ProfileJson::toJson(*reread) == written, "save and reload changed the profile");
    return 0;
}
