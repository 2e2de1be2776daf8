// HttpClient against the built-in demo API on 127.0.0.1: the exchanges a user sees first.
#include "auth/AuthSettings.h"
#include "demo/DemoServer.h"
#include "http/CookieJar.h"
#include "http/HttpClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Http;

class TestHttpClientDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void unauthorizedIsRecordedWithChallenge();
    void crossOriginEchoProvesNothingArrived();
    void allowedOriginReceivesCredentials();
    void cookieSessionLoginFlow();
    void apiKeyInQuery();
    void bigBodyFromDemo();
    void digest_data();
    void digest();
    void digestStaleNonceIsRetriedOnce();
    void digestWrongPasswordStops();

private:
    Exchange run(const RequestSpec& spec);
    QUrl url(const QString& path) const { return m_demo.baseUrl().resolved(QUrl(path)); }

    Demo::DemoServer m_demo;
    HttpClient m_client;
    CookieJar m_jar;
};

Exchange TestHttpClientDemo::run(const RequestSpec& spec)
{
    QSignalSpy spy(&m_client, &HttpClient::finished);
    m_client.send(spec);
    if (!spy.wait(60000))
        return {};
    return spy.takeFirst().at(0).value<Exchange>();
}

void TestHttpClientDemo::initTestCase()
{
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
    m_client.setCookieJar(&m_jar);
}

void TestHttpClientDemo::unauthorizedIsRecordedWithChallenge()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/api/profile"));
    const Exchange ex = run(spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.hops.size(), 1);
    const Hop& hop = ex.hops.constFirst();
    QCOMPARE(hop.response.status, 401);
    QCOMPARE(hop.response.reason, QByteArray("Unauthorized"));
    const QByteArray challenge = headerValue(hop.response.headers, "WWW-Authenticate");
    QVERIFY2(challenge.startsWith("Bearer realm=\"authlens-demo\""), challenge.constData());
    QVERIFY(challenge.contains("resource_metadata="));
    QVERIFY(hasHeader(hop.response.headers, "Date"));
    QVERIFY(hop.timing.ttfbMs >= 0);
}

void TestHttpClientDemo::crossOriginEchoProvesNothingArrived()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/redirect/cross-origin"));
    Auth::AuthSettings basic;
    basic.method = Auth::Method::Basic;
    basic.username = Demo::DemoServer::basicUser();
    Auth::AuthSecrets secrets;
    secrets.password = Demo::DemoServer::basicPassword();
    spec.credentials = Auth::credentialsFor(basic, secrets);
    spec.credentials.append({Credential::Place::Query, "api_key", Demo::DemoServer::apiKey().toUtf8(), {}});
    const Exchange ex = run(spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.hops.size(), 2);
    QCOMPARE(Origin::fromUrl(ex.hops[1].request.url), Origin::fromUrl(m_demo.secondOriginUrl()));
    QCOMPARE(ex.hops[1].withheld.size(), 2);
    const QJsonObject echo = QJsonDocument::fromJson(ex.hops[1].response.body.readAll()).object();
    QVERIFY2(echo[u"credentials"].toArray().isEmpty(), QJsonDocument(echo).toJson().constData());
    QVERIFY(!ex.hops[1].request.url.hasQuery());
}

void TestHttpClientDemo::allowedOriginReceivesCredentials()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/redirect/cross-origin"));
    spec.credentials = {{Credential::Place::Header, "Authorization", "Bearer abc", {}}};
    spec.allowedOrigins = {Origin::fromUrl(m_demo.secondOriginUrl())};
    const Exchange ex = run(spec);
    QCOMPARE(ex.hops.size(), 2);
    QVERIFY(ex.hops[1].withheld.isEmpty());
    const QJsonArray creds
        = QJsonDocument::fromJson(ex.hops[1].response.body.readAll()).object()[u"credentials"].toArray();
    QCOMPARE(creds.size(), 1);
    QCOMPARE(creds[0].toObject()[u"name"].toString(), QStringLiteral("Authorization"));
    QCOMPARE(creds[0].toObject()[u"scheme"].toString(), QStringLiteral("Bearer"));
}

void TestHttpClientDemo::cookieSessionLoginFlow()
{
    RequestSpec resource;
    resource.url = url(QStringLiteral("/session/resource"));
    const Exchange before = run(resource);
    // No session: redirected to the login page, which answers 200 with a form.
    QCOMPARE(before.hops.size(), 2);
    QCOMPARE(before.hops[0].response.status, 302);
    QCOMPARE(before.hops[1].request.url.path(), QStringLiteral("/session/login"));
    QCOMPARE(before.finalStatus(), 200);

    RequestSpec login;
    login.method = "POST";
    login.url = url(QStringLiteral("/session/login?next=/session/resource"));
    login.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    login.body
        = "user=" + Demo::DemoServer::basicUser().toUtf8() + "&password=" + Demo::DemoServer::basicPassword().toUtf8();
    const Exchange after = run(login);
    QCOMPARE(after.error.kind, ErrorKind::None);
    QCOMPARE(after.hops.size(), 2);
    QCOMPARE(after.hops[0].response.status, 302);
    QCOMPARE(after.hops[0].cookies.received.size(), 1);
    QCOMPARE(after.hops[0].cookies.received.constFirst().name(), QByteArray("demo_session"));
    QCOMPARE(after.hops[1].request.method, QByteArray("GET")); // 302 after POST becomes GET
    QCOMPARE(after.hops[1].cookies.sent.size(), 1);
    QCOMPARE(after.finalStatus(), 200);

    const Exchange again = run(resource);
    QCOMPARE(again.hops.size(), 1);
    QCOMPARE(again.finalStatus(), 200);
    QVERIFY(headerValue(again.hops[0].request.headers, "Cookie").startsWith("demo_session="));
}

