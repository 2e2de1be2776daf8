#pragma once

#include "InspectOptions.h"
#include "KeySet.h"
#include "SignatureVerifier.h"
#include "TokenReport.h"

#include <QByteArrayView>

namespace Authlens::Jwt {

/// Token X-ray: recognises JWS, JWE, unsecured and opaque tokens, decodes strictly (reporting each broken
/// part with its position), explains header and claims, detects the token's kind, checks times against
/// both clocks and the expected audience/issuer, and — given keys — verifies the signature.
/// Pure functions over value types; never crashes on any input (fuzzed).
namespace JwtInspector {

/// Inspects `token` (a pasted token may carry surrounding whitespace or quotes, or a "Bearer " prefix:
/// they are removed and noted). The signature is not checked: status Unverified (Unsupported for JWE and
/// opaque tokens).
TokenReport inspect(QByteArrayView token, const InspectOptions& options = {});

/// inspect(), then the signature checked against `keys` (see SignatureVerifier).
TokenReport inspect(QByteArrayView token, const InspectOptions& options, const KeySet& keys,
                    const VerificationContext& context = {});

/// Checks the signature of an inspected JWS against `keys`. For JWE/opaque tokens: Unsupported.
SignatureResult verifySignature(const TokenReport& report, const KeySet& keys, const VerificationContext& context = {});

/// Quick shape test for finding tokens in text: "eyJ…" with two or four dots and only base64url
/// characters in between. No decoding.
bool looksLikeJwt(QByteArrayView text);

/// Upper bound on the input size the inspector decodes (larger inputs are reported, not decoded).
constexpr qsizetype MaxTokenSize = 1024 * 1024;

} // namespace JwtInspector

} // namespace Authlens::Jwt
