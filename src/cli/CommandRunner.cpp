#include "CommandRunner.h"

#include <QCoreApplication>

#include <memory>
#include <optional>

namespace Authlens::Cli {

int runAsync(const std::function<void(const Finish& finish)>& start)
{
    struct State
    {
        std::optional<int> code;
        bool looping = false;
    };
    auto state = std::make_shared<State>();
    const Finish finish = [state](int exitCode) {
        if (state->code)
            return;
        state->code = exitCode;
        // exit() only ends a loop that runs: a command that finishes inside start() never enters one.
        if (state->looping)
            QCoreApplication::exit(exitCode);
    };
    start(finish);
    if (state->code)
        return *state->code;
    state->looping = true;
    const int code = QCoreApplication::exec();
    return state->code.value_or(code);
}

} // namespace Authlens::Cli
