#pragma once

#include "profiles/SecretStore.h"

#include <functional>

namespace QKeychain {
class Job;
}

namespace Authlens::Profiles {

/// Secrets in the OS keychain through QtKeychain (service org.authlens.Authlens). Never falls back
/// to plaintext; every job has a timeout (QtKeychain jobs have none, and a keychain stuck behind a
/// second D-Bus session hangs for 45 s — TOOLCHAIN.md); every error maps to a message with an action.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)
public:
    explicit KeychainSecretStore(QObject* parent = nullptr, const QString& service = QStringLiteral(AUTHLENS_APP_ID));
    ~KeychainSecretStore() override;

    void read(const QString& key, QObject* context, SecretCallback done) override;
    void write(const QString& key, const QString& value, QObject* context, SecretCallback done) override;
    void remove(const QString& key, QObject* context, SecretCallback done) override;
    bool isPersistent() const override { return true; }
    QString backendName() const override;

    QString service() const { return m_service; }
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

    /// Proves the keychain works by writing, reading back and deleting a probe entry ("not found"
    /// alone proves nothing: reads of an unreachable keychain also say not found).
    void probe(QObject* context, SecretCallback done);

    /// The user-facing message for a QtKeychain error code and its errorString().
    static SecretResult mapError(int keychainError, const QString& errorString);

private:
    using JobFactory = std::function<QKeychain::Job*()>;
    /// Runs the job `make` creates; `retried` once the job was started again after a stale connection.
    void run(const JobFactory& make, QObject* context, SecretCallback done, bool isRead, bool retried = false);
    /// For a read that found nothing: whether the keyring holding our entries is locked (then "not found"
    /// is not the answer: locked items are invisible to a search). Answers `locked` asynchronously.
    void whenLocked(QObject* context, std::function<void(bool locked)> answer);

    QString m_service;
    int m_timeoutMs = 10000;
};

} // namespace Authlens::Profiles
