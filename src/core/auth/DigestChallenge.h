#pragma once

#include "Challenge.h"
#include "DigestAlgorithm.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace Authlens::Auth {

/// A `Digest` challenge (RFC 7616 §3.3) read from a parsed Challenge, with the values a client needs.
struct DigestChallenge
{
    QByteArray realm;
    QList<QByteArray> domain; ///< URIs of the protection space (space-separated in the header)
    QByteArray nonce;
    QByteArray opaque; ///< echoed unchanged in the response; null when absent
    bool stale = false;
    DigestAlgorithm algorithm = DigestAlgorithm::Md5; ///< MD5 when the parameter is absent (§3.3)
    QByteArray algorithmToken; ///< the algorithm value as sent, empty when absent (then not echoed)
    QList<QByteArray> qops; ///< lower-case, e.g. {"auth", "auth-int"}; empty for the RFC 2069 form
    bool charsetUtf8 = false; ///< charset=UTF-8 (§3.3, §4)
    bool userhash = false; ///< userhash=true: send H(username ":" realm) instead of the name (§3.4.4)

    /// True when the server said stale=true: the password was right, the nonce expired — retry with the
    /// new nonce without asking the user again.
    bool isStale() const { return stale; }
    bool offersQop(QByteArrayView qop) const;

    /// Reads a challenge whose scheme is Digest. Returns nothing when it cannot be answered (not Digest, no
    /// nonce, unknown algorithm, only unknown qop values); `problems` gets one sentence per issue either way.
    static std::optional<DigestChallenge> fromChallenge(const Challenge& challenge, QStringList* problems = nullptr);
};

} // namespace Authlens::Auth
