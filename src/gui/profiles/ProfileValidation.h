#pragma once

#include "http/RequestSpec.h"
#include "profiles/Profile.h"

#include <QList>
#include <QString>
#include <QStringList>

// Checks of what the user typed into the profile editor. Pure functions: each returns an empty
// string when the value is fine, else a message for the line under the field. They accept exactly
// what the profile store accepts when it reads the file back.
namespace Authlens::Gui::ProfileValidation {

QString nameProblem(const QString& name, const QStringList& otherNames);
/// An http(s) URL with a host; empty is fine unless `required`.
QString httpUrlProblem(const QString& text, bool required);

struct Origins
{
    QList<Http::Origin> origins;
    QString problem; ///< the first bad line
};
/// Origins one per line (commas work too): "https://auth.example.com", "http://127.0.0.1:8080".
Origins parseOrigins(const QString& text);
/// "https://api.example.com", with the port only when it is not the scheme's default.
QString originText(const Http::Origin& origin);

/// Items separated by commas, spaces or line breaks, trimmed, without empties.
QStringList splitList(const QString& text);
QString proxyProblem(Profiles::ProxySettings::Mode mode, const QString& host, int port);

/// What is wrong with the OAuth 2 method of a profile, field by field (empty strings: fine). Checked
/// against what the token service needs for the grant (RFC 6749 §2.3, §4.3, §4.4, §6) and what the
/// parameters may hold (scope tokens §3.3, RFC 8707 resource URIs).
struct OAuthProblems
{
    QString grant; ///< a note, not an error: a grant a later version runs (a Postman import's authorization_code)
    QString tokenEndpoint;
    QString clientId;
    QString clientSecret;
    QString username;
    QString password;
    QString refreshToken;
    QString scopes;
    QString audience;
    QString resources;
    QString extraParams;

    bool isEmpty() const; ///< no error (the grant's note does not count)
};
OAuthProblems oauthProblems(const Auth::OAuthSettings& oauth, const QString& username,
                            const Auth::AuthSecrets& secrets);
/// One scope token of RFC 6749 §3.3 (printable ASCII without space, '"' and '\\').
bool isScopeToken(const QString& scope);
/// Parameter names the token service sets itself: an extra parameter must not repeat them.
const QStringList& reservedTokenParameters();

} // namespace Authlens::Gui::ProfileValidation
