#include "session/Session.h"

#include "demo/DemoServer.h"
#include "workspace/ProfileRepository.h"

namespace Authlens::Gui {

using Profiles::Profile;
using Workspace::Error;

Session::Session(const SessionOptions& options, QObject* parent)
    : QObject(parent)
    , m_secrets(new SecretsManager(options.keychain, options.keychainRetryDelayMs, this))
    , m_repository(new Workspace::ProfileRepository(options.profileDirectory, m_secrets, this))
{
    connect(m_repository, &Workspace::ProfileRepository::profilesChanged, this, &Session::profilesChanged);
    connect(m_repository, &Workspace::ProfileRepository::loadErrorsChanged, this, &Session::loadErrorsChanged);
    connect(m_repository, &Workspace::ProfileRepository::profileSaved, this, &Session::profileSaved);
    connect(m_repository, &Workspace::ProfileRepository::profileRemoved, this, [this](const QString& id) {
        if (m_currentId != id)
            return;
        m_currentId.clear();
        Q_EMIT currentProfileChanged({});
    });
    Workspace::SecretsCache* cache = m_repository->secrets();
    connect(cache, &Workspace::SecretsCache::loaded, this, &Session::secretsLoaded);
    connect(cache, &Workspace::SecretsCache::failed, this, &Session::secretsFailed);
    connect(cache, &Workspace::SecretsCache::storeChanged, this, &Session::onStoreChanged);
    if (options.probeKeychainAtStart)
        m_secrets->start();
}

Session::~Session() = default;

// ---- profiles ------------------------------------------------------------------------------------

const QList<Profile>& Session::profiles() const
{
    return m_repository->profiles();
}

QList<Profile> Session::storedProfiles() const
{
    return m_repository->storedProfiles();
}

const Profile* Session::findProfile(const QString& id) const
{
    return m_repository->find(id);
}

const Profile* Session::findProfileByName(const QString& name) const
{
    return m_repository->findByName(name);
}

void Session::addProfiles(const QList<Profile>& profiles)
{
    m_repository->addInMemory(profiles);
}

QString Session::uniqueName(const QString& base) const
{
    return m_repository->uniqueName(base);
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

const Profiles::ProfileStore& Session::store() const
{
    return m_repository->store();
}

// ---- stored profiles -------------------------------------------------------------------------------

void Session::loadStoredProfiles()
{
    m_repository->load();
    // Someone with stored profiles will need their secrets: check the keychain now, so a problem shows
    // at once. Without any, the keychain is left alone until something needs it (the gate).
    if (!m_repository->storedProfiles().isEmpty())
        m_secrets->start();
}

QStringList Session::loadErrors() const
{
    return m_repository->loadErrors();
}

void Session::saveProfile(const Profile& profile, QObject* context, SaveDone done)
{
    m_repository->save(profile, context, [done](const QString& id, const Error& error) { done(id, error.message); });
}

void Session::removeProfile(const QString& id, QObject* context, Done done)
{
    m_repository->remove(id, context, [done](const Error& error) { done(error.message); });
}

bool Session::renameProfile(const QString& id, const QString& name, QString* error)
{
    const Error e = m_repository->rename(id, name);
    if (e.isError() && error)
        *error = e.message;
    return !e.isError();
}

void Session::duplicateProfile(const QString& id, QObject* context, SaveDone done)
{
    m_repository->duplicate(id, context,
                            [done](const QString& copyId, const Error& error) { done(copyId, error.message); });
}

int Session::saveRequest(const QString& profileId, const Profiles::SavedRequest& request, QString* error)
{
    Error e;
    const int index = m_repository->saveRequest(profileId, request, &e);
    if (e.isError() && error)
        *error = e.message;
    return index;
}

bool Session::removeRequest(const QString& profileId, int index, QString* error)
{
    const Error e = m_repository->removeRequest(profileId, index);
    if (e.isError() && error)
        *error = e.message;
    return !e.isError();
}

void Session::importProfiles(const QList<Profile>& profiles, const QStringList& replacedIds, QObject* context,
                             Done done)
{
    m_repository->importProfiles(profiles, replacedIds, context, [done](const Error& error) { done(error.message); });
}

// ---- secrets ---------------------------------------------------------------------------------------

Session::SecretsStatus Session::secretsStatus(const QString& id) const
{
    return m_repository->secrets()->status(id);
}

QString Session::secretsError(const QString& id) const
{
    return m_repository->secrets()->error(id);
}

void Session::loadSecrets(const QString& id)
{
    m_repository->secrets()->load(id);
}

void Session::withSecrets(const QStringList& ids, QObject* context,
                          std::function<void(const QList<Profile>&, const QStringList& errors)> done)
{
    m_repository->secrets()->withSecrets(ids, context, std::move(done));
}

void Session::onStoreChanged()
{
    // What the current profile shows comes from the new store.
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
