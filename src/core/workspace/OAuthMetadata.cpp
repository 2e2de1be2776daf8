#include "workspace/OAuthMetadata.h"

#include "auth/HeaderParser.h"
#include "http/RequestSpec.h"
#include "jwt/KeyDiscovery.h"
#include "profiles/ProfileConnection.h"

#include <QJsonDocument>

namespace Authlens::Workspace {

QUrl resourceMetadataOf(const Http::Exchange& exchange, QUrl* requestUrl)
{
    const Http::Hop* hop = exchange.finalResponseHop();
    if (!hop || hop->response.status != 401)
        return {};
    *requestUrl = hop->request.url;
    const Auth::ChallengeParseResult parsed
        = Auth::parseChallenges(Http::headerValues(hop->response.headers, "WWW-Authenticate"));
    for (const Auth::Challenge& c : parsed.challenges) {
        const QByteArray value = c.value("resource_metadata");
        if (value.isEmpty())
            continue;
        // Relative references are not allowed (an absolute https URL, RFC 9728 §5.1); resolving one
        // against the request is what a lenient client would do, so do that and say the URL.
        return hop->request.url.resolved(QUrl(QString::fromUtf8(value), QUrl::StrictMode));
    }
    return {};
}

bool resourceCovers(const QUrl& resource, const QUrl& requested)
{
    if (!Http::isHttpUrl(resource) || Http::Origin::fromUrl(resource) != Http::Origin::fromUrl(requested))
        return false;
    QString prefix = resource.path();
    if (prefix.isEmpty() || prefix == u"/")
        return true;
    const QString path = requested.path();
    if (prefix.endsWith(u'/'))
        prefix.chop(1);
    return path == prefix || path.startsWith(prefix + u'/');
}

QList<QUrl> authorizationServerMetadataUrls(const QString& issuer)
{
    QList<QUrl> urls;
    for (const QUrl& u :
         {Jwt::KeyDiscovery::authorizationServerMetadataUrlFor(issuer), Jwt::KeyDiscovery::discoveryUrlFor(issuer)}) {
        if (!u.isEmpty() && !urls.contains(u))
            urls.append(u);
    }
    return urls;
}

std::optional<Http::RequestSpec> metadataRequest(const Profiles::Profile& profile, const QUrl& url, QString* error)
{
    Http::RequestSpec spec;
    spec.url = url;
    spec.headers = {{QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")}};
    // The profile's proxy and trust apply; the documents are public, so no credential goes along.
    if (!Profiles::applyConnection(profile, profile.sessionSecrets, spec, error))
        return std::nullopt;
    spec.maxRedirects = 5;
    spec.sendJarCookies = false;
    return spec;
}

MetadataAnswer readMetadataAnswer(const QUrl& url, const Http::Exchange& exchange, bool tooLarge, qint64 maxBytes)
{
    MetadataAnswer a;
    a.answered = exchange.hasResponse();
    if (tooLarge) {
        a.problem = QStringLiteral("%1 is larger than %2 bytes").arg(displayUrl(url)).arg(maxBytes);
        return a;
    }
    const Http::Hop* hop = exchange.finalResponseHop();
    if (exchange.error.isError() || !hop) {
        a.problem = QStringLiteral("GET %1: %2").arg(displayUrl(url), exchange.error.message);
        return a;
    }
    if (hop->response.status != 200) {
        a.problem = QStringLiteral("GET %1 answered %2").arg(displayUrl(url)).arg(hop->response.status);
        return a;
    }
    // A document fetched over https must not have come back through plain http.
    if (url.scheme().compare(u"https", Qt::CaseInsensitive) == 0
        && hop->request.url.scheme().compare(u"https", Qt::CaseInsensitive) != 0) {
        a.problem = QStringLiteral("GET %1 was redirected to plain http (%2)")
                        .arg(displayUrl(url), displayUrl(hop->request.url));
        return a;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(hop->response.body.head(maxBytes), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        a.problem = QStringLiteral("%1 is not a JSON object").arg(displayUrl(url));
        return a;
    }
    a.document = document.object();
    return a;
}

} // namespace Authlens::Workspace
