#pragma once

#include <QString>

namespace Authlens::Workspace {

/// What kind of failure an application service reports. One type for the GUI and the CLI; the CLI maps it
/// onto its exit codes (DESIGN.md §6), the GUI onto a message.
enum class ErrorKind {
    None,
    Usage, ///< the caller asked for something impossible (CLI exit 2)
    BadInput, ///< a profile, file or value is missing or invalid (exit 3)
    Network, ///< no answer: connection, TLS, proxy, timeout (exit 4)
    Keychain, ///< the secret store failed (exit 4)
    Refused, ///< an answer came, and it said no: an OAuth error, a 401 (exit 1)
};

/// "usage", "bad_input", "network", "keychain", "refused" (empty for None).
QString errorKindName(ErrorKind kind);

struct Error
{
    ErrorKind kind = ErrorKind::None;
    QString message; ///< for people: what happened and what to do
    bool isError() const { return kind != ErrorKind::None; }
};

/// A BadInput error: a profile, file or value the caller gave is missing or invalid.
inline Error badInput(const QString& message)
{
    return Error {ErrorKind::BadInput, message};
}

/// The CLI exit code of an error: 0 none, 1 refused, 2 usage, 3 bad input, 4 network or keychain.
int exitCodeFor(const Error& error);

} // namespace Authlens::Workspace
