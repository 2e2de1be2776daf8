#include "workspace/ProfileRepository.h"

#include "profiles/ProfileJson.h"
#include "profiles/ProfileSecrets.h"
#include "workspace/KeychainGate.h"
#include "workspace/SecretsCache.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace Authlens::Workspace {

using Profiles::Profile;
using Profiles::SecretStore;
namespace ProfileSecrets = Profiles::ProfileSecrets;

namespace {

bool hasSecrets(const Auth::AuthSecrets& secrets)
{
    return secrets != Auth::AuthSecrets();
}

QString firstError(const ProfileSecrets::Outcome& outcome)
{
    return outcome.errors.isEmpty() ? QString() : outcome.errors.constFirst().message;
}

Error keychainError(const QString& message)
{
    return {ErrorKind::Keychain, message};
}

/// Runs `done(args…)` later on the event loop, unless `context` is gone by then: the asynchronous
/// operations answer asynchronously even when they fail at once, so callers see one order of events.
template <typename Fn> void later(QObject* owner, Fn fn)
{
    QTimer::singleShot(0, owner, std::move(fn));
}

} // namespace

ProfileRepository::ProfileRepository(const QString& directory, KeychainGate* gate, QObject* parent)
    : QObject(parent)
    , m_store(directory.isEmpty() ? Profiles::ProfileStore::defaultDirectory() : directory)
    , m_gate(gate)
    , m_secrets(new SecretsCache(this, gate))
{
}

ProfileRepository::~ProfileRepository() = default;

// ---- the list ------------------------------------------------------------------------------------

QList<Profile> ProfileRepository::storedProfiles() const
{
    QList<Profile> stored;
    std::copy_if(m_profiles.cbegin(), m_profiles.cend(), std::back_inserter(stored),
                 [](const Profile& p) { return !p.demo; });
    return stored;
}

const Profile* ProfileRepository::find(const QString& id) const
{
    const auto it
        = std::find_if(m_profiles.cbegin(), m_profiles.cend(), [&id](const Profile& p) { return p.id == id; });
    return it == m_profiles.cend() ? nullptr : &*it;
}

Profile* ProfileRepository::profileRef(const QString& id)
{
    const auto it = std::find_if(m_profiles.begin(), m_profiles.end(), [&id](const Profile& p) { return p.id == id; });
    return it == m_profiles.end() ? nullptr : &*it;
}

const Profile* ProfileRepository::findByName(const QString& name) const
{
    const auto it
        = std::find_if(m_profiles.cbegin(), m_profiles.cend(), [&name](const Profile& p) { return p.name == name; });
    return it == m_profiles.cend() ? nullptr : &*it;
}

const Profile* ProfileRepository::findByIdOrName(const QString& idOrName, QStringList* ambiguous) const
{
    if (const Profile* byId = find(idOrName))
        return byId;
    const Profile* found = nullptr;
    QStringList ids;
    for (const Profile& p : m_profiles) {
        if (p.name.compare(idOrName, Qt::CaseInsensitive) == 0) {
            found = &p;
            ids.append(p.id);
        }
    }
    if (ids.size() > 1) {
        if (ambiguous)
            *ambiguous = ids;
        return nullptr;
    }
    return found;
}

QString ProfileRepository::ambiguousNameError(const QString& name, const QStringList& ids)
{
    return QStringLiteral("%1 profiles are named \"%2\"; give one of their ids instead: %3")
        .arg(ids.size())
        .arg(name, ids.join(QStringLiteral(", ")));
}

void ProfileRepository::putProfile(const Profile& profile)
{
    if (Profile* existing = profileRef(profile.id))
        *existing = profile;
    else
        m_profiles.append(profile);
}

void ProfileRepository::setSessionSecrets(const QString& id, const Auth::AuthSecrets& secrets)
{
    if (Profile* profile = profileRef(id))
        profile->sessionSecrets = secrets;
}

void ProfileRepository::sortProfiles()
{
    // Stored profiles by name, then the in-memory (demo) profiles in the order they came.
    std::stable_sort(m_profiles.begin(), m_profiles.end(), [](const Profile& a, const Profile& b) {
        if (a.demo != b.demo)
            return !a.demo;
        return !a.demo && a.name.localeAwareCompare(b.name) < 0;
    });
}

void ProfileRepository::addInMemory(const QList<Profile>& profiles)
{
    for (const Profile& profile : profiles) {
        putProfile(profile);
        m_secrets->noteHeldInMemory(profile.id);
    }
    sortProfiles();
    Q_EMIT profilesChanged();
}

