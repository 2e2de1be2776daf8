#include "RecordingSecretStore.h"

#include <QTimer>

namespace Authlens::Test {

using Profiles::SecretCallback;
using Profiles::SecretResult;

RecordingSecretStore::RecordingSecretStore(Profiles::SecretStore* inner, QObject* parent)
    : SecretStore(parent)
    , m_inner(inner)
{
}

RecordingSecretStore::~RecordingSecretStore() = default;

QStringList RecordingSecretStore::callsFor(const QString& prefix) const
{
    QStringList out;
    for (const Call& c : m_calls) {
        if (c.key.startsWith(prefix))
            out.append(c.op + u' ' + c.key);
    }
    return out;
}

void RecordingSecretStore::record(const QString& op, const QString& key)
{
    m_calls.append({op, key});
    if (onCall)
        onCall(op, key);
}

bool RecordingSecretStore::refuses(const QString& key, QObject* context, const SecretCallback& done)
{
    for (const QString& prefix : std::as_const(failingPrefixes)) {
        if (key.startsWith(prefix)) {
            const SecretResult result {Profiles::SecretError::Failed, QStringLiteral("refused by the test"), {}};
            QTimer::singleShot(0, context, [done, result] { done(result); });
            return true;
        }
    }
    return false;
}

void RecordingSecretStore::read(const QString& key, QObject* context, SecretCallback done)
{
    record(QStringLiteral("read"), key);
    QPointer<QObject> guard(context);
    if (readDelayMs <= 0) {
        m_inner->read(key, this, [this, guard, done = std::move(done)](const SecretResult& result) {
            ++m_readsAnswered;
            if (guard)
                done(result);
        });
        return;
    }
    m_inner->read(key, this, [this, guard, done = std::move(done)](const SecretResult& result) {
        QTimer::singleShot(readDelayMs, this, [this, guard, done, result] {
            ++m_readsAnswered;
            if (guard)
                done(result);
        });
    });
}

void RecordingSecretStore::write(const QString& key, const QString& value, QObject* context, SecretCallback done)
{
    record(QStringLiteral("write"), key);
    if (refuses(key, context, done))
        return;
    m_inner->write(key, value, context, std::move(done));
}

void RecordingSecretStore::remove(const QString& key, QObject* context, SecretCallback done)
{
    record(QStringLiteral("remove"), key);
    if (refuses(key, context, done))
        return;
    m_inner->remove(key, context, std::move(done));
}

bool RecordingSecretStore::isPersistent() const
{
    return m_inner->isPersistent();
}

QString RecordingSecretStore::backendName() const
{
    return QStringLiteral("recording (%1)").arg(m_inner->backendName());
}

} // namespace Authlens::Test
