#include "FailingSecretStore.h"

#include <QTimer>

namespace Authlens::Test {

FailingSecretStore::FailingSecretStore(Profiles::SecretError error, QObject* parent)
    : SecretStore(parent)
    , m_error(error)
{
}

FailingSecretStore::~FailingSecretStore() = default;

void FailingSecretStore::fail(QObject* context, Profiles::SecretCallback done)
{
    ++m_calls;
    const Profiles::SecretResult result {
        m_error, QStringLiteral("fake failure: %1").arg(Profiles::secretErrorName(m_error)), {}};
    QTimer::singleShot(0, context, [done = std::move(done), result] { done(result); });
}

void FailingSecretStore::read(const QString&, QObject* context, Profiles::SecretCallback done)
{
    fail(context, std::move(done));
}

void FailingSecretStore::write(const QString&, const QString&, QObject* context, Profiles::SecretCallback done)
{
    fail(context, std::move(done));
}

void FailingSecretStore::remove(const QString&, QObject* context, Profiles::SecretCallback done)
{
    fail(context, std::move(done));
}

} // namespace Authlens::Test
