// Client assertions end to end (issue 11, RFC 7523): the token service against the demo API's token
// endpoint in process — private_key_jwt and client_secret_jwt for client_credentials, password and
// refresh_token, the demo profiles, and every check the demo server makes (signature/key, kid, aud, exp,
// jti replay, one method only), each answered invalid_client with a precise description and explained by
// the oauth.invalid_client finding.
#include "demo/DemoClientAssertion.h"
#include "demo/DemoServer.h"
#include "diagnosis/Catalog.h"
#include "http/HttpClient.h"
#include "jwt/PrivateKey.h"
#include "workspace/ClientAuthentication.h"
#include "workspace/TokenService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace Authlens;
using namespace Authlens::Workspace;
using Demo::DemoClientAssertion;
using Demo::DemoServer;

class TestClientAssertionService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void demoProfiles();
    void privateKeyJwtClientCredentials();
    void clientSecretJwtClientCredentials();
    void passwordThenRefreshWithAnAssertion();
    void unregisteredKeyIsInvalidClient();
    void serverChecks_data();
    void serverChecks();
    void replayedAssertionIsRefused();
    void metadataAdvertisesTheMethods();

private:
    Profiles::Profile demoProfile(const QString& id) const;
    TokenOutcome runTokens(const Profiles::Profile& p, TokenService::Mode mode = TokenService::Mode::New);
    Http::Exchange send(const Http::RequestSpec& spec);
    QString tokenEndpoint() const { return m_server.baseUrl().toString() + QStringLiteral("/oauth/token"); }

    DemoServer m_server;
};

void TestClientAssertionService::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

Profiles::Profile TestClientAssertionService::demoProfile(const QString& id) const
{
    const QList<Profiles::Profile> all = m_server.profiles();
    for (const Profiles::Profile& p : all) {
        if (p.id == id)
            return p;
    }
    qWarning("no demo profile %s", qPrintable(id));
    return {};
}

TokenOutcome TestClientAssertionService::runTokens(const Profiles::Profile& p, TokenService::Mode mode)
{
    TokenService service(nullptr); // demo profiles: tokens stay in memory
    TokenService::Request request;
    request.profile = p;
    request.mode = mode;
    TokenOutcome outcome;
    outcome.error = {ErrorKind::Network, QStringLiteral("test timeout")};
    bool done = false;
    QObject context;
    service.run(request, &context, [&](const TokenOutcome& o) {
        outcome = o;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 30000))
        qWarning("token run timed out");
    return outcome;
}

Http::Exchange TestClientAssertionService::send(const Http::RequestSpec& spec)
{
    Http::HttpClient client;
    QSignalSpy spy(&client, &Http::HttpClient::finished);
    client.send(spec);
    if (!spy.wait(20000))
        return {};
    return spy.takeFirst().at(0).value<Http::Exchange>();
}

void TestClientAssertionService::demoProfiles()
{
    // Demo profiles hold the key in memory; it is the key the demo server registered.
    const Profiles::Profile p = demoProfile(QStringLiteral("demo-oauth-private-key-jwt"));
    QCOMPARE(p.name, QStringLiteral("Demo · OAuth 2 private_key_jwt client"));
    QVERIFY(p.demo);
    QCOMPARE(p.auth.oauth.clientAuth, Auth::ClientAuth::PrivateKeyJwt);
    const Jwt::PrivateKey key = Jwt::PrivateKey::fromPem(p.sessionSecrets.assertionKey.toLatin1());
    QVERIFY(!key.isNull());
    QCOMPARE(QString::fromLatin1(key.toPem()), QString::fromLatin1(m_server.clientAssertionKeyPem()));
    const Profiles::Profile wrong = demoProfile(QStringLiteral("demo-oauth-private-key-jwt-wrong-key"));
    QVERIFY(wrong.demo);
    QVERIFY(wrong.sessionSecrets.assertionKey != p.sessionSecrets.assertionKey);
    const Profiles::Profile hs = demoProfile(QStringLiteral("demo-oauth-client-secret-jwt"));
    QCOMPARE(hs.auth.oauth.clientAuth, Auth::ClientAuth::ClientSecretJwt);
    QVERIFY(hs.demo);
}

