// HttpClient against real servers on 127.0.0.1: a scripted raw server for exact bytes.
#include "RawHttpServer.h"
#include "SendAndWait.h"
#include "TestCertificate.h"
#include "http/CookieJar.h"
#include "http/HttpClient.h"

#include <QAuthenticator>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

using namespace Authlens::Http;
using Authlens::Test::RawHttpServer;

using Authlens::Test::sendAndWait;

namespace {

QList<QByteArray> lowerNames(const HeaderList& headers)
{
    QList<QByteArray> out;
    for (const Header& h : headers)
        out.append(h.first.toLower() + ": " + h.second);
    std::sort(out.begin(), out.end());
    return out;
}

RequestSpec get(const QUrl& url)
{
    RequestSpec spec;
    spec.url = url;
    return spec;
}

bool withheldHas(const Hop& hop, QByteArrayView name)
{
    return std::any_of(hop.withheld.cbegin(), hop.withheld.cend(),
                       [name](const Withheld& w) { return w.name.compare(name, Qt::CaseInsensitive) == 0; });
}

} // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void recordsRequestExactlyAsSent_data();
    void recordsRequestExactlyAsSent();
    void recordsResponse();
    void errorStatusesAreAnswers_data();
    void errorStatusesAreAnswers();
    void neverAnswersChallenges();
    void userInfoBecomesBasicCredential();
    void followsAndRecordsRedirects();
    void postTurnsIntoGetOn303();
    void withholdsCredentialsAcrossOrigins();
    void allowedOriginAndLocationTrusted_data();
    void allowedOriginAndLocationTrusted();
    void detectsRedirectLoop();
    void stopsAtRedirectLimit();
    void rejectsBadRedirectAndUrls_data();
    void rejectsBadRedirectAndUrls();
    void cookiesAcrossHops();
    void totalTimeout();
    void idleTimeout();
    void connectionRefused();
    void cancel();
    void newSendReplacesRunningOne();
    void streamsHugeBodyWithoutBlocking();
    void challengeAnsweredOnlyOnAllowedOrigins();
    void tlsErrorsFailTheExchange();
    void tlsErrorsIgnoredOnlyByExplicitSwitch();
};

void TestHttpClient::recordsRequestExactlyAsSent_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<HeaderList>("headers");
    QTest::newRow("plain GET") << QByteArray("GET") << QByteArray() << HeaderList {};
    QTest::newRow("GET with headers") << QByteArray("GET") << QByteArray()
                                      << HeaderList {{"X-Trace", "abc"}, {"Accept", "application/json"}};
    QTest::newRow("POST json") << QByteArray("POST") << QByteArray(R"({"a":1})")
                               << HeaderList {{"Content-Type", "application/json"}};
    QTest::newRow("POST empty") << QByteArray("POST") << QByteArray() << HeaderList {};
    QTest::newRow("PUT no type") << QByteArray("PUT") << QByteArray("raw") << HeaderList {};
    QTest::newRow("DELETE") << QByteArray("DELETE") << QByteArray() << HeaderList {};
    QTest::newRow("HEAD") << QByteArray("HEAD") << QByteArray() << HeaderList {};
    QTest::newRow("custom verb") << QByteArray("PROPFIND") << QByteArray() << HeaderList {{"Depth", "1"}};
    QTest::newRow("bearer via header") << QByteArray("GET") << QByteArray()
                                       << HeaderList {{"Authorization", "Bearer x"}};
}

