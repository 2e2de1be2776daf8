#pragma once

#include <QJsonValue>

#include <optional>

namespace Authlens::Jwt {

/// A JSON NumericDate (RFC 7519 §2: seconds since the epoch, possibly fractional) as whole seconds, or
/// nothing when the value is not a number, not finite, or outside year 1 to year 9999. Every claim that
/// comes from outside (a token, a proof, an assertion, a token endpoint's answer) goes through this one
/// check before it becomes an integer: casting 1e300 or NaN to qint64 is undefined behaviour.
std::optional<qint64> numericDate(const QJsonValue& value);

} // namespace Authlens::Jwt
