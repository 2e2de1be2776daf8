// Postman collections (v2.1 and v2.0) and environments.
#include "FormatsTestData.h"

#include "profiles/ProfileJson.h"
#include "profiles/ProfileStore.h"
#include "profiles/formats/EnvironmentMerge.h"
#include "profiles/formats/ImportSeal.h"
#include "profiles/formats/PostmanImport.h"
#include "profiles/formats/PostmanVariables.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Formats;
using namespace Qt::StringLiterals;

namespace {
const QString kToken = u"eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0xIiwidHlwIjoiSldUIn0."
                       u"eyJpc3MiOiJodHRwczovL2xvZ2luLmV4YW1wbGUuY29tIiwic3ViIjoid"
                       "XNlci00MiIsImF1ZCI6Imh0dHBzOi8vYXBpLmV4YW1wbGUuY29tIiwiZXhwIjoxNzAwMDAwMDAwLCJpYXQiOjE2OTk5OTY0"
                       "MDAsInNjb3BlIjoib3"
                       "JkZXJzOnJlYWQgb3JkZXJzOndyaXRlIn0.c2lnbmF0dXJlLW5vdC1yZWFs"_s;

void verifyWarning(const QStringList& warnings, const QString& text)
{
    QVERIFY2(warnings.join(u'\n').contains(text),
             qPrintable(QStringLiteral("no warning with \"%1\" in:\n%2").arg(text, warnings.join(u'\n'))));
}

// The access tokens of tests/data/formats/postman/demo-oauth2 and partner-oauth2 (JWT-shaped, made up).
const QString kDemoToken
    = u"eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6InBvc3RtYW4tZXhwb3J0In0.eyJpc3MiOiJodHRwOi8vMTI3LjAuMC4xOjgw"
      u"ODAiLCJzdWIiOiJhdXRobGVucy1kZW1vLWNsaWVudCIsImF1ZCI6Imh0dHBzOi8vYXBpLmF1dGhsZW5zLmRlbW8iLCJjbGllbnRfaWQiOiJhd"
      u"XRobGVucy1kZW1vLWNsaWVudCIsInNjb3BlIjoicHJvZmlsZTpyZWFkIiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDAsImp0aSI"
      u"6InBvc3RtYW4tZXhwaXJlZC0xIn0.bm90LWEtcmVhbC1zaWduYXR1cmU"_s;
const QString kPartnerToken
    = u"eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6InBhcnRuZXItMjAyNCJ9.eyJpc3MiOiJodHRwczovL2xvZ2luLnBhcnRuZXIuZXhh"
      u"bXBsZSIsInN1YiI6InBhcnRuZXItcmVwb3J0aW5nIiwiYXVkIjoiaHR0cHM6Ly9wYXJ0bmVyLmV4YW1wbGUuY29tL2FwaSIsInNjb3BlIjoic"
      u"mVwb3J0czpyZWFkIHBhcnRuZXJzOnJlYWQiLCJpYXQiOjE3MTcyMDAwMDAsImV4cCI6MTcxNzIwMzYwMH0.cGFydG5lci1zaWduYXR1cmUtbm"
      u"90LXJlYWw"_s;
/// The older token the partner collection's "Get partner" request holds: same client, not imported.
const QString kPartnerOlderTokenSignature = u"b2xkZXItdG9rZW4tc2lnbmF0dXJl"_s;

/// The OAuth parts of an imported profile by name, for table rows that list the ones they care about.
QMap<QString, QString> oauthFields(const Profiles::Profile& p)
{
    const Auth::OAuthSettings& o = p.auth.oauth;
    QStringList extra;
    for (const auto& [name, value] : o.extraParams)
        extra.append(name + u'=' + value);
    return {{u"method"_s, Auth::methodName(p.auth.method)},
            {u"grant"_s, o.grantType},
            {u"endpoint"_s, o.tokenEndpoint},
            {u"client"_s, o.clientId},
            {u"auth"_s, Auth::clientAuthName(o.clientAuth)},
            {u"scopes"_s, o.scopes.join(u' ')},
            {u"audience"_s, o.audience},
            {u"resources"_s, o.resources.join(u' ')},
            {u"extra"_s, extra.join(u'&')},
            {u"user"_s, p.auth.username},
            {u"token"_s, p.sessionSecrets.token},
            {u"secret"_s, p.sessionSecrets.clientSecret},
            {u"refresh"_s, p.sessionSecrets.refreshToken},
            {u"password"_s, p.sessionSecrets.password},
            {u"exp"_s, QString::number(o.accessTokenExpiresAt)}};
}

/// `expected` is "name=value;name=value" over oauthFields().
void verifyFields(const Profiles::Profile& p, const QString& expected)
{
    const QMap<QString, QString> actual = oauthFields(p);
    for (const QString& pair : expected.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(u'=');
        const QString name = pair.left(eq);
        QVERIFY2(actual.contains(name), qPrintable(u"no field "_s + name));
        QVERIFY2(
            actual.value(name) == pair.mid(eq + 1),
            qPrintable(QStringLiteral("%1: \"%2\", expected \"%3\"").arg(name, actual.value(name), pair.mid(eq + 1))));
    }
}

/// No warning repeats a secret the import found.
void verifyNoSecretIn(const QStringList& warnings, const Auth::AuthSecrets& secrets)
{
    const QString all = warnings.join(u'\n');
    for (Auth::SecretField field : Auth::allSecretFields()) {
        const QString value = Auth::secretValue(secrets, field);
        QVERIFY2(value.isEmpty() || !all.contains(value),
                 qPrintable(Auth::secretFieldLabel(field) + u" in a warning"_s));
    }
}

QByteArray collectionWith(const QByteArray& rootAuth, const QByteArray& items)
{
    QByteArray json
        = R"({"info":{"name":"OAuth","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable":[{"key":"idp","value":"https://id.example"},{"key":"cs","value":"cs-from-variable","type":"secret"}],)";
    if (!rootAuth.isEmpty())
        json += "\"auth\":" + rootAuth + ",";
    return json + "\"item\":" + items + "}";
}
} // namespace

class TestPostmanImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shopCollection();
    void shopRequests_data();
    void shopRequests();
    void identityCollectionV20();
    void environment();
    void authKinds_data();
    void authKinds();
    void awsSignature_data();
    void awsSignature();
    void awsSignatureOwnSecretsInKeychain();
    void demoOAuthCollection();
    void partnerOAuthCollection();
    void oauth2Blocks_data();
    void oauth2Blocks();
    void oauth2Levels_data();
    void oauth2Levels();
    void authorizationHeaderKeepsOAuth();
    void oauthSecretsStayOutOfProfileFile_data();
    void oauthSecretsStayOutOfProfileFile();
    void undefinedBaseUrlVariable();
    void errors_data();
    void errors();
    void environmentErrors();
    void environmentMerge();
    void suggestedSecretFields_data();
    void suggestedSecretFields();
    void resolveVariables_data();
    void resolveVariables();
    void secretVariableNames_data();
    void secretVariableNames();
};

