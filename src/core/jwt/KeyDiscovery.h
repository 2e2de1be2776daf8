#pragma once

#include "KeyLookup.h"
#include "http/RequestSpec.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace Authlens::Http {
class HttpClient;
struct Exchange;
} // namespace Authlens::Http

namespace Authlens::Jwt {

/// Fetches an issuer's signing keys: from a JWKS URL, or by OpenID Connect discovery from the token's
/// `iss` (`<iss>/.well-known/openid-configuration` → `jwks_uri`, falling back to RFC 8414
/// `/.well-known/oauth-authorization-server`). Asynchronous over Http::HttpClient (one per request in
/// flight, so every fetch is an Exchange like any other request, and a profile's proxy and trust can
/// apply) with a timeout.
/// Caches per issuer and per JWKS URL; when the token's kid is not in the cached JWKS, fetches it once
/// more — a kid that is still unknown afterwards means the issuer rotated its keys.
///
/// Only http and https URLs are fetched, without credentials, and responses are capped at 1 MiB.
class KeyDiscovery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyDiscovery)
public:
    explicit KeyDiscovery(QObject* parent = nullptr);
    ~KeyDiscovery() override;

    /// How the documents are fetched: a profile's proxy and extra CA certificates (no client identity
    /// is presented: key documents are public). Default: the system's proxy and trust.
    void setTransport(const Http::TransportOptions& transport);

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

    Http::TransportOptions m_transport;
    int m_timeoutMs = 10000;
    int m_minRefetchMs = 0;
    int m_nextId = 1;
    QHash<QString, QUrl> m_issuerJwks; ///< issuer → jwks_uri from its discovery document
    QHash<QUrl, CachedJwks> m_jwks;
    QSet<Http::HttpClient*> m_pending; ///< requests in flight, cut loose on destruction
};

} // namespace Authlens::Jwt
