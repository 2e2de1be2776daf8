// The documents that say where an API's tokens come from, checked by what their URL promises: RFC 9728
// protected resource metadata (/.well-known/oauth-protected-resource), RFC 8414 authorization server
// metadata (/.well-known/oauth-authorization-server) and OpenID Connect discovery
// (/.well-known/openid-configuration). A document about another resource or issuer must not be used: it
// could send the client's credentials to a server the API never named.
#include "diagnosis/Rules.h"

#include <QJsonArray>

namespace Authlens::Diagnosis::Rules {

namespace {

const QString ResourceSuffix = QStringLiteral("/.well-known/oauth-protected-resource");
const QString ServerSuffix = QStringLiteral("/.well-known/oauth-authorization-server");
const QString OpenIdSuffix = QStringLiteral("/.well-known/openid-configuration");

enum class Kind { None, Resource, Server, OpenId };

struct Expected
{
    Kind kind = Kind::None;
    QString identifier; ///< the resource or issuer the URL was derived from
};

QString withoutTrailingSlash(QString text)
{
    while (text.endsWith(u'/'))
        text.chop(1);
    return text;
}

/// What the URL of a metadata GET promises. RFC 9728 §3.1 and RFC 8414 §3.1 insert the well-known segment
/// between the host and the identifier's path; OpenID Connect Discovery §4 appends it to the issuer.
Expected expectedFor(const QUrl& url)
{
    const QString path = url.path();
    const QString origin
        = url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
              .toString(QUrl::FullyEncoded);
    if (path.startsWith(ResourceSuffix))
        return {Kind::Resource, origin + path.mid(ResourceSuffix.size())};
    if (path.startsWith(ServerSuffix))
        return {Kind::Server, origin + path.mid(ServerSuffix.size())};
    if (path.endsWith(OpenIdSuffix))
        return {Kind::OpenId, origin + path.chopped(OpenIdSuffix.size())};
    return {};
}

/// Identifiers compare as URLs: scheme and host case-insensitive, a default port and a trailing slash
/// of an empty path ignored.
bool sameIdentifier(const QString& a, const QString& b)
{
    const QUrl x(a, QUrl::StrictMode);
    const QUrl y(b, QUrl::StrictMode);
    if (!x.isValid() || !y.isValid())
        return false;
    const auto norm
        = [](const QUrl& u) { return QUrl(u).adjusted(QUrl::NormalizePathSegments).toString(QUrl::FullyEncoded); };
    return withoutTrailingSlash(norm(x)) == withoutTrailingSlash(norm(y));
}

} // namespace

void metadataRules(const Facts& facts, Findings& out)
{
    const HopFacts* hop = facts.finalHop();
    if (!hop || !hop->answered || hop->status != 200 || hop->hop->request.method != "GET")
        return;
    // Redirects may lead elsewhere: what the URL first asked for is what the document must describe.
    const Expected expected = expectedFor(facts.exchange->hops.first().request.url);
    if (expected.kind == Kind::None)
        return;
    const QString document = expected.kind == Kind::Resource ? QStringLiteral("protected resource metadata")
        : expected.kind == Kind::Server                      ? QStringLiteral("authorization server metadata")
                                                             : QStringLiteral("OpenID Connect discovery document");
    if (!hop->bodyJson) {
        Finding f = makeFinding(Code::MetadataInvalid, hop->index);
        f.explanation = QStringLiteral("The %1 URL answered %2 instead of a JSON object: nothing in it can be used.")
                            .arg(document,
                                 hop->contentType.isEmpty() ? QStringLiteral("a body without a type")
                                                            : QString::fromLatin1(hop->contentType));
        f.evidence.append(bodyEvidence(*hop, {}, QStringLiteral("not JSON")));
        f.source = expected.kind == Kind::Resource ? QStringLiteral("RFC 9728 §3.2") : QStringLiteral("RFC 8414 §3.2");
        out.append(f);
        return;
    }
    const QJsonObject json = *hop->bodyJson;
    if (expected.kind == Kind::Resource) {
        const QString resource = json.value(u"resource").toString();
        if (!sameIdentifier(resource, expected.identifier)) {
            Finding f = makeFinding(Code::MetadataResourceMismatch, hop->index);
            f.explanation = QStringLiteral("The metadata fetched for %1 describes the resource \"%2\". RFC 9728 §3.3: "
                                           "a client must not use metadata whose resource differs — it could "
                                           "send tokens to an authorization server this API never named.")
                                .arg(expected.identifier, resource.isEmpty() ? QStringLiteral("(none)") : resource);
            f.evidence.append(bodyEvidence(*hop, "\"resource\"", QStringLiteral("the resource it describes")));
            f.source = QStringLiteral("RFC 9728 §3.3");
            out.append(f);
        }
        const QJsonArray servers = json.value(u"authorization_servers").toArray();
        if (servers.isEmpty()) {
            Finding f = makeFinding(Code::MetadataNoAuthorizationServers, hop->index);
            f.explanation = QStringLiteral("The protected resource metadata names no authorization_servers: it does "
                                           "not say where this API's tokens come from.");
            f.evidence.append(bodyEvidence(*hop, {}, QStringLiteral("no authorization_servers")));
            f.source = QStringLiteral("RFC 9728 §2");
            out.append(f);
        }
        return;
    }
    const QString issuer = json.value(u"issuer").toString();
    if (!sameIdentifier(issuer, expected.identifier) || issuer.isEmpty()) {
        Finding f = makeFinding(Code::MetadataIssuerMismatch, hop->index);
        f.explanation = QStringLiteral("The %1 fetched for the issuer %2 names the issuer \"%3\". It must be the "
                                       "issuer it was fetched for, or the document must not be used: its endpoints "
                                       "and keys could belong to someone else.")
                            .arg(document, expected.identifier, issuer.isEmpty() ? QStringLiteral("(none)") : issuer);
        f.evidence.append(bodyEvidence(*hop, "\"issuer\"", QStringLiteral("the issuer it names")));
        f.source = expected.kind == Kind::Server ? QStringLiteral("RFC 8414 §3.3")
                                                 : QStringLiteral("OpenID Connect Discovery 1.0 §4.3");
        out.append(f);
    }
}

} // namespace Authlens::Diagnosis::Rules
