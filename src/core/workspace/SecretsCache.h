#pragma once

#include "auth/AuthSettings.h"
#include "profiles/Profile.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>

namespace Authlens::Workspace {

class KeychainGate;
class ProfileRepository;

/// The secrets of the repository's profiles, read from the secret store on demand and kept in each
/// profile's `sessionSecrets` (ProfileRepository::find()). Per profile: NotLoaded, Loading, Loaded or Failed.
///
/// Reads are asynchronous and shared: whoever asks while a read runs waits for the same read. Every save or
/// import through the repository bumps the profile's generation: a read that started before it is stale and
/// never overwrites the newer values. When the gate switches store (the keychain comes up, session-only mode
/// is chosen) what was read before is forgotten and read again from the new store on demand.
///
/// Created by the repository (ProfileRepository::secrets()); it lives as long as the repository.
class SecretsCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretsCache)
public:
    enum class Status { NotLoaded, Loading, Loaded, Failed };
    using WithSecrets = std::function<void(const QList<Profiles::Profile>& profiles, const QStringList& errors)>;

    ~SecretsCache() override;

    Status status(const QString& id) const;
    /// Why the secrets of the profile could not be read (Failed), for people.
    QString error(const QString& id) const;
    /// Starts reading the profile's secrets unless they are loaded, failed or being read; see loaded().
    void load(const QString& id);
    /// The profiles (in the order of `ids`, unknown ids left out) with their secrets in `sessionSecrets`,
    /// reading what is not read yet. `errors` names the profiles whose secrets could not be read:
    /// "“Name”: why". Always asynchronous; dropped when `context` is destroyed first.
    void withSecrets(const QStringList& ids, QObject* context, WithSecrets done);

Q_SIGNALS:
    /// The profile's sessionSecrets are filled (ProfileRepository::find(id)).
    void loaded(const QString& id);
    void failed(const QString& id, const QString& message);
    /// The gate switched store, and what was read before will be read again from it: whoever shows a
    /// profile's secrets loads them again.
    void storeChanged();

private:
    friend class ProfileRepository;
    SecretsCache(ProfileRepository* repository, KeychainGate* gate);

    // For the repository: what its writes mean for the values held here.
    /// Held in memory only (demo profiles): loaded, never read from the store.
    void noteHeldInMemory(const QString& id);
    /// The profile's secrets were just written (or are known to be what the profile holds): loaded, and a
    /// read still running is stale.
    void noteWritten(const QString& id);
    /// The profile file changed without its secrets (an import without values): a read still running is
    /// stale; `keepStatus` keeps what is known, otherwise the secrets are read again on demand.
    void noteChangedWithoutSecrets(const QString& id, bool keepStatus);
    /// The profile is gone: waiters are released, nothing is remembered.
    void forget(const QString& id);

    void fetch(const QString& id, std::function<void()> then);
    void finishFetch(const QString& id, int generation, const Auth::AuthSecrets& secrets, const QString& error);
    void onGateStateChanged();

    ProfileRepository* m_repository = nullptr;
    KeychainGate* m_gate = nullptr;
    struct Entry
    {
        Status status = Status::NotLoaded;
        QString error;
        int generation = 0; ///< bumped by every save: a read that started before it is stale
        QList<std::function<void()>> waiters;
    };
    QHash<QString, Entry> m_entries;
};

} // namespace Authlens::Workspace
