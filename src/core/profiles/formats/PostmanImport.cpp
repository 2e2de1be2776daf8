#include "profiles/formats/PostmanImport.h"

#include "http/SecretPolicy.h"
#include "profiles/ProfileJson.h"

#include "profiles/formats/CredentialCollector.h"
#include "profiles/formats/FormBody.h"
#include "profiles/formats/ImportSeal.h"
#include "profiles/formats/ImportedUrl.h"
#include "profiles/formats/InputLimits.h"
#include "profiles/formats/PostmanAuth.h"
#include "profiles/formats/PostmanVariables.h"
#include "profiles/formats/RequestChecks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>

namespace Authlens::Formats {

namespace {

QString authType(const QJsonObject& auth)
{
    return postmanAuthType(auth);
}

/// Auth blocks that say nothing of their own: the parent's auth applies.
bool inherits(const QJsonValue& auth)
{
    return !auth.isObject() || authType(auth.toObject()).isEmpty() || authType(auth.toObject()) == u"inherit";
}

/// One parameter of an auth block as text (postmanAuthParams reads both versions' layouts).
QString authParam(const QJsonObject& auth, const QString& key)
{
    return scalarText(postmanAuthParams(auth).value(key));
}

QString description(const QJsonValue& value)
{
    if (value.isObject())
        return value.toObject().value(u"content").toString();
    return value.toString();
}

QString authLabel(const QString& type)
{
    return type.isEmpty() || type == u"noauth" ? QStringLiteral("no auth") : type;
}

struct PendingRequest
{
    Profiles::SavedRequest request;
    QString rawUrl;
    QJsonObject auth; ///< effective auth block, empty for none
    /// Where that block is defined: empty for the collection, else `folder "Admin"` or `request "Users / Get"`.
    QString authOwner;
    Http::HeaderList credentialHeaders;
};

class CollectionReader
{
public:
    ImportResult run(const QJsonObject& root);

private:
    void walk(const QJsonArray& items, const QStringList& folders, const QJsonObject& auth, const QString& authOwner);
    void readRequest(const QJsonObject& item, const QString& name, const QJsonObject& auth, const QString& authOwner);
    QString buildUrl(const QJsonValue& url) const;
    void readHeaders(const QJsonValue& headers, PendingRequest& p);
    void readBody(const QJsonObject& body, PendingRequest& p, const QString& name);
    void applyAuth(const QJsonObject& auth, CredentialCollector& credentials);
    /// Gives `p` its own Basic, Digest, Bearer, API-key or AWS Signature v4 auth (Profiles::RequestAuth); false
    /// for other types.
    bool ownRequestAuth(PendingRequest& p, Profiles::Profile& profile);
    /// The secret variable that holds the secret `raw` of `p`'s own auth: the collection's secret variable it
    /// names (`{{name}}`), or a new one (named after `hint`); empty when there is no value to keep.
    QString ownSecretVariable(Profiles::Profile& profile, const PendingRequest& p, const QString& raw,
                              const QString& hint);
    struct AwsBlock
    {
        Auth::AuthSettings settings; ///< AwsSigV4, the access key ID, region and service
        QString secretKey; ///< resolved; empty when it is an undefined variable
        QString sessionToken;
    };
    AwsBlock readAws(const QJsonObject& auth);
    void warnOtherOAuthBlocks(const QJsonObject& profileAuth, const QByteArray& profileKey, bool fromCollection);
    void countScripts(const QJsonObject& item);
    void placeUrls(Profiles::Profile& profile);
    void warnOnce(const QString& key, const QString& message)
    {
        if (!m_warnedKeys.contains(key)) {
            m_warnedKeys.append(key);
            m_warnings.append(message);
        }
    }

