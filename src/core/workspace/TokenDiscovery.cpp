// Where a token run's endpoint comes from (issue 10), in this order: the profile; a 401's RFC 9728
// resource_metadata → its authorization_servers → RFC 8414 metadata, then OpenID Connect discovery; the
// access token's iss. Every document fetched is a step of the transcript.
#include "auth/HeaderParser.h"
#include "http/HttpClient.h"
#include "jwt/CompactJws.h"
#include "jwt/KeyDiscovery.h"
#include "profiles/ProfileConnection.h"
#include "workspace/OAuthMetadata.h"
#include "workspace/TokenServiceRun.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <memory>

namespace Authlens::Workspace {

namespace {

/// The origins a profile's credentials may go to: its base URL's and the ones it allows.
QList<Http::Origin> credentialOrigins(const Profiles::Profile& profile)
{
    QList<Http::Origin> origins = profile.allowedOrigins;
    const Http::Origin base = Http::Origin::fromUrl(QUrl(profile.baseUrl));
    if (base.isValid() && !origins.contains(base))
        origins.prepend(base);
    return origins;
}

QString issuerOfToken(const QString& token)
{
    const auto jws = Jwt::CompactJws::parse(token.toLatin1());
    const auto claims = jws ? jws->claims() : std::nullopt;
    return claims ? claims->value(u"iss").toString() : QString();
}

} // namespace

void TokenService::chooseEndpoint()
{
    Run& r = *m_run;
    const Profiles::Profile& profile = r.request.profile;
    const QString configured = profile.auth.oauth.tokenEndpoint.trimmed();
    if (!configured.isEmpty()) {
        // {{variables}} and a path relative to the base URL, as in the profile's saved requests.
        const QUrl url = profile.resolve(profile.substitute(configured));
        r.outcome.endpointSource = EndpointSource::Profile;
        r.outcome.endpointNote = QStringLiteral("set in the profile");
        r.outcome.tokenEndpoint = url;
        sendTokenRequest();
        return;
    }
    if (r.request.challenged) {
        const QUrl metadata = resourceMetadataOf(*r.request.challenged, &r.challengedUrl);
        if (!metadata.isEmpty()) {
            fetchResourceMetadata(metadata);
            return;
        }
        r.misses.append(QStringLiteral("the 401 names no resource_metadata (RFC 9728)"));
    }
    tryIssuerOfToken();
}

void TokenService::fetchDocument(const QString& title, const QUrl& url, std::function<void(const QJsonObject&)> use,
                                 std::function<void(const QString&)> fail)
{
    Run& r = *m_run;
    if (!Http::isHttpUrl(url)) {
        fail(QStringLiteral("%1 is not an http(s) URL").arg(displayUrl(url)));
        return;
    }
    QString error;
    const std::optional<Http::RequestSpec> spec = metadataRequest(r.request.profile, url, &error);
    if (!spec) {
        r.outcome.error = {ErrorKind::BadInput, error};
        finish();
        return;
    }
    const int index = int(r.outcome.transcript.size());
    r.outcome.transcript.append(TokenStep {title, {}, {}});
    r.tooLarge = false;
    r.next = [this, index, url, use = std::move(use), fail = std::move(fail)](const Http::Exchange& exchange) {
        Run& run = *m_run;
        TokenStep& step = run.outcome.transcript[index];
        step.exchange = exchange;
        step.findings = Diagnosis::diagnose(exchange, run.diagnoseOptions).findings;
        if (exchange.error.isError() && !exchange.hasResponse() && run.cancelled) {
            // Cancelled by the user ends the run; any other failure is this source's miss.
            run.outcome.error = {ErrorKind::Network, QStringLiteral("Cancelled")};
            finish();
            return;
        }
        const MetadataAnswer answer = readMetadataAnswer(url, exchange, run.tooLarge, MaxDocumentBytes);
        if (!answer.document) {
            fail(answer.problem);
            return;
        }
        use(*answer.document);
    };
    Q_EMIT stepStarted(index, title);
    m_client->send(*spec);
}

void TokenService::fetchResourceMetadata(const QUrl& url)
{
    Run& r = *m_run;
    r.resourceMetadataUrl = url;
    fetchDocument(
        QStringLiteral("Protected resource metadata (RFC 9728)"), url,
        [this, url](const QJsonObject& metadata) {
            Run& run = *m_run;
            const QUrl resource(metadata.value(u"resource").toString(), QUrl::StrictMode);
            if (!resourceCovers(resource, run.challengedUrl)) {
                // RFC 9728 §3.3: metadata about another resource must not be used (it could send the
                // client's credentials to an authorization server the API never named).
                run.misses.append(
                    QStringLiteral("the resource metadata at %1 describes \"%2\", not %3 (RFC 9728 §3.3)")
                        .arg(displayUrl(url), metadata.value(u"resource").toString(), displayUrl(run.challengedUrl)));
                tryIssuerOfToken();
                return;
            }
            const QJsonArray servers = metadata.value(u"authorization_servers").toArray();
            for (const QJsonValue& s : servers) {
                if (s.isString() && !s.toString().isEmpty())
                    run.authorizationServers.append(s.toString());
            }
            if (run.authorizationServers.isEmpty()) {
                run.misses.append(
                    QStringLiteral("the resource metadata at %1 names no authorization_servers").arg(displayUrl(url)));
                tryIssuerOfToken();
                return;
            }
            run.source = EndpointSource::ResourceMetadata;
            tryNextAuthorizationServer();
        },
        [this](const QString& why) {
            m_run->misses.append(why);
            tryIssuerOfToken();
        });
}

void TokenService::tryIssuerOfToken()
{
    Run& r = *m_run;
    if (r.triedIssuer) {
        noEndpoint();
        return;
    }
    r.triedIssuer = true;
    const QString iss = issuerOfToken(r.request.profile.sessionSecrets.token);
    if (iss.isEmpty()) {
        r.misses.append(r.request.profile.sessionSecrets.token.isEmpty()
                            ? QStringLiteral("there is no access token whose issuer could be asked")
                            : QStringLiteral("the access token is not a JWT with an \"iss\""));
        noEndpoint();
        return;
    }
    r.source = EndpointSource::Issuer;
    r.authorizationServers = {iss};
    tryNextAuthorizationServer();
}

void TokenService::tryNextAuthorizationServer()
{
    Run& r = *m_run;
    if (r.authorizationServers.isEmpty()) {
        if (r.source == EndpointSource::ResourceMetadata) {
            tryIssuerOfToken();
            return;
        }
        noEndpoint();
        return;
    }
    r.currentServer = r.authorizationServers.takeFirst();
    // RFC 8414 metadata first, then OpenID Connect discovery (RFC 8414 §5 lists both).
    const QList<QUrl> urls = authorizationServerMetadataUrls(r.currentServer);
    if (urls.isEmpty()) {
        r.misses.append(QStringLiteral("the issuer \"%1\" is not an http(s) URL").arg(r.currentServer));
        tryNextAuthorizationServer();
        return;
    }
    // The function refers to itself only weakly (a strong self-reference would never be freed); the fetch
    // callbacks hold it strongly while they are pending.
    auto tryUrl = std::make_shared<std::function<void(qsizetype)>>();
    *tryUrl = [this, urls, weak = std::weak_ptr(tryUrl)](qsizetype i) {
        const std::shared_ptr<std::function<void(qsizetype)>> tryUrl = weak.lock();
        const QUrl url = urls.at(i);
        const bool rfc8414 = url.path().startsWith(u"/.well-known/oauth-authorization-server");
        fetchDocument(
            rfc8414 ? QStringLiteral("Authorization server metadata (RFC 8414)")
                    : QStringLiteral("OpenID Connect discovery"),
            url,
            [this, url](const QJsonObject& metadata) {
                Run& run = *m_run;
                // RFC 8414 §3.3, OpenID Connect Discovery §4.3: the issuer must be the one asked for, or
                // the document must not be used.
                const QString issuer = metadata.value(u"issuer").toString();
                const QUrl endpoint(metadata.value(u"token_endpoint").toString(), QUrl::StrictMode);
                if (issuer != run.currentServer) {
                    run.misses.append(QStringLiteral("%1 names issuer \"%2\", not \"%3\" (RFC 8414 §3.3)")
                                          .arg(displayUrl(url), issuer, run.currentServer));
                } else if (!Http::isHttpUrl(endpoint)) {
                    run.misses.append(QStringLiteral("%1 has no http(s) token_endpoint").arg(displayUrl(url)));
                } else {
                    run.outcome.endpointSource = run.source;
                    run.discoveredDeviceEndpoint
                        = QUrl(metadata.value(u"device_authorization_endpoint").toString(), QUrl::StrictMode);
                    run.outcome.endpointNote = run.source == EndpointSource::ResourceMetadata
                        ? QStringLiteral("from the 401's resource_metadata %1 → authorization server %2 → %3")
                              .arg(displayUrl(run.resourceMetadataUrl), run.currentServer, displayUrl(url))
                        : QStringLiteral("from the access token's issuer %1 → %2")
                              .arg(run.currentServer, displayUrl(url));
                    endpointFound(endpoint);
                    return;
                }
                tryNextAuthorizationServer();
            },
            [this, urls, tryUrl, i](const QString& why) {
                m_run->misses.append(why);
                if (i + 1 < urls.size())
                    (*tryUrl)(i + 1);
                else
                    tryNextAuthorizationServer();
            });
    };
    (*tryUrl)(0);
}

void TokenService::noEndpoint()
{
    Run& r = *m_run;
    r.outcome.error = {ErrorKind::BadInput,
                       QStringLiteral("No token endpoint: the profile names none, and none could be discovered (%1). "
                                      "Set the token endpoint in the profile.")
                           .arg(r.misses.join(QStringLiteral("; ")))};
    finish();
}

void TokenService::endpointFound(const QUrl& endpoint)
{
    Run& r = *m_run;
    // A discovered endpoint receives the client secret, the refresh token or the user's password: only
    // an origin the profile already trusts with its credentials may (DESIGN.md §4). Anything else needs
    // the user's word: the endpoint set in the profile.
    const QList<Http::Origin> allowed = credentialOrigins(r.request.profile);
    const Http::Origin origin = Http::Origin::fromUrl(endpoint);
    if (!allowed.contains(origin)) {
        QStringList names;
        for (const Http::Origin& o : allowed)
            names.append(o.toString());
        r.outcome.tokenEndpoint = endpoint;
        r.outcome.error = {ErrorKind::BadInput,
                           QStringLiteral("Discovered the token endpoint %1 (%2), but %3 is not an origin this profile "
                                          "sends its credentials to (%4). If you trust it, set it as the profile's "
                                          "token endpoint.")
                               .arg(displayUrl(endpoint), r.outcome.endpointNote, origin.toString(),
                                    names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", ")))};
        finish();
        return;
    }
    r.outcome.tokenEndpoint = endpoint;
    sendTokenRequest();
}

} // namespace Authlens::Workspace
