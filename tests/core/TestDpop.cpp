// DPoP (RFC 9449) end to end: HttpClient's proof per hop and its one resend with a server's nonce (the
// authorization server's 400 of §8 and the resource server's 401 of §9) against scripted servers on
// 127.0.0.1; the proof withheld at an origin change; the token service and the DPoP-bound resource of the
// demo API with the real keychain; the key kept only in the keychain; the proof redacted in HAR exports.
#include "RawHttpServer.h"
#include "SecretsOnDisk.h"
#include "SendAndWait.h"
#include "auth/DpopProver.h"
#include "demo/DemoServer.h"
#include "diagnosis/Catalog.h"
#include "diagnosis/Diagnoser.h"
#include "http/HttpClient.h"
#include "jwt/CompactJws.h"
#include "jwt/DpopProof.h"
#include "jwt/PrivateKey.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileJson.h"
#include "profiles/ProfileSecrets.h"
#include "profiles/formats/HarExport.h"
#include "workspace/TokenService.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace Authlens;
using Authlens::Test::RawHttpServer;

using Authlens::Test::sendAndWait;

namespace {

QString secretToolLookup(const QString& service, const QString& key)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"),
            {QStringLiteral("lookup"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    p.waitForFinished(10000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

QByteArray headerOf(const QByteArray& rawRequest, QByteArrayView name)
{
    for (const auto& [n, v] : RawHttpServer::headersOf(rawRequest)) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

QJsonObject proofClaims(const QByteArray& proof)
{
    const auto jws = Jwt::CompactJws::parse(proof);
    return jws && jws->claims() ? *jws->claims() : QJsonObject();
}

QJsonObject claimsOfSentProof(const Http::Hop& hop)
{
    return proofClaims(Http::headerValue(hop.request.headers, "DPoP"));
}

bool placedDpop(const Http::Hop& hop)
{
    return std::any_of(hop.placed.cbegin(), hop.placed.cend(), [](const Http::Placed& p) { return p.name == "DPoP"; });
}

QStringList codes(const QList<Diagnosis::Finding>& findings)
{
    QStringList out;
    for (const Diagnosis::Finding& f : findings)
        out.append(f.code);
    return out;
}

} // namespace

class TestDpop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void nonceRetryAtTheAuthorizationServer();
    void nonceRetryAtTheResourceServerOnlyOnce();
    void proofWithheldAtAnOriginChange();
    void missingKeyIsRecordedAsWithheld();
    void tokenAndResourceAgainstTheDemo();
    void boundTokenAsBearerIsRefused();
    void demoProfileGetsItsTokenAndResource();
    void harExportRedactsTheProof();
    void dpopKeyOnlyInTheKeychain();

private:
    Profiles::Profile dpopProfile();
    Workspace::TokenOutcome runTokens(const Profiles::Profile& p, Profiles::SecretStore* store);
    Http::RequestSpec spec(const QUrl& url) const;

    Demo::DemoServer m_server;
    QString m_service;
    std::unique_ptr<Profiles::KeychainSecretStore> m_keychain;
    QStringList m_profileIds;
    QStringList m_canaries; ///< DPoP keys (their PEM body) and tokens: none may reach a file
    QDateTime m_started;
    Jwt::PrivateKey m_key;
    Http::Exchange m_demoResource; ///< the DPoP resource exchange of tokenAndResourceAgainstTheDemo
};

void TestDpop::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_started = QDateTime::currentDateTimeUtc().addSecs(-2);
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    m_service = QStringLiteral("org.authlens.Authlens.test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_keychain = std::make_unique<Profiles::KeychainSecretStore>(nullptr, m_service);
    bool done = false;
    Profiles::SecretResult probe;
    QObject context;
    m_keychain->probe(&context, [&](const Profiles::SecretResult& r) {
        probe = r;
        done = true;
    });
    QVERIFY(QTest::qWaitFor([&] { return done; }, 20000));
    QVERIFY2(probe.ok(), qPrintable(QStringLiteral("The real keychain must work here: %1").arg(probe.message)));
    m_key = Jwt::PrivateKey::generate(QStringLiteral("ES256"));
    QVERIFY(!m_key.isNull());
}

void TestDpop::cleanupTestCase()
{
    for (const QString& id : std::as_const(m_profileIds)) {
        bool done = false;
        QObject context;
        Profiles::ProfileSecrets::removeAll(*m_keychain, id, &context,
                                            [&](const Profiles::ProfileSecrets::Outcome&) { done = true; });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 20000));
    }
}

Http::RequestSpec TestDpop::spec(const QUrl& url) const
{
    Http::RequestSpec s;
    s.url = url;
    Auth::AuthSettings settings;
    settings.method = Auth::Method::OAuth2;
    settings.oauth.dpop = true;
    Auth::AuthSecrets secrets;
    secrets.dpopKey = QString::fromLatin1(m_key.toPem());
    secrets.token = QStringLiteral("opaque-access-token");
    settings.oauth.tokenType = QStringLiteral("DPoP");
    Auth::applyTo(settings, secrets, s);
    return s;
}

Profiles::Profile TestDpop::dpopProfile()
{
    Profiles::Profile p;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_profileIds.append(p.id);
    p.name = QStringLiteral("DPoP test");
    p.baseUrl = m_server.baseUrl().toString();
    p.auth.method = Auth::Method::OAuth2;
    p.auth.oauth.grantType = QStringLiteral("client_credentials");
    p.auth.oauth.tokenEndpoint = p.baseUrl + QStringLiteral("/oauth/token");
    p.auth.oauth.clientId = Demo::DemoServer::clientId();
    p.auth.oauth.dpop = true;
    p.auth.oauth.dpopAlg = QStringLiteral("ES256");
    p.sessionSecrets.clientSecret = Demo::DemoServer::clientSecret();
    p.expectedIssuer = p.baseUrl;
    p.expectedAudiences = {Demo::DemoServer::audience()};
    return p;
}

Workspace::TokenOutcome TestDpop::runTokens(const Profiles::Profile& p, Profiles::SecretStore* store)
{
    Workspace::TokenService service(store);
    Workspace::TokenService::Request request;
    request.profile = p;
    request.mode = Workspace::TokenService::Mode::New;
    Workspace::TokenOutcome outcome;
    outcome.error = {Workspace::ErrorKind::Network, QStringLiteral("test timeout")};
    bool done = false;
    QObject context;
    service.run(request, &context, [&](const Workspace::TokenOutcome& o) {
        outcome = o;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 30000))
        qWarning("token run timed out");
    if (outcome.ok) {
        m_canaries.append(outcome.profile.sessionSecrets.token);
        // The PEM's base64 body without its armour: what a file would hold of the key.
        const QStringList lines = outcome.profile.sessionSecrets.dpopKey.split(u'\n', Qt::SkipEmptyParts);
        if (lines.size() > 2)
            m_canaries.append(lines.at(1));
    }
    return outcome;
}

void TestDpop::nonceRetryAtTheAuthorizationServer()
{
    // RFC 9449 §8: the authorization server answers 400 use_dpop_nonce with the nonce in DPoP-Nonce.
    RawHttpServer server;
    QVERIFY(server.listen());
    // It accepts the nonces it issued; each answer carries the next one.
    server.setHandler([](const QByteArray& raw) {
        const QJsonObject claims = proofClaims(headerOf(raw, "DPoP"));
        if (!claims.value(u"nonce").toString().startsWith(u"as-nonce-"))
            return RawHttpServer::simple(400, "Bad Request",
                                         {{"Content-Type", "application/json"}, {"DPoP-Nonce", "as-nonce-1"}},
                                         R"({"error":"use_dpop_nonce","error_description":"nonce please"})");
        return RawHttpServer::simple(200, "OK", {{"Content-Type", "application/json"}, {"DPoP-Nonce", "as-nonce-2"}},
                                     R"({"access_token":"x","token_type":"DPoP"})");
    });
    Http::RequestSpec s = spec(server.url(QStringLiteral("/token?x=1")));
    s.method = "POST";
    s.body = "grant_type=client_credentials";
    s.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
    Http::HttpClient client;
    const Http::Exchange ex = sendAndWait(client, s);
    QCOMPARE(ex.hops.size(), 2);
    QCOMPARE(ex.hops.at(0).response.status, 400);
    QCOMPARE(ex.finalStatus(), 200);
    // Each hop its own proof: the first without a nonce, the resend with the server's, new jti.
    const QJsonObject first = claimsOfSentProof(ex.hops.at(0));
    const QJsonObject second = claimsOfSentProof(ex.hops.at(1));
    QVERIFY(!first.contains(u"nonce"));
    QCOMPARE(second.value(u"nonce").toString(), QStringLiteral("as-nonce-1"));
    QVERIFY(first.value(u"jti") != second.value(u"jti"));
    QCOMPARE(second.value(u"htm").toString(), QStringLiteral("POST"));
    QCOMPARE(second.value(u"htu").toString(), Jwt::dpopHtu(server.url(QStringLiteral("/token"))));
    QCOMPARE(ex.hops.at(1).request.body, QByteArray("grant_type=client_credentials")); // the same request again
    QVERIFY2(ex.hops.at(1).note.contains(u"use_dpop_nonce"), qPrintable(ex.hops.at(1).note));
    QVERIFY(ex.hops.at(0).note.isEmpty());
    QVERIFY(placedDpop(ex.hops.at(0)) && placedDpop(ex.hops.at(1)));
    QCOMPARE(server.requests().size(), 2);

    // The next request of the session starts with the last nonce the origin gave: one hop.
    const Http::Exchange next = sendAndWait(client, s);
    QCOMPARE(next.hops.size(), 1);
    QCOMPARE(claimsOfSentProof(next.hops.at(0)).value(u"nonce").toString(), QStringLiteral("as-nonce-2"));
    QCOMPARE(client.dpopNonces().value(Http::Origin::fromUrl(server.url()).toString()), QByteArray("as-nonce-2"));
}

void TestDpop::nonceRetryAtTheResourceServerOnlyOnce()
{
    // RFC 9449 §9: 401 with WWW-Authenticate: DPoP error="use_dpop_nonce". A server that never accepts
    // gets exactly one resend.
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray&) {
        return RawHttpServer::simple(
            401, "Unauthorized",
            {{"WWW-Authenticate", R"(DPoP error="use_dpop_nonce", error_description="Resource server requires nonce")"},
             {"DPoP-Nonce", "rs-nonce"}},
            "{}");
    });
    Http::HttpClient client;
    const Http::Exchange ex = sendAndWait(client, spec(server.url(QStringLiteral("/resource"))));
    QCOMPARE(ex.hops.size(), 2);
    QCOMPARE(ex.finalStatus(), 401);
    QCOMPARE(claimsOfSentProof(ex.hops.at(1)).value(u"nonce").toString(), QStringLiteral("rs-nonce"));
    // ath: the hash of the access token that went with the proof (§4.2).
    QCOMPARE(claimsOfSentProof(ex.hops.at(1)).value(u"ath").toString().toLatin1(), Jwt::dpopAth("opaque-access-token"));
    QCOMPARE(Http::headerValue(ex.hops.at(1).request.headers, "Authorization"), QByteArray("DPoP opaque-access-token"));
    // The diagnosis: the retry did not satisfy the server.
    const Diagnosis::Diagnosis d = Diagnosis::diagnose(ex);
    const Diagnosis::Finding* f = Diagnosis::findFinding(d.findings, QString(Diagnosis::Code::DpopNonceRequired));
    QVERIFY(f);
    QCOMPARE(f->severity, Diagnosis::Severity::Cause);

    // A 401 without use_dpop_nonce, or a 400 without DPoP-Nonce, is not resent.
    server.setHandler([](const QByteArray&) {
        return RawHttpServer::simple(
            401, "Unauthorized", {{"WWW-Authenticate", R"(DPoP error="invalid_token")"}, {"DPoP-Nonce", "n"}}, "{}");
    });
    QCOMPARE(sendAndWait(client, spec(server.url(QStringLiteral("/resource")))).hops.size(), 1);
    server.setHandler([](const QByteArray&) {
        return RawHttpServer::simple(400, "Bad Request", {{"Content-Type", "application/json"}},
                                     R"({"error":"use_dpop_nonce"})");
    });
    QCOMPARE(sendAndWait(client, spec(server.url(QStringLiteral("/token")))).hops.size(), 1);
}