void TestPostmanImport::shopCollection()
{
    const ImportResult r = importPostmanCollection(formatsTestData(u"postman/shop-api.postman_collection.json"_s));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.format, ImportFormat::PostmanCollection);
    QCOMPARE(r.profiles.size(), 1);
    const Profiles::Profile& p = r.profiles.first();
    QCOMPARE(p.name, u"Shop API"_s);
    QCOMPARE(p.description, u"Orders, catalog and admin endpoints of the shop backend."_s);
    QCOMPARE(p.baseUrl, u"https://shop.example.com/api/v2"_s);
    // Secret variables keep their names in the profile and their values in its secrets (the keychain).
    const QList<Profiles::Variable> variables {{u"baseUrl"_s, u"https://shop.example.com/api/v2"_s, false},
                                               {u"accessToken"_s, QString(), true},
                                               {u"adminKey"_s, QString(), true},
                                               {u"qty"_s, u"2"_s, false},
                                               {u"webhookSigningKey"_s, QString(), true}};
    QCOMPARE(p.variables, variables);
    QCOMPARE(Auth::secretVariable(p.sessionSecrets, u"adminKey"_s), u"adm_8c1f0e7d9b"_s);
    QCOMPARE(p.auth.method, Auth::Method::Bearer);
    QCOMPARE(p.sessionSecrets.token, kToken);
    QCOMPARE(p.requests.size(), 9);
    QVERIFY(r.extraCredentials.isEmpty());

    // Per-request auth as Postman resolves it: "No Auth" sends nothing, another API key is the request's
    // own (its value a secret variable), and so is an AWS Signature (its secret key a variable the collection
    // does not define: to enter).
    QVERIFY2(!r.warnings.join(u'\n').contains(u"sent with the profile's"), qPrintable(r.warnings.join(u'\n')));
    verifyWarning(r.warnings,
                  u"The AWS secret access key is {{awsSecret}}, a variable the collection does not define"_s);
    const auto request = [&p](const QString& name) {
        return *std::find_if(p.requests.cbegin(), p.requests.cend(),
                             [&name](const Profiles::SavedRequest& q) { return q.name == name; });
    };
    QCOMPARE(request(u"Health"_s).auth.mode, Profiles::RequestAuth::Mode::None);
    const Profiles::RequestAuth adminAuth = request(u"Admin / Delete product"_s).auth;
    QCOMPARE(adminAuth.mode, Profiles::RequestAuth::Mode::Own);
    QCOMPARE(adminAuth.settings.method, Auth::Method::ApiKey);
    QCOMPARE(adminAuth.secretVariable, u"adminKey"_s); // {{adminKey}}: the collection's secret variable
    QCOMPARE(request(u"Orders / Create order"_s).auth.mode, Profiles::RequestAuth::Mode::Profile);
    const Profiles::RequestAuth s3Auth = request(u"Legacy S3 export"_s).auth;
    QCOMPARE(s3Auth.mode, Profiles::RequestAuth::Mode::Own);
    QCOMPARE(s3Auth.settings.method, Auth::Method::AwsSigV4);
    QCOMPARE(s3Auth.settings.username, u"AKIAEXAMPLE"_s);
    QCOMPARE(s3Auth.settings.aws.region, u"eu-west-1"_s);
    QCOMPARE(s3Auth.settings.aws.service, u"s3"_s);
    QVERIFY(s3Auth.secretVariable.isEmpty());
    QVERIFY(s3Auth.sessionTokenVariable.isEmpty());
    verifyWarning(r.warnings, u"1 disabled header(s)"_s);
    verifyWarning(r.warnings, u"2 pre-request or test script(s)"_s);
    verifyWarning(r.warnings, u"the file field \"invoice\""_s);
    verifyWarning(r.warnings, u"{{$guid}}"_s);
    const QString all = r.warnings.join(u'\n');
    QVERIFY(!all.contains(kToken));
    QVERIFY(!all.contains(u"adm_8c1f0e7d9b"));
    QVERIFY(!all.contains(u"whsec_5d3e"));
}

void TestPostmanImport::shopRequests_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QByteArray>("body"); ///< prefixed "json:" compares as JSON, "contains:" as a substring
    QTest::addColumn<QByteArray>("headers"); ///< "Name: value" joined by " | "

    QTest::newRow("query, disabled param and header")
        << 0 << "Catalog / List products" << QByteArray("GET") << "/products?page=1&limit=20"
        << "" << QByteArray() << QByteArray("Accept: application/json");
    QTest::newRow("path variable") << 1 << "Catalog / Get product" << QByteArray("GET") << "/products/42"
                                   << "" << QByteArray() << QByteArray();
    QTest::newRow("raw json") << 2 << "Orders / Create order" << QByteArray("POST") << "/orders"
                              << "application/json" << QByteArray("{\n  \"productId\": 42,\n  \"quantity\": {{qty}}\n}")
                              << QByteArray("Idempotency-Key: {{$guid}}");
    QTest::newRow("urlencoded, empty path variable")
        << 3 << "Orders / Update shipping (form)" << QByteArray("PUT") << "/orders/{{orderId}}/shipping"
        << "application/x-www-form-urlencoded" << QByteArray("street=1%20Main%20St&city=Z%C3%BCrich") << QByteArray();
    QTest::newRow("formdata text fields")
        << 4 << "Orders / Upload invoice" << QByteArray("POST") << "/orders/1001/invoice"
        << "multipart/form-data; boundary=" << QByteArray("contains:name=\"orderId\"\r\n\r\n1001\r\n") << QByteArray();
    QTest::newRow("folder auth") << 5 << "Admin / Delete product" << QByteArray("DELETE") << "/admin/products/42"
                                 << "" << QByteArray() << QByteArray();
    QTest::newRow("graphql") << 6 << "Search (GraphQL)" << QByteArray("POST") << "/graphql"
                             << "application/json"
                             << QByteArray("json:{\"query\":\"query Search($q: String!) {\\n  products(query: $q) { id "
                                           "name }\\n}\",\"variables\":{\"q\":\"mug\"}}")
                             << QByteArray();
    QTest::newRow("noauth") << 7 << "Health" << QByteArray("GET") << "/health"
                            << "" << QByteArray() << QByteArray();
    QTest::newRow("awsv4") << 8 << "Legacy S3 export" << QByteArray("GET") << "/exports/latest"
                           << "" << QByteArray() << QByteArray();
}

void TestPostmanImport::shopRequests()
{
    QFETCH(int, index);
    QFETCH(QString, name);
    QFETCH(QByteArray, method);
    QFETCH(QString, url);
    QFETCH(QString, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, headers);
    const ImportResult r = importPostmanCollection(formatsTestData(u"postman/shop-api.postman_collection.json"_s));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::SavedRequest& q = r.profiles.first().requests.at(index);
    QCOMPARE(q.name, name);
    QCOMPARE(q.method, method);
    QCOMPARE(q.url, url);
    QVERIFY(!q.id.isEmpty());
    if (contentType.isEmpty())
        QVERIFY2(q.contentType.isEmpty(), qPrintable(q.contentType));
    else
        QVERIFY2(q.contentType.startsWith(contentType), qPrintable(q.contentType));
    if (body.startsWith("json:"))
        QCOMPARE(QJsonDocument::fromJson(q.body), QJsonDocument::fromJson(body.mid(5)));
    else if (body.startsWith("contains:"))
        QVERIFY2(q.body.contains(body.mid(9)), q.body.constData());
    else
        QCOMPARE(q.body, body);
    QByteArrayList parts;
    for (const Http::Header& h : q.headers)
        parts.append(h.first + ": " + h.second);
    QCOMPARE(parts.join(" | "), headers);
}

void TestPostmanImport::identityCollectionV20()
{
    const ImportResult r = importPostmanCollection(formatsTestData(u"postman/identity-api.postman_collection.json"_s));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.first();
    QCOMPARE(p.name, u"Identity API"_s);
    QCOMPARE(p.baseUrl, u"https://id.example.net"_s);
    QCOMPARE(p.auth.method, Auth::Method::OAuth2);
    QCOMPARE(p.auth.oauth.tokenEndpoint, u"https://id.example.net/oauth/token"_s);
    QCOMPARE(p.auth.oauth.clientId, u"reporting-service"_s);
    QCOMPARE(p.auth.oauth.scopes, QStringList({u"users:read"_s, u"users:write"_s}));
    QCOMPARE(p.auth.oauth.grantType, u"client_credentials"_s);
    QCOMPARE(p.sessionSecrets.token, u"at_9f8e7d6c5b4a"_s);
    QCOMPARE(p.sessionSecrets.clientSecret, u"cs_0123456789abcdef"_s);
    QCOMPARE(p.requests.size(), 3);
    QCOMPARE(p.requests.at(0).url, u"/v1/users?active=true"_s);
    const Http::HeaderList headers {{"Accept", "application/json"}, {"X-Request-Source", "postman"}};
    QCOMPARE(p.requests.at(0).headers, headers);
    QCOMPARE(p.requests.at(1).url, u"/v1/users/{{userId}}?expand=groups"_s);
    QCOMPARE(p.requests.at(2).url, u"https://cdn.example.net/brand/logo.svg"_s);
    QCOMPARE(p.requests.at(2).method, QByteArray("GET"));
    verifyWarning(r.warnings, u"other origins than https://id.example.net (https://cdn.example.net)"_s);
    QVERIFY(!r.warnings.join(u'\n').contains(u"cs_0123456789abcdef"));
}

