#pragma once

#include "http/RequestSpec.h"

#include <QList>
#include <QString>

namespace Authlens::Auth {

enum class Method { None, Basic, Bearer, ApiKey };
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
};

/// The secret part. Lives in the keychain (or in memory for session-only and demo profiles), never in a file.
struct AuthSecrets
{
    QString password; ///< Basic
    QString token; ///< Bearer
    QString apiKey;
};

/// The credentials an auth method places on a request; the client binds them to origins.
/// Pure function. Basic follows RFC 7617 with UTF-8 (the charset every current server expects).
QList<Http::Credential> credentialsFor(const AuthSettings& settings, const AuthSecrets& secrets);

} // namespace Authlens::Auth
