#include "profiles/ProfileStore.h"

#include "profiles/ProfileJson.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <optional>

namespace Authlens::Profiles {

ProfileStore::ProfileStore(QString directory)
    : m_directory(std::move(directory))
{
}

QString ProfileStore::defaultDirectory()
{
    // One place for the GUI and authlens-cli (AppDataLocation would differ by application name);
    // AUTHLENS_DATA_DIR moves it, for portable installs and for tests that run processes.
    const QString overridden = qEnvironmentVariable("AUTHLENS_DATA_DIR");
    if (!overridden.isEmpty())
        return overridden + QStringLiteral("/profiles");
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/Authlens/profiles");
}

QString ProfileStore::filePath(const QString& id) const
{
    return m_directory + u'/' + id + QStringLiteral(".json");
}

namespace {

/// Reads one profile file; nullopt with `error` (starting with the path) when it does not load as a profile
/// of this version. Never writes.
std::optional<Profile> readProfileFile(const QString& path, const QString& name, QString* error)
{
    QFile file(path);
    if (file.size() > ProfileStore::kMaxFileSize) {
        *error = QStringLiteral("%1: larger than %2 MB, not read").arg(path).arg(ProfileStore::kMaxFileSize >> 20);
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(ProfileStore::kMaxFileSize), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("%1: not a profile file (%2 at byte %3)")
                     .arg(path, doc.isNull() ? parseError.errorString() : QStringLiteral("not a JSON object"))
                     .arg(parseError.offset);
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    const QJsonValue schema = root.value(u"schema");
    if (!schema.isDouble()) {
        *error = QStringLiteral("%1: \"schema\" must be a number").arg(path);
        return std::nullopt;
    }
    if (!root.value(u"profile").isObject()) {
        *error = QStringLiteral("%1: \"profile\" must be an object").arg(path);
        return std::nullopt;
    }
    QString why;
    auto profile = ProfileJson::fromJson(root.value(u"profile").toObject(), schema.toInt(0), &why);
    if (!profile) {
        *error = QStringLiteral("%1: %2").arg(path, why);
        return std::nullopt;
    }
    if (profile->id + QStringLiteral(".json") != name) {
        *error = QStringLiteral("%1: holds profile id %2, which does not match its file name").arg(path, profile->id);
        return std::nullopt;
    }
    return profile;
}

} // namespace

ProfileStore::LoadResult ProfileStore::loadAll() const
{
    LoadResult result;
    const QDir dir(m_directory);
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& name : files) {
        QString error;
        if (auto profile = readProfileFile(dir.filePath(name), name, &error))
            result.profiles.append(*profile);
        else
            result.errors.append(error);
    }
    std::sort(result.profiles.begin(), result.profiles.end(),
              [](const Profile& a, const Profile& b) { return a.name.localeAwareCompare(b.name) < 0; });
    return result;
}

QString ProfileStore::unreadableFile(const QString& id) const
{
    const QString path = filePath(id);
    if (!QFile::exists(path))
        return {};
    QString error;
    return readProfileFile(path, id + QStringLiteral(".json"), &error) ? QString() : error;
}

bool ProfileStore::save(const Profile& profile, QString* error) const
{
    if (profile.demo) {
        *error = QStringLiteral("Demo profiles are built in and not saved; duplicate it to keep a copy.");
        return false;
    }
    if (!ProfileJson::isValidId(profile.id)) {
        *error = QStringLiteral("Invalid profile id \"%1\"").arg(profile.id);
        return false;
    }
    // A file this version cannot read (newer schema, hand-edited, damaged) is the user's: it is never
    // overwritten, until the user moves or deletes it.
    if (const QString unreadable = unreadableFile(profile.id); !unreadable.isEmpty()) {
        *error = QStringLiteral("%1 is left as it is. Move or delete it to save this profile.").arg(unreadable);
        return false;
    }
    if (!QDir().mkpath(m_directory)) {
        *error = QStringLiteral("Cannot create %1").arg(m_directory);
        return false;
    }
    const QJsonObject root {{QStringLiteral("schema"), ProfileJson::kSchemaVersion},
                            {QStringLiteral("profile"), ProfileJson::toJson(profile)}};
    QSaveFile file(filePath(profile.id));
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

bool ProfileStore::remove(const QString& id, QString* error) const
{
    if (!ProfileJson::isValidId(id)) {
        *error = QStringLiteral("Invalid profile id \"%1\"").arg(id);
        return false;
    }
    QFile file(filePath(id));
    if (file.exists() && !file.remove()) {
        *error = QStringLiteral("Cannot delete %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

} // namespace Authlens::Profiles