void TestPostmanImport::environment()
{
    const EnvironmentImport e
        = importPostmanEnvironment(formatsTestData(u"postman/shop-staging.postman_environment.json"_s));
    QVERIFY2(e.ok(), qPrintable(e.error));
    QCOMPARE(e.name, u"Shop staging"_s);
    const QList<Profiles::Variable> variables {{u"baseUrl"_s, u"https://staging.shop.example.com/api/v2"_s},
                                               {u"userId"_s, u"1001"_s},
                                               {u"tokenUrl"_s, u"https://login.example.com/oauth/token"_s},
                                               {u"retries"_s, u"3"_s}};
    QCOMPARE(e.variables, variables);
    QCOMPARE(e.secrets.size(), 2);
    QCOMPARE(e.secrets.at(0).name, u"accessToken"_s);
    QCOMPARE(e.secrets.at(0).value, kToken);
    QCOMPARE(e.secrets.at(1).name, u"adminPassword"_s);
    verifyWarning(e.warnings, u"accessToken, adminPassword"_s);
    verifyWarning(e.warnings, u"1 disabled variable(s)"_s);
    QVERIFY(!e.warnings.join(u'\n').contains(u"correct horse"));
}

void TestPostmanImport::authKinds_data()
{
    QTest::addColumn<QByteArray>("auth"); ///< the collection's "auth" object
    QTest::addColumn<QString>("expected"); ///< method|user|password|token|apiName|apiPlace|apiKey
    QTest::addColumn<QString>("warning");
    QTest::newRow("basic") << QByteArray(
        R"({"type":"basic","basic":[{"key":"username","value":"bob"},{"key":"password","value":"pw"}]})")
                           << "basic|bob|pw||X-API-Key|header|"
                           << "";
    QTest::newRow("bearer v2.0 object") << QByteArray(R"({"type":"bearer","bearer":{"token":"t1"}})")
                                        << "bearer|||t1|X-API-Key|header|"
                                        << "";
    QTest::newRow("apikey query") << QByteArray(
        R"({"type":"apikey","apikey":[{"key":"key","value":"api_key"},{"key":"value","value":"k9"},{"key":"in","value":"query"}]})")
                                  << "apikey||||api_key|query|k9"
                                  << "";
    QTest::newRow("apikey default name") << QByteArray(R"({"type":"apikey","apikey":[{"key":"value","value":"k9"}]})")
                                         << "apikey||||X-API-Key|header|k9"
                                         << "";
    QTest::newRow("digest") << QByteArray(
        R"({"type":"digest","digest":[{"key":"username","value":"dan"},{"key":"password","value":"pw"},{"key":"realm","value":"r"}]})")
                            << "digest|dan|pw||X-API-Key|header|"
                            << "";
    QTest::newRow("oauth2 password grant") << QByteArray(
        R"({"type":"oauth2","oauth2":[{"key":"grant_type","value":"password_credentials"},{"key":"username","value":"ann"},{"key":"password","value":"pw"},{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"addTokenTo","value":"queryParams"}]})")
                                           << "oauth2|ann|pw||X-API-Key|header|"
                                           << "no OAuth 2 access token";
    QTest::newRow("noauth") << QByteArray(R"({"type":"noauth"})") << "none||||X-API-Key|header|"
                            << "";
    QTest::newRow("hawk") << QByteArray(R"({"type":"hawk","hawk":[{"key":"authId","value":"x"}]})")
                          << "none||||X-API-Key|header|"
                          << "\"hawk\" is not supported";
    QTest::newRow("token from undefined variable")
        << QByteArray(R"({"type":"bearer","bearer":[{"key":"token","value":"{{envToken}}"}]})")
        << "bearer||||X-API-Key|header|"
        << "placeholder {{envToken}}";
}

void TestPostmanImport::authKinds()
{
    QFETCH(QByteArray, auth);
    QFETCH(QString, expected);
    QFETCH(QString, warning);
    const QByteArray collection
        = R"({"info":{"name":"A","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "auth":)"
        + auth + R"(,"item":[{"name":"r","request":{"method":"GET","url":"https://a.example/x"}}]})";
    const ImportResult r = importPostmanCollection(collection);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.first();
    const QString actual = QStringList {Auth::methodName(p.auth.method),
                                        p.auth.username,
                                        p.sessionSecrets.password,
                                        p.sessionSecrets.token,
                                        p.auth.apiKeyName,
                                        p.auth.apiKeyPlace == Auth::ApiKeyPlace::Query ? u"query"_s : u"header"_s,
                                        p.sessionSecrets.apiKey}
                               .join(u'|');
    QCOMPARE(actual, expected);
    if (warning.isEmpty())
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(u'\n')));
    else
        verifyWarning(r.warnings, warning);
}

namespace {
/// An awsv4 block in the v2.1 layout, `params` as "key=value;key=value".
QByteArray awsBlock(const QString& params)
{
    QJsonArray list;
    for (const QString& pair : params.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(u'=');
        const QString value = pair.mid(eq + 1);
        list.append(QJsonObject {{u"key"_s, pair.left(eq)},
                                 {u"value"_s, value == u"true"_s ? QJsonValue(true) : QJsonValue(value)},
                                 {u"type"_s, value == u"true"_s ? u"boolean"_s : u"string"_s}});
    }
    return QJsonDocument(QJsonObject {{u"type"_s, u"awsv4"_s}, {u"awsv4"_s, list}}).toJson(QJsonDocument::Compact);
}

const QString kAwsSecret = u"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"_s;
const QString kAwsToken = u"IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN0123456789"_s;
} // namespace

void TestPostmanImport::awsSignature_data()
{
    QTest::addColumn<QString>("params"); ///< the collection's awsv4 block
    QTest::addColumn<QString>("expected"); ///< user|region|service|secret access key|session token
    QTest::addColumn<QString>("warning"); ///< empty: none

    QTest::newRow("all fields") << u"accessKey=AKIAIOSFODNN7EXAMPLE;secretKey=%1;region=eu-west-1;service=execute-api;"
                                   u"sessionToken=%2"_s.arg(kAwsSecret, kAwsToken)
                                << u"AKIAIOSFODNN7EXAMPLE|eu-west-1|execute-api|%1|%2"_s.arg(kAwsSecret, kAwsToken)
                                << QString();
    // postman-runtime lib/authorizer/aws4.js signs an empty region and service as us-east-1 and execute-api.
    QTest::newRow("Postman's defaults") << u"accessKey=AKIAIOSFODNN7EXAMPLE;secretKey=%1"_s.arg(kAwsSecret)
                                        << u"AKIAIOSFODNN7EXAMPLE|us-east-1|execute-api|%1|"_s.arg(kAwsSecret)
                                        << QString();
    QTest::newRow("collection variables")
        << u"accessKey={{keyId}};secretKey={{awsSecret}};region={{awsRegion}};"
           u"service=lambda"_s
        << u"AKIAIOSFODNN7EXAMPLE|ap-south-1|lambda|%1|"_s.arg(kAwsSecret) << QString();
    QTest::newRow("undefined variables")
        << u"accessKey={{AWS_ACCESS}};secretKey={{AWS_SECRET}};region={{AWS_REGION}};sessionToken={{AWS_SESSION}};"
           u"service=CloudFormation"_s
        << u"{{AWS_ACCESS}}|us-east-1|CloudFormation||"_s
        << u"The AWS region is {{AWS_REGION}}, a variable the collection does not define: the profile uses "
           u"\"us-east-1\""_s;
    QTest::newRow("presigned query") << u"accessKey=AKIAIOSFODNN7EXAMPLE;secretKey=%1;addAuthDataToQuery=true"_s.arg(
        kAwsSecret) << u"AKIAIOSFODNN7EXAMPLE|us-east-1|execute-api|%1|"_s.arg(kAwsSecret)
                                     << u"option addAuthDataToQuery (the signature in the request URL, a presigned "
                                        u"URL) is not supported"_s;
}

