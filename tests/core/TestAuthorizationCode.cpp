// The authorization code grant with PKCE (issue 11): the pure parts by tables (RFC 7636 Appendix B, the
// callback's answers, the ID token's checks), then whole sign-ins against the demo API in process, with
// authlens_test_browser as AUTHLENS_BROWSER (consent page, redirect, loopback) and the real keychain:
// public and confidential clients, openid, Deny, a forged state, a refused redirect URI, cancel, timeout,
// and afterwards no token on disk.
#include "SecretsOnDisk.h"
#include "demo/DemoAuthorize.h"
#include "demo/DemoServer.h"
#include "diagnosis/Catalog.h"
#include "http/Redaction.h"
#include "http/SecretPolicy.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileSecrets.h"
#include "workspace/AuthorizationCodeFlow.h"
#include "workspace/TokenService.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Authlens;
using namespace Authlens::Workspace;
using Demo::DemoServer;

namespace {

QStringList codes(const QList<Diagnosis::Finding>& findings)
{
    QStringList out;
    for (const Diagnosis::Finding& f : findings)
        out.append(f.code);
    return out;
}

QString browserPath()
{
    return QStringLiteral(AUTHLENS_BUILD_DIR "/tests/support/authlens_test_browser");
}

/// Sets the test browser's environment for one scope.
struct BrowserEnv
{
    explicit BrowserEnv(const QByteArray& decision = {}, bool tamper = false)
    {
        qputenv("AUTHLENS_BROWSER", browserPath().toLocal8Bit());
        if (!decision.isEmpty())
            qputenv("AUTHLENS_TEST_BROWSER_DECISION", decision);
        if (tamper)
            qputenv("AUTHLENS_TEST_BROWSER_TAMPER_STATE", "1");
    }
    ~BrowserEnv()
    {
        qunsetenv("AUTHLENS_BROWSER");
        qunsetenv("AUTHLENS_TEST_BROWSER_DECISION");
        qunsetenv("AUTHLENS_TEST_BROWSER_TAMPER_STATE");
        qunsetenv("AUTHLENS_TEST_BROWSER_PAGE");
    }
};

} // namespace

class TestAuthorizationCode : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void pkceMatchesRfc7636AppendixB();
    void authorizationUrlCarriesTheRequest();
    void loopbackRedirects_data();
    void loopbackRedirects();
    void callbackAnswers_data();
    void callbackAnswers();
    void idTokenChecks();

    void publicClientWithOpenId();
    void publicClientRefreshes();
    void confidentialClient();
    void discoveredFromTheIssuer();
    void denyBecomesAccessDenied();
    void forgedStateIsRefused();
    void refusedRedirectUriTimesOutWithAFinding();
    void cancelWhileWaiting();
    void timeoutEndsCleanly();
    void codeWorksOnceAtTheDemo();
    void tokensAreNowhereOnDisk();

private:
    Profiles::Profile profile(bool publicClient, const QStringList& scopes);
    TokenOutcome signIn(const Profiles::Profile& p, TokenService::Request request = {},
                        const std::function<void(TokenService&)>& whileWaiting = {});
    QString stored(const Profiles::Profile& p, Auth::SecretField field);
    Jwt::KeySet demoKeys();
    QString base() const { return m_server.baseUrl().toString(); }

    DemoServer m_server;
    QString m_service;
    std::unique_ptr<Profiles::KeychainSecretStore> m_keychain;
    QStringList m_profileIds;
    QStringList m_canaries;
    QDateTime m_started;
};

void TestAuthorizationCode::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_started = QDateTime::currentDateTimeUtc().addSecs(-2);
    QVERIFY2(QFileInfo(browserPath()).isExecutable(), qPrintable(browserPath()));
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
    QVERIFY2(probe.ok(), qPrintable(u"The real keychain must work here: " + probe.message));
}

void TestAuthorizationCode::cleanupTestCase()
{
    for (const QString& id : std::as_const(m_profileIds)) {
        bool done = false;
        QObject context;
        Profiles::ProfileSecrets::removeAll(*m_keychain, id, &context,
                                            [&](const Profiles::ProfileSecrets::Outcome&) { done = true; });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 20000));
    }
}

