// "Set up OAuth for this API" in core (issue 11): from the demo API's 401 to a proposal of its endpoints,
// the proposal's rules by table, and documents that must not be used (another resource, another issuer,
// not JSON, no authorization server, nobody answering) — each a finding, nothing proposed.
#include "RawHttpServer.h"
#include "demo/DemoServer.h"
#include "diagnosis/Catalog.h"
#include "http/HttpClient.h"
#include "workspace/OAuthSetup.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Authlens;
using Workspace::OAuthProposal;
using Workspace::OAuthSetup;
using Workspace::OAuthSetupOutcome;

class TestOAuthSetup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void demoApiProposesItsEndpoints();
    void proposal_data();
    void proposal();
    void appliedTakesOnlyTheChosenFields();
    void badMetadata_data();
    void badMetadata();
    void nobodyAnswers();

private:
    OAuthSetupOutcome runSetup(const OAuthSetup::Request& request);
    Demo::DemoServer m_demo;
};

namespace {

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

Test::RawHttpServer::Reply jsonReply(const QJsonObject& body)
{
    return Test::RawHttpServer::simple(200, "OK", {{"Content-Type", "application/json"}},
                                       QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace

void TestOAuthSetup::initTestCase()
{
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
}

OAuthSetupOutcome TestOAuthSetup::runSetup(const OAuthSetup::Request& request)
{
    OAuthSetup setup;
    OAuthSetupOutcome outcome;
    bool done = false;
    QObject context;
    QSignalSpy steps(&setup, &OAuthSetup::stepStarted);
    setup.run(request, &context, [&](const OAuthSetupOutcome& o) {
        outcome = o;
        done = true;
    });
    [[maybe_unused]] const bool finished = QTest::qWaitFor([&] { return done; }, 15000);
    if (!done)
        qWarning("the setup never finished");
    if (steps.size() != outcome.transcript.size())
        qWarning("stepStarted %lld times for %lld steps", qlonglong(steps.size()),
                 qlonglong(outcome.transcript.size()));
    return outcome;
}

void TestOAuthSetup::demoApiProposesItsEndpoints()
{
    // The demo's 401 as a client gets it, over HTTP.
    Http::HttpClient client;
    QSignalSpy finished(&client, &Http::HttpClient::finished);
    Http::RequestSpec spec;
    spec.url = QUrl(m_demo.baseUrl().toString() + QStringLiteral("/api/profile"));
    client.send(spec);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    const auto challenged = finished.first().first().value<Http::Exchange>();

    Profiles::Profile profile;
    profile.name = QStringLiteral("Demo API");
    profile.baseUrl = m_demo.baseUrl().toString();
    const std::optional<OAuthSetup::Request> request = OAuthSetup::requestFor(profile, challenged);
    QVERIFY(request);
    QCOMPARE(request->resourceMetadataUrl.path(), QStringLiteral("/.well-known/oauth-protected-resource"));
    const OAuthSetupOutcome outcome = runSetup(*request);
    QVERIFY2(outcome.ok, qPrintable(outcome.error.message));
    QCOMPARE(outcome.transcript.size(), 2);
    QCOMPARE(outcome.transcript.at(0).title, QStringLiteral("Protected resource metadata (RFC 9728)"));
    QCOMPARE(outcome.transcript.at(1).title, QStringLiteral("Authorization server metadata (RFC 8414)"));
    QVERIFY(!Diagnosis::hasCause(outcome.findings()));

    const OAuthProposal& p = outcome.proposal;
    const QString base = m_demo.baseUrl().toString();
    QCOMPARE(p.issuer, base);
    QCOMPARE(p.tokenEndpoint, base + QStringLiteral("/oauth/token"));
    QCOMPARE(p.scopes,
             (QStringList {QStringLiteral("profile:read"), QStringLiteral("orders:read"), QStringLiteral("admin")}));
    QCOMPARE(p.bearerMethods, QStringList {QStringLiteral("header")});
    QVERIFY(!p.dpopRequired);
    // The grant follows what the demo's metadata offers: a browser sign-in once it has an authorization
    // endpoint with PKCE, else the device grant, else client credentials.
    if (!p.authorizationEndpoint.isEmpty())
        QCOMPARE(p.grantType, QStringLiteral("authorization_code"));
    else if (!p.deviceAuthorizationEndpoint.isEmpty())
        QCOMPARE(p.grantType, QStringLiteral("device_code"));
    else
        QCOMPARE(p.grantType, QStringLiteral("client_credentials"));
    QCOMPARE(p.sources.value(QStringLiteral("token_endpoint")), QStringLiteral("server metadata, token_endpoint"));
    QCOMPARE(p.sources.value(QStringLiteral("scopes")), QStringLiteral("resource metadata, scopes_supported"));

    // Against a Bearer profile every field is a change, and the method becomes OAuth 2.
    profile.auth.method = Auth::Method::Bearer;
    const QList<OAuthProposal::Field> fields = p.fields(profile);
    QStringList keys;
    for (const OAuthProposal::Field& f : fields) {
        keys.append(f.key);
        QVERIFY2(!f.source.isEmpty(), qPrintable(f.key));
    }
    QVERIFY(keys.contains(QStringLiteral("method")) && keys.contains(QStringLiteral("token_endpoint")));
    const Profiles::Profile applied = p.applied(profile, keys, Demo::DemoServer::clientId());
    QCOMPARE(applied.auth.method, Auth::Method::OAuth2);
    QCOMPARE(applied.auth.oauth.tokenEndpoint, base + QStringLiteral("/oauth/token"));
    QCOMPARE(applied.auth.oauth.clientId, Demo::DemoServer::clientId());
}

void TestOAuthSetup::proposal_data()
{
    QTest::addColumn<QJsonObject>("resource");
    QTest::addColumn<QJsonObject>("server");
    QTest::addColumn<QString>("grant");
    QTest::addColumn<QString>("clientAuth");
    QTest::addColumn<bool>("dpop");
    const QJsonObject rm
        = json(R"({"resource":"https://api.example.com","authorization_servers":["https://as.example.com"]})");
    QTest::newRow("code with S256, public client")
        << rm << json(R"({"issuer":"https://as.example.com","token_endpoint":"https://as.example.com/token",
                    "authorization_endpoint":"https://as.example.com/authorize","code_challenge_methods_supported":["plain","S256"],
                    "token_endpoint_auth_methods_supported":["client_secret_basic","none"]})")
        << "authorization_code"
        << "none" << false;
    QTest::newRow("code without S256: the device grant")
        << rm << json(R"({"issuer":"https://as.example.com","token_endpoint":"https://as.example.com/token",
                    "authorization_endpoint":"https://as.example.com/authorize","code_challenge_methods_supported":["plain"],
                    "device_authorization_endpoint":"https://as.example.com/device",
                    "grant_types_supported":["authorization_code","urn:ietf:params:oauth:grant-type:device_code"]})")
        << "device_code"
        << "client_secret_basic" << false;
    QTest::newRow("device endpoint but the grant is not listed")
        << rm << json(R"({"issuer":"https://as.example.com","token_endpoint":"https://as.example.com/token",
                    "device_authorization_endpoint":"https://as.example.com/device",
                    "grant_types_supported":["client_credentials"],
                    "token_endpoint_auth_methods_supported":["private_key_jwt","client_secret_post"]})")
        << "client_credentials"
        << "client_secret_post" << false;
    QTest::newRow("only a token endpoint, defaults")
        << rm << json(R"({"issuer":"https://as.example.com","token_endpoint":"https://as.example.com/token"})")
        << "client_credentials"
        << "client_secret_basic" << false;
    QTest::newRow("private_key_jwt only, DPoP required")
        << json(R"({"resource":"https://api.example.com","authorization_servers":["https://as.example.com"],
                    "dpop_bound_access_tokens_required":true})")
        << json(R"({"issuer":"https://as.example.com","token_endpoint":"https://as.example.com/token",
                    "token_endpoint_auth_methods_supported":["private_key_jwt"],"dpop_signing_alg_values_supported":["PS256","RS256"]})")
        << "client_credentials"
        << "private_key_jwt" << true;
}

