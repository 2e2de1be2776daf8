#include "profiles/ProfileStore.h"

#include "profiles/ProfileJson.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

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

ProfileStore::LoadResult ProfileStore::loadAll() const
{
    LoadResult result;
    const QDir dir(m_directory);
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& name : files) {
        const QString path = dir.filePath(name);
        QFile file(path);
        if (file.size() > kMaxFileSize) {
            result.errors.append(QStringLiteral("%1: larger than %2 MB, not read").arg(path).arg(kMaxFileSize >> 20));
            continue;
        }
        if (!file.open(QIODevice::ReadOnly)) {
            result.errors.append(QStringLiteral("%1: %2").arg(path, file.errorString()));
            continue;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            result.errors.append(QStringLiteral("%1: not a profile file (%2 at byte %3)")
                                     .arg(path, parseError.errorString())
                                     .arg(parseError.offset));
            continue;
        }
        const QJsonObject root = doc.object();
        QString error;
        auto profile = ProfileJson::fromJson(root.value(u"profile").toObject(), root.value(u"schema").toInt(0), &error);
        if (!profile) {
            result.errors.append(QStringLiteral("%1: %2").arg(path, error));
            continue;
        }
        if (profile->id + QStringLiteral(".json") != name) {
            result.errors.append(
                QStringLiteral("%1: holds profile id %2, which does not match its file name").arg(path, profile->id));
            continue;
        }
        result.profiles.append(*profile);
    }
    std::sort(result.profiles.begin(), result.profiles.end(),
              [](const Profile& a, const Profile& b) { return a.name.localeAwareCompare(b.name) < 0; });
    return result;
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
