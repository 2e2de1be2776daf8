#pragma once

#include "auth/AuthSettings.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Authlens::Formats {

/// The `type` of a Postman auth block, lower case ("oauth2", "bearer", "noauth", "inherit", …).
QString postmanAuthType(const QJsonObject& auth);

/// The parameters of a Postman auth block as one object, whatever the collection version wrote:
/// v2.1 `"oauth2": [{"key": "clientId", "value": …, "type": "string"}, …]`, v2.0 `"oauth2": {"clientId": …}`.
/// Values stay JSON (oauth2's `tokenRequestParams` is a list, a legacy `audience` an object). The
/// first of two equal keys wins.
QJsonObject postmanAuthParams(const QJsonObject& auth);

/// What tells auth blocks apart as configurations: the type and every parameter, whichever version
/// wrote them; for oauth2 without the current token and Postman's labels of it (accessToken,
/// tokenName, …), so two blocks of one client that each hold the token they last got are the same.
/// Empty for none (no block, `noauth`).
QByteArray postmanAuthKey(const QJsonObject& auth);

/// A Postman `oauth2` block mapped onto a profile's auth: what the token service needs to get new
/// tokens (grant, token endpoint, client, client authentication, scopes, audience, resources, extra
/// token-request parameters) and the secrets the import flow stores in the keychain (client secret,
/// the current access token, a refresh token, the password of the password grant).
struct PostmanOAuth
{
    /// Method OAuth2 with its settings; Bearer (settings kept in `oauth` all the same) when Authlens
    /// cannot run the grant (implicit, an unknown one) or the block holds nothing but a token.
    Auth::AuthSettings settings;
    Auth::AuthSecrets secrets; ///< token, clientSecret, refreshToken, password
    /// What the profile cannot represent, in words for the user; never a secret value.
    QStringList warnings;
};

/// Reads an `oauth2` block. `{{variables}}` resolve against `values` (the collection's variables);
/// the token endpoint is kept only when it is an absolute http(s) URL, since a profile file refuses
/// anything else. Postman's keys and their values are documented next to the code that reads them.
PostmanOAuth readPostmanOAuth(const QJsonObject& auth, const QHash<QString, QString>& values);

/// How another block's OAuth 2 settings differ from the profile's, for a warning: "another token
/// endpoint, other scopes"; "other settings" when the difference is in something a profile does not
/// keep (an authorization URL, a refresh token URL).
QString describeOAuthDifference(const PostmanOAuth& profile, const PostmanOAuth& other);

} // namespace Authlens::Formats
