#pragma once

#include <QStringList>

namespace Authlens::Cli {

/// `authlens-cli challenge [--proxy] [--json|--text] VALUE...` (DESIGN.md §6): parses each VALUE as one
/// WWW-Authenticate (or, with --proxy, Proxy-Authenticate) field value and prints the challenges with their
/// explanations and every diagnostic. `arguments` starts with the program name and "challenge".
/// Exit 0, 3 when any diagnostic is an error, 2 on a usage error.
int runChallenge(const QStringList& arguments);

} // namespace Authlens::Cli
