#pragma once

#include <QString>
#include <QStringList>

namespace Authlens::Jwt {

/// What a token is for, as far as its content (or where it was found) tells.
enum class TokenKind {
    Unknown,
    Access, ///< OAuth 2 access token: for resource servers (RFC 9068 when a JWT)
    Id, ///< OpenID Connect ID token: for the client only, never for an API
    Refresh, ///< refresh token: for the token endpoint only
    Logout, ///< OpenID Connect back-channel logout token
    DpopProof, ///< DPoP proof JWT (RFC 9449), sent in the DPoP header next to the access token
};

/// Stable machine name: "unknown", "access", "id", "refresh", "logout", "dpop_proof".
QString tokenKindName(TokenKind kind);
/// For people: "access token", "ID token", "refresh token", "logout token", "DPoP proof".
QString tokenKindTitle(TokenKind kind);

/// The kind a token was judged to be, with the evidence that decided it.
struct KindVerdict
{
    TokenKind kind = TokenKind::Unknown;
    bool certain = false; ///< decided by an explicit marker (typ at+jwt, token_use, events…), not by hints
    QStringList evidence; ///< e.g. "typ is \"at+jwt\" (RFC 9068 access token)"
    QStringList conflicts; ///< evidence that pointed to another kind
};

} // namespace Authlens::Jwt