Profiles::Profile TestAuthorizationCode::profile(bool publicClient, const QStringList& scopes)
{
    Profiles::Profile p;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_profileIds.append(p.id);
    p.name = QStringLiteral("Sign-in test");
    p.baseUrl = base();
    p.auth.method = Auth::Method::OAuth2;
    Auth::OAuthSettings& oauth = p.auth.oauth;
    oauth.grantType = QStringLiteral("authorization_code");
    oauth.authorizationEndpoint = base() + QStringLiteral("/authorize");
    oauth.tokenEndpoint = base() + QStringLiteral("/oauth/token");
    oauth.issuer = base();
    oauth.scopes = scopes;
    if (publicClient) {
        oauth.clientId = Demo::DemoAuthorize::publicClientId();
        oauth.clientAuth = Auth::ClientAuth::None;
    } else {
        oauth.clientId = DemoServer::clientId();
        oauth.clientAuth = Auth::ClientAuth::ClientSecretBasic;
        p.sessionSecrets.clientSecret = DemoServer::clientSecret();
    }
    p.expectedIssuer = base();
    p.expectedAudiences = {DemoServer::audience()};
    return p;
}

TokenOutcome TestAuthorizationCode::signIn(const Profiles::Profile& p, TokenService::Request request,
                                           const std::function<void(TokenService&)>& whileWaiting)
{
    TokenService service(m_keychain.get());
    QSignalSpy urls(&service, &TokenService::authorizationUrlReady);
    request.profile = p;
    request.mode = TokenService::Mode::New;
    if (request.interactionTimeoutSeconds == 300)
        request.interactionTimeoutSeconds = 30;
    TokenOutcome outcome;
    outcome.error = {ErrorKind::Network, QStringLiteral("test timeout")};
    bool done = false;
    QObject context;
    service.run(request, &context, [&](const TokenOutcome& o) {
        outcome = o;
        done = true;
    });
    if (whileWaiting) {
        if (!QTest::qWaitFor([&] { return !urls.isEmpty() || done; }, 20000))
            return outcome;
        whileWaiting(service);
    }
    if (!QTest::qWaitFor([&] { return done; }, 60000))
        qWarning("the sign-in did not end");
    for (const QString& secret : {outcome.profile.sessionSecrets.token, outcome.profile.sessionSecrets.refreshToken,
                                  outcome.profile.sessionSecrets.idToken}) {
        if (!secret.isEmpty())
            m_canaries.append(secret);
    }
    return outcome;
}

