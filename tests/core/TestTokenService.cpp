// The token service and the resend flow (issue 10) against the demo API's token endpoint in process,
// with the real keychain (gnome-keyring in the private D-Bus session setup.sh starts): every grant,
// rotation and its replay, invalid_client, discovery, storing before resending, and no secret on disk.
#include "FailingSecretStore.h"
#include "RawHttpServer.h"
#include "SecretsOnDisk.h"
#include "demo/DemoServer.h"
#include "diagnosis/Catalog.h"
#include "http/HttpClient.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileSecrets.h"
#include "workspace/RefreshAndResend.h"
#include "workspace/TokenService.h"

#include <QDirIterator>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace Authlens;
using namespace Authlens::Workspace;
using Demo::DemoServer;

namespace {

/// A SecretStore that forwards to another and logs each completed write, so a test can put the
/// store's confirmation and the network's hops on one time line.
class RecordingStore final : public Profiles::SecretStore
{
    Q_OBJECT
public:
    RecordingStore(Profiles::SecretStore* inner, QStringList* log)
        : m_inner(inner)
        , m_log(log)
    {
    }
    void read(const QString& key, QObject* context, Profiles::SecretCallback done) override
    {
        m_inner->read(key, context, std::move(done));
    }
    void write(const QString& key, const QString& value, QObject* context, Profiles::SecretCallback done) override
    {
        m_inner->write(key, value, context, [this, key, done = std::move(done)](const Profiles::SecretResult& r) {
            m_log->append(
                QStringLiteral("stored %1 %2").arg(key, r.ok() ? QStringLiteral("ok") : QStringLiteral("failed")));
            done(r);
        });
    }
    void remove(const QString& key, QObject* context, Profiles::SecretCallback done) override
    {
        m_inner->remove(key, context, std::move(done));
    }
    bool isPersistent() const override { return m_inner->isPersistent(); }
    QString backendName() const override { return m_inner->backendName(); }

private:
    Profiles::SecretStore* m_inner;
    QStringList* m_log;
};

QString secretToolLookup(const QString& service, const QString& key)
{
    QProcess p;
    p.start(QStringLiteral("secret-tool"),
            {QStringLiteral("lookup"), QStringLiteral("server"), service, QStringLiteral("user"), key});
    p.waitForFinished(10000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

QStringList codes(const QList<Diagnosis::Finding>& findings)
{
    QStringList out;
    for (const Diagnosis::Finding& f : findings)
        out.append(f.code);
    return out;
}

QStringList titles(const TokenOutcome& outcome)
{
    QStringList out;
    for (const TokenStep& s : outcome.transcript)
        out.append(s.title);
    return out;
}

} // namespace

class TestTokenService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void clientCredentials();
    void passwordThenRefreshWithRotation();
    void clientSecretPostAndPublicClient();
    void invalidClient();
    void discoveryThroughResourceMetadata();
    void discoveryThroughIssuer();
    void discoveredEndpointOfAnotherOriginIsNotUsed();
    void nothingToDiscover();
    void keychainWriteFailsKeepsTokensInMemory();
    void demoProfileStaysInMemory();
    void oneRunAtATime();
    void htmlAnswerIsNotAToken();
    void tokenRequestIsNeverRedirected();
    void cancelWhileWaiting();

    void flowRefreshesBeforeSendingAnExpiredToken();
    void flowStoresBeforeItResends();
    void flowGivenTheFailedExchange();
    void flowDeadRefreshTokenNeverLoops();
    void flowStill401IsNotRefreshedTwice();
    void flowWithoutTokenFindingDoesNotRefresh();
    void canaryRefreshTokenIsNowhereOnDisk();

private:
    Profiles::Profile profile(const QString& grant);
    TokenOutcome runTokens(TokenService& service, const TokenService::Request& request);
    TokenOutcome runTokens(Profiles::SecretStore* store, const Profiles::Profile& p,
                           TokenService::Mode mode = TokenService::Mode::Refresh);
    ResendOutcome runFlow(RefreshAndResend& flow, const RefreshAndResend::Request& request);
    Http::Exchange get(const QString& path, const QByteArray& bearer = {});
    Http::RequestSpec apiRequest(const Profiles::Profile& p, const QString& path);
    QString stored(const Profiles::Profile& p, Auth::SecretField field);
    QString base() const { return m_server.baseUrl().toString(); }
    void remember(const Profiles::Profile& p);

    DemoServer m_server;
    QString m_service;
    std::unique_ptr<Profiles::KeychainSecretStore> m_keychain;
    QStringList m_profileIds;
    QStringList m_canaries; ///< every refresh and access token the tests saw: none may reach a file
    QDateTime m_started;
};

void TestTokenService::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_started = QDateTime::currentDateTimeUtc().addSecs(-2);
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    // A service of our own, so a developer's Authlens entries are never touched.
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
    QVERIFY2(probe.ok(),
             qPrintable(QStringLiteral("The real keychain must work here (run through setup.sh test or "
                                       "the dbus-run-session line of the brief): %1")
                            .arg(probe.message)));
}

