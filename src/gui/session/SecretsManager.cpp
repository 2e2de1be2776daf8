#include "session/SecretsManager.h"

namespace Authlens::Gui {

SecretsManager::SecretsManager(const StoreFactory& factory, int retryDelayMs, QObject* parent)
    : Workspace::KeychainGate(factory, retryDelayMs, parent)
{
}

SecretsManager::~SecretsManager() = default;

QString SecretsManager::statusText() const
{
    switch (state()) {
    case State::Idle:
        return tr("Keychain: not opened yet");
    case State::Checking:
        return tr("Keychain: checking…");
    case State::Ready:
        return tr("Keychain: %1").arg(keychain()->backendName());
    case State::Unavailable:
        return tr("Keychain unavailable");
    case State::SessionOnly:
        return tr("Secrets: session only (memory)");
    }
    return {};
}

QString SecretsManager::description() const
{
    switch (state()) {
    case State::Idle:
        return tr("Secrets will be stored in the system keychain, never in the profile file. Authlens opens the "
                  "keychain when a profile first needs it.");
    case State::Checking:
        return tr("Checking the keychain…");
    case State::Ready:
        return keychain()->isPersistent()
            ? tr("Secrets are stored in the keychain (%1), never in the profile file.").arg(keychain()->backendName())
            : tr("Secrets are kept by %1, never in the profile file.").arg(keychain()->backendName());
    case State::Unavailable:
        return tr("The keychain is not available, so secrets cannot be saved: %1").arg(problem());
    case State::SessionOnly:
        return tr("Session-only secrets: kept in memory until you quit, never written to a file.");
    }
    return {};
}

} // namespace Authlens::Gui
