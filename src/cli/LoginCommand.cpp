#include "LoginCommand.h"

#include "CliCommon.h"
#include "CliWorkspace.h"
#include "CommandRunner.h"
#include "RefreshCommand.h"
#include "demo/DemoServer.h"
#include "workspace/TokenService.h"

#include <QCommandLineParser>
#include <QProcess>

#include <memory>

namespace Authlens::Cli {

using Workspace::TokenOutcome;

namespace {

/// The grant a --flow names; the profile's own interactive grant without one.
QString grantOf(const QString& flow, const Profiles::Profile& profile)
{
    if (flow == u"code")
        return QStringLiteral("authorization_code");
    if (flow == u"device")
        return QStringLiteral("device_code");
    return profile.auth.oauth.grantType == u"device_code" ? QStringLiteral("device_code")
                                                          : QStringLiteral("authorization_code");
}

/// Without AUTHLENS_BROWSER: the desktop's URL opener (the CLI has no QtGui, hence no QDesktopServices).
bool openWithDesktop(const QUrl& url)
{
    QProcess process;
    process.setProgram(QStringLiteral("xdg-open"));
    process.setArguments({url.toString(QUrl::FullyEncoded)});
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice());
    return process.startDetached();
}

} // namespace

int runLogin(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Sign in with a profile's interactive OAuth 2 grant: the authorization code grant with PKCE in the browser "
        "(a loopback redirect on 127.0.0.1 receives the code), or the device grant (enter the code shown on another "
        "device). The tokens go to the keychain; the transcript is printed as `refresh` prints it. AUTHLENS_BROWSER "
        "names the program that opens the URL (default xdg-open)."));
    parser.addPositionalArgument(QStringLiteral("login"), QStringLiteral("the command"));
    const QCommandLineOption profileOpt(QStringLiteral("profile"), QStringLiteral("The OAuth 2 profile (name or id)."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption flowOpt(QStringLiteral("flow"),
                                     QStringLiteral("code (authorization code + PKCE) or device (RFC 8628); default: "
                                                    "the profile's grant."),
                                     QStringLiteral("code|device"));
    const QCommandLineOption noBrowserOpt(QStringLiteral("no-browser"),
                                          QStringLiteral("Do not open a browser: only print the URL (on stderr)."));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout"),
                                        QStringLiteral("Seconds to wait for the sign-in (default 300)."),
                                        QStringLiteral("SECONDS"));
    const QCommandLineOption revealOpt(QStringLiteral("show-secrets"),
                                       QStringLiteral("Print tokens and secrets instead of redacting them."));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("JSON output (default when piped)."));
    const QCommandLineOption textOpt(QStringLiteral("text"),
                                     QStringLiteral("Readable output (default on a terminal)."));
    parser.addOptions({profileOpt, flowOpt, noBrowserOpt, timeoutOpt, revealOpt, jsonOpt, textOpt});
    if (const std::optional<int> code = parseArguments(parser, arguments))
        return *code;
    if (parser.positionalArguments().size() != 1) {
        printError(QStringLiteral("login takes no arguments besides its options (see authlens-cli login --help)"));
        return ExitUsage;
    }
    if (!parser.isSet(profileOpt)) {
        printError(QStringLiteral("login needs --profile NAME"));
        return ExitUsage;
    }
    const QString flow = parser.value(flowOpt);
    if (parser.isSet(flowOpt) && flow != u"code" && flow != u"device") {
        printError(QStringLiteral("--flow is code or device, not \"%1\"").arg(flow));
        return ExitUsage;
    }
    int timeout = 300;
    if (parser.isSet(timeoutOpt)) {
        bool ok = false;
        timeout = parser.value(timeoutOpt).toInt(&ok);
        if (!ok || timeout < 1 || timeout > 24 * 3600) {
            printError(QStringLiteral("--timeout expects a number of seconds (1 to 86400)"));
            return ExitUsage;
        }
    }
    const bool noBrowser = parser.isSet(noBrowserOpt);
    if (noBrowser)
        qunsetenv("AUTHLENS_BROWSER"); // --no-browser wins over the environment

    // One event loop (CommandRunner): the profile and its secrets, the sign-in, the profile file's expiry.
    std::unique_ptr<Demo::DemoServer> demo;
    CliWorkspace workspace;
    std::optional<Profiles::Profile> profile;
    std::unique_ptr<Workspace::TokenService> service;
    TokenOutcome outcome;
    QObject context;
    const QString name = parser.value(profileOpt);
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
                    printError(QStringLiteral("no profile named \"%1\" (see `authlens-cli profiles list`; the demo's "
                                              "sign-in profile is demo-oauth-code)")
                                   .arg(name));
                    finish(ExitBadInput);
                    return;
                }
                service = std::make_unique<Workspace::TokenService>(profile->demo ? nullptr : workspace.gate().store());
                QObject::connect(service.get(), &Workspace::TokenService::authorizationUrlReady, &context,
                                 [](const QUrl& url, const QUrl& redirect, bool opened) {
                                     printError(opened ? QStringLiteral("Sign in in your browser (opened): %1")
                                                             .arg(url.toString(QUrl::FullyEncoded))
                                                       : QStringLiteral("Open this URL in a browser to sign in: %1")
                                                             .arg(url.toString(QUrl::FullyEncoded)));
                                     printError(QStringLiteral("Waiting for the redirect to %1 …")
                                                    .arg(redirect.toString(QUrl::RemoveQuery)));
                                 });
                QObject::connect(
                    service.get(), &Workspace::TokenService::deviceAuthorizationReady, &context,
                    [](const Workspace::DeviceAuthorization& device) {
                        printError(QStringLiteral("On any device, open %1 and enter the code %2")
                                       .arg(device.verificationUri.toString(), device.userCode));
                        if (!device.verificationUriComplete.isEmpty())
                            printError(QStringLiteral("(or open %1)").arg(device.verificationUriComplete.toString()));
                        printError(QStringLiteral("The code expires in %1 s; polling every %2 s …")
                                       .arg(device.expiresIn)
                                       .arg(device.interval));
                    });
                QObject::connect(service.get(), &Workspace::TokenService::devicePolled, &context,
                                 [](const QString& answer, int secondsLeft, int interval) {
                                     printError(QStringLiteral("poll: %1 (%2 s left, next in %3 s)")
                                                    .arg(answer)
                                                    .arg(secondsLeft)
                                                    .arg(interval));
                                 });
                Workspace::TokenService::Request request;
                request.profile = *profile;
                request.mode = Workspace::TokenService::Mode::New;
                request.grantOverride = grantOf(flow, *profile);
                request.interactionTimeoutSeconds = timeout;
                if (!noBrowser)
                    request.openBrowser = openWithDesktop;
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
                                printError(QStringLiteral("the tokens are stored, but the profile file could not "
                                                          "record their expiry: %1")
                                               .arg(e.message));
                            finish(ExitDone);
                        });
                });
            });
    });
    if (started != ExitDone)
        return started;

    ExchangeOutputOptions options;
    options.revealSecrets = parser.isSet(revealOpt);
    if (outputMode(parser.isSet(jsonOpt), parser.isSet(textOpt)) == OutputMode::Json) {
        QJsonObject json = tokenOutcomeJson(outcome, options);
        json[u"profile_name"] = profile->name;
        printJson(json);
    } else {
        printText(tokenOutcomeText(outcome, options));
    }
    if (outcome.error.isError())
        printError(QStringLiteral("%1: %2").arg(Workspace::errorKindName(outcome.error.kind), outcome.error.message));
    return Workspace::exitCodeFor(outcome.error);
}

} // namespace Authlens::Cli