void TestTokenService::cleanupTestCase()
{
    for (const QString& id : std::as_const(m_profileIds)) {
        bool done = false;
        QObject context;
        Profiles::ProfileSecrets::removeAll(*m_keychain, id, &context,
                                            [&](const Profiles::ProfileSecrets::Outcome&) { done = true; });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 20000));
    }
}

Profiles::Profile TestTokenService::profile(const QString& grant)
{
    Profiles::Profile p;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_profileIds.append(p.id);
    p.name = QStringLiteral("Token test ") + grant;
    p.baseUrl = base();
    p.auth.method = Auth::Method::OAuth2;
    p.auth.oauth.grantType = grant;
    p.auth.oauth.tokenEndpoint = base() + QStringLiteral("/oauth/token");
    p.auth.oauth.clientId = DemoServer::clientId();
    p.sessionSecrets.clientSecret = DemoServer::clientSecret();
    p.auth.username = DemoServer::basicUser();
    p.sessionSecrets.password = DemoServer::basicPassword();
    p.expectedIssuer = base();
    p.expectedAudiences = {DemoServer::audience()};
    return p;
}

TokenOutcome TestTokenService::runTokens(TokenService& service, const TokenService::Request& request)
{
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
    if (outcome.ok)
        remember(outcome.profile);
    return outcome;
}

void TestTokenService::remember(const Profiles::Profile& p)
{
    // Tokens the demo minted (random, long): a file holding one can only have been written by this run.
    for (const QString& t : {p.sessionSecrets.refreshToken, p.sessionSecrets.token})
        if (t.size() >= 32 && !m_canaries.contains(t))
            m_canaries.append(t);
}

TokenOutcome TestTokenService::runTokens(Profiles::SecretStore* store, const Profiles::Profile& p,
                                         TokenService::Mode mode)
{
    TokenService service(store);
    TokenService::Request request;
    request.profile = p;
    request.mode = mode;
    return runTokens(service, request);
}

ResendOutcome TestTokenService::runFlow(RefreshAndResend& flow, const RefreshAndResend::Request& request)
{
    ResendOutcome outcome;
    outcome.error = {ErrorKind::Network, QStringLiteral("test timeout")};
    bool done = false;
    QObject context;
    flow.run(request, &context, [&](const ResendOutcome& o) {
        outcome = o;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 60000))
        qWarning("flow timed out");
    if (outcome.token && outcome.token->ok)
        remember(outcome.profile);
    return outcome;
}

Http::Exchange TestTokenService::get(const QString& path, const QByteArray& bearer)
{
    Http::HttpClient client;
    Http::RequestSpec spec;
    spec.url = QUrl(base() + path);
    if (!bearer.isEmpty())
        spec.headers.append({QByteArrayLiteral("Authorization"), "Bearer " + bearer});
    QSignalSpy spy(&client, &Http::HttpClient::finished);
    client.send(spec);
    if (!spy.wait(20000))
        return {};
    return spy.takeFirst().at(0).value<Http::Exchange>();
}

Http::RequestSpec TestTokenService::apiRequest(const Profiles::Profile& p, const QString& path)
{
    Http::RequestSpec spec;
    spec.url = p.resolve(path);
    Auth::applyTo(p.auth, p.sessionSecrets, spec);
    return spec;
}

QString TestTokenService::stored(const Profiles::Profile& p, Auth::SecretField field)
{
    return secretToolLookup(m_service, Profiles::ProfileSecrets::key(p.id, field));
}

void TestTokenService::clientCredentials()
{
    const Profiles::Profile p = profile(QStringLiteral("client_credentials"));
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const TokenOutcome o = runTokens(m_keychain.get(), p);
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QVERIFY(!o.error.isError());
    QCOMPARE(o.grantType, QStringLiteral("client_credentials"));
    QCOMPARE(o.endpointSource, EndpointSource::Profile);
    QCOMPARE(o.tokenEndpoint.toString(), base() + QStringLiteral("/oauth/token"));
    QCOMPARE(titles(o), QStringList {QStringLiteral("Token request: client_credentials grant")});
    QCOMPARE(o.tokenStep, 0);
    const Http::Exchange& ex = o.tokenRequestStep()->exchange;
    QCOMPARE(ex.finalStatus(), 200);
    QVERIFY(Http::headerValue(ex.hops.constFirst().request.headers, "Authorization").startsWith("Basic "));
    QVERIFY(o.response.ok);
    QCOMPARE(o.response.tokenType, QStringLiteral("Bearer"));
    QVERIFY(o.expiresAt >= before + 3600 && o.expiresAt <= QDateTime::currentSecsSinceEpoch() + 3600);
    QCOMPARE(o.profile.auth.oauth.accessTokenExpiresAt, o.expiresAt);
    QCOMPARE(o.profile.auth.oauth.tokenType, QStringLiteral("Bearer"));
    QVERIFY(!o.refreshTokenRotated);
    QVERIFY(o.profile.sessionSecrets.refreshToken.isEmpty()); // RFC 6749 §4.4.3: none for this grant
    QVERIFY(o.stored);
    QVERIFY(!o.sessionOnly);
    QVERIFY(o.storeError.isEmpty());
    QCOMPARE(stored(p, Auth::SecretField::Token), o.profile.sessionSecrets.token);
    // The token works at the API.
    QCOMPARE(get(QStringLiteral("/api/profile"), o.response.accessToken.toLatin1()).finalStatus(), 200);
}

