#pragma once

#include <QStringList>

namespace Authlens::Cli {

/// `authlens-cli profiles list | show NAME | export NAME... -o FILE [--passphrase-file F]
///  | import FILE [--passphrase-file F] [--on-conflict rename|replace|skip]` (DESIGN.md §6).
int runProfiles(const QStringList& arguments);

} // namespace Authlens::Cli
