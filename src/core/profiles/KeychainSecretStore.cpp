#include "profiles/KeychainSecretStore.h"

#include <QPointer>
#include <QTimer>
#include <QUuid>
#include <qt6keychain/keychain.h>

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
                QStringLiteral("No keychain service is reachable%1. Start a desktop session with GNOME Keyring or "
                               "KWallet, or use session-only secrets.")
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

void KeychainSecretStore::run(QKeychain::Job* job, QObject* context, SecretCallback done, bool isRead)
{
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
    connect(job, &QKeychain::Job::finished, context, [job, report, isRead] {
        SecretResult result = mapError(job->error(), job->errorString());
        if (result.ok() && isRead)
            result.value = static_cast<QKeychain::ReadPasswordJob*>(job)->textData();
        report(result);
        job->deleteLater();
    });
    timer->start(m_timeoutMs);
    job->start();
}

void KeychainSecretStore::read(const QString& key, QObject* context, SecretCallback done)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(key);
    run(job, context, std::move(done), true);
}

void KeychainSecretStore::write(const QString& key, const QString& value, QObject* context, SecretCallback done)
{
    auto* job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(key);
    job->setTextData(value);
    run(job, context, std::move(done), false);
}

void KeychainSecretStore::remove(const QString& key, QObject* context, SecretCallback done)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(key);
    run(
        job, context,
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