void TestTokenService::passwordThenRefreshWithRotation()
{
    const Profiles::Profile p = profile(QStringLiteral("password"));
    const TokenOutcome first = runTokens(m_keychain.get(), p);
    QVERIFY2(first.ok, qPrintable(first.error.message));
    QCOMPARE(first.grantType, QStringLiteral("password")); // no refresh token yet
    const QString refresh1 = first.profile.sessionSecrets.refreshToken;
    QVERIFY(!refresh1.isEmpty());
    QVERIFY(!first.response.idToken.isEmpty());
    QCOMPARE(stored(p, Auth::SecretField::RefreshToken), refresh1);
    QCOMPARE(stored(p, Auth::SecretField::Token), first.profile.sessionSecrets.token);
    // The password went in the body, and the step's request records it (the caller redacts it).
    QVERIFY(first.tokenRequestStep()->exchange.hops.constFirst().request.body.contains("grant_type=password"));

    // Refresh: rotation, the info finding, the new refresh token in the keychain.
    const TokenOutcome second = runTokens(m_keychain.get(), first.profile);
    QVERIFY2(second.ok, qPrintable(second.error.message));
    QCOMPARE(second.grantType, QStringLiteral("refresh_token"));
    QVERIFY(second.refreshTokenRotated);
    const QString refresh2 = second.profile.sessionSecrets.refreshToken;
    QVERIFY(!refresh2.isEmpty() && refresh2 != refresh1);
    QVERIFY(codes(second.findings()).contains(Diagnosis::Code::OAuthRotated));
    const QList<Diagnosis::Finding> secondFindings = second.findings();
    const Diagnosis::Finding* rotated = Diagnosis::findFinding(secondFindings, QString(Diagnosis::Code::OAuthRotated));
    QVERIFY(rotated);
    QCOMPARE(rotated->severity, Diagnosis::Severity::Info);
    QCOMPARE(stored(p, Auth::SecretField::RefreshToken), refresh2);
    QVERIFY(second.profile.sessionSecrets.token != first.profile.sessionSecrets.token);

    // Replaying the old refresh token: invalid_grant, a full re-authentication, one request, no loop.
    TokenService service(m_keychain.get());
    QSignalSpy steps(&service, &TokenService::stepStarted);
    TokenService::Request replay;
    replay.profile = first.profile; // still holds refresh1
    const TokenOutcome refused = runTokens(service, replay);
    QVERIFY(!refused.ok);
    QCOMPARE(refused.error.kind, ErrorKind::Refused);
    QCOMPARE(exitCodeFor(refused.error), 1);
    QVERIFY(refused.reauthenticate);
    QVERIFY2(refused.error.message.contains(u"full re-authentication"), qPrintable(refused.error.message));
    QCOMPARE(steps.size(), 1);
    QCOMPARE(refused.transcript.size(), 1);
    QCOMPARE(refused.tokenRequestStep()->exchange.finalStatus(), 400);
    QCOMPARE(refused.tokenRequestStep()->exchange.error.kind, Http::ErrorKind::None); // an answer, not a failure
    const QList<Diagnosis::Finding> refusedFindings = refused.findings();
    const Diagnosis::Finding* invalidGrant
        = Diagnosis::findFinding(refusedFindings, QString(Diagnosis::Code::OAuthInvalidGrant));
    QVERIFY(invalidGrant);
    QCOMPARE(invalidGrant->severity, Diagnosis::Severity::Cause);
    QCOMPARE(refused.response.error, QStringLiteral("invalid_grant"));
    QVERIFY(!refused.stored);
    // Nothing was overwritten: the keychain still holds the live refresh token.
    QCOMPARE(stored(p, Auth::SecretField::RefreshToken), refresh2);
}