void TestHttpClient::recordsRequestExactlyAsSent()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(HeaderList, headers);
    RawHttpServer server;
    QVERIFY(server.listen());
    HttpClient client;
    RequestSpec spec = get(server.url(QStringLiteral("/path?q=1")));
    spec.method = method;
    spec.body = body;
    spec.headers = headers;
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.hops.size(), 1);
    QCOMPARE(server.requests().size(), 1);
    const QByteArray raw = server.requests().constFirst();
    QVERIFY2(raw.startsWith(QByteArray(method + " /path?q=1 HTTP/1.1\r\n")), raw.constData());
    // The ledger must show exactly the header fields that reached the server.
    const auto recorded = lowerNames(ex.hops.constFirst().request.headers);
    const auto arrived = lowerNames(RawHttpServer::headersOf(raw));
    QVERIFY2(recorded == arrived, QByteArray(recorded.join(" | ") + "\n  arrived: " + arrived.join(" | ")).constData());
    QCOMPARE(ex.hops.constFirst().request.bodySize, body.size());
}

void TestHttpClient::recordsResponse()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray&) {
        return RawHttpServer::simple(401, "Go Away",
                                     {{"WWW-Authenticate", R"(Basic realm="a")"},
                                      {"WWW-Authenticate", R"(Bearer realm="b", error="invalid_token")"},
                                      {"Set-Cookie", "a=1; Path=/"},
                                      {"Set-Cookie", "b=2; Path=/"},
                                      {"X-Request-Id", "42"}},
                                     "denied");
    });
    HttpClient client;
    const Exchange ex = sendAndWait(client, get(server.url()));
    QCOMPARE(ex.error.kind, ErrorKind::None);
    const Hop& hop = ex.hops.constFirst();
    QVERIFY(hop.response.received);
    QCOMPARE(hop.response.status, 401);
    QCOMPARE(hop.response.reason, QByteArray("Go Away"));
    QCOMPARE(hop.response.httpVersion, QByteArray("1.1"));
    // QNAM (Qt 6.4) folds repeated fields into one comma-joined line, in order; for list-valued
    // fields such as WWW-Authenticate that is equivalent (RFC 9110 §5.3). Set-Cookie is split back.
    QCOMPARE(headerValues(hop.response.headers, "www-authenticate"),
             QList<QByteArray> {R"(Basic realm="a", Bearer realm="b", error="invalid_token")"});
    QCOMPARE(headerValues(hop.response.headers, "Set-Cookie"), (QList<QByteArray> {"a=1; Path=/", "b=2; Path=/"}));
    QCOMPARE(hop.response.body.readAll(), QByteArray("denied"));
    QCOMPARE(hop.cookies.received.size(), 2);
    QVERIFY(hop.timing.totalMs >= 0);
    QVERIFY(hop.timing.ttfbMs >= 0 && hop.timing.ttfbMs <= hop.timing.totalMs);
    QVERIFY(hop.timing.started.isValid());
    QVERIFY(!hop.tls.used);
    QCOMPARE(ex.finalStatus(), 401);
}

void TestHttpClient::errorStatusesAreAnswers_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("400") << 400 << QByteArray("Bad Request");
    QTest::newRow("403") << 403 << QByteArray("Forbidden");
    QTest::newRow("404") << 404 << QByteArray("Not Found");
    QTest::newRow("405") << 405 << QByteArray("Method Not Allowed");
    QTest::newRow("409") << 409 << QByteArray("Conflict");
    QTest::newRow("418") << 418 << QByteArray("I'm a teapot");
    QTest::newRow("422") << 422 << QByteArray("Unprocessable Content");
    QTest::newRow("429") << 429 << QByteArray("Too Many Requests");
    QTest::newRow("500") << 500 << QByteArray("Internal Server Error");
    QTest::newRow("501") << 501 << QByteArray("Not Implemented");
    QTest::newRow("503") << 503 << QByteArray("Service Unavailable");
    QTest::newRow("599") << 599 << QByteArray("Odd");
}

