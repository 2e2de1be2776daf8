#include "SignatureVerifier.h"

#include "JwsAlgorithm.h"

namespace Authlens::Jwt {

QString signatureStatusName(SignatureStatus status)
{
    switch (status) {
    case SignatureStatus::Valid:
        return QStringLiteral("valid");
    case SignatureStatus::Invalid:
        return QStringLiteral("invalid");
    case SignatureStatus::Unverified:
        return QStringLiteral("unverified");
    case SignatureStatus::Unsupported:
        return QStringLiteral("unsupported");
    }
    return QStringLiteral("unverified");
}

namespace {

const QString Code = QStringLiteral("token.signature");

Problem problem(const QString& subcode, Severity severity, const QString& message, const QString& part = {})
{
    return Problem::make(Code, subcode, severity, message, part);
}

} // namespace

SignatureResult SignatureVerifier::verify(const QJsonObject& header, QByteArrayView signingInput,
                                          QByteArrayView signature, const KeySet& keys,
                                          const VerificationContext& context)
{
    SignatureResult result;
    result.alg = header.value(QLatin1String("alg")).toString();
    result.kid = header.value(QLatin1String("kid")).toString();
    const JwsAlgorithm alg = JwsAlgorithm::fromName(result.alg);

    if (!header.value(QLatin1String("alg")).isString() || result.alg.isEmpty()) {
        result.status = SignatureStatus::Invalid;
        result.problems.append(Problem::make(QStringLiteral("token.malformed"), QStringLiteral("alg_missing"),
                                             Severity::Error,
                                             QStringLiteral("The header has no string \"alg\": no verifier can "
                                                            "accept the token."),
                                             QStringLiteral("alg")));
        return result;
    }
    if (result.alg.compare(u"none", Qt::CaseInsensitive) == 0) {
        result.status = SignatureStatus::Invalid;
        result.problems.append(problem(
            QStringLiteral("alg_none"), Severity::Error,
            result.alg == u"none"
                ? QStringLiteral("alg is \"none\": the token is unsigned, anyone can forge it. No server should "
                                 "accept it.")
                : QStringLiteral("alg is \"%1\", a case variant of \"none\": an attempt to slip an unsigned token "
                                 "past a verifier that compares case-insensitively.")
                      .arg(result.alg),
            QStringLiteral("alg")));
        return result;
    }
    if (!alg.isSupported()) {
        result.status = SignatureStatus::Unsupported;
        result.problems.append(problem(QStringLiteral("unsupported_alg"), Severity::Warning,
                                       QStringLiteral("alg \"%1\" is not a JWS algorithm Authlens verifies (HS, RS, "
                                                      "PS, ES 256/384/512, EdDSA).")
                                           .arg(result.alg),
                                       QStringLiteral("alg")));
        return result;
    }
    if (keys.isEmpty()) {
        result.status = SignatureStatus::Unverified;
        result.problems.append(problem(QStringLiteral("no_key"), Severity::Info,
                                       QStringLiteral("No key was given, so the signature was not checked: "
                                                      "anything above is only what the token claims.")));
        return result;
    }

    // Alg confusion (CVE-2015-9235 and friends): an HS* token checked against an issuer's public keys.
    // A vulnerable verifier would use the public key's bytes as the HMAC secret — we never do.
    if (alg.isSymmetric() && keys.hasAsymmetricKeys() && !keys.hasSymmetricKeys()) {
        result.problems.append(problem(
            QStringLiteral("alg_confusion"), Severity::Error,
            QStringLiteral("The token uses %1 (a shared secret) but the keys%2 are public %3 keys: the issuer does "
                           "not sign with HMAC. This is the algorithm-confusion attack (a forger signs with the "
                           "public key as secret); it was not tried.")
                .arg(result.alg, context.issuer.isEmpty() ? QString() : QStringLiteral(" of %1").arg(context.issuer),
                     keys.keys().constFirst().keyType()),
            QStringLiteral("alg")));
    }

    // Candidates: by kid when the header names one (keys without a kid qualify too), else all keys.
    QList<VerificationKey> candidates;
    bool kidMatched = false;
    for (const VerificationKey& key : keys.keys()) {
        if (!result.kid.isEmpty() && !key.keyId().isEmpty() && key.keyId() != result.kid)
            continue;
        kidMatched = kidMatched || (!result.kid.isEmpty() && key.keyId() == result.kid);
        candidates.append(key);
    }
    if (candidates.isEmpty()) {
        // The header names a kid and every key has another one: the classic sign of key rotation.
        result.status = SignatureStatus::Invalid;
        const QStringList known = keys.keyIds();
        result.problems.append(problem(
            QStringLiteral("kid_unknown"), Severity::Error,
            QStringLiteral("kid \"%1\" is not in %2%3 (it has %4). The issuer rotated its signing keys: the token "
                           "was signed with a key that is no longer published. Get a new token.")
                .arg(result.kid, keys.source().isEmpty() ? QStringLiteral("the key set") : keys.source(),
                     context.keysRefetched ? QStringLiteral(", even after fetching it again") : QString(),
                     known.isEmpty() ? QStringLiteral("no kids") : known.join(QStringLiteral(", "))),
            QStringLiteral("kid")));
        return result;
    }

    QList<VerificationKey> usable;
    QStringList mismatches;
    for (const VerificationKey& key : std::as_const(candidates)) {
        QString reason;
        if (key.canVerify(alg, &reason))
            usable.append(key);
        else
            mismatches.append(QStringLiteral("%1: %2").arg(key.description(), reason));
    }
    result.attempts = mismatches;
    if (usable.isEmpty()) {
        result.status = SignatureStatus::Invalid;
        if (!hasProblem(result.problems, Code, QStringLiteral("alg_confusion"))) {
            result.problems.append(problem(
                QStringLiteral("alg_key_mismatch"), Severity::Error,
                QStringLiteral("alg %1 is not allowed for the %2: %3. Either the token or the key set is not what "
                               "the issuer uses.")
                    .arg(result.alg,
                         kidMatched ? QStringLiteral("key with kid \"%1\"").arg(result.kid)
                                    : QStringLiteral("available keys"),
                         mismatches.join(QStringLiteral("; "))),
                QStringLiteral("alg")));
        }
        return result;
    }

    for (const VerificationKey& key : std::as_const(usable)) {
        QString detail;
        const VerificationKey::Outcome outcome = key.verify(alg, signingInput, signature, &detail);
        if (key.isSymmetric() && key.bits() < alg.hashBits
            && !hasProblem(result.problems, Code, QStringLiteral("weak_secret"))) {
            // RFC 7518 §3.2: the key must be at least as long as the hash output.
            result.problems.append(problem(QStringLiteral("weak_secret"), Severity::Warning,
                                           QStringLiteral("The HMAC secret is %1 bytes; %2 needs at least %3 (RFC 7518 "
                                                          "§3.2). Short secrets can be brute-forced offline from any "
                                                          "token.")
                                               .arg(key.bits() / 8)
                                               .arg(result.alg)
                                               .arg(alg.hashBits / 8)));
        }
        if (key.type() == VerificationKey::Type::Rsa && key.bits() < 2048
            && !hasProblem(result.problems, Code, QStringLiteral("weak_key"))) {
            result.problems.append(problem(QStringLiteral("weak_key"), Severity::Warning,
                                           QStringLiteral("The RSA key has %1 bits; RFC 7518 §3.3 requires at least "
                                                          "2048.")
                                               .arg(key.bits())));
        }
        if (outcome == VerificationKey::Outcome::Valid) {
            result.status = SignatureStatus::Valid;
            result.verifiedBy = key.description();
            if (context.keysRefetched)
                result.problems.append(problem(QStringLiteral("key_refetched"), Severity::Info,
                                               QStringLiteral("kid \"%1\" was not in the cached JWKS; it appeared when "
                                                              "the JWKS was fetched again: the issuer rotated its "
                                                              "keys recently.")
                                                   .arg(result.kid),
                                               QStringLiteral("kid")));
            return result;
        }
        result.attempts.append(QStringLiteral("%1: %2").arg(key.description(), detail));
    }

    result.status = SignatureStatus::Invalid;
    result.problems.append(
        problem(QStringLiteral("invalid"), Severity::Error,
                usable.size() == 1 ? QStringLiteral("The signature is invalid: %1.").arg(result.attempts.constLast())
                                   : QStringLiteral("The signature verifies with none of the %1 candidate keys (%2).")
                                         .arg(usable.size())
                                         .arg(result.attempts.join(QStringLiteral("; "))),
                QStringLiteral("signature")));
    return result;
}

} // namespace Authlens::Jwt