QString ProfileRepository::uniqueName(const QString& base) const
{
    const auto taken = [this](const QString& name) {
        return std::any_of(m_profiles.cbegin(), m_profiles.cend(),
                           [&name](const Profile& p) { return p.name.compare(name, Qt::CaseInsensitive) == 0; });
    };
    QString name = base;
    for (int n = 2; taken(name); ++n)
        name = QStringLiteral("%1 (%2)").arg(base).arg(n);
    return name;
}

// ---- the folder ------------------------------------------------------------------------------------

void ProfileRepository::load()
{
    const Profiles::ProfileStore::LoadResult result = m_store.loadAll();
    QList<Profile> next;
    for (Profile p : result.profiles) {
        if (const Profile* known = find(p.id); known && !known->demo)
            p.sessionSecrets = known->sessionSecrets;
        next.append(p);
    }
    for (const Profile& p : std::as_const(m_profiles)) {
        if (p.demo)
            next.append(p);
    }
    m_profiles = next;
    sortProfiles();
    m_loadErrors = result.errors;
    Q_EMIT loadErrorsChanged();
    Q_EMIT profilesChanged();
}

Error ProfileRepository::writeProfileFile(const Profile& profile)
{
    QString why;
    if (m_store.save(profile, &why))
        return {};
    return {ErrorKind::BadInput, QStringLiteral("The profile could not be saved: %1").arg(why)};
}

void ProfileRepository::save(const Profile& input, QObject* context, SaveDone done)
{
    QPointer<QObject> guard(context);
    auto report = [guard, done](const QString& id, const Error& error) {
        if (guard)
            done(id, error);
    };
    Profile profile = input;
    profile.name = profile.name.trimmed();
    const Profile* existing = profile.id.isEmpty() ? nullptr : find(profile.id);
    if (profile.demo || (existing && existing->demo)) {
        later(this, [report] {
            report({}, {ErrorKind::Usage, QStringLiteral("Demo profiles are built in; duplicate one to edit it.")});
        });
        return;
    }
    if (profile.name.isEmpty()) {
        later(this, [report] { report({}, {ErrorKind::BadInput, QStringLiteral("The profile needs a name.")}); });
        return;
    }
    const bool isNew = !existing;
    if (profile.id.isEmpty())
        profile.id = Profiles::ProfileJson::newId();

    auto writeFile = [this, profile, isNew, report] {
        if (const Error error = writeProfileFile(profile); error.isError()) {
            if (isNew && hasSecrets(profile.sessionSecrets)) {
                // Leave no orphaned secrets behind for a profile that does not exist.
                if (SecretStore* store = m_gate->store())
                    ProfileSecrets::removeAll(*store, profile.id, this, [](const ProfileSecrets::Outcome&) {});
            }
            report({}, error);
            return;
        }
        putProfile(profile);
        sortProfiles();
        m_secrets->noteWritten(profile.id);
        Q_EMIT profilesChanged();
        Q_EMIT profileSaved(profile.id);
        report(profile.id, {});
    };

    // Nothing secret to write, and nothing stored to clear: no need to touch the keychain (so a
    // profile without secrets can be saved even when no keychain works).
    const bool storedSecretsKnownEmpty = isNew
        || (m_secrets->status(profile.id) == SecretsCache::Status::Loaded && !hasSecrets(existing->sessionSecrets));
    if (!hasSecrets(profile.sessionSecrets) && storedSecretsKnownEmpty) {
        later(this, writeFile);
        return;
    }
    m_gate->whenSettled(this, [this, profile, writeFile, report](SecretStore* store, const Error& why) {
        if (!store) {
            report({}, why);
            return;
        }
        ProfileSecrets::save(*store, profile.id, profile.sessionSecrets, this,
                             [writeFile, report](const ProfileSecrets::Outcome& outcome) {
                                 if (!outcome.ok()) {
                                     report({},
                                            keychainError(QStringLiteral("The secrets could not be saved, so the "
                                                                         "profile was not saved either: %1")
                                                              .arg(firstError(outcome))));
                                     return;
                                 }
                                 writeFile();
                             });
    });
}