void TestHttpClient::errorStatusesAreAnswers()
{
    // QNAM reports every status from 400 up as a NetworkError (400 even as a "protocol" error): each is
    // still an answer, recorded with its body, never a transport failure. A token endpoint's 400
    // invalid_grant must reach the diagnosis (issue 10).
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    RawHttpServer server;
    QVERIFY(server.listen());
    const QByteArray body = R"({"error":"invalid_grant","error_description":"refresh token was already used"})";
    server.setHandler([&](const QByteArray&) {
        return RawHttpServer::simple(status, reason, {{"Content-Type", "application/json"}}, body);
    });
    HttpClient client;
    RequestSpec spec = get(server.url(QStringLiteral("/oauth/token")));
    spec.method = "POST";
    spec.body = "grant_type=refresh_token&refresh_token=x";
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.hops.size(), 1);
    const Hop& hop = ex.hops.constFirst();
    QCOMPARE(hop.error.kind, ErrorKind::None);
    QVERIFY(hop.response.received);
    QCOMPARE(hop.response.status, status);
    QCOMPARE(hop.response.reason, reason);
    QCOMPARE(hop.response.body.readAll(), body);
    QCOMPARE(ex.finalStatus(), status);
}

void TestHttpClient::neverAnswersChallenges()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray&) {
        return RawHttpServer::simple(401, "Unauthorized", {{"WWW-Authenticate", R"(Basic realm="x")"}});
    });
    QNetworkAccessManager nam;
    int asked = 0;
    connect(&nam, &QNetworkAccessManager::authenticationRequired, this, [&asked] { ++asked; });
    HttpClient client(nullptr, &nam);
    RequestSpec spec = get(server.url());
    spec.credentials.append({Credential::Place::Header, "Authorization", "Basic ZGVtbzp3cm9uZw==", {}});
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.finalStatus(), 401);
    QCOMPARE(ex.hops.size(), 1);
    QCOMPARE(server.requests().size(), 1); // no automatic retry
    QVERIFY(server.requests().constFirst().contains("Authorization: Basic ZGVtbzp3cm9uZw=="));
}

void TestHttpClient::userInfoBecomesBasicCredential()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray&) {
        return RawHttpServer::simple(401, "Unauthorized", {{"WWW-Authenticate", R"(Basic realm="x")"}});
    });
    HttpClient client;
    QUrl url = server.url(QStringLiteral("/r"));
    url.setUserName(QStringLiteral("demo"));
    url.setPassword(QStringLiteral("pässword"));
    const Exchange ex = sendAndWait(client, get(url));
    QCOMPARE(server.requests().size(), 1);
    const QByteArray expected = "Basic " + QByteArray("demo:p\xc3\xa4ssword").toBase64();
    QCOMPARE(headerValue(RawHttpServer::headersOf(server.requests().constFirst()), "Authorization"), expected);
    QVERIFY(ex.hops.constFirst().request.url.userInfo().isEmpty());
}

void TestHttpClient::followsAndRecordsRedirects()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&server](const QByteArray& raw) {
        if (raw.startsWith("GET /a "))
            return RawHttpServer::simple(302, "Found", {{"Location", "/b"}});
        if (raw.startsWith("GET /b "))
            return RawHttpServer::simple(307, "Temporary Redirect",
                                         {{"Location", server.url(QStringLiteral("/c?x=1")).toEncoded()}});
        return RawHttpServer::simple(200, "OK", {{"Content-Type", "text/plain"}}, "done");
    });
    HttpClient client;
    QSignalSpy hopSpy(&client, &HttpClient::hopStarted);
    RequestSpec spec = get(server.url(QStringLiteral("/a")));
    spec.credentials.append({Credential::Place::Header, "Authorization", "Bearer t", {}});
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.hops.size(), 3);
    QCOMPARE(hopSpy.size(), 3);
    QCOMPARE(ex.hops[0].response.status, 302);
    QCOMPARE(ex.hops[1].request.url.path(), QStringLiteral("/b"));
    QCOMPARE(ex.hops[2].request.url.query(), QStringLiteral("x=1"));
    QCOMPARE(ex.finalStatus(), 200);
    QCOMPARE(ex.hops[2].response.body.readAll(), QByteArray("done"));
    // Same origin all the way: the credential goes on every hop.
    for (const Hop& hop : ex.hops) {
        QVERIFY(hop.withheld.isEmpty());
        QCOMPARE(headerValue(hop.request.headers, "Authorization"), QByteArray("Bearer t"));
    }
    for (const QByteArray& raw : server.requests())
        QVERIFY(raw.contains("Authorization: Bearer t"));
}

