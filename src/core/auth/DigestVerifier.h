#pragma once

#include "AuthParam.h"
#include "DigestAlgorithm.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace Authlens::Auth {

/// What the server knows about a nonce a client used.
enum class NonceState {
    Valid, ///< issued by us, not expired, nc higher than any seen before
    Stale, ///< expired, or not (any more) known: a correct response earns stale=true, not a password prompt
    Replayed, ///< nc not higher than one already used with this nonce
};

enum class DigestVerdict { Ok, Stale, Bad };

/// What verifyDigest() needs besides the Authorization parameters. Everything is a value or a callback so
/// the check stays a pure function; the demo server keeps the nonce table and the accounts.
struct DigestVerifyContext
{
    QByteArray method; ///< of the request being checked
    QByteArray body; ///< of the request, for qop=auth-int
    QByteArray realm; ///< the realm this server challenges with
    QByteArray requestTarget; ///< the request-target received; when not empty, `uri` must equal it
    QList<DigestAlgorithm> algorithms; ///< accepted algorithms; empty accepts all
    bool allowRfc2069 = false; ///< accept responses without qop (the RFC 2069 form)
    /// The password of a user, or nothing for an unknown user.
    std::function<std::optional<QString>(const QString& username)> password;
    /// The state of a nonce at this nonce count. Unset: every nonce is Valid.
    std::function<NonceState(const QByteArray& nonce, quint32 nonceCount)> nonceState;
    /// For userhash=true: the user whose H(username ":" realm) is `userhash`. Unset: userhash is refused.
    std::function<std::optional<QString>(const QByteArray& userhash, DigestAlgorithm algorithm)> userForHash;
};

/// The outcome of verifyDigest().
struct DigestVerification
{
    DigestVerdict verdict = DigestVerdict::Bad;
    QString reason; ///< why it is Bad or Stale, in one sentence
    QString username; ///< the user the response is for, when it could be determined
    QByteArray rspauth; ///< for an Authentication-Info answer when Ok (RFC 7616 §3.5)
};

/// Checks the parameters of an `Authorization: Digest …` (as parsed by parseCredentials) against the
/// password the context yields (RFC 7616 §3.4). Ok: the response is right and the nonce valid; Stale: right,
/// but the nonce expired (answer 401 with a new nonce and stale=true); Bad: anything else.
DigestVerification verifyDigest(const QList<AuthParam>& authorizationParams, const DigestVerifyContext& context);

} // namespace Authlens::Auth
