#pragma once

#include "KeySet.h"
#include "SignatureResult.h"

#include <QByteArrayView>
#include <QJsonObject>

namespace Authlens::Jwt {

/// What the caller knows about where the keys came from, to word the problems.
struct VerificationContext
{
    bool keysRefetched = false; ///< the JWKS was fetched again because the kid was unknown in the cached one
    QString issuer; ///< the token's iss, when the keys were discovered from it
};

/// Checks a JWS signature against a KeySet with libcrypto. Pure apart from libcrypto calls.
///
/// Key selection: keys whose kid equals the header's kid (keys without a kid also qualify); without a
/// kid in the header, every key whose type fits the algorithm (several candidates are tried). Never
/// uses a public key as an HMAC secret: an HS* token against RSA/EC/OKP keys is reported as the
/// alg-confusion attack it usually is.
namespace SignatureVerifier {

/// `signingInput` is "header.payload" exactly as transmitted; `signature` the decoded third part.
SignatureResult verify(const QJsonObject& header, QByteArrayView signingInput, QByteArrayView signature,
                       const KeySet& keys, const VerificationContext& context = {});

} // namespace SignatureVerifier

} // namespace Authlens::Jwt
