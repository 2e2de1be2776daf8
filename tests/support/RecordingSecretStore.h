#pragma once

#include "profiles/SecretStore.h"

#include <QList>
#include <QPointer>

#include <functional>

namespace Authlens::Test {

/// A SecretStore in front of another one (a MemorySecretStore, or the real keychain) that records every
/// call, can run a check as each call starts (what is on disk at that moment), can refuse the keys of
/// chosen profiles, and can answer reads late (a slow keychain).
class RecordingSecretStore final : public Profiles::SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordingSecretStore)
public:
    struct Call
    {
        QString op; ///< "read", "write", "remove"
        QString key;
    };

    /// Passes calls on to `inner` (not owned; it must outlive this store).
    explicit RecordingSecretStore(Profiles::SecretStore* inner, QObject* parent = nullptr);
    ~RecordingSecretStore() override;

    void read(const QString& key, QObject* context, Profiles::SecretCallback done) override;
    void write(const QString& key, const QString& value, QObject* context, Profiles::SecretCallback done) override;
    void remove(const QString& key, QObject* context, Profiles::SecretCallback done) override;
    bool isPersistent() const override;
    QString backendName() const override;

    QList<Call> calls() const { return m_calls; }
    /// The calls whose key starts with `prefix` (a profile id + '/'), as "op key".
    QStringList callsFor(const QString& prefix) const;

    /// Runs as each call starts ("read", "write", "remove"), before the inner store sees it.
    std::function<void(const QString& op, const QString& key)> onCall;
    /// Writes and removes of keys starting with one of these fail (SecretError::Failed), without reaching
    /// the inner store.
    QStringList failingPrefixes;
    /// Reads answer this many milliseconds late.
    int readDelayMs = 0;
    /// Reads whose answer has been delivered (or dropped because their context was gone).
    int readsAnswered() const { return m_readsAnswered; }

private:
    void record(const QString& op, const QString& key);
    bool refuses(const QString& key, QObject* context, const Profiles::SecretCallback& done);

    QPointer<Profiles::SecretStore> m_inner;
    QList<Call> m_calls;
    int m_readsAnswered = 0;
};

} // namespace Authlens::Test