void TestPostmanImport::awsSignature()
{
    QFETCH(QString, params);
    QFETCH(QString, expected);
    QFETCH(QString, warning);
    const QByteArray collection
        = R"({"info":{"name":"A","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable":[{"key":"keyId","value":"AKIAIOSFODNN7EXAMPLE"},{"key":"awsRegion","value":"ap-south-1"},
                    {"key":"awsSecret","value":")"
        + kAwsSecret.toUtf8() + R"(","type":"secret"}],
        "auth":)"
        + awsBlock(params) + R"(,"item":[{"name":"r","request":{"method":"GET","url":"https://a.example/x"}}]})";
    const ImportResult r = importPostmanCollection(collection);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.first();
    QCOMPARE(p.auth.method, Auth::Method::AwsSigV4);
    const QString actual = QStringList {p.auth.username, p.auth.aws.region, p.auth.aws.service,
                                        p.sessionSecrets.password, p.sessionSecrets.token}
                               .join(u'|');
    QCOMPARE(actual, expected);
    QCOMPARE(p.requests.first().auth.mode, Profiles::RequestAuth::Mode::Profile);
    if (warning.isEmpty())
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join(u'\n')));
    else
        verifyWarning(r.warnings, warning);
    verifyNoSecretIn(r.warnings, p.sessionSecrets);

    // The import report names the secret access key and the session token as what goes to the keychain.
    ImportResult sealed = r;
    sealImport(sealed);
    QVERIFY2(sealed.ok(), qPrintable(sealed.error));
    QStringList fields;
    for (const KeychainEntry& e : sealed.keychain)
        fields.append(e.field);
    QCOMPARE(fields.contains(u"AWS secret access key"_s), !p.sessionSecrets.password.isEmpty());
    QCOMPARE(fields.contains(u"AWS session token"_s), !p.sessionSecrets.token.isEmpty());
}

/// Folders and requests with AWS Signature blocks of their own: the saved request's own auth, its secret access key
/// and session token secret variables (the keychain), listed in the import report; the profile file names them.
void TestPostmanImport::awsSignatureOwnSecretsInKeychain()
{
    const QByteArray own = awsBlock(u"accessKey=AKIAIOSFODNN7EXAMPLE;secretKey=%1;region=eu-west-1;service=s3;"
                                    u"sessionToken=%2"_s.arg(kAwsSecret, kAwsToken));
    const QByteArray collection
        = R"({"info":{"name":"A","schema":"https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
        "auth":{"type":"bearer","bearer":{"token":"profile-token-0123456789"}},
        "item":[{"name":"Files","auth":)"
        + own + R"(,"item":[{"name":"Get","request":{"method":"GET","url":"https://a.example/f"}},
                           {"name":"Put","request":{"method":"PUT","url":"https://a.example/f"}}]},
                {"name":"Other","request":{"method":"GET","url":"https://a.example/o"}}]})";
    ImportResult r = importPostmanCollection(collection);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.profiles.first().auth.method, Auth::Method::Bearer);
    sealImport(r);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.first();
    for (const Profiles::SavedRequest& q : p.requests) {
        if (q.name == u"Other") {
            QCOMPARE(q.auth.mode, Profiles::RequestAuth::Mode::Profile);
            continue;
        }
        QCOMPARE(q.auth.mode, Profiles::RequestAuth::Mode::Own);
        QCOMPARE(q.auth.settings.method, Auth::Method::AwsSigV4);
        QCOMPARE(q.auth.settings.username, u"AKIAIOSFODNN7EXAMPLE"_s);
        QCOMPARE(q.auth.settings.aws.region, u"eu-west-1"_s);
        QCOMPARE(q.auth.settings.aws.service, u"s3"_s);
        QCOMPARE(Auth::secretVariable(p.sessionSecrets, q.auth.secretVariable), kAwsSecret);
        QCOMPARE(Auth::secretVariable(p.sessionSecrets, q.auth.sessionTokenVariable), kAwsToken);
    }
    // One secret variable per value, whatever the number of requests in the folder.
    QCOMPARE(
        std::count_if(p.variables.cbegin(), p.variables.cend(), [](const Profiles::Variable& v) { return v.secret; }),
        2);
    // The import report lists both as kept in the keychain; the profile file holds neither.
    QStringList reported;
    for (const KeychainEntry& e : r.keychain)
        reported.append(e.field);
    const QString all = reported.join(u'\n');
    QVERIFY2(all.contains(u"aws_secret_access_key"), qPrintable(all));
    QVERIFY2(all.contains(u"aws_session_token"), qPrintable(all));
    const QByteArray file = QJsonDocument(Profiles::ProfileJson::toJson(p)).toJson();
    QVERIFY(!file.contains(kAwsSecret.toUtf8()));
    QVERIFY(!file.contains(kAwsToken.toUtf8()));
    QVERIFY(file.contains("\"aws_region\""));
    const auto back = Profiles::ProfileJson::fromJson(Profiles::ProfileJson::toJson(p),
                                                      Profiles::ProfileJson::kSchemaVersion, nullptr);
    QVERIFY(back);
    QCOMPARE(back->requests, p.requests);
    verifyNoSecretIn(r.warnings, p.sessionSecrets);
    QVERIFY(!r.warnings.join(u'\n').contains(kAwsSecret));
}

void TestPostmanImport::demoOAuthCollection()
{
    // The fixture of the integration test (401 → refresh → 200 against the demo API).
    const ImportResult r = importPostmanCollection(formatsTestData(u"postman/demo-oauth2.postman_collection.json"_s));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.first();
    QCOMPARE(p.name, u"Authlens demo (OAuth 2)"_s);
    QCOMPARE(p.baseUrl, u"http://127.0.0.1:8080"_s);
    QCOMPARE(p.requests.size(), 1);
    QCOMPARE(p.requests.first().url, u"/api/profile"_s);
    verifyFields(p,
                 u"method=oauth2;grant=client_credentials;endpoint=http://127.0.0.1:8080/oauth/token;"
                 "client=authlens-demo-client;auth=client_secret_basic;scopes=profile:read;"
                 "audience=https://api.authlens.demo;resources=;extra=;user=;secret=demo-client-secret;refresh=;"
                 "password=;exp=1700003600"_s);
    QCOMPARE(p.sessionSecrets.token, kDemoToken);
    QVERIFY(r.extraCredentials.isEmpty());
    QVERIFY2(!r.warnings.join(u'\n').contains(u"OAuth"), qPrintable(r.warnings.join(u'\n')));
    verifyNoSecretIn(r.warnings, p.sessionSecrets);
}

