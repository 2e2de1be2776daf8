// The seal pass every import ends with (ImportSeal.h): what the secret policy calls a credential leaves the
// parts of a profile that are saved in its file and becomes a secret variable, and a request assembled
// from the profile still sends exactly what the input sent, with those values as masked credentials.
#include "auth/AuthSettings.h"
#include "profiles/ProfileJson.h"
#include "profiles/formats/CurlExport.h"
#include "profiles/formats/CurlImport.h"
#include "profiles/formats/ImportFile.h"
#include "profiles/formats/ImportSeal.h"
#include "workspace/RequestAssembly.h"

#include <QJsonDocument>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Formats;
using namespace Qt::StringLiterals;

namespace {

ImportResult sealedCurl(const QString& command)
{
    ImportResult r = importCurl(command);
    sealImport(r);
    return r;
}

/// The profile file's bytes, as ProfileStore writes them.
QByteArray fileBytes(const Profiles::Profile& p)
{
    return QJsonDocument(Profiles::ProfileJson::toJson(p)).toJson();
}

Http::RequestSpec assembled(const Profiles::Profile& p, int request = 0)
{
    const Profiles::SavedRequest& saved = p.requests.at(request);
    Workspace::RequestDraft draft;
    draft.method = QString::fromLatin1(saved.method);
    draft.url = saved.url;
    for (const Http::Header& h : saved.headers)
        draft.headers.append({QString::fromLatin1(h.first), QString::fromUtf8(h.second), true});
    if (!saved.body.isEmpty())
        draft.body = saved.body;
    draft.contentType = saved.contentType;
    draft.auth = Workspace::savedRequestAuth(p, saved);
    Workspace::Error error;
    const auto spec = Workspace::assembleRequest(p, draft, &error);
    if (!spec)
        qWarning() << error.message;
    return spec.value_or(Http::RequestSpec());
}

QByteArray credentialValue(const Http::RequestSpec& spec, QByteArrayView name)
{
    for (const Http::Credential& c : spec.credentials) {
        if (c.name.compare(name, Qt::CaseInsensitive) == 0)
            return c.value;
    }
    return {};
}

} // namespace

class TestImportSeal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void secretsLeaveTheFile_data();
    void secretsLeaveTheFile();
    void stripeKeyAsUserName();
    void formBodyPasswordStillSent();
    void csrfCopyOfCookieIsSecret();
    void secondCredentialIsKept();
    void oneValueOneVariable();
    void secretVariableWithoutValueIsNotSent();
    void profileFileNamesSecretVariablesOnly();
    void importWritesOnlyWhatTheStoreLoads();
    void refusalsNameWhatTheInputIs_data();
    void refusalsNameWhatTheInputIs();
    void postmanApiWrapperImports();
    void postmanAsPostmanMeansIt();
    void requestsCarryTheirOwnAuth();
    void queryCredentialWithEncodedDelimiter();
    void profilesOfOneImportHaveTheirOwnNames();
    void multipartBoundaryIsNotASecret();
};

void TestImportSeal::secretsLeaveTheFile_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("secrets");
    // https://docs.stripe.com/api/authentication
    QTest::newRow("stripe -u key:") << u"curl https://api.stripe.com/v1/charges -u sk_test_4eC39HqLyjWDarjtT1zdp7dc:"_s
                                    << QStringList {u"sk_test_4eC39HqLyjWDarjtT1zdp7dc"_s};
    // Keycloak's password grant,
    // https://www.keycloak.org/docs/latest/securing_apps/#_resource_owner_password_credentials_flow
    QTest::newRow("keycloak password grant")
        << u"curl -X POST https://sso.example.com/realms/demo/protocol/openid-connect/token -d grant_type=password "
           "-d client_id=cli -d client_secret=Zx8kQ2pL0vN4mR7t -d username=alice -d password=Hunter2-secret"_s
        << QStringList {u"Zx8kQ2pL0vN4mR7t"_s, u"Hunter2-secret"_s};
    // Entra ID's token call, https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
    QTest::newRow("entra json body")
        << uR"(curl https://login.example.com/tok -H 'Content-Type: application/json' --data '{"client_id":"app","client_secret":"qWe8~Rty.Uio9Pas","refresh_token":"0.ARoAv4j5cvGGr0GRqy180BHbR"}')"_s
        << QStringList {u"qWe8~Rty.Uio9Pas"_s, u"0.ARoAv4j5cvGGr0GRqy180BHbR"_s};
    QTest::newRow("query credential")
        << u"curl 'https://api.example.com/v1/items?limit=5&client_secret=s3cr3t-v4lue-1234'"_s
        << QStringList {u"s3cr3t-v4lue-1234"_s};
    QTest::newRow("csrf header") << u"curl https://app.example.com/api -H 'X-CSRF-Token: 7f3a9c2e5b1d4f60'"_s
                                 << QStringList {u"7f3a9c2e5b1d4f60"_s};
    QTest::newRow("jwt in custom header")
        << u"curl https://api.example.com/me -H 'X-Forwarded-Identity: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlLW5vdC1yZWFs'"_s
        << QStringList {u"c2lnbmF0dXJlLW5vdC1yZWFs"_s};
}

