#include "diagnosis/StatusMeaning.h"

#include <QTest>

using namespace Authlens;
using Http::Exchange;
using Http::HeaderList;
using Http::Hop;

Q_DECLARE_METATYPE(Authlens::Http::Exchange)

namespace {

Hop makeHop(int status, const HeaderList& response, const HeaderList& request = {}, const QByteArray& method = "GET",
            const QString& url = QStringLiteral("http://127.0.0.1:8080/api/profile"))
{
    Hop hop;
    hop.request.method = method;
    hop.request.url = QUrl(url);
    hop.request.headers = request;
    hop.response.received = true;
    hop.response.status = status;
    hop.response.headers = response;
    return hop;
}

Exchange makeExchange(QList<Hop> hops, Http::ErrorKind error = Http::ErrorKind::None)
{
    Exchange e;
    e.hops = std::move(hops);
    e.error.kind = error;
    e.error.message = error == Http::ErrorKind::None ? QString() : QStringLiteral("transport message");
    return e;
}

const Diagnosis::KeyHeader* findKey(const Diagnosis::StatusMeaning& m, const QByteArray& name)
{
    for (const Diagnosis::KeyHeader& k : m.headers) {
        if (k.name.compare(name, Qt::CaseInsensitive) == 0)
            return &k;
    }
    return nullptr;
}

} // namespace

class TestStatusMeaning : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void explain_data();
    void explain();
    void neverQuotesSecrets();
    void multipleChallengeFields();
};