QString TestAuthorizationCode::stored(const Profiles::Profile& p, Auth::SecretField field)
{
    QString value;
    bool done = false;
    QObject context;
    m_keychain->read(Profiles::ProfileSecrets::key(p.id, field), &context, [&](const Profiles::SecretResult& r) {
        value = r.value;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        return QStringLiteral("(keychain timeout)");
    return value;
}

Jwt::KeySet TestAuthorizationCode::demoKeys()
{
    QNetworkAccessManager nam;
    QNetworkReply* reply = nam.get(QNetworkRequest(QUrl(base() + QStringLiteral("/.well-known/jwks.json"))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000))
        return {};
    reply->deleteLater();
    return Jwt::KeySet::fromJson(reply->readAll(), QStringLiteral("demo JWKS"));
}

void TestAuthorizationCode::pkceMatchesRfc7636AppendixB()
{
    QCOMPARE(AuthorizationCode::challengeFor(QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")),
             QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    const Pkce a = AuthorizationCode::makePkce();
    const Pkce b = AuthorizationCode::makePkce();
    QCOMPARE(a.verifier.size(), 43); // RFC 7636 §4.1: 43–128 characters
    QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{43}$")).match(a.verifier).hasMatch());
    QVERIFY(a.verifier != b.verifier);
    QCOMPARE(a.challenge, AuthorizationCode::challengeFor(a.verifier));
}

void TestAuthorizationCode::authorizationUrlCarriesTheRequest()
{
    AuthorizationRequest r;
    r.endpoint = QUrl(QStringLiteral("https://as.example/authorize?tenant=a+b"));
    r.clientId = QStringLiteral("client 1");
    r.redirectUri = QUrl(QStringLiteral("http://127.0.0.1:5000/callback"));
    r.scopes = {QStringLiteral("openid"), QStringLiteral("email")};
    r.state = QStringLiteral("st+/=");
    r.nonce = QStringLiteral("n1");
    r.codeChallenge = QStringLiteral("ch");
    r.resources = {QStringLiteral("https://api.example/")};
    const QUrl url = AuthorizationCode::authorizationUrl(r);
    const QUrlQuery q(url);
    QCOMPARE(url.host(), QStringLiteral("as.example"));
    QCOMPARE(q.queryItemValue(QStringLiteral("tenant"), QUrl::FullyDecoded), QStringLiteral("a+b"));
    QCOMPARE(q.queryItemValue(QStringLiteral("response_type")), QStringLiteral("code"));
    QCOMPARE(q.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded), QStringLiteral("client 1"));
    QCOMPARE(q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded),
             QStringLiteral("http://127.0.0.1:5000/callback"));
    QCOMPARE(q.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded), QStringLiteral("openid email"));
    QCOMPARE(q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded), QStringLiteral("st+/="));
    QCOMPARE(q.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QCOMPARE(q.queryItemValue(QStringLiteral("nonce")), QStringLiteral("n1"));
    QCOMPARE(q.queryItemValue(QStringLiteral("resource"), QUrl::FullyDecoded), QStringLiteral("https://api.example/"));
    // The encoded form keeps + and = distinct from space.
    QVERIFY(url.toString(QUrl::FullyEncoded).contains(u"state=st%2B%2F%3D"));
}

void TestAuthorizationCode::loopbackRedirects_data()
{
    QTest::addColumn<QString>("configured");
    QTest::addColumn<QString>("expected"); ///< empty: refused
    QTest::newRow("none: any port") << QString() << QStringLiteral("http://127.0.0.1:0/callback");
    QTest::newRow("fixed port") << QStringLiteral("http://127.0.0.1:8765/callback")
                                << QStringLiteral("http://127.0.0.1:8765/callback");
    QTest::newRow("no port: any") << QStringLiteral("http://127.0.0.1/cb") << QStringLiteral("http://127.0.0.1:0/cb");
    QTest::newRow("ipv6") << QStringLiteral("http://[::1]:9000/cb") << QStringLiteral("http://[::1]:9000/cb");
    QTest::newRow("localhost (RFC 8252 §8.3)") << QStringLiteral("http://localhost:8765/callback") << QString();
    QTest::newRow("another host") << QStringLiteral("http://192.0.2.1:8765/callback") << QString();
    QTest::newRow("https") << QStringLiteral("https://127.0.0.1:8765/callback") << QString();
    QTest::newRow("custom scheme") << QStringLiteral("com.example.app:/callback") << QString();
}

void TestAuthorizationCode::loopbackRedirects()
{
    QFETCH(QString, configured);
    QFETCH(QString, expected);
    Error error;
    const std::optional<QUrl> url = AuthorizationCode::loopbackRedirect(configured, &error);
    if (expected.isEmpty()) {
        QVERIFY(!url);
        QCOMPARE(error.kind, ErrorKind::BadInput);
        QVERIFY(error.message.contains(u"RFC 8252"));
    } else {
        QVERIFY2(url, qPrintable(error.message));
        QCOMPARE(url->toString(), expected);
    }
}

void TestAuthorizationCode::callbackAnswers_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("code"); ///< the finding's code, or "ok"
    QTest::newRow("code") << QStringLiteral("code=abc&state=S") << QStringLiteral("ok");
    QTest::newRow("code with RFC 9207 iss")
        << QStringLiteral("code=abc&state=S&iss=https%3A%2F%2Fas.example") << QStringLiteral("ok");
    QTest::newRow("another iss") << QStringLiteral("code=abc&state=S&iss=https%3A%2F%2Fevil.example")
                                 << QStringLiteral("oauth.authorization_error");
    QTest::newRow("state differs") << QStringLiteral("code=abc&state=T") << QStringLiteral("oauth.state_mismatch");
    QTest::newRow("state missing") << QStringLiteral("code=abc") << QStringLiteral("oauth.state_mismatch");
    QTest::newRow("error with a foreign state")
        << QStringLiteral("error=access_denied&state=T") << QStringLiteral("oauth.state_mismatch");
    QTest::newRow("access_denied") << QStringLiteral("error=access_denied&state=S")
                                   << QStringLiteral("oauth.access_denied");
    QTest::newRow("invalid_scope") << QStringLiteral("error=invalid_scope&error_description=Unknown+scope&state=S")
                                   << QStringLiteral("oauth.invalid_scope");
    QTest::newRow("redirect refused") << QStringLiteral(
        "error=invalid_request&error_description=redirect_uri+not+registered&state=S")
                                      << QStringLiteral("oauth.redirect_uri_refused");
    QTest::newRow("server_error") << QStringLiteral("error=server_error&state=S")
                                  << QStringLiteral("oauth.authorization_error");
    QTest::newRow("neither code nor error") << QStringLiteral("state=S") << QStringLiteral("oauth.authorization_error");
}