    QHash<QString, QString> m_values; ///< every collection variable, secret ones too, for resolving
    QList<PendingRequest> m_requests;
    QStringList m_warnings;
    QStringList m_warnedKeys;
    QString m_error;
    int m_scripts = 0;
    int m_disabledHeaders = 0;
};

void CollectionReader::countScripts(const QJsonObject& item)
{
    for (const QJsonValue& e : item.value(u"event").toArray()) {
        const QJsonValue exec = e.toObject().value(u"script").toObject().value(u"exec");
        const bool hasCode = exec.isString()
            ? !exec.toString().trimmed().isEmpty()
            : std::any_of(exec.toArray().begin(), exec.toArray().end(),
                          [](const QJsonValue& l) { return !l.toString().trimmed().isEmpty(); });
        if (hasCode)
            ++m_scripts;
    }
}

void CollectionReader::walk(const QJsonArray& items, const QStringList& folders, const QJsonObject& auth,
                            const QString& authOwner)
{
    for (const QJsonValue& value : items) {
        if (!m_error.isEmpty())
            return;
        const QJsonObject item = value.toObject();
        const QString name = item.value(u"name").toString().trimmed();
        countScripts(item);
        if (item.value(u"item").isArray()) {
            const QStringList path = folders + QStringList {name.isEmpty() ? QStringLiteral("Folder") : name};
            const bool own = !inherits(item.value(u"auth"));
            walk(item.value(u"item").toArray(), path, own ? item.value(u"auth").toObject() : auth,
                 own ? QStringLiteral("folder \"%1\"").arg(path.join(QStringLiteral(" / "))) : authOwner);
        } else if (item.contains(u"request")) {
            const QString requestName = (folders + QStringList {name.isEmpty() ? QStringLiteral("Request") : name})
                                            .join(QStringLiteral(" / "));
            readRequest(item, requestName, auth, authOwner);
        } else {
            m_warnings.append(
                QStringLiteral("Item \"%1\" is neither a request nor a folder; skipped.").arg(name.left(80)));
        }
    }
}

QString CollectionReader::buildUrl(const QJsonValue& value) const
{
    if (value.isString())
        return value.toString().trimmed();
    const QJsonObject url = value.toObject();
    QString text = url.value(u"raw").toString().trimmed();
    if (text.isEmpty()) {
        // No raw form: put it together from the parts.
        const QString protocol = url.value(u"protocol").toString();
        const QJsonValue hostValue = url.value(u"host");
        QStringList host;
        for (const QJsonValue& h : hostValue.toArray())
            host.append(scalarText(h));
        if (hostValue.isString())
            host.append(hostValue.toString());
        QStringList path;
        for (const QJsonValue& p : url.value(u"path").toArray())
            path.append(p.isObject() ? scalarText(p.toObject().value(u"value")) : scalarText(p));
        if (url.value(u"path").isString())
            path.append(url.value(u"path").toString());
        QStringList query;
        for (const QJsonValue& q : url.value(u"query").toArray()) {
            const QJsonObject o = q.toObject();
            if (o.value(u"disabled").toBool())
                continue;
            const QString k = scalarText(o.value(u"key"));
            query.append(o.value(u"value").isNull() ? k : k + u'=' + scalarText(o.value(u"value")));
        }
        if (!protocol.isEmpty())
            text = protocol + QStringLiteral("://");
        text += host.join(u'.');
        if (!scalarText(url.value(u"port")).isEmpty())
            text += u':' + scalarText(url.value(u"port"));
        if (!path.isEmpty())
            text += u'/' + path.join(u'/');
        if (!query.isEmpty())
            text += u'?' + query.join(u'&');
    }
    // Path variables (":id" segments) take the values the collection gives them.
    for (const QJsonValue& v : url.value(u"variable").toArray()) {
        const QJsonObject o = v.toObject();
        const QString key = scalarText(o.value(u"key"));
        if (key.isEmpty() || key.size() > 100)
            continue;
        const QString replacement = scalarText(o.value(u"value"));
        const QRegularExpression segment(QStringLiteral("/:%1(?=[/?#]|$)").arg(QRegularExpression::escape(key)));
        text.replace(segment, u'/' + (replacement.isEmpty() ? QStringLiteral("{{%1}}").arg(key) : replacement));
    }
    return text;
}

void CollectionReader::readHeaders(const QJsonValue& headers, PendingRequest& p)
{
    QList<QPair<QString, QString>> pairs;
    if (headers.isString()) {
        // v2.0 allows "Name: value\nName2: value2".
        for (const QString& line : headers.toString().split(u'\n')) {
            const qsizetype colon = line.indexOf(u':');
            if (colon > 0)
                pairs.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        }
    }
    for (const QJsonValue& v : headers.toArray()) {
        const QJsonObject h = v.toObject();
        if (h.value(u"disabled").toBool()) {
            ++m_disabledHeaders;
            continue;
        }
        pairs.append({scalarText(h.value(u"key")).trimmed(), scalarText(h.value(u"value"))});
    }
    for (const auto& [nameText, valueText] : std::as_const(pairs)) {
        const QByteArray name = nameText.toUtf8();
        const QByteArray value = valueText.toUtf8();
        if (const QString problem = headerProblem(name, value); !problem.isEmpty()) {
            m_warnings.append(QStringLiteral("Request \"%1\": %2 Skipped.").arg(p.request.name, problem));
            continue;
        }
        if (name.compare("Content-Type", Qt::CaseInsensitive) == 0)
            p.request.contentType = valueText.trimmed();
        else if (Http::SecretPolicy::standard().isSecretHeader(name))
            p.credentialHeaders.append({name, resolveVariables(valueText, m_values).toUtf8()});
        else if (const auto note = droppedHeaderNote(name); !note)
            p.request.headers.append({name, value});
        else if (!note->isEmpty())
            warnOnce(nameText.toLower(), *note);
    }
}

void CollectionReader::readBody(const QJsonObject& body, PendingRequest& p, const QString& name)
{
    if (body.isEmpty() || body.value(u"disabled").toBool())
        return;
    const QString mode = body.value(u"mode").toString();
    QString contentType;
    if (mode == u"raw") {
        p.request.body = body.value(u"raw").toString().toUtf8();
        const QString language
            = body.value(u"options").toObject().value(u"raw").toObject().value(u"language").toString();
        static const QMap<QString, QString> types {
            {QStringLiteral("json"), QStringLiteral("application/json")},
            {QStringLiteral("xml"), QStringLiteral("application/xml")},
            {QStringLiteral("html"), QStringLiteral("text/html")},
            {QStringLiteral("javascript"), QStringLiteral("application/javascript")},
            {QStringLiteral("text"), QStringLiteral("text/plain")}};
        contentType = types.value(language.toLower(), QStringLiteral("text/plain"));
    } else if (mode == u"urlencoded") {
        QList<FormField> fields;
        for (const QJsonValue& v : body.value(u"urlencoded").toArray()) {
            const QJsonObject f = v.toObject();
            if (!f.value(u"disabled").toBool())
                fields.append({scalarText(f.value(u"key")), scalarText(f.value(u"value"))});
        }
        if (fields.isEmpty())
            return; // an empty form is no body (a GET with an empty urlencoded tab)
        p.request.body = urlEncodedForm(fields, FormReferences::Keep);
        contentType = QStringLiteral("application/x-www-form-urlencoded");
    } else if (mode == u"formdata") {
        QList<FormField> fields;
        for (const QJsonValue& v : body.value(u"formdata").toArray()) {
            const QJsonObject f = v.toObject();
            if (f.value(u"disabled").toBool())
                continue;
            if (f.value(u"type").toString() == u"file") {
                m_warnings.append(QStringLiteral("Request \"%1\": the file field \"%2\" was not imported (only text "
                                                 "fields of form-data bodies are).")
                                      .arg(name, scalarText(f.value(u"key")).left(80)));
                continue;
            }
            fields.append({scalarText(f.value(u"key")), scalarText(f.value(u"value"))});
        }
        if (fields.isEmpty())
            return; // an empty form-data body is no body, not a lone closing boundary
        const MultipartBody form = multipartForm(fields);
        p.request.body = form.body;
        contentType = form.contentType;
    } else if (mode == u"graphql") {
        const QJsonObject graphql = body.value(u"graphql").toObject();
        QJsonObject payload {{QStringLiteral("query"), graphql.value(u"query").toString()}};
        const QJsonValue variables = graphql.value(u"variables");
        if (variables.isObject()) {
            payload[u"variables"] = variables;
        } else if (const QString text = variables.toString().trimmed(); !text.isEmpty()) {
            const QJsonDocument parsed = QJsonDocument::fromJson(text.toUtf8());
            if (parsed.isObject())
                payload[u"variables"] = parsed.object();
            else
                m_warnings.append(
                    QStringLiteral("Request \"%1\": the GraphQL variables are not a JSON object; left out.").arg(name));
        }
        p.request.body = QJsonDocument(payload).toJson(QJsonDocument::Compact);
        contentType = QStringLiteral("application/json");
    } else if (mode == u"file") {
        m_warnings.append(QStringLiteral("Request \"%1\": a file body is not imported.").arg(name));
        return;
    } else if (!mode.isEmpty()) {
        m_warnings.append(QStringLiteral("Request \"%1\": body mode \"%2\" is not supported; the body was left out.")
                              .arg(name, mode.left(40)));
        return;
    }
    // A Content-Type header the user set wins over the one the body mode implies.
    if (p.request.contentType.isEmpty())
        p.request.contentType = contentType;
}

void CollectionReader::readRequest(const QJsonObject& item, const QString& name, const QJsonObject& inheritedAuth,
                                   const QString& inheritedOwner)
{
    PendingRequest p;
    p.request.id = Profiles::ProfileJson::newId();
    p.request.name = name;
    const QJsonValue requestValue = item.value(u"request");
    const QJsonObject request = requestValue.toObject();
    p.rawUrl = buildUrl(requestValue.isString() ? requestValue : request.value(u"url"));
    if (p.rawUrl.isEmpty()) {
        m_warnings.append(QStringLiteral("Request \"%1\" has no URL; skipped.").arg(name));
        return;
    }
    p.request.method = request.value(u"method").toString(QStringLiteral("GET")).trimmed().toUpper().toUtf8();
    if (const QString problem = methodProblem(p.request.method); !problem.isEmpty()) {
        m_warnings.append(QStringLiteral("Request \"%1\": %2 Skipped.").arg(name, problem));
        return;
    }
    if (inherits(request.value(u"auth"))) {
        p.auth = inheritedAuth;
        p.authOwner = inheritedOwner;
    } else {
        p.auth = request.value(u"auth").toObject();
        p.authOwner = QStringLiteral("request \"%1\"").arg(name);
    }
    readHeaders(request.value(u"header"), p);
    readBody(request.value(u"body").toObject(), p, name);
    m_requests.append(p);
}

bool CollectionReader::ownRequestAuth(PendingRequest& p, Profiles::Profile& profile)
{
    const QString type = authType(p.auth);
    Profiles::RequestAuth& own = p.request.auth;
    own.settings = {};
    QString secretKey;
    if (type == u"basic" || type == u"digest") {
        own.settings.method = type == u"basic" ? Auth::Method::Basic : Auth::Method::Digest;
        own.settings.username = authParam(p.auth, QStringLiteral("username"));
        secretKey = QStringLiteral("password");
    } else if (type == u"bearer") {
        own.settings.method = Auth::Method::Bearer;
        secretKey = QStringLiteral("token");
    } else if (type == u"apikey") {
        own.settings.method = Auth::Method::ApiKey;
        const QString key = authParam(p.auth, QStringLiteral("key"));
        own.settings.apiKeyName = key.isEmpty() ? QStringLiteral("X-API-Key") : key;
        own.settings.apiKeyPlace = authParam(p.auth, QStringLiteral("in")) == u"query" ? Auth::ApiKeyPlace::Query
                                                                                       : Auth::ApiKeyPlace::Header;
        secretKey = QStringLiteral("value");
    } else if (type == u"awsv4") {
        // The access key ID, region and service are settings; the secret access key and the session token are
        // secret variables (the keychain), as the password of an own Basic auth is.
        own.settings = readAws(p.auth).settings;
        own.mode = Profiles::RequestAuth::Mode::Own;
        own.secretVariable = ownSecretVariable(profile, p, authParam(p.auth, QStringLiteral("secretKey")),
                                               QStringLiteral("aws_secret_access_key"));
        own.sessionTokenVariable = ownSecretVariable(profile, p, authParam(p.auth, QStringLiteral("sessionToken")),
                                                     QStringLiteral("aws_session_token"));
        return true;
    } else {
        return false;
    }
    own.mode = Profiles::RequestAuth::Mode::Own;
    own.secretVariable = ownSecretVariable(profile, p, authParam(p.auth, secretKey), secretKey);
    return true;
}

QString CollectionReader::ownSecretVariable(Profiles::Profile& profile, const PendingRequest& p,
                                            const QString& rawValue, const QString& hint)
{
    const QString raw = rawValue.trimmed();
    // `{{name}}` of a secret variable is that variable; any other value becomes one of its own.
    static const QRegularExpression reference(QStringLiteral("^\\{\\{\\s*([^{}]+?)\\s*\\}\\}$"));
    const QString referenced = reference.match(raw).captured(1);
    const auto secretVariable = std::find_if(profile.variables.cbegin(), profile.variables.cend(),
                                             [&referenced](const Profiles::Variable& v) {
                                                 return v.secret && !referenced.isEmpty() && v.name == referenced;
                                             });
    if (secretVariable != profile.variables.cend())
        return secretVariable->name;
    const QString value = resolveVariables(raw, m_values);
    if (value.isEmpty() || value.contains(u"{{"))
        return {}; // nothing to keep: the user enters it (the Auth tab shows the method)
    // A folder's block is every request's in it: one secret variable (one keychain value) for all of them.
    for (const Profiles::Variable& v : std::as_const(profile.variables)) {
        if (v.secret && Auth::secretVariable(profile.sessionSecrets, v.name) == value)
            return v.name;
    }
    return addSecretVariable(profile, p.request.name + u'_' + hint, value);
}

/// Postman's AWS Signature (https://learning.postman.com/docs/sending-requests/authorization/aws-signature/):
/// accessKey, secretKey, region, service, sessionToken and addAuthDataToQuery. An empty region or service is
/// us-east-1 or execute-api when Postman signs (postman-runtime lib/authorizer/aws4.js: "AWS API Gateway is the
/// default service"), as they are in a profile.
CollectionReader::AwsBlock CollectionReader::readAws(const QJsonObject& auth)
{
    AwsBlock out;
    out.settings.method = Auth::Method::AwsSigV4;
    const auto param = [&](const char* key) {
        return resolveVariables(authParam(auth, QString::fromLatin1(key)), m_values).trimmed();
    };
    // The access key ID is no secret (AWS shows it in every signature's Credential scope): it stays as typed when
    // it is an undefined {{variable}}, which the profile fills when an environment defines it.
    out.settings.username = param("accessKey");
    const auto scopePart = [&](const char* key, const QString& what, QString& field) {
        const QString value = param(key);
        if (value.contains(u"{{"))
            // The signer does not fill variables in the scope: a "{{region}}" would be signed as it stands.
            warnOnce(QStringLiteral("aws-%1-%2").arg(QLatin1String(key), value),
                     QStringLiteral("The AWS %1 is %2, a variable the collection does not define: the profile uses "
                                    "\"%3\"; edit the profile's AWS settings if that is not it.")
                         .arg(what, value.left(80), field));
        else if (!value.isEmpty())
            field = value;
    };
    scopePart("region", QStringLiteral("region"), out.settings.aws.region);
    scopePart("service", QStringLiteral("service"), out.settings.aws.service);
    QStringList scopeWarnings;
    out.settings.aws = checkedAwsScope(out.settings.aws, scopeWarnings);
    for (const QString& w : std::as_const(scopeWarnings))
        warnOnce(w, w);
    const auto secret = [&](const char* key, const QString& what) {
        const QString value = param(key);
        if (!value.contains(u"{{"))
            return value;
        warnOnce(QStringLiteral("aws-%1-%2").arg(QLatin1String(key), value),
                 QStringLiteral("The AWS %1 is %2, a variable the collection does not define: enter the %1 in the "
                                "profile (it goes to the keychain), or import the Postman environment that defines "
                                "it.")
                     .arg(what, value.left(80)));
        return QString();
    };
    out.secretKey = secret("secretKey", QStringLiteral("secret access key"));
    out.sessionToken = secret("sessionToken", QStringLiteral("session token"));
    // "Add authorization data to: Request URL" presigns the URL instead (X-Amz-Signature in the query).
    const QJsonValue toQuery = postmanAuthParams(auth).value(u"addAuthDataToQuery");
    if (toQuery.toBool(false) || scalarText(toQuery) == u"true")
        warnOnce(QStringLiteral("aws-query"),
                 QStringLiteral("Postman's AWS Signature option addAuthDataToQuery (the signature in the request URL, "
                                "a presigned URL) is not supported: Authlens sends the signature in the Authorization "
                                "header."));
    return out;
}

void CollectionReader::applyAuth(const QJsonObject& auth, CredentialCollector& credentials)
{
    const QString type = authType(auth);
    const auto param
        = [&](const char* key) { return resolveVariables(authParam(auth, QString::fromLatin1(key)), m_values); };
    if (type.isEmpty() || type == u"noauth") {
        return;
    } else if (type == u"basic") {
        credentials.setBasic(param("username"), param("password"));
    } else if (type == u"bearer") {
        credentials.setBearer(param("token"));
    } else if (type == u"apikey") {
        const QString key = param("key");
        const QString value = param("value");
        // An "API key" named Authorization whose value is "Bearer …" is a Bearer token (PayPal's REST API
        // collection sends its access token this way): importing it as an API key would hide it from the token
        // service and the Bearer diagnosis.
        static const QRegularExpression bearer(QStringLiteral("^\\s*Bearer\\s+(\\S.*)$"),
                                               QRegularExpression::CaseInsensitiveOption);
        if (const auto m = bearer.match(value);
            m.hasMatch() && key.compare(u"Authorization", Qt::CaseInsensitive) == 0 && param("in") != u"query") {
            credentials.setBearer(m.captured(1).trimmed());
            return;
        }
        credentials.setApiKey(key.isEmpty() ? QStringLiteral("X-API-Key") : key, value,
                              param("in") == u"query" ? Auth::ApiKeyPlace::Query : Auth::ApiKeyPlace::Header);
    } else if (type == u"digest") {
        credentials.setDigest(param("username"), param("password"));
    } else if (type == u"awsv4") {
        const AwsBlock aws = readAws(auth);
        credentials.setAws(aws.settings.username, aws.secretKey, aws.sessionToken, aws.settings.aws);
    } else if (type == u"oauth2") {
        const PostmanOAuth oauth = readPostmanOAuth(auth, m_values);
        credentials.setOAuth(oauth.settings, oauth.secrets);
        m_warnings.append(oauth.warnings);
    } else {
        m_warnings.append(QStringLiteral("Postman auth type \"%1\" is not supported; requests using it were imported "
                                         "without auth.")
                              .arg(type.left(40)));
    }
}

/// Folders and requests with OAuth 2 settings of their own, besides the block the profile got: named,
/// with what differs. Until saved requests carry their own auth (issue 13) their requests are sent with
/// the profile's client.
void CollectionReader::warnOtherOAuthBlocks(const QJsonObject& profileAuth, const QByteArray& profileKey,
                                            bool fromCollection)
{
    QStringList owners;
    QStringList entries;
    const PostmanOAuth profileOAuth = readPostmanOAuth(profileAuth, m_values);
    for (const PendingRequest& p : std::as_const(m_requests)) {
        if (authType(p.auth) != u"oauth2" || postmanAuthKey(p.auth) == profileKey || owners.contains(p.authOwner))
            continue;
        owners.append(p.authOwner);
        if (entries.size() < 6)
            entries.append(QStringLiteral("%1 (%2)").arg(
                p.authOwner.isEmpty() ? QStringLiteral("the collection") : p.authOwner,
                describeOAuthDifference(profileOAuth, readPostmanOAuth(p.auth, m_values))));
    }
    if (entries.isEmpty())
        return;
    if (owners.size() > entries.size())
        entries.append(QStringLiteral("%1 more").arg(owners.size() - entries.size()));
    m_warnings.append(
        QStringLiteral("Some folders or requests have OAuth 2 settings of their own in Postman: %1. A "
                       "profile has one OAuth 2 client, %2; their requests are sent with it.")
            .arg(entries.join(QStringLiteral(", ")),
                 fromCollection ? QStringLiteral("the collection's") : QStringLiteral("the one most requests use")));
}

/// Makes request URLs relative to one base URL when they share it.
void CollectionReader::placeUrls(Profiles::Profile& profile)
{
    static const QRegularExpression leadingVar(QStringLiteral("^\\{\\{\\s*([^{}]+?)\\s*\\}\\}"));
    static const QRegularExpression scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*://"));

    // 1. Every request starts with the same {{variable}} that holds an http(s) URL.
    QString common;
    bool same = !m_requests.isEmpty();
    for (const PendingRequest& p : std::as_const(m_requests)) {
        const QString name = leadingVar.match(p.rawUrl).captured(1);
        if (name.isEmpty() || (!common.isEmpty() && name != common)) {
            same = false;
            break;
        }
        common = name;
    }
    if (same) {
        QString base = resolveVariables(m_values.value(common), m_values).trimmed();
        if (m_values.contains(common) && parseHttpUrl(base, nullptr) && base.contains(u"://")) {
            while (base.endsWith(u'/'))
                base.chop(1);
            profile.baseUrl = base;
            for (PendingRequest& p : m_requests) {
                QString rest = p.rawUrl.mid(leadingVar.match(p.rawUrl).capturedLength());
                if (!rest.startsWith(u'/') && !rest.startsWith(u'?'))
                    rest.prepend(u'/');
                // "//x" relative to a base URL would name a host; such a request keeps its full URL.
                p.request.url = rest.startsWith(u"//") ? p.rawUrl : rest;
            }
            return;
        }
        if (!m_values.contains(common))
            m_warnings.append(QStringLiteral("The requests use {{%1}}, which the collection does not define: import "
                                             "the Postman environment that defines it into this profile, or set the "
                                             "base URL.")
                                  .arg(common.left(80)));
    }

    // 2. The origin most requests share becomes the base URL.
    QMap<QString, int> counts;
    QList<QString> origins;
    QList<QString> remainders;
    for (const PendingRequest& p : std::as_const(m_requests)) {
        QString expanded = p.rawUrl;
        if (const auto m = leadingVar.match(expanded); m.hasMatch() && m_values.contains(m.captured(1)))
            expanded = resolveVariables(m_values.value(m.captured(1)), m_values) + expanded.mid(m.capturedLength());
        const QString full = resolveVariables(expanded, m_values);
        QString afterScheme = full;
        afterScheme.remove(scheme);
        const qsizetype authorityEnd = afterScheme.indexOf(QRegularExpression(QStringLiteral("[/?#]")));
        const QString authority = authorityEnd < 0 ? afterScheme : afterScheme.left(authorityEnd);
        QString origin;
        if (!authority.contains(u"{{")) {
            QString error;
            const auto url = parseHttpUrl(full, &error);
            if (!url && error.startsWith(u"Only http")) {
                m_error = QStringLiteral("Request \"%1\": %2").arg(p.request.name, error);
                return;
            }
            if (url)
                origin = originText(*url);
        }
        origins.append(origin);
        QString rest = expanded;
        rest.remove(scheme);
        const qsizetype slash = rest.indexOf(QRegularExpression(QStringLiteral("[/?#]")));
        rest = slash < 0 ? QStringLiteral("/") : rest.mid(slash);
        if (const qsizetype hash = rest.indexOf(u'#'); hash >= 0)
            rest.truncate(hash);
        if (rest.isEmpty() || rest.startsWith(u'?'))
            rest.prepend(u'/');
        remainders.append(rest);
        if (!origin.isEmpty())
            ++counts[origin];
    }
    QString best;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (best.isEmpty() || it.value() > counts.value(best))
            best = it.key();
    }
    profile.baseUrl = best;
    QStringList others;
    for (qsizetype i = 0; i < m_requests.size(); ++i) {
        PendingRequest& p = m_requests[i];
        if (!best.isEmpty() && origins.at(i) == best && !remainders.at(i).startsWith(u"//")) {
            p.request.url = remainders.at(i);
        } else {
            p.request.url = p.rawUrl;
            // "cdn.example.com/x" would be read as a path of the base URL: say which scheme it has.
            if (!origins.at(i).isEmpty() && !p.rawUrl.contains(u"://") && !p.rawUrl.startsWith(u"{{"))
                p.request.url.prepend(QStringLiteral("http://"));
            if (!origins.at(i).isEmpty() && !others.contains(origins.at(i)))
                others.append(origins.at(i));
        }
    }
    if (!others.isEmpty())
        m_warnings.append(QStringLiteral("Some requests go to other origins than %1 (%2); they keep absolute URLs, and "
                                         "the profile's credentials are not sent there unless you allow those origins.")
                              .arg(best, others.mid(0, 5).join(QStringLiteral(", "))));
}

ImportResult CollectionReader::run(const QJsonObject& document)
{
    ImportResult result;
    result.format = ImportFormat::PostmanCollection;
    // The Postman API's GET /collections/{id} wraps the collection: {"collection": {"info": …, "item": …}}
    // (https://learning.postman.com/docs/developer/postman-api/intro-api/).
    const QJsonObject root = document.value(u"collection").isObject() && !document.contains(u"info")
        ? document.value(u"collection").toObject()
        : document;
    const QJsonObject info = root.value(u"info").toObject();
    const QString schema = info.value(u"schema").toString();
    if (!schema.contains(u"collection/v2.1") && !schema.contains(u"collection/v2.0")) {
        static const QRegularExpression version(QStringLiteral("collection/v(\\d+(?:\\.\\d+)*)"));
        const QString named = version.match(schema).captured(1);
        if (root.value(u"requests").isArray() || named.startsWith(u'1'))
            result.error = QStringLiteral("This is a Postman Collection v1; export it as v2.1 in Postman (Export → "
                                          "Collection v2.1) and import that.");
        else if (!named.isEmpty())
            result.error = QStringLiteral("This is a Postman Collection v%1, which Authlens does not read yet; export "
                                          "it as Collection v2.1 in Postman and import that.")
                               .arg(named);
        else
            result.error = QStringLiteral("Not a Postman collection: info.schema does not name Collection v2.0 or "
                                          "v2.1.");
        return result;
    }
    if (!root.value(u"item").isArray()) {
        result.error = QStringLiteral("Not a Postman collection: it has no \"item\" list.");
        return result;
    }

    Profiles::Profile profile;
    profile.id = Profiles::ProfileJson::newId();
    profile.name = info.value(u"name").toString().trimmed();
    if (profile.name.isEmpty())
        profile.name = QStringLiteral("Postman collection");
    profile.description = description(info.value(u"description"));

    QStringList secretNames;
    for (const QJsonValue& v : root.value(u"variable").toArray()) {
        const QJsonObject o = v.toObject();
        const QString name = scalarText(o.value(u"key")).trimmed();
        if (name.isEmpty() || o.value(u"disabled").toBool())
            continue;
        const QString value = scalarText(o.value(u"value"));
        m_values.insert(name, value);
        if (!isSecretVariable(name, value, o.value(u"type").toString())) {
            profile.variables.append({name, value, false});
        } else if (!value.trimmed().isEmpty() && !value.contains(u"{{")) {
            // A secret variable: its value goes to the keychain with the profile (the import report lists it),
            // and {{name}} in requests is filled in when they are sent.
            profile.variables.append({name, QString(), true});
            Auth::setSecretVariable(profile.sessionSecrets, name, value);
        } else {
            secretNames.append(name);
        }
    }
    if (!secretNames.isEmpty())
        // Nothing of them is in the profile (a secret variable is a value in the keychain): say so, and what to do.
        m_warnings.append(QStringLiteral("Secret variables without a value were left out: %1. Requests that use them "
                                         "need them: add them as secret variables of the profile, with their values.")
                              .arg(secretNames.mid(0, 10).join(QStringLiteral(", "))));

    countScripts(root);
    const QJsonObject rootAuth = inherits(root.value(u"auth")) ? QJsonObject() : root.value(u"auth").toObject();
    walk(root.value(u"item").toArray(), {}, rootAuth, QString());
    if (!m_error.isEmpty()) {
        result.error = m_error;
        return result;
    }
    if (m_requests.isEmpty())
        m_warnings.append(QStringLiteral("The collection has no requests."));

    // The profile's auth: the collection's own, else the one most requests use. Blocks compare as
    // configurations (postmanAuthKey): an oauth2 block that only holds a newer token is the same client.
    QByteArray profileAuthKey = postmanAuthKey(rootAuth);
    QJsonObject profileAuth = rootAuth;
    if (profileAuthKey.isEmpty()) {
        QMap<QByteArray, int> counts;
        for (const PendingRequest& p : std::as_const(m_requests)) {
            if (const QByteArray k = postmanAuthKey(p.auth); !k.isEmpty())
                ++counts[k];
        }
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            if (profileAuthKey.isEmpty() || it.value() > counts.value(profileAuthKey))
                profileAuthKey = it.key();
        }
        profileAuth = {};
        for (const PendingRequest& p : std::as_const(m_requests)) {
            if (!profileAuthKey.isEmpty() && postmanAuthKey(p.auth) == profileAuthKey) {
                profileAuth = p.auth;
                break;
            }
        }
    }
    const bool profileIsOAuth = authType(profileAuth) == u"oauth2";
    CredentialCollector credentials;
    QStringList different;
    // Auth per request and per folder, as Postman resolves it (its inheritance is already in p.auth): a
    // request with "No Auth" sends nothing, one with a Basic, Digest, Bearer or API-key block other than the
    // profile's keeps it as its own, its secret in a secret variable.
    const bool headersGiveAuth = std::any_of(m_requests.cbegin(), m_requests.cend(),
                                             [](const PendingRequest& p) { return !p.credentialHeaders.isEmpty(); });
    for (PendingRequest& p : m_requests) {
        const QString type = authType(p.auth);
        if (type.isEmpty() || type == u"noauth") {
            // Without auth of its own, a request still sends the credential headers it sets itself (Twilio's
            // Verify call, its Authy key); in a collection whose auth comes from such headers (no auth block),
            // one that sets none sends nothing.
            // An explicit "No Auth" with such a header sends only the header; no auth block at all and an
            // Authorization header of its own is the profile's auth written by hand (Wise's card calls).
            // (An Authorization header of its own under "No Auth" is the profile's auth written by hand too:
            // PayPal's "Delete Payment Token".)
            const bool ownAuthorization
                = std::any_of(p.credentialHeaders.cbegin(), p.credentialHeaders.cend(), [](const Http::Header& h) {
                      return h.first.compare("Authorization", Qt::CaseInsensitive) == 0;
                  });
            if (ownAuthorization)
                continue;
            const bool explicitNone = type == u"noauth" && !profileAuthKey.isEmpty();
            if (explicitNone || (p.credentialHeaders.isEmpty() && (!profileAuthKey.isEmpty() || headersGiveAuth)))
                p.request.auth.mode = Profiles::RequestAuth::Mode::None;
            continue;
        }
        if (postmanAuthKey(p.auth) == profileAuthKey)
            continue;
        // Other OAuth 2 clients get their own warning (warnOtherOAuthBlocks).
        if (profileIsOAuth && type == u"oauth2")
            continue;
        if (ownRequestAuth(p, profile))
            continue;
        if (different.size() < 6)
            different.append(QStringLiteral("%1 (%2)").arg(p.request.name, authLabel(type)));
    }
    if (!profileAuthKey.isEmpty())
        applyAuth(profileAuth, credentials);
    if (!different.isEmpty())
        m_warnings.append(QStringLiteral("These requests use an auth method in Postman that a saved request cannot "
                                         "have of its own; they will be sent with the profile's: %1.")
                              .arg(different.join(QStringLiteral(", "))));
    if (profileIsOAuth)
        warnOtherOAuthBlocks(profileAuth, profileAuthKey, !postmanAuthKey(rootAuth).isEmpty());

