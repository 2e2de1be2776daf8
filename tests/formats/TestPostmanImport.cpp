// Postman collections (v2.1 and v2.0) and environments.
#include "FormatsTestData.h"

#include "profiles/formats/EnvironmentMerge.h"
#include "profiles/formats/PostmanImport.h"
#include "profiles/formats/PostmanVariables.h"

#include <QJsonDocument>
#include <QJsonObject>
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
    const QList<Profiles::Variable> variables {{u"baseUrl"_s, u"https://shop.example.com/api/v2"_s},
                                               {u"qty"_s, u"2"_s}};
    QCOMPARE(p.variables, variables);
    QCOMPARE(p.auth.method, Auth::Method::Bearer);
    QCOMPARE(p.sessionSecrets.token, kToken);
    QCOMPARE(p.requests.size(), 9);
    QVERIFY(r.extraCredentials.isEmpty());

    verifyWarning(r.warnings, u"accessToken, adminKey, webhookSigningKey"_s);
    verifyWarning(r.warnings, u"Admin / Delete product (apikey), Health (no auth), Legacy S3 export (awsv4)"_s);
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
             (QList<SecretAssignment> {{u"accessToken"_s, Auth::SecretField::Token},
                                       {u"adminPassword"_s, Auth::SecretField::Password}}));

    // The user keeps the token and leaves the admin password out.
    const Profiles::Profile merged
        = mergeEnvironment(p, e, {{u"accessToken"_s, Auth::SecretField::Token}, {u"adminPassword"_s, std::nullopt}});
    const QList<Profiles::Variable> variables {{u"userId"_s, u"1001"_s},
                                               {u"retries"_s, u"3"_s},
                                               {u"mine"_s, u"kept"_s},
                                               {u"baseUrl"_s, u"https://staging.shop.example.com/api/v2"_s},
                                               {u"tokenUrl"_s, u"https://login.example.com/oauth/token"_s}};
    QCOMPARE(merged.variables, variables);
    QCOMPARE(merged.sessionSecrets.token, e.secrets.at(0).value);
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
