#pragma once

#include "profiles/Profile.h"

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
    QString errorString() const;
    bool isListening() const;

    QUrl baseUrl() const; ///< http://127.0.0.1:PORT
    QUrl secondOriginUrl() const; ///< http://127.0.0.1:PORT2 — a different origin

    /// Replaces the token signing key (new kid); the JWKS then publishes only the new key.
    void rotateSigningKey();
    QString currentKeyId() const;

    /// Mints an access token as the token endpoint would (for tests and demo profiles).
    QString mintAccessToken(const QString& subject, const QStringList& scopes, qint64 lifetimeSeconds,
                            const QString& audience = {}) const;

    // Fixed demo credentials, printed in the README and the demo profiles.
    static QString basicUser(); ///< "demo"
    static QString basicPassword(); ///< "demo-password"
    static QString apiKey();
    static QString clientId();
    static QString clientSecret();
    static QString audience(); ///< "https://api.authlens.demo" — the `aud` the resources expect

    /// The demo profiles pointing at this server (secrets in memory).
    QList<Profiles::Profile> profiles() const;

private:
    std::unique_ptr<DemoServerPrivate> d;
};

} // namespace Authlens::Demo