void TestAuthorizationCode::callbackAnswers()
{
    QFETCH(QString, query);
    QFETCH(QString, code);
    const CallbackResult r
        = AuthorizationCode::readCallback(QUrlQuery(query), QStringLiteral("S"), QStringLiteral("https://as.example"));
    QVERIFY(!r.page.isEmpty());
    if (code == u"ok") {
        QVERIFY(r.ok());
        QCOMPARE(r.code, QStringLiteral("abc"));
        QVERIFY(!r.finding);
        return;
    }
    QVERIFY(!r.ok());
    QVERIFY(r.finding);
    QCOMPARE(r.finding->code, code);
    QCOMPARE(r.error.kind, ErrorKind::Refused);
    QVERIFY(!r.finding->explanation.isEmpty());
    QVERIFY(!r.finding->source.isEmpty());
    QVERIFY(Diagnosis::codeInfo(r.finding->code));
}

void TestAuthorizationCode::idTokenChecks()
{
    const Jwt::KeySet keys = demoKeys();
    QVERIFY(!keys.isEmpty());
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString access = QStringLiteral("access-token-value");
    QJsonObject claims {{QStringLiteral("iss"), base()},
                        {QStringLiteral("sub"), QStringLiteral("demo")},
                        {QStringLiteral("aud"), QStringLiteral("client")},
                        {QStringLiteral("exp"), now + 600},
                        {QStringLiteral("iat"), now},
                        {QStringLiteral("nonce"), QStringLiteral("N")},
                        {QStringLiteral("at_hash"), AuthorizationCode::atHash(access, QStringLiteral("RS256"))}};
    IdTokenExpectations expected;
    expected.issuer = base();
    expected.clientId = QStringLiteral("client");
    expected.nonce = QStringLiteral("N");
    expected.accessToken = access;
    expected.now = now;
    const auto check = [&](const QJsonObject& c, const Jwt::KeySet& k = {}) {
        return codes(AuthorizationCode::checkIdToken(m_server.signToken(c, QStringLiteral("JWT")), expected,
                                                     k.isEmpty() ? keys : k, QStringLiteral("demo JWKS")));
    };
    QCOMPARE(check(claims), QStringList {QStringLiteral("oidc.id_token_valid")});
    QJsonObject c = claims;
    c[u"nonce"] = QStringLiteral("other");
    QCOMPARE(check(c), QStringList {QStringLiteral("oidc.nonce_mismatch")});
    c = claims;
    c.remove(u"nonce");
    QCOMPARE(check(c), QStringList {QStringLiteral("oidc.nonce_mismatch")});
    c = claims;
    c[u"at_hash"] = AuthorizationCode::atHash(QStringLiteral("another token"), QStringLiteral("RS256"));
    QCOMPARE(check(c), QStringList {QStringLiteral("oidc.at_hash_mismatch")});
    c = claims;
    c[u"aud"] = QStringLiteral("someone-else");
    QCOMPARE(check(c), QStringList {QStringLiteral("token.audience")});
    c = claims;
    c[u"iss"] = QStringLiteral("https://evil.example");
    QCOMPARE(check(c), QStringList {QStringLiteral("token.issuer")});
    c = claims;
    c[u"exp"] = now - 3600;
    QCOMPARE(check(c), QStringList {QStringLiteral("token.expired")});
    // Signed by a key the JWKS does not hold (the demo rotated its key after this token).
    DemoServer other;
    QVERIFY(other.start());
    const QString foreign = other.signToken(claims, QStringLiteral("JWT"));
    QCOMPARE(codes(AuthorizationCode::checkIdToken(foreign, expected, keys, QStringLiteral("demo JWKS"))),
             QStringList {QStringLiteral("token.signature")});
    // No keys at all: a hint, and the token is still accepted (OIDC Core §3.1.3.7 item 6).
    const QList<Diagnosis::Finding> unverified
        = AuthorizationCode::checkIdToken(m_server.signToken(claims, QStringLiteral("JWT")), expected, {},
                                          QStringLiteral("the JWKS could not be fetched"));
    QCOMPARE(codes(unverified),
             (QStringList {QStringLiteral("token.signature"), QStringLiteral("oidc.id_token_valid")}));
    QCOMPARE(unverified.first().severity, Diagnosis::Severity::Hint);
    QVERIFY(!AuthorizationCode::idTokenRejected(unverified));
    // Garbage is a finding, never a crash.
    QCOMPARE(codes(AuthorizationCode::checkIdToken(QStringLiteral("not.a.jwt"), expected, keys, {})),
             QStringList {QStringLiteral("token.malformed")});
}

