#pragma once

#include "profiles/SecretStore.h"

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
    void run(QKeychain::Job* job, QObject* context, SecretCallback done, bool isRead);

    QString m_service;
    int m_timeoutMs = 10000;
};

} // namespace Authlens::Profiles