void TestTokenService::clientSecretPostAndPublicClient()
{
    Profiles::Profile p = profile(QStringLiteral("client_credentials"));
    p.auth.oauth.clientAuth = Auth::ClientAuth::ClientSecretPost;
    p.auth.oauth.scopes = {QStringLiteral("orders:read")};
    const TokenOutcome post = runTokens(m_keychain.get(), p);
    QVERIFY2(post.ok, qPrintable(post.error.message));
    QCOMPARE(post.response.scopes, QStringList {QStringLiteral("orders:read")});
    const Http::Hop& hop = post.tokenRequestStep()->exchange.hops.constFirst();
    QVERIFY(Http::headerValue(hop.request.headers, "Authorization").isEmpty());
    QVERIFY(hop.request.body.contains("client_secret="));

    // The demo client is confidential: without a secret the token endpoint says invalid_client.
    p.auth.oauth.clientAuth = Auth::ClientAuth::None;
    const TokenOutcome none = runTokens(m_keychain.get(), p);
    QCOMPARE(none.error.kind, ErrorKind::Refused);
    QVERIFY(codes(none.findings()).contains(Diagnosis::Code::OAuthInvalidClient));
}

void TestTokenService::invalidClient()
{
    Profiles::Profile p = profile(QStringLiteral("client_credentials"));
    p.sessionSecrets.clientSecret = QStringLiteral("wrong-secret");
    const TokenOutcome o = runTokens(m_keychain.get(), p);
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::Refused);
    QVERIFY(!o.reauthenticate);
    QCOMPARE(o.tokenRequestStep()->exchange.finalStatus(), 401);
    const QList<Diagnosis::Finding> findings = o.findings();
    const Diagnosis::Finding* f = Diagnosis::findFinding(findings, QString(Diagnosis::Code::OAuthInvalidClient));
    QVERIFY(f);
    // With the token endpoint's own challenge as evidence, and the method that was used.
    QVERIFY(std::any_of(f->evidence.cbegin(), f->evidence.cend(),
                        [](const Diagnosis::Evidence& e) { return e.note.contains(u"challenge"); }));
    QVERIFY2(f->explanation.contains(u"client_secret_basic"), qPrintable(f->explanation));
    QVERIFY(!f->explanation.contains(u"wrong-secret"));
    QVERIFY(stored(p, Auth::SecretField::Token).isEmpty());
}

void TestTokenService::discoveryThroughResourceMetadata()
{
    // The profile knows no token endpoint; the API's 401 points at its metadata (RFC 9728).
    Profiles::Profile p = profile(QStringLiteral("client_credentials"));
    p.auth.oauth.tokenEndpoint.clear();
    const Http::Exchange challenged = get(QStringLiteral("/api/profile"));
    QCOMPARE(challenged.finalStatus(), 401);
    TokenService service(m_keychain.get());
    TokenService::Request request;
    request.profile = p;
    request.challenged = challenged;
    const TokenOutcome o = runTokens(service, request);
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QCOMPARE(o.endpointSource, EndpointSource::ResourceMetadata);
    QCOMPARE(endpointSourceName(o.endpointSource), QStringLiteral("resource_metadata"));
    QCOMPARE(o.tokenEndpoint.toString(), base() + QStringLiteral("/oauth/token"));
    QVERIFY2(o.endpointNote.contains(u"/.well-known/oauth-protected-resource")
                 && o.endpointNote.contains(u"/.well-known/oauth-authorization-server"),
             qPrintable(o.endpointNote));
    QCOMPARE(titles(o),
             (QStringList {QStringLiteral("Protected resource metadata (RFC 9728)"),
                           QStringLiteral("Authorization server metadata (RFC 8414)"),
                           QStringLiteral("Token request: client_credentials grant")}));
    QCOMPARE(o.tokenStep, 2);
    // Discovery fetches carry no credentials.
    for (int i = 0; i < 2; ++i)
        QVERIFY(o.transcript.at(i).exchange.hops.constFirst().placed.isEmpty());
    QVERIFY(o.stored);
}

void TestTokenService::discoveryThroughIssuer()
{
    Profiles::Profile p = profile(QStringLiteral("client_credentials"));
    p.auth.oauth.tokenEndpoint.clear();
    p.sessionSecrets.token = m_server.mintAccessToken(QStringLiteral("demo"), {}, -600);
    const TokenOutcome o = runTokens(m_keychain.get(), p);
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QCOMPARE(o.endpointSource, EndpointSource::Issuer);
    QVERIFY2(o.endpointNote.contains(base()), qPrintable(o.endpointNote));
    QCOMPARE(o.transcript.size(), 2);
}

