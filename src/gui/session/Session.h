#pragma once

#include "profiles/Profile.h"
#include "profiles/ProfileStore.h"
#include "session/SecretsManager.h"
#include "workspace/SecretsCache.h"

#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

namespace Authlens::Demo {
class DemoServer;
}
namespace Authlens::Workspace {
class ProfileRepository;
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

/// The window's view of the workspace: a thin adapter over the core services the CLI uses too —
/// Workspace::ProfileRepository (stored profiles, secrets written before the profile file),
/// Workspace::SecretsCache (secrets read on demand) and the keychain gate (SecretsManager) — plus what
/// only a window has: which profile is current, and the in-process demo API with its profiles.
/// Secrets are read when a profile becomes current (asynchronously: secretsLoaded() tells when).
/// Errors reach callers as the message of the core's Workspace::Error.
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
    const Profiles::ProfileStore& store() const;
    /// The core services behind this session, for code that works with them directly (the token service).
    Workspace::ProfileRepository* repository() const { return m_repository; }

    // ---- stored profiles ----
    /// (Re)reads the profile folder. Unreadable files are reported in loadErrors() and left alone.
    void loadStoredProfiles();
    QStringList loadErrors() const;
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
    using SecretsStatus = Workspace::SecretsCache::Status; ///< NotLoaded, Loading, Loaded, Failed
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
    void onStoreChanged();

    SecretsManager* m_secrets = nullptr;
    Workspace::ProfileRepository* m_repository = nullptr;
    QString m_currentId;
    std::unique_ptr<Demo::DemoServer> m_demo;
};

} // namespace Authlens::Gui
