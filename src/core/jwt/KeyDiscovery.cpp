#include "KeyDiscovery.h"

#include "http/HttpClient.h"
#include "http/RequestSpec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <utility>

namespace Authlens::Jwt {

namespace {

// A JWKS or discovery document is a few KiB; anything near this is not one.
constexpr qint64 MaxDocumentBytes = 1024 * 1024;

QUrl issuerUrl(const QString& issuer)
{
    const QUrl url(issuer, QUrl::StrictMode);
    // OpenID Connect Discovery §2: an issuer is an https URL with no query or fragment (http allowed
    // here for local development servers such as the demo API).
    if (!Http::isHttpUrl(url) || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
        return {};
    return url;
}

} // namespace

QString KeyLookup::statusName() const
{
    switch (status) {
    case Status::Ok:
        return QStringLiteral("ok");
    case Status::InvalidUrl:
        return QStringLiteral("invalid_url");
    case Status::Network:
        return QStringLiteral("network");
    case Status::Http:
        return QStringLiteral("http");
    case Status::BadDocument:
        return QStringLiteral("bad_document");
    }
    return QStringLiteral("network");
}

struct KeyDiscovery::Job
{
    int id = 0;
    QString kid;
    KeyLookup result;
};

KeyDiscovery::KeyDiscovery(QObject* parent)
    : QObject(parent)
{
}

KeyDiscovery::~KeyDiscovery()
{
    // Members are destroyed before QObject deletes the children: a request finishing meanwhile must not
    // reach a half-destroyed object.
    const QSet<Http::HttpClient*> pending = std::exchange(m_pending, {});
    for (Http::HttpClient* client : pending) {
        client->disconnect(this);
        delete client;
    }
}

void KeyDiscovery::setTransport(const Http::TransportOptions& transport)
{
    m_transport = transport;
    // Key documents are public: never present the user's TLS identity to fetch one.
    m_transport.clientCertificate = QSslCertificate();
    m_transport.clientKey = QSslKey();
}

QUrl KeyDiscovery::discoveryUrlFor(const QString& issuer)
{
    QUrl url = issuerUrl(issuer);
    if (url.isEmpty())
        return {};
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/.well-known/openid-configuration"));
    return url;
}

QUrl KeyDiscovery::authorizationServerMetadataUrlFor(const QString& issuer)
{
    QUrl url = issuerUrl(issuer);
    if (url.isEmpty())
        return {};
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    // RFC 8414 §3: the well-known segment goes between the host and the issuer's path.
    url.setPath(QStringLiteral("/.well-known/oauth-authorization-server") + path);
    return url;
}

void KeyDiscovery::clearCache()
{
    m_issuerJwks.clear();
    m_jwks.clear();
}

int KeyDiscovery::discover(const QString& issuer, const QString& kid)
{
    auto job = std::make_shared<Job>();
    job->id = m_nextId++;
    job->kid = kid;
    job->result.issuer = issuer;
    const QUrl metadataUrl = discoveryUrlFor(issuer);
    if (metadataUrl.isEmpty()) {
        job->result.status = KeyLookup::Status::InvalidUrl;
        job->result.error = issuer.isEmpty()
            ? QStringLiteral("the token has no \"iss\" to discover keys from")
            : QStringLiteral("issuer \"%1\" is not an http(s) URL, so it has no discovery document").arg(issuer);
        finish(job);
        return job->id;
    }
    const auto known = m_issuerJwks.constFind(issuer);
    if (known != m_issuerJwks.constEnd()) {
        job->result.jwksUrl = *known;
        bool needsRefetch = false;
        if (cachedUsable(*known, kid, &needsRefetch)) {
            job->result.keys = m_jwks.value(*known).keys;
            job->result.fromCache = true;
            finish(job);
        } else {
            startJwks(job, *known, needsRefetch);
        }
        return job->id;
    }
    startDiscovery(job, metadataUrl, false);
    return job->id;
}

int KeyDiscovery::fetchJwks(const QUrl& jwksUrl, const QString& kid)
{
    auto job = std::make_shared<Job>();
    job->id = m_nextId++;
    job->kid = kid;
    job->result.jwksUrl = jwksUrl;
    if (!Http::isHttpUrl(jwksUrl)) {
        job->result.status = KeyLookup::Status::InvalidUrl;
        job->result.error = QStringLiteral("%1 is not an http(s) URL").arg(jwksUrl.toDisplayString());
        finish(job);
        return job->id;
    }
    bool needsRefetch = false;
    if (cachedUsable(jwksUrl, kid, &needsRefetch)) {
        job->result.keys = m_jwks.value(jwksUrl).keys;
        job->result.fromCache = true;
        finish(job);
    } else {
        startJwks(job, jwksUrl, needsRefetch);
    }
    return job->id;
}

bool KeyDiscovery::cachedUsable(const QUrl& jwksUrl, const QString& kid, bool* needsRefetch) const
{
    *needsRefetch = false;
    const auto it = m_jwks.constFind(jwksUrl);
    if (it == m_jwks.constEnd())
        return false;
    if (kid.isEmpty() || !it->keys.withKeyId(kid).isEmpty())
        return true;
    // The kid is unknown: the issuer may have rotated since the JWKS was cached. Fetch once more, unless
    // that happened very recently (then the cached set is the answer, and the verifier says "rotated").
    if (it->fetched.msecsTo(QDateTime::currentDateTimeUtc()) < m_minRefetchMs)
        return true;
    *needsRefetch = true;
    return false;
}

void KeyDiscovery::startDiscovery(const std::shared_ptr<Job>& job, const QUrl& metadataUrl, bool fallback)
{
    job->result.discoveryUrl = metadataUrl;
    get(metadataUrl, [this, job, metadataUrl, fallback](int status, const QByteArray& body, const QString& error) {
        KeyLookup& result = job->result;
        if (!error.isEmpty()) {
            result.status = KeyLookup::Status::Network;
            result.error = QStringLiteral("GET %1: %2").arg(metadataUrl.toDisplayString(), error);
            finish(job);
            return;
        }
        if (status != 200) {
            const QUrl alternative = authorizationServerMetadataUrlFor(result.issuer);
            if (!fallback && status == 404 && !alternative.isEmpty() && alternative != metadataUrl) {
                startDiscovery(job, alternative, true);
                return;
            }
            result.status = KeyLookup::Status::Http;
            result.error = QStringLiteral("GET %1 answered %2").arg(metadataUrl.toDisplayString()).arg(status);
            finish(job);
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        const QJsonObject metadata = document.object();
        const QUrl jwksUrl(metadata.value(QLatin1String("jwks_uri")).toString(), QUrl::StrictMode);
        if (parseError.error != QJsonParseError::NoError || !document.isObject() || !Http::isHttpUrl(jwksUrl)) {
            result.status = KeyLookup::Status::BadDocument;
            result.error = parseError.error != QJsonParseError::NoError
                ? QStringLiteral("%1 is not JSON: %2").arg(metadataUrl.toDisplayString(), parseError.errorString())
                : QStringLiteral("%1 has no http(s) \"jwks_uri\"").arg(metadataUrl.toDisplayString());
            finish(job);
            return;
        }
        const QString documentIssuer = metadata.value(QLatin1String("issuer")).toString();
        if (documentIssuer != result.issuer) {
            // OpenID Connect Discovery §4.3: the document's issuer must be identical to the one asked
            // for; a mismatch is how a misconfigured (or impersonated) issuer shows.
            result.problems.append(Problem::make(
                QStringLiteral("token.issuer"), QStringLiteral("discovery_mismatch"), Severity::Warning,
                QStringLiteral("The discovery document at %1 names issuer \"%2\", the token says \"%3\": they must be "
                               "identical.")
                    .arg(metadataUrl.toDisplayString(), documentIssuer, result.issuer),
                QStringLiteral("iss")));
        }
        m_issuerJwks.insert(result.issuer, jwksUrl);
        startJwks(job, jwksUrl, false);
    });
}

void KeyDiscovery::startJwks(const std::shared_ptr<Job>& job, const QUrl& jwksUrl, bool refetch)
{
    job->result.jwksUrl = jwksUrl;
    job->result.refetched = refetch;
    get(jwksUrl, [this, job, jwksUrl](int status, const QByteArray& body, const QString& error) {
        KeyLookup& result = job->result;
        if (!error.isEmpty()) {
            result.status = KeyLookup::Status::Network;
            result.error = QStringLiteral("GET %1: %2").arg(jwksUrl.toDisplayString(), error);
        } else if (status != 200) {
            result.status = KeyLookup::Status::Http;
            result.error = QStringLiteral("GET %1 answered %2").arg(jwksUrl.toDisplayString()).arg(status);
        } else {
            QString parseError;
            const KeySet keys
                = KeySet::fromJson(body, QStringLiteral("the JWKS at %1").arg(jwksUrl.toDisplayString()), &parseError);
            if (!parseError.isEmpty()) {
                result.status = KeyLookup::Status::BadDocument;
                result.error = parseError;
            } else {
                m_jwks.insert(jwksUrl, CachedJwks {keys, QDateTime::currentDateTimeUtc()});
                result.keys = keys;
            }
        }
        finish(job);
    });
}

void KeyDiscovery::get(const QUrl& url,
                       const std::function<void(int status, const QByteArray& body, const QString& error)>& done)
{
    Http::RequestSpec spec;
    spec.url = url;
    spec.headers = {{QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")}};
    spec.connectTimeoutMs = m_timeoutMs;
    spec.totalTimeoutMs = m_timeoutMs;
    spec.maxRedirects = 10;
    // Key documents are public: never send cookies or credentials along (the request has none, and each
    // client has a jar of its own that starts empty).
    spec.sendJarCookies = false;
    spec.transport = m_transport;
    auto* client = new Http::HttpClient(this);
    m_pending.insert(client);
    auto tooLarge = std::make_shared<bool>(false);
    connect(client, &Http::HttpClient::downloadProgress, client, [client, tooLarge](qint64 received, qint64 total) {
        if (!*tooLarge && (received > MaxDocumentBytes || total > MaxDocumentBytes)) {
            *tooLarge = true;
            client->cancel();
        }
    });
    const int timeoutMs = m_timeoutMs;
    connect(client, &Http::HttpClient::finished, this,
            [this, client, url, tooLarge, done, timeoutMs](const Http::Exchange& exchange) {
                m_pending.remove(client);
                client->deleteLater();
                if (*tooLarge) {
                    done(0, {}, QStringLiteral("the response is larger than %1 bytes").arg(MaxDocumentBytes));
                    return;
                }
                const Http::ErrorKind kind = exchange.error.kind;
                if (kind == Http::ErrorKind::ConnectTimeout || kind == Http::ErrorKind::TotalTimeout) {
                    done(0, {}, QStringLiteral("no answer within %1 ms").arg(timeoutMs));
                    return;
                }
                const Http::Hop* hop = exchange.finalResponseHop();
                if (exchange.error.isError() || !hop) {
                    done(0, {}, exchange.error.message);
                    return;
                }
                // As QNAM's NoLessSafeRedirectPolicy did: keys fetched over https never come back over http.
                if (url.scheme() == u"https" && hop->request.url.scheme() != u"https") {
                    done(0, {}, QStringLiteral("redirected from https to %1").arg(hop->request.url.toDisplayString()));
                    return;
                }
                done(hop->response.status, hop->response.body.head(MaxDocumentBytes), {});
            });
    client->send(spec);
}

void KeyDiscovery::finish(const std::shared_ptr<Job>& job)
{
    // Always asynchronous, so callers can connect after discover() returns even for cache hits.
    QTimer::singleShot(0, this, [this, job] { Q_EMIT finished(job->id, job->result); });
}

} // namespace Authlens::Jwt
