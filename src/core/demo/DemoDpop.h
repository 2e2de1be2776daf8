#pragma once

#include "DemoRequest.h"
#include "DemoResponse.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

namespace Authlens::Demo {

class DemoAuthority;

/// DPoP (RFC 9449) on the demo API: the token endpoint's proof check (§5, §8) and the DPoP-bound
/// resource (§7), both demanding server nonces (§8, §9) that rotate, and refusing a replayed jti (§11.1).
/// Plain state, no I/O: DemoServer routes to it.
class DemoDpop
{
public:
    static constexpr qint64 NonceLifetimeSeconds
        = 120; ///< a nonce is replaced after this; the previous one stays valid
    static constexpr qint64 MaxProofAgeSeconds = 60; ///< how old a proof's iat may be (§11.1)

    explicit DemoDpop(std::function<QDateTime()> clock);

    /// What the token endpoint's gate decided about a token request.
    struct Gate
    {
        std::optional<DemoResponse> refusal; ///< 400 use_dpop_nonce / invalid_dpop_proof
        QString jkt; ///< the key of a valid proof: the tokens are bound to it; empty without a proof
    };
    /// POST /oauth/token: no DPoP header → an ordinary request (Bearer tokens); a proof → checked for POST
    /// `tokenUrl` with the authorization server's nonce.
    Gate tokenRequest(const DemoRequest& request, const QUrl& tokenUrl);
    /// Adds the authorization server's current nonce to a token response (§8.2: a fresh nonce may come with
    /// any answer).
    void addTokenNonce(DemoResponse& response);

    /// GET /dpop/resource: Authorization: DPoP with a token bound to the proof's key, a valid proof for
    /// `url` with the resource server's nonce and ath.
    DemoResponse resource(const DemoRequest& request, const QUrl& url, const DemoAuthority& authority);

    QString currentNonce(bool resourceServer); ///< for tests: the nonce a server accepts now

private:
    struct Nonces
    {
        QString current;
        QString previous;
        QDateTime issued;
    };
    QString nonceOf(Nonces& nonces);
    bool jtiReplayed(const QString& jti, qint64 iat);
    DemoResponse resourceError(const QString& error, const QString& description, bool withNonce);

    std::function<QDateTime()> m_clock;
    Nonces m_asNonces;
    Nonces m_rsNonces;
    QHash<QString, qint64> m_seenJti; ///< jti → iat of accepted proofs, while they could still be replayed
};

} // namespace Authlens::Demo
