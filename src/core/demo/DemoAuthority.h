#pragma once

#include "DemoClientAssertion.h"
#include "DemoDevice.h"
#include "DemoRequest.h"
#include "DemoResponse.h"
#include "jwt/JwsSigner.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace Authlens::Demo {

/// The demo's authorization server and the token checks of its resource server: the signing key
/// (rotatable), token minting, the OAuth 2 token endpoint with refresh-token rotation, discovery
/// metadata and JWKS, and Bearer token validation. Plain state, no I/O: DemoServer routes to it.
class DemoAuthority
{
public:
    /// The outcome of checking a request's Bearer token (RFC 6750 §3.1 error codes).
    struct BearerCheck
    {
        enum class Outcome {
            Valid,
            NoToken, ///< no Bearer credentials at all: a challenge without error code
            InvalidRequest, ///< malformed Authorization, or the token in more than one place: 400
            InvalidToken, ///< expired, bad signature, wrong audience/issuer/kind…: 401
        };
        Outcome outcome = Outcome::NoToken;
        QString description; ///< for error_description: printable ASCII without quotes or backslashes
        QString subject;
        QStringList scopes;
        QJsonObject claims;
    };

    static constexpr qint64 LeewaySeconds = 30; ///< tolerated clock difference for exp and nbf
    static constexpr qint64 RefreshTokenLifetimeSeconds = 24 * 3600;

    DemoAuthority();

    void setIssuer(const QString& issuer); ///< the base URL, exactly as in the `iss` claim
    QString issuer() const { return m_issuer; }

    /// The server's clock: the real clock plus an offset (to demonstrate clock skew).
    void setClockOffset(qint64 seconds) { m_clockOffset = seconds; }
    qint64 clockOffset() const { return m_clockOffset; }
    QDateTime now() const;

    void setAccessTokenLifetime(qint64 seconds) { m_accessTokenLifetime = seconds; }
    qint64 accessTokenLifetime() const { return m_accessTokenLifetime; }

    /// Generates a new RSA-2048 key with a new kid; tokens signed by the old key stop verifying.
    bool rotateKey(QString* error = nullptr);
    QString keyId() const { return m_signer.keyId(); }

    /// Signs any claims with the current key (header typ = `type`).
    QString signToken(const QJsonObject& claims, const QString& type) const;
    /// An access token as the token endpoint issues it. A negative lifetime gives a token that
    /// expired that many seconds ago (issued an hour before it expired).
    /// A non-empty `dpopJkt` binds the token to that DPoP key (cnf.jkt, RFC 9449 §6.1).
    QString mintAccessToken(const QString& subject, const QStringList& scopes, qint64 lifetimeSeconds,
                            const QString& audience, const QString& clientId, const QString& dpopJkt = {}) const;
    /// An OpenID Connect ID token for `subject` (aud = client id, typ JWT).
    QString mintIdToken(const QString& subject, const QString& clientId, qint64 lifetimeSeconds) const;

    /// `dpopScheme`: the token comes as "Authorization: DPoP" (RFC 9449 §7.1; the caller checks the proof).
    /// Otherwise a DPoP-bound token (cnf.jkt) is refused as Bearer (RFC 9449 §7.2).
    BearerCheck checkBearer(const DemoRequest& request, bool dpopScheme = false) const;

    /// A refresh token as the password grant issues it (for demo profiles and tests): valid for
    /// RefreshTokenLifetimeSeconds, spent (rotated) by its first use.
    QString issueRefreshToken(const QString& clientId, const QString& subject, const QStringList& scopes);

    /// POST /oauth/token (RFC 6749 §3.2, §4.3, §4.4, §6).
    /// A non-empty `dpopJkt` (the key of a valid DPoP proof, RFC 9449 §5) issues DPoP-bound access tokens.
    DemoResponse tokenEndpoint(const DemoRequest& request, const QString& dpopJkt = {});

    QJsonObject jwks() const;
    /// OpenID Connect discovery / RFC 8414 authorization server metadata.
    QJsonObject metadata() const;

    /// The device authorization grant (RFC 8628): its endpoint, approval page and device codes.
    DemoDevice& device() { return m_device; }

    static QStringList supportedScopes();
    static QStringList defaultScopes();

    /// The clients that authenticate with a JWT assertion (RFC 7523): their keys and the assertion checks.
    const DemoClientAssertion& clientAssertion() const { return m_clientAssertion; }

private:
    struct RefreshGrant
    {
        QString clientId;
        QString subject;
        QStringList scopes;
        QDateTime expires;
        bool used = false;
    };

    /// A token response; a refresh token (with `refreshScopes`) only when given, an ID token on request.
    DemoResponse issueTokens(const QString& clientId, const QString& subject, const QStringList& scopes,
                             const std::optional<QStringList>& refreshScopes, bool withIdToken,
                             const QString& dpopJkt = {});

    QString m_issuer;
    qint64 m_clockOffset = 0;
    qint64 m_accessTokenLifetime = 3600;
    Jwt::JwsSigner m_signer;
    QHash<QString, RefreshGrant> m_refreshTokens; ///< used ones stay, so a reuse is recognised
    DemoClientAssertion m_clientAssertion;
    DemoDevice m_device;
};

} // namespace Authlens::Demo
