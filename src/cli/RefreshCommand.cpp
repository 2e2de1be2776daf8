#include "RefreshCommand.h"

#include "CheckOptions.h"
#include "CliCommon.h"
#include "CliWorkspace.h"
#include "CommandRunner.h"
#include "FindingsText.h"
#include "demo/DemoServer.h"
#include "http/Redaction.h"
#include "jwt/TimeText.h"
#include "workspace/ClientAuthentication.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>

#include <memory>

namespace Authlens::Cli {

using namespace Qt::StringLiterals;
using Workspace::ErrorKind;
using Workspace::ResendOutcome;
using Workspace::TokenOutcome;
using Workspace::TokenStep;

namespace {

/// What a token endpoint's transcript is shown with: the standard policy redacts the Authorization of
/// client_secret_basic, and, with redactBodies, client_secret, password, refresh_token, access_token and
/// id_token in the bodies.
const Http::SecretPolicy& transcriptPolicy()
{
    return Http::SecretPolicy::standard();
}

QString masked(const QString& secret, const ExchangeOutputOptions& options)
{
    if (secret.isEmpty())
        return {};
    return options.revealSecrets ? secret : QString::fromUtf8(Http::redactValue("X-Secret", secret.toUtf8()));
}

QJsonValue errorJson(const Workspace::Error& error)
{
    if (!error.isError())
        return QJsonValue::Null;
    return QJsonObject {{u"kind"_s, Workspace::errorKindName(error.kind)}, {u"message"_s, error.message}};
}

QString expiryText(qint64 expiresAt)
{
    if (expiresAt <= 0)
        return QStringLiteral("unknown (the answer had no expires_in)");
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return QStringLiteral("%1 (%2)").arg(Jwt::TimeText::utc(expiresAt),
                                         expiresAt >= now
                                             ? QStringLiteral("in %1").arg(Jwt::TimeText::duration(expiresAt - now))
                                             : QStringLiteral("%1 ago").arg(Jwt::TimeText::duration(now - expiresAt)));
}

/// A stored profile (secrets from the keychain), else a built-in demo profile with its own in-process
/// demo API, so its tokens and its token endpoint are real.
} // namespace

QJsonObject tokenOutcomeJson(const TokenOutcome& outcome, const ExchangeOutputOptions& given)
{
    ExchangeOutputOptions options = given;
    options.redactBodies = true;
    QJsonArray steps;
    for (const TokenStep& step : outcome.transcript) {
        const QJsonObject exchange = exchangeToJson(step.exchange, transcriptPolicy(), options);
        QJsonObject stepJson {{u"title"_s, step.title},
                              {u"hops"_s, exchange.value(u"hops")},
                              {u"error"_s, exchange.value(u"error")},
                              {u"findings"_s, findingsJson(step.findings)}};
        // RFC 7523: the client assertion's header and claims (never its signature; the body has it redacted).
        if (const QJsonObject assertion = Workspace::clientAssertionSummary(step.exchange); !assertion.isEmpty())
            stepJson.insert(u"client_assertion"_s, assertion);
        steps.append(stepJson);
    }
    QJsonObject token;
    if (outcome.ok) {
        const Workspace::TokenResponse& r = outcome.response;
        token = QJsonObject {
            {u"access_token"_s, masked(r.accessToken, options)},
            {u"token_type"_s, r.tokenType.isEmpty() ? QJsonValue() : QJsonValue(r.tokenType)},
            {u"expires_in"_s, r.expiresIn ? QJsonValue(double(*r.expiresIn)) : QJsonValue()},
            {u"expires_at"_s, outcome.expiresAt > 0 ? QJsonValue(Jwt::TimeText::iso(outcome.expiresAt)) : QJsonValue()},
            {u"expires_at_unix"_s, outcome.expiresAt > 0 ? QJsonValue(double(outcome.expiresAt)) : QJsonValue()},
            {u"scope"_s, QJsonArray::fromStringList(r.scopes)},
            {u"refresh_token"_s, r.refreshToken.isEmpty() ? QJsonValue() : QJsonValue(masked(r.refreshToken, options))},
            {u"id_token"_s, r.idToken.isEmpty() ? QJsonValue() : QJsonValue(masked(r.idToken, options))},
        };
        if (!r.problem.isEmpty())
            token[u"note"] = r.problem;
    }
    const TokenStep* tokenStep = outcome.tokenRequestStep();
    return QJsonObject {
        {u"ok"_s, outcome.ok},
        {u"profile"_s, outcome.profile.id},
        {u"grant_type"_s, outcome.grantType},
        {u"token_endpoint"_s,
         outcome.tokenEndpoint.isEmpty() ? QJsonValue() : QJsonValue(outcome.tokenEndpoint.toString())},
        {u"endpoint_source"_s, Workspace::endpointSourceName(outcome.endpointSource)},
        {u"endpoint_note"_s, outcome.endpointNote},
        {u"steps"_s, steps},
        {u"token_step"_s, outcome.tokenStep},
        {u"status"_s,
         tokenStep && tokenStep->exchange.hasResponse() ? QJsonValue(tokenStep->exchange.finalStatus()) : QJsonValue()},
        {u"findings"_s, findingsJson(outcome.findings())},
        {u"token"_s, outcome.ok ? QJsonValue(token) : QJsonValue()},
        {u"rotated"_s, outcome.refreshTokenRotated},
        {u"reauthenticate"_s, outcome.reauthenticate},
        {u"stored"_s, outcome.stored},
        {u"session_only"_s, outcome.sessionOnly},
        {u"store_error"_s, outcome.storeError.isEmpty() ? QJsonValue() : QJsonValue(outcome.storeError)},
        {u"error"_s, errorJson(outcome.error)},
    };
}

QString tokenOutcomeText(const TokenOutcome& outcome, const ExchangeOutputOptions& given)
{
    ExchangeOutputOptions options = given;
    options.redactBodies = true;
    QString out;
    for (qsizetype i = 0; i < outcome.transcript.size(); ++i) {
        const TokenStep& step = outcome.transcript.at(i);
        out += QStringLiteral("══ step %1: %2 ══\n").arg(i + 1).arg(step.title);
        out += exchangeToText(step.exchange, transcriptPolicy(), options);
        if (const QString assertion = Workspace::clientAssertionText(Workspace::clientAssertionSummary(step.exchange));
            !assertion.isEmpty())
            out += assertion + u'\n';
        if (!step.findings.isEmpty()) {
            Diagnosis::Diagnosis d;
            d.headline.title = QStringLiteral("Findings:");
            d.findings = step.findings;
            out += u'\n' + diagnosisToText(d, QStringLiteral("  "));
        }
        out += u'\n';
    }
    out += QStringLiteral("Grant: %1\n").arg(outcome.grantType);
    if (!outcome.tokenEndpoint.isEmpty())
        out += QStringLiteral("Token endpoint: %1 (%2: %3)\n")
                   .arg(outcome.tokenEndpoint.toString(), Workspace::endpointSourceName(outcome.endpointSource),
                        outcome.endpointNote);
    if (outcome.ok) {
        const Workspace::TokenResponse& r = outcome.response;
        out += QStringLiteral("Access token: %1 (%2), expires %3\n")
                   .arg(masked(r.accessToken, options), r.tokenType.isEmpty() ? u"Bearer"_s : r.tokenType,
                        expiryText(outcome.expiresAt));
        if (!r.scopes.isEmpty())
            out += QStringLiteral("Scope: %1\n").arg(r.scopes.join(u' '));
        if (!r.refreshToken.isEmpty())
            out += outcome.refreshTokenRotated
                ? QStringLiteral("Refresh token: rotated — a new one replaced the one sent, which is dead now\n")
                : QStringLiteral("Refresh token: %1\n").arg(masked(r.refreshToken, options));
        if (outcome.stored)
            out += outcome.sessionOnly ? QStringLiteral("Stored in session-only memory.\n")
                                       : QStringLiteral("Stored in the keychain.\n");
        else if (outcome.storeError.isEmpty())
            out += QStringLiteral("Kept in memory (a demo profile is never stored).\n");
    }
    if (!outcome.storeError.isEmpty())
        out += QStringLiteral("Not stored: %1\n").arg(outcome.storeError);
    if (outcome.error.isError() && outcome.storeError.isEmpty())
        out += QStringLiteral("Error (%1): %2\n")
                   .arg(Workspace::errorKindName(outcome.error.kind), outcome.error.message);
    return out;
}

Http::Exchange finalExchange(const ResendOutcome& outcome)
{
    if (outcome.after)
        return outcome.after->exchange;
    if (outcome.before)
        return outcome.before->exchange;
    return {};
}

void addResendJson(QJsonObject& json, const ResendOutcome& outcome, const Http::SecretPolicy& policy,
                   const ExchangeOutputOptions& options)
{
    json[u"summary"] = outcome.summary;
    json[u"refreshed_first"] = outcome.refreshedFirst;
    json[u"token"] = outcome.token ? QJsonValue(tokenOutcomeJson(*outcome.token, options)) : QJsonValue();
    // Two exchanges: the top level is the resend, "before" the one that was refused.
    if (outcome.before && outcome.after) {
        QJsonObject before = exchangeToJson(outcome.before->exchange, policy, options);
        const QJsonObject diagnosed = outcome.before->diagnosis.toJson();
        before[u"headline"] = diagnosed.value(u"headline");
        before[u"findings"] = diagnosed.value(u"findings");
        json[u"before"] = before;
    } else {
        json[u"before"] = QJsonValue();
    }
}

QString resendText(const ResendOutcome& outcome, const Http::SecretPolicy& policy, const ExchangeOutputOptions& options)
{
    QString out;
    if (outcome.before && outcome.after) {
        out += QStringLiteral("════ before ════\n");
        out += exchangeToText(outcome.before->exchange, policy, options) + u'\n'
            + diagnosisToText(outcome.before->diagnosis) + u'\n';
    }
    if (outcome.token)
        out += QStringLiteral("════ token ════\n") + tokenOutcomeText(*outcome.token, options) + u'\n';
    if (outcome.after || outcome.before)
        out += outcome.before && outcome.after ? QStringLiteral("════ after ════\n")
                                               : QStringLiteral("════ sent ════\n");
    return out;
}

int resendExitCode(const ResendOutcome& outcome, int sendCode)
{
    if (outcome.token && !outcome.token->ok)
        return Workspace::exitCodeFor(outcome.token->error);
    if (outcome.token && !outcome.token->storeError.isEmpty())
        return ExitNetwork; // the new (rotated) tokens die with this process: say so loudly
    if (outcome.error.isError() && outcome.error.kind != ErrorKind::Refused)
        return Workspace::exitCodeFor(outcome.error);
    return sendCode;
}

void announceDeviceAuthorization(Workspace::TokenService* service, QObject* context)
{
    QObject::connect(service, &Workspace::TokenService::deviceAuthorizationReady, context,
                     [](const Workspace::DeviceAuthorization& d) {
                         printError(QStringLiteral("to sign in, open %1 and enter the code %2 (it expires in %3 s; "
                                                   "polling every %4 s)")
                                        .arg(d.verificationUri.toString(QUrl::FullyEncoded), d.userCode)
                                        .arg(d.expiresIn)
                                        .arg(d.interval));
                     });
}

int runRefresh(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run a profile's OAuth 2 grant: the refresh token when there is one (else the profile's grant), store the "
        "new tokens in the keychain, and print the token endpoint's transcript."));
    parser.addPositionalArgument(QStringLiteral("refresh"), QStringLiteral("the command"));
    const QCommandLineOption profileOpt(QStringLiteral("profile"), QStringLiteral("The OAuth 2 profile (name or id)."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption newOpt(QStringLiteral("new"),
                                    QStringLiteral("Get a new token with the profile's own grant, not the refresh "
                                                   "token (after invalid_grant)."));
    const QCommandLineOption nowOpt(QStringLiteral("now"),
                                    QStringLiteral("Fix \"now\" for the expiry (seconds since 1970)."),
                                    QStringLiteral("UNIX_SECONDS"));
    const QCommandLineOption revealOpt(QStringLiteral("show-secrets"),
                                       QStringLiteral("Print tokens and secrets instead of redacting them."));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("JSON output (default when piped)."));
    const QCommandLineOption textOpt(QStringLiteral("text"),
                                     QStringLiteral("Readable output (default on a terminal)."));
    parser.addOptions({profileOpt, newOpt, nowOpt, revealOpt, jsonOpt, textOpt});
    if (const std::optional<int> code = parseArguments(parser, arguments))
        return *code;
    if (parser.positionalArguments().size() != 1) {
        printError(QStringLiteral("refresh takes no arguments besides its options (see authlens-cli refresh --help)"));
        return ExitUsage;
    }
    if (!parser.isSet(profileOpt)) {
        printError(QStringLiteral("refresh needs --profile NAME"));
        return ExitUsage;
    }
    QDateTime now;
    if (parser.isSet(nowOpt)) {
        bool ok = false;
        const qint64 seconds = parser.value(nowOpt).toLongLong(&ok);
        if (!ok || seconds < 0) {
            printError(QStringLiteral("--now expects seconds since 1970"));
            return ExitUsage;
        }
        now = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    }

    TokenCommand command;
    command.profileName = parser.value(profileOpt);
    command.demoHint = QStringLiteral("the demo's OAuth 2 profile is demo-oauth-expired");
    command.request.mode
        = parser.isSet(newOpt) ? Workspace::TokenService::Mode::New : Workspace::TokenService::Mode::Refresh;
    command.request.now = now;
    command.output.revealSecrets = parser.isSet(revealOpt);
    command.outputMode = outputMode(parser.isSet(jsonOpt), parser.isSet(textOpt));
    return runTokenCommand(command);
}

