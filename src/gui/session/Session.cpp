#include "session/Session.h"

#include "demo/DemoServer.h"
#include "profiles/ProfileJson.h"
#include "profiles/ProfileSecrets.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace Authlens::Gui {

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
    return outcome.errors.isEmpty() ? QString() : outcome.errors.first().message;
}

} // namespace

Session::Session(const SessionOptions& options, QObject* parent)
    : QObject(parent)
    , m_store(options.profileDirectory.isEmpty() ? Profiles::ProfileStore::defaultDirectory()
                                                 : options.profileDirectory)
    , m_secrets(new SecretsManager(options.keychain, options.keychainRetryDelayMs, this))
{
    connect(m_secrets, &SecretsManager::stateChanged, this, &Session::onSecretsStateChanged);
    if (options.probeKeychainAtStart)
        m_secrets->start();
}

Session::~Session() = default;

// ---- profiles ------------------------------------------------------------------------------------

const QList<Profile>& Session::profiles() const
{
    return m_profiles;
}

QList<Profile> Session::storedProfiles() const
{
    QList<Profile> stored;
    std::copy_if(m_profiles.cbegin(), m_profiles.cend(), std::back_inserter(stored),
                 [](const Profile& p) { return !p.demo; });
    return stored;
}

const Profile* Session::findProfile(const QString& id) const
{
    for (const Profile& p : m_profiles) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

Profile* Session::profileRef(const QString& id)
{
    for (Profile& p : m_profiles) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

const Profile* Session::findProfileByName(const QString& name) const
{
    for (const Profile& p : m_profiles) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

void Session::putProfile(const Profile& profile)
{
    if (Profile* existing = profileRef(profile.id))
        *existing = profile;
    else
        m_profiles.append(profile);
}

void Session::sortProfiles()
{
    // Stored profiles by name, then the demo profiles in the demo API's order.
    std::stable_sort(m_profiles.begin(), m_profiles.end(), [](const Profile& a, const Profile& b) {
        if (a.demo != b.demo)
            return !a.demo;
        return !a.demo && a.name.localeAwareCompare(b.name) < 0;
    });
}

void Session::addProfiles(const QList<Profile>& profiles)
{
    for (const Profile& profile : profiles) {
        putProfile(profile);
        m_secretsStatus[profile.id].status = SecretsStatus::Loaded; // held in memory
    }
    sortProfiles();
    Q_EMIT profilesChanged();
}

QString Session::uniqueName(const QString& base) const
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

QString Session::currentProfileId() const
{
    return m_currentId;
}

const Profile* Session::currentProfile() const
{
    return findProfile(m_currentId);
}

void Session::setCurrentProfileId(const QString& id)
{
    if (!id.isEmpty())
        loadSecrets(id);
    if (m_currentId == id)
        return;
    m_currentId = id;
    Q_EMIT currentProfileChanged(id);
}

// ---- stored profiles -------------------------------------------------------------------------------

void Session::loadStoredProfiles()
{
    const Profiles::ProfileStore::LoadResult result = m_store.loadAll();
    QList<Profile> next;
    for (Profile p : result.profiles) {
        if (const Profile* known = findProfile(p.id); known && !known->demo)
            p.sessionSecrets = known->sessionSecrets;
        next.append(p);
    }
    for (const Profile& p : std::as_const(m_profiles)) {
        if (p.demo)
            next.append(p);
    }
    m_profiles = next;
    sortProfiles();
    // Someone with stored profiles will need their secrets: check the keychain now, so a problem shows
    // at once. Without any, the keychain is left alone until something needs it (SecretsManager).
    if (!result.profiles.isEmpty())
        m_secrets->start();
    m_loadErrors = result.errors;
    Q_EMIT loadErrorsChanged();
    Q_EMIT profilesChanged();
}

bool Session::writeProfileFile(const Profile& profile, QString* error)
{
    QString why;
    if (m_store.save(profile, &why))
        return true;
    *error = tr("The profile could not be saved: %1").arg(why);
    return false;
}

void Session::saveProfile(const Profile& input, QObject* context, SaveDone done)
{
    QPointer<QObject> guard(context);
    auto report = [guard, done](const QString& id, const QString& error) {
        if (guard)
            done(id, error);
    };
    Profile profile = input;
    profile.name = profile.name.trimmed();
    const Profile* existing = profile.id.isEmpty() ? nullptr : findProfile(profile.id);
    if (profile.demo || (existing && existing->demo)) {
        QTimer::singleShot(0, this,
                           [report] { report({}, tr("Demo profiles are built in; duplicate one to edit it.")); });
        return;
    }
    if (profile.name.isEmpty()) {
        QTimer::singleShot(0, this, [report] { report({}, tr("The profile needs a name.")); });
        return;
    }
    const bool isNew = !existing;
    if (profile.id.isEmpty())
        profile.id = Profiles::ProfileJson::newId();

    auto writeFile = [this, profile, isNew, report] {
        QString error;
        if (!writeProfileFile(profile, &error)) {
            if (isNew && hasSecrets(profile.sessionSecrets)) {
                // Leave no orphaned secrets behind for a profile that does not exist.
                if (SecretStore* store = m_secrets->store())
                    ProfileSecrets::removeAll(*store, profile.id, this, [](const ProfileSecrets::Outcome&) {});
            }
            report({}, error);
            return;
        }
        putProfile(profile);
        sortProfiles();
        SecretsEntry& entry = m_secretsStatus[profile.id];
        ++entry.generation;
        entry.status = SecretsStatus::Loaded;
        entry.error.clear();
        Q_EMIT profilesChanged();
        Q_EMIT profileSaved(profile.id);
        report(profile.id, {});
    };

    // Nothing secret to write, and nothing stored to clear: no need to touch the keychain (so a
    // profile without secrets can be saved even when no keychain works).
    const bool storedSecretsKnownEmpty
        = isNew || (secretsStatus(profile.id) == SecretsStatus::Loaded && !hasSecrets(existing->sessionSecrets));
    if (!hasSecrets(profile.sessionSecrets) && storedSecretsKnownEmpty) {
        QTimer::singleShot(0, this, writeFile);
        return;
    }
    m_secrets->whenSettled(this, [this, profile, writeFile, report](SecretStore* store, const QString& why) {
        if (!store) {
            report({}, why);
            return;
        }
        ProfileSecrets::save(*store, profile.id, profile.sessionSecrets, this,
                             [writeFile, report](const ProfileSecrets::Outcome& outcome) {
                                 if (!outcome.ok()) {
                                     report({},
                                            tr("The secrets could not be saved, so the profile was not saved "
                                               "either: %1")
                                                .arg(firstError(outcome)));
                                     return;
                                 }
                                 writeFile();
                             });
    });
}

void Session::removeProfile(const QString& id, QObject* context, Done done)
{
    QPointer<QObject> guard(context);
    auto report = [guard, done](const QString& error) {
        if (guard)
            done(error);
    };
    const Profile* profile = findProfile(id);
    if (!profile || profile->demo) {
        QTimer::singleShot(0, this, [report, demo = profile != nullptr] {
            report(demo ? tr("Demo profiles are built in and cannot be deleted.") : tr("No such profile."));
        });
        return;
    }
    m_secrets->whenSettled(this, [this, id, report](SecretStore* store, const QString& why) {
        if (!store) {
            report(tr("The profile was not deleted, because its secrets could not be removed. %1").arg(why));
            return;
        }
        ProfileSecrets::removeAll(*store, id, this, [this, id, report](const ProfileSecrets::Outcome& outcome) {
            if (!outcome.ok()) {
                report(tr("The profile was not deleted, because its secrets could not be removed from the keychain: "
                          "%1")
                           .arg(firstError(outcome)));
                return;
            }
            QString error;
            if (!m_store.remove(id, &error)) {
                report(tr("The secrets were removed, but the profile file could not be deleted: %1").arg(error));
                return;
            }
            m_profiles.removeIf([&id](const Profile& p) { return p.id == id; });
            forgetSecrets(id);
            if (m_currentId == id) {
                m_currentId.clear();
                Q_EMIT currentProfileChanged({});
            }
            Q_EMIT profilesChanged();
            report({});
        });
    });
}

bool Session::renameProfile(const QString& id, const QString& name, QString* error)
{
    const Profile* profile = findProfile(id);
    const QString trimmed = name.trimmed();
    if (!profile) {
        *error = tr("No such profile.");
        return false;
    }
    if (profile->demo) {
        *error = tr("Demo profiles are built in; duplicate one to rename it.");
        return false;
    }
    if (trimmed.isEmpty()) {
        *error = tr("A profile needs a name.");
        return false;
    }
    if (trimmed == profile->name)
        return true;
    for (const Profile& p : std::as_const(m_profiles)) {
        if (p.id != id && p.name.compare(trimmed, Qt::CaseInsensitive) == 0) {
            *error = tr("A profile named “%1” exists already.").arg(p.name);
            return false;
        }
    }
    Profile renamed = *profile;
    renamed.name = trimmed;
    if (!writeProfileFile(renamed, error))
        return false;
    putProfile(renamed);
    sortProfiles();
    Q_EMIT profilesChanged();
    return true;
}

void Session::duplicateProfile(const QString& id, QObject* context, SaveDone done)
{
    QPointer<QObject> guard(context);
    withSecrets({id}, this, [this, id, guard, done](const QList<Profile>& found, const QStringList& errors) {
        if (!guard)
            return;
        if (found.isEmpty()) {
            done({}, tr("No such profile."));
            return;
        }
        if (!errors.isEmpty()) {
            done({}, tr("The copy was not made, because the secrets could not be read: %1").arg(errors.first()));
            return;
        }
        Profile copy = found.first();
        copy.id.clear();
        copy.demo = false;
        copy.name = uniqueName(tr("%1 (copy)").arg(copy.name));
        saveProfile(copy, guard, done);
    });
}

int Session::saveRequest(const QString& profileId, const Profiles::SavedRequest& request, QString* error)
{
    const Profile* profile = findProfile(profileId);
    if (!profile) {
        *error = tr("Pick a profile to save the request to.");
        return -1;
    }
    if (profile->demo) {
        *error = tr("“%1” is a built-in demo profile: duplicate it to save requests.").arg(profile->name);
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
    if (!writeProfileFile(updated, error))
        return -1;
    putProfile(updated);
    Q_EMIT profilesChanged();
    return int(index);
}

bool Session::removeRequest(const QString& profileId, int index, QString* error)
{
    const Profile* profile = findProfile(profileId);
    if (!profile || profile->demo || index < 0 || index >= profile->requests.size()) {
        *error = profile && profile->demo ? tr("Demo profiles are built in and cannot be changed.")
                                          : tr("No such request.");
        return false;
    }
    Profile updated = *profile;
    updated.requests.removeAt(index);
    if (!writeProfileFile(updated, error))
        return false;
    putProfile(updated);
    Q_EMIT profilesChanged();
    return true;
}

void Session::importProfiles(const QList<Profile>& profiles, const QStringList& replacedIds, QObject* context,
                             Done done)
{
    QPointer<QObject> guard(context);
    auto report = [guard, done](const QString& error) {
        if (guard)
            done(error);
    };
    auto writeAll = [this, profiles, replacedIds, report] {
        int written = 0;
        for (const Profile& incoming : profiles) {
            Profile p = incoming;
            p.demo = false;
            QString error;
            if (!writeProfileFile(p, &error)) {
                if (written > 0)
                    Q_EMIT profilesChanged();
                report(tr("%1 (%2 of %3 profiles were imported.)").arg(error).arg(written).arg(profiles.size()));
                return;
            }
            ++written;
            SecretsEntry& entry = m_secretsStatus[p.id];
            ++entry.generation;
            if (hasSecrets(p.sessionSecrets)) {
                entry.status = SecretsStatus::Loaded;
            } else if (const Profile* old = findProfile(p.id); old && replacedIds.contains(p.id)) {
                p.sessionSecrets = old->sessionSecrets; // the stored secrets stay
            } else {
                entry.status = SecretsStatus::NotLoaded;
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
        QTimer::singleShot(0, this, writeAll);
        return;
    }
    // Secrets first, all of them: a profile file is only written once every secret is safe.
    m_secrets->whenSettled(this, [this, withSecretValues, writeAll, report](SecretStore* store, const QString& why) {
        if (!store) {
            report(tr("Nothing was imported: the file's secrets cannot be stored. %1").arg(why));
            return;
        }
        struct Batch
        {
            qsizetype pending = 0;
            QString error;
        };
        auto batch = std::make_shared<Batch>();
        batch->pending = withSecretValues.size();
        for (const Profile& p : withSecretValues) {
            ProfileSecrets::save(*store, p.id, p.sessionSecrets, this,
                                 [batch, writeAll, report, name = p.name](const ProfileSecrets::Outcome& outcome) {
                                     if (!outcome.ok() && batch->error.isEmpty())
                                         batch->error = tr("%1: %2").arg(name, firstError(outcome));
                                     if (--batch->pending > 0)
                                         return;
                                     if (!batch->error.isEmpty())
                                         report(tr("Nothing was imported: the secrets could not be stored in the "
                                                   "keychain (%1).")
                                                    .arg(batch->error));
                                     else
                                         writeAll();
                                 });
        }
    });
}

// ---- secrets ---------------------------------------------------------------------------------------

Session::SecretsStatus Session::secretsStatus(const QString& id) const
{
    return m_secretsStatus.value(id).status;
}

QString Session::secretsError(const QString& id) const
{
    return m_secretsStatus.value(id).error;
}

void Session::loadSecrets(const QString& id)
{
    fetchSecrets(id, {});
}

void Session::fetchSecrets(const QString& id, std::function<void()> then)
{
    const Profile* profile = findProfile(id);
    SecretsEntry& entry = m_secretsStatus[id];
    if (!profile || profile->demo || entry.status == SecretsStatus::Loaded || entry.status == SecretsStatus::Failed) {
        if (then)
            QTimer::singleShot(0, this, then);
        return;
    }
    if (then)
        entry.waiters.append(std::move(then));
    if (entry.status == SecretsStatus::Loading)
        return;
    entry.status = SecretsStatus::Loading;
    const int generation = entry.generation;
    m_secrets->whenSettled(this, [this, id, generation](SecretStore* store, const QString& why) {
        if (!store) {
            finishFetch(id, generation, {}, why);
            return;
        }
        ProfileSecrets::load(*store, id, this, [this, id, generation](const ProfileSecrets::Outcome& outcome) {
            finishFetch(id, generation, outcome.secrets,
                        outcome.ok() ? QString() : tr("The secrets could not be read: %1").arg(firstError(outcome)));
        });
    });
}

void Session::finishFetch(const QString& id, int generation, const Auth::AuthSecrets& secrets, const QString& error)
{
    const auto it = m_secretsStatus.find(id);
    if (it == m_secretsStatus.end())
        return;
    const QList<std::function<void()>> waiters = std::exchange(it->waiters, {});
    Profile* profile = profileRef(id);
    // A save since the load started has written newer values: keep those.
    if (profile && it->generation == generation) {
        profile->sessionSecrets = secrets;
        it->status = error.isEmpty() ? SecretsStatus::Loaded : SecretsStatus::Failed;
        it->error = error;
    } else if (it->status == SecretsStatus::Loading) {
        it->status = SecretsStatus::NotLoaded;
    }
    const SecretsEntry entry = *it;
    if (profile && entry.status == SecretsStatus::Loaded)
        Q_EMIT secretsLoaded(id);
    else if (profile && entry.status == SecretsStatus::Failed)
        Q_EMIT secretsFailed(id, entry.error);
    for (const auto& waiter : waiters)
        waiter();
}

void Session::forgetSecrets(const QString& id)
{
    const QList<std::function<void()>> waiters = m_secretsStatus.take(id).waiters;
    for (const auto& waiter : waiters)
        waiter();
}

void Session::withSecrets(const QStringList& ids, QObject* context,
                          std::function<void(const QList<Profile>&, const QStringList& errors)> done)
{
    QPointer<QObject> guard(context);
    auto pending = std::make_shared<qsizetype>(ids.size() + 1);
    auto finish = [this, ids, guard, done, pending] {
        if (--*pending > 0 || !guard)
            return;
        QList<Profile> found;
        QStringList errors;
        for (const QString& id : ids) {
            const Profile* p = findProfile(id);
            if (!p)
                continue;
            found.append(*p);
            if (secretsStatus(id) == SecretsStatus::Failed)
                errors.append(tr("“%1”: %2").arg(p->name, secretsError(id)));
        }
        done(found, errors);
    };
    for (const QString& id : ids)
        fetchSecrets(id, finish);
    QTimer::singleShot(0, this, finish);
}

void Session::onSecretsStateChanged()
{
    const SecretsManager::State state = m_secrets->state();
    if (state != SecretsManager::State::Ready && state != SecretsManager::State::SessionOnly)
        return;
    // The store changed: what was read (or failed) before is read again from the new one.
    for (auto it = m_secretsStatus.begin(); it != m_secretsStatus.end(); ++it) {
        const Profile* p = findProfile(it.key());
        if (p && !p->demo && it->status != SecretsStatus::Loading) {
            it->status = SecretsStatus::NotLoaded;
            it->error.clear();
        }
    }
    if (!m_currentId.isEmpty())
        loadSecrets(m_currentId);
}

// ---- demo API --------------------------------------------------------------------------------------

bool Session::startDemo(QString* error)
{
    if (m_demo && m_demo->isListening())
        return true;
    auto demo = std::make_unique<Demo::DemoServer>();
    if (!demo->start()) {
        if (error)
            *error = demo->errorString();
        return false;
    }
    m_demo = std::move(demo);
    addProfiles(m_demo->profiles());
    Q_EMIT demoStarted(m_demo->baseUrl());
    return true;
}

bool Session::isDemoRunning() const
{
    return m_demo && m_demo->isListening();
}

QUrl Session::demoUrl() const
{
    return m_demo ? m_demo->baseUrl() : QUrl();
}

} // namespace Authlens::Gui
