#include "profiles/ProfileValidation.h"

#include "jwt/PrivateKey.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace Authlens::Gui::ProfileValidation {

namespace {

QString validationTr(const char* text)
{
    return QCoreApplication::translate("ProfileValidation", text);
}

} // namespace

QString nameProblem(const QString& name, const QStringList& otherNames)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return validationTr("Give the profile a name.");
    if (otherNames.contains(trimmed, Qt::CaseInsensitive))
        return validationTr("A profile with this name exists already.");
    return {};
}

QString httpUrlProblem(const QString& text, bool required)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return required ? validationTr("Enter a URL, e.g. https://api.example.com") : QString();
    if (trimmed.contains(QStringLiteral("{{")))
        return validationTr("Variables cannot be used here: type the URL itself.");
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty())
        return validationTr("Add the scheme: https://%1").arg(trimmed);
    if (scheme != u"http" && scheme != u"https")
        return validationTr("Only http and https URLs are allowed, not “%1:”.").arg(scheme);
    if (!url.isValid() || url.host().isEmpty())
        return validationTr("This is not a valid URL.");
    return {};
}

Origins parseOrigins(const QString& text)
{
    Origins result;
    const QStringList lines = text.split(QRegularExpression(QStringLiteral("[\\n,]")));
    int lineNumber = 0;
    for (const QString& raw : lines) {
        ++lineNumber;
        const QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        const QUrl url(line, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        QString problem;
        if (scheme != u"http" && scheme != u"https")
            problem = validationTr("“%1” is not an http or https origin.").arg(line);
        else if (!url.isValid() || url.host().isEmpty())
            problem = validationTr("“%1” is not a valid origin.").arg(line);
        else if (!url.userInfo().isEmpty() || (!url.path().isEmpty() && url.path() != u"/") || url.hasQuery()
                 || url.hasFragment())
            problem = validationTr("“%1” is more than an origin: use scheme://host[:port] without a path.").arg(line);
        if (!problem.isEmpty()) {
            result.problem = problem;
            result.origins.clear();
            return result;
        }
        const Http::Origin origin = Http::Origin::fromUrl(url);
        if (!result.origins.contains(origin))
            result.origins.append(origin);
    }
    return result;
}

QString originText(const Http::Origin& origin)
{
    const bool defaultPort
        = (origin.scheme == u"https" && origin.port == 443) || (origin.scheme == u"http" && origin.port == 80);
    const QString host = origin.host.contains(u':') ? u'[' + origin.host + u']' : origin.host;
    const QString text = origin.scheme + u"://" + host;
    return defaultPort ? text : text + u':' + QString::number(origin.port);
}

QStringList splitList(const QString& text)
{
    return text.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
}

QString proxyProblem(Profiles::ProxySettings::Mode mode, const QString& host, int port)
{
    if (mode != Profiles::ProxySettings::Mode::Http && mode != Profiles::ProxySettings::Mode::Socks5)
        return {};
    if (host.trimmed().isEmpty())
        return validationTr("Enter the proxy's host name or address.");
    if (host.trimmed().contains(QRegularExpression(QStringLiteral("[\\s/]"))))
        return validationTr("Enter only the host, without scheme or path.");
    if (port <= 0)
        return validationTr("Enter the proxy's port.");
    return {};
}

bool OAuthProblems::isEmpty() const
{
    for (const QString* problem :
         {&tokenEndpoint, &authorizationEndpoint, &deviceAuthorizationEndpoint, &redirectUri, &issuer, &clientId,
          &clientSecret, &assertionAlg, &assertionKeyId, &assertionKey, &username, &password, &refreshToken, &scopes,
          &audience, &resources, &extraParams, &dpopAlg}) {
        if (!problem->isEmpty())
            return false;
    }
    return true;
}

bool isScopeToken(const QString& scope)
{
    // scope-token = 1*NQCHAR; NQCHAR = %x21 / %x23-5B / %x5D-7E (RFC 6749 §3.3)
    if (scope.isEmpty())
        return false;
    return std::all_of(scope.cbegin(), scope.cend(), [](QChar c) {
        const char16_t u = c.unicode();
        return u == 0x21 || (u >= 0x23 && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
    });
}

const QStringList& reservedTokenParameters()
{
    static const QStringList names {
        QStringLiteral("grant_type"), QStringLiteral("client_id"),     QStringLiteral("client_secret"),
        QStringLiteral("scope"),      QStringLiteral("refresh_token"), QStringLiteral("username"),
        QStringLiteral("password"),   QStringLiteral("resource"),      QStringLiteral("audience")};
    return names;
}

QStringList assertionAlgorithms(Auth::ClientAuth auth)
{
    switch (auth) {
    case Auth::ClientAuth::PrivateKeyJwt:
        return {QStringLiteral("RS256"), QStringLiteral("PS256"), QStringLiteral("ES256")};
    case Auth::ClientAuth::ClientSecretJwt:
        return {QStringLiteral("HS256")};
    default:
        return {};
    }
}

QString normalizedPem(const QString& text)
{
    // RFC 7468 §2: "-----BEGIN label-----", base64 lines, "-----END label-----". A single-line field
    // turns the line breaks into spaces (or drops them): put them back.
    static const QRegularExpression pem(
        QStringLiteral("^\\s*(-----BEGIN ([A-Z0-9 ]+)-----)\\s*([A-Za-z0-9+/=\\s]*?)\\s*(-----END \\2-----)\\s*$"));
    const QRegularExpressionMatch m = pem.match(text);
    if (!m.hasMatch())
        return text;
    QString body = m.captured(3);
    body.remove(QRegularExpression(QStringLiteral("\\s")));
    QStringList lines {m.captured(1)};
    for (qsizetype i = 0; i < body.size(); i += 64)
        lines.append(body.mid(i, 64));
    lines.append(m.captured(4));
    return lines.join(u'\n') + u'\n';
}

QString assertionKeyProblem(const QString& pem, const QString& alg)
{
    if (pem.trimmed().isEmpty())
        return validationTr("private_key_jwt signs the client assertion with the client's private key (RFC 7523 §2.2): "
                            "generate a key pair, or paste the PEM of the key registered at the server.");
    QString error;
    const Jwt::PrivateKey key = Jwt::PrivateKey::fromPem(normalizedPem(pem).toUtf8(), &error);
    if (key.isNull())
        return error.isEmpty() ? validationTr("This is not a PEM private key.") : error;
    QString reason;
    if (!alg.isEmpty() && !key.supports(alg, &reason))
        return reason.isEmpty() ? validationTr("This key cannot sign %1.").arg(alg) : reason;
    return {};
}

QString redirectUriProblem(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    if (const QString problem = httpUrlProblem(trimmed, false); !problem.isEmpty())
        return problem;
    const QUrl url(trimmed, QUrl::StrictMode);
    // RFC 8252 §7.3: a native app receives the code on a loopback interface, over plain http; §8.3 prefers
    // the IP literal to "localhost".
    const QHostAddress host(url.host());
    const bool loopback = url.host().compare(u"localhost", Qt::CaseInsensitive) == 0 || host.isLoopback();
    if (url.scheme().toLower() != u"http" || !loopback)
        return validationTr("Authlens receives the code on this machine: use a loopback URI such as "
                            "http://127.0.0.1:8765/callback (RFC 8252 §7.3), or leave it empty for a free port.");
    if (url.port() <= 0)
        return validationTr(
            "Add the port the server registered (http://127.0.0.1:8765/callback), or leave the field empty "
            "for a free port (RFC 8252 §7.3).");
    if (url.hasFragment())
        return validationTr("A redirect URI must not have a fragment (#…) (RFC 6749 §3.1.2).");
    return {};
}

namespace {

/// An endpoint the grant needs: set, or discoverable from the issuer's metadata (RFC 8414 §2).
QString neededEndpointProblem(const QString& endpoint, const QString& issuer, const QString& missing)
{
    if (!endpoint.trimmed().isEmpty())
        return httpUrlProblem(endpoint, false);
    return issuer.trimmed().isEmpty() ? missing : QString();
}

bool hasControlCharacter(const QString& text)
{
    return text.contains(QRegularExpression(QStringLiteral("[\\x00-\\x1f\\x7f]")));
}

} // namespace

OAuthProblems oauthProblems(const Auth::OAuthSettings& oauth, const QString& username, const Auth::AuthSecrets& secrets)
{
    OAuthProblems p;
    const QString grant = oauth.grantType;
    const bool confidential = oauth.clientAuth != Auth::ClientAuth::None;
    const bool jwtAuth
        = oauth.clientAuth == Auth::ClientAuth::PrivateKeyJwt || oauth.clientAuth == Auth::ClientAuth::ClientSecretJwt;
    const QStringList grants {QStringLiteral("client_credentials"), QStringLiteral("password"),
                              QStringLiteral("refresh_token"), QStringLiteral("authorization_code"),
                              QStringLiteral("device_code")};
    if (!grants.contains(grant))
        p.grant = validationTr("Authlens cannot run the “%1” grant: choose authorization code, device code, client "
                               "credentials, password or refresh token.")
                      .arg(grant.isEmpty() ? validationTr("(none)") : grant);
    p.tokenEndpoint = httpUrlProblem(oauth.tokenEndpoint, false);
    if (!oauth.issuer.trimmed().isEmpty()) {
        p.issuer = httpUrlProblem(oauth.issuer, false);
        const QUrl issuer(oauth.issuer.trimmed());
        // RFC 8414 §2: the issuer is a URL with no query or fragment components.
        if (p.issuer.isEmpty() && (issuer.hasQuery() || issuer.hasFragment()))
            p.issuer = validationTr("An issuer has no query or fragment (RFC 8414 §2).");
    }
    if (grant == u"authorization_code") {
        p.authorizationEndpoint = neededEndpointProblem(
            oauth.authorizationEndpoint, oauth.issuer,
            validationTr(
                "The authorization code grant signs in at the authorization endpoint (RFC 6749 §3.1): enter it, or "
                "the issuer to discover it from (RFC 8414)."));
        p.redirectUri = redirectUriProblem(oauth.redirectUri);
        if (!oauth.pkce)
            p.pkce = validationTr(
                "Without PKCE a stolen authorization code can be redeemed by whoever holds it (RFC 7636 §1, "
                "RFC 9700 §2.1.1): turn it off only for a server that refuses code_challenge.");
    }
    if (grant == u"device_code")
        p.deviceAuthorizationEndpoint = neededEndpointProblem(
            oauth.deviceAuthorizationEndpoint, oauth.issuer,
            validationTr(
                "The device grant starts at the device authorization endpoint (RFC 8628 §3.1): enter it, or the "
                "issuer to discover it from (RFC 8414)."));
    if (oauth.clientId.trimmed().isEmpty())
        p.clientId = validationTr("Enter the client ID: the token endpoint knows the client by it (RFC 6749 §2.2).");
    else if (hasControlCharacter(oauth.clientId))
        p.clientId = validationTr("The client ID contains a control character.");
    if (grant == u"client_credentials" && !confidential)
        p.clientSecret
            = validationTr("The client credentials grant needs an authenticated client (RFC 6749 §4.4): choose "
                           "client_secret_basic, client_secret_post or a client assertion, and enter its secret "
                           "or key.");
    else if (confidential && oauth.clientAuth != Auth::ClientAuth::PrivateKeyJwt && secrets.clientSecret.isEmpty())
        p.clientSecret = oauth.clientAuth == Auth::ClientAuth::ClientSecretJwt
            ? validationTr(
                "client_secret_jwt signs the client assertion with the client secret (RFC 7523 §2.2): enter it.")
            : validationTr("Enter the client secret, or choose “none” for a public client that has no secret.");
    if (jwtAuth) {
        const QStringList algs = assertionAlgorithms(oauth.clientAuth);
        if (!algs.contains(oauth.assertionAlg))
            p.assertionAlg = validationTr("%1 assertions are signed with %2 (RFC 7523 §2.2, RFC 7518 §3).")
                                 .arg(Auth::clientAuthName(oauth.clientAuth), algs.join(QStringLiteral(", ")));
        if (hasControlCharacter(oauth.assertionKeyId))
            p.assertionKeyId = validationTr("The key ID contains a control character.");
        if (oauth.clientAuth == Auth::ClientAuth::PrivateKeyJwt)
            p.assertionKey // the alg's own problem is said once, under the alg
                = assertionKeyProblem(secrets.assertionKey,
                                      algs.contains(oauth.assertionAlg) ? oauth.assertionAlg : QString());
    }
    if (oauth.dpop
        && !QStringList {QStringLiteral("ES256"), QStringLiteral("RS256"), QStringLiteral("PS256")}.contains(
            oauth.dpopAlg))
        p.dpopAlg = validationTr("DPoP proofs are signed with ES256, RS256 or PS256 (RFC 9449 §4.2).");
    if (grant == u"password") {
        if (username.trimmed().isEmpty())
            p.username = validationTr("The password grant needs the user's name.");
        if (secrets.password.isEmpty())
            p.password = validationTr("The password grant needs the user's password.");
    }
    if (grant == u"refresh_token" && secrets.refreshToken.isEmpty())
        p.refreshToken
            = validationTr("The refresh token grant uses this refresh token: paste one, or choose a grant that "
                           "gets tokens by itself.");
    for (const QString& scope : oauth.scopes) {
        if (!isScopeToken(scope)) {
            p.scopes = validationTr("“%1” is not a scope: scopes are separated by spaces and contain no quotes or "
                                    "backslashes (RFC 6749 §3.3).")
                           .arg(scope);
            break;
        }
    }
    if (hasControlCharacter(oauth.audience))
        p.audience = validationTr("The audience contains a control character.");
    for (const QString& resource : oauth.resources) {
        const QUrl url(resource, QUrl::StrictMode);
        if (!url.isValid() || url.isRelative() || url.scheme().isEmpty()) {
            p.resources = validationTr("“%1” is not an absolute URI: a resource indicator names the API, e.g. "
                                       "https://api.example.com/ (RFC 8707 §2).")
                              .arg(resource);
            break;
        }
        if (url.hasFragment()) {
            p.resources
                = validationTr("“%1” has a fragment (#…): a resource indicator must not (RFC 8707 §2).").arg(resource);
            break;
        }
    }
    QStringList seen;
    for (const auto& [name, value] : oauth.extraParams) {
        Q_UNUSED(value);
        const QString trimmed = name.trimmed();
        if (trimmed.isEmpty()) {
            p.extraParams = validationTr("Every extra parameter needs a name.");
            break;
        }
        if (reservedTokenParameters().contains(trimmed, Qt::CaseInsensitive)) {
            p.extraParams
                = validationTr("“%1” is set by the fields above: remove it from the extra parameters.").arg(trimmed);
            break;
        }
        if (seen.contains(trimmed)) {
            p.extraParams = validationTr("“%1” is listed twice.").arg(trimmed);
            break;
        }
        seen.append(trimmed);
    }
    return p;
}

} // namespace Authlens::Gui::ProfileValidation
