// The one secret policy (DESIGN.md §4): which header names, query parameters, body fields and
// variable names are credentials, and the redaction of bodies, URLs and URL-valued headers built on it.
#include "http/Redaction.h"
#include "http/RequestSpec.h"
#include "http/SecretPolicy.h"

#include <QJsonDocument>
#include <QTest>

using namespace Authlens::Http;

class TestSecretPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void headers_data();
    void headers();
    void headerReasons();
    void queryParams_data();
    void queryParams();
    void queryParamsWithValues_data();
    void queryParamsWithValues();
    void bodyFields_data();
    void bodyFields();
    void variableNames_data();
    void variableNames();
    void profileAndLedgerAdditions();
    void redactJsonBody();
    void redactJsonKeepsWhatIsNoSecret();
    void redactFormBody();
    void redactMultipartBody();
    void notJsonIsLeftAlone();
    void redactUrlAndLocation();
};

void TestSecretPolicy::headers_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("secret");
    // Credentials: the standard ones and the patterns of issue 9 (*token*, *secret*, *api-key*,
    // *session*, *signature*, *password*, *auth*, "…-Key").
    for (const char* name : {"Authorization",
                             "proxy-authorization",
                             "Cookie",
                             "Set-Cookie",
                             "DPoP",
                             "X-Client-Token",
                             "Api-Token",
                             "Authorization-Token",
                             "X-Shopify-Access-Token",
                             "X-API-Key",
                             "x_api_key",
                             "X-ApiKey",
                             "X-Session-Id",
                             "X-Hub-Signature-256",
                             "X-Password",
                             "X-Auth-Token",
                             "X-Custom-Secret",
                             "X-Csrf-Token",
                             "Fastly-Key",
                             "Key",
                             "KC-API-SIGN",
                             "X-GitHub-OTP",
                             "CB-ACCESS-PASSPHRASE",
                             "AccessKey",
                             "X-Honeycomb-Team",
                             "X-JFrog-Art-Api",
                             "X-Forwarded-Authorization",
                             "X-Amz-Security-Token"})
        QTest::newRow(name) << QByteArray(name) << true;
    // Not credentials: challenges and info fields, nonces and idempotency ids, CORS lists, HTTP/2
    // pseudo-headers, fields that describe a credential, everyday headers.
    for (const char* name : {"WWW-Authenticate",
                             "Proxy-Authenticate",
                             "Authentication-Info",
                             "Proxy-Authentication-Info",
                             "Idempotency-Key",
                             "X-Idempotency-Key",
                             "Sec-WebSocket-Key",
                             "Sec-WebSocket-Accept",
                             "Access-Control-Allow-Credentials",
                             "Access-Control-Allow-Headers",
                             "X-Cache-Key",
                             ":authority",
                             "Accept",
                             "Content-Type",
                             "Cache-Control",
                             "X-Request-Id",
                             "X-RateLimit-Remaining",
                             "X-Amz-Date",
                             "X-OAuth-Scopes",
                             "X-Accepted-OAuth-Scopes",
                             "X-Envoy-Auth-Failure-Reason",
                             "X-Token-Type",
                             "Content-Security-Policy",
                             "Public-Key-Pins",
                             "DPoP-Nonce",
                             "X-Auth-Email",
                             "Retry-After",
                             "Location",
                             "User-Agent"})
        QTest::newRow(name) << QByteArray(name) << false;
}

void TestSecretPolicy::headers()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, secret);
    QCOMPARE(SecretPolicy::standard().isSecretHeader(name), secret);
    QCOMPARE(SecretPolicy::standard().headerReason(name).isEmpty(), !secret);
}

void TestSecretPolicy::headerReasons()
{
    const SecretPolicy& standard = SecretPolicy::standard();
    QVERIFY(standard.headerReason("X-Client-Token").contains(u"token"));
    QVERIFY(standard.headerReason("Authorization-Token").contains(u"token"));
    QVERIFY(standard.headerReason("X-Auth-Key").contains(u"auth"));
    QVERIFY(standard.headerReason("Fastly-Key").contains(u"key"));
    QVERIFY(standard.headerReason("Authorization").contains(u"standard"));
    const SecretPolicy profile = standard.withHeaderNames({"X-Thing"});
    QVERIFY(profile.headerReason("x-thing").contains(u"profile"));
    QVERIFY(standard.headerReason("X-Thing").isEmpty());
}

