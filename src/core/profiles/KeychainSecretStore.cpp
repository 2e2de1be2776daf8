#include "profiles/KeychainSecretStore.h"

#include <QPointer>
#include <QTimer>
#include <QUuid>
#include <qt6keychain/keychain.h>

#if defined(AUTHLENS_SECRET_SERVICE_DBUS)
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <dlfcn.h>
#endif

namespace Authlens::Profiles {

KeychainSecretStore::KeychainSecretStore(QObject* parent, const QString& service)
    : SecretStore(parent)
    , m_service(service)
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_MACOS)
    return QStringLiteral("macOS Keychain");
#elif defined(Q_OS_WIN)
    return QStringLiteral("Windows Credential Manager");
#else
    return QStringLiteral("Secret Service (GNOME Keyring, KWallet)");
#endif
}

SecretResult KeychainSecretStore::mapError(int keychainError, const QString& errorString)
{
    // TOOLCHAIN.md lists what QtKeychain 0.13 on libsecret returns in each broken state.
    const QString detail = errorString.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(errorString);
    switch (QKeychain::Error(keychainError)) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return {SecretError::NotFound, QStringLiteral("No secret stored under this name in the keychain."), {}};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        // libsecret's SECRET_ERROR_IS_LOCKED: "Cannot create an item in a locked collection".
        if (errorString.contains(u"locked", Qt::CaseInsensitive))
            return {SecretError::Denied,
                    QStringLiteral("The keyring is locked%1. Unlock it (GNOME: Passwords and Keys, or log in again; "
                                   "KDE: KWallet) and try again.")
                        .arg(detail),
                    {}};
        return {SecretError::Denied,
                QStringLiteral("The keychain refused access%1. Unlock your keyring (GNOME Keyring: Passwords and "
                               "Keys; KDE: KWallet) and try again.")
                    .arg(detail),
                {}};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return {SecretError::Unavailable,
                QStringLiteral("No keychain is available%1. Install and start GNOME Keyring or KWallet, or use "
                               "session-only secrets.")
                    .arg(detail),
                {}};
    case QKeychain::CouldNotDeleteEntry:
        return {SecretError::Failed, QStringLiteral("The keychain could not delete the secret%1.").arg(detail), {}};
    case QKeychain::OtherError:
        break;
    }
    if (errorString.contains(u"autolaunch", Qt::CaseInsensitive) || errorString.contains(u"D-Bus", Qt::CaseInsensitive)
        || errorString.contains(u"Could not connect", Qt::CaseInsensitive)
        || errorString.contains(u".service files", Qt::CaseInsensitive)) {
        return {SecretError::Unavailable,
                QStringLiteral("No keychain service is reachable%1. Start GNOME Keyring or KWallet (log in to a "
                               "desktop session, or run gnome-keyring-daemon --start --components=secrets) and try "
                               "again; the Authlens window can also keep secrets for this session only.")
                    .arg(detail),
                {}};
    }
    // libsecret: "Cannot create an item in a locked collection" (a screen lock, or `secret-tool lock`).
    if (errorString.contains(u"locked", Qt::CaseInsensitive)) {
        return {SecretError::Denied,
                QStringLiteral("The keyring is locked%1. Unlock it (GNOME: Passwords and Keys, or log in again; "
                               "KDE: KWallet) and try again.")
                    .arg(detail),
                {}};
    }
    if (errorString.contains(u"collection", Qt::CaseInsensitive)
        || errorString.contains(u"does not exist", Qt::CaseInsensitive)) {
        return {SecretError::Unavailable,
                QStringLiteral("The keyring is not set up or not unlocked%1. Open Passwords and Keys (seahorse) and "
                               "unlock or create the login keyring.")
                    .arg(detail),
                {}};
    }
    return {SecretError::Failed, QStringLiteral("The keychain failed%1.").arg(detail), {}};
}

