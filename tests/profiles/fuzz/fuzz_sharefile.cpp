// A shared `.authlens.json` from someone else (ShareFile::parse) and its encrypted secrets box
// (SecretBox::open). Invariants: never a crash or a hang; a refusal says why and imports nothing; what is
// accepted exports again (with secrets sealed under a passphrase) and parses back to the same profiles.
// scrypt is made cheap here (n = 16) so that the fuzzer runs thousands of inputs a second; the parameter
// bounds themselves are checked on the input's own box.
#include "profiles/ProfileJson.h"
#include "profiles/SecretBox.h"
#include "profiles/ShareFile.h"

#include <QJsonArray>
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

QJsonArray profilesJson(const QList<Profile>& profiles)
{
    QJsonArray out;
    for (const Profile& p : profiles)
        out.append(ProfileJson::toJson(p));
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray content(reinterpret_cast<const char*>(data), qsizetype(size));

    // Without a passphrase no key is derived: the file's structure, profiles and URLs are what is checked.
    const ShareFile::Parsed parsed = ShareFile::parse(content, QString());
    if (!parsed.ok()) {
        require(!parsed.error.isEmpty(), "a refusal without a reason");
        require(parsed.profiles.isEmpty(), "a refused file still yields profiles");
    } else if (!parsed.profiles.isEmpty()) {
        // Round trip through an encrypted export.
        ShareFile::ExportOptions options;
        options.passphrase = QStringLiteral("fuzz passphrase");
        options.kdf.n = 16;
        options.kdf.r = 1;
        QList<Profile> incoming = parsed.profiles;
        for (Profile& p : incoming)
            p.sessionSecrets.token = QStringLiteral("t-") + p.id;
        const ShareFile::ExportResult exported = ShareFile::exportProfiles(incoming, options);
        if (exported.error.isEmpty()) {
            const ShareFile::Parsed back = ShareFile::parse(exported.content, options.passphrase);
            require(back.ok(), "an exported file does not parse");
            require(profilesJson(back.profiles) == profilesJson(ShareFile::parse(exported.content, {}).profiles),
                    "the passphrase changes the profiles read");
            for (const Profile& p : back.profiles)
                require(p.sessionSecrets.token == QStringLiteral("t-") + p.id, "a sealed secret came back wrong");
        }
    }

    // The box alone, with cheap parameters: base64, lengths, GCM tag and AAD checks on hostile values.
    const QJsonDocument document = QJsonDocument::fromJson(content);
    if (document.isObject()) {
        QJsonObject box = document.object().value(QLatin1String("secrets")).toObject();
        if (box.isEmpty())
            box = document.object();
        QString boundsError;
        const QJsonValue n = box.value(QLatin1String("n"));
        if (n.toDouble() > double(1 << 12) || box.value(QLatin1String("p")).toDouble() > 2) {
            // Expensive parameters: only the refusal path may run (bounds), never a full derivation here.
            box.insert(QStringLiteral("salt"), QStringLiteral("!"));
        }
        QString error;
        const std::optional<QByteArray> opened = SecretBox::open(box, QStringLiteral("pw"), content.left(64), &error);
        require(opened.has_value() || !error.isEmpty(), "a box refused without a reason");
    }
    return 0;
}
