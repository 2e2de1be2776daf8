#pragma once

#include "CliCommon.h"
#include "ExchangeJson.h"
#include "diagnosis/Diagnoser.h"
#include "http/RequestSpec.h"
#include "profiles/Profile.h"
#include "workspace/RefreshAndResend.h"
#include "workspace/TokenService.h"

#include <QJsonObject>
#include <QStringList>

#include <functional>

namespace Authlens::Cli {

/// `authlens-cli refresh --profile NAME [--new]` (DESIGN.md §6): runs the profile's grant (the refresh
/// token when there is one, the profile's own grant with --new), stores the tokens and prints the
/// token-endpoint transcript. Exit 0 done, 1 the token endpoint refused (its oauth.* finding says why),
/// 2 usage, 3 bad profile, 4 network or keychain.
int runRefresh(const QStringList& arguments);

// `send --refresh` (SendCommand.cpp) runs the shared resend flow through these.

/// A token run as JSON: the grant, the endpoint and where it came from, every step with its hops
/// (secrets and secret body fields redacted unless options.revealSecrets) and findings, the expiry,
/// rotation, and whether the tokens were stored.
QJsonObject tokenOutcomeJson(const Workspace::TokenOutcome& outcome, const ExchangeOutputOptions& options);
QString tokenOutcomeText(const Workspace::TokenOutcome& outcome, const ExchangeOutputOptions& options);
/// What `send --refresh` adds to send's JSON: "summary", "refreshed_first", "token" (or null) and
/// "before" (the first exchange with its headline and findings, when the request was resent).
void addResendJson(QJsonObject& json, const Workspace::ResendOutcome& outcome, const Http::SecretPolicy& policy,
                   const ExchangeOutputOptions& options);
QString resendText(const Workspace::ResendOutcome& outcome, const Http::SecretPolicy& policy,
                   const ExchangeOutputOptions& options);
/// The exchange send --refresh reports: the resend, else the first send (none when nothing was sent).
Http::Exchange finalExchange(const Workspace::ResendOutcome& outcome);
/// The exit code of send --refresh: a failed token run decides (1 refused, 3, 4), and a keychain that
/// did not take the new tokens is 4; otherwise `sendCode`, the code of the final exchange.
int resendExitCode(const Workspace::ResendOutcome& outcome, int sendCode);
/// RFC 8628 §3.3: while `service` runs a device_code grant, says on stderr (stdout is the command's JSON)
/// where to go and which code to enter. The user code is meant to be shown; the device code never is.
void announceDeviceAuthorization(Workspace::TokenService* service, QObject* context);

/// What `refresh` and `login` share: the profile (a stored one with its secrets from the keychain, or a built-in
/// demo profile with a demo API of its own), one token run, the profile file's new expiry, the transcript on
/// stdout. `request` is the run's request without its profile.
struct TokenCommand
{
    QString profileName;
    QString demoHint; ///< "the demo's … profile is demo-…", for the "no profile named" error
    Workspace::TokenService::Request request;
    /// Called with the run's request once the profile is known (its grant may depend on it).
    std::function<void(Workspace::TokenService::Request&)> prepare;
    /// Connects what the command says on stderr while the run goes on (besides the device code, always said).
    std::function<void(Workspace::TokenService*, QObject*)> announce;
    ExchangeOutputOptions output;
    OutputMode outputMode = OutputMode::Json;
};
/// Runs `command`; returns the exit code (the token run's error decides).
int runTokenCommand(const TokenCommand& command);

} // namespace Authlens::Cli