void TestHttpClient::postTurnsIntoGetOn303()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray& raw) {
        if (raw.startsWith("POST /form "))
            return RawHttpServer::simple(303, "See Other", {{"Location", "/result"}});
        return RawHttpServer::simple(200, "OK", {}, "ok");
    });
    HttpClient client;
    RequestSpec spec = get(server.url(QStringLiteral("/form")));
    spec.method = "POST";
    spec.body = "a=1";
    spec.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.hops.size(), 2);
    QCOMPARE(ex.hops[1].request.method, QByteArray("GET"));
    QCOMPARE(ex.hops[1].request.bodySize, 0);
    QVERIFY(!hasHeader(ex.hops[1].request.headers, "Content-Type"));
    QVERIFY(server.requests().at(1).startsWith("GET /result "));
}

void TestHttpClient::withholdsCredentialsAcrossOrigins()
{
    RawHttpServer first;
    RawHttpServer second;
    QVERIFY(first.listen());
    QVERIFY(second.listen());
    first.setHandler([&second](const QByteArray&) {
        return RawHttpServer::simple(302, "Found", {{"Location", second.url(QStringLiteral("/echo")).toEncoded()}});
    });
    HttpClient client;
    RequestSpec spec = get(first.url(QStringLiteral("/start")));
    spec.headers = {{"Authorization", "Bearer from-dash-H"}, {"X-Trace", "keep-me"}};
    spec.credentials = {{Credential::Place::Header, "X-API-Key", "k-123", QStringLiteral("API key")},
                        {Credential::Place::Query, "api_key", "q-456", QStringLiteral("API key")},
                        {Credential::Place::Header, "Cookie", "sid=secret", QStringLiteral("session")}};
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.hops.size(), 2);
    // First origin: everything.
    const QByteArray a = first.requests().constFirst();
    QVERIFY(a.contains("Authorization: Bearer from-dash-H"));
    QVERIFY(a.contains("X-API-Key: k-123"));
    QVERIFY(a.contains("api_key=q-456"));
    QVERIFY(a.contains("Cookie: sid=secret"));
    // Second origin: nothing secret, and the ledger says so.
    const QByteArray b = second.requests().constFirst();
    QVERIFY2(!b.contains("Bearer") && !b.contains("k-123") && !b.contains("q-456") && !b.contains("secret"),
             b.constData());
    QVERIFY(b.contains("X-Trace: keep-me"));
    const Hop& hop = ex.hops[1];
    QVERIFY(ex.hops[0].withheld.isEmpty());
    QCOMPARE(hop.withheld.size(), 4);
    QVERIFY(withheldHas(hop, "Authorization"));
    QVERIFY(withheldHas(hop, "X-API-Key"));
    QVERIFY(withheldHas(hop, "?api_key"));
    QVERIFY(withheldHas(hop, "Cookie"));
    QVERIFY(hop.withheld.constFirst().reason.contains(QString::number(second.port())));
    QVERIFY(!hasHeader(hop.request.headers, "Authorization"));
}

void TestHttpClient::allowedOriginAndLocationTrusted_data()
{
    QTest::addColumn<bool>("allowSecond");
    QTest::addColumn<bool>("trusted");
    QTest::newRow("allowed origin") << true << false;
    QTest::newRow("location-trusted") << false << true;
}

