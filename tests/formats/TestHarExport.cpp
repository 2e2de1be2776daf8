// "Save as HAR": HAR 1.2 with the hop facts HAR has no field for, secrets redacted unless asked, and
// a round trip through exchangesFromHar().
#include "http/RequestSpec.h"
#include "profiles/formats/HarExport.h"
#include "profiles/formats/HarImport.h"
#include "profiles/formats/ImportResult.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Formats;
using namespace Qt::StringLiterals;

namespace {

const QByteArrayList kSecrets {"TOKENVALUE1234567890", "COOKIEVAL123456789",  "APIKEY12345678901", "SECRETQ",
                               "NEWCOOKIE123456789",   "ACCESSTOKENVALUE123", "REFRESHVALUE456"};

Http::Exchange redirectExchange()
{
    Http::Hop first;
    first.request.method = "GET";
    first.request.url = QUrl(u"https://api.example.com/v1/me?access_token=SECRETQ&x=1"_s);
    first.request.headers = {{"Authorization", "Bearer TOKENVALUE1234567890"},
                             {"Accept", "application/json"},
                             {"Cookie", "sid=COOKIEVAL123456789"},
                             {"X-API-Key", "APIKEY12345678901"}};
    first.response.received = true;
    first.response.status = 302;
    first.response.reason = "Found";
    first.response.httpVersion = "1.1";
    first.response.headers
        = {{"Location", "https://other.example.com/me"}, {"Set-Cookie", "sid=NEWCOOKIE123456789; Path=/; HttpOnly"}};
    first.timing.started = QDateTime(QDate(2024, 3, 14), QTime(10, 0, 0, 250), Qt::UTC);
    first.timing.connectMs = 20.5;
    first.timing.ttfbMs = 50.25;
    first.timing.totalMs = 55;
    first.tls.used = true;
    first.tls.protocol = u"TLSv1.3"_s;
    first.tls.cipher = u"TLS_AES_256_GCM_SHA384"_s;
    first.tls.errors = {u"The certificate is self-signed, and untrusted"_s};
    first.tls.errorsIgnored = true;
    Http::CertificateSummary cert;
    cert.subject = u"CN=api.example.com"_s;
    cert.issuer = u"CN=api.example.com"_s;
    cert.subjectAltNames = {u"api.example.com"_s};
    cert.notBefore = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    cert.notAfter = QDateTime(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);
    cert.sha256 = u"ab:cd"_s;
    cert.selfSigned = true;
    first.tls.peerChain = {cert};
    QNetworkCookie sent("sid", "COOKIEVAL123456789");
    first.cookies.sent = {sent};
    QNetworkCookie received("sid", "NEWCOOKIE123456789");
    received.setPath(u"/"_s);
    received.setHttpOnly(true);
    first.cookies.received = {received};
    first.cookies.rejected = {u"tracker=1: domain does not match"_s};

    Http::Hop second;
    second.request.method = "GET";
    second.request.url = QUrl(u"https://other.example.com/me"_s);
    second.request.headers = {{"Accept", "application/json"}};
    second.withheld
        = {{"Authorization", u"origin changed: https://api.example.com:443 → https://other.example.com:443"_s},
           {"?access_token", u"query credential not sent to another origin"_s}};
    second.response.received = true;
    second.response.status = 200;
    second.response.reason = "OK";
    second.response.httpVersion = "2";
    second.response.headers = {{"Content-Type", "application/json"}};
    second.response.body = Http::Body::fromBytes(
        R"({"access_token":"ACCESSTOKENVALUE123","refresh_token":"REFRESHVALUE456","token_type":"Bearer","note":"caf\u00e9 ✓"})");
    second.timing.started = QDateTime(QDate(2024, 3, 14), QTime(10, 0, 0, 310), Qt::UTC);
    second.timing.connectMs = 10;
    second.timing.ttfbMs = 30;
    second.timing.totalMs = 31.5;

    Http::Exchange exchange;
    exchange.hops = {first, second};
    return exchange;
}

Http::Exchange binaryAndFailedExchange()
{
    Http::Hop image;
    image.request.method = "POST";
    image.request.url = QUrl(u"http://127.0.0.1:8080/upload"_s);
    image.request.headers = {{"Content-Type", "application/octet-stream"}};
    image.request.bodySize = 1234;
    image.response.received = true;
    image.response.status = 201;
    image.response.reason = "Created";
    image.response.headers = {{"Content-Type", "image/png"}};
    image.response.body = Http::Body::fromBytes(QByteArray("\x89PNG\r\n\x1a\n\x00\x00\xff", 11));
    image.timing.started = QDateTime(QDate(2024, 3, 14), QTime(11, 0), Qt::UTC);

    Http::Hop failed;
    failed.request.method = "GET";
    failed.request.url = QUrl(u"http://127.0.0.1:9/never"_s);
    failed.error = {Http::ErrorKind::ConnectTimeout, u"Connection timed out after 15000 ms"_s};

    Http::Exchange exchange;
    exchange.hops = {image, failed};
    exchange.error = failed.error;
    return exchange;
}

Http::SecretPolicy rules()
{
    Http::RequestSpec spec;
    spec.credentials = {{Http::Credential::Place::Query, "access_token", "SECRETQ", u"token"_s},
                        {Http::Credential::Place::Header, "X-API-Key", "APIKEY12345678901", u"key"_s}};
    return Http::SecretPolicy::forSpec(spec);
}

QList<Http::Hop> allHops(const QList<Http::Exchange>& exchanges)
{
    QList<Http::Hop> hops;
    for (const Http::Exchange& e : exchanges)
        hops += e.hops;
    return hops;
}

} // namespace

class TestHarExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void structure();
    void roundTrip();
    void redaction();
    void requestBodiesAndUrlsAreRedacted();
    void redactedFileImportsNoCredentials();
};

void TestHarExport::structure()
{
    const QByteArray har = exportHar(redirectExchange(), rules(), false);
    QJsonParseError error;
    const QJsonObject log = QJsonDocument::fromJson(har, &error).object().value(u"log").toObject();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(log.value(u"version").toString(), u"1.2"_s);
    QCOMPARE(log.value(u"creator").toObject().value(u"name").toString(), u"Authlens"_s);
    QCOMPARE(log.value(u"creator").toObject().value(u"version").toString(), QStringLiteral(AUTHLENS_VERSION));
    const QJsonArray entries = log.value(u"entries").toArray();
    QCOMPARE(entries.size(), 2);
    const QJsonObject first = entries.at(0).toObject();
    QCOMPARE(first.value(u"startedDateTime").toString(), u"2024-03-14T10:00:00.250Z"_s);
    QCOMPARE(first.value(u"time").toDouble(), 55.0);
    QCOMPARE(first.value(u"response").toObject().value(u"redirectURL").toString(), u"https://other.example.com/me"_s);
    QCOMPARE(first.value(u"response").toObject().value(u"httpVersion").toString(), u"HTTP/1.1"_s);
    QCOMPARE(first.value(u"request").toObject().value(u"queryString").toArray().size(), 2);
    const QJsonObject timings = first.value(u"timings").toObject();
    QCOMPARE(timings.value(u"connect").toDouble(), 20.5);
    QCOMPARE(timings.value(u"wait").toDouble(), 29.75);
    QCOMPARE(timings.value(u"receive").toDouble(), 4.75);
    for (const char* phase : {"send", "wait", "receive"})
        QVERIFY(timings.value(QLatin1String(phase)).toDouble() >= 0); // HAR forbids -1 there
    const QJsonObject ext = entries.at(1).toObject().value(u"_authlens").toObject();
    QCOMPARE(ext.value(u"withheld").toArray().size(), 2);
    QCOMPARE(ext.value(u"withheld").toArray().at(0).toObject().value(u"name").toString(), u"Authorization"_s);
    QCOMPARE(entries.at(1).toObject().value(u"response").toObject().value(u"httpVersion").toString(), u"HTTP/2.0"_s);

    const QJsonArray two = QJsonDocument::fromJson(exportHar(binaryAndFailedExchange(), rules(), false))
                               .object()
                               .value(u"log")
                               .toObject()
                               .value(u"entries")
                               .toArray();
    const QJsonObject content = two.at(0).toObject().value(u"response").toObject().value(u"content").toObject();
    QCOMPARE(content.value(u"encoding").toString(), u"base64"_s);
    QCOMPARE(content.value(u"mimeType").toString(), u"image/png"_s);
    // A hop that never started borrows the previous start time: HAR requires one.
    QCOMPARE(two.at(1).toObject().value(u"startedDateTime").toString(), u"2024-03-14T11:00:00.000Z"_s);
    QCOMPARE(two.at(1).toObject().value(u"response").toObject().value(u"_error").toString(),
             u"Connection timed out after 15000 ms"_s);
}