void TestSecretPolicy::queryParams_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("secret");
    for (const char* name : {"access_token",
                             "api_key",
                             "apiKey",
                             "APIKEY",
                             "hapikey",
                             "key",
                             "sig",
                             "X-Amz-Signature",
                             "X-Amz-Credential",
                             "X-Amz-Security-Token",
                             "X-Goog-Signature",
                             "code",
                             "client_secret",
                             "password",
                             "appid",
                             "auth_token",
                             "sessionid",
                             "PHPSESSID",
                             "private_token",
                             "jwt"})
        QTest::newRow(name) << QString::fromLatin1(name) << true;
    for (const char* name :
         {"page", "sort", "q", "redirect_uri", "state", "code_challenge", "code_challenge_method", "token_type_hint",
          "response_type", "scope", "client_id", "nonce", "expires_in", "idempotency_key", "author"})
        QTest::newRow(name) << QString::fromLatin1(name) << false;
}

void TestSecretPolicy::queryParams()
{
    QFETCH(QString, name);
    QFETCH(bool, secret);
    QCOMPARE(SecretPolicy::standard().isSecretQueryParam(name), secret);
}

void TestSecretPolicy::queryParamsWithValues_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("secret");
    QTest::newRow("key as a word") << "key"
                                   << "name" << false;
    QTest::newRow("Google key") << "key"
                                << "AIzaSyA-1234567890abcdefg" << true;
    QTest::newRow("country code") << "code"
                                  << "US" << false;
    QTest::newRow("authorization code") << "code"
                                        << "SplxlOBeZQQYbYS6WxSbIA" << true;
    QTest::newRow("short token is a token") << "access_token"
                                            << "x" << true;
    QTest::newRow("page") << "page"
                          << "AIzaSyA-1234567890abcdefg" << false;
}

void TestSecretPolicy::queryParamsWithValues()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(bool, secret);
    QCOMPARE(SecretPolicy::standard().isSecretQueryParam(name, value), secret);
}

void TestSecretPolicy::bodyFields_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("secret");
    // RFC 6749 §4.3.2/§2.3.1/§6, RFC 7636 §4.5, RFC 7523 §2.2, RFC 8628 §3.4, RFC 8693 §2.1.
    for (const char* name : {"password", "new_password", "client_secret", "refresh_token", "id_token", "access_token",
                             "code", "code_verifier", "client_assertion", "device_code", "subject_token", "private_key",
                             "privateKey", "secretKey", "otp", "pin", "apiKey", "sessionToken"})
        QTest::newRow(name) << QString::fromLatin1(name) << true;
    for (const char* name : {"grant_type", "username", "client_id", "scope", "redirect_uri", "token_type", "expires_in",
                             "token_endpoint", "token_endpoint_auth_methods_supported", "keys", "code_challenge",
                             "publishable_key", "public_key", "idempotency_key", "note", "name", "value"})
        QTest::newRow(name) << QString::fromLatin1(name) << false;
}

void TestSecretPolicy::bodyFields()
{
    QFETCH(QString, name);
    QFETCH(bool, secret);
    QCOMPARE(SecretPolicy::standard().isSecretBodyField(name), secret);
}

void TestSecretPolicy::variableNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("secret");
    for (const char* name : {"stripeKey", "sessionId", "authCookie", "API_KEY", "clientSecret", "db_password",
                             "accessToken", "signingKey"})
        QTest::newRow(name) << QString::fromLatin1(name) << true;
    for (const char* name : {"tokenUrl", "baseUrl", "userId", "keyboardLayout", "monkey", "tokenEndpoint"})
        QTest::newRow(name) << QString::fromLatin1(name) << false;
}

void TestSecretPolicy::variableNames()
{
    QFETCH(QString, name);
    QFETCH(bool, secret);
    QCOMPARE(SecretPolicy::standard().isSecretName(name), secret);
}