void TestImportSeal::secretsLeaveTheFile()
{
    QFETCH(QString, command);
    QFETCH(QStringList, secrets);
    const ImportResult r = sealedCurl(command);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.profiles.size(), 1);
    const Profiles::Profile& p = r.profiles.constFirst();
    const QByteArray file = fileBytes(p);
    for (const QString& secret : secrets) {
        QVERIFY2(!file.contains(secret.toUtf8()), qPrintable(u"in the profile file: "_s + secret));
        QVERIFY2(!file.contains(QUrl::toPercentEncoding(secret)), qPrintable(u"encoded in the file: "_s + secret));
        // …and still kept: somewhere in the secrets the keychain receives.
        bool kept = false;
        for (Auth::SecretField field : Auth::allSecretFields())
            kept = kept || Auth::secretValue(p.sessionSecrets, field).contains(secret);
        QVERIFY2(kept, qPrintable(u"lost: "_s + secret));
    }
    QVERIFY(!r.keychain.isEmpty());
    for (const KeychainEntry& entry : r.keychain) {
        QVERIFY(!entry.source.isEmpty());
        for (const QString& secret : secrets)
            QVERIFY2(!entry.preview.contains(secret) && !entry.source.contains(secret), qPrintable(entry.source));
    }
}

void TestImportSeal::stripeKeyAsUserName()
{
    const QString key = u"sk_test_4eC39HqLyjWDarjtT1zdp7dc"_s;
    const ImportResult r = sealedCurl(u"curl https://api.stripe.com/v1/charges -u "_s + key + u':');
    const Profiles::Profile& p = r.profiles.constFirst();
    QCOMPARE(p.auth.method, Auth::Method::Basic);
    QCOMPARE(p.auth.username, u"{{basic_user}}"_s);
    const Http::RequestSpec spec = assembled(p);
    // The request sends what curl sends: Basic base64("sk_test_…:").
    QCOMPARE(credentialValue(spec, "Authorization"), "Basic " + (key + u':').toUtf8().toBase64());
    for (const Http::Credential& c : spec.credentials)
        QVERIFY2(!c.label.contains(key), qPrintable(c.label));
    const auto entry = std::find_if(r.keychain.cbegin(), r.keychain.cend(),
                                    [](const KeychainEntry& e) { return e.source.contains(u"user name"); });
    QVERIFY(entry != r.keychain.cend());
    QCOMPARE(entry->origins, QStringList {u"https://api.stripe.com:443"_s});
    QCOMPARE(entry->preview, u"sk_t…"_s);
}

void TestImportSeal::formBodyPasswordStillSent()
{
    const ImportResult r = sealedCurl(
        u"curl https://sso.example.com/token -d grant_type=password -d username=alice -d 'password=p%40ss-Word-9'"_s);
    const Profiles::Profile& p = r.profiles.constFirst();
    const Profiles::SavedRequest& saved = p.requests.constFirst();
    QCOMPARE(saved.body, QByteArray("grant_type=password&username=alice&password={{password}}"));
    // The bytes on the wire are the input's, percent-encoding included.
    QCOMPARE(assembled(p).body, QByteArray("grant_type=password&username=alice&password=p%40ss-Word-9"));
}