void TestTokenService::discoveredEndpointOfAnotherOriginIsNotUsed()
{
    // The profile's API is the demo's second origin; the token's issuer names the first. Its token
    // endpoint would receive the client secret: not without the user's word.
    Profiles::Profile p = profile(QStringLiteral("client_credentials"));
    p.baseUrl = m_server.secondOriginUrl().toString();
    p.auth.oauth.tokenEndpoint.clear();
    p.sessionSecrets.token = m_server.mintAccessToken(QStringLiteral("demo"), {}, -600);
    const TokenOutcome o = runTokens(m_keychain.get(), p);
    QVERIFY(!o.ok);
    QCOMPARE(o.error.kind, ErrorKind::BadInput);
    QVERIFY2(o.error.message.contains(u"not an origin this profile sends its credentials to"),
             qPrintable(o.error.message));
    QCOMPARE(o.tokenStep, -1);
    QCOMPARE(o.transcript.size(), 1); // the metadata, never the token request
}

void TestTokenService::nothingToDiscover()
{
    Profiles::Profile p = profile(QStringLiteral("client_credentials"));
    p.auth.oauth.tokenEndpoint.clear();
    p.sessionSecrets.token = QStringLiteral("opaque");
    const TokenOutcome o = runTokens(m_keychain.get(), p);
    QCOMPARE(o.error.kind, ErrorKind::BadInput);
    QVERIFY2(o.error.message.contains(u"not a JWT"), qPrintable(o.error.message));
    QVERIFY(o.transcript.isEmpty());

    // A profile that lacks what the grant needs fails before any request.
    Profiles::Profile noSecret = profile(QStringLiteral("client_credentials"));
    noSecret.sessionSecrets.clientSecret.clear();
    const TokenOutcome bad = runTokens(m_keychain.get(), noSecret);
    QCOMPARE(bad.error.kind, ErrorKind::BadInput);
    QVERIFY(bad.transcript.isEmpty());
}

void TestTokenService::keychainWriteFailsKeepsTokensInMemory()
{
    Test::FailingSecretStore failing(Profiles::SecretError::Denied);
    Profiles::Profile p = profile(QStringLiteral("password"));
    p.sessionSecrets.refreshToken = m_server.mintRefreshToken(QStringLiteral("demo"), {QStringLiteral("profile:read")});
    const QString sent = p.sessionSecrets.refreshToken;
    const TokenOutcome o = runTokens(&failing, p);
    QVERIFY(o.ok); // the tokens were got …
    QVERIFY(!o.stored); // … but not stored
    QVERIFY(o.sessionOnly);
    QCOMPARE(o.error.kind, ErrorKind::Keychain);
    QCOMPARE(exitCodeFor(o.error), 4);
    QVERIFY(o.refreshTokenRotated);
    QVERIFY2(o.storeError.contains(u"memory for this session only") && o.storeError.contains(u"fake failure")
                 && o.storeError.contains(u"sign in again"),
             qPrintable(o.storeError));
    QVERIFY(!o.storeError.contains(o.profile.sessionSecrets.refreshToken));
    QVERIFY(o.profile.sessionSecrets.refreshToken != sent);
    QVERIFY(!o.profile.sessionSecrets.token.isEmpty());
    QVERIFY(failing.calls() >= 2); // the access token and the rotated refresh token were both tried
}

void TestTokenService::demoProfileStaysInMemory()
{
    const QList<Profiles::Profile> profiles = m_server.profiles();
    const auto it = std::find_if(profiles.cbegin(), profiles.cend(),
                                 [](const Profiles::Profile& p) { return p.id == u"demo-oauth-expired"; });
    QVERIFY(it != profiles.cend());
    QVERIFY(it->demo);
    const TokenOutcome o = runTokens(m_keychain.get(), *it);
    QVERIFY2(o.ok, qPrintable(o.error.message));
    QVERIFY(o.refreshTokenRotated);
    QVERIFY(!o.stored);
    QVERIFY(o.sessionOnly);
    QVERIFY(o.storeError.isEmpty());
    QVERIFY(!o.error.isError());
    QVERIFY(stored(*it, Auth::SecretField::RefreshToken).isEmpty());
}

void TestTokenService::oneRunAtATime()
{
    TokenService service(m_keychain.get());
    TokenService::Request request;
    request.profile = profile(QStringLiteral("client_credentials"));
    bool firstDone = false;
    QObject context;
    service.run(request, &context, [&](const TokenOutcome&) { firstDone = true; });
    QVERIFY(service.isRunning());
    const TokenOutcome second = runTokens(service, request);
    QCOMPARE(second.error.kind, ErrorKind::Usage);
    QVERIFY(QTest::qWaitFor([&] { return firstDone; }, 30000));
    QVERIFY(!service.isRunning());
}