void TestPostmanImport::partnerOAuthCollection()
{
    const ImportResult r
        = importPostmanCollection(formatsTestData(u"postman/partner-oauth2.postman_collection.json"_s));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.first();
    // The collection's block: variables resolved, the secret one into the secrets only.
    verifyFields(p,
                 u"method=oauth2;grant=client_credentials;endpoint=https://login.partner.example/oauth2/token;"
                 "client=partner-reporting;auth=client_secret_post;scopes=reports:read partners:read;"
                 "audience=https://partner.example.com/api;resources=https://partner.example.com/api/v2;"
                 "extra=tenant=eu-1&api-version=2024-01;secret=pcs_7Hq2Lm9Xv4Rt;exp=1717203600"_s);
    QCOMPARE(p.sessionSecrets.token, kPartnerToken);
    QCOMPARE(p.requests.size(), 5);
    QVERIFY(!p.variables.contains(Profiles::Variable {u"clientSecret"_s, u"pcs_7Hq2Lm9Xv4Rt"_s}));

    // The folder and the request with other clients, named where their blocks are; "Get partner"
    // holds the collection's client with an older token: the same configuration, not listed.
    verifyWarning(r.warnings,
                  u"folder \"Reports\" (another client id, another client authentication, other scopes, another "
                  "audience or resource, other token request parameters), request \"Reports / Schedule\" (another "
                  "grant, another client secret, another client authentication, other scopes, another audience or "
                  "resource, other token request parameters, another user)"_s);
    verifyWarning(r.warnings, u"A profile has one OAuth 2 client, the collection's"_s);
    QVERIFY(!r.warnings.join(u'\n').contains(u"Health"));
    QCOMPARE(std::find_if(r.profiles.constFirst().requests.cbegin(), r.profiles.constFirst().requests.cend(),
                          [](const Profiles::SavedRequest& q) { return q.name == u"Health"; })
                 ->auth.mode,
             Profiles::RequestAuth::Mode::None);
    verifyWarning(r.warnings, u"parameters \"api-version\" went in the URL"_s);
    verifyWarning(r.warnings, u"token request headers \"X-Request-Source\" were not imported"_s);
    const QString all = r.warnings.join(u'\n');
    QVERIFY2(!all.contains(u"Get partner"), qPrintable(all));
    QVERIFY(!all.contains(u"prompt"));
    verifyNoSecretIn(r.warnings, p.sessionSecrets);
    for (const QString& other : {u"prx_secret_55Kq"_s, u"Ops-Pa55!"_s, kPartnerOlderTokenSignature})
        QVERIFY2(!all.contains(other), qPrintable(other));
}

void TestPostmanImport::oauth2Blocks_data()
{
    QTest::addColumn<QByteArray>("params"); ///< the collection's oauth2 list (v2.1), or a whole auth object
    QTest::addColumn<QString>("expected"); ///< "field=value;…" (oauthFields)
    QTest::addColumn<QStringList>("warnings"); ///< substrings; none: no warning about OAuth at all

    const auto row = [](const char* name, const QByteArray& params, const QString& expected,
                        const QStringList& warnings = {}) { QTest::newRow(name) << params << expected << warnings; };
    const QByteArray cc
        = R"({"key":"grant_type","value":"client_credentials"},{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"clientId","value":"cid"},{"key":"clientSecret","value":"cs-9x1"},{"key":"accessToken","value":"at-7q5"})";

    // Grants.
    row("client credentials, header",
        '[' + cc + R"(,{"key":"client_authentication","value":"header"},{"key":"scope","value":"a b"}])",
        u"method=oauth2;grant=client_credentials;endpoint=https://id.example/token;client=cid;"
        "auth=client_secret_basic;scopes=a b;secret=cs-9x1;token=at-7q5;exp=0"_s);
    row("client credentials, body", '[' + cc + R"(,{"key":"client_authentication","value":"body"}])",
        u"auth=client_secret_post;secret=cs-9x1"_s);
    row("body without a secret: a public client",
        R"([{"key":"grant_type","value":"client_credentials"},{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"clientId","value":"pub"},{"key":"client_authentication","value":"body"}])",
        u"method=oauth2;auth=none;secret="_s, {u"no OAuth 2 access token"_s});
    row("v2.0 object, Basic by default",
        R"({"type":"oauth2","oauth2":{"grant_type":"client_credentials","accessTokenUrl":"https://id.example/token","clientId":"cid","clientSecret":"cs-9x1","accessToken":"at-7q5"}})",
        u"method=oauth2;grant=client_credentials;auth=client_secret_basic;client=cid;secret=cs-9x1;token=at-7q5"_s);
    row("password grant",
        R"([{"key":"grant_type","value":"password_credentials"},{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"clientId","value":"cid"},{"key":"username","value":"ann"},{"key":"password","value":"pw-1"},{"key":"accessToken","value":"at-7q5"}])",
        u"method=oauth2;grant=password;user=ann;password=pw-1;token=at-7q5"_s);
    row("authorization code with a refresh token",
        R"([{"key":"grant_type","value":"authorization_code"},{"key":"authUrl","value":"https://id.example/authorize"},{"key":"redirect_uri","value":"https://oauth.pstmn.io/v1/callback"},{"key":"useBrowser","value":false},{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"clientId","value":"cid"},{"key":"accessToken","value":"at-7q5"},{"key":"refreshToken","value":"rt-1"}])",
        u"method=oauth2;grant=authorization_code;token=at-7q5;refresh=rt-1"_s,
        {u"Authorization Code: it needs a browser login"_s, u"refresh token it gets new access tokens"_s,
         u"Not kept (the profile has no field for them yet): \"authUrl\", \"redirect_uri\"."_s});
    row("authorization code with PKCE",
        R"([{"key":"grant_type","value":"authorization_code_with_pkce"},{"key":"challengeAlgorithm","value":"S256"},{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"clientId","value":"spa"},{"key":"client_authentication","value":"body"}])",
        u"method=oauth2;grant=authorization_code;auth=none;token="_s,
        {u"Authorization Code with PKCE"_s, u"\"challengeAlgorithm\""_s, u"paste one into the profile"_s});
    row("no grant_type: Postman's default, authorization code",
        R"([{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"clientId","value":"cid"},{"key":"accessToken","value":"at-7q5"}])",
        u"method=oauth2;grant=authorization_code;token=at-7q5"_s, {u"Authorization Code"_s});
    row("implicit: a Bearer token, the client kept",
        R"([{"key":"grant_type","value":"implicit"},{"key":"authUrl","value":"https://id.example/authorize"},{"key":"clientId","value":"spa"},{"key":"scope","value":"openid"},{"key":"accessToken","value":"at-7q5"}])",
        u"method=bearer;grant=authorization_code;client=spa;scopes=openid;token=at-7q5"_s,
        {u"implicit grant is not supported"_s, u"\"authUrl\""_s});
    row("unknown grant", R"([{"key":"grant_type","value":"saml2_bearer"},{"key":"accessToken","value":"at-7q5"}])",
        u"method=bearer;token=at-7q5"_s, {u"OAuth 2 grant \"saml2_bearer\" is not supported"_s});
    row("only a token",
        R"([{"key":"accessToken","value":"at-7q5"},{"key":"tokenType","value":"bearer"},{"key":"addTokenTo","value":"header"}])",
        u"method=bearer;token=at-7q5"_s, {u"no token URL or client: it is imported as a Bearer token"_s});
    row("empty block", R"([])", u"method=bearer;token="_s, {u"neither an access token"_s});

    // Audience and resource: legacy fields (a string, or an object keyed by an id as Postman wrote it,
    // github.com/Kong/insomnia/issues/4437) and token request parameters.
    row("legacy audience string", '[' + cc + R"(,{"key":"audience","value":"https://api.example"}])",
        u"audience=https://api.example;resources="_s);
    row("legacy audience object",
        '[' + cc
            + R"(,{"key":"audience","value":{"5545d202-0633-49d4-810e-83b74b51802e":"https://api.example"},"type":"any"}])",
        u"audience=https://api.example"_s);
    row("legacy resources object",
        '[' + cc + R"(,{"key":"resource","value":{"a1":"https://r1.example","b2":"https://r2.example"},"type":"any"}])",
        u"resources=https://r1.example https://r2.example"_s);
    row("two audiences", '[' + cc + R"(,{"key":"audience","value":["https://a1.example","https://a2.example"]}])",
        u"audience=https://a1.example"_s, {u"name 2 audiences; a profile sends one, \"https://a1.example\""_s});
    row("token request parameters",
        '[' + cc
            + R"(,{"key":"tokenRequestParams","value":[{"key":"audience","value":"https://api.example","enabled":true,"send_as":"request_body"},{"key":"resource","value":"https://r.example","enabled":true,"send_as":"request_body"},{"key":"tenant","value":"t1","enabled":true,"send_as":"request_body"},{"key":"prompt","value":"none","enabled":false,"send_as":"request_body"},{"key":"region","value":"eu"}],"type":"any"}])",
        u"audience=https://api.example;resources=https://r.example;extra=tenant=t1&region=eu"_s);
    row("a parameter in the URL",
        '[' + cc
            + R"(,{"key":"tokenRequestParams","value":[{"key":"api-version","value":"2","enabled":true,"send_as":"request_url"}]}])",
        u"extra=api-version=2"_s, {u"\"api-version\" went in the URL in Postman"_s});
    row("a parameter as a header",
        '[' + cc
            + R"(,{"key":"tokenRequestParams","value":[{"key":"X-Tenant","value":"t1","enabled":true,"send_as":"request_header"}]}])",
        u"extra="_s, {u"token request headers \"X-Tenant\" were not imported"_s});
    row("a secret parameter is never an extra parameter",
        '[' + cc
            + R"(,{"key":"tokenRequestParams","value":[{"key":"client_assertion","value":"eyJhbGciOiJub25lIn0.e30.","enabled":true,"send_as":"request_body"}]}])",
        u"extra="_s, {u"\"client_assertion\" hold secrets and were not imported"_s});
    row("client_secret as a parameter",
        R"([{"key":"grant_type","value":"client_credentials"},{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"clientId","value":"cid"},{"key":"accessToken","value":"at-7q5"},{"key":"tokenRequestParams","value":[{"key":"client_secret","value":"cs-2","enabled":true,"send_as":"request_body"}]}])",
        u"auth=client_secret_post;secret=cs-2;extra="_s, {u"became the profile's client secret"_s});
    row("a parameter against the grant",
        '[' + cc
            + R"(,{"key":"tokenRequestParams","value":[{"key":"grant_type","value":"urn:x","enabled":true,"send_as":"request_url"}]}])",
        u"grant=client_credentials;extra="_s, {u"\"grant_type\" contradict the grant's own settings"_s});
    row("authorization request parameters",
        '[' + cc
            + R"(,{"key":"authRequestParams","value":[{"key":"prompt","value":"login","enabled":true,"send_as":"request_url"}]}])",
        u"extra="_s, {u"authorization request (the browser login) \"prompt\" were not imported"_s});
    row("refresh request parameters",
        '[' + cc
            + R"(,{"key":"tokenRequestParams","value":[{"key":"tenant","value":"t1","enabled":true,"send_as":"request_body"}]},{"key":"refreshRequestParams","value":[{"key":"tenant","value":"t1","enabled":true,"send_as":"request_body"},{"key":"rotate","value":"1","enabled":true,"send_as":"request_body"}]}])",
        u"extra=tenant=t1"_s, {u"refresh request parameters \"rotate\" were not imported"_s});
    row("refresh token URL", '[' + cc + R"(,{"key":"refreshTokenUrl","value":"https://id.example/refresh"}])",
        u"endpoint=https://id.example/token"_s, {u"refresh requests to https://id.example/refresh"_s});

    // Token endpoint and variables.
    row("variables resolve",
        R"([{"key":"grant_type","value":"client_credentials"},{"key":"accessTokenUrl","value":"{{idp}}/oauth/token"},{"key":"clientId","value":"cid"},{"key":"clientSecret","value":"{{cs}}"},{"key":"accessToken","value":"at-7q5"}])",
        u"endpoint=https://id.example/oauth/token;secret=cs-from-variable"_s);
    row("token URL with an undefined variable",
        R"([{"key":"accessTokenUrl","value":"{{authServer}}/token"},{"key":"grant_type","value":"client_credentials"},{"key":"clientId","value":"cid"}])",
        u"endpoint="_s,
        {u"\"{{authServer}}/token\" is not an absolute http(s) URL (it uses a variable the collection does not "
         "define)"_s});
    row("token URL without a scheme",
        R"([{"key":"accessTokenUrl","value":"id.example/token"},{"key":"grant_type","value":"client_credentials"},{"key":"clientId","value":"cid"},{"key":"accessToken","value":"at-7q5"}])",
        u"endpoint=http://id.example/token"_s);
    row("javascript token URL",
        R"([{"key":"accessTokenUrl","value":"javascript:alert"},{"key":"grant_type","value":"client_credentials"},{"key":"clientId","value":"cid"},{"key":"accessToken","value":"at-7q5"}])",
        u"endpoint="_s, {u"is not an absolute http(s) URL: the profile's token endpoint is left empty"_s});
    row("user info in the token URL",
        R"([{"key":"accessTokenUrl","value":"https://u:p4ss@id.example/token#x"},{"key":"grant_type","value":"client_credentials"},{"key":"clientId","value":"cid"},{"key":"accessToken","value":"at-7q5"}])",
        u"endpoint=https://id.example/token"_s, {u"user name and password; they were removed"_s});
    row("an undefined client id variable",
        R"([{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"grant_type","value":"client_credentials"},{"key":"clientId","value":"{{clientId}}"},{"key":"accessToken","value":"at-7q5"}])",
        u"client={{clientId}}"_s, {u"variables the collection does not define (client id {{clientId}})"_s});
    row("an undefined secret variable",
        R"([{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"grant_type","value":"client_credentials"},{"key":"clientId","value":"cid"},{"key":"clientSecret","value":"{{missing}}"},{"key":"accessToken","value":"at-7q5"}])",
        u"secret="_s, {u"placeholder {{missing}}"_s});

    // The token.
    row("a JWT's expiry",
        R"([{"key":"grant_type","value":"client_credentials"},{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"clientId","value":"cid"},{"key":"accessToken","value":"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.c2ln"}])",
        u"exp=1700000000"_s);
    row("scope keeps its commas", '[' + cc + R"(,{"key":"scope","value":"read,write  admin"}])",
        u"scopes=read,write admin"_s);
    row("token type", '[' + cc + R"(,{"key":"tokenType","value":"mac"}])", u"method=oauth2"_s,
        {u"token type \"mac\" is not supported"_s});
    row("client authentication", '[' + cc + R"(,{"key":"client_authentication","value":"jwt"}])",
        u"auth=client_secret_basic"_s, {u"client authentication \"jwt\" is unknown"_s});
    row("token in the query", '[' + cc + R"(,{"key":"addTokenTo","value":"queryParams"}])", u"token=at-7q5"_s,
        {u"sent as a query parameter in Postman"_s});
    row("header prefix", '[' + cc + R"(,{"key":"headerPrefix","value":"Token"}])", u"token=at-7q5"_s,
        {u"header prefix \"Token\" is replaced by \"Bearer\""_s});
}

