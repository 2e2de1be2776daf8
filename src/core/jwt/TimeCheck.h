#pragma once

#include "Problem.h"

#include <QList>
#include <QString>

#include <optional>

namespace Authlens::Jwt {

/// The time verdict of a token (DESIGN.md §6 "time.status").
enum class TimeStatus {
    Valid, ///< within nbf/iat … exp (allowing the leeway)
    Expired, ///< exp has passed
    NotYetValid, ///< nbf or iat lies in the future
    NoExpiry, ///< nothing wrong, but there is no exp: valid until revoked
    Unknown, ///< no readable claims (JWE, opaque token, broken payload)
};

/// "valid", "expired", "not_yet_valid", "no_expiry", "unknown".
QString timeStatusName(TimeStatus status);

/// The NumericDate claims a time check looks at (seconds since the epoch, fractions dropped).
struct TokenTimes
{
    std::optional<qint64> exp;
    std::optional<qint64> nbf;
    std::optional<qint64> iat;
};

/// Inputs of a time check: the local clock, optionally the server's clock (its Date header), and the
/// leeway both sides are allowed to differ by (RFC 7519 §4.1.4 "a small leeway").
struct TimeCheckOptions
{
    qint64 now = 0; ///< this machine's clock, seconds since epoch
    std::optional<qint64> serverNow; ///< the server's clock (Date of the response), when known
    qint64 leewaySeconds = 60;
};

/// The verdict by each clock, the skew between them, and the problems (token.expired,
/// token.not_yet_valid, token.no_expiry, clock.skew).
struct TimeCheckResult
{
    TimeStatus status = TimeStatus::Unknown; ///< by the local clock
    std::optional<TimeStatus> serverStatus; ///< by the server's clock, when given
    std::optional<qint64> skewSeconds; ///< server clock − local clock
    bool skewDecides = false; ///< the two clocks give different verdicts: clock skew is the cause
    QList<Problem> problems;
};

/// Pure time checks of a JWT's exp/nbf/iat.
namespace TimeCheck {

/// The verdict of `times` at `now` with `leewaySeconds`.
TimeStatus statusAt(const TokenTimes& times, qint64 now, qint64 leewaySeconds);

/// Both verdicts, the skew, and problems with messages that name the clock and the times.
TimeCheckResult evaluate(const TokenTimes& times, const TimeCheckOptions& options);

} // namespace TimeCheck

} // namespace Authlens::Jwt