namespace {

#if defined(AUTHLENS_SECRET_SERVICE_DBUS)
const QString kSecretService = QStringLiteral("org.freedesktop.secrets");
#endif

/// The Secret Service answers "The session does not exist" (org.freedesktop.Secret.Error.NoSession) when the
/// keyring daemon was restarted under a running process: libsecret keeps the default SecretService proxy, and
/// its transfer session, of the daemon that is gone, and every later call fails the same way.
bool isStaleSession(const QString& errorString)
{
    return errorString.contains(u"session does not exist", Qt::CaseInsensitive);
}

/// Drops libsecret's cached default SecretService (secret_service_disconnect(), documented as safe to call at
/// any time), so the next QtKeychain job connects to the daemon that runs now. QtKeychain loads libsecret at
/// run time; this finds the already loaded library and never loads it itself. False when there is none.
bool forgetSecretServiceConnection()
{
#if defined(AUTHLENS_SECRET_SERVICE_DBUS)
    void* libsecret = dlopen("libsecret-1.so.0", RTLD_LAZY | RTLD_NOLOAD);
    if (!libsecret)
        return false;
    using Disconnect = void (*)();
    auto disconnect = reinterpret_cast<Disconnect>(dlsym(libsecret, "secret_service_disconnect"));
    if (disconnect)
        disconnect();
    dlclose(libsecret);
    return disconnect != nullptr;
#else
    return false;
#endif
}

} // namespace

void KeychainSecretStore::run(const JobFactory& make, QObject* context, SecretCallback done, bool isRead, bool retried)
{
    QKeychain::Job* job = make();
    job->setAutoDelete(false);
    job->setInsecureFallback(false); // never plaintext
    auto* timer = new QTimer(job);
    timer->setSingleShot(true);
    // One shared flag: whichever comes first (answer or timeout) reports, the other is ignored.
    auto reported = std::make_shared<bool>(false);
    QPointer<QObject> guard(context);
    auto report = [done, reported, guard](const SecretResult& result) {
        if (*reported)
            return;
        *reported = true;
        if (guard)
            done(result);
    };
    connect(timer, &QTimer::timeout, job, [report, timeoutMs = m_timeoutMs] {
        // The job may still finish later and is deleted then (or with this store).
        report({SecretError::Timeout,
                QStringLiteral("The keychain did not answer within %1 s. Is it waiting for an unlock prompt?")
                    .arg(timeoutMs / 1000),
                {}});
    });
    QPointer<KeychainSecretStore> self(this);
    connect(job, &QKeychain::Job::finished, context,
            [self, job, timer, report, reported, isRead, retried, make, done, guard] {
                job->deleteLater();
                if (*reported)
                    return;
                // The keyring daemon was restarted under us: reconnect once, and run the job again.
                if (!retried && self && job->error() != QKeychain::NoError && isStaleSession(job->errorString())
                    && forgetSecretServiceConnection()) {
                    timer->stop();
                    *reported = true;
                    if (guard)
                        self->run(make, guard, done, isRead, true);
                    return;
                }
                SecretResult result = mapError(job->error(), job->errorString());
                if (result.ok() && isRead)
                    result.value = static_cast<QKeychain::ReadPasswordJob*>(job)->textData();
                if (result.error != SecretError::NotFound || !isRead || !self || !guard) {
                    report(result);
                    return;
                }
                // A locked keyring hides its items: a read then finds nothing, though the secret is there.
                self->whenLocked(guard, [report, result](bool locked) {
                    report(locked ? SecretResult {SecretError::Denied,
                                                  QStringLiteral("The keyring is locked, so its secrets cannot be "
                                                                 "read (they are still stored). Unlock it (GNOME: "
                                                                 "Passwords and Keys, or log in again; KDE: KWallet) "
                                                                 "and try again."),
                                                  {}}
                                  : result);
                });
            });
    timer->start(m_timeoutMs);
    job->start();
}