void TestPostmanImport::oauth2Blocks()
{
    QFETCH(QByteArray, params);
    QFETCH(QString, expected);
    QFETCH(QStringList, warnings);
    const QByteArray auth = params.startsWith('{') ? params : R"({"type":"oauth2","oauth2":)" + params + '}';
    const ImportResult r = importPostmanCollection(
        collectionWith(auth, R"([{"name":"r","request":{"method":"GET","url":"https://api.example/x"}}])"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.first();
    verifyFields(p, expected);
    if (QTest::currentTestFailed())
        return;
    for (const QString& w : warnings)
        verifyWarning(r.warnings, w);
    if (warnings.isEmpty())
        QVERIFY2(!r.warnings.join(u'\n').contains(u"OAuth"), qPrintable(r.warnings.join(u'\n')));
    verifyNoSecretIn(r.warnings, p.sessionSecrets);
    // Whatever the block said, the profile saves and loads (a token endpoint the file would refuse
    // stays empty).
    QString error;
    const auto back = Profiles::ProfileJson::fromJson(Profiles::ProfileJson::toJson(p),
                                                      Profiles::ProfileJson::kSchemaVersion, &error);
    QVERIFY2(back.has_value(), qPrintable(error));
    QCOMPARE(back->auth, p.auth);
}

void TestPostmanImport::oauth2Levels_data()
{
    QTest::addColumn<QByteArray>("rootAuth");
    QTest::addColumn<QByteArray>("items");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("warning"); ///< empty: none about OAuth

    const auto block = [](const char* client, const char* token) -> QByteArray {
        return QByteArray(
                   R"({"type":"oauth2","oauth2":[{"key":"grant_type","value":"client_credentials"},{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"clientId","value":")")
            + client + R"("},{"key":"accessToken","value":")" + token + R"("}]})";
    };
    const auto request = [](const char* name, const QByteArray& auth = {}) -> QByteArray {
        return QByteArray(R"({"name":")") + name + R"(","request":{)"
            + (auth.isEmpty() ? QByteArray() : R"("auth":)" + auth + ',')
            + R"("method":"GET","url":"https://api.example/)" + name + R"("}})";
    };
    const auto folder = [](const char* name, const QByteArray& auth, const QByteArray& items) -> QByteArray {
        return QByteArray(R"({"name":")") + name + R"(",)" + (auth.isEmpty() ? QByteArray() : R"("auth":)" + auth + ',')
            + R"("item":[)" + items + "]}";
    };

    QTest::newRow("collection") << block("c", "t-c") << QByteArray('[' + request("a") + ',' + request("b") + ']')
                                << u"method=oauth2;client=c;token=t-c"_s << QString();
    QTest::newRow("folder only") << QByteArray()
                                 << QByteArray('[' + folder("F", block("f", "t-f"), request("a") + ',' + request("b"))
                                               + ']')
                                 << u"method=oauth2;client=f;token=t-f"_s << QString();
    QTest::newRow("request only") << QByteArray() << QByteArray('[' + request("a", block("r", "t-r")) + ']')
                                  << u"method=oauth2;client=r;token=t-r"_s << QString();
    QTest::newRow("collection wins over a folder")
        << block("c", "t-c")
        << QByteArray('[' + folder("F", block("f", "t-f"), request("a") + ',' + request("b")) + ']')
        << u"method=oauth2;client=c;token=t-c"_s
        << u"own in Postman: folder \"F\" (another client id). A profile has one OAuth 2 client, the collection's"_s;
    QTest::newRow("the block most requests use")
        << QByteArray()
        << QByteArray('[' + folder("F", block("f", "t-f"), request("a") + ',' + request("b")) + ','
                      + request("c", block("r", "t-r")) + ']')
        << u"method=oauth2;client=f;token=t-f"_s
        << u"request \"c\" (another client id). A profile has one OAuth 2 client, the one most requests use"_s;
    QTest::newRow("nested folder, inherited")
        << block("c", "t-c")
        << QByteArray('[' + folder("Outer", block("o", "t-o"), folder("Inner", {}, request("a"))) + ']')
        << u"client=c"_s << u"folder \"Outer\" (another client id)"_s;
    QTest::newRow("the same client with a newer token")
        << block("c", "t-old") << QByteArray('[' + request("a", block("c", "t-new")) + ',' + request("b") + ']')
        << u"client=c;token=t-old"_s << QString();
}

void TestPostmanImport::oauth2Levels()
{
    QFETCH(QByteArray, rootAuth);
    QFETCH(QByteArray, items);
    QFETCH(QString, expected);
    QFETCH(QString, warning);
    const ImportResult r = importPostmanCollection(collectionWith(rootAuth, items));
    QVERIFY2(r.ok(), qPrintable(r.error));
    verifyFields(r.profiles.first(), expected);
    if (warning.isEmpty())
        QVERIFY2(!r.warnings.join(u'\n').contains(u"OAuth"), qPrintable(r.warnings.join(u'\n')));
    else
        verifyWarning(r.warnings, warning);
    QVERIFY2(!r.warnings.join(u'\n').contains(u"t-"), qPrintable(r.warnings.join(u'\n')));
}

void TestPostmanImport::authorizationHeaderKeepsOAuth()
{
    // A request that also sets Authorization by hand: its token is the client's current one, and the
    // method stays OAuth 2 with the client's secret.
    const ImportResult r = importPostmanCollection(collectionWith(
        R"({"type":"oauth2","oauth2":[{"key":"grant_type","value":"client_credentials"},{"key":"accessTokenUrl","value":"https://id.example/token"},{"key":"clientId","value":"cid"},{"key":"clientSecret","value":"cs"}]})",
        R"([{"name":"r","request":{"method":"GET","header":[{"key":"Authorization","value":"Bearer by-hand"}],"url":"https://api.example/x"}}])"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    verifyFields(r.profiles.first(), u"method=oauth2;client=cid;secret=cs;token=by-hand"_s);
    QVERIFY(r.profiles.first().requests.first().headers.isEmpty());
}

void TestPostmanImport::oauthSecretsStayOutOfProfileFile_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("secrets"); ///< imported: in sessionSecrets, never in the file
    QTest::addColumn<QStringList>("others"); ///< secrets of blocks the profile did not take: nowhere
    QTest::newRow("demo") << u"postman/demo-oauth2.postman_collection.json"_s
                          << QStringList {kDemoToken, u"demo-client-secret"_s} << QStringList {};
    QTest::newRow("partner") << u"postman/partner-oauth2.postman_collection.json"_s
                             << QStringList {kPartnerToken, u"pcs_7Hq2Lm9Xv4Rt"_s}
                             << QStringList {u"prx_secret_55Kq"_s, u"Ops-Pa55!"_s, kPartnerOlderTokenSignature};
}

void TestPostmanImport::oauthSecretsStayOutOfProfileFile()
{
    QFETCH(QString, file);
    QFETCH(QStringList, secrets);
    QFETCH(QStringList, others);
    const ImportResult r = importPostmanCollection(formatsTestData(file));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.first();
    QStringList held;
    for (Auth::SecretField field : Auth::allSecretFields())
        held.append(Auth::secretValue(p.sessionSecrets, field));
    for (const QString& secret : secrets)
        QVERIFY2(held.contains(secret), qPrintable(secret.left(12) + u"… is not among the profile's secrets"_s));

    // Saved as the import flow saves it (the secrets go to the keychain): the file holds none of them,
    // nor a piece of a token (its signature).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Profiles::ProfileStore store(dir.path());
    QString error;
    QVERIFY2(store.save(p, &error), qPrintable(error));
    QFile saved(store.filePath(p.id));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray text = saved.readAll();
    QVERIFY(text.contains("oauth2"));
    for (const QString& secret : secrets + others) {
        QVERIFY2(!text.contains(secret.toUtf8()), qPrintable(secret.left(12) + u"… in the profile file"_s));
        QVERIFY2(!text.contains(secret.section(u'.', -1).toUtf8()), qPrintable(secret.left(12) + u"…"_s));
        QVERIFY2(!r.warnings.join(u'\n').contains(secret), qPrintable(secret.left(12) + u"… in a warning"_s));
    }
    const Profiles::ProfileStore::LoadResult loaded = store.loadAll();
    QVERIFY2(loaded.errors.isEmpty(), qPrintable(loaded.errors.join(u'\n')));
    QCOMPARE(loaded.profiles.size(), 1);
    QCOMPARE(loaded.profiles.first().auth, p.auth);
    QCOMPARE(loaded.profiles.first().sessionSecrets, Auth::AuthSecrets());
}

void TestPostmanImport::undefinedBaseUrlVariable()
{
    const QByteArray collection
        = R"({"info":{"name":"Env based","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item":[{"name":"a","request":{"method":"GET","url":"{{host}}/a"}},{"name":"b","request":{"method":"GET","url":"{{host}}/b?x=1"}}]})";
    const ImportResult r = importPostmanCollection(collection);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.first();
    QCOMPARE(p.baseUrl, QString());
    QCOMPARE(p.requests.at(0).url, u"{{host}}/a"_s);
    QCOMPARE(p.requests.at(1).url, u"{{host}}/b?x=1"_s);
    verifyWarning(r.warnings, u"{{host}}, which the collection does not define"_s);
}

void TestPostmanImport::errors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    const QByteArray shop = formatsTestData(u"postman/shop-api.postman_collection.json"_s);
    QTest::newRow("v1") << formatsTestData(u"malformed/collection-v1.json"_s) << "Postman Collection v1";
    QTest::newRow("javascript URL")
        << formatsTestData(u"malformed/javascript-url.postman_collection.json"_s)
        << "Request \"Click me\": Only http:// and https:// URLs can be imported, not \"javascript:\"";
    QTest::newRow("file URL") << QByteArray(
        R"({"info":{"schema":"https://schema.getpostman.com/json/collection/v2.1.0/"},"item":[{"name":"f","request":"file:///etc/passwd"}]})")
                              << "not \"file:\"";
    QTest::newRow("truncated") << shop.left(700) << "Not valid JSON at line";
    QTest::newRow("not an object") << QByteArray("[1,2,3]") << "not an object";
    QTest::newRow("har, not a collection") << formatsTestData(u"har/chrome-login-session.har"_s) << "info.schema";
    QTest::newRow("no items") << QByteArray(
        R"({"info":{"schema":"https://schema.getpostman.com/json/collection/v2.1.0/"}})")
                              << "no \"item\" list";
    QTest::newRow("deep nesting") << QByteArray(QByteArray(R"({"info":{"schema":"collection/v2.1"},"item":)")
                                                + QByteArray(100, '[') + QByteArray(100, ']') + '}')
                                  << "nested more than 64 levels deep (at line 1, column 108)";
    QTest::newRow("empty") << QByteArray() << "empty";
}

void TestPostmanImport::errors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const ImportResult r = importPostmanCollection(json);
    QVERIFY(!r.ok());
    QVERIFY(r.profiles.isEmpty());
    QVERIFY2(r.error.contains(error), qPrintable(r.error));
}

void TestPostmanImport::environmentErrors()
{
    QVERIFY(importPostmanEnvironment("{\"name\":\"x\"}").error.contains(u"no \"values\" list"));
    QVERIFY(importPostmanEnvironment("{\"values\": [").error.contains(u"Not valid JSON"));
    QVERIFY(importPostmanEnvironment("[]").error.contains(u"no \"values\" list"));
}

void TestPostmanImport::resolveVariables_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("simple") << "{{a}}/x"
                            << "1/x";
    QTest::newRow("nested") << "{{b}}"
                            << "1-2";
    QTest::newRow("spaces") << "{{ a }}"
                            << "1";
    QTest::newRow("unknown stays") << "{{zz}} {{$guid}}"
                                   << "{{zz}} {{$guid}}";
    QTest::newRow("cycle ends") << "{{loop}}"
                                << "{{loop}}";
    QTest::newRow("unclosed") << "{{a"
                              << "{{a";
}

void TestPostmanImport::resolveVariables()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QHash<QString, QString> values {
        {u"a"_s, u"1"_s}, {u"b"_s, u"{{a}}-{{c}}"_s}, {u"c"_s, u"2"_s}, {u"loop"_s, u"{{loop}}"_s}};
    QCOMPARE(Formats::resolveVariables(text, values), expected);
}