void TestHttpClient::allowedOriginAndLocationTrusted()
{
    QFETCH(bool, allowSecond);
    QFETCH(bool, trusted);
    RawHttpServer first;
    RawHttpServer second;
    QVERIFY(first.listen());
    QVERIFY(second.listen());
    first.setHandler([&second](const QByteArray&) {
        return RawHttpServer::simple(302, "Found", {{"Location", second.url(QStringLiteral("/echo")).toEncoded()}});
    });
    HttpClient client;
    RequestSpec spec = get(first.url());
    spec.credentials = {{Credential::Place::Header, "Authorization", "Bearer abc", {}}};
    if (allowSecond)
        spec.allowedOrigins.append(Origin::fromUrl(second.url()));
    spec.locationTrusted = trusted;
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.hops.size(), 2);
    QVERIFY(ex.hops[1].withheld.isEmpty());
    QVERIFY(second.requests().constFirst().contains("Authorization: Bearer abc"));
}

void TestHttpClient::detectsRedirectLoop()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray& raw) {
        if (raw.startsWith("GET /x "))
            return RawHttpServer::simple(302, "Found", {{"Location", "/y"}});
        return RawHttpServer::simple(302, "Found", {{"Location", "/x"}});
    });
    HttpClient client;
    const Exchange ex = sendAndWait(client, get(server.url(QStringLiteral("/x"))));
    QCOMPARE(ex.error.kind, ErrorKind::RedirectLoop);
    QCOMPARE(ex.hops.size(), 2);
    QVERIFY(ex.error.message.contains(QStringLiteral("/x")));
}

void TestHttpClient::stopsAtRedirectLimit()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    int n = 0;
    server.setHandler([&n](const QByteArray&) {
        return RawHttpServer::simple(302, "Found", {{"Location", "/hop" + QByteArray::number(++n)}});
    });
    HttpClient client;
    RequestSpec spec = get(server.url());
    spec.maxRedirects = 3;
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::TooManyRedirects);
    QCOMPARE(ex.hops.size(), 4); // the first request and three redirects followed
    QCOMPARE(server.requests().size(), 4);
    // Not following redirects leaves the 302 as the answer.
    spec.followRedirects = false;
    const Exchange single = sendAndWait(client, spec);
    QCOMPARE(single.error.kind, ErrorKind::None);
    QCOMPARE(single.hops.size(), 1);
    QCOMPARE(single.finalStatus(), 302);
}

void TestHttpClient::rejectsBadRedirectAndUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("location");
    QTest::addColumn<ErrorKind>("expected");
    QTest::newRow("ftp redirect") << QString() << QByteArray("ftp://127.0.0.1/file") << ErrorKind::InvalidRedirect;
    QTest::newRow("javascript redirect") << QString() << QByteArray("javascript:alert(1)")
                                         << ErrorKind::InvalidRedirect;
    QTest::newRow("ftp url") << QStringLiteral("ftp://127.0.0.1/") << QByteArray() << ErrorKind::InvalidRequest;
    QTest::newRow("no host") << QStringLiteral("http:///path") << QByteArray() << ErrorKind::InvalidRequest;
    QTest::newRow("empty") << QStringLiteral("") << QByteArray() << ErrorKind::InvalidRequest;
}

void TestHttpClient::rejectsBadRedirectAndUrls()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, location);
    QFETCH(ErrorKind, expected);
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([location](const QByteArray&) {
        return RawHttpServer::simple(302, "Found", {{"Location", location}});
    });
    HttpClient client;
    const Exchange ex = sendAndWait(client, get(url.isNull() ? server.url() : QUrl(url)));
    QCOMPARE(ex.error.kind, expected);
    QVERIFY(!ex.error.message.isEmpty());
}

