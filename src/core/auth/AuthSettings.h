#pragma once

#include "http/RequestSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Authlens::Auth {

/// AwsSigV4: AWS Signature Version 4 (AwsSigV4.h) with the access key ID in AuthSettings::username, the secret
/// access key in AuthSecrets::password and a temporary credential's session token in AuthSecrets::token.
enum class Method { None, Basic, Bearer, ApiKey, Digest, OAuth2, AwsSigV4 };
enum class ApiKeyPlace { Header, Query };

QString methodName(Method method); ///< "none", "basic", "bearer", "apikey", "digest", "oauth2", "awsv4"
Method methodFromName(QStringView name, bool* ok = nullptr);

/// How an OAuth client authenticates at the token endpoint (RFC 6749 §2.3.1, OAuth metadata names).
enum class ClientAuth {
    ClientSecretBasic, ///< HTTP Basic with client id and secret (the default the RFC requires servers to support)
    ClientSecretPost, ///< client_id and client_secret in the form body
    None, ///< a public client: client_id only
    PrivateKeyJwt, ///< RFC 7523 §2.2 client assertion signed with the client's private key (AuthSecrets::assertionKey)
    ClientSecretJwt, ///< RFC 7523 §2.2 client assertion signed with HMAC over the client secret
};
/// "client_secret_basic", "client_secret_post", "none", "private_key_jwt", "client_secret_jwt"
QString clientAuthName(ClientAuth auth);
ClientAuth clientAuthFromName(QStringView name, bool* ok = nullptr);

/// The OAuth 2 method of a profile (the token service's input): how to get an access token, and what the
/// last token response said that is not secret. The client secret, access token and refresh token are
/// AuthSecrets, in the keychain.
struct OAuthSettings
{
    /// "client_credentials", "password" (user name in AuthSettings::username, password a secret),
    /// "refresh_token" (only the stored refresh token), "authorization_code" (RFC 6749 §4.1 with RFC 7636
    /// PKCE, a browser sign-in and a loopback redirect, RFC 8252), "device_code" (RFC 8628; sent as the grant
    /// urn:ietf:params:oauth:grant-type:device_code).
    QString grantType = QStringLiteral("client_credentials");
    QString tokenEndpoint; ///< empty: discovered (a 401's resource_metadata, the issuer's metadata)
    QString authorizationEndpoint; ///< authorization_code: where the browser signs in (RFC 6749 §3.1)
    QString deviceAuthorizationEndpoint; ///< device_code: RFC 8628 §3.1
    /// authorization_code: the loopback redirect URI. Empty: http://127.0.0.1:<a free port>/callback (RFC 8252
    /// §7.3); a fixed port when the server registered one ("http://127.0.0.1:8765/callback").
    QString redirectUri;
    bool pkce = true; ///< authorization_code: send an S256 code challenge (RFC 7636); off only for old servers
    /// The authorization server's issuer identifier (RFC 8414): where the ID token's signing keys and the
    /// metadata are discovered; empty: taken from the discovery that found the endpoints, or the token's iss.
    QString issuer;
    QString clientId;
    ClientAuth clientAuth = ClientAuth::ClientSecretBasic;
    /// private_key_jwt / client_secret_jwt: the JWS alg of the client assertion ("RS256", "ES256", "PS256";
    /// "HS256" for client_secret_jwt) and the kid header naming the registered key (empty: none sent).
    QString assertionAlg = QStringLiteral("RS256");
    QString assertionKeyId;
    /// DPoP (RFC 9449): token requests ask for DPoP-bound tokens and every request carries a proof signed with
    /// the profile's key (AuthSecrets::dpopKey, generated on first use, kept in the keychain).
    bool dpop = false;
    QString dpopAlg = QStringLiteral("ES256"); ///< "ES256", "RS256", "PS256"
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

/// AWS Signature Version 4: what the signature is scoped to (the credential scope's region and service).
struct AwsSettings
{
    QString region = QStringLiteral("us-east-1");
    QString service = QStringLiteral("execute-api"); ///< API Gateway's; "s3", "lambda", "dynamodb", …
    /// AWS's clock minus this computer's, in seconds, added to the time a request is signed at: set for the
    /// session by the fix `aws.use_server_clock` when AWS said the signature's time was off (the AWS SDKs correct
    /// a skew AWS reports the same way). Never written to a profile file: a wrong clock is this computer's state.
    qint64 clockOffsetSeconds = 0;
    /// The largest clockOffsetSeconds either way. AWS's own window is minutes (15 for most services); an answer
    /// that puts AWS's clock more than a week away from this one is a garbled answer or a computer without a
    /// set clock, and signing by it would hide that.
    static constexpr qint64 MaxClockOffsetSeconds = 7 * 24 * 3600;
    friend bool operator==(const AwsSettings&, const AwsSettings&) = default;
};

/// The non-secret part of an auth method: what a profile file may hold.
struct AuthSettings
{
    Method method = Method::None;
    QString username; ///< Basic, Digest, the OAuth password grant; AWS: the access key ID
    QString apiKeyName = QStringLiteral("X-API-Key"); ///< header or query parameter name
    ApiKeyPlace apiKeyPlace = ApiKeyPlace::Header;
    /// OAuth 2: the token service of the profile. The access token is sent as token_type says (Bearer).
    /// Kept for every method, so switching the method in the editor loses nothing.
    OAuthSettings oauth;
    AwsSettings aws; ///< AwsSigV4; kept for every method like oauth