void TestPostmanImport::secretVariableNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("secret");
    QTest::newRow("type secret") << "anything"
                                 << "x"
                                 << "secret" << true;
    QTest::newRow("accessToken") << "accessToken"
                                 << "x"
                                 << "default" << true;
    QTest::newRow("password") << "db_password"
                              << "x"
                              << "string" << true;
    QTest::newRow("api key") << "API_KEY"
                             << "x"
                             << "" << true;
    QTest::newRow("ends with key") << "stripeKey"
                                   << "x"
                                   << "" << true;
    QTest::newRow("client secret") << "clientSecret"
                                   << "x"
                                   << "" << true;
    QTest::newRow("session") << "sessionId"
                             << "x"
                             << "" << true;
    QTest::newRow("token URL") << "tokenUrl"
                               << "https://id.example/token"
                               << "" << false;
    QTest::newRow("base URL") << "baseUrl"
                              << "https://x"
                              << "" << false;
    QTest::newRow("plain") << "userId"
                           << "42"
                           << "default" << false;
    QTest::newRow("keyboard is no key") << "keyboardLayout"
                                        << "de"
                                        << "" << false;
}

void TestPostmanImport::secretVariableNames()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, type);
    QFETCH(bool, secret);
    QCOMPARE(isSecretVariable(name, value, type), secret);
}

