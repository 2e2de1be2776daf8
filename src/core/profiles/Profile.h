#pragma once

#include "auth/AuthSettings.h"
#include "http/Exchange.h"
#include "http/RequestSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Authlens::Profiles {

/// The auth a saved request is sent with: its profile's (the default), none at all (Postman's "No Auth"
/// on a request or folder), or its own method (a token request with its client's Basic credentials in a
/// profile that sends Bearer tokens).
struct RequestAuth
{
    enum class Mode { Profile, None, Own };
    Mode mode = Mode::Profile;
    /// Own: the method (Basic, Digest, Bearer, API key or AWS Signature v4) and its settings: user name (AWS: the
    /// access key ID), API-key name and place, AWS region and service.
    Auth::AuthSettings settings;
    /// Own: the secret variable (Variable::secret) holding its password, token or API key; the keychain has
    /// the value, the profile file this name.
    QString secretVariable;
    /// Own AWS Signature v4: the secret variable holding the session token of temporary credentials (the
    /// secret access key is in secretVariable); empty for long-term keys.
    QString sessionTokenVariable;

    friend bool operator==(const RequestAuth&, const RequestAuth&) = default;
};

/// A request kept in a profile (what the composer shows when the user picks it in the sidebar).
struct SavedRequest
{
    QString id; ///< stable within its profile (uuid without braces)
    QString name;
    QByteArray method = "GET";
    QString url; ///< may be relative to the profile's base URL; may contain {{variables}}
    Http::HeaderList headers;
    QByteArray body;
    QString contentType;
    RequestAuth auth;

    friend bool operator==(const SavedRequest&, const SavedRequest&) = default;
};

/// `{{name}}` in URL, headers and body is replaced by the profile's variable of that name.
struct Variable
{
    QString name;
    QString value; ///< empty for a secret variable
    /// The value is a secret (a password or key an importer found in a request): it lives in the keychain
    /// with the profile's other secrets (AuthSecrets::variables) and the profile file names it only.
    bool secret = false;
    friend bool operator==(const Variable&, const Variable&) = default;
};

struct TlsOptions
{
    QString caBundlePath; ///< extra CA certificates (PEM), besides the system store
    QString clientCertificatePath; ///< PEM; its private key is a secret (SecretField::ClientKey)
    bool ignoreErrors = false; ///< explicit switch, shown with a warning; errors are still recorded
    friend bool operator==(const TlsOptions&, const TlsOptions&) = default;
};

struct ProxySettings
{
    enum class Mode { System, None, Http, Socks5 };
    Mode mode = Mode::System;
    QString host;
    int port = 0;
    QString username; ///< its password is a secret (SecretField::ProxyPassword)
    friend bool operator==(const ProxySettings&, const ProxySettings&) = default;
};

/// How to authenticate against one API. Holds no secret value: secrets live in the keychain under
/// `<profile id>/<field>` (SecretStore). `sessionSecrets` is the in-memory copy a running app works
/// with (and the whole story for demo and session-only profiles); it is never written to a file.
struct Profile
{
    QString id;
    QString name;
    QString description;
    QString baseUrl;
    QList<Variable> variables;
    Auth::AuthSettings auth;
    Auth::AuthSecrets sessionSecrets; ///< in memory only
    QString expectedIssuer;
    QStringList expectedAudiences;
    QList<Http::Origin> allowedOrigins; ///< besides the base URL's origin
    TlsOptions tls;
    ProxySettings proxy;
    int connectTimeoutMs = 15000;
    int totalTimeoutMs = 120000;
    QList<SavedRequest> requests;
    bool demo = false; ///< built-in demo profile: not saved, not exported

    /// The URL of a saved request: absolute URLs as they are, relative ones against baseUrl.
    QUrl resolve(const QString& url) const;
    /// Whether `{{name}}` in a text may become a secret variable's value.
    enum class Secrets { Keep, Reveal };
    /// `{{name}}` replaced by the variable's value; unknown names are left as they are. Secret variables
    /// stay `{{name}}` unless `secrets` is Reveal (only RequestAssembly, which turns what it reveals into
    /// credentials the ledger masks) and then take their value from sessionSecrets.
    QString substitute(const QString& text, Secrets secrets = Secrets::Keep) const;
    QByteArray substitute(const QByteArray& bytes, Secrets secrets = Secrets::Keep) const;
    /// True when `text` refers to one of the profile's secret variables.
    bool usesSecretVariable(QStringView text) const;
};

} // namespace Authlens::Profiles
