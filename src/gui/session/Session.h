#pragma once

#include "profiles/Profile.h"
#include "profiles/ProfileStore.h"
#include "session/SecretsManager.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

namespace Authlens::Demo {
class DemoServer;
}

namespace Authlens::Gui {

/// What a window's session is built from; the defaults are the real ones (the keychain service
/// org.authlens.Authlens, profiles under ProfileStore::defaultDirectory()).
struct SessionOptions
{
    SecretsManager::StoreFactory keychain; ///< null: KeychainSecretStore
    QString profileDirectory; ///< empty: ProfileStore::defaultDirectory()
    int keychainRetryDelayMs = 3000;
    /// Probe the keychain as the session starts even without stored profiles (tests of the keychain
    /// states); otherwise that waits until secrets are first needed.
    bool probeKeychainAtStart = false;
};

/// The profiles the window knows — stored ones (ProfileStore) and, when the demo API runs, the
/// built-in demo profiles — which one is current, and their secrets. Secrets are read from the
/// SecretStore when a profile becomes current (asynchronously: secretsLoaded() tells when) and
/// written before the profile file, so a profile is never saved without its secrets.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)
public:
    explicit Session(const SessionOptions& options = {}, QObject* parent = nullptr);
    ~Session() override;

    /// Callbacks of the asynchronous operations: an empty error means success.
    using Done = std::function<void(const QString& error)>;
    /// Like Done, with the id of the profile that was saved.
    using SaveDone = std::function<void(const QString& id, const QString& error)>;

    const QList<Profiles::Profile>& profiles() const;
    QList<Profiles::Profile> storedProfiles() const;
    /// nullptr when unknown. The pointer is valid until profiles change.
    const Profiles::Profile* findProfile(const QString& id) const;
    const Profiles::Profile* findProfileByName(const QString& name) const;
    /// Adds profiles held in memory only (the demo's); a profile with a known id replaces the old one.
    void addProfiles(const QList<Profiles::Profile>& profiles);

    QString currentProfileId() const;
    const Profiles::Profile* currentProfile() const;
    /// Makes a profile current and starts loading its secrets.
    void setCurrentProfileId(const QString& id);

    SecretsManager* secrets() const { return m_secrets; }
    const Profiles::ProfileStore& store() const { return m_store; }

    // ---- stored profiles ----
    /// (Re)reads the profile folder. Unreadable files are reported in loadErrors() and left alone.
    void loadStoredProfiles();
    QStringList loadErrors() const { return m_loadErrors; }
    /// Writes `profile.sessionSecrets` to the secret store, then the profile file. A new profile
    /// (empty id) gets an id. On error nothing is lost: the caller keeps its data and may retry.
    void saveProfile(const Profiles::Profile& profile, QObject* context, SaveDone done);
    /// Deletes the profile's secrets from the secret store, then its file.
    void removeProfile(const QString& id, QObject* context, Done done);
    bool renameProfile(const QString& id, const QString& name, QString* error);
    /// A stored copy (also of a demo profile) with the same secrets; `done` gets the new id.
    void duplicateProfile(const QString& id, QObject* context, SaveDone done);
    /// Adds or (same id) replaces a saved request; returns its index, or -1 with an error.
    int saveRequest(const QString& profileId, const Profiles::SavedRequest& request, QString* error);
    bool removeRequest(const QString& profileId, int index, QString* error);
    /// Stores imported profiles: every secret first, then the files. Profiles in `replacedIds` that
    /// come without secrets keep the secrets already stored for them.
    void importProfiles(const QList<Profiles::Profile>& profiles, const QStringList& replacedIds, QObject* context,
                        Done done);
    /// A name no profile has yet: `base`, else "base (2)", …
    QString uniqueName(const QString& base) const;

    // ---- secrets ----
    enum class SecretsStatus { NotLoaded, Loading, Loaded, Failed };
    SecretsStatus secretsStatus(const QString& id) const;
    QString secretsError(const QString& id) const;
    /// Starts loading the profile's secrets unless loaded or loading; see secretsLoaded().
    void loadSecrets(const QString& id);
    /// The profiles with their secrets in sessionSecrets, loading what is not loaded yet; `errors`
    /// names the profiles whose secrets could not be read.
    void withSecrets(const QStringList& ids, QObject* context,
                     std::function<void(const QList<Profiles::Profile>&, const QStringList& errors)> done);

    // ---- demo API ----
    /// Starts the demo API on a free 127.0.0.1 port and adds its profiles. True when it runs
    /// (also when it was already running).
    bool startDemo(QString* error = nullptr);
    bool isDemoRunning() const;
    QUrl demoUrl() const;
    /// The running demo API, or nullptr (tests rotate its signing key through it).
    Demo::DemoServer* demoServer() const { return m_demo.get(); }

Q_SIGNALS:
    void profilesChanged();
    void loadErrorsChanged();
    void currentProfileChanged(const QString& id);
    /// The profile was saved from the editor (its auth may have changed).
    void profileSaved(const QString& id);
    /// The profile's sessionSecrets are filled (findProfile(id)).
    void secretsLoaded(const QString& id);
    void secretsFailed(const QString& id, const QString& message);
    void demoStarted(const QUrl& baseUrl);

private:
    Profiles::Profile* profileRef(const QString& id);
    void putProfile(const Profiles::Profile& profile);
    void sortProfiles();
    void fetchSecrets(const QString& id, std::function<void()> then);
    void finishFetch(const QString& id, int generation, const Auth::AuthSecrets& secrets, const QString& error);
    void forgetSecrets(const QString& id);
    void onSecretsStateChanged();
    bool writeProfileFile(const Profiles::Profile& profile, QString* error);

    Profiles::ProfileStore m_store;
    SecretsManager* m_secrets = nullptr;
    QList<Profiles::Profile> m_profiles;
    QStringList m_loadErrors;
    QString m_currentId;
    struct SecretsEntry
    {
        SecretsStatus status = SecretsStatus::NotLoaded;
        QString error;
        int generation = 0; ///< bumped by every save: a load that started before it is stale
        QList<std::function<void()>> waiters;
    };
    QHash<QString, SecretsEntry> m_secretsStatus;
    std::unique_ptr<Demo::DemoServer> m_demo;
};

} // namespace Authlens::Gui
