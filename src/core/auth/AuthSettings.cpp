#include "auth/AuthSettings.h"

#include "auth/AwsSigV4.h"
#include "auth/DigestSession.h"
#include "auth/DpopProver.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Authlens::Auth {

QString methodName(Method method)
{
    switch (method) {
    case Method::None:
        return QStringLiteral("none");
    case Method::Basic:
        return QStringLiteral("basic");
    case Method::Bearer:
        return QStringLiteral("bearer");
    case Method::ApiKey:
        return QStringLiteral("apikey");
    case Method::Digest:
        return QStringLiteral("digest");
    case Method::OAuth2:
        return QStringLiteral("oauth2");
    case Method::AwsSigV4:
        return QStringLiteral("awsv4"); // Postman's name
    }
    return QStringLiteral("none");
}

QString clientAuthName(ClientAuth auth)
{
    switch (auth) {
    case ClientAuth::ClientSecretBasic:
        return QStringLiteral("client_secret_basic");
    case ClientAuth::ClientSecretPost:
        return QStringLiteral("client_secret_post");
    case ClientAuth::None:
        return QStringLiteral("none");
    case ClientAuth::PrivateKeyJwt:
        return QStringLiteral("private_key_jwt");
    case ClientAuth::ClientSecretJwt:
        return QStringLiteral("client_secret_jwt");
    }
    return QStringLiteral("client_secret_basic");
}

ClientAuth clientAuthFromName(QStringView name, bool* ok)
{
    for (ClientAuth a : {ClientAuth::ClientSecretBasic, ClientAuth::ClientSecretPost, ClientAuth::None,
                         ClientAuth::PrivateKeyJwt, ClientAuth::ClientSecretJwt}) {
        if (name.compare(clientAuthName(a), Qt::CaseInsensitive) == 0) {
            if (ok)
                *ok = true;
            return a;
        }
    }
    if (ok)
        *ok = false;
    return ClientAuth::ClientSecretBasic;
}

Method methodFromName(QStringView name, bool* ok)
{
    static constexpr Method all[] = {Method::None,   Method::Basic,  Method::Bearer,  Method::ApiKey,
                                     Method::Digest, Method::OAuth2, Method::AwsSigV4};
    for (Method m : all) {
        if (name.compare(methodName(m), Qt::CaseInsensitive) == 0) {
            if (ok)
                *ok = true;
            return m;
        }
    }
    if (ok)
        *ok = false;
    return Method::None;
}

QList<SecretField> allSecretFields()
{
    return {SecretField::Password,     SecretField::Token,     SecretField::ApiKey,        SecretField::ClientSecret,
            SecretField::RefreshToken, SecretField::ClientKey, SecretField::ProxyPassword, SecretField::Cookies,
            SecretField::AssertionKey, SecretField::DpopKey,   SecretField::IdToken,       SecretField::Variables};
}

QString secretFieldName(SecretField field)
{
    switch (field) {
    case SecretField::Password:
        return QStringLiteral("password");
    case SecretField::Token:
        return QStringLiteral("token");
    case SecretField::ApiKey:
        return QStringLiteral("api_key");
    case SecretField::ClientSecret:
        return QStringLiteral("client_secret");
    case SecretField::RefreshToken:
        return QStringLiteral("refresh_token");
    case SecretField::ClientKey:
        return QStringLiteral("client_key");
    case SecretField::ProxyPassword:
        return QStringLiteral("proxy_password");
    case SecretField::Cookies:
        return QStringLiteral("cookies");
    case SecretField::AssertionKey:
        return QStringLiteral("assertion_key");
    case SecretField::DpopKey:
        return QStringLiteral("dpop_key");
    case SecretField::IdToken:
        return QStringLiteral("id_token");
    case SecretField::Variables:
        return QStringLiteral("variables");
    }
    return {};
}

QString secretFieldLabel(SecretField field)
{
    switch (field) {
    case SecretField::Password:
        return QStringLiteral("Password");
    case SecretField::Token:
        return QStringLiteral("Access token");
    case SecretField::ApiKey:
        return QStringLiteral("API key");
    case SecretField::ClientSecret:
        return QStringLiteral("Client secret");
    case SecretField::RefreshToken:
        return QStringLiteral("Refresh token");
    case SecretField::ClientKey:
        return QStringLiteral("Client certificate key");
    case SecretField::ProxyPassword:
        return QStringLiteral("Proxy password");
    case SecretField::Cookies:
        return QStringLiteral("Cookies");
    case SecretField::AssertionKey:
        return QStringLiteral("Client assertion key");
    case SecretField::DpopKey:
        return QStringLiteral("DPoP key");
    case SecretField::IdToken:
        return QStringLiteral("ID token");
    case SecretField::Variables:
        return QStringLiteral("Secret variables");
    }
    return {};
}

