#include "profiles/SecretStore.h"

#include <QPointer>
#include <QTimer>

namespace Authlens::Profiles {

QString secretErrorName(SecretError error)
{
    switch (error) {
    case SecretError::None:
        return QStringLiteral("none");
    case SecretError::NotFound:
        return QStringLiteral("not_found");
    case SecretError::Unavailable:
        return QStringLiteral("unavailable");
    case SecretError::Denied:
        return QStringLiteral("denied");
    case SecretError::Timeout:
        return QStringLiteral("timeout");
    case SecretError::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("failed");
}

SecretStore::~SecretStore() = default;

MemorySecretStore::MemorySecretStore(QObject* parent)
    : SecretStore(parent)
{
}

MemorySecretStore::~MemorySecretStore() = default;

namespace {
/// Callbacks are always asynchronous, as with a real keychain, so callers cannot come to rely on
/// a synchronous answer.
void later(QObject* context, SecretCallback done, SecretResult result)
{
    QTimer::singleShot(0, context, [done = std::move(done), result = std::move(result)] { done(result); });
}
} // namespace

void MemorySecretStore::read(const QString& key, QObject* context, SecretCallback done)
{
    const auto it = m_values.constFind(key);
    if (it == m_values.cend())
        later(context, std::move(done),
              {SecretError::NotFound, QStringLiteral("No secret stored for %1").arg(key), {}});
    else
        later(context, std::move(done), {SecretError::None, {}, *it});
}

void MemorySecretStore::write(const QString& key, const QString& value, QObject* context, SecretCallback done)
{
    m_values.insert(key, value);
    later(context, std::move(done), {});
}

void MemorySecretStore::remove(const QString& key, QObject* context, SecretCallback done)
{
    m_values.remove(key);
    later(context, std::move(done), {});
}

QString MemorySecretStore::backendName() const
{
    return QStringLiteral("session only (memory) — secrets are gone when Authlens quits");
}

QStringList MemorySecretStore::keys() const
{
    return m_values.keys();
}

} // namespace Authlens::Profiles
