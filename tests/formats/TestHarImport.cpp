// HAR 1.2 from browser DevTools: requests into profiles, entries into exchanges for diagnosis.
#include "FormatsTestData.h"

#include "profiles/ProfileJson.h"
#include "profiles/formats/HarImport.h"

#include <QJsonDocument>

#include <QTest>

using namespace Authlens;
using namespace Authlens::Formats;
using namespace Qt::StringLiterals;

namespace {
const char* const kNewToken = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImtleS0yIiwidHlwIjoiSldUIn0."
                              "eyJzdWIiOiJ1c2VyLTQyIiwiZXhwIjoyMDAwMDAwMDAwfQ.bmV3LXNpZ25h"
                              "dHVyZQ";

QByteArray sample()
{
    return formatsTestData(u"har/chrome-login-session.har"_s);
}

QByteArray har(const QByteArray& entries)
{
    return R"({"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":)" + entries + "}}";
}
/// What an import of captured AWS signatures must give: one AWS Signature v4 profile with the signer's access key
/// ID and scope, and no secret access key (it is in no capture) nor any other credential.
void checkAwsProfile(const ImportResult& r, const QString& region, const QString& service)
{
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.profiles.size(), 1);
    const Profiles::Profile& p = r.profiles.first();
    QCOMPARE(p.auth.method, Auth::Method::AwsSigV4);
    QCOMPARE(p.auth.username, QStringLiteral("AKIAIOSFODNN7EXAMPLE"));
    QCOMPARE(p.auth.aws.region, region);
    QCOMPARE(p.auth.aws.service, service);
    QVERIFY(p.sessionSecrets.password.isEmpty());
    QVERIFY(r.extraCredentials.isEmpty());
}

/// No trace of a captured `signature` in what the import keeps: the profile file, the secrets, the warnings.
void checkSignatureNotKept(const ImportResult& r, const QByteArray& signature)
{
    const Profiles::Profile& p = r.profiles.first();
    const QByteArray file = QJsonDocument(Profiles::ProfileJson::toJson(p)).toJson();
    QVERIFY(!file.contains(signature));
    QVERIFY(!r.warnings.join(u'\n').contains(QString::fromLatin1(signature)));
    for (Auth::SecretField field : Auth::allSecretFields())
        QVERIFY(!Auth::secretValue(p.sessionSecrets, field).contains(QString::fromLatin1(signature)));
}

} // namespace

class TestHarImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void profilesPerOrigin();
    void requests_data();
    void requests();
    void credentials();
    void awsSignatureIsNoCredential();
    void presignedUrlIsNoCredential();
    void exchanges();
    void exchangeTimings();
    void firefoxStylePostParams();
    void errors_data();
    void errors();
};

void TestHarImport::profilesPerOrigin()
{
    const ImportResult r = importHar(sample());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.format, ImportFormat::Har);
    QStringList names;
    QStringList bases;
    for (const Profiles::Profile& p : r.profiles) {
        names << p.name;
        bases << p.baseUrl;
    }
    QCOMPARE(
        names,
        QStringList({u"app.example.com"_s, u"login.example.com"_s, u"api.example.com"_s, u"search.example.com"_s}));
    QCOMPARE(bases,
             QStringList({u"https://app.example.com"_s, u"https://login.example.com"_s, u"https://api.example.com"_s,
                          u"https://search.example.com"_s}));
    const QString warnings = r.warnings.join(u'\n');
    QVERIFY2(warnings.contains(u"Skipped 1 entries that are not http(s) requests (data)"), qPrintable(warnings));
    QVERIFY2(warnings.contains(u"Skipped 1 static resources"), qPrintable(warnings));
    QVERIFY2(warnings.contains(u"1 repeated requests were kept once"), qPrintable(warnings));
    QVERIFY2(warnings.contains(u"different values for the authorization header; the latest one was kept"),
             qPrintable(warnings));
    QVERIFY2(warnings.contains(u"Accept-Encoding"), qPrintable(warnings));
    QVERIFY2(!warnings.contains(QString::fromLatin1(kNewToken)), qPrintable(warnings));
}

