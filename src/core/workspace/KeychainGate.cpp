#include "workspace/KeychainGate.h"

#include "profiles/KeychainSecretStore.h"

#include <QTimer>
#include <QUuid>

#include <memory>

namespace Authlens::Workspace {

using Profiles::SecretResult;
using Profiles::SecretStore;

namespace {

/// The same proof KeychainSecretStore::probe() gives, for any store (injected fakes): write, read back, delete.
void genericProbe(SecretStore* store, QObject* context, Profiles::SecretCallback done)
{
    const QString key = QStringLiteral("probe/") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString value = QUuid::createUuid().toString();
    QPointer<SecretStore> guard(store);
    store->write(key, value, context, [guard, key, value, context, done](const SecretResult& written) {
        if (!written.ok() || !guard) {
            done(written);
            return;
        }
        guard->read(key, context, [guard, key, value, context, done](const SecretResult& readBack) {
            if (!readBack.ok() || readBack.value != value || !guard) {
                done(readBack.ok() ? SecretResult {Profiles::SecretError::Failed,
                                                   QStringLiteral("The secret store returned something other than "
                                                                  "what was stored."),
                                                   {}}
                                   : readBack);
                return;
            }
            guard->remove(key, context, done);
        });
    });
}

} // namespace

KeychainGate::KeychainGate(const StoreFactory& factory, int retryDelayMs, QObject* parent)
    : QObject(parent)
    , m_keychain(factory ? factory(this) : new Profiles::KeychainSecretStore(this))
    , m_retryDelayMs(retryDelayMs)
{
}

KeychainGate::~KeychainGate() = default;

void KeychainGate::start()
{
    if (m_state == State::Idle)
        probe();
}

bool KeychainGate::isSettled() const
{
    return m_state != State::Idle && m_state != State::Checking;
}

void KeychainGate::probe()
{
    if (m_probing)
        return;
    m_probing = true;
    if (m_state != State::SessionOnly)
        setState(State::Checking, m_problem);
    auto done = [this](const SecretResult& result) { onProbed(result); };
    if (auto* keychain = qobject_cast<Profiles::KeychainSecretStore*>(m_keychain))
        keychain->probe(this, done);
    else
        genericProbe(m_keychain, this, done);
}

void KeychainGate::onProbed(const SecretResult& result)
{
    m_probing = false;
    if (result.ok()) {
        if (m_state == State::SessionOnly && m_memory && !m_memory->keys().isEmpty())
            moveSessionSecretsToKeychain();
        else
            setState(State::Ready, {});
        return;
    }
    const QString problem = result.message.isEmpty() ? QStringLiteral("The keychain failed.") : result.message;
    if (m_state == State::SessionOnly) {
        setState(State::SessionOnly, problem);
        return;
    }
    setState(State::Unavailable, problem);
    // The Secret Service may start after us at login: try once more a little later.
    if (!m_autoRetryScheduled && m_retryDelayMs >= 0) {
        m_autoRetryScheduled = true;
        m_autoRetryPending = true;
        QTimer::singleShot(m_retryDelayMs, this, [this] {
            m_autoRetryPending = false;
            if (m_state == State::Unavailable)
                probe();
        });
    }
}

void KeychainGate::moveSessionSecretsToKeychain()
{
    // Everything kept in session-only mode goes to the keychain before we switch, so nothing is lost.
    const QStringList keys = m_memory->keys();
    struct Batch
    {
        qsizetype pending = 0;
        QString error;
    };
    auto batch = std::make_shared<Batch>();
    batch->pending = keys.size();
    QPointer<SecretStore> keychain(m_keychain);
    for (const QString& key : keys) {
        m_memory->read(key, this, [this, batch, key, keychain](const SecretResult& value) {
            auto finish = [this, batch](const SecretResult& written) {
                if (!written.ok() && batch->error.isEmpty())
                    batch->error = written.message;
                if (--batch->pending > 0)
                    return;
                if (!batch->error.isEmpty()) {
                    setState(State::SessionOnly,
                             QStringLiteral("The keychain works again, but the session secrets could not be moved "
                                            "into it: %1")
                                 .arg(batch->error));
                    return;
                }
                m_memory->deleteLater();
                m_memory = nullptr;
                setState(State::Ready, {});
            };
            if (!value.ok() || !keychain) {
                finish(value.ok()
                           ? SecretResult {Profiles::SecretError::Failed, QStringLiteral("The keychain went away."), {}}
                           : value);
                return;
            }
            keychain->write(key, value.value, this, finish);
        });
    }
}

void KeychainGate::retry()
{
    probe();
}

void KeychainGate::useSessionOnly()
{
    if (m_state == State::SessionOnly || m_state == State::Ready)
        return;
    if (!m_memory)
        m_memory = new Profiles::MemorySecretStore(this);
    setState(State::SessionOnly, m_problem);
}

void KeychainGate::setState(State state, const QString& problem)
{
    const bool changed = state != m_state || problem != m_problem;
    m_state = state;
    m_problem = problem;
    if (changed)
        Q_EMIT stateChanged();
    flushWaiting();
}

SecretStore* KeychainGate::store() const
{
    switch (m_state) {
    case State::Ready:
        return m_keychain;
    case State::SessionOnly:
        return m_memory;
    case State::Idle:
    case State::Checking:
    case State::Unavailable:
        break;
    }
    return nullptr;
}

void KeychainGate::whenSettled(QObject* context, Settled ready)
{
    m_waiting.append({context, std::move(ready)});
    start();
    flushWaiting();
}

void KeychainGate::flushWaiting()
{
    if (!isSettled() || m_waiting.isEmpty())
        return;
    // Asynchronous even when settled, so callers see the same order of events either way.
    QTimer::singleShot(0, this, [this] {
        if (!isSettled())
            return;
        const QList<Waiting> waiting = std::exchange(m_waiting, {});
        SecretStore* current = store();
        const Error error = current
            ? Error {}
            : Error {ErrorKind::Keychain,
                     QStringLiteral("Secrets cannot be used because the keychain is not available: %1").arg(m_problem)};
        for (const Waiting& w : waiting) {
            if (w.context)
                w.ready(current, error);
        }
    });
}

QString keychainStateName(KeychainGate::State state)
{
    switch (state) {
    case KeychainGate::State::Idle:
        return QStringLiteral("idle");
    case KeychainGate::State::Checking:
        return QStringLiteral("checking");
    case KeychainGate::State::Ready:
        return QStringLiteral("ready");
    case KeychainGate::State::Unavailable:
        return QStringLiteral("unavailable");
    case KeychainGate::State::SessionOnly:
        return QStringLiteral("session_only");
    }
    return {};
}

} // namespace Authlens::Workspace