void ProfileRepository::remove(const QString& id, QObject* context, Done done)
{
    QPointer<QObject> guard(context);
    auto report = [guard, done](const Error& error) {
        if (guard)
            done(error);
    };
    const Profile* profile = find(id);
    if (!profile || profile->demo) {
        later(this, [report, demo = profile != nullptr] {
            report(demo ? Error {ErrorKind::Usage, QStringLiteral("Demo profiles are built in and cannot be deleted.")}
                        : Error {ErrorKind::BadInput, QStringLiteral("No such profile.")});
        });
        return;
    }
    m_gate->whenSettled(this, [this, id, report](SecretStore* store, const Error& why) {
        if (!store) {
            report(keychainError(
                QStringLiteral("The profile was not deleted, because its secrets could not be removed. %1")
                    .arg(why.message)));
            return;
        }
        ProfileSecrets::removeAll(*store, id, this, [this, id, report](const ProfileSecrets::Outcome& outcome) {
            if (!outcome.ok()) {
                report(keychainError(QStringLiteral("The profile was not deleted, because its secrets could not be "
                                                    "removed from the keychain: %1")
                                         .arg(firstError(outcome))));
                return;
            }
            QString error;
            if (!m_store.remove(id, &error)) {
                report({ErrorKind::BadInput,
                        QStringLiteral("The secrets were removed, but the profile file could not be deleted: %1")
                            .arg(error)});
                return;
            }
            m_profiles.removeIf([&id](const Profile& p) { return p.id == id; });
            m_secrets->forget(id);
            Q_EMIT profileRemoved(id);
            Q_EMIT profilesChanged();
            report({});
        });
    });
}

Error ProfileRepository::rename(const QString& id, const QString& name)
{
    const Profile* profile = find(id);
    const QString trimmed = name.trimmed();
    if (!profile)
        return {ErrorKind::BadInput, QStringLiteral("No such profile.")};
    if (profile->demo)
        return {ErrorKind::Usage, QStringLiteral("Demo profiles are built in; duplicate one to rename it.")};
    if (trimmed.isEmpty())
        return {ErrorKind::BadInput, QStringLiteral("A profile needs a name.")};
    if (trimmed == profile->name)
        return {};
    for (const Profile& p : std::as_const(m_profiles)) {
        if (p.id != id && p.name.compare(trimmed, Qt::CaseInsensitive) == 0)
            return {ErrorKind::BadInput, QStringLiteral("A profile named “%1” exists already.").arg(p.name)};
    }
    Profile renamed = *profile;
    renamed.name = trimmed;
    if (Error error = writeProfileFile(renamed); error.isError())
        return error;
    putProfile(renamed);
    sortProfiles();
    Q_EMIT profilesChanged();
    return {};
}

void ProfileRepository::duplicate(const QString& id, QObject* context, SaveDone done)
{
    QPointer<QObject> guard(context);
    m_secrets->withSecrets({id}, this, [this, guard, done](const QList<Profile>& found, const QStringList& errors) {
        if (!guard)
            return;
        if (found.isEmpty()) {
            done({}, {ErrorKind::BadInput, QStringLiteral("No such profile.")});
            return;
        }
        if (!errors.isEmpty()) {
            done({},
                 keychainError(QStringLiteral("The copy was not made, because the secrets could not be read: %1")
                                   .arg(errors.constFirst())));
            return;
        }
        Profile copy = found.constFirst();
        copy.id.clear();
        copy.demo = false;
        copy.name = uniqueName(QStringLiteral("%1 (copy)").arg(copy.name));
        save(copy, guard, done);
    });
}

int ProfileRepository::saveRequest(const QString& profileId, const Profiles::SavedRequest& request, Error* error)
{
    const Profile* profile = find(profileId);
    if (!profile) {
        *error = {ErrorKind::BadInput, QStringLiteral("Pick a profile to save the request to.")};
        return -1;
    }
    if (profile->demo) {
        *error = {ErrorKind::Usage,
                  QStringLiteral("“%1” is a built-in demo profile: duplicate it to save requests.").arg(profile->name)};
        return -1;
    }
    Profile updated = *profile;
    Profiles::SavedRequest saved = request;
    qsizetype index = -1;
    if (!saved.id.isEmpty()) {
        const auto it = std::find_if(updated.requests.begin(), updated.requests.end(),
                                     [&saved](const Profiles::SavedRequest& r) { return r.id == saved.id; });
        if (it != updated.requests.end()) {
            index = it - updated.requests.begin();
            *it = saved;
        }
    }
    if (index < 0) {
        if (saved.id.isEmpty())
            saved.id = Profiles::ProfileJson::newId();
        updated.requests.append(saved);
        index = updated.requests.size() - 1;
    }
    if (Error written = writeProfileFile(updated); written.isError()) {
        *error = written;
        return -1;
    }
    putProfile(updated);
    Q_EMIT profilesChanged();
    return int(index);
}