void TestHarImport::requests_data()
{
    QTest::addColumn<int>("profile");
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QByteArrayList>("headerNames");

    QTest::newRow("document without pseudo headers")
        << 0 << 0 << "GET /dashboard" << QByteArray("GET") << "/dashboard" << QByteArray() << ""
        << QByteArrayList {"accept",         "accept-language",           "sec-fetch-dest",
                           "sec-fetch-mode", "upgrade-insecure-requests", "user-agent"};
    QTest::newRow("redirect target")
        << 1 << 0 << "GET /authorize" << QByteArray("GET")
        << "/authorize?client_id=dashboard&response_type=code&redirect_uri=https%3A%2F%2Fapp."
           "example.com%2Fcallback&state=af0ifjsldkj"
        << QByteArray() << "" << QByteArrayList {"accept", "user-agent", "referer"};
    QTest::newRow("POST with body") << 2 << 0 << "POST /v1/orders" << QByteArray("POST") << "/v1/orders"
                                    << QByteArray(R"({"productId":42,"quantity":2})") << "application/json"
                                    << QByteArrayList {"accept", "origin", "user-agent"};
    QTest::newRow("repeated GET kept once") << 2 << 1 << "GET /v1/orders" << QByteArray("GET") << "/v1/orders?limit=5"
                                            << QByteArray() << "" << QByteArrayList {"accept", "user-agent"};
    QTest::newRow("failed request kept") << 2 << 2 << "GET /v1/notifications" << QByteArray("GET")
                                         << "/v1/notifications" << QByteArray() << "" << QByteArrayList {"accept"};
    QTest::newRow("HTTP/1.1 without Host and key")
        << 3 << 0 << "GET /v2/query" << QByteArray("GET") << "/v2/query?q=mug" << QByteArray() << ""
        << QByteArrayList {"Accept", "User-Agent"};
}

void TestHarImport::requests()
{
    QFETCH(int, profile);
    QFETCH(int, index);
    QFETCH(QString, name);
    QFETCH(QByteArray, method);
    QFETCH(QString, url);
    QFETCH(QByteArray, body);
    QFETCH(QString, contentType);
    QFETCH(QByteArrayList, headerNames);
    const ImportResult r = importHar(sample());
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::Profile& p = r.profiles.at(profile);
    QVERIFY(index < p.requests.size());
    const Profiles::SavedRequest& q = p.requests.at(index);
    QCOMPARE(q.name, name);
    QCOMPARE(q.method, method);
    QCOMPARE(q.url, url);
    QCOMPARE(q.body, body);
    QCOMPARE(q.contentType, contentType);
    QByteArrayList names;
    for (const Http::Header& h : q.headers)
        names << h.first;
    QCOMPARE(names, headerNames);
}

void TestHarImport::credentials()
{
    const ImportResult r = importHar(sample());
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.profiles.at(0).auth.method, Auth::Method::None);
    QCOMPARE(r.profiles.at(1).auth.method, Auth::Method::None);
    QCOMPARE(r.profiles.at(2).auth.method, Auth::Method::Bearer);
    QCOMPARE(r.profiles.at(2).sessionSecrets.token, QString::fromLatin1(kNewToken));
    QCOMPARE(r.profiles.at(2).requests.size(), 3);
    const Profiles::Profile& search = r.profiles.at(3);
    QCOMPARE(search.auth.method, Auth::Method::ApiKey);
    QCOMPARE(search.auth.apiKeyName, u"api_key"_s);
    QCOMPARE(search.auth.apiKeyPlace, Auth::ApiKeyPlace::Query);
    QCOMPARE(search.sessionSecrets.apiKey, u"sk_test_4eC39HqLyjWDarjtT1zdp7dc"_s);
    QVERIFY(r.extraCredentials.isEmpty());
    QCOMPARE(r.profiles.at(0).sessionSecrets.cookies, u"session=expired-7f3a; theme=dark"_s);
}

