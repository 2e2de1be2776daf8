// TokenFinder: every token in an exchange, with its place — over a synthetic Exchange (every location),
// and over real exchanges with the demo API (its token endpoint; a Bearer request answered 401 because
// the server's clock is ahead).

#include "JwtTestKeys.h"
#include "demo/DemoServer.h"
#include "http/HttpClient.h"
#include "jwt/HttpDate.h"
#include "jwt/JwtInspector.h"
#include "jwt/TokenFinder.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimer>

using namespace Authlens;
using namespace Authlens::Jwt;
using Demo::DemoServer;
using Test::JwtTestKey;

namespace {

QByteArray jwt(const QString& subject, const QJsonObject& extra = {})
{
    QJsonObject claims = extra;
    claims.insert(QStringLiteral("sub"), subject);
    return JwtTestKey::hmacToken(QStringLiteral("HS256"), QByteArray(32, 'k'), {}, claims);
}

const FoundToken* findByName(const QList<FoundToken>& found, const QString& name, int hop = -2)
{
    for (const FoundToken& token : found) {
        if (token.name == name && (hop == -2 || token.hopIndex == hop))
            return &token;
    }
    return nullptr;
}

Http::Exchange send(const Http::RequestSpec& spec)
{
    Http::HttpClient client;
    Http::Exchange exchange;
    QEventLoop loop;
    QObject::connect(&client, &Http::HttpClient::finished, &loop, [&](const Http::Exchange& ex) {
        exchange = ex;
        loop.quit();
    });
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    client.send(spec);
    if (!exchange.hasResponse() && exchange.hops.isEmpty())
        loop.exec();
    return exchange;
}

} // namespace

class TestTokenFinder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void syntheticExchange();
    void requestHeaders_data();
    void requestHeaders();
    void responseBodies_data();
    void responseBodies();
    void optionsForUseHopDateAndPlace();
    void demoTokenEndpoint();
    void demoServerClockAhead();

private:
    DemoServer m_server;
};

