#pragma once

#include "auth/AuthSettings.h"
#include "http/RequestSpec.h"

#include <QString>

namespace Authlens::Auth {

/// Whether the profile's requests carry DPoP proofs (RFC 9449): an OAuth 2 method with oauth.dpop on.
bool usesDpop(const AuthSettings& settings);

/// The prover of an OAuth 2 profile with DPoP on: each call signs a fresh proof (new jti, iat now) with the
/// profile's key (AuthSecrets::dpopKey, PEM) for the hop's method, URL and nonce; with the access token's
/// hash as ath when the request carries one (RFC 9449 §4.2, §7.1). A key that is missing or unusable gives
/// a prover that makes no proof and says why (the hop records the DPoP header as withheld, with that
/// reason). Null when the profile does not use DPoP.
Http::DpopProver dpopProverFor(const AuthSettings& settings, const AuthSecrets& secrets);

/// A prover for the token endpoint (RFC 9449 §5): no ath, the same key.
Http::DpopProver dpopTokenRequestProver(const AuthSettings& settings, const AuthSecrets& secrets);

} // namespace Authlens::Auth