namespace {
QString AuthSecrets::*memberOf(SecretField field)
{
    switch (field) {
    case SecretField::Password:
        return &AuthSecrets::password;
    case SecretField::Token:
        return &AuthSecrets::token;
    case SecretField::ApiKey:
        return &AuthSecrets::apiKey;
    case SecretField::ClientSecret:
        return &AuthSecrets::clientSecret;
    case SecretField::RefreshToken:
        return &AuthSecrets::refreshToken;
    case SecretField::ClientKey:
        return &AuthSecrets::clientKey;
    case SecretField::ProxyPassword:
        return &AuthSecrets::proxyPassword;
    case SecretField::Cookies:
        return &AuthSecrets::cookies;
    case SecretField::AssertionKey:
        return &AuthSecrets::assertionKey;
    case SecretField::DpopKey:
        return &AuthSecrets::dpopKey;
    case SecretField::IdToken:
        return &AuthSecrets::idToken;
    case SecretField::Variables:
        return &AuthSecrets::variables;
    }
    return &AuthSecrets::password;
}
} // namespace

QString secretValue(const AuthSecrets& secrets, SecretField field)
{
    return secrets.*memberOf(field);
}

void setSecretValue(AuthSecrets& secrets, SecretField field, const QString& value)
{
    secrets.*memberOf(field) = value;
}

namespace {
/// The secret variables' object; a keychain item that is not a JSON object reads as no variables.
QJsonObject secretVariables(const AuthSecrets& secrets)
{
    return QJsonDocument::fromJson(secrets.variables.toUtf8()).object();
}
} // namespace

QString secretVariable(const AuthSecrets& secrets, const QString& name)
{
    const QJsonValue value = secretVariables(secrets).value(name);
    return value.isString() ? value.toString() : QString();
}