    friend bool operator==(const AuthSettings&, const AuthSettings&) = default;
};

/// The secret part. Lives in the keychain (or in memory for session-only and demo profiles), never in a file.
struct AuthSecrets
{
    QString password; ///< Basic (and the OAuth password grant); AWS: the secret access key
    QString token; ///< Bearer / OAuth 2 access token; AWS: the session token of temporary credentials
    QString apiKey;
    QString clientSecret; ///< OAuth client
    QString refreshToken; ///< OAuth
    QString clientKey; ///< PEM private key of the TLS client certificate
    QString assertionKey; ///< PEM private key for private_key_jwt client assertions (RFC 7523)
    QString dpopKey; ///< PEM private key of the profile's DPoP key pair (RFC 9449)
    QString idToken; ///< the last ID token (OpenID Connect), kept to show its claims and for logout hints
    QString proxyPassword;
    /// A Cookie header value ("session=…; theme=dark") sent with every method to the origins that may
    /// receive credentials, besides the jar's cookies: a session copied from a browser or curl -b.
    QString cookies;
    /// The values of the profile's secret variables (Profiles::Variable::secret) as one JSON object,
    /// {"name": "value", …}: `{{name}}` in a saved request that the profile file holds as a reference only.
    /// Read and written with secretVariable() / setSecretVariable().
    QString variables;

    friend bool operator==(const AuthSecrets&, const AuthSecrets&) = default;
};

/// The secret fields, each stored in the keychain under "<profile id>/<fieldName>".
enum class SecretField {
    Password,
    Token,
    ApiKey,
    ClientSecret,
    RefreshToken,
    ClientKey,
    ProxyPassword,
    Cookies,
    AssertionKey,
    DpopKey,
    IdToken,
    Variables,
};
QList<SecretField> allSecretFields();
QString secretFieldName(SecretField field); ///< "password", "token", "api_key", …
QString secretFieldLabel(SecretField field); ///< "Password", "Access token", … for the UI
QString secretValue(const AuthSecrets& secrets, SecretField field);
void setSecretValue(AuthSecrets& secrets, SecretField field, const QString& value);
/// A secret variable's value; null when the profile's secrets hold none of that name.
QString secretVariable(const AuthSecrets& secrets, const QString& name);
/// Sets (or, with an empty value, removes) a secret variable's value.
void setSecretVariable(AuthSecrets& secrets, const QString& name, const QString& value);

/// What would go out empty with this method, in words ("The Bearer token is empty."), or an empty string when
/// the method has what it sends. Pure function. Basic is judged by its user name only (Stripe's secret key is a
/// user name with an empty password); OAuth 2 by its access token. The GUI warns before such a request is sent.
QString emptyCredentialProblem(const AuthSettings& settings, const AuthSecrets& secrets);

/// The credentials an auth method places on a request up front, and the profile's cookies; the
/// client binds them to origins. Pure function. Basic follows RFC 7617 with UTF-8 (the charset every current server
/// expects). Digest places nothing up front: it answers the server's challenge (applyTo()).
QList<Http::Credential> credentialsFor(const AuthSettings& settings, const AuthSecrets& secrets);

/// Puts the method on a request: its credentials, for Digest the challenge responder, for AWS the signer.
void applyTo(const AuthSettings& settings, const AuthSecrets& secrets, Http::RequestSpec& spec);

/// The AWS Signature v4 signer of these settings (applyTo() sets it for AwsSigV4).
Http::RequestSigner awsRequestSigner(const AuthSettings& settings, const AuthSecrets& secrets);

/// The secret policy with what this auth method marks as secret: the API-key header or query
/// parameter by its configured name (a profile may call its key "X-Thing"). Used where a profile's
/// requests are shown, saved or exported without being sent.
Http::SecretPolicy secretPolicyFor(const AuthSettings& settings);

} // namespace Authlens::Auth