void TestSecretPolicy::profileAndLedgerAdditions()
{
    RequestSpec spec;
    spec.credentials = {{Credential::Place::Header, "X-Thing", "v", {}}, {Credential::Place::Query, "q", "v", {}}};
    const SecretPolicy forSpec = SecretPolicy::forSpec(spec);
    QVERIFY(forSpec.isSecretHeader("x-thing"));
    QVERIFY(forSpec.isSecretQueryParam(u"Q"));
    QVERIFY(forSpec.isSecretQueryParam(u"q", u"x")); // marked by the profile: no value heuristics
    QVERIFY(!SecretPolicy::standard().isSecretHeader("X-Thing"));

    Exchange exchange;
    Hop first;
    first.placed = {{"X-Placed", CredentialPlace::Header, CredentialSource::Profile, {}, {}},
                    {"placed_q", CredentialPlace::Query, CredentialSource::Profile, {}, {}}};
    Hop second;
    second.withheld = {{"X-Withheld", {}, CredentialSource::UserHeader},
                       {"?withheld_q", {}, CredentialSource::Profile},
                       {"TLS client certificate", {}, CredentialSource::Profile}};
    exchange.hops = {first, second};
    const SecretPolicy ledger = SecretPolicy::standard().withLedgerOf(exchange);
    QVERIFY(ledger.isSecretHeader("X-Placed"));
    QVERIFY(ledger.isSecretHeader("X-Withheld"));
    QVERIFY(ledger.isSecretQueryParam(u"placed_q"));
    QVERIFY(ledger.isSecretQueryParam(u"withheld_q"));
    QVERIFY(!ledger.isSecretHeader("Accept"));

    const SecretPolicy fields = SecretPolicy::standard().withBodyFields({QStringLiteral("pan")});
    QVERIFY(fields.isSecretBodyField(u"PAN"));
    QVERIFY(!SecretPolicy::standard().isSecretBodyField(u"pan"));
}

void TestSecretPolicy::redactJsonBody()
{
    const QByteArray body = R"({"user":"alice","password":"p-secret-1","nested":{"client_secret":"cs-secret-2",)"
                            R"("deeper":[{"refresh_token":"rt-secret-3"}]},"tokens":["t-secret-4","t-secret-5"],)"
                            R"("pin":123456,"note":"he said \"password\": \"not-a-field\"","enabled":true})";
    bool changed = false;
    const QByteArray out = redactBody(body, "application/json; charset=utf-8", SecretPolicy::standard(), &changed);
    QVERIFY(changed);
    for (const char* secret : {"p-secret-1", "cs-secret-2", "rt-secret-3", "t-secret-4", "t-secret-5", "123456"})
        QVERIFY2(!out.contains(secret), out.constData());
    QVERIFY(out.contains(R"("user":"alice")"));
    QVERIFY(out.contains("not-a-field")); // text inside a string is no field
    QVERIFY(out.contains(R"("enabled":true)"));
    QVERIFY(out.contains("[redacted, 10 bytes]"));
    // Still JSON: a number became a string, every other byte is where it was.
    QJsonParseError error;
    QJsonDocument::fromJson(out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);

    const QList<SecretSpan> spans = findSecretFields(body, {}, SecretPolicy::standard());
    QCOMPARE(spans.size(), 6);
    QCOMPARE(spans.first().name, QStringLiteral("password"));
    QCOMPARE(body.mid(spans.first().offset, spans.first().length), QByteArray("p-secret-1"));
}

