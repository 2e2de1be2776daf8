#pragma once

#include "http/RequestSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Authlens::Auth {

enum class Method { None, Basic, Bearer, ApiKey, Digest, OAuth2 };
enum class ApiKeyPlace { Header, Query };

QString methodName(Method method); ///< "none", "basic", "bearer", "apikey", "digest", "oauth2"
Method methodFromName(QStringView name, bool* ok = nullptr);

/// How an OAuth client authenticates at the token endpoint (RFC 6749 §2.3.1, OAuth metadata names).
enum class ClientAuth {
    ClientSecretBasic, ///< HTTP Basic with client id and secret (the default the RFC requires servers to support)
    ClientSecretPost, ///< client_id and client_secret in the form body
    None, ///< a public client: client_id only
};
QString clientAuthName(ClientAuth auth); ///< "client_secret_basic", "client_secret_post", "none"
ClientAuth clientAuthFromName(QStringView name, bool* ok = nullptr);

/// The OAuth 2 method of a profile (the token service's input): how to get an access token, and what the
/// last token response said that is not secret. The client secret, access token and refresh token are
/// AuthSecrets, in the keychain.
struct OAuthSettings
{
    /// "client_credentials", "password" (user name in AuthSettings::username, password a secret),
    /// "refresh_token" (only the stored refresh token); "authorization_code" and device code come later.
    QString grantType = QStringLiteral("client_credentials");
    QString tokenEndpoint; ///< empty: discovered (a 401's resource_metadata, the issuer's metadata)
    QString clientId;
    ClientAuth clientAuth = ClientAuth::ClientSecretBasic;
    QStringList scopes;
    QString audience; ///< the "audience" parameter many servers take (Auth0, Okta)
    QStringList resources; ///< RFC 8707 resource indicators
    QList<QPair<QString, QString>> extraParams; ///< sent as they are with every token request
    /// Refresh before sending when the access token expires within this many seconds; -1: never.
    int refreshBeforeSeconds = -1;

    // What the last token response said (not secret).
    qint64 accessTokenExpiresAt = 0; ///< seconds since the epoch; 0: unknown
    QString tokenType; ///< token_type of the response: "Bearer" (empty means Bearer), "DPoP"

    friend bool operator==(const OAuthSettings&, const OAuthSettings&) = default;
};

/// The non-secret part of an auth method: what a profile file may hold.
struct AuthSettings
{
    Method method = Method::None;
    QString username; ///< Basic, Digest, and the OAuth password grant
    QString apiKeyName = QStringLiteral("X-API-Key"); ///< header or query parameter name
    ApiKeyPlace apiKeyPlace = ApiKeyPlace::Header;
    /// OAuth 2: the token service of the profile. The access token is sent as token_type says (Bearer).
    /// Kept for every method, so switching the method in the editor loses nothing.
    OAuthSettings oauth;

    friend bool operator==(const AuthSettings&, const AuthSettings&) = default;
};

/// The secret part. Lives in the keychain (or in memory for session-only and demo profiles), never in a file.
struct AuthSecrets
{
    QString password; ///< Basic (and the OAuth password grant)
    QString token; ///< Bearer / OAuth 2 access token
    QString apiKey;
    QString clientSecret; ///< OAuth client
    QString refreshToken; ///< OAuth
    QString clientKey; ///< PEM private key of the TLS client certificate
    QString proxyPassword;
    /// A Cookie header value ("session=…; theme=dark") sent with every method to the origins that may
    /// receive credentials, besides the jar's cookies: a session copied from a browser or curl -b.
    QString cookies;

    friend bool operator==(const AuthSecrets&, const AuthSecrets&) = default;
};

/// The secret fields, each stored in the keychain under "<profile id>/<fieldName>".
enum class SecretField { Password, Token, ApiKey, ClientSecret, RefreshToken, ClientKey, ProxyPassword, Cookies };
QList<SecretField> allSecretFields();
QString secretFieldName(SecretField field); ///< "password", "token", "api_key", …
QString secretFieldLabel(SecretField field); ///< "Password", "Access token", … for the UI
QString secretValue(const AuthSecrets& secrets, SecretField field);
void setSecretValue(AuthSecrets& secrets, SecretField field, const QString& value);

/// The credentials an auth method places on a request up front, and the profile's cookies; the
/// client binds them to origins. Pure function. Basic follows RFC 7617 with UTF-8 (the charset every current server
/// expects). Digest places nothing up front: it answers the server's challenge (applyTo()).
QList<Http::Credential> credentialsFor(const AuthSettings& settings, const AuthSecrets& secrets);

/// Puts the method on a request: its credentials, and for Digest the challenge responder.
void applyTo(const AuthSettings& settings, const AuthSecrets& secrets, Http::RequestSpec& spec);

/// The secret policy with what this auth method marks as secret: the API-key header or query
/// parameter by its configured name (a profile may call its key "X-Thing"). Used where a profile's
/// requests are shown, saved or exported without being sent.
Http::SecretPolicy secretPolicyFor(const AuthSettings& settings);

} // namespace Authlens::Auth
