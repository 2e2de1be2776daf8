#include "TimeCheck.h"

#include "TimeText.h"

namespace Authlens::Jwt {

QString timeStatusName(TimeStatus status)
{
    switch (status) {
    case TimeStatus::Valid:
        return QStringLiteral("valid");
    case TimeStatus::Expired:
        return QStringLiteral("expired");
    case TimeStatus::NotYetValid:
        return QStringLiteral("not_yet_valid");
    case TimeStatus::NoExpiry:
        return QStringLiteral("no_expiry");
    case TimeStatus::Unknown:
        return QStringLiteral("unknown");
    }
    return QStringLiteral("unknown");
}

namespace {

// Claims are range-checked to years 1..9999 and the clocks are real clocks, so plain qint64
// arithmetic cannot overflow here.
bool expiredAt(const TokenTimes& times, qint64 now, qint64 leeway)
{
    return times.exp && now >= *times.exp + leeway;
}

bool nbfFutureAt(const TokenTimes& times, qint64 now, qint64 leeway)
{
    return times.nbf && *times.nbf > now + leeway;
}

bool iatFutureAt(const TokenTimes& times, qint64 now, qint64 leeway)
{
    return times.iat && *times.iat > now + leeway;
}

QString clockName(bool server)
{
    return server ? QStringLiteral("the server's clock (its Date header)") : QStringLiteral("this machine's clock");
}

} // namespace

namespace {

// A leeway beyond ten years is meaningless; the bound keeps "exp + leeway" far from overflow.
qint64 boundedLeeway(qint64 leeway)
{
    return qBound<qint64>(0, leeway, 10LL * 366 * 86400);
}

} // namespace

TimeStatus TimeCheck::statusAt(const TokenTimes& times, qint64 now, qint64 leewaySeconds)
{
    leewaySeconds = boundedLeeway(leewaySeconds);
    if (expiredAt(times, now, leewaySeconds))
        return TimeStatus::Expired;
    if (nbfFutureAt(times, now, leewaySeconds) || iatFutureAt(times, now, leewaySeconds))
        return TimeStatus::NotYetValid;
    if (!times.exp)
        return TimeStatus::NoExpiry;
    return TimeStatus::Valid;
}

TimeCheckResult TimeCheck::evaluate(const TokenTimes& times, const TimeCheckOptions& options)
{
    TimeCheckResult result;
    const qint64 leeway = boundedLeeway(options.leewaySeconds);
    result.status = statusAt(times, options.now, leeway);
    if (options.serverNow) {
        result.serverStatus = statusAt(times, *options.serverNow, leeway);
        result.skewSeconds = *options.serverNow - options.now;
        result.skewDecides = *result.serverStatus != result.status;
    }

    // Which clock(s) each condition holds by: a problem names them, because "expired by the server's
    // clock only" is a clock problem, not a token problem.
    const auto check = [&](auto predicate) {
        const bool local = predicate(times, options.now, leeway);
        const bool server = options.serverNow && predicate(times, *options.serverNow, leeway);
        return std::make_pair(local, server);
    };
    const auto byClocks = [&](bool local, bool server) {
        if (local && (server || !options.serverNow))
            return options.serverNow ? QStringLiteral("by both clocks") : QStringLiteral("by this machine's clock");
        return QStringLiteral("by %1 only").arg(clockName(server));
    };
    const auto severityFor = [&](bool local, bool server) {
        // The server decides whether a request is accepted: when only the local clock objects, it is a
        // warning about this machine, not a reason the server refuses the token.
        if (options.serverNow && local && !server)
            return Severity::Warning;
        return Severity::Error;
    };
    const qint64 reference = options.serverNow.value_or(options.now);

    if (const auto [local, server] = check(expiredAt); local || server) {
        result.problems.append(Problem::make(
            QStringLiteral("token.expired"),
            local && (server || !options.serverNow)
                ? QStringLiteral("exp")
                : (server ? QStringLiteral("server_clock") : QStringLiteral("local_clock")),
            severityFor(local, server),
            QStringLiteral("The token %1 (exp %2), %3, beyond the %4 s leeway.")
                .arg(TimeText::relative(QStringLiteral("exp"), *times.exp, server ? *options.serverNow : options.now),
                     TimeText::utc(*times.exp), byClocks(local, server))
                .arg(leeway),
            QStringLiteral("exp")));
    }
    if (const auto [local, server] = check(nbfFutureAt); local || server) {
        result.problems.append(Problem::make(
            QStringLiteral("token.not_yet_valid"), QStringLiteral("nbf"), severityFor(local, server),
            QStringLiteral("The token is %1 (nbf %2), %3, beyond the %4 s leeway.")
                .arg(TimeText::relative(QStringLiteral("nbf"), *times.nbf, local ? options.now : reference),
                     TimeText::utc(*times.nbf), byClocks(local, server))
                .arg(leeway),
            QStringLiteral("nbf")));
    }
    if (const auto [local, server] = check(iatFutureAt); local || server) {
        result.problems.append(Problem::make(
            QStringLiteral("token.not_yet_valid"), QStringLiteral("iat"), severityFor(local, server),
            QStringLiteral("The token was %1 (iat %2), %3: the issuer's clock is ahead, or this one is behind.")
                .arg(TimeText::relative(QStringLiteral("iat"), *times.iat, local ? options.now : reference),
                     TimeText::utc(*times.iat), byClocks(local, server)),
            QStringLiteral("iat")));
    }
    if (!times.exp) {
        result.problems.append(Problem::make(QStringLiteral("token.no_expiry"), QStringLiteral("no_exp"),
                                             Severity::Warning,
                                             QStringLiteral("The token has no exp: it stays valid until the issuer "
                                                            "revokes it or rotates its key."),
                                             QStringLiteral("exp")));
    }
    if (times.exp && times.iat && *times.exp < *times.iat) {
        result.problems.append(
            Problem::make(QStringLiteral("token.malformed"), QStringLiteral("exp_before_iat"), Severity::Warning,
                          QStringLiteral("exp (%1) lies before iat (%2): the token was born expired.")
                              .arg(TimeText::utc(*times.exp), TimeText::utc(*times.iat)),
                          QStringLiteral("exp")));
    }

    if (result.skewSeconds && qAbs(*result.skewSeconds) > leeway) {
        const qint64 skew = *result.skewSeconds;
        const QString direction = skew > 0 ? QStringLiteral("ahead of") : QStringLiteral("behind");
        if (result.skewDecides) {
            result.problems.append(Problem::make(
                QStringLiteral("clock.skew"), QStringLiteral("decides"), Severity::Error,
                QStringLiteral("The server's clock is %1 %2 this machine's clock (more than the %3 s leeway), and "
                               "that changes the verdict: %4 by the server's clock, %5 by this machine's. Clock "
                               "skew is the cause.")
                    .arg(TimeText::duration(skew), direction)
                    .arg(leeway)
                    .arg(timeStatusName(*result.serverStatus), timeStatusName(result.status))));
        } else {
            result.problems.append(Problem::make(
                QStringLiteral("clock.skew"), QStringLiteral("skew"), Severity::Warning,
                QStringLiteral("The server's clock is %1 %2 this machine's clock (more than the %3 s leeway); it does "
                               "not change this token's verdict, but it will near exp and nbf.")
                    .arg(TimeText::duration(skew), direction)
                    .arg(leeway)));
        }
    }
    return result;
}

} // namespace Authlens::Jwt
