// libFuzzer: any file a user drops on the import dialog or passes to `profiles import`, through the router
// (format detection, then the curl, Postman collection or HAR importer), under each file name that steers
// detection. Invariants, beyond "no crash":
// - a refusal says why and brings no profile; an accepted import brings at least one profile, and says which
//   format it read;
// - every imported profile can be stored: once it has the id and name the repository gives it, ProfileJson
//   writes a file that loads back to the same profile — an import never yields a profile the store would
//   write and then refuse to load (a file "listed with its error" from the user's own import);
// - the file written holds no secret: it is the same with the imported secrets (sessionSecrets) removed.
#include "profiles/ProfileJson.h"
#include "profiles/formats/FormatDetection.h"
#include "profiles/formats/ImportFile.h"

#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Authlens;
using namespace Authlens::Formats;
using Profiles::Profile;
namespace ProfileJson = Profiles::ProfileJson;

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
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    for (const QString& fileName : {QString(), QStringLiteral("request.sh"),
                                    QStringLiteral("x.postman_collection.json"), QStringLiteral("session.har")}) {
        const ImportResult result = importFile(bytes, fileName);
        if (!result.ok()) {
            require(result.profiles.isEmpty(), "a refused import brings profiles");
            continue;
        }
        require(!result.profiles.isEmpty(), "an accepted import without a profile");
        require(result.format == ImportFormat::Curl || result.format == ImportFormat::PostmanCollection
                    || result.format == ImportFormat::Har,
                "an import from a format the router does not import");
        int index = 0;
        for (Profile p : result.profiles) {
            // What ProfileRepository::save() adds before the file is written.
            if (p.id.isEmpty())
                p.id = QStringLiteral("imported-%1").arg(index);
            if (p.name.trimmed().isEmpty())
                p.name = QStringLiteral("Imported");
            ++index;
            const QJsonObject file = ProfileJson::toJson(p);
            Profile withoutSecrets = p;
            withoutSecrets.sessionSecrets = {};
            require(file == ProfileJson::toJson(withoutSecrets), "an imported secret reaches the profile file");
            QString error;
            const std::optional<Profile> reread = ProfileJson::fromJson(file, ProfileJson::kSchemaVersion, &error);
            if (!reread) {
                std::fprintf(stderr, "the store refuses an imported profile: %s\n", qPrintable(error));
                require(false, "an imported profile is written to a file the store cannot load");
            }
            require(ProfileJson::toJson(*reread) == file, "an imported profile changes when saved and reloaded");
        }
    }
    return 0;
}
