#pragma once

#include "Problem.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Authlens::Jwt {

/// DESIGN.md §6 "signature.status".
enum class SignatureStatus {
    Valid, ///< a key verified the signature
    Invalid, ///< keys were available and none verified it (or the token cannot be verified at all: alg none)
    Unverified, ///< no key to check it with
    Unsupported, ///< the algorithm (or token form, e.g. JWE) is not verifiable here
};

/// "valid", "invalid", "unverified", "unsupported".
QString signatureStatusName(SignatureStatus status);

/// The outcome of checking a JWS signature: status, which key verified it (or why each failed), and the
/// token.signature problems (kid_unknown, alg_key_mismatch, alg_none, alg_confusion, weak_secret…).
struct SignatureResult
{
    SignatureStatus status = SignatureStatus::Unverified;
    QString alg; ///< from the header
    QString kid; ///< from the header; may be empty
    QString verifiedBy; ///< description of the key that verified, when valid
    QStringList attempts; ///< one line per key tried: "<key>: <why it failed>"
    QList<Problem> problems;
};

} // namespace Authlens::Jwt