void TestTokenService::htmlAnswerIsNotAToken()
{
    // A login page where the token endpoint should be: oauth.not_json, refused, nothing stored.
    Test::RawHttpServer raw;
    QVERIFY(raw.listen());
    raw.setHandler([](const QByteArray&) {
        return Test::RawHttpServer::simple(200, "OK", {{"Content-Type", "text/html; charset=utf-8"}},
                                           "<!DOCTYPE html><html><body><form>Sign in</form></body></html>");
    });
    Profiles::Profile p = profile(QStringLiteral("client_credentials"));
    p.baseUrl = raw.url(QStringLiteral("/")).toString();
    p.auth.oauth.tokenEndpoint = raw.url(QStringLiteral("/login")).toString();
    const TokenOutcome o = runTokens(m_keychain.get(), p);
    QCOMPARE(o.error.kind, ErrorKind::Refused);
    QVERIFY2(o.error.message.contains(u"HTML page"), qPrintable(o.error.message));
    const QList<Diagnosis::Finding> findings = o.findings();
    const Diagnosis::Finding* f = Diagnosis::findFinding(findings, QString(Diagnosis::Code::OAuthNotJson));
    QVERIFY(f);
    QCOMPARE(f->reason, QStringLiteral("html"));
    QVERIFY(stored(p, Auth::SecretField::Token).isEmpty());
}

void TestTokenService::tokenRequestIsNeverRedirected()
{
    // A 307 would carry the body (client secret, refresh token, password) to the Location: not followed.
    Test::RawHttpServer elsewhere;
    QVERIFY(elsewhere.listen());
    elsewhere.setHandler([](const QByteArray&) {
        return Test::RawHttpServer::simple(200, "OK", {{"Content-Type", "application/json"}},
                                           R"({"access_token":"stolen","token_type":"Bearer"})");
    });
    Test::RawHttpServer raw;
    QVERIFY(raw.listen());
    const QByteArray location = elsewhere.url(QStringLiteral("/collect")).toEncoded();
    raw.setHandler([location](const QByteArray&) {
        return Test::RawHttpServer::simple(307, "Temporary Redirect", {{"Location", location}});
    });
    Profiles::Profile p = profile(QStringLiteral("password"));
    p.baseUrl = raw.url(QStringLiteral("/")).toString();
    p.auth.oauth.tokenEndpoint = raw.url(QStringLiteral("/token")).toString();
    const TokenOutcome o = runTokens(m_keychain.get(), p);
    QCOMPARE(o.error.kind, ErrorKind::Refused);
    QVERIFY2(o.error.message.contains(u"not followed"), qPrintable(o.error.message));
    QCOMPARE(o.tokenRequestStep()->exchange.hops.size(), 1);
    QCOMPARE(o.tokenRequestStep()->exchange.finalStatus(), 307);
    QVERIFY(elsewhere.requests().isEmpty());
}

void TestTokenService::cancelWhileWaiting()
{
    Test::RawHttpServer raw;
    QVERIFY(raw.listen());
    raw.setHandler([](const QByteArray&) {
        Test::RawHttpServer::Reply reply;
        reply.hang = true;
        return reply;
    });
    Profiles::Profile p = profile(QStringLiteral("client_credentials"));
    p.baseUrl = raw.url(QStringLiteral("/")).toString();
    p.auth.oauth.tokenEndpoint = raw.url(QStringLiteral("/token")).toString();
    TokenService service(m_keychain.get());
    TokenOutcome outcome;
    bool done = false;
    QObject context;
    service.run({p, TokenService::Mode::Refresh, std::nullopt, {}, {}, {}, 300}, &context, [&](const TokenOutcome& o) {
        outcome = o;
        done = true;
    });
    QTRY_COMPARE_WITH_TIMEOUT(raw.requests().size(), 1, 10000);
    service.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    QCOMPARE(outcome.error.kind, ErrorKind::Network);
    QCOMPARE(outcome.error.message, QStringLiteral("Cancelled"));
    QVERIFY(!outcome.ok);
    QVERIFY(!service.isRunning());
}

void TestTokenService::flowRefreshesBeforeSendingAnExpiredToken()
{
    Profiles::Profile p = profile(QStringLiteral("password"));
    p.sessionSecrets.token = m_server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, -7200);
    p.sessionSecrets.refreshToken = m_server.mintRefreshToken(QStringLiteral("demo"), {QStringLiteral("profile:read")});
    RefreshAndResend flow(m_keychain.get());
    QSignalSpy tokenRuns(&flow, &RefreshAndResend::tokenRunStarted);
    RefreshAndResend::Request request;
    request.profile = p;
    request.spec = apiRequest(p, QStringLiteral("/api/profile"));
    const ResendOutcome o = runFlow(flow, request);
    QVERIFY2(!o.error.isError(), qPrintable(o.error.message));
    QVERIFY(o.refreshedFirst);
    QVERIFY(!o.before);
    QVERIFY(o.after);
    QCOMPARE(o.after->exchange.finalStatus(), 200);
    QCOMPARE(tokenRuns.size(), 1);
    QVERIFY(o.token && o.token->ok && o.token->stored);
    QVERIFY2(o.summary.contains(u"expired 2 h"), qPrintable(o.summary));
    QCOMPARE(o.profile.sessionSecrets.token, o.token->profile.sessionSecrets.token);
    // The request as sent carries the new token, not the old one.
    QCOMPARE(Http::headerValue(o.after->exchange.hops.constFirst().request.headers, "Authorization"),
             QByteArray("Bearer " + o.profile.sessionSecrets.token.toLatin1()));
}