void TestTokenFinder::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void TestTokenFinder::syntheticExchange()
{
    const QByteArray access = jwt(QStringLiteral("access"));
    const QByteArray proof = jwt(QStringLiteral("proof"));
    const QByteArray cookieJwt = jwt(QStringLiteral("cookie"));
    const QByteArray fragmentAccess = jwt(QStringLiteral("fragment-access"));
    const QByteArray fragmentId = jwt(QStringLiteral("fragment-id"));
    const QByteArray setCookieJwt = jwt(QStringLiteral("set-cookie"));
    const QByteArray bodyAccess = jwt(QStringLiteral("body-access"));
    const QByteArray bodyId = jwt(QStringLiteral("body-id"));
    const QByteArray nested = jwt(QStringLiteral("nested"));
    const QByteArray inList = jwt(QStringLiteral("in-list"));
    const QByteArray apiKey = QByteArray("ghp_") + QByteArray(36, 'x');

    Http::Exchange exchange;
    Http::Hop first;
    first.request.method = "GET";
    first.request.url = QUrl(QStringLiteral("https://api.test/orders?page=2"));
    first.request.headers = {{"Authorization", "Bearer " + access},
                             {"DPoP", proof},
                             {"Cookie", "theme=dark; id_token=" + cookieJwt},
                             {"X-Api-Key", apiKey},
                             {"Accept", "application/json"}};
    QNetworkCookie sentCookie("id_token", cookieJwt);
    first.cookies.sent = {sentCookie}; // the same cookie as in the Cookie header: listed once
    first.response.received = true;
    first.response.status = 302;
    first.response.headers = {
        {"Date", "Tue, 14 Nov 2023 22:13:20 GMT"},
        {"Location", "https://app.test/cb#access_token=" + fragmentAccess + "&id_token=" + fragmentId + "&state=xyz"},
        {"Set-Cookie", "jwt=" + setCookieJwt + "; Path=/; HttpOnly; Secure"},
        {"Set-Cookie", "plain=1; Path=/"},
    };
    exchange.hops.append(first);

    Http::Hop second;
    second.request.method = "POST";
    second.request.url = QUrl(QStringLiteral("https://auth.test/token"));
    second.response.received = true;
    second.response.status = 200;
    second.response.headers = {{"Content-Type", "application/json"}};
    const QJsonObject body {
        {QStringLiteral("access_token"), QString::fromLatin1(bodyAccess)},
        {QStringLiteral("id_token"), QString::fromLatin1(bodyId)},
        {QStringLiteral("refresh_token"), QStringLiteral("8xLOxBtZp8")},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("expires_in"), 3600},
        {QStringLiteral("data"),
         QJsonObject {{QStringLiteral("session"), QJsonObject {{QStringLiteral("jwt"), QString::fromLatin1(nested)}}}}},
        {QStringLiteral("list"), QJsonArray {QStringLiteral("x"), QString::fromLatin1(inList)}},
    };
    second.response.body = Http::Body::fromBytes(QJsonDocument(body).toJson());
    exchange.hops.append(second);

    const QList<FoundToken> found = TokenFinder::find(exchange);
    QStringList summary;
    for (const FoundToken& token : found)
        summary.append(
            QStringLiteral("%1:%2:%3").arg(token.hopIndex).arg(tokenLocationName(token.location), token.name));
    const QStringList expected {
        QStringLiteral("0:request_authorization:Authorization"),
        QStringLiteral("0:request_dpop_proof:DPoP"),
        QStringLiteral("0:request_cookie:id_token"),
        QStringLiteral("0:request_header:X-Api-Key"),
        QStringLiteral("0:response_location:access_token"),
        QStringLiteral("0:response_location:id_token"),
        QStringLiteral("0:response_set_cookie:jwt"),
        QStringLiteral("1:response_body:access_token"),
        QStringLiteral("1:response_body:data.session.jwt"),
        QStringLiteral("1:response_body:id_token"),
        QStringLiteral("1:response_body:list[1]"),
        QStringLiteral("1:response_body:refresh_token"),
    };
    QCOMPARE(summary, expected);

    const FoundToken* bearer = findByName(found, QStringLiteral("Authorization"));
    QCOMPARE(bearer->token, QString::fromLatin1(access));
    QCOMPARE(bearer->expectedKind, TokenKind::Access);
    QVERIFY(bearer->looksLikeJwt);
    QVERIFY2(bearer->label.contains(QStringLiteral("Authorization"))
                 && bearer->label.endsWith(QStringLiteral("(hop 1)")),
             qPrintable(bearer->label));
    QCOMPARE(findByName(found, QStringLiteral("DPoP"))->expectedKind, TokenKind::DpopProof);
    QCOMPARE(findByName(found, QStringLiteral("id_token"), 0)->location, TokenLocation::RequestCookie);
    QCOMPARE(findByName(found, QStringLiteral("X-Api-Key"))->looksLikeJwt, false);
    const FoundToken* fragment = findByName(found, QStringLiteral("access_token"), 0);
    QCOMPARE(fragment->token, QString::fromLatin1(fragmentAccess));
    QCOMPARE(fragment->expectedKind, TokenKind::Access);
    QVERIFY(fragment->label.contains(QStringLiteral("fragment")));
    QCOMPARE(findByName(found, QStringLiteral("jwt"))->token, QString::fromLatin1(setCookieJwt));
    QCOMPARE(findByName(found, QStringLiteral("id_token"), 1)->expectedKind, TokenKind::Id);
    const FoundToken* refresh = findByName(found, QStringLiteral("refresh_token"));
    QCOMPARE(refresh->expectedKind, TokenKind::Refresh);
    QVERIFY(!refresh->looksLikeJwt); // opaque, listed because of its name
    QCOMPARE(findByName(found, QStringLiteral("data.session.jwt"))->token, QString::fromLatin1(nested));
    QVERIFY(findByName(found, QStringLiteral("list[1]"))->label.contains(QStringLiteral("response body")));
}

