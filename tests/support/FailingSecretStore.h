#pragma once

#include "profiles/SecretStore.h"

namespace Authlens::Test {

/// A SecretStore that answers every call with one error, asynchronously: the error paths a real
/// keychain reaches only when it is broken.
class FailingSecretStore final : public Profiles::SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FailingSecretStore)
public:
    explicit FailingSecretStore(Profiles::SecretError error, QObject* parent = nullptr);
    ~FailingSecretStore() override;

    void read(const QString& key, QObject* context, Profiles::SecretCallback done) override;
    void write(const QString& key, const QString& value, QObject* context, Profiles::SecretCallback done) override;
    void remove(const QString& key, QObject* context, Profiles::SecretCallback done) override;
    bool isPersistent() const override { return true; }
    QString backendName() const override { return QStringLiteral("failing fake"); }
    int calls() const { return m_calls; }

private:
    void fail(QObject* context, Profiles::SecretCallback done);
    Profiles::SecretError m_error;
    int m_calls = 0;
};

} // namespace Authlens::Test
