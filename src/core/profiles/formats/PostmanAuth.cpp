#include "profiles/formats/PostmanAuth.h"

#include "http/SecretPolicy.h"
#include "jwt/Base64Url.h"

#include "jwt/NumericDate.h"
#include "profiles/formats/ImportedUrl.h"
#include "profiles/formats/PostmanVariables.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

// Where Postman's oauth2 keys come from. Postman documents the fields of its OAuth 2.0 dialog, not
// the keys it writes; the keys below are the ones real exports carry and that other importers read:
// - grant_type (authorization_code, authorization_code_with_pkce, implicit, password_credentials,
//   client_credentials), accessTokenUrl, refreshTokenUrl, authUrl, redirect_uri, clientId, clientSecret,
//   scope, state, username, password, client_authentication ("header" | "body"), addTokenTo, headerPrefix,
//   tokenName, and the three parameter lists: Bruno's Postman importer,
//   github.com/usebruno/bruno packages/bruno-converters/src/postman/postman-to-bruno.js, and Insomnia's,
//   github.com/Kong/insomnia packages/insomnia/src/utils/importers/importers/postman.ts.
// - What the fields mean: the Postman docs ("Authorization" → OAuth 2.0), as changed in
//   github.com/postmanlabs/postman-docs/pull/2998 (Client Authentication: "a Basic Auth request in the
//   header, or client credentials in the request body"; Advanced Options: Resource and Audience) and
//   github.com/postmanlabs/postman-docs/pull/4597 (Refresh Token URL, "if empty … the same as the access
//   token URL"; Auth/Token/Refresh Request parameters sent "in the request body, request URL, or request
//   header").
// - tokenRequestParams, authRequestParams, refreshRequestParams: lists of {key, value, enabled, send_as},
//   send_as one of request_body, request_url, request_header (Postman 10.13,
//   github.com/postmanlabs/postman-app-support/issues/6326; the names as Bruno's importer maps them).
// - A legacy audience/resource (before 10.13) can be an object keyed by an id:
//   `{"key": "audience", "value": {"5545d202-…": "exampleAudience"}, "type": "any"}`, an export quoted in
//   github.com/Kong/insomnia/issues/4437.
// - accessToken, tokenType and addTokenTo ("header" | "queryParams") are what Postman's runtime signs a
//   request with: github.com/postmanlabs/postman-runtime lib/authorizer/oauth2.js.

