#pragma once

#include "auth/AuthSettings.h"
#include "http/Exchange.h"
#include "http/RequestSpec.h"
#include "profiles/Profile.h"
#include "workspace/WorkspaceError.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <optional>

namespace Authlens::Workspace {

/// How a client authenticates at the authorization server's endpoints (RFC 6749 §2.3): client_secret_basic,
/// client_secret_post, none (a public client), and the JWT client assertions of RFC 7523 §2.2 —
/// private_key_jwt (signed with the profile's private key) and client_secret_jwt (HMAC over the client secret),
/// as OpenID Connect Core §9 names them. Pure functions apart from the random jti.

/// "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" (RFC 7523 §2.2).
QString clientAssertionType();

/// Seconds a client assertion is valid after iat: short, so a captured one is soon useless (RFC 7523 §3
/// point 4 lets the server bound it; RFC 7521 §8.2 advises short lifetimes).
constexpr qint64 ClientAssertionLifetimeSeconds = 60;

/// A client assertion as sent: the compact JWS (a credential: never logged, redacted as client_assertion by
/// the secret policy) and what it says, for the transcript.
struct ClientAssertion
{
    QByteArray token;
    QJsonObject header; ///< alg, typ "JWT", kid when the profile names one
    QJsonObject claims; ///< iss, sub, aud, iat, exp, jti
};

/// The client assertion of a profile that uses private_key_jwt or client_secret_jwt (RFC 7523 §3):
/// iss = sub = the client id (§3 points 1 and 2), aud = `audience` (the token endpoint URL, §3 point 3 and
/// OpenID Connect Core §9), iat = `now`, exp = now + ClientAssertionLifetimeSeconds (§3 point 4), jti a fresh
/// random value (§3 point 7; servers reject a replayed one). Header: alg = oauth.assertionAlg (private_key_jwt:
/// empty means the key's own, RS256 or ES256; client_secret_jwt: empty means HS256), kid = oauth.assertionKeyId
/// when set, typ "JWT". A BadInput error says precisely what is wrong: no key, a key that is not a usable PEM
/// private key, an alg the key cannot sign, a client secret too short for the HMAC alg (RFC 7518 §3.2).
std::optional<ClientAssertion> makeClientAssertion(const Auth::OAuthSettings& oauth, const Auth::AuthSecrets& secrets,
                                                   const QUrl& audience, const QDateTime& now, Error* error);

/// What the profile lacks to authenticate its client (a secret, a usable key for the alg), as a BadInput
/// error; no error when it can. Checks without signing anything.
Error checkClientAuthentication(const Auth::OAuthSettings& oauth, const Auth::AuthSecrets& secrets);

/// Adds the profile's client authentication to a request for an authorization server endpoint — the token
/// endpoint (every grant) or the device authorization endpoint (RFC 8628 §3.1): client_secret_basic as an
/// Authorization credential on `spec`; client_secret_post, none and the assertions as `form` parameters
/// (client_id, and client_assertion_type + client_assertion, RFC 7523 §2.2). `audience` is the `aud` of an
/// assertion: the token endpoint URL. False with a BadInput `error` when it cannot (see makeClientAssertion).
bool applyClientAuthentication(const Profiles::Profile& profile, const QUrl& audience,
                               QList<QPair<QString, QString>>& form, Http::RequestSpec& spec, const QDateTime& now,
                               Error* error);

/// The client assertion a request carried, decoded for people: {"header":{…},"claims":{…}} — never the
/// signature, which is what makes it a credential. Empty when the form body has no client_assertion, or it
/// is not a readable JWS.
QJsonObject clientAssertionSummary(QByteArrayView formBody);
/// The same for the first request of an exchange (a token request's step in a transcript).
QJsonObject clientAssertionSummary(const Http::Exchange& exchange);
/// One line for a transcript: "private_key_jwt assertion: alg ES256, kid \"k1\", aud https://…/token, iss =
/// sub = client, expires 60 s after iat, jti …". Empty for an empty summary.
QString clientAssertionText(const QJsonObject& summary);

} // namespace Authlens::Workspace
