#pragma once

#include <QDateTime>
#include <QString>

namespace Authlens::Jwt {

/// Text for NumericDate values (seconds since the epoch, RFC 7519 §2) as the Token tab and the CLI show
/// them. Pure functions; "now" is always passed in so a widget can refresh a live countdown and tests can
/// fix the clock.
namespace TimeText {

/// "2011-03-22 18:43:00 UTC".
QString utc(qint64 secondsSinceEpoch);
/// The same instant in the machine's time zone: "2011-03-22 19:43:00 CET".
QString local(qint64 secondsSinceEpoch);
/// ISO 8601 UTC, for JSON: "2011-03-22T18:43:00Z".
QString iso(qint64 secondsSinceEpoch);

/// A length of time in the two largest units: "3 h 12 min", "42 min", "4 min 5 s", "2 d 3 h", "0 s".
/// The sign is ignored.
QString duration(qint64 seconds);

/// What a time claim means relative to `now`: for "exp" "expired 3 h 12 min ago" / "expires in 42 min";
/// "nbf" "valid since 5 min ago" / "not valid for another 2 min"; "iat" "issued 1 h ago" / "issued 3 min
/// in the future"; "auth_time" "user authenticated 2 h ago"; any other name "5 min ago" / "in 5 min".
QString relative(const QString& claim, qint64 secondsSinceEpoch, qint64 nowSecondsSinceEpoch);

} // namespace TimeText

} // namespace Authlens::Jwt