void KeychainSecretStore::whenLocked(QObject* context, std::function<void(bool locked)> answer)
{
#if defined(AUTHLENS_SECRET_SERVICE_DBUS)
    // The Secret Service API (https://specifications.freedesktop.org/secret-service-spec/latest/): the
    // "default" alias names the collection QtKeychain stores in; its Locked property says whether it is locked.
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        QTimer::singleShot(0, context, [answer] { answer(false); });
        return;
    }
    const QDBusMessage readAlias
        = QDBusMessage::createMethodCall(kSecretService, QStringLiteral("/org/freedesktop/secrets"),
                                         QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("ReadAlias"))
        << QStringLiteral("default");
    auto* aliasWatcher = new QDBusPendingCallWatcher(bus.asyncCall(readAlias, m_timeoutMs), context);
    connect(
        aliasWatcher, &QDBusPendingCallWatcher::finished, context,
        [bus, answer, context, timeoutMs = m_timeoutMs](QDBusPendingCallWatcher* w) {
            w->deleteLater();
            const QDBusPendingReply<QDBusObjectPath> alias = *w;
            const QString path = alias.isError() ? QString() : alias.value().path();
            if (path.isEmpty() || path == u"/") {
                answer(false);
                return;
            }
            const QDBusMessage get = QDBusMessage::createMethodCall(kSecretService, path,
                                                                    QStringLiteral("org.freedesktop.DBus.Properties"),
                                                                    QStringLiteral("Get"))
                << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
            auto* lockedWatcher = new QDBusPendingCallWatcher(bus.asyncCall(get, timeoutMs), context);
            connect(lockedWatcher, &QDBusPendingCallWatcher::finished, context, [answer](QDBusPendingCallWatcher* l) {
                l->deleteLater();
                const QDBusPendingReply<QDBusVariant> locked = *l;
                answer(!locked.isError() && locked.value().variant().toBool());
            });
        });
#else
    QTimer::singleShot(0, context, [answer] { answer(false); });
#endif
}

void KeychainSecretStore::read(const QString& key, QObject* context, SecretCallback done)
{
    run(
        [this, key] {
            auto* job = new QKeychain::ReadPasswordJob(m_service, this);
            job->setKey(key);
            return job;
        },
        context, std::move(done), true);
}

void KeychainSecretStore::write(const QString& key, const QString& value, QObject* context, SecretCallback done)
{
    run(
        [this, key, value] {
            auto* job = new QKeychain::WritePasswordJob(m_service, this);
            job->setKey(key);
            job->setTextData(value);
            return job;
        },
        context, std::move(done), false);
}

void KeychainSecretStore::remove(const QString& key, QObject* context, SecretCallback done)
{
    run(
        [this, key] {
            auto* job = new QKeychain::DeletePasswordJob(m_service, this);
            job->setKey(key);
            return job;
        },
        context,
        [done = std::move(done)](const SecretResult& r) {
            // Deleting what is not there is what the caller wanted.
            done(r.error == SecretError::NotFound ? SecretResult {} : r);
        },
        false);
}

void KeychainSecretStore::probe(QObject* context, SecretCallback done)
{
    const QString key = QStringLiteral("probe/") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString value = QUuid::createUuid().toString();
    QPointer<KeychainSecretStore> self(this);
    write(key, value, context, [self, key, value, context, done](const SecretResult& written) {
        if (!written.ok() || !self) {
            done(written);
            return;
        }
        self->read(key, context, [self, key, value, context, done](const SecretResult& readBack) {
            if (!readBack.ok() || readBack.value != value) {
                done(readBack.ok() ? SecretResult {SecretError::Failed,
                                                   QStringLiteral("The keychain returned something other than what was "
                                                                  "stored."),
                                                   {}}
                                   : readBack);
                return;
            }
            if (!self) {
                done({});
                return;
            }
            self->remove(key, context, [done](const SecretResult& removed) { done(removed); });
        });
    });
}

} // namespace Authlens::Profiles
