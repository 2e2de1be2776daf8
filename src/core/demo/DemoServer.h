#pragma once

#include "profiles/Profile.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <memory>

namespace Authlens::Demo {

class DemoServerPrivate;

/// The built-in demo API (DESIGN.md §7): a resource server with its own authorization server on
/// 127.0.0.1, plus a second origin on another port for cross-origin redirects. Loopback only.
class DemoServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoServer)
public:
    explicit DemoServer(QObject* parent = nullptr);
    ~DemoServer() override;

    /// Listens on 127.0.0.1:`port` (0 = any free port) and on a second free port. False on failure.
    bool start(quint16 port = 0);
    /// Stops listening on both ports (start() may be called again). Open connections are closed.
    void stop();
    QString errorString() const;
    bool isListening() const;

    QUrl baseUrl() const; ///< http://127.0.0.1:PORT
    QUrl secondOriginUrl() const; ///< http://127.0.0.1:PORT2 — a different origin

    /// Replaces the token signing key (new kid); the JWKS then publishes only the new key.
    void rotateSigningKey();
    QString currentKeyId() const;

    /// Mints an access token as the token endpoint would (for tests and demo profiles).
    /// An empty `audience` means audience(). A negative lifetime mints a token that expired that many
    /// seconds ago (issued an hour before it expired).
    QString mintAccessToken(const QString& subject, const QStringList& scopes, qint64 lifetimeSeconds,
                            const QString& audience = {}) const;
    /// A refresh token of the token endpoint for `subject` (client clientId()), as the password grant
    /// issues it: it works once (rotation). The server remembers it, hence the demo profiles get a
    /// working one although they are built by a const call.
    QString mintRefreshToken(const QString& subject, const QStringList& scopes) const;
    /// An OpenID Connect ID token (typ JWT, aud = clientId()) — what must not be sent to an API.
    QString mintIdToken(const QString& subject, qint64 lifetimeSeconds = 3600) const;
    /// Signs arbitrary claims with the current key (header alg RS256, kid, typ = `type`): for tokens
    /// with a wrong issuer, a missing claim and other cases the token endpoint never issues.
    QString signToken(const QJsonObject& claims, const QString& type = QStringLiteral("at+jwt")) const;

    /// Shifts the server's clock (Date header, token times, expiry checks) by `seconds`: demonstrates
    /// clock skew and lets tests "wait" for expiry without sleeping.
    void setClockOffset(qint64 seconds);
    qint64 clockOffset() const;
    /// Lifetime of access tokens issued by the token endpoint (default 3600 s).
    void setAccessTokenLifetime(qint64 seconds);

    static QString realm(); ///< "authlens-demo", the realm of every challenge of the resources
    static QString digestRealm(); ///< "authlens-demo-digest@127.0.0.1" (RFC 7616 style: name@host)
    static constexpr qint64 MaxGeneratedBytes = 256LL * 1024 * 1024; ///< cap of GET /bytes?n=

    // Fixed demo credentials, printed in the README and the demo profiles.
    static QString basicUser(); ///< "demo"
    static QString basicPassword(); ///< "demo-password"
    static QString apiKey();
    static QString clientId();
    static QString clientSecret();
    static QString audience(); ///< "https://api.authlens.demo" — the `aud` the resources expect
    /// The private key (PKCS#8 PEM) of the demo's private_key_jwt client (DemoClientAssertion::keyClientId()),
    /// whose public key the token endpoint knows: for the demo profile, which holds it in memory only.
    QByteArray clientAssertionKeyPem() const;

    /// The demo profiles pointing at this server (secrets in memory).
    QList<Profiles::Profile> profiles() const;

private:
    std::unique_ptr<DemoServerPrivate> d;
};

} // namespace Authlens::Demo