void TestHarExport::roundTrip()
{
    const QList<Http::Exchange> original {redirectExchange(), binaryAndFailedExchange()};
    const HarExchanges back = exchangesFromHar(exportHar(original, rules(), true));
    QVERIFY2(back.ok(), qPrintable(back.error));
    const QList<Http::Hop> expected = allHops(original);
    QCOMPARE(back.exchanges.size(), expected.size()); // one exchange per entry, one entry per hop
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const Http::Hop& want = expected.at(i);
        const Http::Hop& got = back.exchanges.at(i).hops.first();
        QCOMPARE(got.request.method, want.request.method);
        QCOMPARE(got.request.url, want.request.url);
        QCOMPARE(got.request.headers, want.request.headers);
        QCOMPARE(got.request.bodySize, want.request.bodySize);
        QCOMPARE(got.response.received, want.response.received);
        QCOMPARE(got.response.status, want.response.status);
        QCOMPARE(got.response.reason, want.response.reason);
        QCOMPARE(got.response.httpVersion,
                 want.response.httpVersion.isEmpty() ? QByteArray("1.1") : want.response.httpVersion);
        QCOMPARE(got.response.headers, want.response.headers);
        QCOMPARE(got.response.body.readAll(), want.response.body.readAll());
        QCOMPARE(got.withheld.size(), want.withheld.size());
        for (qsizetype w = 0; w < want.withheld.size(); ++w) {
            QCOMPARE(got.withheld.at(w).name, want.withheld.at(w).name);
            QCOMPARE(got.withheld.at(w).reason, want.withheld.at(w).reason);
        }
        QCOMPARE(got.timing.started, want.timing.started.isValid() ? want.timing.started : got.timing.started);
        QCOMPARE(got.timing.connectMs, want.timing.connectMs);
        QCOMPARE(got.timing.ttfbMs, want.timing.ttfbMs);
        QCOMPARE(got.timing.totalMs, want.timing.totalMs);
        QCOMPARE(got.error.kind, want.error.kind);
        QCOMPARE(got.error.message, want.error.message);
        QCOMPARE(got.tls.protocol, want.tls.protocol);
        QCOMPARE(got.tls.cipher, want.tls.cipher);
        QCOMPARE(got.tls.errors, want.tls.errors);
        QCOMPARE(got.tls.errorsIgnored, want.tls.errorsIgnored);
        QCOMPARE(got.tls.peerChain.size(), want.tls.peerChain.size());
        if (!want.tls.peerChain.isEmpty()) {
            QCOMPARE(got.tls.peerChain.first().subject, want.tls.peerChain.first().subject);
            QCOMPARE(got.tls.peerChain.first().notAfter, want.tls.peerChain.first().notAfter);
            QCOMPARE(got.tls.peerChain.first().selfSigned, true);
        }
        QCOMPARE(got.cookies.sent.size(), want.cookies.sent.size());
        QCOMPARE(got.cookies.received.size(), want.cookies.received.size());
        for (qsizetype c = 0; c < want.cookies.received.size(); ++c) {
            QCOMPARE(got.cookies.received.at(c).name(), want.cookies.received.at(c).name());
            QCOMPARE(got.cookies.received.at(c).value(), want.cookies.received.at(c).value());
            QCOMPARE(got.cookies.received.at(c).isHttpOnly(), want.cookies.received.at(c).isHttpOnly());
        }
        QCOMPARE(got.cookies.rejected, want.cookies.rejected);
    }
    QCOMPARE(back.exchanges.at(3).error.kind, Http::ErrorKind::ConnectTimeout);
}

void TestHarExport::redaction()
{
    const QByteArray har
        = exportHar(QList<Http::Exchange> {redirectExchange(), binaryAndFailedExchange()}, rules(), false);
    for (const QByteArray& secret : kSecrets)
        QVERIFY2(!har.contains(secret), secret.constData());
    // What a reader needs stays: schemes, cookie names, non-secret fields, the redaction marks.
    QVERIFY(har.contains("\"Bearer TOKE"));
    QVERIFY(har.contains("sid=COOK"));
    QVERIFY(har.contains("\\\"token_type\\\":\\\"Bearer\\\""));
    QVERIFY(har.contains("\"redacted\": true"));
    QVERIFY(har.contains("\"body_redacted\": true"));
    QVERIFY(har.contains("x=1"));
    // The redacted HAR still reads back, with the statuses intact.
    const HarExchanges back = exchangesFromHar(har);
    QVERIFY2(back.ok(), qPrintable(back.error));
    QCOMPARE(back.exchanges.size(), 4);
    QCOMPARE(back.exchanges.at(0).finalStatus(), 302);
    QCOMPARE(back.exchanges.at(1).finalStatus(), 200);
    QVERIFY(
        Http::headerValue(back.exchanges.at(0).hops.first().request.headers, "Authorization").startsWith("Bearer "));

    const QByteArray revealed = exportHar(redirectExchange(), rules(), true);
    for (const QByteArray& secret : kSecrets) {
        if (secret != "SECRETQ" || revealed.contains("access_token=SECRETQ"))
            QVERIFY2(revealed.contains(secret), secret.constData());
    }
}

