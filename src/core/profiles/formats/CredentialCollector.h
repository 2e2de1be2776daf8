#pragma once

#include "auth/AuthSettings.h"
#include "auth/AwsSigV4.h"
#include "http/RequestSpec.h"
#include "profiles/formats/ImportResult.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Authlens::Formats {

/// `scope` with each part that is not a plain AWS name (letters, digits, '-', '_', '.'; "us-east-1", "execute-api")
/// replaced by the default, and a warning naming it in `warnings`: a region or service from an imported file ends up
/// in a profile file, a signature and an exported command line, where a quote or a line break has no business.
Auth::AwsSettings checkedAwsScope(const Auth::AwsSettings& scope, QStringList& warnings);

/// Turns the credentials an imported request carries (headers such as Authorization, X-API-Key and
/// Cookie, curl's -u, key-like query parameters) into a profile's auth method and secrets.
///
/// A profile has one auth method: the first credential found fills it. The same credential seen
/// again (the next HAR entry's Authorization) replaces the value, so the latest wins, with a warning
/// when it changed. Credentials of another kind, and cookies, become extra credentials.
class CredentialCollector
{
public:
    /// A credential header (Http::SecretPolicy::isSecretHeader). `mergeCookies` joins several Cookie headers
    /// into one (curl sends every -b and -H Cookie); otherwise the last one wins.
    void addHeader(const QByteArray& name, const QByteArray& value, bool mergeCookies = false);
    void setBasic(const QString& user, const QString& password);
    /// Digest (RFC 7616): the user and password; Authlens answers the server's challenge itself.
    void setDigest(const QString& user, const QString& password);
    void setBearer(const QString& token);
    void setApiKey(const QString& name, const QString& value, Auth::ApiKeyPlace place);
    /// An OAuth 2 client as an importer read it: `settings` has the method (OAuth2, or Bearer when the
    /// grant cannot run), the user name of the password grant and the OAuth settings; `secrets` the
    /// current access token, the client secret, the refresh token and the password of the password grant.
    /// Claims the Authorization header, as Bearer does: a later Authorization header replaces the token.
    void setOAuth(const Auth::AuthSettings& settings, const Auth::AuthSecrets& secrets);
    /// AWS Signature v4 (Auth::Method::AwsSigV4): the access key ID, the secret access key, the session token of
    /// temporary credentials (may be empty) and the region and service the signature is scoped to. Claims the
    /// Authorization header: the signer writes it.
    void setAws(const QString& accessKeyId, const QString& secretAccessKey, const QString& sessionToken,
                const Auth::AwsSettings& aws);
    /// The password of the profile's proxy (curl -U, -x user:password@host).
    void setProxyPassword(const QString& password) { m_secrets.proxyPassword = password; }
    /// Moves query parameters the secret policy calls credentials (api_key, access_token, …) out of `url`,
    /// so no secret stays in a saved request's URL (a profile file).
    void takeQueryCredentials(QUrl& url);

    bool hasAuth() const { return !m_slot.isEmpty(); }
    /// True when the auth method came from the Authorization header (or -u, --oauth2-bearer).
    bool holdsAuthorization() const { return m_slot == "authorization"; }
    Auth::Method method() const { return m_settings.method; }

    /// Writes the auth method and secrets into `profile` and appends extra credentials and warnings.
    /// Secrets that are placeholders (`$TOKEN`, `${AUTHLENS_TOKEN}`, `%TOKEN%`, `{{token}}`) are
    /// dropped with a warning: they are references to a value the user still has to enter.
    void applyTo(Profiles::Profile& profile, qsizetype profileIndex, ImportResult& result) const;

    QStringList warnings;

private:
    /// True when `slot` may set the auth method (free, or the same slot again).
    bool claim(const QByteArray& slot);
    void addExtra(Http::Credential credential, bool merge);
    void noteReplaced(const QByteArray& slot, bool changed);
    void noteRedacted(const QString& what);
    void applyResolved(Profiles::Profile& profile, qsizetype profileIndex, ImportResult& result) const;
    /// The AWS Signature v4 of a presigned URL: its access key ID, scope and session token, never the signature.
    void takePresignedQuery(const Auth::AwsPresignedQuery& presigned);

    Auth::AuthSettings m_settings;
    Auth::AuthSecrets m_secrets;
    QByteArray m_slot; ///< lower-case header name, or "?param", that feeds the auth method
    QList<Http::Credential> m_extra;
    QSet<QByteArray> m_warned;
    /// An X-Amz-Security-Token header: the session token when the auth method is AWS Signature v4 (the header
    /// may come before the Authorization header or curl's --aws-sigv4), else a credential header like any other.
    QByteArray m_amzSecurityToken;
    QByteArray m_amzSecurityTokenName;
    bool m_amzTokenResolved = false; ///< applyTo() passes the header on as any other
};

} // namespace Authlens::Formats
