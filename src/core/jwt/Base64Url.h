#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace Authlens::Jwt {

/// base64url without padding (RFC 7515 §2), the encoding of every JWS/JWK member.
QByteArray base64UrlEncode(QByteArrayView data);

/// Strict base64url decoding as JWS requires: only the URL-safe alphabet, no '=' padding, no whitespace,
/// and no length that cannot come from an encoder (a remainder of one character). nullopt when broken.
std::optional<QByteArray> base64UrlDecode(QByteArrayView text);

} // namespace Authlens::Jwt