void setSecretVariable(AuthSecrets& secrets, const QString& name, const QString& value)
{
    QJsonObject object = secretVariables(secrets);
    if (value.isEmpty())
        object.remove(name);
    else
        object.insert(name, value);
    secrets.variables
        = object.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

namespace {
QList<Http::Credential> methodCredentials(const AuthSettings& settings, const AuthSecrets& secrets)
{
    using Http::Credential;
    switch (settings.method) {
    case Method::None:
        return {};
    case Method::Basic: {
        const QByteArray pair = settings.username.toUtf8() + ':' + secrets.password.toUtf8();
        return {{Credential::Place::Header, QByteArrayLiteral("Authorization"), "Basic " + pair.toBase64(),
                 QStringLiteral("Basic credentials for %1").arg(settings.username), Http::CredentialSource::Profile}};
    }
    case Method::Bearer:
        return {{Credential::Place::Header, QByteArrayLiteral("Authorization"), "Bearer " + secrets.token.toUtf8(),
                 QStringLiteral("Bearer token"), Http::CredentialSource::Profile}};
    case Method::Digest:
    case Method::AwsSigV4: // signed per hop by the request signer (applyTo)
        return {};
    case Method::OAuth2: {
        // The token service's access token, with the type its response gave (RFC 6749 §7.1): Bearer unless
        // it said otherwise. No token yet: nothing is sent, and the diagnosis says what is missing.
        if (secrets.token.isEmpty())
            return {};
        const QString type = settings.oauth.tokenType.isEmpty()
                || settings.oauth.tokenType.compare(u"bearer", Qt::CaseInsensitive) == 0
            ? QStringLiteral("Bearer")
            : settings.oauth.tokenType;
        return {{Credential::Place::Header, QByteArrayLiteral("Authorization"), (type + u' ' + secrets.token).toUtf8(),
                 QStringLiteral("OAuth 2 access token"), Http::CredentialSource::Profile}};
    }
    case Method::ApiKey: {
        const Credential::Place place
            = settings.apiKeyPlace == ApiKeyPlace::Query ? Credential::Place::Query : Credential::Place::Header;
        return {{place, settings.apiKeyName.toUtf8(), secrets.apiKey.toUtf8(),
                 QStringLiteral("API key (%1)").arg(settings.apiKeyName), Http::CredentialSource::Profile}};
    }
    }
    return {};
}
} // namespace

QList<Http::Credential> credentialsFor(const AuthSettings& settings, const AuthSecrets& secrets)
{
    QList<Http::Credential> out = methodCredentials(settings, secrets);
    const QString cookies = secrets.cookies.trimmed();
    if (!cookies.isEmpty())
        out.append({Http::Credential::Place::Header, QByteArrayLiteral("Cookie"), cookies.toUtf8(),
                    QStringLiteral("Profile cookies"), Http::CredentialSource::Profile});
    return out;
}

void applyTo(const AuthSettings& settings, const AuthSecrets& secrets, Http::RequestSpec& spec)
{
    spec.credentials += credentialsFor(settings, secrets);
    if (settings.method == Method::Digest)
        spec.challengeResponder = digestChallengeResponder(settings.username, secrets.password);
    if (usesDpop(settings))
        spec.dpopProver = dpopProverFor(settings, secrets); // RFC 9449 §7.1: a proof with every request
    if (settings.method == Method::AwsSigV4)
        spec.requestSigner = awsRequestSigner(settings, secrets);
}

Http::RequestSigner awsRequestSigner(const AuthSettings& settings, const AuthSecrets& secrets)
{
    const AwsCredentials credentials {settings.username.trimmed(), secrets.password, secrets.token.trimmed()};
    const AwsScope scope {settings.aws.region.trimmed(), settings.aws.service.trimmed()};
    const qint64 offset = settings.aws.clockOffsetSeconds;
    Http::RequestSigner signer;
    signer.label
        = QStringLiteral("AWS Signature v4 (%1, %2/%3)").arg(credentials.accessKeyId, scope.region, scope.service);
    if (offset != 0)
        signer.label += QStringLiteral(", signed by AWS's clock (%1%2 s)").arg(offset > 0 ? u"+" : u"").arg(offset);
    signer.sign
        = [credentials, scope, offset](const QByteArray& method, const QUrl& url, const Http::HeaderList& headers,
                                       const QByteArray& body, QString* error) -> Http::HeaderList {
        const QString problem = awsSettingsProblem(credentials, scope);
        if (!problem.isEmpty()) {
            if (error)
                *error = problem + QStringLiteral(" Nothing was signed.");
            return {};
        }
        return awsSignRequest(method, url, headers, body, credentials, scope,
                              QDateTime::currentDateTimeUtc().addSecs(offset))
            .headers;
    };
    return signer;
}

Http::SecretPolicy secretPolicyFor(const AuthSettings& settings)
{
    const QString name = settings.apiKeyName.trimmed();
    if (settings.method != Method::ApiKey || name.isEmpty())
        return Http::SecretPolicy::standard();
    if (settings.apiKeyPlace == ApiKeyPlace::Query)
        return Http::SecretPolicy::standard().withQueryNames({name});
    return Http::SecretPolicy::standard().withHeaderNames({name.toLatin1()});
}

QString emptyCredentialProblem(const AuthSettings& settings, const AuthSecrets& secrets)
{
    const auto blank = [](const QString& value) { return value.trimmed().isEmpty(); };
    switch (settings.method) {
    case Method::None:
        return {};
    case Method::Basic:
        return blank(settings.username) ? QStringLiteral("The Basic user name is empty.") : QString();
    case Method::Digest:
        if (blank(settings.username))
            return QStringLiteral("The Digest user name is empty.");
        return blank(secrets.password) ? QStringLiteral("The Digest password is empty.") : QString();
    case Method::Bearer:
        return blank(secrets.token) ? QStringLiteral("The Bearer token is empty.") : QString();
    case Method::ApiKey:
        return blank(secrets.apiKey) ? QStringLiteral("The API key “%1” is empty.").arg(settings.apiKeyName)
                                     : QString();
    case Method::OAuth2:
        return blank(secrets.token) ? QStringLiteral("There is no access token yet.") : QString();
    case Method::AwsSigV4:
        return awsSettingsProblem({settings.username, secrets.password, secrets.token},
                                  {settings.aws.region, settings.aws.service});
    }
    return {};
}

} // namespace Authlens::Auth