namespace Authlens::Formats {

namespace {

/// The current token and Postman's labels of it: they change every time Postman gets a token, so they
/// do not make two blocks different configurations.
const QStringList& volatileOAuthKeys()
{
    static const QStringList keys {QStringLiteral("accessToken"), QStringLiteral("refreshToken"),
                                   QStringLiteral("tokenName"),   QStringLiteral("tokenType"),
                                   QStringLiteral("tokenId"),     QStringLiteral("id_token")};
    return keys;
}

/// Settings of the authorization request (a browser login), which Authlens cannot run yet.
const QStringList& browserLoginKeys()
{
    static const QStringList keys {QStringLiteral("authUrl"),       QStringLiteral("redirect_uri"),
                                   QStringLiteral("state"),         QStringLiteral("challengeAlgorithm"),
                                   QStringLiteral("code_verifier"), QStringLiteral("useBrowser")};
    return keys;
}

/// `exp` of a JWS access token (seconds since the epoch), 0 when the token is not a JWT or has none.
/// The token says when it expires; the profile shows it and refreshes before sending on that basis.
qint64 jwtExpiry(const QString& token)
{
    const QStringList parts = token.trimmed().split(u'.');
    if (parts.size() != 3)
        return 0;
    const QJsonDocument payload = QJsonDocument::fromJson(Jwt::base64UrlDecodeLenient(parts.at(1).toLatin1()));
    const QJsonValue exp = payload.object().value(u"exp");
    const qint64 seconds = Jwt::numericDate(exp).value_or(0);
    return seconds > 0 ? seconds : 0;
}

/// The strings of a value that may be a string, a list, or an object keyed by an id (legacy
/// audience/resource), in order, without empty ones and duplicates.
QStringList stringsOf(const QJsonValue& value, const QHash<QString, QString>& values)
{
    QList<QJsonValue> items;
    if (value.isArray()) {
        for (const QJsonValue& item : value.toArray())
            items.append(item);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            items.append(it.value());
    } else {
        items.append(value);
    }
    QStringList out;
    for (const QJsonValue& item : std::as_const(items)) {
        const QString text = resolveVariables(scalarText(item), values).trimmed();
        if (!text.isEmpty() && !out.contains(text))
            out.append(text);
    }
    return out;
}

/// One entry of tokenRequestParams and its siblings.
struct RequestParam
{
    QString key;
    QString value;
    QString sendAs; ///< request_body, request_url, request_header
};

QList<RequestParam> requestParams(const QJsonValue& list, const QHash<QString, QString>& values)
{
    QList<RequestParam> out;
    for (const QJsonValue& v : list.toArray()) {
        const QJsonObject o = v.toObject();
        // Postman writes "enabled"; "disabled" is how the rest of the collection format says it.
        if (o.value(u"enabled").toBool(true) == false || o.value(u"disabled").toBool(false))
            continue;
        const QString key = resolveVariables(scalarText(o.value(u"key")), values).trimmed();
        if (key.isEmpty())
            continue;
        // A row without send_as is taken as a body parameter, where a token request carries its
        // parameters (RFC 6749 §4.4.2, application/x-www-form-urlencoded).
        const QString sendAs = o.value(u"send_as").toString(QStringLiteral("request_body"));
        out.append({key, resolveVariables(scalarText(o.value(u"value")), values), sendAs});
    }
    return out;
}

QString listed(const QStringList& names)
{
    QStringList quoted;
    for (const QString& n : names.mid(0, 8))
        quoted.append(u'"' + n.left(60) + u'"');
    if (names.size() > 8)
        quoted.append(QStringLiteral("…"));
    return quoted.join(QStringLiteral(", "));
}

class OAuthReader
{
public:
    OAuthReader(const QJsonObject& auth, const QHash<QString, QString>& values)
        : m_params(postmanAuthParams(auth))
        , m_values(values)
    {
    }

    PostmanOAuth read();

private:
    QString raw(const char* key) const { return scalarText(m_params.value(QLatin1String(key))); }
    QString text(const char* key) const { return resolveVariables(raw(key), m_values).trimmed(); }
    void readGrant();
    void readEndpoint();
    void readClient();
    void readTokenParams();
    void readTokenPlacement();
    void noteUndefinedVariables();

