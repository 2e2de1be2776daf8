#include "profiles/ProfileJson.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUuid>

namespace Authlens::Profiles::ProfileJson {

namespace {

QString proxyModeName(ProxySettings::Mode mode)
{
    switch (mode) {
    case ProxySettings::Mode::System:
        return QStringLiteral("system");
    case ProxySettings::Mode::None:
        return QStringLiteral("none");
    case ProxySettings::Mode::Http:
        return QStringLiteral("http");
    case ProxySettings::Mode::Socks5:
        return QStringLiteral("socks5");
    }
    return QStringLiteral("system");
}

std::optional<ProxySettings::Mode> proxyModeFromName(const QString& name)
{
    for (auto m : {ProxySettings::Mode::System, ProxySettings::Mode::None, ProxySettings::Mode::Http,
                   ProxySettings::Mode::Socks5}) {
        if (proxyModeName(m) == name)
            return m;
    }
    return std::nullopt;
}

QJsonArray headersToJson(const Http::HeaderList& headers)
{
    QJsonArray out;
    for (const Http::Header& h : headers)
        out.append(QJsonArray {QString::fromLatin1(h.first), QString::fromUtf8(h.second)});
    return out;
}

/// Small reader that collects the first error with the path of the offending field.
class Reader
{
public:
    explicit Reader(QString* error)
        : m_error(error)
    {
    }
    bool failed() const { return m_failed; }
    void fail(const QString& message)
    {
        if (m_failed)
            return;
        m_failed = true;
        if (m_error)
            *m_error = message;
    }
    QString string(const QJsonObject& o, QStringView key, const QString& where, bool required = false)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                fail(QStringLiteral("%1: \"%2\" is missing").arg(where, key));
            return {};
        }
        if (!v.isString()) {
            fail(QStringLiteral("%1: \"%2\" must be a string").arg(where, key));
            return {};
        }
        return v.toString();
    }
    int integer(const QJsonObject& o, QStringView key, const QString& where, int fallback, int min, int max)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isDouble() || v.toDouble() != double(v.toInt()) || v.toInt() < min || v.toInt() > max) {
            fail(QStringLiteral("%1: \"%2\" must be a whole number from %3 to %4").arg(where, key).arg(min).arg(max));
            return fallback;
        }
        return v.toInt();
    }
    bool boolean(const QJsonObject& o, QStringView key, const QString& where)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return false;
        if (!v.isBool())
            fail(QStringLiteral("%1: \"%2\" must be true or false").arg(where, key));
        return v.toBool();
    }
    QJsonArray array(const QJsonObject& o, QStringView key, const QString& where)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray())
            fail(QStringLiteral("%1: \"%2\" must be a list").arg(where, key));
        return v.toArray();
    }
    /// A list of strings: a number or an object in it is a hand edit gone wrong, not an empty string.
    QStringList strings(const QJsonObject& o, QStringView key, const QString& where)
    {
        QStringList out;
        for (const QJsonValue& v : array(o, key, where)) {
            if (!v.isString()) {
                fail(QStringLiteral("%1: \"%2\" must be a list of strings").arg(where, key));
                return {};
            }
            out.append(v.toString());
        }
        return out;
    }
    /// The objects of a list ("variables", "requests"): anything else in it is an error.
    QList<QJsonObject> objects(const QJsonObject& o, QStringView key, const QString& where)
    {
        QList<QJsonObject> out;
        for (const QJsonValue& v : array(o, key, where)) {
            if (!v.isObject()) {
                fail(QStringLiteral("%1: \"%2\" must be a list of objects").arg(where, key));
                return {};
            }
            out.append(v.toObject());
        }
        return out;
    }
    /// Unix seconds (a whole number), 0 when absent.
    qint64 seconds(const QJsonObject& o, QStringView key, const QString& where)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return 0;
        if (!v.isDouble() || v.toDouble() != double(v.toInteger()) || v.toInteger() < 0) {
            fail(QStringLiteral("%1: \"%2\" must be a whole number of seconds").arg(where, key));
            return 0;
        }
        return v.toInteger();
    }
    QJsonObject object(const QJsonObject& o, QStringView key, const QString& where)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isObject())
            fail(QStringLiteral("%1: \"%2\" must be an object").arg(where, key));
        return v.toObject();
    }
    /// An http(s) URL, or (when `relativeOk`) a path; anything else — file:, javascript: — is refused.
    QString url(const QJsonObject& o, QStringView key, const QString& where, bool relativeOk)
    {
        const QString text = string(o, key, where);
        if (text.isEmpty())
            return text;
        const QUrl url(text, QUrl::TolerantMode);
        const QString scheme = url.scheme().toLower();
        if (scheme.isEmpty() && relativeOk)
            return text; // a path, or {{baseUrl}}/path: resolved against the profile
        if (scheme != u"http" && scheme != u"https") {
            fail(QStringLiteral("%1: \"%2\" must be an http or https URL, not \"%3\"").arg(where, key, text.left(80)));
            return {};
        }
        if (!url.isValid() || url.host().isEmpty()) {
            fail(QStringLiteral("%1: \"%2\" is not a valid URL: \"%3\"").arg(where, key, text.left(80)));
            return {};
        }
        return text;
    }
    Http::HeaderList headers(const QJsonObject& o, QStringView key, const QString& where)
    {
        Http::HeaderList out;
        const QJsonArray list = array(o, key, where);
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonArray pair = list.at(i).toArray();
            if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString()
                || pair.at(0).toString().isEmpty()) {
                fail(QStringLiteral("%1: header %2 must be [\"Name\", \"value\"]").arg(where).arg(i + 1));
                return {};
            }
            const QByteArray name = pair.at(0).toString().toLatin1();
            const QByteArray value = pair.at(1).toString().toUtf8();
            if (name.contains(':') || name.contains(' ') || value.contains('\r') || value.contains('\n')) {
                fail(QStringLiteral("%1: header \"%2\" has characters HTTP does not allow")
                         .arg(where, QString::fromLatin1(name)));
                return {};
            }
            out.append({name, value});
        }
        return out;
    }