/// A captured AWS Signature v4 Authorization header signs one request at one moment: the import keeps who signed
/// and for what (access key ID, region, service from the Credential scope) and never the signature.
void TestHarImport::awsSignatureIsNoCredential()
{
    // AWS's documentation key ID (docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-create-request.html).
    const QByteArray signature1 = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    const QByteArray signature2 = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    const QByteArray token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN0123456789";
    const auto entry = [&](const QByteArray& path, const QByteArray& signature) -> QByteArray {
        return R"({"startedDateTime":"2026-01-05T10:00:00.000Z","time":12,"request":{"method":"GET","url":"https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod)"
            + path + R"(","httpVersion":"HTTP/1.1","headers":[
              {"name":"Authorization","value":"AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260105/us-west-2/execute-api/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=)"
            + signature + R"("},
              {"name":"X-Amz-Date","value":"20260105T100000Z"},
              {"name":"X-Amz-Security-Token","value":")"
            + token + R"("},
              {"name":"Accept","value":"application/json"}],
            "queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
            "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],
            "content":{"size":2,"mimeType":"application/json","text":"[]"},"redirectURL":"","headersSize":-1,"bodySize":2},
            "cache":{},"timings":{"send":0,"wait":10,"receive":2}})";
    };
    const ImportResult r = importHar(har("[" + entry("/pets", signature1) + "," + entry("/owners", signature2) + "]"));
    checkAwsProfile(r, u"us-west-2"_s, u"execute-api"_s);
    if (QTest::currentTestFailed())
        return;
    const Profiles::Profile& p = r.profiles.first();
    QCOMPARE(p.sessionSecrets.token, QString::fromLatin1(token)); // a session token is a reusable credential
    QCOMPARE(p.requests.size(), 2);
    for (const Profiles::SavedRequest& q : p.requests) {
        QVERIFY(!Http::hasHeader(q.headers, "Authorization"));
        QVERIFY(!Http::hasHeader(q.headers, "X-Amz-Date")); // the signer dates each request it signs
        QVERIFY(!Http::hasHeader(q.headers, "X-Amz-Security-Token"));
        QVERIFY(Http::hasHeader(q.headers, "Accept"));
    }
    const QString warnings = r.warnings.join(u'\n');
    QVERIFY2(warnings.contains(u"the secret access key is not in the capture and must be entered"),
             qPrintable(warnings));
    QVERIFY2(warnings.contains(u"region \"us-west-2\" and service \"execute-api\""), qPrintable(warnings));
    QVERIFY2(warnings.count(u"AWS4-HMAC-SHA256") == 1, qPrintable(warnings)); // once, not per entry
    for (const QByteArray& sig : {signature1, signature2})
        checkSignatureNotKept(r, sig);
    QVERIFY(!warnings.contains(QString::fromLatin1(token)));

    // A malformed AWS4 header: still no fixed header, the method to complete by hand.
    const QByteArray broken = R"([{"startedDateTime":"2026-01-05T10:00:00.000Z","time":1,"request":{"method":"GET",
        "url":"https://api.example.org/x","httpVersion":"HTTP/1.1","headers":[{"name":"Authorization",
        "value":"AWS4-HMAC-SHA256 Signature=)"
        + signature1 + R"("}],"queryString":[],"cookies":[],"headersSize":-1,
        "bodySize":0},"response":{"status":403,"statusText":"Forbidden","httpVersion":"HTTP/1.1","headers":[],
        "cookies":[],"content":{"size":0,"mimeType":"text/plain"},"redirectURL":"","headersSize":-1,"bodySize":0},
        "cache":{},"timings":{"send":0,"wait":1,"receive":0}}])";
    const ImportResult b = importHar(har(broken));
    QVERIFY2(b.ok(), qPrintable(b.error));
    QCOMPARE(b.profiles.first().auth.method, Auth::Method::AwsSigV4);
    QVERIFY(b.profiles.first().sessionSecrets.apiKey.isEmpty());
    QVERIFY(b.extraCredentials.isEmpty());
    QVERIFY2(b.warnings.join(u'\n').contains(u"the access key ID, secret access key, region and service must be "
                                             u"entered"),
             qPrintable(b.warnings.join(u'\n')));
}

/// A presigned S3 URL as a browser records it (the query in the URL and in queryString): who signed and for what
/// are kept, the signature never (docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
void TestHarImport::presignedUrlIsNoCredential()
{
    const QByteArray signature = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    const auto entry = [&](const QByteArray& key) -> QByteArray {
        const QByteArray query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
                                 "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&"
                                 "X-Amz-SignedHeaders=host&X-Amz-Signature="
            + signature;
        return R"({"startedDateTime":"2013-05-24T00:01:00.000Z","time":12,"request":{"method":"GET","url":"https://examplebucket.s3.amazonaws.com/)"
            + key + "?response-content-type=text%2Fplain&" + query + R"(","httpVersion":"HTTP/1.1","headers":[
              {"name":"Accept","value":"*/*"}],
            "queryString":[{"name":"response-content-type","value":"text/plain"},{"name":"X-Amz-Signature","value":")"
            + signature + R"("}],"cookies":[],"headersSize":-1,"bodySize":0},
            "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],
            "content":{"size":2,"mimeType":"text/plain","text":"ok"},"redirectURL":"","headersSize":-1,"bodySize":2},
            "cache":{},"timings":{"send":0,"wait":10,"receive":2}})";
    };
    const ImportResult r = importHar(har("[" + entry("test.txt") + "," + entry("other.txt") + "]"));
    checkAwsProfile(r, u"us-east-1"_s, u"s3"_s);
    if (QTest::currentTestFailed())
        return;
    const Profiles::Profile& p = r.profiles.first();
    QVERIFY(p.sessionSecrets.apiKey.isEmpty());
    QCOMPARE(p.requests.size(), 2);
    for (const Profiles::SavedRequest& q : p.requests) {
        QVERIFY2(!q.url.contains(u"X-Amz-", Qt::CaseInsensitive), qPrintable(q.url));
        QVERIFY2(q.url.contains(u"response-content-type=text%2Fplain"), qPrintable(q.url)); // the rest is kept
    }
    const QString warnings = r.warnings.join(u'\n');
    QVERIFY2(warnings.count(u"AWS presigned URL") == 1, qPrintable(warnings)); // once, not per entry
    QVERIFY2(warnings.contains(u"valid until 2013-05-25T00:00:00Z"), qPrintable(warnings));
    checkSignatureNotKept(r, signature);
}

