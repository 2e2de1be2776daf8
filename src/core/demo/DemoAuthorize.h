#pragma once

#include "DemoRequest.h"
#include "DemoResponse.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Authlens::Demo {

class DemoAuthority;

/// The demo authorization server's browser half (issue 11): GET /authorize (RFC 6749 §4.1.1) with a small
/// consent page, POST /authorize (the page's Approve / Deny), one-time codes bound to the client, the
/// redirect URI, the PKCE challenge (RFC 7636) and the nonce, and the token endpoint's
/// grant_type=authorization_code (RFC 6749 §4.1.3) with an OpenID Connect ID token (nonce, at_hash).
/// Redirect URIs: http://127.0.0.1/callback or http://[::1]/callback with any port (RFC 8252 §7.3), for
/// both demo clients. The public client (no secret) must send an S256 challenge. Plain state, no I/O.
class DemoAuthorize
{
public:
    static constexpr qint64 CodeLifetimeSeconds = 60; ///< RFC 6749 §4.1.2: short-lived (10 min at most)
    static constexpr qint64 ConsentLifetimeSeconds = 600;

    explicit DemoAuthorize(DemoAuthority& authority);

    /// "authlens-demo-public": the demo's public client (client authentication none, PKCE required).
    static QString publicClientId();

    DemoResponse authorize(const DemoRequest& request);
    DemoResponse decide(const DemoRequest& request);
    /// The token endpoint's authorization_code grant; nullopt for every other grant (DemoAuthority's).
    std::optional<DemoResponse> tokenRequest(const DemoRequest& request);
    /// What the discovery documents add: authorization_endpoint, code_challenge_methods_supported, …
    static void addMetadata(QJsonObject& metadata, const QString& issuer);

private:
    struct Grant
    {
        QString clientId;
        QString redirectUri;
        QStringList scopes;
        QString state;
        QString nonce;
        QString challenge; ///< S256 code_challenge; empty: none was sent (confidential client)
        QDateTime expires;
        bool used = false;
    };

    DemoResponse redirectBack(const Grant& grant, const QList<QPair<QString, QString>>& params) const;

    DemoAuthority& m_authority;
    QHash<QString, Grant> m_consents; ///< consent page id → the request it shows
    QHash<QString, Grant> m_codes; ///< used ones stay, so a second use is recognised
};

} // namespace Authlens::Demo