/// A token request with every kind of secret the policy knows of: form and JSON body fields, a query
/// parameter, an authorization code in a redirect's Location, a header only the ledger calls secret.
Http::Exchange tokenRequestExchange()
{
    Http::Hop form;
    form.request.method = "POST";
    form.request.url = QUrl(u"https://id.example/token?tenant=acme&api_key=QUERYSECRET-1"_s);
    form.request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Thing", "LEDGERSECRET-2"}};
    form.request.body = "grant_type=password&username=alice&password=FORMSECRET-3&client_secret=FORMSECRET-4"
                        "&refresh_token=FORMSECRET-5";
    form.request.bodySize = form.request.body.size();
    form.placed = {{"X-Thing",
                    Http::CredentialPlace::Header,
                    Http::CredentialSource::Profile,
                    u"API key"_s,
                    {u"https://id.example:443"_s}}};
    form.ledgerRecorded = true;
    form.response.received = true;
    form.response.status = 302;
    form.response.headers = {{"Location", "https://app.example/cb?code=CODESECRET-6abcdef&state=s1"}};

    Http::Hop json;
    json.request.method = "POST";
    json.request.url = QUrl(u"https://app.example/cb?code=CODESECRET-6abcdef&state=s1"_s);
    json.request.headers = {{"Content-Type", "application/json"}};
    json.request.body = R"({"user":"alice","credentials":{"password":"JSONSECRET-7","otp":123456},"code_verifier":)"
                        R"("JSONSECRET-8","tokens":["JSONSECRET-9"]})";
    json.request.bodySize = json.request.body.size();
    json.response.received = true;
    json.response.status = 200;
    json.response.headers = {{"Content-Type", "application/json"}};
    json.response.body = Http::Body::fromBytes(R"({"id_token":"JSONSECRET-10","expires_in":300})");
    Http::Exchange exchange;
    exchange.hops = {form, json};
    return exchange;
}

void TestHarExport::requestBodiesAndUrlsAreRedacted()
{
    const QByteArray har = exportHar(tokenRequestExchange(), Http::SecretPolicy::standard(), false);
    for (const char* secret :
         {"QUERYSECRET-1", "LEDGERSECRET-2", "FORMSECRET-3", "FORMSECRET-4", "FORMSECRET-5", "CODESECRET-6",
          "JSONSECRET-7", "123456", "JSONSECRET-8", "JSONSECRET-9", "JSONSECRET-10"})
        QVERIFY2(!har.contains(secret), secret);
    // (The bodies are JSON strings inside the HAR: their quotes are escaped.)
    for (const char* kept : {"tenant=acme", "grant_type=password", "username=alice", "state=s1",
                             R"(\"user\":\"alice\")", R"(\"expires_in\":300)"})
        QVERIFY2(har.contains(kept), kept);
    const QJsonArray entries = QJsonDocument::fromJson(har).object()[u"log"][u"entries"].toArray();
    QVERIFY(entries.at(0)[u"_authlens"][u"request_body_redacted"].toBool());
    QVERIFY(entries.at(1)[u"_authlens"][u"body_redacted"].toBool());
    QCOMPARE(entries.at(0)[u"_authlens"][u"placed"].toArray().at(0)[u"source"].toString(), u"profile"_s);
    // The redirect target in HAR's own field is redacted like the Location it comes from.
    QVERIFY(!entries.at(0)[u"response"][u"redirectURL"].toString().contains(u"CODESECRET"));
    // The redacted bodies stay what they were: a form and JSON.
    QVERIFY(!QJsonDocument::fromJson(entries.at(1)[u"request"][u"postData"][u"text"].toString().toUtf8()).isNull());

    const QByteArray revealed = exportHar(tokenRequestExchange(), Http::SecretPolicy::standard(), true);
    QVERIFY(revealed.contains("FORMSECRET-3"));
    QVERIFY(revealed.contains("JSONSECRET-8"));
}

void TestHarExport::redactedFileImportsNoCredentials()
{
    // Importing a redacted export must not turn "Bearer TOKE…[redacted, 20 bytes]" into a token.
    const ImportResult r = importHar(exportHar(redirectExchange(), rules(), false));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.profiles.first().auth.method, Auth::Method::None);
    QCOMPARE(r.profiles.first().sessionSecrets, Auth::AuthSecrets {});
    QVERIFY(r.extraCredentials.isEmpty());
    QCOMPARE(r.profiles.first().requests.first().url, u"/v1/me?x=1"_s);
    const QString warnings = r.warnings.join(u'\n');
    QVERIFY2(warnings.contains(u"Authorization header was redacted"), qPrintable(warnings));
    QVERIFY2(warnings.contains(u"query parameter \"access_token\" was redacted"), qPrintable(warnings));
}

QTEST_APPLESS_MAIN(TestHarExport)
#include "TestHarExport.moc"