void TestTokenService::flowStoresBeforeItResends()
{
    // The token looks valid locally, but the server rotated its signing key: 401 token.signature. The flow
    // refreshes and resends; the rotated refresh token is in the keychain before the resend's first hop.
    Profiles::Profile p = profile(QStringLiteral("password"));
    p.sessionSecrets.token = m_server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 3600);
    p.sessionSecrets.refreshToken = m_server.mintRefreshToken(QStringLiteral("demo"), {QStringLiteral("profile:read")});
    m_server.rotateSigningKey();

    QStringList log;
    RecordingStore recording(m_keychain.get(), &log);
    RefreshAndResend flow(&recording);
    QString inKeychainAtResend;
    connect(&flow, &RefreshAndResend::hopStarted, this, [&](int index, int hop, const QUrl&) {
        log.append(QStringLiteral("send %1 hop %2").arg(index).arg(hop));
        if (index == 1 && hop == 0) // read the Secret Service itself, synchronously, at this very moment
            inKeychainAtResend = stored(p, Auth::SecretField::RefreshToken);
    });
    connect(&flow, &RefreshAndResend::tokenRunFinished, this,
            [&](const TokenOutcome&) { log.append(QStringLiteral("token run finished")); });
    RefreshAndResend::Request request;
    request.profile = p;
    request.spec = apiRequest(p, QStringLiteral("/api/profile"));
    request.refreshIfExpired = true; // not expired: the first send goes out
    const ResendOutcome o = runFlow(flow, request);
    QVERIFY2(!o.error.isError(), qPrintable(o.error.message));
    QVERIFY(!o.refreshedFirst);
    QVERIFY(o.before && o.after && o.token);
    QCOMPARE(o.before->exchange.finalStatus(), 401);
    QVERIFY(codes(o.before->diagnosis.findings).contains(Diagnosis::Code::TokenSignature));
    QCOMPARE(o.after->exchange.finalStatus(), 200);
    QVERIFY(o.token->refreshTokenRotated);
    const QString rotated = o.profile.sessionSecrets.refreshToken;
    QCOMPARE(inKeychainAtResend, rotated);
    const QString refreshKey = Profiles::ProfileSecrets::key(p.id, Auth::SecretField::RefreshToken);
    const qsizetype storedAt = log.indexOf(QStringLiteral("stored %1 ok").arg(refreshKey));
    const qsizetype resendAt = log.indexOf(QStringLiteral("send 1 hop 0"));
    QVERIFY2(storedAt >= 0 && resendAt > storedAt, qPrintable(log.join(u" | ")));
    QVERIFY(log.indexOf(QStringLiteral("send 0 hop 0")) < storedAt);
    QVERIFY(log.indexOf(QStringLiteral("token run finished")) < resendAt);
    QVERIFY2(o.summary.contains(u"401 (token.revoked)") || o.summary.contains(u"401 (token.signature)"),
             qPrintable(o.summary));
    // Both requests, the second with the new token.
    QVERIFY(o.before->spec.credentials.constFirst().value != o.after->spec.credentials.constFirst().value);
}

void TestTokenService::flowGivenTheFailedExchange()
{
    // "Refresh token & resend" on the demo's expired-token 401.
    const QList<Profiles::Profile> profiles = m_server.profiles();
    const Profiles::Profile demo = *std::find_if(
        profiles.cbegin(), profiles.cend(), [](const Profiles::Profile& p) { return p.id == u"demo-oauth-expired"; });
    const Http::RequestSpec spec = apiRequest(demo, demo.requests.constFirst().url);
    Http::HttpClient client;
    QSignalSpy spy(&client, &Http::HttpClient::finished);
    client.send(spec);
    QVERIFY(spy.wait(20000));
    const Http::Exchange failed = spy.takeFirst().at(0).value<Http::Exchange>();
    QCOMPARE(failed.finalStatus(), 401);

    RefreshAndResend flow(m_keychain.get(), nullptr, &client);
    RefreshAndResend::Request request;
    request.profile = demo;
    request.spec = spec;
    request.failed = failed;
    const ResendOutcome o = runFlow(flow, request);
    QVERIFY2(!o.error.isError(), qPrintable(o.error.message));
    QVERIFY(o.before && o.after && o.token);
    QCOMPARE(o.before->exchange.finalStatus(), 401);
    QVERIFY(codes(o.before->diagnosis.findings).contains(Diagnosis::Code::TokenExpired));
    QCOMPARE(o.after->exchange.finalStatus(), 200);
    QVERIFY(o.token->sessionOnly); // a demo profile: in memory
    QVERIFY(o.profile.auth.oauth.accessTokenExpiresAt > QDateTime::currentSecsSinceEpoch());
}