void TestAuthorizationCode::publicClientWithOpenId()
{
    const Profiles::Profile p = profile(true, {QStringLiteral("openid"), QStringLiteral("profile:read")});
    QTemporaryDir dir;
    BrowserEnv env;
    const QString page = dir.filePath(QStringLiteral("page.html"));
    qputenv("AUTHLENS_TEST_BROWSER_PAGE", page.toLocal8Bit());
    const TokenOutcome o = signIn(p);
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QVERIFY(o.stored);
    QCOMPARE(o.grantType, QStringLiteral("authorization_code"));
    // The transcript: the browser's redirect, the token request, the issuer's keys.
    QVERIFY(o.transcript.size() >= 3);
    QVERIFY(o.transcript.first().title.startsWith(u"Browser sign-in"));
    const Http::Hop& callback = o.transcript.first().exchange.hops.first();
    QCOMPARE(callback.request.url.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(callback.request.url.path(), QStringLiteral("/callback"));
    const QString code = QUrlQuery(callback.request.url).queryItemValue(QStringLiteral("code"));
    QVERIFY(!code.isEmpty());
    QCOMPARE(callback.response.status, 200);
    const TokenStep* token = o.tokenRequestStep();
    QVERIFY(token);
    const QByteArray body = token->exchange.hops.first().request.body;
    QVERIFY(body.contains("grant_type=authorization_code"));
    QVERIFY(body.contains("code_verifier="));
    QVERIFY(body.contains("client_id=authlens-demo-public"));
    QVERIFY(!Http::hasHeader(token->exchange.hops.first().request.headers, "Authorization"));
    QVERIFY2(codes(token->findings).contains(u"oidc.id_token_valid"), qPrintable(codes(token->findings).join(u',')));
    // The secret policy redacts the code in the callback URL and the verifier in the body.
    const QString verifier = QUrlQuery(QString::fromLatin1(body)).queryItemValue(QStringLiteral("code_verifier"));
    QVERIFY(!verifier.isEmpty());
    const QByteArray shownBody
        = Http::redactBody(body, "application/x-www-form-urlencoded", Http::SecretPolicy::standard());
    QVERIFY2(!shownBody.contains(verifier.toLatin1()), shownBody.constData());
    QVERIFY(!shownBody.contains(code.toLatin1()));
    const QString shownUrl = Http::redactUrl(callback.request.url, Http::SecretPolicy::standard()).toString();
    QVERIFY2(!shownUrl.contains(code), qPrintable(shownUrl));
    // The tokens are in the keychain, the ID token too.
    QCOMPARE(stored(p, Auth::SecretField::Token), o.profile.sessionSecrets.token);
    QCOMPARE(stored(p, Auth::SecretField::RefreshToken), o.profile.sessionSecrets.refreshToken);
    QVERIFY(!o.profile.sessionSecrets.idToken.isEmpty());
    QCOMPARE(stored(p, Auth::SecretField::IdToken), o.profile.sessionSecrets.idToken);
    // The browser tab said so.
    QTRY_VERIFY(QFileInfo::exists(page));
    QFile f(page);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.readAll().contains("You are signed in"));
    // And the access token works at the API.
    QNetworkAccessManager nam;
    QNetworkRequest api(QUrl(base() + QStringLiteral("/api/profile")));
    api.setRawHeader("Authorization", "Bearer " + o.profile.sessionSecrets.token.toLatin1());
    QNetworkReply* reply = nam.get(api);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    delete reply;
}