private:
    QString* m_error;
    bool m_failed = false;
};

} // namespace

bool isValidId(const QString& id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    return re.match(id).hasMatch();
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject toJson(const Profile& p)
{
    QJsonObject auth {{QStringLiteral("method"), Auth::methodName(p.auth.method)}};
    if (!p.auth.username.isEmpty())
        auth[u"username"] = p.auth.username;
    if (p.auth.method == Auth::Method::ApiKey || p.auth.apiKeyName != QStringLiteral("X-API-Key")) {
        auth[u"api_key_name"] = p.auth.apiKeyName;
        auth[u"api_key_in"]
            = p.auth.apiKeyPlace == Auth::ApiKeyPlace::Query ? QStringLiteral("query") : QStringLiteral("header");
    }
    if (p.auth.method == Auth::Method::AwsSigV4 || !(p.auth.aws == Auth::AwsSettings())) {
        auth[u"aws_region"] = p.auth.aws.region;
        auth[u"aws_service"] = p.auth.aws.service;
    }
    // OAuth 2 settings sit beside the method (none of them is a secret). Written whenever they differ
    // from the defaults, so a profile that switches methods keeps them.
    const Auth::OAuthSettings& oauth = p.auth.oauth;
    if (p.auth.method == Auth::Method::OAuth2 || !(oauth == Auth::OAuthSettings())) {
        auth[u"grant_type"] = oauth.grantType;
        if (!oauth.tokenEndpoint.isEmpty())
            auth[u"token_endpoint"] = oauth.tokenEndpoint;
        if (!oauth.authorizationEndpoint.isEmpty())
            auth[u"authorization_endpoint"] = oauth.authorizationEndpoint;
        if (!oauth.deviceAuthorizationEndpoint.isEmpty())
            auth[u"device_authorization_endpoint"] = oauth.deviceAuthorizationEndpoint;
        if (!oauth.redirectUri.isEmpty())
            auth[u"redirect_uri"] = oauth.redirectUri;
        if (!oauth.pkce)
            auth[u"pkce"] = false;
        if (!oauth.issuer.isEmpty())
            auth[u"issuer"] = oauth.issuer;
        if (!oauth.clientId.isEmpty())
            auth[u"client_id"] = oauth.clientId;
        auth[u"client_auth"] = Auth::clientAuthName(oauth.clientAuth);
        if (oauth.clientAuth == Auth::ClientAuth::PrivateKeyJwt || oauth.clientAuth == Auth::ClientAuth::ClientSecretJwt
            || oauth.assertionAlg != Auth::OAuthSettings().assertionAlg)
            auth[u"assertion_alg"] = oauth.assertionAlg;
        if (!oauth.assertionKeyId.isEmpty())
            auth[u"assertion_kid"] = oauth.assertionKeyId;
        if (oauth.dpop)
            auth[u"dpop"] = true;
        if (oauth.dpopAlg != Auth::OAuthSettings().dpopAlg)
            auth[u"dpop_alg"] = oauth.dpopAlg;
        if (!oauth.scopes.isEmpty())
            auth[u"scopes"] = QJsonArray::fromStringList(oauth.scopes);
        if (!oauth.audience.isEmpty())
            auth[u"audience"] = oauth.audience;
        if (!oauth.resources.isEmpty())
            auth[u"resources"] = QJsonArray::fromStringList(oauth.resources);
        QJsonArray extra;
        for (const auto& param : oauth.extraParams)
            extra.append(QJsonArray {param.first, param.second});
        if (!extra.isEmpty())
            auth[u"extra_params"] = extra;
        if (oauth.refreshBeforeSeconds >= 0)
            auth[u"refresh_before_seconds"] = oauth.refreshBeforeSeconds;
        if (oauth.accessTokenExpiresAt > 0)
            auth[u"token_expires_at"] = oauth.accessTokenExpiresAt;
        if (!oauth.tokenType.isEmpty())
            auth[u"token_type"] = oauth.tokenType;
    }

    QJsonArray variables;
    for (const Variable& v : p.variables) {
        // A secret variable's value lives in the keychain (AuthSecrets::variables): the file names it only.
        if (v.secret)
            variables.append(QJsonObject {{QStringLiteral("name"), v.name}, {QStringLiteral("secret"), true}});
        else
            variables.append(QJsonObject {{QStringLiteral("name"), v.name}, {QStringLiteral("value"), v.value}});
    }
    QJsonArray origins;
    for (const Http::Origin& o : p.allowedOrigins)
        origins.append(o.toString());
    QJsonArray requests;
    for (const SavedRequest& r : p.requests) {
        QJsonObject req {{QStringLiteral("id"), r.id},
                         {QStringLiteral("name"), r.name},
                         {QStringLiteral("method"), QString::fromLatin1(r.method)},
                         {QStringLiteral("url"), r.url},
                         {QStringLiteral("headers"), headersToJson(r.headers)}};
        if (!r.contentType.isEmpty())
            req[u"content_type"] = r.contentType;
        // The request's own auth; none of it for the profile's (the default). Its secret is a secret variable.
        if (r.auth.mode == RequestAuth::Mode::None) {
            req[u"auth"] = QJsonObject {{QStringLiteral("mode"), QStringLiteral("none")}};
        } else if (r.auth.mode == RequestAuth::Mode::Own) {
            QJsonObject own {{QStringLiteral("mode"), QStringLiteral("own")},
                             {QStringLiteral("method"), Auth::methodName(r.auth.settings.method)}};
            if (!r.auth.settings.username.isEmpty())
                own[u"username"] = r.auth.settings.username;
            if (r.auth.settings.method == Auth::Method::ApiKey) {
                own[u"api_key_name"] = r.auth.settings.apiKeyName;
                own[u"api_key_in"] = r.auth.settings.apiKeyPlace == Auth::ApiKeyPlace::Query ? QStringLiteral("query")
                                                                                             : QStringLiteral("header");
            }
            if (r.auth.settings.method == Auth::Method::AwsSigV4) {
                own[u"aws_region"] = r.auth.settings.aws.region;
                own[u"aws_service"] = r.auth.settings.aws.service;
                if (!r.auth.sessionTokenVariable.isEmpty())
                    own[u"session_token_variable"] = r.auth.sessionTokenVariable;
            }
            if (!r.auth.secretVariable.isEmpty())
                own[u"secret_variable"] = r.auth.secretVariable;
            req[u"auth"] = own;
        }
        if (!r.body.isEmpty()) {
            if (r.body.isValidUtf8()) {
                req[u"body"] = QString::fromUtf8(r.body);
            } else {
                req[u"body"] = QString::fromLatin1(r.body.toBase64());
                req[u"body_encoding"] = QStringLiteral("base64");
            }
        }
        requests.append(req);
    }
    QJsonObject o {{QStringLiteral("id"), p.id},
                   {QStringLiteral("name"), p.name},
                   {QStringLiteral("base_url"), p.baseUrl},
                   {QStringLiteral("auth"), auth},
                   {QStringLiteral("variables"), variables},
                   {QStringLiteral("allowed_origins"), origins},
                   {QStringLiteral("requests"), requests},
                   {QStringLiteral("connect_timeout_ms"), p.connectTimeoutMs},
                   {QStringLiteral("total_timeout_ms"), p.totalTimeoutMs}};
    if (!p.description.isEmpty())
        o[u"description"] = p.description;
    if (!p.expectedIssuer.isEmpty())
        o[u"expected_issuer"] = p.expectedIssuer;
    if (!p.expectedAudiences.isEmpty())
        o[u"expected_audiences"] = QJsonArray::fromStringList(p.expectedAudiences);
    QJsonObject tls;
    if (!p.tls.caBundlePath.isEmpty())
        tls[u"ca_bundle"] = p.tls.caBundlePath;
    if (!p.tls.clientCertificatePath.isEmpty())
        tls[u"client_certificate"] = p.tls.clientCertificatePath;
    if (p.tls.ignoreErrors)
        tls[u"ignore_errors"] = true;
    if (!tls.isEmpty())
        o[u"tls"] = tls;
    if (p.proxy.mode != ProxySettings::Mode::System || !p.proxy.host.isEmpty()) {
        QJsonObject proxy {{QStringLiteral("mode"), proxyModeName(p.proxy.mode)}};
        if (!p.proxy.host.isEmpty())
            proxy[u"host"] = p.proxy.host;
        if (p.proxy.port > 0)
            proxy[u"port"] = p.proxy.port;
        if (!p.proxy.username.isEmpty())
            proxy[u"username"] = p.proxy.username;
        o[u"proxy"] = proxy;
    }
    return o;
}

bool migrate(QJsonObject& object, int fromVersion, QString* error)
{
    Q_UNUSED(object);
    // Each schema change adds one step here (version N → N+1), so any older file can be read.
    if (fromVersion == kSchemaVersion)
        return true;
    if (fromVersion > kSchemaVersion) {
        if (error)
            *error = QStringLiteral("written by a newer Authlens (profile schema %1; this version reads up to %2). "
                                    "Update Authlens to open it.")
                         .arg(fromVersion)
                         .arg(kSchemaVersion);
        return false;
    }
    if (error)
        *error = QStringLiteral("unknown profile schema version %1").arg(fromVersion);
    return false;
}

std::optional<Profile> fromJson(const QJsonObject& input, int version, QString* error)
{
    QJsonObject object = input;
    if (!migrate(object, version, error))
        return std::nullopt;
    Reader r(error);
    Profile p;
    p.id = r.string(object, u"id", QStringLiteral("profile"), true);
    const QString where = QStringLiteral("profile \"%1\"").arg(object.value(u"name").toString(p.id).left(60));
    if (!r.failed() && !isValidId(p.id))
        r.fail(QStringLiteral("%1: id \"%2\" must be 1-64 letters, digits, '-' or '_'").arg(where, p.id.left(80)));
    p.name = r.string(object, u"name", where, true).trimmed();
    if (!r.failed() && p.name.isEmpty())
        r.fail(QStringLiteral("%1: the name is empty").arg(where));
    p.description = r.string(object, u"description", where);
    p.baseUrl = r.url(object, u"base_url", where, false);
    p.expectedIssuer = r.string(object, u"expected_issuer", where);
    p.expectedAudiences = r.strings(object, u"expected_audiences", where);
    p.connectTimeoutMs = r.integer(object, u"connect_timeout_ms", where, p.connectTimeoutMs, 100, 600000);
    p.totalTimeoutMs = r.integer(object, u"total_timeout_ms", where, p.totalTimeoutMs, 0, 3600000);

    const QJsonObject auth = r.object(object, u"auth", where);
    bool known = true;
    const QString method = r.string(auth, u"method", where);
    p.auth.method = Auth::methodFromName(method.isEmpty() ? QStringLiteral("none") : method, &known);
    if (!known)
        r.fail(QStringLiteral("%1: unknown auth method \"%2\"").arg(where, auth.value(u"method").toString().left(40)));
    p.auth.username = r.string(auth, u"username", where);
    if (auth.contains(u"api_key_name"))
        p.auth.apiKeyName = r.string(auth, u"api_key_name", where);
    p.auth.apiKeyPlace
        = r.string(auth, u"api_key_in", where) == u"query" ? Auth::ApiKeyPlace::Query : Auth::ApiKeyPlace::Header;
    if (auth.contains(u"aws_region"))
        p.auth.aws.region = r.string(auth, u"aws_region", where);
    if (auth.contains(u"aws_service"))
        p.auth.aws.service = r.string(auth, u"aws_service", where);
    Auth::OAuthSettings& oauth = p.auth.oauth;
    if (auth.contains(u"grant_type"))
        oauth.grantType = r.string(auth, u"grant_type", where);
    oauth.tokenEndpoint = r.url(auth, u"token_endpoint", where, false);
    oauth.authorizationEndpoint = r.url(auth, u"authorization_endpoint", where, false);
    oauth.deviceAuthorizationEndpoint = r.url(auth, u"device_authorization_endpoint", where, false);
    oauth.redirectUri = r.url(auth, u"redirect_uri", where, false);
    if (auth.contains(u"pkce"))
        oauth.pkce = r.boolean(auth, u"pkce", where);
    oauth.issuer = r.string(auth, u"issuer", where);
    oauth.clientId = r.string(auth, u"client_id", where);
    if (auth.contains(u"client_auth")) {
        bool knownAuth = true;
        oauth.clientAuth = Auth::clientAuthFromName(r.string(auth, u"client_auth", where), &knownAuth);
        if (!knownAuth)
            r.fail(QStringLiteral("%1: unknown client_auth \"%2\" (client_secret_basic, client_secret_post, none, "
                                  "private_key_jwt or client_secret_jwt)")
                       .arg(where, auth.value(u"client_auth").toString().left(40)));
    }
    if (auth.contains(u"assertion_alg"))
        oauth.assertionAlg = r.string(auth, u"assertion_alg", where);
    oauth.assertionKeyId = r.string(auth, u"assertion_kid", where);
    if (auth.contains(u"dpop"))
        oauth.dpop = r.boolean(auth, u"dpop", where);
    if (auth.contains(u"dpop_alg"))
        oauth.dpopAlg = r.string(auth, u"dpop_alg", where);
    oauth.scopes = r.strings(auth, u"scopes", where);
    oauth.audience = r.string(auth, u"audience", where);
    oauth.resources = r.strings(auth, u"resources", where);
    for (const QJsonValue& v : r.array(auth, u"extra_params", where)) {
        const QJsonArray pair = v.toArray();
        if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString() || pair.at(0).toString().isEmpty()) {
            r.fail(QStringLiteral("%1: extra_params holds [\"name\", \"value\"] pairs").arg(where));
            break;
        }
        oauth.extraParams.append({pair.at(0).toString(), pair.at(1).toString()});
    }
    oauth.refreshBeforeSeconds = r.integer(auth, u"refresh_before_seconds", where, -1, -1, 86400);
    oauth.accessTokenExpiresAt = r.seconds(auth, u"token_expires_at", where);
    oauth.tokenType = r.string(auth, u"token_type", where);

    for (const QJsonObject& var : r.objects(object, u"variables", where)) {
        const QString name = r.string(var, u"name", where, true);
        const bool secret = r.boolean(var, u"secret", where);
        // A value next to "secret": true (a hand edit) is not read: secrets come from the keychain only.
        p.variables.append({name, secret ? QString() : r.string(var, u"value", where), secret});
    }
    for (const QJsonValue& v : r.array(object, u"allowed_origins", where)) {
        const Http::Origin origin = Http::Origin::fromUrl(QUrl(v.toString()));
        if (!origin.isValid() || (origin.scheme != u"http" && origin.scheme != u"https")) {
            r.fail(
                QStringLiteral("%1: allowed origin \"%2\" is not an http(s) origin").arg(where, v.toString().left(80)));
            break;
        }
        p.allowedOrigins.append(origin);
    }
    const QJsonObject tls = r.object(object, u"tls", where);
    p.tls.caBundlePath = r.string(tls, u"ca_bundle", where);
    p.tls.clientCertificatePath = r.string(tls, u"client_certificate", where);
    p.tls.ignoreErrors = r.boolean(tls, u"ignore_errors", where);
    const QJsonObject proxy = r.object(object, u"proxy", where);
    if (!proxy.isEmpty()) {
        const QString modeName = r.string(proxy, u"mode", where);
        const auto mode = proxyModeFromName(modeName.isEmpty() ? QStringLiteral("system") : modeName);
        if (!mode)
            r.fail(
                QStringLiteral("%1: unknown proxy mode \"%2\"").arg(where, proxy.value(u"mode").toString().left(40)));
        p.proxy.mode = mode.value_or(ProxySettings::Mode::System);
        p.proxy.host = r.string(proxy, u"host", where);
        p.proxy.port = r.integer(proxy, u"port", where, 0, 0, 65535);
        p.proxy.username = r.string(proxy, u"username", where);
    }

    const QList<QJsonObject> requests = r.objects(object, u"requests", where);
    for (qsizetype i = 0; i < requests.size() && !r.failed(); ++i) {
        const QJsonObject& req = requests.at(i);
        const QString rwhere = QStringLiteral("%1, request %2").arg(where).arg(i + 1);
        SavedRequest s;
        s.id = r.string(req, u"id", rwhere);
        if (s.id.isEmpty())
            s.id = newId();
        else if (!isValidId(s.id))
            r.fail(QStringLiteral("%1: id \"%2\" is not valid").arg(rwhere, s.id.left(80)));
        s.name = r.string(req, u"name", rwhere);
        s.method = r.string(req, u"method", rwhere).toLatin1().toUpper();
        if (s.method.isEmpty())
            s.method = "GET";
        static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$"));
        if (!token.match(QString::fromLatin1(s.method)).hasMatch())
            r.fail(
                QStringLiteral("%1: \"%2\" is not an HTTP method").arg(rwhere, QString::fromLatin1(s.method.left(40))));
        s.url = r.url(req, u"url", rwhere, true);
        s.headers = r.headers(req, u"headers", rwhere);
        s.contentType = r.string(req, u"content_type", rwhere);
        if (req.contains(u"auth")) {
            const QJsonObject auth = r.object(req, u"auth", rwhere);
            const QString mode = r.string(auth, u"mode", rwhere);
            if (mode == u"none") {
                s.auth.mode = RequestAuth::Mode::None;
            } else if (mode == u"own") {
                s.auth.mode = RequestAuth::Mode::Own;
                bool known = false;
                s.auth.settings.method = Auth::methodFromName(r.string(auth, u"method", rwhere), &known);
                const Auth::Method m = s.auth.settings.method;
                if (!known
                    || (m != Auth::Method::Basic && m != Auth::Method::Digest && m != Auth::Method::Bearer
                        && m != Auth::Method::ApiKey && m != Auth::Method::AwsSigV4))
                    r.fail(QStringLiteral("%1: a request's own auth is basic, digest, bearer, apikey or awsv4")
                               .arg(rwhere));
                s.auth.settings.username = r.string(auth, u"username", rwhere);
                if (auth.contains(u"api_key_name"))
                    s.auth.settings.apiKeyName = r.string(auth, u"api_key_name", rwhere);
                s.auth.settings.apiKeyPlace = r.string(auth, u"api_key_in", rwhere) == u"query"
                    ? Auth::ApiKeyPlace::Query
                    : Auth::ApiKeyPlace::Header;
                if (auth.contains(u"aws_region"))
                    s.auth.settings.aws.region = r.string(auth, u"aws_region", rwhere);
                if (auth.contains(u"aws_service"))
                    s.auth.settings.aws.service = r.string(auth, u"aws_service", rwhere);
                s.auth.sessionTokenVariable = r.string(auth, u"session_token_variable", rwhere);
                s.auth.secretVariable = r.string(auth, u"secret_variable", rwhere);
            } else if (!mode.isEmpty() && mode != u"profile") {
                r.fail(QStringLiteral("%1: unknown auth mode \"%2\" (profile, none, own)").arg(rwhere, mode.left(40)));
            }
        }
        const QString body = r.string(req, u"body", rwhere);
        if (r.string(req, u"body_encoding", rwhere) == u"base64") {
            auto decoded = QByteArray::fromBase64Encoding(body.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                r.fail(QStringLiteral("%1: the body is not valid base64").arg(rwhere));
            s.body = decoded.decoded;
        } else {
            s.body = body.toUtf8();
        }
        p.requests.append(s);
    }
    if (r.failed())
        return std::nullopt;
    return p;
}

} // namespace Authlens::Profiles::ProfileJson
