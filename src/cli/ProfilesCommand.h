#pragma once

#include "profiles/Profile.h"

#include <QStringList>

#include <optional>

namespace Authlens::Cli {

/// `authlens-cli profiles list | show NAME | export NAME... -o FILE [--passphrase-file F]
///  | import FILE [--passphrase-file F] [--on-conflict rename|replace|skip]` (DESIGN.md §6).
int runProfiles(const QStringList& arguments);

/// A stored profile by id or name (case-insensitive), with its secrets read from the keychain.
/// Prints the error and sets *exitCode when it fails; nullopt when no stored profile matches.
std::optional<Profiles::Profile> loadStoredProfile(const QString& nameOrId, int* exitCode);

} // namespace Authlens::Cli
