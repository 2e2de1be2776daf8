#pragma once

#include "http/RequestSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Authlens::Auth {

enum class Method { None, Basic, Bearer, ApiKey, Digest };
enum class ApiKeyPlace { Header, Query };

QString methodName(Method method); ///< "none", "basic", "bearer", "apikey"
Method methodFromName(QStringView name, bool* ok = nullptr);

/// The non-secret part of an auth method: what a profile file may hold.
struct AuthSettings
{
    Method method = Method::None;
    QString username; ///< Basic
    QString apiKeyName = QStringLiteral("X-API-Key"); ///< header or query parameter name
    ApiKeyPlace apiKeyPlace = ApiKeyPlace::Header;

    // OAuth 2 (the token service of the profile; the access token is sent as Bearer).
    QString tokenEndpoint;
    QString clientId;
    QStringList scopes;
    QString grantType; ///< "client_credentials", "password", "refresh_token", "authorization_code"

    friend bool operator==(const AuthSettings&, const AuthSettings&) = default;
};

/// The secret part. Lives in the keychain (or in memory for session-only and demo profiles), never in a file.
struct AuthSecrets
{
    QString password; ///< Basic (and the OAuth password grant)
    QString token; ///< Bearer / OAuth access token
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