    placeUrls(profile);
    if (!m_error.isEmpty()) {
        result.error = m_error;
        return result;
    }
    for (const PendingRequest& p : std::as_const(m_requests)) {
        Profiles::SavedRequest request = p.request;
        for (const Http::Header& h : p.credentialHeaders) {
            // A request that sends no profile auth keeps its own credential headers (the seal moves their
            // values to secret variables); the others' feed the profile's auth.
            if (request.auth.mode == Profiles::RequestAuth::Mode::None)
                request.headers.append(h);
            else
                credentials.addHeader(h.first, h.second);
        }
        profile.requests.append(request);
    }
    if (m_disabledHeaders > 0)
        m_warnings.append(QStringLiteral("%1 disabled header(s) were left out.").arg(m_disabledHeaders));
    if (m_scripts > 0)
        m_warnings.append(QStringLiteral("%1 pre-request or test script(s) were not imported: Authlens does not run "
                                         "Postman scripts.")
                              .arg(m_scripts));
    if (std::any_of(m_requests.cbegin(), m_requests.cend(), [](const PendingRequest& p) {
            return p.rawUrl.contains(u"{{$") || p.request.body.contains("{{$")
                || std::any_of(p.request.headers.cbegin(), p.request.headers.cend(),
                               [](const Http::Header& h) { return h.second.contains("{{$"); });
        }))
        m_warnings.append(QStringLiteral("Postman dynamic variables such as {{$guid}} or {{$timestamp}} are not "
                                         "supported; they stay as text."));

