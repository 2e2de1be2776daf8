#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace Authlens::Jwt {
class KeyDiscovery;
struct KeyLookup;
} // namespace Authlens::Jwt

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

/// Reads a small input file (a key, a token, a JWKS; "-" is stdin), at most 4 MiB.
std::optional<QByteArray> readSmallFile(const QString& path, QString* error);
bool isHttpUrl(const QString& text);

constexpr int KeyFetchTimeoutMs = 15000;
/// Runs a KeyDiscovery request to completion on the command's event loop (before the command's other
/// asynchronous work: it is not nested in another loop).
Jwt::KeyLookup waitForLookup(Jwt::KeyDiscovery& discovery, const std::function<int()>& start);

} // namespace Authlens::Cli
