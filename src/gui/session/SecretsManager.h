#pragma once

#include "profiles/SecretStore.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace Authlens::Gui {

/// Which secret store the app uses, and whether it works (STYLE-EXAMPLES §6).
///
/// The keychain is probed (write, read back, delete: "not found" alone proves nothing) when start()
/// is called — the session does that at start when stored profiles exist — or else when secrets are
/// first needed (whenSettled()): a first start with only the demo never opens the keychain, so no
/// "create a keyring" prompt greets someone who only came to look.
/// If that fails the state is Unavailable: nothing reads or writes secrets, and the UI shows why
/// with two ways out — Retry, or session-only secrets (a MemorySecretStore; never a file). Because
/// the Secret Service may start after the desktop session, a failed first probe is retried once
/// automatically a few seconds later. Retrying from session-only mode moves the secrets typed so far
/// into the keychain.
class SecretsManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretsManager)
public:
    enum class State {
        Idle, ///< not probed yet: nothing has needed a secret
        Checking, ///< the probe runs
        Ready, ///< the keychain works
        Unavailable, ///< the keychain failed; secrets can neither be read nor stored
        SessionOnly, ///< the user chose memory: secrets live until Authlens quits
    };
    /// Creates the keychain store (parented to the given object). Tests inject a store with their own
    /// service name, or a failing fake.
    using StoreFactory = std::function<Profiles::SecretStore*(QObject* parent)>;

    SecretsManager(const StoreFactory& factory, int retryDelayMs, QObject* parent = nullptr);
    ~SecretsManager() override;

    /// Probes the keychain unless that has begun already; on failure retries once after the retry delay.
    void start();
    State state() const { return m_state; }
    /// Why the keychain does not work (the mapped message, with what to do); empty when it works.
    QString problem() const { return m_problem; }
    /// "Keychain: Secret Service (…)", "Secrets: session only (memory)", …
    QString statusText() const;
    /// A longer sentence for the profile editor.
    QString description() const;
    /// The store to use now; nullptr while checking or when the keychain is unavailable.
    Profiles::SecretStore* store() const;
    /// Runs `ready(store, problem)` once the state is settled (at once, asynchronously, if it is),
    /// probing first when Idle: `store` is nullptr with the reason when secrets cannot be used.
    void whenSettled(QObject* context, std::function<void(Profiles::SecretStore*, const QString&)> ready);

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
    bool m_probing = false;
    struct Waiting
    {
        QPointer<QObject> context;
        std::function<void(Profiles::SecretStore*, const QString&)> ready;
    };
    QList<Waiting> m_waiting;
};

} // namespace Authlens::Gui