void TestImportSeal::csrfCopyOfCookieIsSecret()
{
    // A session copied from a browser: the anti-CSRF header repeats the cookie's value under a name the
    // policy does not know.
    const ImportResult r = sealedCurl(u"curl https://app.example.com/api/save -b 'sid=Q2hlY2tUaGlzT3V0' "
                                      "-H 'anti-csrf: Q2hlY2tUaGlzT3V0' -H 'Accept: application/json'"_s);
    const Profiles::Profile& p = r.profiles.constFirst();
    QCOMPARE(Http::headerValue(p.requests.constFirst().headers, "anti-csrf"), QByteArray("{{anti_csrf}}"));
    QCOMPARE(Http::headerValue(p.requests.constFirst().headers, "Accept"), QByteArray("application/json"));
    const Http::RequestSpec spec = assembled(p);
    QCOMPARE(credentialValue(spec, "anti-csrf"), QByteArray("Q2hlY2tUaGlzT3V0"));
    QVERIFY(!Http::hasHeader(spec.headers, "anti-csrf")); // a credential: masked, bound to the origin
}

void TestImportSeal::secondCredentialIsKept()
{
    const ImportResult r = sealedCurl(u"curl https://api.example.com/v2/orders -H 'Authorization: Bearer "
                                      "tok_9f8e7d6c5b4a3f2e1d0c' -H 'X-Api-Key: ak_live_0a1b2c3d4e5f6a7b'"_s);
    QCOMPARE(r.extraCredentials.size(), 0);
    const Profiles::Profile& p = r.profiles.constFirst();
    QCOMPARE(p.auth.method, Auth::Method::Bearer);
    const Http::RequestSpec spec = assembled(p);
    QCOMPARE(credentialValue(spec, "Authorization"), QByteArray("Bearer tok_9f8e7d6c5b4a3f2e1d0c"));
    QCOMPARE(credentialValue(spec, "X-Api-Key"), QByteArray("ak_live_0a1b2c3d4e5f6a7b"));
    QVERIFY(!fileBytes(p).contains("ak_live_0a1b2c3d4e5f6a7b"));
}

void TestImportSeal::oneValueOneVariable()
{
    ImportResult r;
    r.format = ImportFormat::Har;
    Profiles::Profile p;
    p.name = u"app"_s;
    p.baseUrl = u"https://app.example.com"_s;
    p.requests = {{u"1"_s, u"one"_s, "POST", u"/a"_s, {{"X-CSRF-Token", "c5rf-7f3a9c2e5b1d"}}, {}, {}, {}},
                  {u"2"_s, u"two"_s, "POST", u"/b"_s, {{"X-CSRF-Token", "c5rf-7f3a9c2e5b1d"}}, {}, {}, {}}};
    r.profiles = {p};
    sealImport(r);
    const Profiles::Profile& sealed = r.profiles.constFirst();
    QCOMPARE(std::count_if(sealed.variables.cbegin(), sealed.variables.cend(),
                           [](const Profiles::Variable& v) { return v.secret; }),
             1);
    QCOMPARE(Http::headerValue(sealed.requests.at(1).headers, "X-CSRF-Token"), QByteArray("{{x_csrf_token}}"));
    QCOMPARE(r.keychain.size(), 1);
    QVERIFY2(r.keychain.constFirst().source.contains(u"“one”") && r.keychain.constFirst().source.contains(u"“two”"),
             qPrintable(r.keychain.constFirst().source));
}

void TestImportSeal::secretVariableWithoutValueIsNotSent()
{
    Profiles::Profile p;
    p.name = u"p"_s;
    p.baseUrl = u"https://api.example.com"_s;
    p.variables = {{u"key"_s, QString(), true}};
    p.requests = {{u"1"_s, u"r"_s, "GET", u"/x?key={{key}}&page=2"_s, {{"X-Key", "{{key}}"}}, {}, {}, {}}};
    // No value (the keychain did not give one): the reference stays a reference, never an empty credential.
    const Http::RequestSpec spec = assembled(p);
    QCOMPARE(credentialValue(spec, "X-Key"), QByteArray("{{key}}"));
    // With the value: both become credentials, the URL keeps only the other parameter, as typed.
    Auth::setSecretVariable(p.sessionSecrets, u"key"_s, u"v a+l"_s);
    const Http::RequestSpec withValue = assembled(p);
    QCOMPARE(credentialValue(withValue, "X-Key"), QByteArray("v a+l"));
    QCOMPARE(credentialValue(withValue, "key"), QByteArray("v a+l"));
    QCOMPARE(withValue.url.toString(QUrl::FullyEncoded), u"https://api.example.com/x?page=2"_s);
}