    result.profiles.append(profile);
    credentials.applyTo(result.profiles.first(), 0, result);
    result.warnings = m_warnings + result.warnings;
    return result;
}

} // namespace

ImportResult importPostmanCollection(const QByteArray& json)
{
    ImportResult result;
    result.format = ImportFormat::PostmanCollection;
    QString error;
    const std::optional<QJsonDocument> doc = parseJsonLimited(json, &error);
    if (!doc) {
        result.error = error;
        return result;
    }
    if (!doc->isObject()) {
        result.error = QStringLiteral("Not a Postman collection: the JSON is not an object.");
        return result;
    }
    return CollectionReader().run(doc->object());
}

EnvironmentImport importPostmanEnvironment(const QByteArray& json)
{
    EnvironmentImport result;
    QString error;
    const std::optional<QJsonDocument> doc = parseJsonLimited(json, &error);
    if (!doc) {
        result.error = error;
        return result;
    }
    const QJsonObject root = doc->object();
    if (!doc->isObject() || !root.value(u"values").isArray()) {
        result.error = QStringLiteral("Not a Postman environment: it has no \"values\" list.");
        return result;
    }
    result.name = root.value(u"name").toString().trimmed();
    int disabled = 0;
    QStringList secretNames;
    for (const QJsonValue& v : root.value(u"values").toArray()) {
        const QJsonObject o = v.toObject();
        const QString name = scalarText(o.value(u"key")).trimmed();
        if (name.isEmpty())
            continue;
        if (!o.value(u"enabled").toBool(true)) {
            ++disabled;
            continue;
        }
        const QString value = scalarText(o.value(u"value"));
        if (isSecretVariable(name, value, o.value(u"type").toString())) {
            result.secrets.append({name, value});
            secretNames.append(name);
        } else {
            result.variables.append({name, value});
        }
    }
    if (!secretNames.isEmpty())
        result.warnings.append(QStringLiteral("Secret variables go to the keychain, not into the profile file: %1. "
                                              "Each is kept as a secret variable unless you leave it out; it can "
                                              "fill one of the profile's secret fields as well.")
                                   .arg(secretNames.mid(0, 10).join(QStringLiteral(", "))));
    if (disabled > 0)
        result.warnings.append(QStringLiteral("%1 disabled variable(s) were left out.").arg(disabled));
    return result;
}

} // namespace Authlens::Formats
