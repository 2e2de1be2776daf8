#pragma once

#include "diagnosis/Diagnoser.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

#include <optional>

namespace Authlens::Cli {

/// What findings are checked against, shared by `send` and `diagnose`: --jwks FILE_OR_URL,
/// --expect-aud A (repeatable), --expect-iss I, --now UNIX_SECONDS, --leeway S.
struct CheckOptions
{
    QCommandLineOption jwks {QStringLiteral("jwks"),
                             QStringLiteral("Check token signatures against this JWKS (file or http(s) URL)."),
                             QStringLiteral("FILE_OR_URL")};
    QCommandLineOption audience {QStringLiteral("expect-aud"),
                                 QStringLiteral("An audience the API accepts (repeatable)."), QStringLiteral("A")};
    QCommandLineOption issuer {QStringLiteral("expect-iss"), QStringLiteral("The issuer the API trusts."),
                               QStringLiteral("I")};
    QCommandLineOption now {QStringLiteral("now"),
                            QStringLiteral("Fix \"now\" for every time check (seconds since 1970)."),
                            QStringLiteral("UNIX_SECONDS")};
    QCommandLineOption leeway {QStringLiteral("leeway"),
                               QStringLiteral("Seconds token times and clocks may be off (default 60)."),
                               QStringLiteral("S")};

    QList<QCommandLineOption> all() const { return {jwks, audience, issuer, now, leeway}; }

    /// Fills `options` from the parsed command line (reading or fetching the JWKS). An exit code when
    /// a value is bad (the error is printed), nullopt when all is well.
    std::optional<int> apply(const QCommandLineParser& parser, Diagnosis::DiagnoseOptions& options) const;
};

} // namespace Authlens::Cli