void TestImportSeal::profileFileNamesSecretVariablesOnly()
{
    Profiles::Profile p;
    p.id = u"0b7c5d2e-4a1f-4c3b-9e8d-7f6a5b4c3d2e"_s;
    p.name = u"p"_s;
    p.variables = {{u"plain"_s, u"1"_s, false}, {u"token"_s, u"must-not-be-written"_s, true}};
    const QJsonObject json = Profiles::ProfileJson::toJson(p);
    QVERIFY(!QJsonDocument(json).toJson().contains("must-not-be-written"));
    QString error;
    const auto back = Profiles::ProfileJson::fromJson(json, Profiles::ProfileJson::kSchemaVersion, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->variables.size(), 2);
    QVERIFY(!back->variables.at(0).secret);
    QCOMPARE(back->variables.at(0).value, u"1"_s);
    QVERIFY(back->variables.at(1).secret);
    QVERIFY(back->variables.at(1).value.isEmpty());
}

void TestImportSeal::importWritesOnlyWhatTheStoreLoads()
{
    // Found by fuzz_importfile (seed postman-port-control-char): a port with a control character made a
    // saved request the store refuses, and the whole profile unloadable after a "successful" import. The
    // token endpoint here is not a URL either.
    const QByteArray collection = R"({"info": {"name": "Shop", "schema":
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
      "auth": {"type": "oauth2", "oauth2": [{"key": "grant_type", "value": "client_credentials"},
               {"key": "accessTokenUrl", "value": "not a url"}, {"key": "clientId", "value": "shop"}]},
      "item": [
        {"name": "broken", "request": {"method": "GET",
          "url": {"protocol": "https", "host": ["h"], "port": "221", "path": ["a"]}}},
        {"name": "orders", "request": {"method": "GET", "url": "https://shop.example.com/orders"}}]})";
    const ImportResult r = importFile(collection, u"shop.postman_collection.json"_s);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.profiles.size(), 1);
    const Profiles::Profile& p = r.profiles.constFirst();
    QCOMPARE(p.requests.size(), 1);
    QCOMPARE(p.requests.constFirst().name, u"orders"_s);
    const QString warnings = r.warnings.join(u'\n');
    QVERIFY2(warnings.contains(u"Request “broken” of “Shop” was not imported"), qPrintable(warnings));
    QVERIFY2(warnings.contains(u"token endpoint") && warnings.contains(u"not a url"), qPrintable(warnings));
    QVERIFY(p.auth.oauth.tokenEndpoint.isEmpty());
    // And the store loads it: the profile is already in the form the store reads back.
    Profiles::Profile stored = p;
    stored.id = u"check"_s;
    QString error;
    QVERIFY2(Profiles::ProfileJson::fromJson(Profiles::ProfileJson::toJson(stored),
                                             Profiles::ProfileJson::kSchemaVersion, &error),
             qPrintable(error));
}

void TestImportSeal::refusalsNameWhatTheInputIs_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    // https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/invoke-restmethod
    QTest::newRow("Invoke-RestMethod") << QByteArray("Invoke-RestMethod -Uri 'https://api.example.com/v1/me' -Headers "
                                                     "@{Authorization = \"Bearer $token\"}")
                                       << u"PowerShell command (Invoke-RestMethod)"_s;
    // Chrome DevTools, Network → Copy → Copy as PowerShell.
    QTest::newRow("chrome copy as powershell")
        << QByteArray("$session = New-Object Microsoft.PowerShell.Commands.WebRequestSession\n$session.UserAgent = "
                      "\"Mozilla/5.0\"\nInvoke-WebRequest -UseBasicParsing -Uri \"https://app.example.com/api\" `\n"
                      "-WebSession $session")
        << u"PowerShell command (Invoke-WebRequest)"_s;
    QTest::newRow("postman v3") << QByteArray(R"({"info": {"name": "x", "schema":
        "https://schema.getpostman.com/json/collection/v3.0.0/collection.json"}, "item": []})")
                                << u"Postman Collection v3.0.0"_s;
}

void TestImportSeal::refusalsNameWhatTheInputIs()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const ImportResult r = importFile(content);
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(expected), qPrintable(r.error));
    QVERIFY(r.profiles.isEmpty());
}

void TestImportSeal::postmanApiWrapperImports()
{
    // What the Postman API's GET /collections/{id} returns.
    const QByteArray wrapped = R"({"collection": {"info": {"name": "Wrapped", "schema":
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "ping", "request": {"method": "GET", "url": "https://api.example.com/ping"}}]}})";
    const ImportResult r = importFile(wrapped);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.format, ImportFormat::PostmanCollection);
    QCOMPARE(r.profiles.constFirst().name, u"Wrapped"_s);
    QCOMPARE(r.profiles.constFirst().requests.size(), 1);
}

