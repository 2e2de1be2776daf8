#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Authlens::Cli {

/// Exit codes, DESIGN.md §6.
enum ExitCode : int {
    ExitDone = 0,
    ExitAuthFailure = 1, ///< answered 401/403/407 (send), or findings of severity cause (diagnose)
    ExitUsage = 2,
    ExitBadInput = 3,
    ExitNetwork = 4, ///< network, TLS or keychain failure
};

enum class OutputMode { Json, Text };

/// --json / --text given explicitly, else JSON when stdout is not a terminal.
OutputMode outputMode(bool jsonFlag, bool textFlag);

/// Adds --help and parses `arguments`. An exit code when the command is done (a usage error was
/// printed, or the help text), nullopt when it goes on.
std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& arguments);

void printJson(const QJsonObject& object);
void printText(const QString& text);
/// Errors go to stderr, prefixed with the program name.
void printError(const QString& message);

} // namespace Authlens::Cli