int runTokenCommand(const TokenCommand& command)
{
    // One event loop for the whole command (CommandRunner): the profile and its secrets from the keychain
    // (or a demo profile with its own demo API), the token run, then the profile file's new expiry.
    std::unique_ptr<Demo::DemoServer> demo;
    CliWorkspace workspace;
    std::optional<Profiles::Profile> profile;
    std::unique_ptr<Workspace::TokenService> service;
    TokenOutcome outcome;
    QObject context;
    const QString& name = command.profileName;
    const int started = runAsync([&](const Finish& finish) {
        workspace.withStoredProfile(
            name, &context, [&, finish](const std::optional<Profiles::Profile>& stored, const Workspace::Error& error) {
                if (error.isError()) {
                    printError(error.message);
                    finish(Workspace::exitCodeFor(error));
                    return;
                }
                profile = stored;
                if (!profile && name.startsWith(u"demo", Qt::CaseInsensitive)) {
                    demo = std::make_unique<Demo::DemoServer>();
                    if (!demo->start()) {
                        printError(QStringLiteral("cannot start the demo API for profile %1: %2")
                                       .arg(name, demo->errorString()));
                        finish(ExitNetwork);
                        return;
                    }
                    for (const Profiles::Profile& p : demo->profiles()) {
                        if (p.id.compare(name, Qt::CaseInsensitive) == 0
                            || p.name.compare(name, Qt::CaseInsensitive) == 0)
                            profile = p;
                    }
                }
                if (!profile) {
                    printError(QStringLiteral("no profile named \"%1\" (see `authlens-cli profiles list`; %2)")
                                   .arg(name, command.demoHint));
                    finish(ExitBadInput);
                    return;
                }
                service = std::make_unique<Workspace::TokenService>(profile->demo ? nullptr : workspace.gate().store());
                announceDeviceAuthorization(service.get(), &context);
                if (command.announce)
                    command.announce(service.get(), &context);
                Workspace::TokenService::Request request = command.request;
                request.profile = *profile;
                if (command.prepare)
                    command.prepare(request);
                service->run(request, &context, [&, finish](const TokenOutcome& o) {
                    outcome = o;
                    if (!o.stored || o.profile.demo || o.profile.id.isEmpty()) {
                        finish(ExitDone);
                        return;
                    }
                    // The tokens are in the keychain already; the file learns their expiry and type (not secret).
                    workspace.repository().save(
                        o.profile, &context, [finish](const QString&, const Workspace::Error& e) {
                            if (e.isError())
                                printError(
                                    QStringLiteral("the tokens are stored, but the profile file could not record "
                                                   "their expiry: %1")
                                        .arg(e.message));
                            finish(ExitDone);
                        });
                });
            });
    });
    if (started != ExitDone)
        return started;

    if (command.outputMode == OutputMode::Json) {
        QJsonObject json = tokenOutcomeJson(outcome, command.output);
        json[u"profile_name"] = profile->name;
        printJson(json);
    } else {
        printText(tokenOutcomeText(outcome, command.output));
    }
    if (outcome.error.isError())
        printError(QStringLiteral("%1: %2").arg(Workspace::errorKindName(outcome.error.kind), outcome.error.message));
    return Workspace::exitCodeFor(outcome.error);
}

} // namespace Authlens::Cli
