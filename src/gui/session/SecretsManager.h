#pragma once

#include "workspace/KeychainGate.h"

namespace Authlens::Gui {

/// The keychain gate of the window (Workspace::KeychainGate: the state machine, the probe, the retry,
/// session-only mode) with the words the window shows for its states: the status-bar label and the
/// profile editor's sentence. Everything else — state(), problem(), store(), retry(), useSessionOnly(),
/// stateChanged() — is the core gate's.
class SecretsManager final : public Workspace::KeychainGate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretsManager)
public:
    SecretsManager(const StoreFactory& factory, int retryDelayMs, QObject* parent = nullptr);
    ~SecretsManager() override;

    /// "Keychain: Secret Service (…)", "Secrets: session only (memory)", …
    QString statusText() const;
    /// A longer sentence for the profile editor.
    QString description() const;
};

} // namespace Authlens::Gui