void TestTokenFinder::requestHeaders_data()
{
    QTest::addColumn<Http::HeaderList>("headers");
    QTest::addColumn<QStringList>("names");
    const QByteArray token = jwt(QStringLiteral("x"));
    QTest::newRow("Bearer") << Http::HeaderList {{"Authorization", "Bearer opaque-123"}}
                            << QStringList {QStringLiteral("Authorization")};
    QTest::newRow("bearer lower case") << Http::HeaderList {{"authorization", "bearer " + token}}
                                       << QStringList {QStringLiteral("authorization")};
    QTest::newRow("DPoP scheme") << Http::HeaderList {{"Authorization", "DPoP " + token}}
                                 << QStringList {QStringLiteral("Authorization")};
    QTest::newRow("Basic is not a token")
        << Http::HeaderList {{"Authorization", "Basic ZGVtbzpkZW1v"}} << QStringList();
    QTest::newRow("Proxy-Authorization") << Http::HeaderList {{"Proxy-Authorization", "Bearer " + token}}
                                         << QStringList {QStringLiteral("Proxy-Authorization")};
    QTest::newRow("JWT in custom header")
        << Http::HeaderList {{"X-Auth-Token", token}} << QStringList {QStringLiteral("X-Auth-Token")};
    QTest::newRow("ordinary headers") << Http::HeaderList {{"Accept", "*/*"}, {"X-Request-Id", "abc.def.ghi"}}
                                      << QStringList();
    QTest::newRow("cookie without tokens") << Http::HeaderList {{"Cookie", "a=1; b=2"}} << QStringList();
    QTest::newRow("quoted cookie JWT") << Http::HeaderList {{"Cookie", "t=\"" + token + "\""}}
                                       << QStringList {QStringLiteral("t")};
}

void TestTokenFinder::requestHeaders()
{
    QFETCH(Http::HeaderList, headers);
    QFETCH(QStringList, names);
    QStringList found;
    for (const FoundToken& token : TokenFinder::findInRequestHeaders(headers))
        found.append(token.name);
    QCOMPARE(found, names);
}

void TestTokenFinder::responseBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QStringList>("names");
    const QByteArray token = jwt(QStringLiteral("x"));
    QTest::newRow("GitHub form-encoded") << QByteArray("access_token=gho_" + QByteArray(36, 'x')
                                                       + "&scope=repo&token_type=bearer")
                                         << QByteArrayLiteral("application/x-www-form-urlencoded")
                                         << QStringList {QStringLiteral("access_token")};
    QTest::newRow("application/jwt") << token << QByteArrayLiteral("application/jwt")
                                     << QStringList {QStringLiteral("body")};
    QTest::newRow("JSON without content type")
        << QByteArray("{\"token\":\"abc\"}") << QByteArray() << QStringList {QStringLiteral("token")};
    QTest::newRow("JSON array root") << QByteArray("[{\"id_token\":\"" + token + "\"}]")
                                     << QByteArrayLiteral("application/json")
                                     << QStringList {QStringLiteral("[0].id_token")};
    QTest::newRow("OAuth error") << QByteArray("{\"error\":\"invalid_grant\"}") << QByteArrayLiteral("application/json")
                                 << QStringList();
    QTest::newRow("HTML") << QByteArray("<html><body>" + token + "</body></html>") << QByteArrayLiteral("text/html")
                          << QStringList();
    QTest::newRow("broken JSON") << QByteArray("{\"access_token\":") << QByteArrayLiteral("application/json")
                                 << QStringList();
    QTest::newRow("deep JSON") << (QByteArray(100, '[') + QByteArray(100, ']')) << QByteArrayLiteral("application/json")
                               << QStringList();
}

void TestTokenFinder::responseBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QStringList, names);
    QStringList found;
    for (const FoundToken& token : TokenFinder::findInResponseBody(body, contentType))
        found.append(token.name);
    QCOMPARE(found, names);
}

