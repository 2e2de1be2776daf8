#pragma once

#include "Field.h"
#include "Problem.h"
#include "SignatureResult.h"
#include "TimeCheck.h"
#include "TokenKind.h"
#include "TokenLabel.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Authlens::Jwt {

/// The form of a token (DESIGN.md §6 "kind").
enum class TokenFormat {
    Jws, ///< compact JWS: header.payload.signature
    Jwe, ///< compact JWE: five parts, content encrypted
    Unsecured, ///< a JWS with alg "none"
    Opaque, ///< not a JOSE object (a random string, an API key…)
};

/// "jws", "jwe", "unsecured", "opaque".
QString tokenFormatName(TokenFormat format);

/// One dot-separated part of a JWS/JWE, with where it sits in the token.
struct TokenPart
{
    QString name; ///< "header", "payload", "signature"; JWE: "header", "encrypted_key", "iv", "ciphertext", "tag"
    qsizetype offset = 0; ///< first character in the token
    qsizetype length = 0; ///< characters
    QByteArray decoded; ///< decoded bytes (leniently decoded when the part is not strict base64url)
    bool strict = true; ///< the part is strict base64url
};

/// A time claim with its texts precomputed for the report's "now" (a live countdown recomputes
/// `relative` with TimeText::relative()).
struct TimeClaim
{
    QString name; ///< "exp", "nbf", "iat", "auth_time"
    qint64 seconds = 0; ///< seconds since the epoch
    QString utc; ///< TimeText::utc()
    QString local; ///< TimeText::local()
    QString relative; ///< TimeText::relative() against the report's now
};

/// Everything the inspector found out about one token; what a Token tab renders and the CLI prints.
/// A value: no references into the input.
struct TokenReport
{
    QString token; ///< the token as inspected (whitespace, quotes and a "Bearer " prefix removed)
    TokenFormat format = TokenFormat::Opaque;
    std::optional<TokenLabel> label; ///< documented prefix of an opaque token
    QString opaqueShape; ///< for opaque tokens: "UUID", "64 hex characters", "43 base64url characters"…
    QList<TokenPart> parts;

    QJsonObject header; ///< the (protected) header; empty when unreadable
    bool headerReadable = false;
    QList<Field> headerFields;

    QByteArray payload; ///< decoded payload bytes (JWS); empty for JWE/opaque
    QJsonObject claims;
    bool claimsReadable = false; ///< the payload is a JSON object
    QList<Field> claimFields;

    TokenTimes times;
    QList<TimeClaim> timeClaims;
    TimeCheckResult time;
    qint64 now = 0; ///< the local "now" the texts were computed for

    KindVerdict kind;
    SignatureResult signature; ///< status Unverified until keys are given (Unsupported for JWE/opaque)

    /// Decoding, claim, time and expectation problems. Signature problems live in signature.problems;
    /// allProblems() has both.
    QList<Problem> problems;

    QList<Problem> allProblems() const;
    /// A token.malformed problem of severity error exists: the token is broken as a JWS/JWE.
    bool isMalformed() const;
    /// At least one problem of severity error.
    bool hasErrors() const;

    QString alg() const { return header.value(QLatin1String("alg")).toString(); }
    QString kid() const { return header.value(QLatin1String("kid")).toString(); }
    QString issuer() const { return claims.value(QLatin1String("iss")).toString(); }
    QStringList audiences() const;
    /// "header.payload" as transmitted: what a JWS signature covers. Empty unless Jws/Unsecured.
    QByteArray signingInput() const;
    /// The decoded signature bytes (JWS), or empty.
    QByteArray signatureBytes() const;
};

} // namespace Authlens::Jwt