    QJsonObject m_params;
    const QHash<QString, QString>& m_values;
    PostmanOAuth m_out;
    Auth::OAuthSettings& m_oauth = m_out.settings.oauth;
    QString m_grant; ///< Postman's grant_type
};

PostmanOAuth OAuthReader::read()
{
    m_out.settings.method = Auth::Method::OAuth2;
    m_out.secrets.token = text("accessToken");
    m_out.secrets.refreshToken = text("refreshToken");
    m_oauth.accessTokenExpiresAt = jwtExpiry(m_out.secrets.token);
    readGrant();
    readEndpoint();
    readClient();
    // RFC 6749 §3.3: the scope is a space-delimited list. Commas are left alone: Postman sends the
    // field as it is, so "a,b" is what the server expects to see.
    m_oauth.scopes = text("scope").split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    // Audience and resource: the legacy fields first, then the token request's parameters (where
    // Postman 10.13 moved them).
    const QStringList audiences = stringsOf(m_params.value(u"audience"), m_values);
    m_oauth.audience = audiences.value(0);
    m_oauth.resources = stringsOf(m_params.value(u"resource"), m_values);
    readTokenParams();
    if (audiences.size() > 1)
        m_out.warnings.append(QStringLiteral("The OAuth 2 settings name %1 audiences; a profile sends one, \"%2\".")
                                  .arg(audiences.size())
                                  .arg(m_oauth.audience.left(120)));
    readTokenPlacement();
    noteUndefinedVariables();
    return m_out;
}

void OAuthReader::readGrant()
{
    m_grant = text("grant_type");
    const bool hasClient = !text("accessTokenUrl").isEmpty() || !text("clientId").isEmpty();
    QStringList browserKeys;
    for (const QString& key : browserLoginKeys()) {
        const QJsonValue v = m_params.value(key);
        if (!scalarText(v).isEmpty() && !(v.isBool() && !v.toBool()))
            browserKeys.append(key);
    }
    const QString notKept = browserKeys.isEmpty()
        ? QString()
        : QStringLiteral(" Not kept (the profile has no field for them yet): %1.").arg(listed(browserKeys));

    if (m_grant == u"client_credentials") {
        m_oauth.grantType = QStringLiteral("client_credentials");
    } else if (m_grant == u"password_credentials") {
        m_oauth.grantType = QStringLiteral("password");
        m_out.settings.username = text("username");
        m_out.secrets.password = text("password");
    } else if (m_grant == u"authorization_code" || m_grant == u"authorization_code_with_pkce"
               || (m_grant.isEmpty() && hasClient)) {
        // Postman's dialog starts on Authorization Code: a block without grant_type means it. The grant
        // stays in the profile (the browser login comes with the next issue); a refresh token, when the
        // collection has one, works today.
        m_oauth.grantType = QStringLiteral("authorization_code");
        const QString tokens = !m_out.secrets.refreshToken.isEmpty()
            ? QStringLiteral("with the collection's refresh token it gets new access tokens.")
            : !m_out.secrets.token.isEmpty()
            ? QStringLiteral("it sends the collection's access token; paste a new one when that expires.")
            : QStringLiteral("the collection holds no OAuth 2 access token: paste one into the profile.");
        m_out.warnings.append(
            QStringLiteral("The OAuth 2 grant is Authorization Code%1: it needs a browser login, "
                           "which Authlens cannot run yet. The profile keeps the grant and the "
                           "client; %2%3")
                .arg(m_grant.endsWith(u"_pkce") ? QStringLiteral(" with PKCE") : QString(), tokens, notKept));
    } else {
        // The implicit grant (deprecated by the OAuth 2.0 Security BCP, RFC 9700 §2.1.2, in favour of
        // the authorization code grant), an unknown grant, or a block that only holds a token: Authlens
        // cannot get tokens this way, so the token is a plain Bearer token. The client settings stay in
        // the profile's OAuth settings for when the user switches the method.
        m_out.settings.method = Auth::Method::Bearer;
        if (m_grant == u"implicit") {
            m_oauth.grantType = QStringLiteral("authorization_code");
            m_out.warnings.append(QStringLiteral("The OAuth 2 implicit grant is not supported (RFC 9700, the OAuth 2.0 "
                                                 "Security BCP, deprecates it for the authorization code grant): the "
                                                 "collection's access token is imported as a Bearer token, and the "
                                                 "client is kept in the profile's OAuth settings.%1")
                                      .arg(notKept));
        } else if (!m_grant.isEmpty()) {
            m_out.warnings.append(QStringLiteral("OAuth 2 grant \"%1\" is not supported: the collection's access "
                                                 "token is imported as a Bearer token; set the grant in the profile's "
                                                 "OAuth settings to get new tokens.")
                                      .arg(m_grant.left(40)));
        } else if (!m_out.secrets.token.isEmpty()) {
            m_out.warnings.append(QStringLiteral("The OAuth 2 block holds an access token but no token URL or client: "
                                                 "it is imported as a Bearer token."));
        } else {
            m_out.warnings.append(QStringLiteral("The OAuth 2 block holds neither an access token nor a token URL or "
                                                 "client: the profile has no credentials yet."));
        }
    }
}

void OAuthReader::readEndpoint()
{
    const QString url = text("accessTokenUrl");
    if (!url.isEmpty()) {
        QString error;
        const std::optional<QUrl> parsed = url.contains(u"{{") ? std::nullopt : parseHttpUrl(url, &error);
        if (parsed) {
            // User and password in a URL would be a secret in the profile file.
            if (!parsed->userInfo().isEmpty())
                m_out.warnings.append(QStringLiteral(
                    "The OAuth 2 access token URL carried a user name and password; they were removed."));
            m_oauth.tokenEndpoint = parsed->adjusted(QUrl::RemoveUserInfo | QUrl::RemoveFragment).toString();
        } else {
            m_out.warnings.append(
                QStringLiteral("The OAuth 2 access token URL \"%1\" is not an absolute http(s) URL%2: the profile's "
                               "token endpoint is left empty. Set it in the profile, or Authlens looks for it in the "
                               "API's 401 (resource_metadata) when it needs a token.")
                    .arg(url.left(120),
                         url.contains(u"{{") ? QStringLiteral(" (it uses a variable the collection "
                                                              "does not define)")
                                             : QString()));
        }
    }
    // Without a refresh token URL Postman refreshes at the access token URL, as Authlens always does.
    const QString refreshUrl = text("refreshTokenUrl");
    if (!refreshUrl.isEmpty() && refreshUrl != url)
        m_out.warnings.append(QStringLiteral("Postman sends OAuth 2 refresh requests to %1; Authlens sends every token "
                                             "request, refreshes included, to the token endpoint.")
                                  .arg(refreshUrl.left(120)));
}

void OAuthReader::readClient()
{
    m_oauth.clientId = text("clientId");
    m_out.secrets.clientSecret = text("clientSecret");
    const QString how = text("client_authentication");
    if (how == u"body") {
        // Credentials in the body; without a secret that is a public client sending only client_id.
        m_oauth.clientAuth
            = raw("clientSecret").trimmed().isEmpty() ? Auth::ClientAuth::None : Auth::ClientAuth::ClientSecretPost;
    } else {
        // "header", and Postman's default: "Send as Basic Auth header".
        m_oauth.clientAuth = Auth::ClientAuth::ClientSecretBasic;
        if (!how.isEmpty() && how != u"header")
            m_out.warnings.append(QStringLiteral("OAuth 2 client authentication \"%1\" is unknown; the profile uses "
                                                 "HTTP Basic (client_secret_basic).")
                                      .arg(how.left(40)));
    }
}

void OAuthReader::readTokenParams()
{
    QStringList inUrl;
    QStringList inHeader;
    QStringList secretKept;
    QStringList secretDropped;
    QStringList overridden;
    const QList<RequestParam> params = requestParams(m_params.value(u"tokenRequestParams"), m_values);
    for (const RequestParam& p : params) {
        if (p.sendAs == u"request_header") {
            inHeader.append(p.key);
            continue;
        }
        if (p.key == u"audience") {
            if (m_oauth.audience.isEmpty())
                m_oauth.audience = p.value;
            else if (m_oauth.audience != p.value)
                overridden.append(p.key);
            continue;
        }
        if (p.key == u"resource") {
            if (!p.value.isEmpty() && !m_oauth.resources.contains(p.value))
                m_oauth.resources.append(p.value);
            continue;
        }
        if (p.key == u"client_secret") {
            // The client secret sent in the body by hand: the profile's client_secret_post.
            if (m_out.secrets.clientSecret.isEmpty() || m_out.secrets.clientSecret == p.value) {
                m_out.secrets.clientSecret = p.value;
                m_oauth.clientAuth = Auth::ClientAuth::ClientSecretPost;
                secretKept.append(p.key);
            } else {
                secretDropped.append(p.key);
            }
            continue;
        }
        if (Http::SecretPolicy::standard().isSecretBodyField(p.key)) {
            // Extra parameters are saved in the profile file, which holds no secrets.
            secretDropped.append(p.key);
            continue;
        }
        if (p.key == u"client_id" && (m_oauth.clientId.isEmpty() || m_oauth.clientId == p.value)) {
            m_oauth.clientId = p.value;
            continue;
        }
        if (p.key == u"scope") {
            const QStringList scopes = p.value.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
            if (m_oauth.scopes.isEmpty() || m_oauth.scopes == scopes) {
                m_oauth.scopes = scopes;
                continue;
            }
        }
        if (p.key == u"grant_type" || p.key == u"client_id" || p.key == u"scope") {
            // The token service writes these itself from the profile's settings.
            overridden.append(p.key);
            continue;
        }
        if (p.sendAs == u"request_url")
            inUrl.append(p.key);
        m_oauth.extraParams.append({p.key, p.value});
    }
    if (!inUrl.isEmpty())
        m_out.warnings.append(QStringLiteral("OAuth 2 token request parameters %1 went in the URL in Postman; Authlens "
                                             "sends them in the request body with the other parameters.")
                                  .arg(listed(inUrl)));
    if (!inHeader.isEmpty())
        m_out.warnings.append(QStringLiteral("OAuth 2 token request headers %1 were not imported: a profile's token "
                                             "requests carry no headers of their own.")
                                  .arg(listed(inHeader)));
    if (!secretKept.isEmpty())
        m_out.warnings.append(
            QStringLiteral("The token request parameter \"client_secret\" became the profile's client "
                           "secret (sent in the body, client_secret_post)."));
    if (!secretDropped.isEmpty())
        m_out.warnings.append(QStringLiteral("OAuth 2 token request parameters %1 hold secrets and were not imported "
                                             "(profile files hold no secrets; the profile's own fields are kept in "
                                             "the keychain).")
                                  .arg(listed(secretDropped)));
    if (!overridden.isEmpty())
        m_out.warnings.append(QStringLiteral("OAuth 2 token request parameters %1 contradict the grant's own settings; "
                                             "the settings were kept.")
                                  .arg(listed(overridden)));

    QStringList authOnly;
    for (const RequestParam& p : requestParams(m_params.value(u"authRequestParams"), m_values))
        authOnly.append(p.key);
    if (!authOnly.isEmpty())
        m_out.warnings.append(QStringLiteral("Parameters of the OAuth 2 authorization request (the browser login) %1 "
                                             "were not imported: Authlens cannot run that login yet.")
                                  .arg(listed(authOnly)));
    QStringList refreshOnly;
    for (const RequestParam& r : requestParams(m_params.value(u"refreshRequestParams"), m_values)) {
        const bool alsoInToken = std::any_of(params.cbegin(), params.cend(), [&r](const RequestParam& p) {
            return p.key == r.key && p.value == r.value && p.sendAs == r.sendAs;
        });
        if (!alsoInToken)
            refreshOnly.append(r.key);
    }
    if (!refreshOnly.isEmpty())
        m_out.warnings.append(
            QStringLiteral("OAuth 2 refresh request parameters %1 were not imported: Authlens sends the "
                           "same parameters with every token request, refreshes included; add them "
                           "to the profile's extra parameters if the server needs them.")
                .arg(listed(refreshOnly)));
}

void OAuthReader::readTokenPlacement()
{
    const QString addTo = text("addTokenTo");
    if (addTo == u"queryParams")
        m_out.warnings.append(QStringLiteral("The OAuth 2 token was sent as a query parameter in Postman; Authlens "
                                             "sends it in the Authorization header."));
    if (const QString prefix = text("headerPrefix");
        !prefix.isEmpty() && prefix.compare(u"Bearer", Qt::CaseInsensitive) != 0)
        m_out.warnings.append(
            QStringLiteral("The OAuth 2 header prefix \"%1\" is replaced by \"Bearer\".").arg(prefix.left(40)));
    // Postman's runtime signs with Bearer tokens only (any case); other types were never sent.
    if (const QString type = text("tokenType"); !type.isEmpty() && type.compare(u"Bearer", Qt::CaseInsensitive) != 0)
        m_out.warnings.append(
            QStringLiteral("The OAuth 2 token type \"%1\" is not supported; the token is sent as a Bearer token.")
                .arg(type.left(40)));
    // (The authorization code grant says this in its own warning.)
    if (m_out.secrets.token.isEmpty() && m_out.settings.method == Auth::Method::OAuth2
        && m_oauth.grantType != u"authorization_code")
        m_out.warnings.append(QStringLiteral("The collection holds no OAuth 2 access token: the profile gets one with "
                                             "its grant when you refresh (or authlens-cli refresh)."));
}

void OAuthReader::noteUndefinedVariables()
{
    // Secrets that stay {{placeholders}} are reported (and dropped) by the CredentialCollector. The
    // settings below are saved as they are: an environment merged into the profile may define them.
    QStringList unresolved;
    const auto check = [&unresolved](const QString& what, const QString& value) {
        if (value.contains(u"{{"))
            unresolved.append(QStringLiteral("%1 %2").arg(what, value.left(80)));
    };
    check(QStringLiteral("client id"), m_oauth.clientId);
    check(QStringLiteral("audience"), m_oauth.audience);
    check(QStringLiteral("scope"), m_oauth.scopes.join(u' '));
    check(QStringLiteral("user name"), m_out.settings.username);
    for (const QString& r : std::as_const(m_oauth.resources))
        check(QStringLiteral("resource"), r);
    for (const auto& [name, value] : std::as_const(m_oauth.extraParams))
        check(QStringLiteral("parameter %1").arg(name.left(40)), value);
    if (!unresolved.isEmpty())
        m_out.warnings.append(QStringLiteral("OAuth 2 settings use variables the collection does not define (%1): "
                                             "import the Postman environment that defines them, or edit the profile's "
                                             "OAuth settings.")
                                  .arg(unresolved.join(QStringLiteral(", "))));
}

} // namespace

QString postmanAuthType(const QJsonObject& auth)
{
    return auth.value(u"type").toString().toLower();
}

QJsonObject postmanAuthParams(const QJsonObject& auth)
{
    const QJsonValue block = auth.value(postmanAuthType(auth));
    if (block.isObject())
        return block.toObject();
    QJsonObject out;
    for (const QJsonValue& v : block.toArray()) {
        const QJsonObject o = v.toObject();
        const QString key = o.value(u"key").toString();
        if (!key.isEmpty() && !out.contains(key))
            out.insert(key, o.value(u"value"));
    }
    return out;
}

QByteArray postmanAuthKey(const QJsonObject& auth)
{
    const QString type = postmanAuthType(auth);
    if (type.isEmpty() || type == u"noauth" || type == u"inherit")
        return {};
    QJsonObject params = postmanAuthParams(auth);
    if (type == u"oauth2") {
        for (const QString& key : volatileOAuthKeys())
            params.remove(key);
    }
    // QJsonObject keeps its keys sorted: the same parameters give the same bytes.
    return type.toUtf8() + '\n' + QJsonDocument(params).toJson(QJsonDocument::Compact);
}

PostmanOAuth readPostmanOAuth(const QJsonObject& auth, const QHash<QString, QString>& values)
{
    return OAuthReader(auth, values).read();
}

QString describeOAuthDifference(const PostmanOAuth& profile, const PostmanOAuth& other)
{
    const Auth::OAuthSettings& a = profile.settings.oauth;
    const Auth::OAuthSettings& b = other.settings.oauth;
    QStringList out;
    if (profile.settings.method != other.settings.method || a.grantType != b.grantType)
        out.append(QStringLiteral("another grant"));
    if (a.tokenEndpoint != b.tokenEndpoint)
        out.append(QStringLiteral("another token endpoint"));
    if (a.clientId != b.clientId)
        out.append(QStringLiteral("another client id"));
    else if (profile.secrets.clientSecret != other.secrets.clientSecret)
        out.append(QStringLiteral("another client secret"));
    if (a.clientAuth != b.clientAuth)
        out.append(QStringLiteral("another client authentication"));
    if (a.scopes != b.scopes)
        out.append(QStringLiteral("other scopes"));
    if (a.audience != b.audience || a.resources != b.resources)
        out.append(QStringLiteral("another audience or resource"));
    if (a.extraParams != b.extraParams)
        out.append(QStringLiteral("other token request parameters"));
    if (profile.settings.username != other.settings.username || profile.secrets.password != other.secrets.password)
        out.append(QStringLiteral("another user"));
    if (out.isEmpty())
        out.append(QStringLiteral("other settings"));
    return out.join(QStringLiteral(", "));
}

} // namespace Authlens::Formats
