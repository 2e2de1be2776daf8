#pragma once

#include "auth/DigestAlgorithm.h"
#include "demo/DemoRequest.h"
#include "demo/DemoResponse.h"

#include <QDateTime>
#include <QHash>

#include <functional>

namespace Authlens::Demo {

/// The Digest resources of the demo API (RFC 7616): a nonce table with expiry and nonce counts, and
/// the answers a strict server gives — 401 with a fresh challenge, stale=true for a right response
/// with an expired nonce, Authentication-Info with rspauth on success.
class DemoDigest
{
public:
    using Clock = std::function<QDateTime()>;
    explicit DemoDigest(Clock clock);

    /// `staleFirst`: the first correct answer to each nonce this resource issues is refused with
    /// stale=true, so a client's stale retry can be seen (and tested) on demand.
    DemoResponse handle(const DemoRequest& request, Auth::DigestAlgorithm algorithm, bool staleFirst);

    static constexpr qint64 kNonceLifetimeSeconds = 300;

private:
    struct Nonce
    {
        QDateTime issued;
        quint32 lastCount = 0;
        bool staleFirst = false;
    };
    DemoResponse challenge(Auth::DigestAlgorithm algorithm, bool stale, bool staleFirst, const QString& why);
    QByteArray newNonce(bool staleFirst);

    Clock m_clock;
    QByteArray m_opaque;
    QHash<QByteArray, Nonce> m_nonces;
};

} // namespace Authlens::Demo
