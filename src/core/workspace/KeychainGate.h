#pragma once

#include "profiles/SecretStore.h"
#include "workspace/WorkspaceError.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace Authlens::Workspace {

/// Which secret store the application uses, and whether it works (STYLE-EXAMPLES §6). The GUI and the
/// CLI ask it before they read or write a secret.
///
/// The keychain is probed (write, read back, delete: "not found" alone proves nothing) when start() is
/// called, or else when secrets are first needed (whenSettled()): whoever never needs a secret never
/// opens the keychain, so no "create a keyring" prompt greets someone who only came to look.
/// If the probe fails the state is Unavailable: nothing reads or writes secrets, and problem() says why.
/// Two ways out: retry(), or useSessionOnly() — a MemorySecretStore, never a file (DESIGN.md §4). Because
/// the Secret Service may start after the desktop session, a failed first probe is retried once
/// automatically after the retry delay (none with a negative delay: a one-shot CLI run has no "later").
/// A successful retry from session-only mode moves the secrets kept in memory so far into the keychain.
///
/// The gate holds no wording for a window: the GUI words its states (Gui::SecretsManager); problem() and
/// the errors handed to whenSettled() are sentences for people, with what to do.
class KeychainGate : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainGate)
public:
    enum class State {
        Idle, ///< not probed yet: nothing has needed a secret
        Checking, ///< the probe runs
        Ready, ///< the keychain works
        Unavailable, ///< the keychain failed; secrets can neither be read nor stored
        SessionOnly, ///< the user chose memory: secrets live until the application quits
    };
    /// Creates the keychain store (parented to the given object). Tests inject a store with their own
    /// service name, or a failing fake; null: Profiles::KeychainSecretStore.
    using StoreFactory = std::function<Profiles::SecretStore*(QObject* parent)>;
    /// `store` is the store to use, or nullptr with `error` (kind Keychain) saying why secrets cannot be used.
    using Settled = std::function<void(Profiles::SecretStore* store, const Error& error)>;

    explicit KeychainGate(const StoreFactory& factory = {}, int retryDelayMs = 3000, QObject* parent = nullptr);
    ~KeychainGate() override;

    /// Probes the keychain unless that has begun already; on failure retries once after the retry delay.
    void start();
    State state() const { return m_state; }
    /// True once the state is known: Ready, Unavailable or SessionOnly.
    bool isSettled() const;
    /// The one automatic probe after a failure (the Secret Service may start late) is still to come.
    bool isAutomaticRetryPending() const { return m_autoRetryPending; }
    /// Why the keychain does not work (the mapped message, with what to do); empty when it works.
    QString problem() const { return m_problem; }
    /// The store to use now; nullptr while idle or checking, or when the keychain is unavailable.
    Profiles::SecretStore* store() const;
    /// The keychain store, whatever the state (its backendName() for a status line).
    Profiles::SecretStore* keychain() const { return m_keychain; }
    /// Runs `ready(store, error)` once the state is settled (asynchronously, also when it is settled
    /// already), probing first when Idle. Dropped when `context` is destroyed first.
    void whenSettled(QObject* context, Settled ready);

public Q_SLOTS:
    void retry();
    void useSessionOnly();

Q_SIGNALS:
    void stateChanged();

private:
    void probe();
    void onProbed(const Profiles::SecretResult& result);
    void moveSessionSecretsToKeychain();
    void setState(State state, const QString& problem);
    void flushWaiting();

    Profiles::SecretStore* m_keychain = nullptr;
    Profiles::MemorySecretStore* m_memory = nullptr;
    State m_state = State::Idle;
    QString m_problem;
    int m_retryDelayMs = 3000;
    bool m_autoRetryScheduled = false;
    bool m_autoRetryPending = false;
    bool m_probing = false;
    struct Waiting
    {
        QPointer<QObject> context;
        Settled ready;
    };
    QList<Waiting> m_waiting;
};

/// "idle", "checking", "ready", "unavailable", "session_only".
QString keychainStateName(KeychainGate::State state);

} // namespace Authlens::Workspace
