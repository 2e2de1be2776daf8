#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Authlens::Jwt {

/// How much a problem matters for the token's use.
enum class Severity {
    Error, ///< the token will be (or should be) refused: expired, bad signature, wrong audience…
    Warning, ///< works, but risky or suspicious: no expiry, weak HMAC secret, alg-confusion risk…
    Info, ///< worth knowing: the key was refetched, skew within tolerance…
};

/// "error", "warning", "info".
QString severityName(Severity severity);

/// One thing wrong with (or notable about) a token. `code` reuses the DESIGN.md §5 finding codes
/// (`token.expired`, `token.signature`, `clock.skew`, …) so the diagnosis rules can key on it; `subcode`
/// names the precise reason inside that code ("kid_unknown", "padding", …). Both are stable contracts.
struct Problem
{
    QString code;
    QString subcode;
    Severity severity = Severity::Error;
    QString message; ///< one or two sentences for people, with the evidence (values, times, positions)
    QString part; ///< where in the token: "header", "payload", "signature", a claim name…; empty if n/a
    qsizetype offset = -1; ///< character offset in the token as inspected (-1 if n/a)

    static Problem make(const QString& code, const QString& subcode, Severity severity, const QString& message,
                        const QString& part = {}, qsizetype offset = -1);

    /// {"code","subcode","severity","message"} plus "part"/"offset" when set.
    QJsonObject toJson() const;

    bool operator==(const Problem& other) const = default;
};

/// The problems with `code` (and `subcode`, when given).
QList<Problem> problemsWithCode(const QList<Problem>& problems, const QString& code, const QString& subcode = {});
/// True when a problem with `code` (and `subcode`, when given) is in the list.
bool hasProblem(const QList<Problem>& problems, const QString& code, const QString& subcode = {});

} // namespace Authlens::Jwt
