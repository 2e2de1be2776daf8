#pragma once

#include "TokenKind.h"

#include <QJsonObject>

namespace Authlens::Jwt {

/// Decides whether a JWT is an access, ID, refresh or logout token (or a DPoP proof) from its header and
/// claims. Pure. Explicit markers win (typ "at+jwt", "dpop+jwt", "logout+jwt"; the back-channel logout
/// event; Cognito's token_use; Keycloak's typ claim; token_type "access"/"refresh"); otherwise hints are
/// weighed (nonce / at_hash / c_hash, aud equal to azp or client_id without a scope → ID token; scope or
/// client_id → access token). `foundAs` is what the place the token came from suggests (an `id_token`
/// field, an Authorization header): used only when the token itself says nothing.
namespace KindDetector {

KindVerdict detect(const QJsonObject& header, const QJsonObject& claims, TokenKind foundAs = TokenKind::Unknown);

} // namespace KindDetector

} // namespace Authlens::Jwt
