#include "JwtCommand.h"

#include "CliCommon.h"
#include "jwt/HttpDate.h"
#include "jwt/JwtInspector.h"
#include "jwt/KeyDiscovery.h"
#include "jwt/ReportJson.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonObject>

#include <optional>

namespace Authlens::Cli {

using namespace Authlens::Jwt;

namespace {

QString pad(const QString& text, int width)
{
    return text.leftJustified(width, QLatin1Char(' '));
}

QString reportToText(const TokenReport& report)
{
    QStringList lines;
    QString headline = tokenFormatName(report.format).toUpper();
    if (!report.alg().isEmpty())
        headline += QStringLiteral(" (%1)").arg(report.alg());
    if (report.label)
        headline += QStringLiteral(" — %1").arg(report.label->title());
    else if (report.format == TokenFormat::Opaque)
        headline += QStringLiteral(" — %1").arg(report.opaqueShape);
    if (report.kind.kind != TokenKind::Unknown)
        headline += QStringLiteral(" — %1%2").arg(tokenKindTitle(report.kind.kind),
                                                  report.kind.certain ? QString() : QStringLiteral("?"));
    lines << headline;
    for (const QString& evidence : report.kind.evidence)
        lines << QStringLiteral("  because %1").arg(evidence);

    const auto table = [&lines](const QString& title, const QList<Field>& fields) {
        if (fields.isEmpty())
            return;
        lines << QString() << title;
        int width = 0;
        for (const Field& field : fields)
            width = qMax(width, int(field.name.size()));
        width = qMin(width, 24);
        for (const Field& field : fields) {
            lines << QStringLiteral("  %1  %2").arg(pad(field.name, width), field.display);
            if (!field.explanation.isEmpty())
                lines << QStringLiteral("  %1  %2: %3").arg(pad(QString(), width), field.title, field.explanation);
        }
    };
    table(QStringLiteral("Header"), report.headerFields);
    table(QStringLiteral("Claims"), report.claimFields);

    lines << QString();
    QString time = QStringLiteral("Time: %1").arg(timeStatusName(report.time.status));
    for (const TimeClaim& claim : report.timeClaims) {
        if (claim.name == u"exp")
            time += QStringLiteral(" — %1 (%2)").arg(claim.relative, claim.local);
    }
    lines << time;
    if (report.time.serverStatus)
        lines << QStringLiteral("  by the server's clock: %1; skew %2 s")
                     .arg(timeStatusName(*report.time.serverStatus))
                     .arg(report.time.skewSeconds.value_or(0));
    QString signature = QStringLiteral("Signature: %1").arg(signatureStatusName(report.signature.status));
    if (!report.signature.verifiedBy.isEmpty())
        signature += QStringLiteral(" (%1)").arg(report.signature.verifiedBy);
    lines << signature;

    const QList<Problem> problems = report.allProblems();
    if (!problems.isEmpty()) {
        lines << QString() << QStringLiteral("Problems");
        for (const Problem& problem : problems)
            lines << QStringLiteral("  %1 %2/%3: %4")
                         .arg(pad(severityName(problem.severity), 7), problem.code, problem.subcode, problem.message);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

int runJwt(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Decode a token, explain its claims, check its times against this clock (and a server's Date), check the "
        "expected audience and issuer, and verify its signature."));
    parser.addPositionalArgument(QStringLiteral("jwt"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("TOKEN"), QStringLiteral("the token, or - to read it from stdin"));
    const QCommandLineOption secretOpt(QStringLiteral("secret"), QStringLiteral("HMAC secret (HS256/384/512)."),
                                       QStringLiteral("S"));
    const QCommandLineOption secretFileOpt(QStringLiteral("secret-file"),
                                           QStringLiteral("Read the HMAC secret from a file (keeps it out of the "
                                                          "process list)."),
                                           QStringLiteral("FILE"));
    const QCommandLineOption keyOpt(QStringLiteral("key"),
                                    QStringLiteral("Public key, certificate or JWK file (PEM, DER or JSON)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption jwksOpt(QStringLiteral("jwks"), QStringLiteral("JWKS file or http(s) URL."),
                                     QStringLiteral("FILE_OR_URL"));
    const QCommandLineOption discoverOpt(
        QStringLiteral("discover"),
        QStringLiteral("Fetch the issuer's keys: <iss>/.well-known/openid-configuration → jwks_uri."));
    const QCommandLineOption audOpt(QStringLiteral("expect-aud"),
                                    QStringLiteral("An audience the API accepts (repeatable)."), QStringLiteral("A"));
    const QCommandLineOption issOpt(QStringLiteral("expect-iss"), QStringLiteral("The trusted issuer."),
                                    QStringLiteral("I"));
    const QCommandLineOption nowOpt(QStringLiteral("now"), QStringLiteral("Fix \"now\" (seconds since 1970)."),
                                    QStringLiteral("UNIX_SECONDS"));
    const QCommandLineOption serverDateOpt(
        QStringLiteral("server-date"),
        QStringLiteral("The server's clock: an HTTP Date value or seconds since 1970 (reports clock skew)."),
        QStringLiteral("DATE"));
    const QCommandLineOption leewayOpt(
        QStringLiteral("leeway"), QStringLiteral("Seconds exp/nbf/iat may be off (default 60)."), QStringLiteral("S"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("JSON output (default when piped)."));
    const QCommandLineOption textOpt(QStringLiteral("text"),
                                     QStringLiteral("Readable output (default on a terminal)."));
    parser.addOptions({secretOpt, secretFileOpt, keyOpt, jwksOpt, discoverOpt, audOpt, issOpt, nowOpt, serverDateOpt,
                       leewayOpt, jsonOpt, textOpt});
    if (const std::optional<int> code = parseArguments(parser, arguments))
        return *code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        printError(QStringLiteral("jwt takes exactly one TOKEN (or - for stdin); see authlens-cli jwt --help"));
        return ExitUsage;
    }
    const int keySources = int(parser.isSet(secretOpt)) + int(parser.isSet(secretFileOpt)) + int(parser.isSet(keyOpt))
        + int(parser.isSet(jwksOpt)) + int(parser.isSet(discoverOpt));
    if (keySources > 1) {
        printError(QStringLiteral("--secret, --secret-file, --key, --jwks and --discover are exclusive"));
        return ExitUsage;
    }
    if (parser.isSet(jsonOpt) && parser.isSet(textOpt)) {
        printError(QStringLiteral("--json and --text are exclusive"));
        return ExitUsage;
    }

    InspectOptions options;
    if (parser.isSet(nowOpt)) {
        bool ok = false;
        const qint64 now = parser.value(nowOpt).toLongLong(&ok);
        if (!ok || now < 0 || now > 253402300799LL) {
            printError(QStringLiteral("--now expects seconds since 1970"));
            return ExitUsage;
        }
        options.now = QDateTime::fromSecsSinceEpoch(now, Qt::UTC);
    }
    if (parser.isSet(serverDateOpt)) {
        const QString value = parser.value(serverDateOpt);
        bool ok = false;
        const qint64 seconds = value.toLongLong(&ok);
        if (ok && seconds >= 0 && seconds <= 253402300799LL) {
            options.serverDate = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
        } else if (const auto date = parseHttpDate(value.toLatin1())) {
            options.serverDate = *date;
        } else {
            printError(QStringLiteral("--server-date expects an HTTP date (Sun, 06 Nov 1994 08:49:37 GMT) or seconds "
                                      "since 1970"));
            return ExitUsage;
        }
    }
    if (parser.isSet(leewayOpt)) {
        bool ok = false;
        options.leewaySeconds = parser.value(leewayOpt).toLongLong(&ok);
        if (!ok || options.leewaySeconds < 0 || options.leewaySeconds > 86400 * 365) {
            printError(QStringLiteral("--leeway expects seconds >= 0"));
            return ExitUsage;
        }
    }
    options.expectedAudiences = parser.values(audOpt);
    options.expectedIssuer = parser.value(issOpt);

    QString error;
    QByteArray token = positional.at(1).toUtf8();
    if (token == "-") {
        const auto data = readSmallFile(QStringLiteral("-"), &error);
        if (!data) {
            printError(error);
            return ExitBadInput;
        }
        token = *data;
    }

    TokenReport report = JwtInspector::inspect(token, options);

    KeySet keys;
    VerificationContext context;
    QList<Problem> lookupProblems;
    int exitCode = ExitDone;
    if (parser.isSet(secretOpt)) {
        keys = KeySet::fromSecret(parser.value(secretOpt).toUtf8(), QStringLiteral("--secret"));
    } else if (parser.isSet(secretFileOpt)) {
        auto data = readSmallFile(parser.value(secretFileOpt), &error);
        if (!data) {
            printError(error);
            return ExitBadInput;
        }
        // Editors add a final newline that is not part of the secret.
        if (data->endsWith('\n'))
            data->chop(data->endsWith("\r\n") ? 2 : 1);
        keys = KeySet::fromSecret(*data, QStringLiteral("--secret-file"));
    } else if (parser.isSet(keyOpt)) {
        const QString path = parser.value(keyOpt);
        const auto data = readSmallFile(path, &error);
        if (!data) {
            printError(error);
            return ExitBadInput;
        }
        const QString source = QStringLiteral("key file %1").arg(path);
        keys = data->trimmed().startsWith('{') ? KeySet::fromJson(*data, source, &error)
                                               : KeySet::fromPem(*data, source, &error);
        if (keys.isEmpty()) {
            printError(error.isEmpty() ? QStringLiteral("%1 holds no usable key").arg(path) : error);
            return ExitBadInput;
        }
    } else if (parser.isSet(jwksOpt) || parser.isSet(discoverOpt)) {
        const QString value = parser.value(jwksOpt);
        if (parser.isSet(jwksOpt) && !isHttpUrl(value)) {
            const auto data = readSmallFile(value, &error);
            if (!data) {
                printError(error);
                return ExitBadInput;
            }
            keys = KeySet::fromJson(*data, QStringLiteral("JWKS file %1").arg(value), &error);
            if (!error.isEmpty()) {
                printError(error);
                return ExitBadInput;
            }
        } else {
            KeyDiscovery discovery;
            discovery.setTimeout(KeyFetchTimeoutMs);
            const QString kid = report.kid();
            const KeyLookup lookup = parser.isSet(jwksOpt)
                ? waitForLookup(discovery, [&] { return discovery.fetchJwks(QUrl(value, QUrl::StrictMode), kid); })
                : waitForLookup(discovery, [&] { return discovery.discover(report.issuer(), kid); });
            if (!lookup.ok()) {
                printError(lookup.error);
                lookupProblems.append(Problem::make(
                    QStringLiteral("token.signature"), QStringLiteral("keys_unavailable"), Severity::Error,
                    QStringLiteral("The keys could not be fetched: %1").arg(lookup.error)));
                exitCode = lookup.status == KeyLookup::Status::InvalidUrl && parser.isSet(discoverOpt) ? ExitBadInput
                                                                                                       : ExitNetwork;
            } else {
                keys = lookup.keys;
                lookupProblems += lookup.problems;
                context.keysRefetched = lookup.refetched;
                context.issuer = lookup.issuer;
            }
        }
    }
    const bool haveKeySource = keySources > 0;
    if (haveKeySource && exitCode == ExitDone)
        report.signature = JwtInspector::verifySignature(report, keys, context);
    report.signature.problems += lookupProblems;
    for (const QString& skipped : keys.skipped())
        report.signature.problems.append(Problem::make(QStringLiteral("token.signature"), QStringLiteral("key_skipped"),
                                                       Severity::Info, QStringLiteral("Ignored %1").arg(skipped)));

    if (outputMode(parser.isSet(jsonOpt), parser.isSet(textOpt)) == OutputMode::Json)
        printJson(reportToJson(report));
    else
        printText(reportToText(report));
    if (exitCode != ExitDone)
        return exitCode;
    return report.isMalformed() ? ExitBadInput : ExitDone;
}

} // namespace Authlens::Cli
