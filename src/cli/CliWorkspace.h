#pragma once

#include "profiles/Profile.h"
#include "workspace/KeychainGate.h"
#include "workspace/ProfileRepository.h"
#include "workspace/WorkspaceError.h"

#include <QString>

#include <functional>
#include <optional>

namespace Authlens::Cli {

/// The workspace services of one CLI run (DESIGN.md §2): the keychain gate and the profile repository over
/// the profile folder ($AUTHLENS_DATA_DIR/profiles or ~/.local/share/Authlens/profiles) — the same code the
/// GUI's Session adapts, so profiles, secrets and their rules behave the same in both. The gate does not
/// retry by itself: a CLI run is over before the Secret Service could come up late.
class CliWorkspace
{
public:
    CliWorkspace();
    Q_DISABLE_COPY_MOVE(CliWorkspace)

    Workspace::KeychainGate& gate() { return m_gate; }
    Workspace::ProfileRepository& repository() { return m_repository; }

    using ProfileDone
        = std::function<void(const std::optional<Profiles::Profile>& profile, const Workspace::Error& error)>;
    /// Reads the profile folder and looks up a stored profile by id or name (ignoring case), with its
    /// secrets read from the keychain. `done` gets nullopt without error when no stored profile matches,
    /// and a Keychain error when its secrets cannot be read. Asynchronous; dropped when `context` goes.
    void withStoredProfile(const QString& idOrName, QObject* context, ProfileDone done);

private:
    Workspace::KeychainGate m_gate;
    Workspace::ProfileRepository m_repository;
};

} // namespace Authlens::Cli
