#include "SendCommand.h"

#include "CheckOptions.h"
#include "CliCommon.h"
#include "CliWorkspace.h"
#include "CommandRunner.h"
#include "ExchangeJson.h"
#include "FindingsText.h"
#include "RefreshCommand.h"
#include "auth/AuthSettings.h"
#include "auth/AwsSigV4.h"
#include "demo/DemoServer.h"
#include "diagnosis/Diagnoser.h"
#include "http/HttpClient.h"
#include "http/SecretPolicy.h"
#include "profiles/ProfileConnection.h"
#include "profiles/formats/HarExport.h"
#include "util/QuitOnSignals.h"
#include "workspace/RequestAssembly.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSocketNotifier>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>

namespace Authlens::Cli {

using namespace Authlens::Http;

namespace {

struct SendOptions
{
    RequestSpec spec;
    bool json = false;
    bool text = false;
    bool reveal = false;
};

/// A curl-style `--data` value: "@file" reads a file, "@-" stdin.
std::optional<QByteArray> readData(const QString& value, QString* error)
{
    if (!value.startsWith(u'@'))
        return value.toUtf8();
    const QString path = value.mid(1);
    QFile file;
    const bool ok = path == u"-" ? file.open(stdin, QIODevice::ReadOnly)
                                 : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!ok) {
        *error = QStringLiteral("cannot read --data file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

std::optional<Header> parseHeader(const QString& value, QString* error)
{
    const QByteArray raw = value.toUtf8();
    const qsizetype colon = raw.indexOf(':');
    if (colon <= 0) {
        *error = QStringLiteral("-H \"%1\": expected \"Name: value\"").arg(value);
        return std::nullopt;
    }
    const QByteArray name = raw.left(colon).trimmed();
    for (char c : name) {
        // RFC 9110 token characters; anything else would be rejected or mangled on the wire.
        if (!(std::isalnum(static_cast<unsigned char>(c)) || QByteArrayView("!#$%&'*+-.^_`|~").contains(c))) {
            *error = QStringLiteral("-H \"%1\": \"%2\" is not a valid header name").arg(value, QString::fromUtf8(name));
            return std::nullopt;
        }
    }
    const QByteArray fieldValue = raw.mid(colon + 1).trimmed();
    if (fieldValue.contains('\r') || fieldValue.contains('\n')) {
        *error = QStringLiteral("-H \"%1\": header values cannot contain CR or LF").arg(QString::fromUtf8(name));
        return std::nullopt;
    }
    return Header {name, fieldValue};
}

/// curl's connection options: --cacert, --cert/--key, -x/--proxy, --proxy-user.
struct TransportCommandOptions
{
    QCommandLineOption caCert {QStringLiteral("cacert"),
                               QStringLiteral("Also trust the CA certificates in this PEM file."),
                               QStringLiteral("FILE")};
    QCommandLineOption cert {{QStringLiteral("E"), QStringLiteral("cert")},
                             QStringLiteral("TLS client certificate (PEM); needs --key."),
                             QStringLiteral("FILE")};
    QCommandLineOption key {QStringLiteral("key"), QStringLiteral("Private key of the client certificate (PEM)."),
                            QStringLiteral("FILE")};
    QCommandLineOption proxy {{QStringLiteral("x"), QStringLiteral("proxy")},
                              QStringLiteral("Use this proxy: http://HOST:PORT or socks5://HOST:PORT; \"\" for none."),
                              QStringLiteral("URL")};
    QCommandLineOption proxyUser {QStringLiteral("proxy-user"), QStringLiteral("Proxy credentials USER:PASSWORD."),
                                  QStringLiteral("USER:PASSWORD")};

    QList<QCommandLineOption> all() const { return {caCert, cert, key, proxy, proxyUser}; }
};

std::optional<QByteArray> readPemFile(const QString& path, const QString& what, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the %1 %2: %3").arg(what, path, file.errorString());
        return std::nullopt;
    }
    return file.read(4 * 1024 * 1024);
}

/// The connection options of the command line, which win over the profile's (Workspace::assembleRequest()).
bool readTransportOptions(const QCommandLineParser& parser, const TransportCommandOptions& opts,
                          Workspace::ConnectionOverrides& transport, QString* error)
{
    if (parser.isSet(opts.caCert)) {
        const auto pem = readPemFile(parser.value(opts.caCert), QStringLiteral("CA file"), error);
        if (!pem)
            return false;
        const QList<QSslCertificate> certs = QSslCertificate::fromData(*pem, QSsl::Pem);
        if (certs.isEmpty()) {
            *error = QStringLiteral("--cacert %1 holds no PEM certificate").arg(parser.value(opts.caCert));
            return false;
        }
        transport.extraCaCertificates += certs;
    }
    if (parser.isSet(opts.cert) != parser.isSet(opts.key)) {
        *error = QStringLiteral("--cert and --key go together (PEM certificate and its private key)");
        return false;
    }
    if (parser.isSet(opts.cert)) {
        // Through the profile code, so a file from the command line gets the same checks and messages.
        Profiles::Profile adHoc;
        adHoc.tls.clientCertificatePath = parser.value(opts.cert);
        const auto files = Profiles::readConnectionFiles(adHoc, error);
        const auto keyPem = readPemFile(parser.value(opts.key), QStringLiteral("key file"), error);
        if (!files || !keyPem)
            return false;
        Auth::AuthSecrets secrets;
        secrets.clientKey = QString::fromUtf8(*keyPem);
        const auto identity = Profiles::transportFor(adHoc, secrets, *files, error);
        if (!identity)
            return false;
        transport.clientCertificate = identity->clientCertificate;
        transport.clientKey = identity->clientKey;
    }
    if (parser.isSet(opts.proxy)) {
        const QString text = parser.value(opts.proxy).trimmed();
        if (text.isEmpty()) {
            transport.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        } else {
            const QUrl url(text.contains(u"://") ? text : u"http://" + text, QUrl::StrictMode);
            const QString scheme = url.scheme().toLower();
            if (!url.isValid() || url.host().isEmpty() || (scheme != u"http" && scheme != u"socks5")) {
                *error = QStringLiteral("-x/--proxy expects http://HOST:PORT or socks5://HOST:PORT, not %1").arg(text);
                return false;
            }
            QNetworkProxy proxy(scheme == u"http" ? QNetworkProxy::HttpProxy : QNetworkProxy::Socks5Proxy, url.host(),
                                quint16(url.port(1080))); // curl's default proxy port
            if (!url.userName().isEmpty()) {
                proxy.setUser(url.userName(QUrl::FullyDecoded));
                proxy.setPassword(url.password(QUrl::FullyDecoded));
            }
            transport.proxy = proxy;
        }
    }
    if (parser.isSet(opts.proxyUser)) {
        const QString pair = parser.value(opts.proxyUser);
        const qsizetype colon = pair.indexOf(u':');
        if (colon <= 0) {
            *error = QStringLiteral("--proxy-user expects USER:PASSWORD and a proxy (-x or the profile's)");
            return false;
        }
        // Whether a proxy applies (-x, or the profile's) is known once the profile is: assembleRequest() checks.
        transport.proxyUser = pair.left(colon);
        transport.proxyPassword = pair.mid(colon + 1);
    }
    return true;
}

int exitCodeFor(const Exchange& exchange)
{
    if (exchange.error.isError()) {
        switch (exchange.error.kind) {
        case Http::ErrorKind::InvalidRequest:
            return ExitBadInput;
        case Http::ErrorKind::Cancelled:
        case Http::ErrorKind::None:
            break;
        default:
            return ExitNetwork;
        }
    }
    const int status = exchange.finalStatus();
    if (status == 401 || status == 403 || status == 407)
        return ExitAuthFailure;
    return exchange.error.isError() ? ExitNetwork : ExitDone;
}

} // namespace

int runSend(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Send one request and print every hop of the exchange: what was sent, what was withheld and why, "
        "what came back."));
    parser.addPositionalArgument(QStringLiteral("send"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("http or https URL (relative with --profile)"));
    const QCommandLineOption methodOpt({QStringLiteral("X"), QStringLiteral("request")},
                                       QStringLiteral("HTTP method (default GET, POST with --data)."),
                                       QStringLiteral("METHOD"));
    const QCommandLineOption headerOpt({QStringLiteral("H"), QStringLiteral("header")},
                                       QStringLiteral("Add a header \"Name: value\" (repeatable)."),
                                       QStringLiteral("HEADER"));
    const QCommandLineOption dataOpt({QStringLiteral("d"), QStringLiteral("data")},
                                     QStringLiteral("Request body; @file reads a file, @- stdin; repeated -d are "
                                                    "joined with & (as curl does)."),
                                     QStringLiteral("BODY"));
    const QCommandLineOption userOpt({QStringLiteral("u"), QStringLiteral("user")},
                                     QStringLiteral("Credentials USER:PASSWORD."), QStringLiteral("USER:PASSWORD"));
    const QCommandLineOption basicOpt(QStringLiteral("basic"), QStringLiteral("Use Basic with -u (the default)."));
    const QCommandLineOption digestOpt(QStringLiteral("digest"), QStringLiteral("Use Digest with -u."));
    const QCommandLineOption bearerOpt(QStringLiteral("oauth2-bearer"), QStringLiteral("Send a Bearer token."),
                                       QStringLiteral("TOKEN"));
    const QCommandLineOption awsOpt(
        QStringLiteral("aws-sigv4"),
        QStringLiteral("Sign with AWS Signature v4 as curl does, with -u "
                       "ACCESS_KEY:SECRET_KEY; region and service from the host when "
                       "not given. A session token goes in -H \"X-Amz-Security-Token: …\"."),
        QStringLiteral("aws:amz[:REGION[:SERVICE]]"));
    const QCommandLineOption awsClockOpt(
        QStringLiteral("aws-clock-offset"),
        QStringLiteral("With --aws-sigv4: sign as if this computer's clock were SECONDS ahead (negative: behind), "
                       "as the fix aws.use_server_clock names when AWS finds the clock off."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption trustedOpt(QStringLiteral("location-trusted"),
                                        QStringLiteral("Send credentials to every origin a redirect leads to."));
    const QCommandLineOption profileOpt(QStringLiteral("profile"), QStringLiteral("Use a profile's credentials."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption refreshOpt(QStringLiteral("refresh"),
                                        QStringLiteral("With an OAuth 2 profile: refresh the token first when it is "
                                                       "expired; after a 401 with a token finding, refresh and resend "
                                                       "once."));
    const QCommandLineOption noFollowOpt(QStringLiteral("no-follow"), QStringLiteral("Do not follow redirects."));
    const QCommandLineOption maxRedirsOpt(QStringLiteral("max-redirs"), QStringLiteral("Redirect limit (default 20)."),
                                          QStringLiteral("N"));
    const QCommandLineOption connectTimeoutOpt(QStringLiteral("connect-timeout"),
                                               QStringLiteral("Seconds to connect (default 15)."),
                                               QStringLiteral("SECONDS"));
    const QCommandLineOption maxTimeOpt({QStringLiteral("m"), QStringLiteral("max-time")},
                                        QStringLiteral("Seconds for the whole exchange (default 120)."),
                                        QStringLiteral("SECONDS"));
    const QCommandLineOption idleTimeoutOpt(QStringLiteral("idle-timeout"),
                                            QStringLiteral("Seconds without a byte of the answer before giving up "
                                                           "(default 30)."),
                                            QStringLiteral("SECONDS"));
    const QCommandLineOption insecureOpt({QStringLiteral("k"), QStringLiteral("insecure")},
                                         QStringLiteral("Go on despite TLS errors (they are still reported)."));
    const TransportCommandOptions transportOpts;
    const QCommandLineOption harOpt(QStringLiteral("har"),
                                    QStringLiteral("Also save the exchange as HAR 1.2 to FILE (secrets redacted unless "
                                                   "--show-secrets)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption revealOpt(QStringLiteral("show-secrets"),
                                       QStringLiteral("Print credential values instead of redacting them."));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("JSON output (default when piped)."));
    const QCommandLineOption textOpt(QStringLiteral("text"),
                                     QStringLiteral("Readable output (default on a terminal)."));
    parser.addOptions({methodOpt,         headerOpt,  dataOpt,        userOpt,     basicOpt,    digestOpt,
                       bearerOpt,         trustedOpt, profileOpt,     refreshOpt,  noFollowOpt, maxRedirsOpt,
                       connectTimeoutOpt, maxTimeOpt, idleTimeoutOpt, insecureOpt, harOpt,      revealOpt,
                       jsonOpt,           textOpt,    awsOpt,         awsClockOpt});
    parser.addOptions(transportOpts.all());
    const CheckOptions check;
    parser.addOptions(check.all());
    if (const std::optional<int> code = parseArguments(parser, arguments))
        return *code;
    Diagnosis::DiagnoseOptions diagnoseOptions;
    if (const std::optional<int> code = check.apply(parser, diagnoseOptions))
        return *code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        printError(QStringLiteral("send takes exactly one URL (see authlens-cli send --help)"));
        return ExitUsage;
    }
    if ((parser.isSet(basicOpt) || parser.isSet(digestOpt)) && !parser.isSet(userOpt)) {
        printError(QStringLiteral("--basic and --digest need -u USER:PASSWORD"));
        return ExitUsage;
    }
    if (parser.isSet(awsOpt) && (!parser.isSet(userOpt) || parser.isSet(basicOpt) || parser.isSet(digestOpt))) {
        printError(QStringLiteral("--aws-sigv4 needs -u ACCESS_KEY:SECRET_KEY (and no --basic or --digest)"));
        return ExitUsage;
    }
    qint64 awsClockOffset = 0;
    if (parser.isSet(awsClockOpt)) {
        bool ok = false;
        awsClockOffset = parser.value(awsClockOpt).toLongLong(&ok);
        if (!ok || std::abs(awsClockOffset) > Auth::AwsSettings::MaxClockOffsetSeconds || !parser.isSet(awsOpt)) {
            printError(QStringLiteral("--aws-clock-offset takes whole seconds (at most a week either way) and needs "
                                      "--aws-sigv4"));
            return ExitUsage;
        }
    }
    if (parser.isSet(basicOpt) && parser.isSet(digestOpt)) {
        printError(QStringLiteral("--basic and --digest are exclusive"));
        return ExitUsage;
    }
    const int authSources = int(parser.isSet(userOpt)) + int(parser.isSet(bearerOpt));
    if (authSources > 1) {
        printError(QStringLiteral("-u and --oauth2-bearer are exclusive"));
        return ExitUsage;
    }
    if (parser.isSet(refreshOpt) && (!parser.isSet(profileOpt) || authSources > 0)) {
        printError(QStringLiteral("--refresh needs --profile NAME (an OAuth 2 profile) and no -u or --oauth2-bearer"));
        return ExitUsage;
    }

    RequestSpec spec;
    QString error;
    for (const QString& h : parser.values(headerOpt)) {
        const auto header = parseHeader(h, &error);
        if (!header) {
            printError(error);
            return ExitUsage;
        }
        spec.headers.append(*header);
    }
    if (parser.isSet(dataOpt)) {
        // curl: "If any of these options is used more than once on the same command line, the data pieces
        // specified are merged with a separating &-symbol" (curl(1), -d).
        QByteArrayList pieces;
        for (const QString& value : parser.values(dataOpt)) {
            const auto data = readData(value, &error);
            if (!data) {
                printError(error);
                return ExitBadInput;
            }
            pieces.append(*data);
        }
        spec.body = pieces.join('&');
        if (!hasHeader(spec.headers, "Content-Type"))
            spec.headers.append(
                {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
    }
    spec.method = parser.isSet(methodOpt)
        ? parser.value(methodOpt).toUtf8().toUpper()
        : (parser.isSet(dataOpt) ? QByteArrayLiteral("POST") : QByteArrayLiteral("GET"));

    auto seconds = [&](const QCommandLineOption& opt, int fallbackMs, int* outMs) -> bool {
        if (!parser.isSet(opt)) {
            *outMs = fallbackMs;
            return true;
        }
        bool ok = false;
        const double s = parser.value(opt).toDouble(&ok);
        if (!ok || !std::isfinite(s) || s <= 0 || s > 86400) { // "nan" parses, and passes comparisons
            printError(QStringLiteral("--%1 expects seconds > 0").arg(opt.names().constLast()));
            return false;
        }
        *outMs = int(s * 1000);
        return true;
    };
    if (!seconds(connectTimeoutOpt, spec.connectTimeoutMs, &spec.connectTimeoutMs)
        || !seconds(maxTimeOpt, spec.totalTimeoutMs, &spec.totalTimeoutMs)
        || !seconds(idleTimeoutOpt, spec.idleTimeoutMs, &spec.idleTimeoutMs))
        return ExitUsage;
    if (parser.isSet(maxRedirsOpt)) {
        bool ok = false;
        spec.maxRedirects = parser.value(maxRedirsOpt).toInt(&ok);
        if (!ok || spec.maxRedirects < 0) {
            printError(QStringLiteral("--max-redirs expects a number >= 0"));
            return ExitUsage;
        }
    }
    spec.followRedirects = !parser.isSet(noFollowOpt);
    spec.locationTrusted = parser.isSet(trustedOpt);
    spec.ignoreTlsErrors = parser.isSet(insecureOpt);

    // The command line as a draft: the same assembly as the GUI composer's applies the profile to it, and
    // explicit options (timeouts, -k, --cacert, -x, -u, --oauth2-bearer …) win over the profile's.
    Workspace::RequestDraft draft;
    draft.method = QString::fromLatin1(spec.method);
    draft.url = positional.at(1);
    for (const Header& h : std::as_const(spec.headers))
        draft.headers.append({QString::fromLatin1(h.first), QString::fromUtf8(h.second)});
    if (parser.isSet(dataOpt))
        draft.body = spec.body; // its Content-Type is among the headers already
    if (parser.isSet(connectTimeoutOpt))
        draft.connection.connectTimeoutMs = spec.connectTimeoutMs;
    if (parser.isSet(maxTimeOpt))
        draft.connection.totalTimeoutMs = spec.totalTimeoutMs;
    if (parser.isSet(idleTimeoutOpt))
        draft.connection.idleTimeoutMs = spec.idleTimeoutMs;
    draft.connection.ignoreTlsErrors = spec.ignoreTlsErrors;
    draft.followRedirects = spec.followRedirects;
    draft.maxRedirects = spec.maxRedirects;
    draft.locationTrusted = spec.locationTrusted;
    if (!readTransportOptions(parser, transportOpts, draft.connection, &error)) {
        printError(error);
        return ExitBadInput;
    }
    if (parser.isSet(userOpt)) {
        const QString user = parser.value(userOpt);
        const qsizetype colon = user.indexOf(u':');
        if (colon < 0) {
            printError(QStringLiteral("-u expects USER:PASSWORD (no password prompt in authlens-cli)"));
            return ExitUsage;
        }
        Workspace::RequestDraft::AuthChoice choice;
        choice.settings.method = parser.isSet(digestOpt) ? Auth::Method::Digest : Auth::Method::Basic;
        choice.settings.username = user.left(colon);
        choice.secrets.password = user.mid(colon + 1);
        if (parser.isSet(awsOpt)) {
            const std::optional<Auth::AwsScope> scope
                = Auth::awsScopeFromCurlOption(parser.value(awsOpt), QUrl(draft.url), &error);
            if (!scope) {
                printError(error);
                return ExitUsage;
            }
            choice.settings.method = Auth::Method::AwsSigV4;
            choice.settings.aws.region = scope->region;
            choice.settings.aws.service = scope->service;
            choice.settings.aws.clockOffsetSeconds = awsClockOffset;
            // The session token is signed with the rest: it leaves the headers for the signer (as curl's
            // users pass it with -H).
            for (qsizetype i = draft.headers.size() - 1; i >= 0; --i) {
                if (draft.headers.at(i).name.compare(u"X-Amz-Security-Token", Qt::CaseInsensitive) == 0)
                    choice.secrets.token = draft.headers.takeAt(i).value.trimmed();
            }
        }
        draft.auth = choice;
    } else if (parser.isSet(bearerOpt)) {
        Workspace::RequestDraft::AuthChoice choice;
        choice.settings.method = Auth::Method::Bearer;
        choice.secrets.token = parser.value(bearerOpt);
        draft.auth = choice;
    }

    // --profile: a stored profile (secrets from the keychain), else a built-in demo profile, which
    // brings its own in-process demo API so its credentials (minted tokens too) are valid.
    std::unique_ptr<Demo::DemoServer> demo;
    CliWorkspace workspace;
    std::optional<Profiles::Profile> profile;
    HttpClient client;
    Exchange exchange;
    // Redaction asks the secret policy, with the names of this request's credentials (the ledger of
    // the exchange adds what the client placed or withheld).
    SecretPolicy policy = SecretPolicy::standard();
    bool harFailed = false;
    std::unique_ptr<Workspace::RefreshAndResend> flow;
    std::optional<Workspace::ResendOutcome> resend;

    // Ctrl+C or SIGTERM end the loop cleanly (exit code 128 + signal): the destructors below then remove a
    // spilled body's temporary file, which an abrupt exit would leave behind.
    QuitOnSignals interruption;
    QObject::connect(&interruption, &QuitOnSignals::interrupted, &interruption, [](int signal) {
        printError(QStringLiteral("interrupted by %1: the request was abandoned")
                       .arg(signal == SIGINT ? QStringLiteral("SIGINT") : QStringLiteral("SIGTERM")));
    });

    // Progress of a long download on a terminal's stderr (stdout stays the report), a few times a second.
    QElapsedTimer progressClock;
    progressClock.start();
    bool progressShown = false;
    if (::isatty(STDERR_FILENO) == 1) {
        QObject::connect(&client, &HttpClient::downloadProgress, &client, [&](qint64 received, qint64 total) {
            if (progressClock.elapsed() < 250 || received < 1024 * 1024)
                return;
            progressClock.restart();
            progressShown = true;
            const QString line = total > 0
                ? QStringLiteral("\rreceived %1 of %2 MiB (%3%)")
                      .arg(double(received) / 1048576.0, 0, 'f', 1)
                      .arg(double(total) / 1048576.0, 0, 'f', 1)
                      .arg(received * 100 / total)
                : QStringLiteral("\rreceived %1 MiB").arg(double(received) / 1048576.0, 0, 'f', 1);
            std::fputs(line.toUtf8().constData(), stderr);
        });
    }

    // One event loop for the whole command: the keychain read, then the exchange.
    const int sent = runAsync([&](const Finish& finish) {
        QObject::connect(&client, &HttpClient::finished, &client, [&](const Exchange& ex) {
            exchange = ex;
            finish(ExitDone);
        });
        auto send = [&] {
            Workspace::Error failure;
            const std::optional<RequestSpec> assembled
                = Workspace::assembleRequest(profile ? &*profile : nullptr, draft, &failure);
            if (!assembled) {
                printError(failure.message);
                finish(Workspace::exitCodeFor(failure));
                return;
            }
            policy = SecretPolicy::forSpec(*assembled);
            if (!parser.isSet(refreshOpt)) {
                client.send(*assembled);
                return;
            }
            // --refresh: the resend flow the GUI's "Refresh token & resend" runs too (refresh first when
            // the token is expired or about to expire; once more after a 401 with a token finding).
            if (!profile || profile->auth.method != Auth::Method::OAuth2) {
                printError(QStringLiteral("--refresh needs a --profile whose method is OAuth 2%1")
                               .arg(profile ? QStringLiteral(" (%1 uses %2)")
                                                  .arg(profile->name, Auth::methodName(profile->auth.method))
                                            : QString()));
                finish(ExitBadInput);
                return;
            }
            flow = std::make_unique<Workspace::RefreshAndResend>(profile->demo ? nullptr : workspace.gate().store());
            announceDeviceAuthorization(flow->tokenService(), &client);
            Workspace::RefreshAndResend::Request request;
            request.profile = *profile;
            request.spec = *assembled;
            request.diagnoseOptions = diagnoseOptions;
            request.now = diagnoseOptions.now;
            flow->run(request, &client, [&](const Workspace::ResendOutcome& outcome) {
                resend = outcome;
                exchange = finalExchange(outcome);
                if (!outcome.token || !outcome.token->stored || outcome.profile.demo) {
                    finish(ExitDone);
                    return;
                }
                // The new expiry and token type (not secret) go to the profile file; the tokens are in the
                // keychain already (the token service confirmed the write before the resend).
                workspace.repository().save(outcome.profile, &client,
                                            [&, finish](const QString&, const Workspace::Error& e) {
                                                if (e.isError())
                                                    printError(QStringLiteral("the profile's token expiry was not "
                                                                              "saved: %1")
                                                                   .arg(e.message));
                                                finish(ExitDone);
                                            });
            });
        };
        if (!parser.isSet(profileOpt)) {
            send();
            return;
        }
        const QString name = parser.value(profileOpt);
        workspace.withStoredProfile(
            name, &client, [&, name, send](const std::optional<Profiles::Profile>& stored, const Workspace::Error& e) {
                if (e.isError()) {
                    printError(e.message);
                    finish(Workspace::exitCodeFor(e));
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
                    const auto profiles = demo->profiles();
                    auto it = std::find_if(profiles.cbegin(), profiles.cend(), [&name](const Profiles::Profile& p) {
                        return p.id.compare(name, Qt::CaseInsensitive) == 0
                            || p.name.compare(name, Qt::CaseInsensitive) == 0;
                    });
                    if (it != profiles.cend())
                        profile = *it;
                }
                if (!profile) {
                    printError(QStringLiteral("no profile named \"%1\" (see `authlens-cli profiles list`; demo "
                                              "profiles: demo-basic, demo-bearer, demo-bearer-expired, demo-apikey, …)")
                                   .arg(name));
                    finish(ExitBadInput);
                    return;
                }
                // What the profile expects of its tokens, unless the command line says otherwise.
                if (diagnoseOptions.expectedAudiences.isEmpty())
                    diagnoseOptions.expectedAudiences = profile->expectedAudiences;
                if (diagnoseOptions.expectedIssuer.isEmpty())
                    diagnoseOptions.expectedIssuer = profile->expectedIssuer;
                send();
            });
    });
    if (progressShown)
        std::fputs("\n", stderr);
    if (sent != ExitDone)
        return sent;

    ExchangeOutputOptions options;
    options.revealSecrets = parser.isSet(revealOpt);
    if (parser.isSet(harOpt)) {
        // Written before the report so a full disk is reported with it; the report still prints.
        QSaveFile har(parser.value(harOpt));
        // With --refresh, the whole flow: the 401, the token endpoint's steps, the resend.
        const QByteArray document = resend ? Formats::exportHar(resend->exchanges(), policy, options.revealSecrets)
                                           : Formats::exportHar(exchange, policy, options.revealSecrets);
        if (!har.open(QIODevice::WriteOnly) || har.write(document) != document.size() || !har.commit()) {
            printError(QStringLiteral("cannot save the HAR file %1: %2").arg(parser.value(harOpt), har.errorString()));
            harFailed = true;
        }
    }
    // The same engine as `diagnose` and the GUI's findings panel; findings never quote secrets.
    const Diagnosis::Diagnosis diagnosis = Diagnosis::diagnose(exchange, diagnoseOptions);
    if (outputMode(parser.isSet(jsonOpt), parser.isSet(textOpt)) == OutputMode::Json) {
        QJsonObject json = exchangeToJson(exchange, policy, options);
        const QJsonObject diagnosed = diagnosis.toJson();
        json[QStringLiteral("headline")] = diagnosed.value(QStringLiteral("headline"));
        json[QStringLiteral("findings")] = diagnosed.value(QStringLiteral("findings"));
        if (resend)
            addResendJson(json, *resend, policy, options);
        printJson(json);
    } else {
        printText((resend ? resendText(*resend, policy, options) : QString())
                  + exchangeToText(exchange, policy, options) + u'\n' + diagnosisToText(diagnosis)
                  + (resend ? u'\n' + resend->summary + u'\n' : QString()));
    }
    if (exchange.error.isError())
        printError(QStringLiteral("%1: %2").arg(errorKindName(exchange.error.kind), exchange.error.message));
    if (resend && resend->error.isError())
        printError(QStringLiteral("%1: %2").arg(Workspace::errorKindName(resend->error.kind), resend->error.message));
    else if (resend && resend->token && !resend->token->storeError.isEmpty())
        printError(QStringLiteral("keychain: %1").arg(resend->token->storeError));
    const int code = resend ? resendExitCode(*resend, exitCodeFor(exchange)) : exitCodeFor(exchange);
    return code == ExitDone && harFailed ? ExitBadInput : code;
}

namespace {
int s_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    // write() is async-signal-safe; the event loop reads the pipe and quits.
    [[maybe_unused]] const ssize_t n = ::write(s_signalPipe[1], &c, 1);
}
} // namespace

int runDemoServer(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run the built-in demo API on 127.0.0.1 until interrupted."));
    parser.addPositionalArgument(QStringLiteral("demo-server"), QStringLiteral("the command"));
    const QCommandLineOption portOpt(QStringLiteral("port"), QStringLiteral("Port (default: any free port)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption clockOpt(QStringLiteral("clock-offset"),
                                      QStringLiteral("Run the server's clock SECONDS ahead of this computer's "
                                                     "(negative: behind), to show clock skew: token times, the "
                                                     "Date header, AWS's 5-minute signature window."),
                                      QStringLiteral("SECONDS"), QStringLiteral("0"));
    parser.addOptions({portOpt, clockOpt});
    if (const std::optional<int> code = parseArguments(parser, arguments))
        return *code;
    bool ok = false;
    const uint port = parser.value(portOpt).toUInt(&ok);
    if (!ok || port > 65535) {
        printError(QStringLiteral("--port expects 0..65535"));
        return ExitUsage;
    }
    const qint64 clockOffset = parser.value(clockOpt).toLongLong(&ok);
    if (!ok || std::abs(clockOffset) > 365LL * 24 * 3600) {
        printError(QStringLiteral("--clock-offset expects whole seconds (at most a year either way)"));
        return ExitUsage;
    }
    Demo::DemoServer server;
    server.setClockOffset(clockOffset);
    if (!server.start(quint16(port))) {
        printError(QStringLiteral("cannot start the demo API: %1").arg(server.errorString()));
        return ExitNetwork;
    }
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_signalPipe) != 0) {
        printError(QStringLiteral("cannot set up signal handling"));
        return ExitNetwork;
    }
    QSocketNotifier notifier(s_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &notifier, [] { QCoreApplication::quit(); });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    // One JSON line first, so scripts and tests can read the addresses.
    printText(QString::fromUtf8(
        QJsonDocument(QJsonObject {{QStringLiteral("base_url"), server.baseUrl().toString()},
                                   {QStringLiteral("second_origin"), server.secondOriginUrl().toString()}})
            .toJson(QJsonDocument::Compact)));
    const int rc = QCoreApplication::exec();
    ::close(s_signalPipe[0]);
    ::close(s_signalPipe[1]);
    return rc == 0 ? ExitDone : ExitNetwork;
}

} // namespace Authlens::Cli