void TestAuthorizationCode::publicClientRefreshes()
{
    // The sign-in's refresh token works for the public client (client_id alone, RFC 6749 §6) and rotates.
    Profiles::Profile p = profile(true, {QStringLiteral("profile:read")});
    BrowserEnv env;
    const TokenOutcome signedIn = signIn(p);
    QVERIFY2(signedIn.ok, qPrintable(signedIn.error.message));
    TokenService service(m_keychain.get());
    TokenOutcome refreshed;
    bool done = false;
    QObject context;
    service.run({signedIn.profile, TokenService::Mode::Refresh, std::nullopt, {}, {}, {}, 300}, &context,
                [&](const TokenOutcome& o) {
                    refreshed = o;
                    done = true;
                });
    QVERIFY(QTest::qWaitFor([&] { return done; }, 20000));
    QVERIFY2(refreshed.ok, qPrintable(refreshed.error.message));
    QCOMPARE(refreshed.grantType, QStringLiteral("refresh_token"));
    QVERIFY(refreshed.refreshTokenRotated);
    m_canaries += {refreshed.profile.sessionSecrets.token, refreshed.profile.sessionSecrets.refreshToken};
    // A secret-less public client gets nothing else from the token endpoint.
    QNetworkAccessManager nam;
    QNetworkRequest r(QUrl(base() + QStringLiteral("/oauth/token")));
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QNetworkReply* reply
        = nam.post(r, QByteArrayLiteral("grant_type=client_credentials&client_id=authlens-demo-public"));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
    delete reply;
}

void TestAuthorizationCode::confidentialClient()
{
    const Profiles::Profile p = profile(false, {QStringLiteral("profile:read")});
    BrowserEnv env;
    const TokenOutcome o = signIn(p);
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QVERIFY(o.stored);
    const TokenStep* token = o.tokenRequestStep();
    QVERIFY(token);
    const Http::Hop& hop = token->exchange.hops.first();
    QVERIFY(Http::headerValue(hop.request.headers, "Authorization").startsWith("Basic "));
    QVERIFY(hop.request.body.contains("code_verifier=")); // PKCE for confidential clients too (RFC 9700 §2.1.1)
    QVERIFY(!hop.request.body.contains("scope="));
    QVERIFY(o.response.idToken.isEmpty()); // no openid: no ID token
    QVERIFY(o.profile.sessionSecrets.idToken.isEmpty());
    QCOMPARE(stored(p, Auth::SecretField::Token), o.profile.sessionSecrets.token);
}

void TestAuthorizationCode::discoveredFromTheIssuer()
{
    // No endpoints in the profile: the issuer's RFC 8414 metadata names them (and jwks_uri).
    Profiles::Profile p = profile(true, {QStringLiteral("openid")});
    p.auth.oauth.authorizationEndpoint.clear();
    p.auth.oauth.tokenEndpoint.clear();
    BrowserEnv env;
    const TokenOutcome o = signIn(p);
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QCOMPARE(o.transcript.first().title, QStringLiteral("Authorization server metadata (RFC 8414)"));
    QCOMPARE(o.tokenEndpoint.toString(), base() + QStringLiteral("/oauth/token"));
    QCOMPARE(o.endpointSource, EndpointSource::Issuer);
    QVERIFY(codes(o.findings()).contains(u"oidc.id_token_valid"));
}

void TestAuthorizationCode::denyBecomesAccessDenied()
{
    const Profiles::Profile p = profile(true, {QStringLiteral("profile:read")});
    BrowserEnv env("deny");
    const TokenOutcome o = signIn(p);
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::Refused);
    QCOMPARE(o.tokenStep, -1); // no token request was made
    const QList<Diagnosis::Finding> findings = o.findings();
    QCOMPARE(codes(findings), QStringList {QStringLiteral("oauth.access_denied")});
    QVERIFY(findings.first().explanation.contains(u"denied"));
    QVERIFY(o.profile.sessionSecrets.token.isEmpty());
    QCOMPARE(stored(p, Auth::SecretField::Token), QString());
}