void TestTokenService::flowDeadRefreshTokenNeverLoops()
{
    Profiles::Profile p = profile(QStringLiteral("password"));
    p.sessionSecrets.token = m_server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 3600);
    p.sessionSecrets.refreshToken = QStringLiteral("dead-refresh-token");
    m_server.rotateSigningKey(); // the API refuses the token: 401 token.signature

    RefreshAndResend flow(m_keychain.get());
    QSignalSpy tokenRuns(&flow, &RefreshAndResend::tokenRunStarted);
    QSignalSpy hops(&flow, &RefreshAndResend::hopStarted);
    RefreshAndResend::Request request;
    request.profile = p;
    request.spec = apiRequest(p, QStringLiteral("/api/profile"));
    const ResendOutcome o = runFlow(flow, request);
    QCOMPARE(o.error.kind, ErrorKind::Refused);
    QCOMPARE(tokenRuns.size(), 1);
    QCOMPARE(hops.size(), 1); // the first send; no resend
    QVERIFY(o.before);
    QVERIFY(!o.after);
    QVERIFY(o.token && o.token->reauthenticate);
    QCOMPARE(o.token->transcript.size(), 1);
    QVERIFY(codes(o.token->findings()).contains(Diagnosis::Code::OAuthInvalidGrant));
    QVERIFY2(o.summary.contains(u"oauth.invalid_grant") && o.summary.contains(u"not resent"), qPrintable(o.summary));
}

void TestTokenService::flowStill401IsNotRefreshedTwice()
{
    // The token endpoint issues tokens that are already expired: the resend is refused again, and the
    // flow stops there.
    m_server.setAccessTokenLifetime(-600);
    Profiles::Profile p = profile(QStringLiteral("password"));
    p.sessionSecrets.refreshToken = m_server.mintRefreshToken(QStringLiteral("demo"), {QStringLiteral("profile:read")});
    RefreshAndResend flow(m_keychain.get());
    QSignalSpy tokenRuns(&flow, &RefreshAndResend::tokenRunStarted);
    RefreshAndResend::Request request;
    request.profile = p;
    request.spec = apiRequest(p, QStringLiteral("/api/profile"));
    const ResendOutcome o = runFlow(flow, request);
    m_server.setAccessTokenLifetime(3600);
    QVERIFY(o.refreshedFirst); // no token at all: got one first
    QCOMPARE(tokenRuns.size(), 1);
    QVERIFY(o.after);
    QCOMPARE(o.after->exchange.finalStatus(), 401);
    QVERIFY2(o.summary.contains(u"not refreshing again"), qPrintable(o.summary));
}

void TestTokenService::flowWithoutTokenFindingDoesNotRefresh()
{
    // 403 insufficient_scope: a new token of the same grant would not change it.
    Profiles::Profile p = profile(QStringLiteral("password"));
    p.sessionSecrets.token = m_server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 3600);
    RefreshAndResend flow(m_keychain.get());
    QSignalSpy tokenRuns(&flow, &RefreshAndResend::tokenRunStarted);
    RefreshAndResend::Request request;
    request.profile = p;
    request.spec = apiRequest(p, QStringLiteral("/api/admin"));
    const ResendOutcome o = runFlow(flow, request);
    QVERIFY(!o.error.isError());
    QCOMPARE(tokenRuns.size(), 0);
    QVERIFY(!o.token);
    QCOMPARE(o.after->exchange.finalStatus(), 403);
}

void TestTokenService::canaryRefreshTokenIsNowhereOnDisk()
{
    // One more refresh with a fresh canary, then every file written since the tests started where this
    // process could have written one: none holds any refresh or access token these tests saw (the tokens
    // are random and new, so older files cannot; gnome-keyring's own files are encrypted).
    Profiles::Profile p = profile(QStringLiteral("password"));
    p.sessionSecrets.refreshToken = m_server.mintRefreshToken(QStringLiteral("demo"), {QStringLiteral("profile:read")});
    m_canaries.append(p.sessionSecrets.refreshToken);
    const TokenOutcome o = runTokens(m_keychain.get(), p);
    QVERIFY2(o.ok && o.stored, qPrintable(o.error.message));
    QVERIFY(m_canaries.size() >= 10);

    const Test::DiskScan scan = Test::scanForSecrets(m_canaries, m_started);
    QVERIFY2(scan.holding.isEmpty(), qPrintable(scan.holding.join(u'\n')));
    qInfo("searched %d files for %d tokens", scan.scanned, int(m_canaries.size()));
    QVERIFY(scan.scanned > 0);
}

QTEST_GUILESS_MAIN(TestTokenService)
#include "TestTokenService.moc"
