#pragma once

#include <functional>

namespace Authlens::Cli {

/// Ends an asynchronous command with its exit code (DESIGN.md §6). Only the first call counts.
using Finish = std::function<void(int exitCode)>;

/// Runs an asynchronous command on the application's one event loop: `start` begins the work (a keychain
/// read through the workspace services, a request through HttpClient …) and arranges for `finish(code)`
/// when it is done; the loop then ends and runAsync() returns that code. No nested QEventLoop
/// (STYLE-EXAMPLES §6): the process has one loop, run once, here. `start` may also finish at once.
int runAsync(const std::function<void(const Finish& finish)>& start);

} // namespace Authlens::Cli