void TestClientAssertionService::privateKeyJwtClientCredentials()
{
    const Profiles::Profile p = demoProfile(QStringLiteral("demo-oauth-private-key-jwt"));
    const TokenOutcome o = runTokens(p);
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QCOMPARE(o.grantType, QStringLiteral("client_credentials"));
    QVERIFY(o.sessionOnly);
    const TokenStep* step = o.tokenRequestStep();
    QVERIFY(step);
    QCOMPARE(step->exchange.finalStatus(), 200);
    // The transcript's summary: what the assertion said.
    const QJsonObject summary = clientAssertionSummary(step->exchange);
    QCOMPARE(summary[u"header"].toObject()[u"alg"].toString(), QStringLiteral("ES256"));
    QCOMPARE(summary[u"header"].toObject()[u"kid"].toString(), DemoClientAssertion::keyId());
    QCOMPARE(summary[u"claims"].toObject()[u"aud"].toString(), tokenEndpoint());
    QCOMPARE(summary[u"claims"].toObject()[u"iss"].toString(), DemoClientAssertion::keyClientId());
    // The token it got works at the API.
    Http::RequestSpec api;
    api.url = QUrl(m_server.baseUrl().toString() + QStringLiteral("/api/profile"));
    api.headers.append({QByteArrayLiteral("Authorization"), "Bearer " + o.profile.sessionSecrets.token.toLatin1()});
    QCOMPARE(send(api).finalStatus(), 200);
}

void TestClientAssertionService::clientSecretJwtClientCredentials()
{
    const Profiles::Profile p = demoProfile(QStringLiteral("demo-oauth-client-secret-jwt"));
    const TokenOutcome o = runTokens(p);
    QVERIFY2(o.ok, qPrintable(o.error.message));
    const TokenStep* step = o.tokenRequestStep();
    QVERIFY(step);
    QCOMPARE(clientAssertionSummary(step->exchange)[u"header"].toObject()[u"alg"].toString(), QStringLiteral("HS256"));
    // The client secret itself never went out.
    QVERIFY(!step->exchange.hops.first().request.body.contains(
        QUrl::toPercentEncoding(DemoClientAssertion::secretClientSecret())));
    QVERIFY(Http::headerValue(step->exchange.hops.first().request.headers, "Authorization").isEmpty());
}

void TestClientAssertionService::passwordThenRefreshWithAnAssertion()
{
    // Every grant authenticates its client the same way: the password grant, then the refresh (rotation).
    Profiles::Profile p = demoProfile(QStringLiteral("demo-oauth-private-key-jwt"));
    p.auth.oauth.grantType = QStringLiteral("password");
    p.auth.username = DemoServer::basicUser();
    p.sessionSecrets.password = DemoServer::basicPassword();
    const TokenOutcome first = runTokens(p);
    QVERIFY2(first.ok, qPrintable(first.error.message));
    QVERIFY(!first.profile.sessionSecrets.refreshToken.isEmpty());
    const TokenOutcome second = runTokens(first.profile, TokenService::Mode::Refresh);
    QVERIFY2(second.ok, qPrintable(second.error.message));
    QCOMPARE(second.grantType, QStringLiteral("refresh_token"));
    QVERIFY(second.refreshTokenRotated);
    const QByteArray body = second.tokenRequestStep()->exchange.hops.first().request.body;
    QVERIFY(body.contains("client_assertion="));
    // A new assertion for the second request: another jti.
    QVERIFY(clientAssertionSummary(first.tokenRequestStep()->exchange)[u"claims"].toObject()[u"jti"]
            != clientAssertionSummary(second.tokenRequestStep()->exchange)[u"claims"].toObject()[u"jti"]);
}