void TestDpop::proofWithheldAtAnOriginChange()
{
    RawHttpServer other;
    QVERIFY(other.listen());
    RawHttpServer first;
    QVERIFY(first.listen());
    const QByteArray target = other.url(QStringLiteral("/landing")).toEncoded();
    first.setHandler([target](const QByteArray&) {
        return RawHttpServer::simple(302, "Found", {{"Location", target}});
    });
    Http::HttpClient client;
    const Http::Exchange ex = sendAndWait(client, spec(first.url(QStringLiteral("/start"))));
    QCOMPARE(ex.hops.size(), 2);
    QVERIFY(placedDpop(ex.hops.at(0)));
    QVERIFY(!placedDpop(ex.hops.at(1)));
    QVERIFY(std::any_of(ex.hops.at(1).withheld.cbegin(), ex.hops.at(1).withheld.cend(),
                        [](const Http::Withheld& w) { return w.name == "DPoP"; }));
    QCOMPARE(other.requests().size(), 1);
    QVERIFY(headerOf(other.requests().constFirst(), "DPoP").isEmpty());
    QVERIFY(headerOf(other.requests().constFirst(), "Authorization").isEmpty());
    // The first hop's proof was for the first URL.
    QCOMPARE(claimsOfSentProof(ex.hops.at(0)).value(u"htu").toString(),
             Jwt::dpopHtu(first.url(QStringLiteral("/start"))));
}

