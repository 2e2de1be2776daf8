#pragma once

#include "TokenKind.h"

#include <QString>

namespace Authlens::Jwt {

/// Where in an exchange a token was found.
enum class TokenLocation {
    RequestAuthorization, ///< Authorization: Bearer / DPoP
    RequestProxyAuthorization, ///< Proxy-Authorization: Bearer
    RequestDpopProof, ///< the DPoP header (a proof JWT)
    RequestHeader, ///< another request header (X-Auth-Token, X-API-Key…)
    RequestCookie, ///< a cookie the request carried
    RequestUrl, ///< a query parameter of the request URL (e.g. access_token, RFC 6750 §2.3)
    ResponseBody, ///< a member of a JSON or form-encoded response body, or the whole body
    ResponseSetCookie, ///< a Set-Cookie of the response
    ResponseHeader, ///< another response header
    ResponseLocation, ///< a parameter of a redirect's Location (query or fragment, e.g. implicit flow)
};

/// Stable machine name: "request_authorization", "response_body", …
QString tokenLocationName(TokenLocation location);
/// True for the places of a request (what the client sent), false for a response's.
bool isRequestLocation(TokenLocation location);

/// One token found in an exchange: the token text and enough about its place for a list entry that
/// opens it in a Token tab ("access_token in the response body").
struct FoundToken
{
    QString token;
    TokenLocation location = TokenLocation::RequestAuthorization;
    int hopIndex = -1; ///< index into Exchange::hops, -1 when not from an exchange
    QString name; ///< header or cookie name, query parameter, or JSON path such as "access_token" or "data.jwt"
    QString label; ///< for people: "Bearer token in the request's Authorization header"
    /// What the place implies: Access for Authorization and access_token, Id for id_token, Refresh for
    /// refresh_token, DpopProof for the DPoP header. Pass it as InspectOptions::expectedKind.
    TokenKind expectedKind = TokenKind::Unknown;
    bool looksLikeJwt = false; ///< JWS/JWE shape
};

} // namespace Authlens::Jwt