void TestClientAssertionService::unregisteredKeyIsInvalidClient()
{
    const TokenOutcome o = runTokens(demoProfile(QStringLiteral("demo-oauth-private-key-jwt-wrong-key")));
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::Refused);
    QVERIFY2(o.error.message.contains(u"signature does not verify with the key registered"),
             qPrintable(o.error.message));
    QCOMPARE(o.tokenRequestStep()->exchange.finalStatus(), 400);
    const QList<Diagnosis::Finding> findings = o.findings();
    const Diagnosis::Finding* f = Diagnosis::findFinding(findings, QString(Diagnosis::Code::OAuthInvalidClient));
    QVERIFY(f);
    // What was sent (alg, kid, aud) and the likely causes.
    QVERIFY2(f->explanation.contains(QStringLiteral("private_key_jwt (alg ES256, kid \"%1\", aud %2)")
                                         .arg(DemoClientAssertion::keyId(), tokenEndpoint())),
             qPrintable(f->explanation));
    QVERIFY2(f->explanation.contains(u"not registered for this client"), qPrintable(f->explanation));
    QVERIFY2(f->explanation.contains(u"clock skew"), qPrintable(f->explanation));
    QVERIFY2(f->explanation.contains(u"jti"), qPrintable(f->explanation));
    // The aud was right: that cause is not claimed.
    QVERIFY2(!f->explanation.contains(u"is not the token endpoint it was sent to"), qPrintable(f->explanation));
    QVERIFY(std::any_of(f->evidence.cbegin(), f->evidence.cend(),
                        [](const Diagnosis::Evidence& e) { return e.name == u"client_assertion"; }));
}

void TestClientAssertionService::serverChecks_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("description");
    QTest::newRow("kid not registered") << "kid"
                                        << "invalid_client"
                                        << "kid other-key is not a key registered";
    QTest::newRow("aud another URL") << "aud"
                                     << "invalid_client"
                                     << "aud";
    QTest::newRow("expired by the server's clock") << "clock"
                                                   << "invalid_client"
                                                   << "expired";
    QTest::newRow("issued in the future") << "future"
                                          << "invalid_client"
                                          << "in the future";
    QTest::newRow("HMAC with another secret") << "secret"
                                              << "invalid_client"
                                              << "HMAC does not verify";
    QTest::newRow("HS256 for the key client") << "hs-for-key"
                                              << "invalid_client"
                                              << "authenticates with private_key_jwt";
    QTest::newRow("unknown client") << "client"
                                    << "invalid_client"
                                    << "Unknown client";
    QTest::newRow("Basic as well") << "basic"
                                   << "invalid_request"
                                   << "one client authentication method";
    QTest::newRow("wrong assertion type") << "type"
                                          << "invalid_client"
                                          << "client_assertion_type must be";
}

void TestClientAssertionService::serverChecks()
{
    QFETCH(QString, change);
    QFETCH(QString, error);
    QFETCH(QString, description);
    Profiles::Profile p = demoProfile(change == u"secret" ? QStringLiteral("demo-oauth-client-secret-jwt")
                                                          : QStringLiteral("demo-oauth-private-key-jwt"));
    QUrl audience(tokenEndpoint());
    if (change == u"kid")
        p.auth.oauth.assertionKeyId = QStringLiteral("other-key");
    else if (change == u"aud")
        audience = QUrl(m_server.baseUrl().toString() + QStringLiteral("/token"));
    else if (change == u"clock")
        m_server.setClockOffset(3600);
    else if (change == u"future")
        m_server.setClockOffset(-3600);
    else if (change == u"secret")
        p.sessionSecrets.clientSecret = QStringLiteral("another-secret-that-is-long-enough-for-hs256");
    else if (change == u"hs-for-key") {
        p.auth.oauth.clientAuth = Auth::ClientAuth::ClientSecretJwt;
        p.auth.oauth.assertionAlg = QStringLiteral("HS256");
        p.sessionSecrets.clientSecret = QStringLiteral("a-secret-that-is-long-enough-for-hs256-0000");
    } else if (change == u"client")
        p.auth.oauth.clientId = QStringLiteral("someone-else");

    const std::optional<ClientAssertion> a = makeClientAssertion(p.auth.oauth, p.sessionSecrets, audience, {}, nullptr);
    QVERIFY(a);
    Http::RequestSpec spec;
    spec.method = "POST";
    spec.url = QUrl(tokenEndpoint());
    spec.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")}};
    if (change == u"basic")
        spec.headers.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Basic YTpi")});
    const QString type = change == u"type" ? QStringLiteral("urn:example:other") : clientAssertionType();
    spec.body = "grant_type=client_credentials&client_assertion_type=" + QUrl::toPercentEncoding(type)
        + "&client_assertion=" + a->token;
    const Http::Exchange exchange = send(spec);
    m_server.setClockOffset(0);
    QCOMPARE(exchange.finalStatus(), 400);
    const QJsonObject answer = QJsonDocument::fromJson(exchange.finalResponseHop()->response.body.readAll()).object();
    QCOMPARE(answer[u"error"].toString(), error);
    QVERIFY2(answer[u"error_description"].toString().contains(description),
             qPrintable(answer[u"error_description"].toString()));
}