Error ProfileRepository::removeRequest(const QString& profileId, int index)
{
    const Profile* profile = find(profileId);
    if (profile && profile->demo)
        return {ErrorKind::Usage, QStringLiteral("Demo profiles are built in and cannot be changed.")};
    if (!profile || index < 0 || index >= profile->requests.size())
        return {ErrorKind::BadInput, QStringLiteral("No such request.")};
    Profile updated = *profile;
    updated.requests.removeAt(index);
    if (Error error = writeProfileFile(updated); error.isError())
        return error;
    putProfile(updated);
    Q_EMIT profilesChanged();
    return {};
}

void ProfileRepository::importProfiles(const QList<Profile>& profiles, const QStringList& replacedIds, QObject* context,
                                       Done done)
{
    QPointer<QObject> guard(context);
    auto report = [guard, done](const Error& error) {
        if (guard)
            done(error);
    };
    // A file of the same id that this version cannot read is the user's (a newer schema, a hand edit): its
    // secrets and the file itself stay as they are, so nothing is imported.
    for (const Profile& p : profiles) {
        if (const QString unreadable = m_store.unreadableFile(p.id); !unreadable.isEmpty()) {
            later(this, [report, unreadable] {
                report(
                    {ErrorKind::BadInput,
                     QStringLiteral("Nothing was imported: a stored file with the id of one of its profiles does not "
                                    "load (%1). It is left as it is; move or delete it, then import again.")
                         .arg(unreadable)});
            });
            return;
        }
    }
    auto writeAll = [this, profiles, replacedIds, report] {
        int written = 0;
        for (const Profile& incoming : profiles) {
            Profile p = incoming;
            p.demo = false;
            if (Error error = writeProfileFile(p); error.isError()) {
                if (written > 0) {
                    sortProfiles();
                    Q_EMIT profilesChanged();
                }
                error.message = QStringLiteral("%1 (%2 of %3 profiles were imported.)")
                                    .arg(error.message)
                                    .arg(written)
                                    .arg(profiles.size());
                report(error);
                return;
            }
            ++written;
            const Profile* old = find(p.id);
            if (hasSecrets(p.sessionSecrets)) {
                m_secrets->noteWritten(p.id);
            } else if (old && replacedIds.contains(p.id)) {
                p.sessionSecrets = old->sessionSecrets; // the stored secrets stay
                m_secrets->noteChangedWithoutSecrets(p.id, true);
            } else {
                m_secrets->noteChangedWithoutSecrets(p.id, false);
            }
            putProfile(p);
        }
        sortProfiles();
        Q_EMIT profilesChanged();
        report({});
    };
    QList<Profile> withSecretValues;
    std::copy_if(profiles.cbegin(), profiles.cend(), std::back_inserter(withSecretValues),
                 [](const Profile& p) { return hasSecrets(p.sessionSecrets); });
    if (withSecretValues.isEmpty()) {
        later(this, writeAll);
        return;
    }
    // Secrets first, all of them: a profile file is only written once every secret is safe.
    m_gate->whenSettled(this, [this, withSecretValues, writeAll, report](SecretStore* store, const Error& why) {
        if (!store) {
            report(keychainError(
                QStringLiteral("Nothing was imported: the file's secrets cannot be stored. %1").arg(why.message)));
            return;
        }
        struct Batch
        {
            qsizetype pending = 0;
            QString error;
        };
        auto batch = std::make_shared<Batch>();
        batch->pending = withSecretValues.size();
        // Profiles new to this repository: if the import fails, their secrets written so far are removed again,
        // so a failed import leaves no secret of a profile that does not exist.
        QStringList newIds;
        for (const Profile& p : withSecretValues) {
            if (!find(p.id))
                newIds.append(p.id);
        }
        QPointer<SecretStore> guardedStore(store);
        for (const Profile& p : withSecretValues) {
            ProfileSecrets::save(
                *store, p.id, p.sessionSecrets, this,
                [this, batch, writeAll, report, newIds, guardedStore,
                 name = p.name](const ProfileSecrets::Outcome& outcome) {
                    if (!outcome.ok() && batch->error.isEmpty())
                        batch->error = QStringLiteral("%1: %2").arg(name, firstError(outcome));
                    if (--batch->pending > 0)
                        return;
                    if (batch->error.isEmpty()) {
                        writeAll();
                        return;
                    }
                    for (const QString& id : newIds) {
                        if (guardedStore)
                            ProfileSecrets::removeAll(*guardedStore, id, this, [](const ProfileSecrets::Outcome&) {});
                    }
                    report(keychainError(
                        QStringLiteral("Nothing was imported: the secrets could not be stored in the keychain (%1).")
                            .arg(batch->error)));
                });
        }
    });
}

} // namespace Authlens::Workspace