void TestHarImport::exchanges()
{
    const HarExchanges x = exchangesFromHar(sample());
    QVERIFY2(x.ok(), qPrintable(x.error));
    QCOMPARE(x.entryIndexes, QList<int>({0, 1, 2, 3, 4, 6, 7, 8}));
    QCOMPARE(x.exchanges.size(), 8);
    for (const Http::Exchange& e : x.exchanges)
        QCOMPARE(e.hops.size(), 1);

    const Http::Hop& redirect = x.exchanges.at(0).hops.first();
    QCOMPARE(redirect.request.method, QByteArray("GET"));
    QCOMPARE(redirect.request.url, QUrl(u"https://app.example.com/dashboard"_s));
    QVERIFY(!Http::hasHeader(redirect.request.headers, ":authority"));
    QCOMPARE(Http::headerValue(redirect.request.headers, "Cookie"), QByteArray("session=expired-7f3a; theme=dark"));
    QCOMPARE(redirect.cookies.sent.size(), 2);
    QCOMPARE(redirect.response.status, 302);
    QVERIFY(redirect.response.received);
    QCOMPARE(redirect.response.httpVersion, QByteArray("2"));
    QVERIFY(Http::headerValue(redirect.response.headers, "Location").startsWith("https://login.example.com/authorize"));
    QCOMPARE(redirect.cookies.received.size(), 1);
    QCOMPARE(redirect.timing.started, QDateTime(QDate(2024, 3, 14), QTime(9, 30, 1, 123), Qt::UTC));
    QVERIFY(redirect.tls.used);

    const Http::Hop& unauthorized = x.exchanges.at(2).hops.first();
    QCOMPARE(unauthorized.response.status, 401);
    QCOMPARE(x.exchanges.at(2).finalStatus(), 401);
    QCOMPARE(Http::headerValue(unauthorized.response.headers, "WWW-Authenticate"),
             QByteArray(R"(Bearer realm="api", error="invalid_token", error_description="The access token expired")"));
    QVERIFY(Http::headerValue(unauthorized.request.headers, "Authorization").startsWith("Bearer eyJ"));
    QCOMPARE(unauthorized.response.body.readAll(),
             QByteArray(R"({"error":"invalid_token","error_description":"The access token expired"})"));
    QCOMPARE(unauthorized.request.bodySize, qint64(29));

    QCOMPARE(x.exchanges.at(3).hops.first().response.body.readAll(),
             QByteArray(R"({"orders":[{"id":1001,"total":"19.90"},{"id":1002,"total":"5.00"}]})"));
    const QByteArray png = x.exchanges.at(4).hops.first().response.body.readAll();
    QVERIFY(png.startsWith("\x89PNG\r\n\x1a\n"));
    QCOMPARE(png.size(), 67);

    const Http::Hop& http11 = x.exchanges.at(6).hops.first();
    QCOMPARE(http11.response.httpVersion, QByteArray("1.1"));
    QCOMPARE(http11.response.reason, QByteArray("OK"));

    const Http::Exchange& failed = x.exchanges.at(7);
    QVERIFY(!failed.hops.first().response.received);
    QCOMPARE(failed.finalStatus(), 0);
    QCOMPARE(failed.error.kind, Http::ErrorKind::RemoteClosed); // Chromium net error names map onto the kinds
    QCOMPARE(failed.error.message, u"net::ERR_CONNECTION_RESET"_s);
    QVERIFY2(x.warnings.join(u'\n').contains(u"Skipped 1 entries"), qPrintable(x.warnings.join(u'\n')));
}