void TestClientAssertionService::replayedAssertionIsRefused()
{
    // RFC 7523 §3 point 7: the same assertion twice — the second is a replay.
    const Profiles::Profile p = demoProfile(QStringLiteral("demo-oauth-private-key-jwt"));
    const std::optional<Http::RequestSpec> spec
        = TokenService::tokenRequest(p, QStringLiteral("client_credentials"), QUrl(tokenEndpoint()), nullptr);
    QVERIFY(spec);
    QCOMPARE(send(*spec).finalStatus(), 200);
    const Http::Exchange again = send(*spec);
    QCOMPARE(again.finalStatus(), 400);
    const QJsonObject answer = QJsonDocument::fromJson(again.finalResponseHop()->response.body.readAll()).object();
    QCOMPARE(answer[u"error"].toString(), QStringLiteral("invalid_client"));
    QVERIFY2(answer[u"error_description"].toString().contains(u"was already used"),
             qPrintable(answer[u"error_description"].toString()));
    // A fresh request (a new assertion) works again.
    const std::optional<Http::RequestSpec> fresh
        = TokenService::tokenRequest(p, QStringLiteral("client_credentials"), QUrl(tokenEndpoint()), nullptr);
    QCOMPARE(send(*fresh).finalStatus(), 200);
}

void TestClientAssertionService::metadataAdvertisesTheMethods()
{
    Http::RequestSpec spec;
    spec.url = QUrl(m_server.baseUrl().toString() + QStringLiteral("/.well-known/openid-configuration"));
    const Http::Exchange exchange = send(spec);
    QCOMPARE(exchange.finalStatus(), 200);
    const QJsonObject metadata = QJsonDocument::fromJson(exchange.finalResponseHop()->response.body.readAll()).object();
    const QJsonArray methods = metadata[u"token_endpoint_auth_methods_supported"].toArray();
    QVERIFY(methods.contains(QStringLiteral("private_key_jwt")));
    QVERIFY(methods.contains(QStringLiteral("client_secret_jwt")));
    QVERIFY(metadata[u"token_endpoint_auth_signing_alg_values_supported"].toArray().contains(QStringLiteral("ES256")));

    // The index publishes the registered public key (the one the demo profile's private key belongs to).
    spec.url = m_server.baseUrl();
    const QJsonObject index = QJsonDocument::fromJson(send(spec).finalResponseHop()->response.body.readAll()).object();
    const QJsonObject pk = index[u"client_assertion_clients"].toObject()[u"private_key_jwt"].toObject();
    QCOMPARE(pk[u"client_id"].toString(), DemoClientAssertion::keyClientId());
    QCOMPARE(pk[u"jwk"].toObject()[u"kid"].toString(), DemoClientAssertion::keyId());
    QVERIFY(!pk[u"jwk"].toObject().contains(u"d"));
    QCOMPARE(Jwt::jwkThumbprint(pk[u"jwk"].toObject()),
             Jwt::PrivateKey::fromPem(m_server.clientAssertionKeyPem()).thumbprint());
}

QTEST_GUILESS_MAIN(TestClientAssertionService)
#include "TestClientAssertionService.moc"