void TestDpop::missingKeyIsRecordedAsWithheld()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    Http::RequestSpec s;
    s.url = server.url(QStringLiteral("/r"));
    Auth::AuthSettings settings;
    settings.method = Auth::Method::OAuth2;
    settings.oauth.dpop = true;
    Auth::AuthSecrets secrets;
    secrets.dpopKey = QStringLiteral("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
    Auth::applyTo(settings, secrets, s);
    Http::HttpClient client;
    const Http::Exchange ex = sendAndWait(client, s);
    QCOMPARE(ex.hops.size(), 1);
    QVERIFY(headerOf(server.requests().constFirst(), "DPoP").isEmpty());
    const auto it = std::find_if(ex.hops.at(0).withheld.cbegin(), ex.hops.at(0).withheld.cend(),
                                 [](const Http::Withheld& w) { return w.name == "DPoP"; });
    QVERIFY(it != ex.hops.at(0).withheld.cend());
    QVERIFY2(it->reason.contains(u"DPoP key"), qPrintable(it->reason));
}

void TestDpop::tokenAndResourceAgainstTheDemo()
{
    const Profiles::Profile p = dpopProfile();
    QVERIFY(p.sessionSecrets.dpopKey.isEmpty());
    const Workspace::TokenOutcome o = runTokens(p, m_keychain.get());
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QVERIFY(o.stored);
    // The key was made on first use, and is in the keychain.
    const QString pem = o.profile.sessionSecrets.dpopKey;
    QVERIFY(pem.startsWith(u"-----BEGIN PRIVATE KEY-----"));
    QCOMPARE(secretToolLookup(m_service, Profiles::ProfileSecrets::key(p.id, Auth::SecretField::DpopKey)), pem);
    const Jwt::PrivateKey key = Jwt::PrivateKey::fromPem(pem.toLatin1());
    QVERIFY(!key.isNull());
    QCOMPARE(key.curve(), QStringLiteral("P-256"));

    // The token request: 400 use_dpop_nonce, then the resend with the nonce as a hop of its own.
    const Http::Exchange& tokenExchange = o.tokenRequestStep()->exchange;
    QCOMPARE(tokenExchange.hops.size(), 2);
    QCOMPARE(tokenExchange.hops.at(0).response.status, 400);
    QVERIFY(tokenExchange.hops.at(1).note.contains(u"use_dpop_nonce"));
    QCOMPARE(tokenExchange.finalStatus(), 200);
    QVERIFY(!claimsOfSentProof(tokenExchange.hops.at(1)).contains(u"ath")); // §5: no ath at the token endpoint
    // The transcript's findings say the nonce step happened, but nothing is wrong with the final answer.
    QVERIFY(!Diagnosis::hasCause(o.tokenRequestStep()->findings));

    // A DPoP-bound token: token_type DPoP, cnf.jkt = the key's thumbprint.
    QCOMPARE(o.response.tokenType, QStringLiteral("DPoP"));
    QCOMPARE(o.profile.auth.oauth.tokenType, QStringLiteral("DPoP"));
    const auto jws = Jwt::CompactJws::parse(o.profile.sessionSecrets.token.toLatin1());
    QVERIFY(jws);
    QCOMPARE(jws->claims()->value(u"cnf").toObject().value(u"jkt").toString().toLatin1(), key.thumbprint());

    // The DPoP resource: 401 use_dpop_nonce first, then 200 with the resource server's nonce.
    Http::RequestSpec s;
    s.url = o.profile.resolve(QStringLiteral("/dpop/resource"));
    Auth::applyTo(o.profile.auth, o.profile.sessionSecrets, s);
    Http::HttpClient client;
    const Http::Exchange ex = sendAndWait(client, s);
    QCOMPARE(ex.hops.size(), 2);
    QCOMPARE(ex.hops.at(0).response.status, 401);
    QVERIFY(Http::headerValue(ex.hops.at(0).response.headers, "WWW-Authenticate").contains("use_dpop_nonce"));
    QCOMPARE(ex.finalStatus(), 200);
    QVERIFY(Http::headerValue(ex.hops.at(1).request.headers, "Authorization").startsWith("DPoP "));
    QCOMPARE(claimsOfSentProof(ex.hops.at(1)).value(u"ath").toString().toLatin1(),
             Jwt::dpopAth(o.profile.sessionSecrets.token.toLatin1()));
    const QJsonObject body = QJsonDocument::fromJson(ex.hops.at(1).response.body.readAll()).object();
    QCOMPARE(body.value(u"bound_to").toString().toLatin1(), key.thumbprint());
    const Diagnosis::Diagnosis d = Diagnosis::diagnose(ex);
    QVERIFY2(!d.hasCause(), qPrintable(codes(d.findings).join(u',')));
    m_demoResource = ex;

    // The next request of the session carries the nonce already: one hop.
    const Http::Exchange again = sendAndWait(client, s);
    QCOMPARE(again.hops.size(), 1);
    QCOMPARE(again.finalStatus(), 200);

    // A proof is used once (§11.1): the same proof again is refused.
    Http::RequestSpec replay;
    replay.url = s.url;
    replay.headers
        = {{QByteArrayLiteral("Authorization"), Http::headerValue(again.hops.at(0).request.headers, "Authorization")},
           {QByteArrayLiteral("DPoP"), Http::headerValue(again.hops.at(0).request.headers, "DPoP")}};
    const Http::Exchange replayed = sendAndWait(client, replay);
    QCOMPARE(replayed.finalStatus(), 401);
    QVERIFY(Http::headerValue(replayed.hops.at(0).response.headers, "WWW-Authenticate").contains("invalid_dpop_proof"));
}

