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
/// against what the token service needs for the grant (RFC 6749 §2.3, §4.1, §4.3, §4.4, §6; RFC 8628 §3.1;
/// RFC 7523 §2.2 client assertions) and what the parameters may hold (scope tokens §3.3, RFC 8707 resource
/// URIs, RFC 8252 loopback redirect URIs, RFC 8414 issuers).
struct OAuthProblems
{
    QString grant; ///< a note, not an error: a grant this version does not run (an import's implicit grant)
    QString tokenEndpoint;
    QString authorizationEndpoint; ///< authorization_code: where the browser signs in
    QString deviceAuthorizationEndpoint; ///< device_code
    QString redirectUri; ///< authorization_code: a loopback http URI (RFC 8252 §7.3)
    QString pkce; ///< a warning, not an error: PKCE turned off (RFC 9700 §2.1.1)
    QString issuer;
    QString clientId;
    QString clientSecret;
    QString assertionAlg; ///< private_key_jwt / client_secret_jwt: an alg the method (and the key) can sign with
    QString assertionKeyId;
    QString assertionKey; ///< private_key_jwt: the PEM private key
    QString username;
    QString password;
    QString refreshToken;
    QString scopes;
    QString audience;
    QString resources;
    QString extraParams;
    QString dpopAlg;

    bool isEmpty() const; ///< no error (the grant's note and the PKCE warning do not count)
};
OAuthProblems oauthProblems(const Auth::OAuthSettings& oauth, const QString& username,
                            const Auth::AuthSecrets& secrets);
/// The JWS algorithms a client assertion may use with `auth` (RFC 7523 §2.2 with RFC 7518 §3): RS256, PS256,
/// ES256 for private_key_jwt; HS256 for client_secret_jwt; none for the other methods.
QStringList assertionAlgorithms(Auth::ClientAuth auth);
/// What is wrong with a PEM private key for signing with `alg` (not a key, a public key, an unsupported
/// type, the wrong curve for the alg …); empty when it signs. An empty key says it is missing; an empty
/// `alg` checks the key alone.
QString assertionKeyProblem(const QString& pem, const QString& alg);
/// A PEM pasted through a single-line field arrives with its line breaks turned into spaces: the same PEM
/// with its lines back (RFC 7468 §2). Anything else unchanged.
QString normalizedPem(const QString& text);
/// A loopback redirect URI the app can listen on (RFC 8252 §7.3): http, 127.0.0.1 or [::1] (localhost
/// works but is not recommended, §8.3), an explicit port, no fragment (RFC 6749 §3.1.2). Empty: fine
/// (automatic). Returns the problem.
QString redirectUriProblem(const QString& text);

/// One scope token of RFC 6749 §3.3 (printable ASCII without space, '"' and '\\').
bool isScopeToken(const QString& scope);
/// Parameter names the token service sets itself: an extra parameter must not repeat them.
const QStringList& reservedTokenParameters();

} // namespace Authlens::Gui::ProfileValidation
