#include "CheckOptions.h"

#include "CliCommon.h"
#include "jwt/KeyDiscovery.h"

namespace Authlens::Cli {

std::optional<int> CheckOptions::apply(const QCommandLineParser& parser, Diagnosis::DiagnoseOptions& options) const
{
    if (parser.isSet(now)) {
        bool ok = false;
        const qint64 seconds = parser.value(now).toLongLong(&ok);
        if (!ok || seconds < 0 || seconds > 253402300799LL) {
            printError(QStringLiteral("--now expects seconds since 1970"));
            return ExitUsage;
        }
        options.now = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    }
    if (parser.isSet(leeway)) {
        bool ok = false;
        const qint64 seconds = parser.value(leeway).toLongLong(&ok);
        if (!ok || seconds < 0 || seconds > 86400 * 365) {
            printError(QStringLiteral("--leeway expects seconds >= 0"));
            return ExitUsage;
        }
        options.leewaySeconds = seconds;
        options.skewToleranceSeconds = seconds;
    }
    options.expectedAudiences = parser.values(audience);
    options.expectedIssuer = parser.value(issuer);
    if (!parser.isSet(jwks))
        return std::nullopt;

    const QString value = parser.value(jwks);
    QString error;
    if (!isHttpUrl(value)) {
        const auto data = readSmallFile(value, &error);
        if (!data) {
            printError(error);
            return ExitBadInput;
        }
        options.keys = Jwt::KeySet::fromJson(*data, QStringLiteral("JWKS file %1").arg(value), &error);
        if (!error.isEmpty()) {
            printError(QStringLiteral("--jwks %1: %2").arg(value, error));
            return ExitBadInput;
        }
        return std::nullopt;
    }
    Jwt::KeyDiscovery discovery;
    discovery.setTimeout(KeyFetchTimeoutMs);
    const Jwt::KeyLookup lookup
        = waitForLookup(discovery, [&] { return discovery.fetchJwks(QUrl(value, QUrl::StrictMode)); });
    if (!lookup.ok()) {
        printError(QStringLiteral("--jwks %1: %2").arg(value, lookup.error));
        return lookup.status == Jwt::KeyLookup::Status::InvalidUrl ? ExitBadInput : ExitNetwork;
    }
    options.keys = lookup.keys;
    return std::nullopt;
}

} // namespace Authlens::Cli