void TestSecretPolicy::redactJsonKeepsWhatIsNoSecret()
{
    // A token response keeps its type and lifetime; the demo's echo keeps the names of what arrived;
    // an OpenID discovery document keeps its endpoints.
    const QByteArray token
        = R"({"access_token":"eyJhbGciOiJSUzI1NiJ9.e30.c2ln","token_type":"Bearer","expires_in":3600})";
    const QByteArray out = redactBody(token, "application/json", SecretPolicy::standard());
    QVERIFY(!out.contains("eyJhbGciOiJSUzI1NiJ9.e30"));
    QVERIFY(out.contains(R"("token_type":"Bearer")"));
    QVERIFY(out.contains(R"("expires_in":3600)"));

    const QByteArray echo = R"({"credentials":[{"in":"header","name":"Authorization","scheme":"Basic"}]})";
    bool changed = true;
    QCOMPARE(redactBody(echo, "application/json", SecretPolicy::standard(), &changed), echo);
    QVERIFY(!changed);

    const QByteArray discovery = R"({"token_endpoint":"https://id.example/token",)"
                                 R"("token_endpoint_auth_methods_supported":["client_secret_basic"]})";
    QCOMPARE(redactBody(discovery, "application/json", SecretPolicy::standard()), discovery);
}

void TestSecretPolicy::redactFormBody()
{
    const QByteArray body = "grant_type=refresh_token&refresh_token=RT-secret-value&client_id=app"
                            "&client_secret=cs%2Bsecret&password=";
    bool changed = false;
    const QByteArray out = redactBody(body, "application/x-www-form-urlencoded", SecretPolicy::standard(), &changed);
    QVERIFY(changed);
    QVERIFY2(!out.contains("RT-secret-value"), out.constData());
    QVERIFY(!out.contains("cs%2Bsecret"));
    QVERIFY(out.startsWith("grant_type=refresh_token&refresh_token="));
    QVERIFY(out.contains("&client_id=app&"));
    QVERIFY(out.endsWith("&password=")); // nothing to hide
    // The same body without a Content-Type is recognised by its shape.
    QVERIFY(!redactBody(body, {}, SecretPolicy::standard()).contains("RT-secret-value"));
}

void TestSecretPolicy::redactMultipartBody()
{
    const QByteArray body = "--XyZ\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nalice\r\n"
                            "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nmp-secret-1\r\n"
                            "--XyZ\r\nContent-Disposition: form-data; name=\"token\"; filename=\"t.txt\"\r\n"
                            "Content-Type: text/plain\r\n\r\nfile content\r\n--XyZ--\r\n";
    const QByteArray out = redactBody(body, "multipart/form-data; boundary=XyZ", SecretPolicy::standard());
    QVERIFY2(!out.contains("mp-secret-1"), out.constData());
    QVERIFY(out.contains("alice"));
    QVERIFY(out.contains("file content")); // files are content, not fields
}

void TestSecretPolicy::notJsonIsLeftAlone()
{
    for (const QByteArray& body : {QByteArray(R"({"password": "unterminated)"), QByteArray("password: hunter2"),
                                   QByteArray("<password>x</password>"), QByteArray("\x00\x01password=x", 12)}) {
        bool changed = true;
        QCOMPARE(redactBody(body, "application/json", SecretPolicy::standard(), &changed), body);
        QVERIFY(!changed);
    }
}

void TestSecretPolicy::redactUrlAndLocation()
{
    const QUrl url(QStringLiteral("https://u:pw@api.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&page=2"));
    const QString out = redactUrl(url, SecretPolicy::standard()).toString();
    QVERIFY2(!out.contains(u"SplxlOBeZQQYbYS6WxSbIA"), qPrintable(out));
    QVERIFY(!out.contains(u"pw@"));
    QVERIFY(out.contains(u"state=xyz"));
    QVERIFY(out.contains(u"page=2"));

    const QByteArray location = "https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz";
    const QByteArray shown = redactHeaderValue("Location", location, SecretPolicy::standard());
    QVERIFY2(!shown.contains("SplxlOBeZQQYbYS6WxSbIA"), shown.constData());
    QVERIFY(shown.contains("state=xyz"));
    QCOMPARE(redactHeaderValue("Location", "/next?page=2", SecretPolicy::standard()), QByteArray("/next?page=2"));
    QCOMPARE(redactHeaderValue("Accept", "*/*", SecretPolicy::standard()), QByteArray("*/*"));
    QVERIFY(redactHeaderValue("X-Client-Token", "ct-0123456789abcdef", SecretPolicy::standard()).contains("redacted"));
}

QTEST_APPLESS_MAIN(TestSecretPolicy)
#include "TestSecretPolicy.moc"
