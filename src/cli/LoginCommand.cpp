#include "LoginCommand.h"

#include "CliCommon.h"
#include "RefreshCommand.h"
#include "workspace/TokenService.h"

#include <QCommandLineParser>
#include <QProcess>

namespace Authlens::Cli {

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

    TokenCommand command;
    command.profileName = parser.value(profileOpt);
    command.demoHint = QStringLiteral("the demo's sign-in profiles are demo-oauth-code and demo-oauth-device");
    command.request.mode = Workspace::TokenService::Mode::New;
    command.request.interactionTimeoutSeconds = timeout;
    if (!noBrowser)
        command.request.openBrowser = openWithDesktop;
    command.prepare
        = [flow](Workspace::TokenService::Request& request) { request.grantOverride = grantOf(flow, request.profile); };
    command.announce = [](Workspace::TokenService* service, QObject* context) {
        QObject::connect(
            service, &Workspace::TokenService::authorizationUrlReady, context,
            [](const QUrl& url, const QUrl& redirect, bool opened) {
                printError(
                    opened
                        ? QStringLiteral("Sign in in your browser (opened): %1").arg(url.toString(QUrl::FullyEncoded))
                        : QStringLiteral("Open this URL in a browser to sign in: %1")
                              .arg(url.toString(QUrl::FullyEncoded)));
                printError(
                    QStringLiteral("Waiting for the redirect to %1 …").arg(redirect.toString(QUrl::RemoveQuery)));
            });
        QObject::connect(service, &Workspace::TokenService::deviceAuthorizationReady, context,
                         [](const Workspace::DeviceAuthorization& device) {
                             if (!device.verificationUriComplete.isEmpty())
                                 printError(QStringLiteral("(or open %1)")
                                                .arg(device.verificationUriComplete.toString(QUrl::FullyEncoded)));
                         });
        QObject::connect(
            service, &Workspace::TokenService::devicePolled, context,
            [](const QString& answer, int secondsLeft, int interval) {
                printError(
                    QStringLiteral("poll: %1 (%2 s left, next in %3 s)").arg(answer).arg(secondsLeft).arg(interval));
            });
    };
    command.output.revealSecrets = parser.isSet(revealOpt);
    command.outputMode = outputMode(parser.isSet(jsonOpt), parser.isSet(textOpt));
    return runTokenCommand(command);
}

} // namespace Authlens::Cli
