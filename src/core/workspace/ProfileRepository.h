#pragma once

#include "profiles/Profile.h"
#include "profiles/ProfileStore.h"
#include "workspace/WorkspaceError.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>

namespace Authlens::Workspace {

class KeychainGate;
class SecretsCache;

/// The profiles an application knows: the stored ones (one JSON file each, ProfileStore) and profiles
/// held in memory only (the demo's), with their secrets through the keychain gate. The GUI's Session and
/// the CLI's commands both work through it, so the rules live once:
/// - a profile is never saved without its secrets: they are written to the secret store BEFORE the file,
///   and when that fails the file is not written (the caller keeps its data and may retry);
/// - removing deletes the secrets first, then the file (no orphaned secret of a profile that is gone);
/// - an import stores every secret first, then the files: a file is only written once all secrets are safe;
/// - a profile folder with unreadable files loads what it can, lists the errors and leaves the files alone.
/// The secrets of stored profiles are read on demand by secrets() (the SecretsCache).
class ProfileRepository final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileRepository)
public:
    /// Callbacks of the asynchronous operations: run on the event loop, dropped when their context goes.
    using Done = std::function<void(const Error& error)>;
    /// Like Done, with the id of the profile that was saved (empty on error).
    using SaveDone = std::function<void(const QString& id, const Error& error)>;

    /// Profiles live in `directory` (empty: ProfileStore::defaultDirectory()); `gate` decides which secret
    /// store is used and must outlive the repository.
    ProfileRepository(const QString& directory, KeychainGate* gate, QObject* parent = nullptr);
    ~ProfileRepository() override;

    const Profiles::ProfileStore& store() const { return m_store; }
    KeychainGate* gate() const { return m_gate; }
    SecretsCache* secrets() const { return m_secrets; }

    /// Stored profiles by name, then the in-memory ones in the order they were added.
    const QList<Profiles::Profile>& profiles() const { return m_profiles; }
    QList<Profiles::Profile> storedProfiles() const;
    /// nullptr when unknown. The pointer is valid until the profiles change.
    const Profiles::Profile* find(const QString& id) const;
    /// By exact name.
    const Profiles::Profile* findByName(const QString& name) const;
    /// By id, else by name ignoring case (what a user types on a command line). Several profiles with that
    /// name: nullptr, and their ids in `ambiguous` (never one picked at random).
    const Profiles::Profile* findByIdOrName(const QString& idOrName, QStringList* ambiguous = nullptr) const;
    /// The error for a name that findByIdOrName() found more than once: it lists the ids to use instead.
    static QString ambiguousNameError(const QString& name, const QStringList& ids);
    /// Adds profiles held in memory only (the demo's, with their secrets); a known id replaces the old one.
    void addInMemory(const QList<Profiles::Profile>& profiles);
    /// A name no profile has yet (ignoring case): `base`, else "base (2)", …
    QString uniqueName(const QString& base) const;

    /// (Re)reads the profile folder. Unreadable files are reported in loadErrors() and left alone; the
    /// secrets already read for a stored profile stay.
    void load();
    QStringList loadErrors() const { return m_loadErrors; }

    /// Writes `profile.sessionSecrets` to the secret store, then the profile file. A new profile (empty or
    /// unknown id) gets an id when it has none. Secrets are not written when there are none to write and
    /// none known to be stored (a profile without secrets saves even when no keychain works).
    void save(const Profiles::Profile& profile, QObject* context, SaveDone done);
    /// Deletes the profile's secrets from the secret store, then its file.
    void remove(const QString& id, QObject* context, Done done);
    /// Renames a stored profile (its file only: secrets are stored under the id).
    Error rename(const QString& id, const QString& name);
    /// A stored copy (also of an in-memory profile) with the same secrets, named "<name> (copy)".
    void duplicate(const QString& id, QObject* context, SaveDone done);
    /// Adds or (same id) replaces a saved request of a stored profile; its index, or -1 with `*error`.
    int saveRequest(const QString& profileId, const Profiles::SavedRequest& request, Error* error);
    Error removeRequest(const QString& profileId, int index);
    /// Stores imported profiles: every secret first, then the files. If a secret cannot be stored, nothing
    /// is written. Profiles in `replacedIds` that come without secret values keep the secrets stored for
    /// them. A file that cannot be written stops the import there (the error says how many were written).
    void importProfiles(const QList<Profiles::Profile>& profiles, const QStringList& replacedIds, QObject* context,
                        Done done);

Q_SIGNALS:
    void profilesChanged();
    void loadErrorsChanged();
    /// save() or duplicate() stored the profile.
    void profileSaved(const QString& id);
    /// remove() deleted the profile (emitted before profilesChanged()).
    void profileRemoved(const QString& id);

private:
    friend class SecretsCache;
    Profiles::Profile* profileRef(const QString& id);
    void setSessionSecrets(const QString& id, const Auth::AuthSecrets& secrets);
    void putProfile(const Profiles::Profile& profile);
    void sortProfiles();
    Error writeProfileFile(const Profiles::Profile& profile);

    Profiles::ProfileStore m_store;
    KeychainGate* m_gate = nullptr;
    SecretsCache* m_secrets = nullptr;
    QList<Profiles::Profile> m_profiles;
    QStringList m_loadErrors;
};

} // namespace Authlens::Workspace
