#pragma once

#include "KeyLookup.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace Authlens::Jwt {

/// Fetches an issuer's signing keys: from a JWKS URL, or by OpenID Connect discovery from the token's
/// `iss` (`<iss>/.well-known/openid-configuration` → `jwks_uri`, falling back to RFC 8414
/// `/.well-known/oauth-authorization-server`). Asynchronous over QNetworkAccessManager with a timeout.
/// Caches per issuer and per JWKS URL; when the token's kid is not in the cached JWKS, fetches it once
/// more — a kid that is still unknown afterwards means the issuer rotated its keys.
///
/// Only http and https URLs are fetched, without credentials, and responses are capped at 1 MiB.
class KeyDiscovery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyDiscovery)
public:
    /// Uses `network` when given (it must outlive this object), else owns one.
    explicit KeyDiscovery(QObject* parent = nullptr, QNetworkAccessManager* network = nullptr);
    ~KeyDiscovery() override;

    /// Timeout of each request in milliseconds (default 10 000).
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    int timeout() const { return m_timeoutMs; }
    /// A cached JWKS lacking a kid is fetched again only if it is older than this (default 0: always).
    /// Keeps a screen full of tokens with unknown kids from hammering an issuer.
    void setMinimumRefetchInterval(int milliseconds) { m_minRefetchMs = milliseconds; }

    /// Discovers the keys of `issuer`. `kid` is the token's kid (may be empty). Returns a request id;
    /// finished() reports the result (also for cache hits, always asynchronously).
    int discover(const QString& issuer, const QString& kid = {});
    /// Fetches a JWKS from `jwksUrl` (same cache and refetch rule).
    int fetchJwks(const QUrl& jwksUrl, const QString& kid = {});

    void clearCache();

    /// `<issuer>/.well-known/openid-configuration` (OpenID Connect Discovery §4); invalid when the issuer
    /// is not an http(s) URL without query or fragment.
    static QUrl discoveryUrlFor(const QString& issuer);
    /// `https://host/.well-known/oauth-authorization-server/<path>` (RFC 8414 §3); invalid likewise.
    static QUrl authorizationServerMetadataUrlFor(const QString& issuer);

Q_SIGNALS:
    void finished(int requestId, const Authlens::Jwt::KeyLookup& result);

private:
    struct CachedJwks
    {
        KeySet keys;
        QDateTime fetched;
    };
    struct Job;

    void startDiscovery(const std::shared_ptr<Job>& job, const QUrl& metadataUrl, bool fallback);
    void startJwks(const std::shared_ptr<Job>& job, const QUrl& jwksUrl, bool refetch);
    void get(const QUrl& url,
             const std::function<void(int status, const QByteArray& body, const QString& error)>& done);
    void finish(const std::shared_ptr<Job>& job);
    bool cachedUsable(const QUrl& jwksUrl, const QString& kid, bool* needsRefetch) const;

    QNetworkAccessManager* m_network = nullptr;
    std::unique_ptr<QNetworkAccessManager> m_ownNetwork;
    int m_timeoutMs = 10000;
    int m_minRefetchMs = 0;
    int m_nextId = 1;
    QHash<QString, QUrl> m_issuerJwks; ///< issuer → jwks_uri from its discovery document
    QHash<QUrl, CachedJwks> m_jwks;
    QSet<QNetworkReply*> m_pending; ///< replies in flight, cut loose on destruction
};

} // namespace Authlens::Jwt