void TestImportSeal::postmanAsPostmanMeansIt()
{
    // Shapes from Microsoft's identity-platform collection (a urlencoded token call with {{variables}}) and
    // PayPal's REST collection (an "apikey" auth named Authorization holding "Bearer {{access_token}}").
    const QByteArray collection = R"({"info": {"name": "Mixed", "schema":
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
      "variable": [{"key": "clientId", "value": "6731de76-14a6-49ae-97bc-6eba6914391e"}],
      "auth": {"type": "apikey", "apikey": [{"key": "key", "value": "Authorization"},
               {"key": "value", "value": "Bearer A21AAFEpH4PsADK7qSS7pSRsgzfENtu-Q1ysgEDVDESseMHBYXVJYE8ovjj68elIDy8nF26AwPhfXTIeWAZHSLIsQkSYz9ifg"},
               {"key": "in", "value": "header"}]},
      "item": [
        {"name": "token", "request": {"method": "POST", "url": "https://login.example.com/common/oauth2/v2.0/token",
          "body": {"mode": "urlencoded", "urlencoded": [
            {"key": "client_id", "value": "{{clientId}}"},
            {"key": "scope", "value": "https://graph.microsoft.com/.default"}]}}},
        {"name": "list", "request": {"method": "GET", "url": "https://api.example.com/v1/items",
          "body": {"mode": "formdata", "formdata": []}}}]})";
    const ImportResult r = importFile(collection);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.constFirst();
    QCOMPARE(p.auth.method, Auth::Method::Bearer);
    QVERIFY(p.sessionSecrets.token.startsWith(u"A21AAFEpH4"));
    QCOMPARE(p.requests.at(0).body,
             QByteArray("client_id={{clientId}}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"));
    QVERIFY(p.requests.at(1).body.isEmpty());
    QVERIFY(p.requests.at(1).contentType.isEmpty());
}

void TestImportSeal::requestsCarryTheirOwnAuth()
{
    Profiles::Profile p;
    p.id = u"0b7c5d2e-4a1f-4c3b-9e8d-7f6a5b4c3d2e"_s;
    p.name = u"cards"_s;
    p.baseUrl = u"https://api.example.com"_s;
    p.auth.method = Auth::Method::Bearer;
    p.sessionSecrets.token = u"tok-123"_s;
    p.variables = {{u"client_secret"_s, QString(), true}, {u"client_id"_s, u"client-id"_s, false}};
    Auth::setSecretVariable(p.sessionSecrets, u"client_secret"_s, u"s3cret"_s);
    Profiles::SavedRequest token {u"1"_s, u"token"_s, "POST", u"/oauth/token"_s, {}, {}, {}, {}};
    token.auth.mode = Profiles::RequestAuth::Mode::Own;
    token.auth.settings.method = Auth::Method::Basic;
    token.auth.settings.username = u"{{client_id}}"_s; // as Postman writes it
    token.auth.secretVariable = u"client_secret"_s;
    Profiles::SavedRequest health {u"2"_s, u"health"_s, "GET", u"/health"_s, {}, {}, {}, {}};
    health.auth.mode = Profiles::RequestAuth::Mode::None;
    Profiles::SavedRequest cards {u"3"_s, u"cards"_s, "GET", u"/cards"_s, {}, {}, {}, {}};
    p.requests = {token, health, cards};

    QCOMPARE(credentialValue(assembled(p, 0), "Authorization"), "Basic " + QByteArray("client-id:s3cret").toBase64());
    QVERIFY(assembled(p, 1).credentials.isEmpty());
    QCOMPARE(credentialValue(assembled(p, 2), "Authorization"), QByteArray("Bearer tok-123"));

    // The profile file keeps each request's auth, and its secret as the variable's name only.
    const QByteArray file = fileBytes(p);
    QVERIFY(!file.contains("s3cret"));
    QString error;
    const auto back = Profiles::ProfileJson::fromJson(Profiles::ProfileJson::toJson(p),
                                                      Profiles::ProfileJson::kSchemaVersion, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->requests.at(0).auth, token.auth);
    QCOMPARE(back->requests.at(1).auth, health.auth);
    QCOMPARE(back->requests.at(2).auth, Profiles::RequestAuth());
}

