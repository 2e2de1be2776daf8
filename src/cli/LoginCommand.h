#pragma once

#include <QStringList>

namespace Authlens::Cli {

/// `authlens-cli login --profile NAME [--flow code|device] [--no-browser]` (DESIGN.md §6, issue 11): runs the
/// profile's interactive grant through the token service (Mode::New with the grant of --flow): the
/// authorization code grant opens the browser (AUTHLENS_BROWSER, else xdg-open; only printed with
/// --no-browser) and waits for the loopback redirect; the device grant prints the user code and each poll.
/// What the user must see goes to stderr; the transcript goes to stdout as `refresh` prints it. Exit 0
/// signed in, 1 refused (access_denied, a forged state, the token endpoint's no: the finding says which),
/// 2 usage, 3 bad profile, 4 network, timeout or keychain.
int runLogin(const QStringList& arguments);

} // namespace Authlens::Cli
