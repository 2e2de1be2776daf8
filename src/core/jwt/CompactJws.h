#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Authlens::Jwt {

/// A JWS in compact serialisation split into its parts, parsed strictly (RFC 7515 §7.1): exactly three
/// base64url parts without padding, and a header that is a JSON object. The payload is kept as bytes.
/// Used where a token must be checked, not explained (the demo resource server); the inspector that
/// explains broken tokens is more forgiving.
struct CompactJws
{
    QJsonObject header;
    QByteArray payload; ///< decoded bytes (the claims JSON for a JWT)
    QByteArray signature; ///< decoded bytes
    QByteArray signingInput; ///< "header.payload" as it arrived: what the signature covers

    /// nullopt when `token` is not a well-formed compact JWS, with the reason in `error`.
    static std::optional<CompactJws> parse(QByteArrayView token, QString* error = nullptr);

    /// The payload as a JSON object (JWT claims); nullopt when it is not one.
    std::optional<QJsonObject> claims() const;
};

} // namespace Authlens::Jwt