void TestDpop::boundTokenAsBearerIsRefused()
{
    const Profiles::Profile p = dpopProfile();
    const Workspace::TokenOutcome o = runTokens(p, m_keychain.get());
    QVERIFY2(o.ok, qPrintable(o.error.message));
    // RFC 9449 §7.2: the bound token is no Bearer token, at the Bearer API and at the DPoP resource.
    Http::HttpClient client;
    for (const QString& path : {QStringLiteral("/api/profile"), QStringLiteral("/dpop/resource")}) {
        Http::RequestSpec s;
        s.url = o.profile.resolve(path);
        s.headers = {{QByteArrayLiteral("Authorization"), "Bearer " + o.profile.sessionSecrets.token.toLatin1()}};
        const Http::Exchange ex = sendAndWait(client, s);
        QCOMPARE(ex.finalStatus(), 401);
        const Diagnosis::Diagnosis d = Diagnosis::diagnose(ex);
        QVERIFY2(d.top() && d.top()->code == Diagnosis::Code::DpopProofMissing,
                 qPrintable(path + u": " + codes(d.findings).join(u',')));
    }
}

void TestDpop::demoProfileGetsItsTokenAndResource()
{
    const QList<Profiles::Profile> profiles = m_server.profiles();
    const auto it = std::find_if(profiles.cbegin(), profiles.cend(),
                                 [](const Profiles::Profile& p) { return p.id == u"demo-oauth-dpop"; });
    QVERIFY(it != profiles.cend());
    QCOMPARE(it->name, QStringLiteral("Demo · OAuth 2 with DPoP (RFC 9449)"));
    QVERIFY(it->auth.oauth.dpop);
    QVERIFY(Workspace::shouldRefreshBeforeSend(*it, QDateTime::currentSecsSinceEpoch())); // no token yet
    // A demo profile's key stays in memory (like its tokens): no store write at all.
    const Workspace::TokenOutcome o = runTokens(*it, m_keychain.get());
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QVERIFY(o.sessionOnly);
    QVERIFY(!o.profile.sessionSecrets.dpopKey.isEmpty());
    QVERIFY(secretToolLookup(m_service, Profiles::ProfileSecrets::key(it->id, Auth::SecretField::DpopKey)).isEmpty());
    Http::RequestSpec s;
    s.url = o.profile.resolve(it->requests.constFirst().url);
    Auth::applyTo(o.profile.auth, o.profile.sessionSecrets, s);
    Http::HttpClient client;
    QCOMPARE(sendAndWait(client, s).finalStatus(), 200);
}

