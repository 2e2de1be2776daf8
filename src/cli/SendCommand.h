#pragma once

#include <QStringList>

namespace Authlens::Cli {

/// `authlens-cli send …` (DESIGN.md §6). `arguments` starts with the program name and "send".
int runSend(const QStringList& arguments);

/// `authlens-cli demo-server [--port N]`: the demo API until SIGINT/SIGTERM.
int runDemoServer(const QStringList& arguments);

} // namespace Authlens::Cli