void TestHttpClient::cookiesAcrossHops()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray& raw) {
        if (raw.startsWith("GET /login "))
            return RawHttpServer::simple(302, "Found",
                                         {{"Location", "/home"},
                                          {"Set-Cookie", "sid=abc; Path=/; HttpOnly"},
                                          {"Set-Cookie", "theme=dark; Path=/other"},
                                          {"Set-Cookie", "evil=1; Domain=example.org; Path=/"}});
        return RawHttpServer::simple(200, "OK", {}, "home");
    });
    CookieJar jar;
    HttpClient client;
    client.setCookieJar(&jar);
    const Exchange ex = sendAndWait(client, get(server.url(QStringLiteral("/login"))));
    QCOMPARE(ex.hops.size(), 2);
    QCOMPARE(ex.hops[0].cookies.received.size(), 3);
    QCOMPARE(ex.hops[0].cookies.rejected.size(), 1);
    QVERIFY(ex.hops[0].cookies.rejected.constFirst().startsWith(QStringLiteral("evil")));
    QCOMPARE(ex.hops[1].cookies.sent.size(), 1);
    QCOMPARE(ex.hops[1].cookies.sent.constFirst().name(), QByteArray("sid"));
    QCOMPARE(headerValue(ex.hops[1].request.headers, "Cookie"), QByteArray("sid=abc"));
    QVERIFY(server.requests().at(1).contains("Cookie: sid=abc\r\n"));
    // The jar belongs to the caller (a profile) and keeps the session for the next request.
    const Exchange again = sendAndWait(client, get(server.url(QStringLiteral("/home"))));
    QCOMPARE(headerValue(again.hops.constFirst().request.headers, "Cookie"), QByteArray("sid=abc"));
}

void TestHttpClient::totalTimeout()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray&) { return RawHttpServer::Reply {{}, true, -1, 0}; });
    HttpClient client;
    RequestSpec spec = get(server.url());
    spec.totalTimeoutMs = 300;
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::TotalTimeout);
    QCOMPARE(ex.hops.size(), 1);
    QCOMPARE(ex.hops.constFirst().error.kind, ErrorKind::TotalTimeout);
    QVERIFY(!ex.hops.constFirst().response.received);
    QCOMPARE(errorKindName(ex.error.kind), QStringLiteral("total_timeout"));
}

void TestHttpClient::idleTimeout()
{
    // A 53-byte answer dripped one byte every 200 ms (10.6 s in all): with a 100 ms idle timeout the hop ends
    // long before, as an idle timeout (not the total one), with the bytes that did arrive kept.
    const QByteArray answer = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789";
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([&answer](const QByteArray&) { return RawHttpServer::Reply {answer, false, -1, 200}; });
    HttpClient client;
    RequestSpec spec = get(server.url());
    spec.idleTimeoutMs = 100;
    QElapsedTimer clock;
    clock.start();
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::IdleTimeout);
    QCOMPARE(errorKindName(ex.error.kind), QStringLiteral("idle_timeout"));
    QCOMPARE(ex.hops.constFirst().error.kind, ErrorKind::IdleTimeout);
    QVERIFY2(ex.error.message.contains(QStringLiteral("idle timeout")), qPrintable(ex.error.message));
    QVERIFY(clock.elapsed() < 5000);

    // The same drip, fast enough for the idle timeout, completes: the timer restarts with every byte.
    server.setHandler([&answer](const QByteArray&) { return RawHttpServer::Reply {answer, false, -1, 5}; });
    spec.idleTimeoutMs = 2000;
    const Exchange slow = sendAndWait(client, spec);
    QVERIFY2(!slow.error.isError(), qPrintable(slow.error.message));
    QCOMPARE(slow.finalStatus(), 200);
}

void TestHttpClient::connectionRefused()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    HttpClient client;
    const Exchange ex = sendAndWait(client, get(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port))));
    QCOMPARE(ex.error.kind, ErrorKind::ConnectionRefused);
    QVERIFY(!ex.error.message.isEmpty());
    QVERIFY(!ex.hasResponse());
}