void TestHttpClientDemo::apiKeyInQuery()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/apikey/resource?x=1"));
    Auth::AuthSettings settings;
    settings.method = Auth::Method::ApiKey;
    settings.apiKeyName = QStringLiteral("api_key");
    settings.apiKeyPlace = Auth::ApiKeyPlace::Query;
    Auth::AuthSecrets secrets;
    secrets.apiKey = Demo::DemoServer::apiKey();
    spec.credentials = Auth::credentialsFor(settings, secrets);
    const Exchange ex = run(spec);
    QCOMPARE(ex.finalStatus(), 200);
    QVERIFY(ex.hops[0].request.url.query().contains(u"x=1"));
    QVERIFY(ex.hops[0].request.url.query().contains(u"api_key="));
}

void TestHttpClientDemo::bigBodyFromDemo()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/bytes?n=%1").arg(32 * 1024 * 1024));
    spec.spillThreshold = 1024 * 1024;
    QSignalSpy progress(&m_client, &HttpClient::downloadProgress);
    const Exchange ex = run(spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.finalStatus(), 200);
    QCOMPARE(ex.hops[0].response.body.size(), 32 * 1024 * 1024);
    QVERIFY(ex.hops[0].response.body.isSpilled());
    QVERIFY(!progress.isEmpty());
}

void TestHttpClientDemo::digest_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("algorithm");
    QTest::newRow("MD5") << "/digest/md5"
                         << "MD5";
    QTest::newRow("SHA-256") << "/digest/sha256"
                             << "SHA-256";
}

void TestHttpClientDemo::digest()
{
    QFETCH(QString, path);
    QFETCH(QString, algorithm);
    RequestSpec spec;
    spec.url = url(path + QStringLiteral("?x=1"));
    Auth::AuthSettings settings;
    settings.method = Auth::Method::Digest;
    settings.username = Demo::DemoServer::basicUser();
    Auth::AuthSecrets secrets;
    secrets.password = Demo::DemoServer::basicPassword();
    Auth::applyTo(settings, secrets, spec);
    QVERIFY(spec.credentials.isEmpty()); // nothing up front: Digest answers the challenge
    const Exchange ex = run(spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.hops.size(), 2);
    QCOMPARE(ex.hops[0].response.status, 401);
    QVERIFY(headerValue(ex.hops[0].response.headers, "WWW-Authenticate").startsWith("Digest "));
    QVERIFY(!hasHeader(ex.hops[0].request.headers, "Authorization"));
    QVERIFY(ex.hops[1].note.contains(algorithm));
    const QByteArray authorization = headerValue(ex.hops[1].request.headers, "Authorization");
    QVERIFY(authorization.startsWith("Digest "));
    QVERIFY(authorization.contains(QByteArray("uri=\"" + path.toUtf8() + "?x=1\"")));
    QCOMPARE(ex.finalStatus(), 200);
    QVERIFY(headerValue(ex.hops[1].response.headers, "Authentication-Info").contains("rspauth="));
}

void TestHttpClientDemo::digestStaleNonceIsRetriedOnce()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/digest/stale"));
    Auth::AuthSettings settings;
    settings.method = Auth::Method::Digest;
    settings.username = Demo::DemoServer::basicUser();
    Auth::AuthSecrets secrets;
    secrets.password = Demo::DemoServer::basicPassword();
    Auth::applyTo(settings, secrets, spec);
    const Exchange ex = run(spec);
    QCOMPARE(ex.hops.size(), 3); // challenge, answer → stale=true, answer with the new nonce → 200
    QVERIFY(headerValue(ex.hops[1].response.headers, "WWW-Authenticate").contains("stale=true"));
    QVERIFY(ex.hops[2].note.contains(u"stale=true"));
    QCOMPARE(ex.finalStatus(), 200);
}

void TestHttpClientDemo::digestWrongPasswordStops()
{
    RequestSpec spec;
    spec.url = url(QStringLiteral("/digest/sha256"));
    Auth::AuthSettings settings;
    settings.method = Auth::Method::Digest;
    settings.username = Demo::DemoServer::basicUser();
    Auth::AuthSecrets secrets;
    secrets.password = QStringLiteral("wrong");
    Auth::applyTo(settings, secrets, spec);
    const Exchange ex = run(spec);
    QCOMPARE(ex.hops.size(), 2); // one answer, then the 401 stands
    QCOMPARE(ex.finalStatus(), 401);
    QVERIFY(!headerValue(ex.hops[1].response.headers, "WWW-Authenticate").contains("stale=true"));
}

QTEST_GUILESS_MAIN(TestHttpClientDemo)
#include "TestHttpClientDemo.moc"