void TestHarImport::exchangeTimings()
{
    // TTFB counts from the start of the entry: blocked + dns + connect + send + wait (ssl is inside connect).
    const HarExchanges x = exchangesFromHar(sample());
    QVERIFY2(x.ok(), qPrintable(x.error));
    const Http::Timing& t = x.exchanges.at(0).hops.first().timing;
    QCOMPARE(t.connectMs, 2.1 + 12.4 + 35.7 + 0.2);
    QCOMPARE(t.ttfbMs, 2.1 + 12.4 + 35.7 + 0.2 + 88.9);
    QCOMPARE(t.totalMs, 2.1 + 12.4 + 35.7 + 0.2 + 88.9 + 1.4);
    const Http::Timing& failed = x.exchanges.at(7).hops.first().timing;
    QCOMPARE(failed.ttfbMs, -1.0);
    QCOMPARE(failed.totalMs, 5.0);
}

void TestHarImport::firefoxStylePostParams()
{
    const QByteArray entries = R"([{"startedDateTime":"2024-03-14T09:30:01.123+01:00","time":10,
        "request":{"method":"POST","url":"http://127.0.0.1:8080/login","httpVersion":"HTTP/1.1",
          "headers":[{"name":"Content-Type","value":"application/x-www-form-urlencoded"},{"name":"Bad Header","value":"x"}],
          "cookies":[{"name":"sid","value":"abc"}],"queryString":[],"headersSize":-1,"bodySize":-1,
          "postData":{"mimeType":"application/x-www-form-urlencoded","params":[{"name":"user","value":"a b"},{"name":"pass","value":"p&w"}]}},
        "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":0,"mimeType":""},"redirectURL":"","headersSize":-1,"bodySize":0},
        "cache":{},"timings":{"send":0,"wait":5,"receive":5}}])";
    const ImportResult r = importHar(har(entries));
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Profiles::SavedRequest& q = r.profiles.first().requests.first();
    QCOMPARE(q.body, QByteArray("user=a%20b&pass=p%26w"));
    QCOMPARE(q.contentType, u"application/x-www-form-urlencoded"_s);
    QCOMPARE(r.profiles.first().baseUrl, u"http://127.0.0.1:8080"_s);
    // No Cookie header: the cookies list is the credential.
    QVERIFY(r.extraCredentials.isEmpty());
    QCOMPARE(r.profiles.first().sessionSecrets.cookies, u"sid=abc"_s);
    QVERIFY(r.warnings.join(u'\n').contains(u"1 headers with an invalid name"));
    const HarExchanges x = exchangesFromHar(har(entries));
    QCOMPARE(x.exchanges.first().hops.first().timing.started,
             QDateTime(QDate(2024, 3, 14), QTime(8, 30, 1, 123), Qt::UTC));
}

void TestHarImport::errors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("truncated") << formatsTestData(u"malformed/truncated.har"_s) << "Not valid JSON at line";
    QTest::newRow("html") << formatsTestData(u"malformed/not-json.har"_s) << "Not valid JSON at line 1";
    QTest::newRow("entries not a list") << formatsTestData(u"malformed/entries-not-list.har"_s)
                                        << "\"log.entries\" is missing";
    QTest::newRow("postman collection") << formatsTestData(u"postman/shop-api.postman_collection.json"_s)
                                        << "no \"log\" object";
    QTest::newRow("no entries") << har("[]") << "no entries";
    QTest::newRow("only other schemes") << har(R"json([{"request":{"method":"GET","url":"chrome-extension://abc/x.js"}},
                       {"request":{"method":"GET","url":"javascript:void(0)"}}])json")
                                        << "no http(s) requests";
    QTest::newRow("deep nesting") << har(R"([{"_initiator":)" + QByteArray(70, '[') + QByteArray(70, ']') + "}]")
                                  << "nested more than 64 levels";
    QTest::newRow("huge") << QByteArray(50 * 1024 * 1024 + 1, ' ') << "up to 50 MB";
}

void TestHarImport::errors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const ImportResult r = importHar(json);
    QVERIFY(!r.ok());
    QVERIFY(r.profiles.isEmpty());
    QVERIFY2(r.error.contains(error), qPrintable(r.error));
    const HarExchanges x = exchangesFromHar(json);
    if (error != u"no entries" && error != u"no http(s) requests") {
        QVERIFY(!x.ok());
        QVERIFY(x.exchanges.isEmpty());
        QVERIFY2(x.error.contains(error), qPrintable(x.error));
    }
}

QTEST_APPLESS_MAIN(TestHarImport)
#include "TestHarImport.moc"