void TestAuthorizationCode::forgedStateIsRefused()
{
    const Profiles::Profile p = profile(true, {QStringLiteral("profile:read")});
    BrowserEnv env({}, true);
    const TokenOutcome o = signIn(p);
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::Refused);
    QCOMPARE(o.tokenStep, -1); // the code of a forged redirect is never exchanged
    QCOMPARE(codes(o.findings()), QStringList {QStringLiteral("oauth.state_mismatch")});
    QCOMPARE(o.transcript.first().exchange.hops.first().response.status, 400);
}

void TestAuthorizationCode::refusedRedirectUriTimesOutWithAFinding()
{
    // The demo registers /callback only: it shows an error page and never redirects (RFC 6749 §4.1.2.1).
    Profiles::Profile p = profile(true, {QStringLiteral("profile:read")});
    p.auth.oauth.redirectUri = QStringLiteral("http://127.0.0.1/elsewhere");
    BrowserEnv env;
    TokenService::Request request;
    request.interactionTimeoutSeconds = 3;
    const TokenOutcome o = signIn(p, request);
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::Network);
    QVERIFY2(o.error.message.contains(u"Timed out"), qPrintable(o.error.message));
    QCOMPARE(codes(o.findings()), QStringList {QStringLiteral("oauth.no_callback")});
}

void TestAuthorizationCode::cancelWhileWaiting()
{
    const Profiles::Profile p = profile(true, {QStringLiteral("profile:read")});
    QUrl shown;
    TokenService::Request request;
    // No AUTHLENS_BROWSER: the caller's own opener, which declines (the URL is only announced).
    request.openBrowser = [&shown](const QUrl& url) {
        shown = url;
        return false;
    };
    QUrl redirect;
    const TokenOutcome o = signIn(p, request, [&](TokenService& service) {
        QVERIFY(service.isRunning());
        QVERIFY(shown.isValid());
        redirect = QUrl(QUrlQuery(shown).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        service.cancel();
    });
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::Network);
    QCOMPARE(o.error.message, QStringLiteral("Cancelled"));
    // The loopback no longer listens.
    QVERIFY(redirect.port() > 0);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(redirect.port()));
    QTRY_VERIFY(socket.state() == QAbstractSocket::UnconnectedState);
    QVERIFY(socket.error() == QAbstractSocket::ConnectionRefusedError);
}

void TestAuthorizationCode::timeoutEndsCleanly()
{
    const Profiles::Profile p = profile(true, {QStringLiteral("profile:read")});
    TokenService::Request request;
    request.interactionTimeoutSeconds = 1;
    bool announced = false;
    request.openBrowser = [&announced](const QUrl&) {
        announced = true;
        return true;
    };
    const TokenOutcome o = signIn(p, request);
    QVERIFY(announced);
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::Network);
    QVERIFY(o.error.message.startsWith(u"Timed out"));
    QCOMPARE(codes(o.findings()), QStringList {QStringLiteral("oauth.no_callback")});
}

void TestAuthorizationCode::codeWorksOnceAtTheDemo()
{
    // The demo's side of RFC 6749 §4.1.2 and RFC 7636 §4.6, replayed by hand from a real sign-in's requests.
    const Profiles::Profile p = profile(true, {QStringLiteral("profile:read")});
    BrowserEnv env;
    const TokenOutcome o = signIn(p);
    QVERIFY2(o.ok, qPrintable(o.error.message));
    const Http::Hop& hop = o.tokenRequestStep()->exchange.hops.first();
    const auto post = [this](const QByteArray& body) {
        QNetworkAccessManager nam;
        QNetworkRequest r(QUrl(base() + QStringLiteral("/oauth/token")));
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply* reply = nam.post(r, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(10000);
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        delete reply;
        return answer.value(u"error").toString();
    };
    QCOMPARE(post(hop.request.body), QStringLiteral("invalid_grant")); // the same code again
}

void TestAuthorizationCode::tokensAreNowhereOnDisk()
{
    QVERIFY(m_canaries.size() >= 6);
    const Test::DiskScan scan = Test::scanForSecrets(m_canaries, m_started);
    QVERIFY2(scan.holding.isEmpty(), qPrintable(scan.holding.join(u'\n')));
    qInfo("searched %d files for %d tokens", scan.scanned, int(m_canaries.size()));
}

QTEST_GUILESS_MAIN(TestAuthorizationCode)
#include "TestAuthorizationCode.moc"