void TestTokenFinder::optionsForUseHopDateAndPlace()
{
    Http::Exchange exchange;
    Http::Hop hop;
    hop.request.headers = {{"Authorization", "Bearer " + jwt(QStringLiteral("a"))}};
    hop.response.received = true;
    hop.response.status = 401;
    hop.response.headers = {{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"}};
    exchange.hops.append(hop);
    const QList<FoundToken> found = TokenFinder::find(exchange);
    QCOMPARE(found.size(), 1);
    InspectOptions base;
    base.leewaySeconds = 5;
    const InspectOptions options = TokenFinder::optionsFor(exchange, found.constFirst(), base);
    QCOMPARE(options.expectedKind, TokenKind::Access);
    QVERIFY(options.serverDate);
    QCOMPARE(options.serverDate->toSecsSinceEpoch(), 784111777);
    QCOMPARE(options.leewaySeconds, 5);
    QCOMPARE(found.constFirst().label, QStringLiteral("Bearer token in the request's Authorization header"));
}

void TestTokenFinder::demoTokenEndpoint()
{
    Http::RequestSpec spec;
    spec.method = "POST";
    spec.url = QUrl(m_server.baseUrl().toString() + QStringLiteral("/oauth/token"));
    spec.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    spec.body = "grant_type=password&username=" + DemoServer::basicUser().toUtf8()
        + "&password=" + DemoServer::basicPassword().toUtf8() + "&client_id=" + DemoServer::clientId().toUtf8()
        + "&client_secret=" + DemoServer::clientSecret().toUtf8() + "&scope=openid%20profile:read";
    const Http::Exchange exchange = send(spec);
    QCOMPARE(exchange.finalStatus(), 200);

    const QList<FoundToken> found = TokenFinder::find(exchange);
    const FoundToken* access = findByName(found, QStringLiteral("access_token"));
    const FoundToken* id = findByName(found, QStringLiteral("id_token"));
    const FoundToken* refresh = findByName(found, QStringLiteral("refresh_token"));
    QVERIFY(access && id && refresh);
    QVERIFY(access->looksLikeJwt && id->looksLikeJwt);
    QCOMPARE(access->location, TokenLocation::ResponseBody);

    InspectOptions base;
    base.expectedIssuer = m_server.baseUrl().toString();
    const TokenReport accessReport
        = JwtInspector::inspect(access->token.toLatin1(), TokenFinder::optionsFor(exchange, *access, base));
    QCOMPARE(accessReport.kind.kind, TokenKind::Access);
    QVERIFY(accessReport.kind.certain);
    QCOMPARE(accessReport.time.status, TimeStatus::Valid);
    QVERIFY(accessReport.time.serverStatus); // the response's Date was used
    QVERIFY(qAbs(*accessReport.time.skewSeconds) <= 5);
    QVERIFY(!hasProblem(accessReport.problems, QStringLiteral("token.issuer")));

    const TokenReport idReport
        = JwtInspector::inspect(id->token.toLatin1(), TokenFinder::optionsFor(exchange, *id, base));
    QCOMPARE(idReport.kind.kind, TokenKind::Id);
    QVERIFY(!hasProblem(idReport.problems, QStringLiteral("token.wrong_kind")));
    QCOMPARE(idReport.claims.value(QLatin1String("aud")).toString(), DemoServer::clientId());

    const TokenReport refreshReport
        = JwtInspector::inspect(refresh->token.toLatin1(), TokenFinder::optionsFor(exchange, *refresh, base));
    QCOMPARE(refreshReport.format, TokenFormat::Opaque);
    QCOMPARE(refreshReport.kind.kind, TokenKind::Refresh);
}

void TestTokenFinder::demoServerClockAhead()
{
    // A token valid for 5 more minutes by this clock; the server's clock is 10 minutes ahead.
    const QString token = m_server.mintAccessToken(QStringLiteral("alice"), {QStringLiteral("profile:read")}, 300);
    m_server.setClockOffset(600);
    Http::RequestSpec spec;
    spec.url = QUrl(m_server.baseUrl().toString() + QStringLiteral("/api/profile"));
    spec.credentials = {{Http::Credential::Place::Header, "Authorization", "Bearer " + token.toLatin1(), {}}};
    const Http::Exchange exchange = send(spec);
    m_server.setClockOffset(0);
    QCOMPARE(exchange.finalStatus(), 401);

    const QList<FoundToken> found = TokenFinder::find(exchange);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.constFirst().location, TokenLocation::RequestAuthorization);
    const TokenReport report = JwtInspector::inspect(found.constFirst().token.toLatin1(),
                                                     TokenFinder::optionsFor(exchange, found.constFirst()));
    QCOMPARE(report.time.status, TimeStatus::Valid);
    QCOMPARE(report.time.serverStatus, std::optional<TimeStatus>(TimeStatus::Expired));
    QVERIFY(report.time.skewDecides);
    QVERIFY(hasProblem(report.problems, QStringLiteral("token.expired"), QStringLiteral("server_clock")));
    QVERIFY(hasProblem(report.problems, QStringLiteral("clock.skew"), QStringLiteral("decides")));
    QVERIFY(qAbs(*report.time.skewSeconds - 600) <= 5);
}

QTEST_GUILESS_MAIN(TestTokenFinder)
#include "TestTokenFinder.moc"