void TestPostmanImport::environmentMerge()
{
    const EnvironmentImport e
        = importPostmanEnvironment(formatsTestData(u"postman/shop-staging.postman_environment.json"_s));
    QVERIFY(e.ok());
    Profiles::Profile p;
    p.name = u"Shop"_s;
    p.variables = {{u"userId"_s, u"7"_s}, {u"retries"_s, u"3"_s}, {u"mine"_s, u"kept"_s}};
    p.sessionSecrets.apiKey = u"existing-key"_s;

    const QList<VariableChange> plan = planEnvironmentMerge(p, e);
    QCOMPARE(plan.size(), 4);
    QCOMPARE(plan.at(0).kind, VariableChange::Kind::Added); // baseUrl
    QCOMPARE(plan.at(1), (VariableChange {VariableChange::Kind::Changed, u"userId"_s, u"7"_s, u"1001"_s}));
    QCOMPARE(plan.at(3).kind, VariableChange::Kind::Unchanged); // retries

    const QList<SecretAssignment> assignments = suggestedAssignments(e);
    QCOMPARE(assignments,
             (QList<SecretAssignment> {{u"accessToken"_s, Auth::SecretField::Token, true},
                                       {u"adminPassword"_s, Auth::SecretField::Password, true}}));

    // The user keeps the token and leaves the admin password out.
    const QList<SecretAssignment> chosen {{u"accessToken"_s, Auth::SecretField::Token, true},
                                          {u"adminPassword"_s, std::nullopt, false}};
    const Profiles::Profile merged = mergeEnvironment(p, e, chosen);
    const QList<Profiles::Variable> variables {{u"userId"_s, u"1001"_s, false},
                                               {u"retries"_s, u"3"_s, false},
                                               {u"mine"_s, u"kept"_s, false},
                                               {u"baseUrl"_s, u"https://staging.shop.example.com/api/v2"_s, false},
                                               {u"tokenUrl"_s, u"https://login.example.com/oauth/token"_s, false},
                                               {u"accessToken"_s, QString(), true}};
    QCOMPARE(merged.variables, variables);
    QCOMPARE(merged.sessionSecrets.token, e.secrets.at(0).value);
    // {{accessToken}} in the requests is filled in from the keychain; the report says what went there.
    QCOMPARE(Auth::secretVariable(merged.sessionSecrets, u"accessToken"_s), e.secrets.at(0).value);
    const QList<SecretOutcome> outcomes = secretOutcomes(e, chosen);
    QCOMPARE(outcomes.size(), 2);
    QVERIFY(outcomes.at(0).stored && outcomes.at(0).field == Auth::SecretField::Token);
    QVERIFY(!outcomes.at(1).stored);
    QVERIFY(merged.sessionSecrets.password.isEmpty());
    QCOMPARE(merged.sessionSecrets.apiKey, u"existing-key"_s); // untouched
    for (const Profiles::Variable& v : merged.variables)
        QVERIFY(v.value != u"correct horse battery staple"_s); // a secret never becomes a variable
}

void TestPostmanImport::suggestedSecretFields_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("field"); ///< -1: none
    QTest::newRow("token") << u"token"_s << int(Auth::SecretField::Token);
    QTest::newRow("access_token") << u"access_token"_s << int(Auth::SecretField::Token);
    QTest::newRow("bearerToken") << u"bearerToken"_s << int(Auth::SecretField::Token);
    QTest::newRow("refresh") << u"REFRESH_TOKEN"_s << int(Auth::SecretField::RefreshToken);
    QTest::newRow("client secret") << u"clientSecret"_s << int(Auth::SecretField::ClientSecret);
    QTest::newRow("api key") << u"x-api-key"_s << int(Auth::SecretField::ApiKey);
    QTest::newRow("password") << u"adminPassword"_s << int(Auth::SecretField::Password);
    QTest::newRow("other") << u"signingSalt"_s << -1;
}

void TestPostmanImport::suggestedSecretFields()
{
    QFETCH(QString, name);
    QFETCH(int, field);
    const std::optional<Auth::SecretField> got = suggestedSecretField(name);
    QCOMPARE(got ? int(*got) : -1, field);
}

QTEST_APPLESS_MAIN(TestPostmanImport)
#include "TestPostmanImport.moc"
