// authlens-cli: the Authlens engine headless (DESIGN.md §6).
#include "ChallengeCommand.h"
#include "CliCommon.h"
#include "DiagnoseCommand.h"
#include "JwtCommand.h"
#include "LoginCommand.h"
#include "ProfilesCommand.h"
#include "RefreshCommand.h"
#include "SendCommand.h"
#include "SetupCommand.h"

#include <QCoreApplication>
#include <QNetworkProxyFactory>

#include <cstdio>

using namespace Authlens::Cli;

namespace {
const char* const kUsage = R"(Usage: authlens-cli COMMAND [options]

Commands:
  send [options] URL        send one request, print every hop (authlens-cli send --help);
                            --refresh with an OAuth 2 profile: refresh the token, resend once
  refresh --profile NAME [--new]  run the profile's OAuth 2 grant, store the tokens, print the transcript
  setup --profile NAME --url URL [--client-id ID] [--apply]
                            propose the profile's OAuth 2 settings from the API's 401 (RFC 9728, RFC 8414)
  login --profile NAME [--flow code|device] [--no-browser]
                            sign in through the browser (code + PKCE) or a device code; AUTHLENS_BROWSER
                            names the program that opens the URL
  challenge [--proxy] VALUE...  parse WWW-Authenticate values and explain them
  jwt TOKEN|- [options]     decode, time-check and verify a token (authlens-cli jwt --help)
  diagnose (--har FILE | --exchange FILE) [--jwks F|URL] [--expect-aud A] [--expect-iss I] [--now T]
                            explain recorded exchanges: findings, evidence, fixes
  codes [--markdown]        the cause catalog: every finding code and what it means
  profiles list | show NAME | export NAME... -o FILE [--passphrase-file F]
  profiles import FILE [--passphrase-file F] [--on-conflict rename|replace|skip]
  demo-server [--port N] [--clock-offset SECONDS]
                            run the built-in demo API on 127.0.0.1 until interrupted (its clock shifted)

Options:
  --version                 print the version
  --help                    this text

Exit codes: 0 done, 1 answered 401/403/407 (send) or a cause found (diagnose), 2 usage error, 3 bad input, 4 network, TLS or keychain failure;
130 / 143 send interrupted by SIGINT (Ctrl+C) / SIGTERM (it still cleans up: no temporary body file is left).
Profiles live in ~/.local/share/Authlens/profiles (or $AUTHLENS_DATA_DIR/profiles); secrets in the OS keychain.
)";
}

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // A profile's proxy "System" means the system's settings (http_proxy, https_proxy, no_proxy),
    // as curl reads them; Qt bypasses them for 127.0.0.1 and localhost.
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    QCoreApplication::setApplicationName(QStringLiteral("authlens-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUTHLENS_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Authlens"));

    const QStringList args = QCoreApplication::arguments();
    const QString command = args.size() > 1 ? args.at(1) : QString();
    if (command == u"--version" || command == u"-V") {
        printText(QStringLiteral("authlens-cli %1").arg(QStringLiteral(AUTHLENS_VERSION)));
        return ExitDone;
    }
    if (command == u"--help" || command == u"-h" || command == u"help") {
        printText(QString::fromUtf8(kUsage));
        return ExitDone;
    }
    if (command == u"challenge")
        return runChallenge(args);
    if (command == u"send")
        return runSend(args);
    if (command == u"refresh")
        return runRefresh(args);
    if (command == u"setup")
        return runSetup(args);
    if (command == u"login")
        return runLogin(args);
    if (command == u"demo-server")
        return runDemoServer(args);
    if (command == u"profiles")
        return runProfiles(args);
    if (command == u"jwt")
        return runJwt(args);
    if (command == u"diagnose")
        return runDiagnose(args);
    if (command == u"codes")
        return runCodes(args);
    printError(command.isEmpty() ? QStringLiteral("no command given")
                                 : QStringLiteral("unknown command \"%1\"").arg(command));
    std::fputs(kUsage, stderr);
    return ExitUsage;
}
