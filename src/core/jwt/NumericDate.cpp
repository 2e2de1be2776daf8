#include "jwt/NumericDate.h"

#include <cmath>

namespace Authlens::Jwt {

std::optional<qint64> numericDate(const QJsonValue& value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    // 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z: QDateTime and qint64 arithmetic stay sane.
    if (!std::isfinite(d) || d < -62135596800.0 || d > 253402300799.0)
        return std::nullopt;
    return qint64(std::floor(d));
}

} // namespace Authlens::Jwt