void TestStatusMeaning::explain_data()
{
    QTest::addColumn<Exchange>("exchange");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("authFailure");
    QTest::addColumn<QString>("title"); // substring of the title
    QTest::addColumn<QByteArray>("keyHeader"); // a header the meaning must list ("" = none)
    QTest::addColumn<bool>("keyPresent");
    QTest::addColumn<QString>("text"); // substring of summary or next steps

    const QByteArray bearerExpired
        = R"(Bearer realm="demo", error="invalid_token", error_description="The token expired")";
    const HeaderList bearerSent = {{"Authorization", "Bearer eyJhbGciOi.payload.sig"}};

    QTest::newRow("401 no credentials, Bearer challenge")
        << makeExchange({makeHop(401, {{"WWW-Authenticate", R"(Bearer realm="demo")"}})}) << 401 << true
        << QStringLiteral("wants Bearer credentials") << QByteArray("WWW-Authenticate") << true
        << QStringLiteral("carried no Authorization header");
    QTest::newRow("401 invalid_token quotes the description") << makeExchange(
        {makeHop(401, {{"WWW-Authenticate", bearerExpired}, {"Date", "Tue, 01 Jul 2025 10:00:00 GMT"}}, bearerSent)})
                                                              << 401 << true << QStringLiteral("401 Unauthorized")
                                                              << QByteArray("Date") << true
                                                              << QStringLiteral("“The token expired”");
    QTest::newRow("401 without challenge")
        << makeExchange({makeHop(401, {{"Content-Type", "text/plain"}})}) << 401 << true
        << QStringLiteral("named no scheme") << QByteArray("WWW-Authenticate") << false
        << QStringLiteral("API documentation");
    QTest::newRow("401 scheme mismatch") << makeExchange(
        {makeHop(401, {{"WWW-Authenticate", R"(Basic realm="x", charset="UTF-8")"}}, bearerSent)})
                                         << 401 << true << QStringLiteral("wants Basic") << QByteArray("Authorization")
                                         << true << QStringLiteral("only offers");
    QTest::newRow("401 two challenges in one field")
        << makeExchange({makeHop(401, {{"WWW-Authenticate", R"(Negotiate, Basic realm="corp, west")"}})}) << 401 << true
        << QStringLiteral("one of: Negotiate, Basic") << QByteArray("WWW-Authenticate") << true
        << QStringLiteral("2 challenges");
    QTest::newRow("401 resource_metadata") << makeExchange(
        {makeHop(401,
                 {{"WWW-Authenticate",
                   R"(Bearer resource_metadata="http://127.0.0.1:8080/.well-known/oauth-protected-resource")"}})})
                                           << 401 << true << QStringLiteral("Bearer") << QByteArray("WWW-Authenticate")
                                           << true << QStringLiteral("RFC 9728");
    QTest::newRow("401 Basic rejected names the user")
        << makeExchange({makeHop(401, {{"WWW-Authenticate", R"(Basic realm="demo")"}},
                                 {{"Authorization", "Basic " + QByteArray("demo:wrong").toBase64()}})})
        << 401 << true << QStringLiteral("Basic") << QByteArray("Authorization") << true << QStringLiteral("“demo”");
    QTest::newRow("401 Digest stale") << makeExchange(
        {makeHop(401, {{"WWW-Authenticate", R"(Digest realm="r", nonce="n2", stale=true)"}},
                 {{"Authorization", R"(Digest username="u", nonce="n1")"}})})
                                      << 401 << true << QStringLiteral("Digest") << QByteArray("WWW-Authenticate")
                                      << true << QStringLiteral("stale=true");

    QTest::newRow("403 insufficient_scope") << makeExchange(
        {makeHop(403, {{"WWW-Authenticate", R"(Bearer error="insufficient_scope", scope="admin:write")"}}, bearerSent)})
                                            << 403 << true << QStringLiteral("lacks a scope")
                                            << QByteArray("WWW-Authenticate") << true
                                            << QStringLiteral("“admin:write”");
    QTest::newRow("403 Cloudflare") << makeExchange(
        {makeHop(403, {{"Server", "cloudflare"}, {"CF-RAY", "8a1b2c3d4e5f-FRA"}}, bearerSent)})
                                    << 403 << true << QStringLiteral("Cloudflare") << QByteArray("cf-ray") << true
                                    << QStringLiteral("CDN/WAF");
    QTest::newRow("403 API gateway") << makeExchange({makeHop(403, {{"x-amzn-ErrorType", "ForbiddenException"}})})
                                     << 403 << true << QStringLiteral("API gateway") << QByteArray("Server") << false
                                     << QStringLiteral("API key");
    QTest::newRow("403 authenticated, not permitted")
        << makeExchange({makeHop(403, {{"Server", "nginx"}}, bearerSent)}) << 403 << true
        << QStringLiteral("authenticated, but not permitted") << QByteArray("Server") << true
        << QStringLiteral("permission");
    QTest::newRow("403 without credentials")
        << makeExchange({makeHop(403, {})}) << 403 << true << QStringLiteral("no credentials were sent")
        << QByteArray("Authorization") << false << QStringLiteral("401 would be correct");
    QTest::newRow("403 CSRF hint on cookie POST")
        << makeExchange({makeHop(403, {}, {{"Cookie", "sid=abc"}}, "POST")}) << 403 << true
        << QStringLiteral("not permitted") << QByteArray("Authorization") << false << QStringLiteral("CSRF");

    QTest::newRow("407 proxy") << makeExchange({makeHop(407, {{"Proxy-Authenticate", R"(Basic realm="proxy")"}})})
                               << 407 << true << QStringLiteral("the proxy wants Basic")
                               << QByteArray("Proxy-Authenticate") << true << QStringLiteral("HTTPS_PROXY");

    QTest::newRow("429 Retry-After seconds")
        << makeExchange({makeHop(429, {{"Retry-After", "30"}, {"RateLimit-Remaining", "0"}})}) << 429 << false
        << QStringLiteral("rate limited") << QByteArray("RateLimit-Remaining") << true << QStringLiteral("(30)");
    QTest::newRow("429 without hints") << makeExchange({makeHop(429, {})}) << 429 << false << QStringLiteral("429")
                                       << QByteArray("Retry-After") << false << QStringLiteral("back off");

    QTest::newRow("400 Bearer invalid_request")
        << makeExchange({makeHop(400, {{"WWW-Authenticate", R"(Bearer error="invalid_request")"}}, bearerSent)}) << 400
        << true << QStringLiteral("malformed") << QByteArray("WWW-Authenticate") << true << QStringLiteral("RFC 6750");
    QTest::newRow("400 plain") << makeExchange({makeHop(400, {})}) << 400 << false << QStringLiteral("400 Bad Request")
                               << QByteArray("Authorization") << false << QStringLiteral("response body");

    QTest::newRow("302 to login") << makeExchange({makeHop(302, {{"Location", "/login?next=/session/resource"}})})
                                  << 302 << true << QStringLiteral("login page") << QByteArray("Location") << true
                                  << QStringLiteral("session");
    QTest::newRow("302 elsewhere") << makeExchange({makeHop(302, {{"Location", "https://example.org/other"}})}) << 302
                                   << false << QStringLiteral("not followed") << QByteArray("Location") << true
                                   << QStringLiteral("example.org");
    QTest::newRow("200 after redirect to login")
        << makeExchange({makeHop(302, {{"Location", "/login"}}),
                         makeHop(200, {}, {}, "GET", QStringLiteral("http://127.0.0.1:8080/login"))})
        << 200 << true << QStringLiteral("login page") << QByteArray("Location") << true << QStringLiteral("session");

    QTest::newRow("200 with Basic names the user")
        << makeExchange({makeHop(200, {}, {{"Authorization", "Basic " + QByteArray("demo:demo-password").toBase64()}})})
        << 200 << false << QStringLiteral("accepted") << QByteArray("Authorization") << true
        << QStringLiteral("user “demo”");
    QTest::newRow("200 with API key header")
        << makeExchange({makeHop(200, {}, {{"X-API-Key", "k-123"}})}) << 200 << false << QStringLiteral("accepted")
        << QByteArray("Authorization") << false << QStringLiteral("X-API-Key header");
    QTest::newRow("200 public") << makeExchange({makeHop(200, {})}) << 200 << false
                                << QStringLiteral("200 — request accepted") << QByteArray("Authorization") << false
                                << QStringLiteral("without credentials");
    Hop second = makeHop(200, {}, {}, "GET", QStringLiteral("http://127.0.0.1:9090/echo"));
    second.withheld = {{"Authorization", QStringLiteral("origin changed")}};
    QTest::newRow("200 after credentials were withheld")
        << makeExchange({makeHop(302, {{"Location", "http://127.0.0.1:9090/echo"}}, bearerSent), second}) << 200
        << false << QStringLiteral("without your credentials") << QByteArray("Authorization") << false
        << QStringLiteral("withheld Authorization (origin changed)");

    QTest::newRow("404 hides private resources")
        << makeExchange({makeHop(404, {})}) << 404 << false << QStringLiteral("404") << QByteArray() << false
        << QStringLiteral("hide private resources");
    QTest::newRow("503") << makeExchange({makeHop(503, {})}) << 503 << false << QStringLiteral("503") << QByteArray()
                         << false << QStringLiteral("gateway");

    Hop refused;
    refused.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/"));
    QTest::newRow("connection refused") << makeExchange({refused}, Http::ErrorKind::ConnectionRefused) << 0 << false
                                        << QStringLiteral("refused") << QByteArray() << false
                                        << QStringLiteral("127.0.0.1:1");
    Hop tls;
    tls.request.url = QUrl(QStringLiteral("https://127.0.0.1:8443/"));
    tls.tls.errors = {QStringLiteral("The certificate is self-signed, and untrusted")};
    QTest::newRow("tls") << makeExchange({tls}, Http::ErrorKind::Tls) << 0 << false << QStringLiteral("TLS")
                         << QByteArray() << false << QStringLiteral("self-signed");
    Hop viaProxy;
    viaProxy.request.url = QUrl(QStringLiteral("http://127.0.0.1:8080/api"));
    viaProxy.request.proxy = QStringLiteral("http://127.0.0.1:3128");
    Exchange proxyAuth = makeExchange({viaProxy}, Http::ErrorKind::Proxy);
    proxyAuth.error.message
        = QStringLiteral("407 Proxy Authentication Required: the proxy wants credentials and none are set");
    QTest::newRow("proxy wants credentials") << proxyAuth << 407 << true << QStringLiteral("proxy wants credentials")
                                             << QByteArray() << false << QStringLiteral("http://127.0.0.1:3128");
    QTest::newRow("proxy unreachable") << makeExchange({viaProxy}, Http::ErrorKind::Proxy) << 0 << false
                                       << QStringLiteral("proxy failed") << QByteArray() << false
                                       << QStringLiteral("proxy to None");
    QTest::newRow("cancelled") << makeExchange({refused}, Http::ErrorKind::Cancelled) << 0 << false
                               << QStringLiteral("Cancelled") << QByteArray() << false << QStringLiteral("cancelled");
    QTest::newRow("redirect loop keeps the last status")
        << makeExchange({makeHop(302, {{"Location", "/a"}}), makeHop(302, {{"Location", "/b"}})},
                        Http::ErrorKind::RedirectLoop)
        << 302 << false << QStringLiteral("Redirect loop") << QByteArray() << false << QStringLiteral("status 302");
    QTest::newRow("nothing sent") << Exchange() << 0 << false << QStringLiteral("No response") << QByteArray() << false
                                  << QStringLiteral("No request");
}

void TestStatusMeaning::explain()
{
    QFETCH(Exchange, exchange);
    QFETCH(int, status);
    QFETCH(bool, authFailure);
    QFETCH(QString, title);
    QFETCH(QByteArray, keyHeader);
    QFETCH(bool, keyPresent);
    QFETCH(QString, text);

    const Diagnosis::StatusMeaning m = Diagnosis::explainStatus(exchange);
    QCOMPARE(m.status, status);
    QCOMPARE(m.isAuthFailure, authFailure);
    QVERIFY2(m.title.contains(title), qPrintable(m.title));
    QVERIFY(!m.summary.isEmpty());
    QVERIFY(!m.nextSteps.isEmpty());
    const QString all = m.summary + u'\n' + m.nextSteps.join(u'\n');
    QVERIFY2(all.contains(text), qPrintable(all));
    if (!keyHeader.isEmpty()) {
        const Diagnosis::KeyHeader* key = findKey(m, keyHeader);
        QVERIFY2(key, keyHeader.constData());
        QCOMPARE(key->present, keyPresent);
        QVERIFY(!key->meaning.isEmpty());
        if (keyPresent && keyHeader != "Authorization")
            QVERIFY(!key->value.isEmpty());
    }
}

void TestStatusMeaning::neverQuotesSecrets()
{
    const QByteArray token = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl";
    const Exchange e = makeExchange({makeHop(401, {{"WWW-Authenticate", R"(Bearer error="invalid_token")"}},
                                             {{"Authorization", "Bearer " + token}})});
    const Diagnosis::StatusMeaning m = Diagnosis::explainStatus(e);
    QString all = m.title + m.summary + m.nextSteps.join(u' ');
    for (const Diagnosis::KeyHeader& k : m.headers)
        all += QString::fromLatin1(k.value) + k.meaning;
    QVERIFY(!all.contains(QString::fromLatin1(token)));
    QVERIFY(!all.contains(QStringLiteral("c2VjcmV0")));
}

void TestStatusMeaning::multipleChallengeFields()
{
    const Exchange e = makeExchange(
        {makeHop(401, {{"WWW-Authenticate", R"(Bearer realm="api")"}, {"WWW-Authenticate", R"(Basic realm="api")"}})});
    const Diagnosis::StatusMeaning m = Diagnosis::explainStatus(e);
    QVERIFY2(m.title.contains(QStringLiteral("Bearer, Basic")), qPrintable(m.title));
    int fields = 0;
    for (const Diagnosis::KeyHeader& k : m.headers)
        fields += k.name == "WWW-Authenticate" ? 1 : 0;
    QCOMPARE(fields, 2);
}

QTEST_APPLESS_MAIN(TestStatusMeaning)
#include "TestStatusMeaning.moc"