void TestDpop::harExportRedactsTheProof()
{
    QVERIFY(!m_demoResource.hops.isEmpty());
    const QByteArray proof = Http::headerValue(m_demoResource.hops.at(1).request.headers, "DPoP");
    QVERIFY(proof.size() > 100);
    const QByteArray token = Http::headerValue(m_demoResource.hops.at(1).request.headers, "Authorization").mid(5);
    const QByteArray redacted = Formats::exportHar(m_demoResource, Http::SecretPolicy::standard(), false);
    QVERIFY(!redacted.contains(proof));
    QVERIFY(!redacted.contains(proof.left(proof.indexOf('.')))); // not even the header part with the jwk
    QVERIFY(!redacted.contains(token));
    // The proof is a credential; the nonce is no secret: it stays, so the HAR still shows the nonce step.
    QVERIFY(Http::SecretPolicy::standard().isSecretHeader("DPoP"));
    QVERIFY(!Http::SecretPolicy::standard().isSecretHeader("DPoP-Nonce"));
    const QByteArray nonce = Http::headerValue(m_demoResource.hops.at(0).response.headers, "DPoP-Nonce");
    QVERIFY(!nonce.isEmpty());
    QVERIFY(redacted.contains(nonce));
    const QByteArray revealed = Formats::exportHar(m_demoResource, Http::SecretPolicy::standard(), true);
    QVERIFY(revealed.contains(proof));
}

void TestDpop::dpopKeyOnlyInTheKeychain()
{
    // The profile file holds no key (DESIGN.md §4: references, never values).
    Profiles::Profile p = dpopProfile();
    p.sessionSecrets.dpopKey = QString::fromLatin1(m_key.toPem());
    const QByteArray json = QJsonDocument(Profiles::ProfileJson::toJson(p)).toJson();
    QVERIFY(!json.contains(m_key.toPem().split('\n').at(1)));
    QVERIFY(json.contains("\"dpop\""));

    // Every file written since the tests started where this process could have written one: none holds a
    // DPoP key or a token these tests saw.
    QVERIFY(m_canaries.size() >= 4);
    const Test::DiskScan scan = Test::scanForSecrets(m_canaries, m_started);
    QVERIFY2(scan.holding.isEmpty(), qPrintable(scan.holding.join(u'\n')));
    qInfo("searched %d files for %d secrets", scan.scanned, int(m_canaries.size()));
}

QTEST_GUILESS_MAIN(TestDpop)
#include "TestDpop.moc"
