#include "profiles/ProfileValidation.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace Authlens::Gui::ProfileValidation {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ProfileValidation", text);
}

} // namespace

QString nameProblem(const QString& name, const QStringList& otherNames)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return tr("Give the profile a name.");
    if (otherNames.contains(trimmed, Qt::CaseInsensitive))
        return tr("A profile with this name exists already.");
    return {};
}

QString httpUrlProblem(const QString& text, bool required)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return required ? tr("Enter a URL, e.g. https://api.example.com") : QString();
    if (trimmed.contains(QStringLiteral("{{")))
        return tr("Variables cannot be used here: type the URL itself.");
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty())
        return tr("Add the scheme: https://%1").arg(trimmed);
    if (scheme != u"http" && scheme != u"https")
        return tr("Only http and https URLs are allowed, not “%1:”.").arg(scheme);
    if (!url.isValid() || url.host().isEmpty())
        return tr("This is not a valid URL.");
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
            problem = tr("“%1” is not an http or https origin.").arg(line);
        else if (!url.isValid() || url.host().isEmpty())
            problem = tr("“%1” is not a valid origin.").arg(line);
        else if (!url.userInfo().isEmpty() || (!url.path().isEmpty() && url.path() != u"/") || url.hasQuery()
                 || url.hasFragment())
            problem = tr("“%1” is more than an origin: use scheme://host[:port] without a path.").arg(line);
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
        return tr("Enter the proxy's host name or address.");
    if (host.trimmed().contains(QRegularExpression(QStringLiteral("[\\s/]"))))
        return tr("Enter only the host, without scheme or path.");
    if (port <= 0)
        return tr("Enter the proxy's port.");
    return {};
}

bool OAuthProblems::isEmpty() const
{
    for (const QString* problem : {&tokenEndpoint, &clientId, &clientSecret, &username, &password, &refreshToken,
                                   &scopes, &audience, &resources, &extraParams}) {
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

OAuthProblems oauthProblems(const Auth::OAuthSettings& oauth, const QString& username, const Auth::AuthSecrets& secrets)
{
    OAuthProblems p;
    const QString grant = oauth.grantType;
    const bool confidential = oauth.clientAuth != Auth::ClientAuth::None;
    if (grant != u"client_credentials" && grant != u"password" && grant != u"refresh_token")
        p.grant = tr("Authlens cannot run the “%1” grant yet: choose client credentials, password or refresh token.")
                      .arg(grant.isEmpty() ? tr("(none)") : grant);
    p.tokenEndpoint = httpUrlProblem(oauth.tokenEndpoint, false);
    if (oauth.clientId.trimmed().isEmpty())
        p.clientId = tr("Enter the client ID: the token endpoint knows the client by it (RFC 6749 §2.2).");
    else if (oauth.clientId.contains(QRegularExpression(QStringLiteral("[\\x00-\\x1f\\x7f]"))))
        p.clientId = tr("The client ID contains a control character.");
    if (grant == u"client_credentials" && !confidential)
        p.clientSecret = tr("The client credentials grant needs an authenticated client (RFC 6749 §4.4): choose "
                            "client_secret_basic or client_secret_post and enter the secret.");
    else if (confidential && secrets.clientSecret.isEmpty())
        p.clientSecret = tr("Enter the client secret, or choose “none” for a public client that has no secret.");
    if (grant == u"password") {
        if (username.trimmed().isEmpty())
            p.username = tr("The password grant needs the user's name.");
        if (secrets.password.isEmpty())
            p.password = tr("The password grant needs the user's password.");
    }
    if (grant == u"refresh_token" && secrets.refreshToken.isEmpty())
        p.refreshToken = tr("The refresh token grant uses this refresh token: paste one, or choose a grant that "
                            "gets tokens by itself.");
    for (const QString& scope : oauth.scopes) {
        if (!isScopeToken(scope)) {
            p.scopes = tr("“%1” is not a scope: scopes are separated by spaces and contain no quotes or "
                          "backslashes (RFC 6749 §3.3).")
                           .arg(scope);
            break;
        }
    }
    if (oauth.audience.contains(QRegularExpression(QStringLiteral("[\\x00-\\x1f\\x7f]"))))
        p.audience = tr("The audience contains a control character.");
    for (const QString& resource : oauth.resources) {
        const QUrl url(resource, QUrl::StrictMode);
        if (!url.isValid() || url.isRelative() || url.scheme().isEmpty()) {
            p.resources = tr("“%1” is not an absolute URI: a resource indicator names the API, e.g. "
                             "https://api.example.com/ (RFC 8707 §2).")
                              .arg(resource);
            break;
        }
        if (url.hasFragment()) {
            p.resources = tr("“%1” has a fragment (#…): a resource indicator must not (RFC 8707 §2).").arg(resource);
            break;
        }
    }
    QStringList seen;
    for (const auto& [name, value] : oauth.extraParams) {
        Q_UNUSED(value);
        const QString trimmed = name.trimmed();
        if (trimmed.isEmpty()) {
            p.extraParams = tr("Every extra parameter needs a name.");
            break;
        }
        if (reservedTokenParameters().contains(trimmed, Qt::CaseInsensitive)) {
            p.extraParams = tr("“%1” is set by the fields above: remove it from the extra parameters.").arg(trimmed);
            break;
        }
        if (seen.contains(trimmed)) {
            p.extraParams = tr("“%1” is listed twice.").arg(trimmed);
            break;
        }
        seen.append(trimmed);
    }
    return p;
}

} // namespace Authlens::Gui::ProfileValidation