void TestImportSeal::queryCredentialWithEncodedDelimiter()
{
    // Found by fuzz_curlimport (tests/data/fuzz/fuzz_curlimport/query-roundtrip): a credential-like query
    // parameter whose name holds an encoded "?" left the URL on the first import only; exported and imported
    // again, it stayed in the URL and was the API key too.
    const ImportResult first = importCurl(u"curl 'https://api.example.com/v1/?a%3Fx-api-key=Zk9QbTJxUzhwVjV3'"_s);
    QVERIFY2(first.ok(), qPrintable(first.error));
    const Profiles::Profile& p = first.profiles.constFirst();
    QCOMPARE(p.requests.constFirst().url, u"/v1/"_s); // relative to the base URL
    QCOMPARE(p.auth.method, Auth::Method::ApiKey);
    QCOMPARE(p.auth.apiKeyName, u"a?x-api-key"_s);
    CurlExportOptions options;
    options.revealSecrets = true;
    const QString command = exportCurl(p, p.requests.constFirst(), options);
    const ImportResult again = importCurl(command);
    QVERIFY2(again.ok(), qPrintable(again.error));
    QCOMPARE(again.profiles.constFirst().requests.constFirst().url, p.requests.constFirst().url);
    QCOMPARE(again.profiles.constFirst().sessionSecrets.apiKey, u"Zk9QbTJxUzhwVjV3"_s);
}

void TestImportSeal::profilesOfOneImportHaveTheirOwnNames()
{
    ImportResult r;
    r.format = ImportFormat::Har;
    Profiles::Profile a;
    a.name = u"api.example.com"_s;
    r.profiles = {a, a, a};
    makeStorable(r);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.profiles.at(0).name, u"api.example.com"_s);
    QCOMPARE(r.profiles.at(1).name, u"api.example.com (2)"_s);
    QCOMPARE(r.profiles.at(2).name, u"api.example.com (3)"_s);
    QVERIFY(r.warnings.join(u'\n').contains(u"Two profiles would be named “api.example.com”"));
}

void TestImportSeal::multipartBoundaryIsNotASecret()
{
    // Mailgun's documented call (https://documentation.mailgun.com/docs/mailgun/user-manual/sending-messages/):
    // the key is the Basic password; the -F fields make a multipart body whose boundary is random-looking.
    const ImportResult curl
        = sealedCurl(u"curl -s --user 'api:key-790f51152c9ff36c476765521b6c4bae' "
                     "https://api.mailgun.net/v3/sandbox123.mailgun.org/messages "
                     "-F from='Excited User <mailgun@sandbox123.mailgun.org>' -F subject='Hello'"_s);
    const Profiles::Profile& mailgun = curl.profiles.constFirst();
    QCOMPARE(mailgun.sessionSecrets.password, u"key-790f51152c9ff36c476765521b6c4bae"_s);
    QVERIFY(mailgun.variables.isEmpty());
    QCOMPARE(curl.keychain.size(), 1); // the password, nothing else
    QVERIFY(!mailgun.requests.constFirst().body.contains("{{"));

    // A browser's multipart request (HAR): the boundary in the Content-Type header and the body stays; the
    // password part is sealed.
    const QByteArray boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    const QByteArray body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n"
        + "hunter2-Secret-9\r\n--" + boundary + "--\r\n";
    ImportResult har;
    har.format = ImportFormat::Har;
    Profiles::Profile p;
    p.name = u"app"_s;
    p.baseUrl = u"https://app.example.com"_s;
    p.requests = {{u"1"_s,
                   u"upload"_s,
                   "POST",
                   u"/login"_s,
                   {{"Content-Type", "multipart/form-data; boundary=" + boundary}},
                   body,
                   {},
                   {}}};
    har.profiles = {p};
    sealImport(har);
    const Profiles::SavedRequest& saved = har.profiles.constFirst().requests.constFirst();
    QCOMPARE(Http::headerValue(saved.headers, "Content-Type"), "multipart/form-data; boundary=" + boundary);
    QVERIFY2(saved.body.startsWith(QByteArray("--" + boundary + "\r\n")), saved.body.constData());
    QVERIFY2(saved.body.contains("{{password}}") && !saved.body.contains("hunter2"), saved.body.constData());
    QCOMPARE(har.keychain.size(), 1);
}

QTEST_GUILESS_MAIN(TestImportSeal)
#include "TestImportSeal.moc"
