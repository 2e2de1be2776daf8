#pragma once

#include <QByteArrayView>
#include <QDateTime>

#include <optional>

namespace Authlens::Jwt {

/// Parses an HTTP Date header value (RFC 9110 §5.6.7): IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", and
/// the obsolete RFC 850 and asctime forms a recipient must accept. UTC; nullopt when unparsable.
/// The server's clock, as far as the time checks are concerned.
std::optional<QDateTime> parseHttpDate(QByteArrayView value);

} // namespace Authlens::Jwt