void TestHttpClient::cancel()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray&) { return RawHttpServer::Reply {{}, true, -1, 0}; });
    HttpClient client;
    QSignalSpy finished(&client, &HttpClient::finished);
    client.send(get(server.url()));
    QVERIFY(client.isRunning());
    QTRY_COMPARE(server.requests().size(), 1);
    client.cancel();
    QVERIFY(finished.wait(5000));
    const Exchange ex = finished.takeFirst().at(0).value<Exchange>();
    QCOMPARE(ex.error.kind, ErrorKind::Cancelled);
    QVERIFY(!client.isRunning());
    // Exactly one result: a late second one of the cancelled request would arrive before the answer of a
    // request sent after it.
    server.setHandler([](const QByteArray&) {
        return RawHttpServer::Reply {"HTTP/1.1 204 No Content\r\n\r\n", false, -1, 0};
    });
    client.send(get(server.url()));
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.takeFirst().at(0).value<Exchange>().finalStatus(), 204);
}

void TestHttpClient::newSendReplacesRunningOne()
{
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray& raw) {
        if (raw.startsWith("GET /slow "))
            return RawHttpServer::Reply {{}, true, -1, 0};
        return RawHttpServer::simple(200, "OK", {}, "fast");
    });
    HttpClient client;
    QSignalSpy finished(&client, &HttpClient::finished);
    client.send(get(server.url(QStringLiteral("/slow"))));
    client.send(get(server.url(QStringLiteral("/fast"))));
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.takeFirst().at(0).value<Exchange>().hops.constFirst().response.body.readAll(),
             QByteArray("fast"));
}

void TestHttpClient::streamsHugeBodyWithoutBlocking()
{
    constexpr qint64 size = 200LL * 1024 * 1024;
    RawHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const QByteArray&) { return RawHttpServer::Reply {{}, false, size}; });
    HttpClient client;
    QSignalSpy progress(&client, &HttpClient::downloadProgress);
    // A timer on the same event loop must keep firing while 200 MB arrive.
    QTimer ticker;
    QElapsedTimer sinceTick;
    qint64 longestGapMs = 0;
    int ticks = 0;
    connect(&ticker, &QTimer::timeout, this, [&] {
        longestGapMs = std::max(longestGapMs, sinceTick.restart());
        ++ticks;
    });
    RequestSpec spec = get(server.url(QStringLiteral("/big")));
    spec.spillThreshold = 4 * 1024 * 1024;
    QElapsedTimer wall;
    wall.start();
    sinceTick.start();
    ticker.start(10);
    const Exchange ex = sendAndWait(client, spec, 120000);
    ticker.stop();
    const qint64 wallMs = wall.elapsed();
    QCOMPARE(ex.error.kind, ErrorKind::None);
    const Body& body = ex.hops.constFirst().response.body;
    QCOMPARE(body.size(), size);
    QVERIFY(body.isSpilled());
    QCOMPARE(QFileInfo(body.filePath()).size(), size);
    QCOMPARE(body.head(16), QByteArray(16, 'a'));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().at(0).toLongLong(), size);
    qInfo("200 MB body in %lld ms: %d timer ticks of 10 ms, longest gap %lld ms", wallMs, ticks, longestGapMs);
    // The event loop kept turning: the timer fired at a good fraction of its nominal rate.
    QVERIFY2(ticks >= wallMs / 10 / 4, qPrintable(QStringLiteral("%1 ticks in %2 ms").arg(ticks).arg(wallMs)));
    QVERIFY2(longestGapMs < 1000, qPrintable(QString::number(longestGapMs)));
    const QString path = body.filePath();
    QVERIFY(QFile::exists(path));
}