void TestOAuthSetup::proposal()
{
    QFETCH(QJsonObject, resource);
    QFETCH(QJsonObject, server);
    QFETCH(QString, grant);
    QFETCH(QString, clientAuth);
    QFETCH(bool, dpop);
    const OAuthProposal p = OAuthProposal::from(
        QUrl(QStringLiteral("https://api.example.com/.well-known/oauth-protected-resource")), resource,
        QUrl(QStringLiteral("https://as.example.com/.well-known/oauth-authorization-server")), server);
    QCOMPARE(p.grantType, grant);
    QVERIFY(!p.grantReason.isEmpty());
    QCOMPARE(Auth::clientAuthName(p.clientAuth), clientAuth);
    QCOMPARE(p.dpopRequired, dpop);
    if (dpop)
        QCOMPARE(p.dpopAlg, QStringLiteral("RS256")); // the first Authlens prefers that the server lists
    QCOMPARE(p.tokenEndpoint, QStringLiteral("https://as.example.com/token"));
}

void TestOAuthSetup::appliedTakesOnlyTheChosenFields()
{
    const OAuthProposal p = OAuthProposal::from(
        QUrl(QStringLiteral("https://api.example.com/.well-known/oauth-protected-resource")),
        json(
            R"({"resource":"https://api.example.com","authorization_servers":["https://as.example.com"],"scopes_supported":["a","b"]})"),
        QUrl(QStringLiteral("https://as.example.com/.well-known/oauth-authorization-server")),
        json(R"({"issuer":"https://as.example.com","token_endpoint":"https://as.example.com/token"})"));
    Profiles::Profile profile;
    profile.auth.method = Auth::Method::OAuth2;
    profile.auth.oauth.tokenEndpoint = QStringLiteral("https://old.example.com/token");
    profile.auth.oauth.scopes = {QStringLiteral("mine")};
    profile.auth.oauth.clientId = QStringLiteral("kept");
    profile.sessionSecrets.clientSecret = QStringLiteral("s3cret");
    const Profiles::Profile applied = p.applied(profile, {QStringLiteral("token_endpoint")}, {});
    QCOMPARE(applied.auth.oauth.tokenEndpoint, QStringLiteral("https://as.example.com/token"));
    QCOMPARE(applied.auth.oauth.scopes, QStringList {QStringLiteral("mine")}); // not chosen: kept
    QCOMPARE(applied.auth.oauth.clientId, QStringLiteral("kept"));
    QCOMPARE(applied.sessionSecrets.clientSecret, QStringLiteral("s3cret"));
    // The rows say what changes.
    for (const OAuthProposal::Field& f : p.fields(profile)) {
        if (f.key == u"scopes") {
            QCOMPARE(f.current, QStringLiteral("mine"));
            QCOMPARE(f.proposed, QStringLiteral("a b"));
            QVERIFY(f.differs);
        }
        if (f.key == u"method")
            QVERIFY(!f.differs);
    }
}

void TestOAuthSetup::badMetadata_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("steps");
    QTest::newRow("resource of another API")
        << "resource mismatch" << QString(Diagnosis::Code::MetadataResourceMismatch) << 1;
    QTest::newRow("issuer of another server")
        << "issuer mismatch" << QString(Diagnosis::Code::MetadataIssuerMismatch) << 3;
    QTest::newRow("not JSON") << "not json" << QString(Diagnosis::Code::MetadataInvalid) << 1;
    QTest::newRow("no authorization_servers")
        << "no servers" << QString(Diagnosis::Code::MetadataNoAuthorizationServers) << 1;
}

void TestOAuthSetup::badMetadata()
{
    QFETCH(QString, mode);
    QFETCH(QString, code);
    QFETCH(int, steps);
    Test::RawHttpServer raw;
    QVERIFY(raw.listen());
    const QString base = raw.url(QStringLiteral("/")).toString().chopped(1);
    raw.setHandler([&](const QByteArray& request) -> Test::RawHttpServer::Reply {
        const QByteArray path = request.split(' ').value(1);
        if (path == "/.well-known/oauth-protected-resource/api") {
            if (mode == u"not json")
                return Test::RawHttpServer::simple(200, "OK", {{"Content-Type", "text/html"}},
                                                   "<html><body>Please sign in</body></html>");
            QJsonObject rm {{QStringLiteral("resource"),
                             mode == u"resource mismatch" ? QStringLiteral("https://other.example.com/api")
                                                          : base + QStringLiteral("/api")}};
            if (mode != u"no servers")
                rm.insert(QStringLiteral("authorization_servers"),
                          QJsonArray {QJsonValue(base + QStringLiteral("/as"))});
            return jsonReply(rm);
        }
        if (path == "/.well-known/oauth-authorization-server/as" || path == "/as/.well-known/openid-configuration")
            return jsonReply(
                {{QStringLiteral("issuer"), QStringLiteral("https://impostor.example.com")},
                 {QStringLiteral("token_endpoint"), QStringLiteral("https://impostor.example.com/token")}});
        return Test::RawHttpServer::simple(404, "Not Found", {});
    });
    OAuthSetup::Request request;
    request.resourceUrl = QUrl(base + QStringLiteral("/api/things"));
    request.resourceMetadataUrl = QUrl(base + QStringLiteral("/.well-known/oauth-protected-resource/api"));
    const OAuthSetupOutcome outcome = runSetup(request);
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.error.kind, Workspace::ErrorKind::BadInput);
    QVERIFY(!outcome.error.message.isEmpty());
    QCOMPARE(outcome.transcript.size(), steps);
    QVERIFY(outcome.proposal.tokenEndpoint.isEmpty()); // nothing proposed
    QStringList codes;
    for (const Diagnosis::Finding& f : outcome.findings())
        codes.append(f.code);
    QVERIFY2(codes.contains(code), qPrintable(codes.join(u", ")));
    // The impostor's endpoint is never in anything the run returns.
    QVERIFY(!outcome.error.message.contains(QStringLiteral("impostor.example.com/token")));
}

void TestOAuthSetup::nobodyAnswers()
{
    // A port nobody listens on: a network error, its finding on the step.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();
    OAuthSetup::Request request;
    request.resourceUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/api").arg(port));
    request.resourceMetadataUrl
        = QUrl(QStringLiteral("http://127.0.0.1:%1/.well-known/oauth-protected-resource").arg(port));
    const OAuthSetupOutcome outcome = runSetup(request);
    QVERIFY(!outcome.ok);
    QCOMPARE(outcome.error.kind, Workspace::ErrorKind::Network);
    QCOMPARE(outcome.transcript.size(), 1);
    QVERIFY(!outcome.transcript.first().exchange.hasResponse());
}

QTEST_GUILESS_MAIN(TestOAuthSetup)
#include "TestOAuthSetup.moc"