void TestHttpClient::challengeAnsweredOnlyOnAllowedOrigins()
{
    RawHttpServer first;
    RawHttpServer second;
    QVERIFY(first.listen());
    QVERIFY(second.listen());
    first.setHandler([&second](const QByteArray&) {
        return RawHttpServer::simple(302, "Found", {{"Location", second.url(QStringLiteral("/x")).toEncoded()}});
    });
    second.setHandler([](const QByteArray& raw) {
        if (raw.contains("Authorization: Answer"))
            return RawHttpServer::simple(200, "OK", {});
        return RawHttpServer::simple(401, "Unauthorized", {{"WWW-Authenticate", "Digest realm=\"r\", nonce=\"n\""}});
    });
    int asked = 0;
    RequestSpec spec = get(first.url());
    spec.challengeResponder = [&asked](const Hop& hop, const QByteArray&, int given) -> std::optional<ChallengeAnswer> {
        ++asked;
        if (given > 0 || hop.response.status != 401)
            return std::nullopt;
        return ChallengeAnswer {{Credential::Place::Header, "Authorization", "Answer", {}}, QStringLiteral("answered")};
    };
    HttpClient client;
    // The 401 comes from an origin the credentials are not bound to: no answer is computed.
    Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.finalStatus(), 401);
    QCOMPARE(asked, 0);
    QCOMPARE(ex.hops.size(), 2);
    // Allowed: answered once, as a new hop with a note; the answer's credential is bound like any other.
    spec.allowedOrigins = {Origin::fromUrl(second.url())};
    ex = sendAndWait(client, spec);
    QCOMPARE(asked, 1);
    QCOMPARE(ex.hops.size(), 3);
    QCOMPARE(ex.hops[2].note, QStringLiteral("answered"));
    QCOMPARE(ex.finalStatus(), 200);
}

void TestHttpClient::tlsErrorsFailTheExchange()
{
    const auto cert = Authlens::Test::TestCertificate::generate();
    QVERIFY(!cert.certificate.isNull());
    RawHttpServer server;
    server.useTls(cert.certificate, cert.key);
    QVERIFY(server.listen());
    HttpClient client;
    RequestSpec spec = get(server.url(QStringLiteral("/secure")));
    spec.credentials = {{Credential::Place::Header, "Authorization", "Bearer must-not-leak", {}}};
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::Tls);
    QCOMPARE(ex.hops.size(), 1);
    QVERIFY(!ex.hasResponse());
    const TlsInfo& tls = ex.hops.constFirst().tls;
    QVERIFY(!tls.errors.isEmpty());
    QVERIFY2(tls.errors.join(u' ').contains(u"self-signed", Qt::CaseInsensitive), qPrintable(tls.errors.join(u'|')));
    QVERIFY(!tls.errorsIgnored);
    QVERIFY(ex.error.message.contains(u"self-signed", Qt::CaseInsensitive));
    QVERIFY(server.requests().isEmpty()); // nothing, credentials least of all, went over the unverified channel
}

void TestHttpClient::tlsErrorsIgnoredOnlyByExplicitSwitch()
{
    const auto cert = Authlens::Test::TestCertificate::generate();
    RawHttpServer server;
    server.useTls(cert.certificate, cert.key);
    QVERIFY(server.listen());
    HttpClient client;
    RequestSpec spec = get(server.url(QStringLiteral("/secure")));
    spec.ignoreTlsErrors = true;
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.finalStatus(), 200);
    const TlsInfo& tls = ex.hops.constFirst().tls;
    QVERIFY(tls.used);
    QVERIFY2(tls.protocol.startsWith(u"TLS 1."), qPrintable(tls.protocol));
    QVERIFY(!tls.cipher.isEmpty());
    QVERIFY(tls.errorsIgnored);
    QVERIFY(!tls.errors.isEmpty()); // still reported
    QCOMPARE(tls.peerChain.size(), 1);
    QVERIFY(tls.peerChain.constFirst().subject.contains(u"127.0.0.1"));
    QVERIFY(tls.peerChain.constFirst().selfSigned);
    QCOMPARE(tls.peerChain.constFirst().sha256.count(u':'), 31);
    QVERIFY(tls.peerChain.constFirst().notAfter > QDateTime::currentDateTimeUtc());
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "TestHttpClient.moc"
