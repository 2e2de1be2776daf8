// Table-driven tests of the middleman rules and the vendor message table (MiddlemanRules.cpp,
// VendorMessages.cpp): for each answer, the codes that must be found and those that must not. Healthy
// answers that pass through the same middlemen (a 200 through Cloudflare, the application's own 401 behind
// a CDN or a gateway) must not be blamed on them. The HAR scenarios under tests/data/diagnosis/middlemen and
// vendors cover the documented answers of each vendor; this test covers the edges and the fixes.
#include "diagnosis/Catalog.h"
#include "diagnosis/Diagnoser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Diagnosis;

using Result = Authlens::Diagnosis::Diagnosis;

namespace {

constexpr qint64 kNow = 1704110400; // 2024-01-01T12:00:00Z

struct Answer
{
    int status = 200;
    QList<QByteArray> headers; ///< "Name: value"
    QByteArray body;
    QByteArray method = "GET";
    QByteArray url = "https://api.example.com/v1/orders";
    QList<QByteArray> requestHeaders;
};

Http::HeaderList headerList(const QList<QByteArray>& lines)
{
    Http::HeaderList list;
    for (const QByteArray& line : lines) {
        const qsizetype colon = line.indexOf(':');
        list.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return list;
}

Http::Exchange exchange(const Answer& a)
{
    Http::Hop hop;
    hop.request.method = a.method;
    hop.request.url = QUrl(QString::fromLatin1(a.url));
    hop.request.headers = headerList(a.requestHeaders);
    hop.response.received = true;
    hop.response.status = a.status;
    hop.response.headers = headerList(QList<QByteArray> {"Date: Mon, 01 Jan 2024 12:00:00 GMT"} + a.headers);
    hop.response.body = Http::Body::fromBytes(a.body);
    Http::Exchange x;
    x.hops.append(hop);
    return x;
}

Result run(const Answer& a, bool canResend = false)
{
    DiagnoseOptions options;
    options.now = QDateTime::fromSecsSinceEpoch(kNow, Qt::UTC);
    options.canResend = canResend;
    return diagnose(exchange(a), options);
}

QStringList codes(const QList<Finding>& findings)
{
    QStringList list;
    for (const Finding& f : findings)
        list.append(f.code);
    return list;
}

const Finding* found(const QList<Finding>& findings, QLatin1String code)
{
    return findFinding(findings, QString(code));
}

const Fix* fix(const Finding& f, QStringView id)
{
    for (const Fix& x : f.fixes) {
        if (x.id == id)
            return &x;
    }
    return nullptr;
}

const QByteArray kBearer = "Authorization: Bearer tok_3f9c2a7b8e1d4c6a9b0e7f21";

} // namespace

Q_DECLARE_METATYPE(Answer)

class TestMiddlemen : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void codes_data();
    void codes();
    void retryAfterOffersResendOnlyWhenItCanResend();
    void retryAfterAsHttpDate();
    void rateLimitResetWithoutRetryAfter();
    void requestIdGoesToTheOperators();
    void middlemanFindingsSayTheApplicationMayNotHaveSeenIt();
    void vendorCodesDoNotMatchLongerCodes();
    void vendorEvidencePointsAtTheExactWords();
    void excerptsNeverQuoteTheCredential();
    void everyVendorFindingNamesItsSource();
};

void TestMiddlemen::codes_data()
{
    QTest::addColumn<Answer>("answer");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("absent");

    const QStringList middlemen {
        QStringLiteral("waf.blocked"),       QStringLiteral("gateway.rejected"), QStringLiteral("ip.blocked"),
        QStringLiteral("rate.limited"),      QStringLiteral("cache.stale_auth"), QStringLiteral("network.intercepted"),
        QStringLiteral("headers.too_large"), QStringLiteral("csrf.failed"),      QStringLiteral("server.default_page")};

    // ---- healthy: the middleman is there, but the answer is not its ----
    QTest::newRow("200 through Cloudflare")
        << Answer {200,
                   {"Server: cloudflare", "CF-RAY: 8a1b2c3d4e5f6789-FRA", "Content-Type: application/json"},
                   R"({"orders":[]})",
                   "GET",
                   "https://api.example.com/v1/orders",
                   {kBearer}}
        << QStringList() << middlemen;
    QTest::newRow("app 401 Bearer behind Cloudflare")
        << Answer {401,
                   {"Server: cloudflare", "CF-RAY: 8a1b2c3d4e5f6789-FRA", "CF-Cache-Status: DYNAMIC",
                    R"(WWW-Authenticate: Bearer realm="api", error="invalid_token")"},
                   R"({"error":"invalid_token","message":"error 1020 in our logs"})",
                   "GET",
                   "https://api.example.com/v1/orders",
                   {kBearer}}
        << QStringList() << middlemen;
    QTest::newRow("app 401 behind CloudFront, cache miss")
        << Answer {401,
                   {"Server: CloudFront", "X-Cache: Error from cloudfront",
                    "X-Amz-Cf-Id: abc==", R"(WWW-Authenticate: Bearer error="invalid_token")"},
                   R"({"error":"invalid_token"})",
                   "GET",
                   "https://api.example.com/v1/orders",
                   {kBearer}}
        << QStringList() << middlemen;
    QTest::newRow("app 401 behind Kong") << Answer {
        401,
        {"Via: kong/3.9.1", "X-Kong-Upstream-Latency: 12", R"(WWW-Authenticate: Bearer error="invalid_token")",
         "Content-Type: application/json"},
        R"({"error":"invalid_token"})",
        "GET",
        "https://gw.example.com/orders",
        {kBearer}} << QStringList() << middlemen;
    QTest::newRow("app 403 JSON behind nginx") << Answer {403,
                                                          {"Server: nginx/1.24.0", "Content-Type: application/json"},
                                                          R"({"error":"forbidden"})",
                                                          "GET",
                                                          "https://api.example.com/v1/orders",
                                                          {kBearer}}
                                               << QStringList() << middlemen;
    QTest::newRow("cached 200") << Answer {200,   {"Age: 120", "X-Cache: Hit from cloudfront"}, "{}",
                                           "GET", "https://api.example.com/v1/orders",          {kBearer}}
                                << QStringList() << middlemen;
    QTest::newRow("401 with Age: 0") << Answer {401,
                                                {"Age: 0", R"(WWW-Authenticate: Bearer error="invalid_token")"},
                                                "{}",
                                                "GET",
                                                "https://api.example.com/v1/orders",
                                                {kBearer}}
                                     << QStringList() << middlemen;
    QTest::newRow("web page asked for as HTML")
        << Answer {200,   {"Content-Type: text/html"}, "<html><body>Welcome to our hotspot</body></html>",
                   "GET", "http://www.example.com/",   {"Accept: text/html"}}
        << QStringList() << middlemen;
    QTest::newRow("redirect to the same host")
        << Answer {302, {"Location: /portal/login"}, "", "GET", "http://api.example.com/v1/status", {}} << QStringList()
        << middlemen;
    QTest::newRow("https redirect to a login host is not a portal")
        << Answer {302, {"Location: https://login.example.com/authorize"}, "", "GET", "https://api.example.com/v1/me",
                   {}}
        << QStringList() << middlemen;
    QTest::newRow("app 401 'Invalid authentication credentials' proxied by Kong") << Answer {
        401,
        {"Via: kong/3.9.1", "X-Kong-Upstream-Latency: 9", "X-Kong-Proxy-Latency: 1", "Content-Type: application/json"},
        R"({"message":"Invalid authentication credentials"})",
        "GET",
        "https://gw.example.com/orders",
        {kBearer}} << QStringList() << middlemen;
    QTest::newRow("app 401 'Unauthorized' without Kong")
        << Answer {401,   {"Content-Type: application/json"},  R"({"message":"Unauthorized"})",
                   "GET", "https://api.example.com/v1/orders", {kBearer}}
        << QStringList() << middlemen;
    QTest::newRow("app's own 403 through Akamai")
        << Answer {403,
                   {"Server: AkamaiGHost", "Content-Type: application/json"},
                   R"({"error":"Access denied","message":"You don't have permission to access this order."})",
                   "GET",
                   "https://api.example.com/v1/orders/7",
                   {kBearer}}
        << QStringList() << middlemen;
    QTest::newRow("app's own 403 through Imperva")
        << Answer {403,
                   {"X-CDN: Imperva", "X-Iinfo: 8-2218475-0 0NNN RT(1704110400 12)", "Content-Type: application/json"},
                   R"({"error":"forbidden"})",
                   "GET",
                   "https://api.example.com/v1/orders/7",
                   {kBearer}}
        << QStringList() << middlemen;
    QTest::newRow("app's own 403 through CloudFront saying 'request blocked'")
        << Answer {403,
                   {"Server: CloudFront", "X-Amz-Cf-Id: abc==", "Content-Type: application/json"},
                   R"({"error":"Request blocked by account policy"})",
                   "GET",
                   "https://api.example.com/v1/orders/7",
                   {kBearer}}
        << QStringList() << middlemen;
    QTest::newRow("a 200 that quotes a validator's words")
        << Answer {200,   {"Content-Type: text/plain"},   "FAQ: what does \"Jwt is expired\" mean?",
                   "GET", "https://docs.example.com/faq", {}}
        << QStringList() << QStringList {QStringLiteral("token.expired")};
    QTest::newRow("an article about Cloudflare errors, served through Cloudflare")
        << Answer {200,
                   {"Server: cloudflare", "CF-RAY: 8a1b2c3d4e5f6789-FRA", "Content-Type: text/html"},
                   "<html><h1>How to fix Cloudflare Error 1020</h1><p>Error 1020 means …</p></html>",
                   "GET",
                   "https://blog.example.com/cloudflare-1020",
                   {"Accept: text/html"}}
        << QStringList() << middlemen;
    QTest::newRow("CSRF words on a 500")
        << Answer {500, {}, "CSRF verification failed", "POST", "https://shop.example.com/orders", {}} << QStringList()
        << QStringList {QStringLiteral("csrf.failed")};

    // ---- middlemen ----
    QTest::newRow("Cloudflare 1020 HTML")
        << Answer {403,
                   {"Server: cloudflare", "CF-RAY: 8a1b2c3d4e5f6789-FRA", "Content-Type: text/html"},
                   "<title>Access denied | api.example.com used Cloudflare to restrict access</title>"
                   "<h1><span data-translate=\"error\">Error</span><span>1020</span></h1>"
                   "<span class=\"cf-error-code\">1020</span>",
                   "GET",
                   "https://api.example.com/v1/orders",
                   {kBearer}}
        << QStringList {QStringLiteral("waf.blocked")} << QStringList {QStringLiteral("ip.blocked")};
    QTest::newRow("Cloudflare 1010") << Answer {403,
                                                {"Server: cloudflare", "CF-RAY: 8a1b2c3d4e5f6789-FRA"},
                                                "error code: 1010",
                                                "GET",
                                                "https://api.example.com/v1/orders",
                                                {}}
                                     << QStringList {QStringLiteral("waf.blocked")} << QStringList();
    QTest::newRow("Cloudflare 1009 country ban")
        << Answer {403,
                   {"Server: cloudflare", "CF-RAY: 8a1b2c3d4e5f6789-FRA"},
                   "error code: 1009",
                   "GET",
                   "https://api.example.com/v1/orders",
                   {}}
        << QStringList {QStringLiteral("ip.blocked")} << QStringList {QStringLiteral("waf.blocked")};
    QTest::newRow("API Gateway message without the error type header")
        << Answer {403,
                   {"x-amzn-RequestId: 7c2f1a4e", "Content-Type: application/json"},
                   R"({"message":"Missing Authentication Token"})",
                   "POST",
                   "https://abc.execute-api.us-east-1.amazonaws.com/prod/x",
                   {}}
        << QStringList {QStringLiteral("gateway.rejected")} << QStringList();
    QTest::newRow("API Gateway signature")
        << Answer {403,
                   {"x-amzn-ErrorType: InvalidSignatureException"},
                   R"({"message":"The request signature we calculated does not match the signature you provided."})",
                   "GET",
                   "https://abc.execute-api.us-east-1.amazonaws.com/prod/x",
                   {}}
        << QStringList {QStringLiteral("gateway.rejected")} << QStringList();
    QTest::newRow("IIS 403.7 client certificate")
        << Answer {403,   {"Server: Microsoft-IIS/10.0"},  "<h3>HTTP Error 403.7 - Forbidden</h3>",
                   "GET", "https://intranet.example.com/", {}}
        << QStringList {QStringLiteral("mtls.required")} << QStringList();
    QTest::newRow("IIS 401.2 without credentials")
        << Answer {401,
                   {"Server: Microsoft-IIS/10.0", "WWW-Authenticate: Negotiate"},
                   "<h3>HTTP Error 401.2 - Unauthorized</h3>",
                   "GET",
                   "https://intranet.example.com/",
                   {}}
        << QStringList {QStringLiteral("credentials.missing")} << QStringList {QStringLiteral("scheme.mismatch")};
    QTest::newRow("IIS 404.10 header too long")
        << Answer {404,   {"Server: Microsoft-IIS/10.0"},  "<h3>HTTP Error 404.10 - Not Found</h3>",
                   "GET", "https://intranet.example.com/", {}}
        << QStringList {QStringLiteral("headers.too_large")} << QStringList();
    QTest::newRow("IIS sub-status of another status is ignored")
        << Answer {403,   {"Server: Microsoft-IIS/10.0"},  "<h3>HTTP Error 401.1 - Unauthorized</h3>",
                   "GET", "https://intranet.example.com/", {}}
        << QStringList() << QStringList {QStringLiteral("basic.rejected"), QStringLiteral("credentials.rejected")};
    QTest::newRow("Fastly X-Cache-Hits on a 401")
        << Answer {401,   {"X-Cache: MISS, HIT", "X-Cache-Hits: 0, 3"}, "{}",
                   "GET", "https://api.example.com/v1/orders",          {kBearer}}
        << QStringList {QStringLiteral("cache.stale_auth")} << QStringList();
    QTest::newRow("Cache-Status hit (RFC 9211)")
        << Answer {403,   {"Cache-Status: ExampleCache; hit; ttl=30"}, "{}",
                   "GET", "https://api.example.com/v1/orders",         {kBearer}}
        << QStringList {QStringLiteral("cache.stale_auth")} << QStringList();
    QTest::newRow("portal form posting elsewhere over http")
        << Answer {200,
                   {"Content-Type: text/html"},
                   "<html><form action=\"https://wifi-login.example.net/auth\"><input type=password "
                   "name=p></form></html>",
                   "GET",
                   "http://api.example.com/v1/status",
                   {"Accept: application/json"}}
        << QStringList {QStringLiteral("network.intercepted")} << QStringList();
    QTest::newRow("Django REST framework CSRF")
        << Answer {403,    {"Content-Type: application/json"},    R"({"detail":"CSRF Failed: CSRF token missing."})",
                   "POST", "https://shop.example.com/api/orders", {"Cookie: sessionid=abcdef0123456789"}}
        << QStringList {QStringLiteral("csrf.failed")} << QStringList();
    QTest::newRow("Laravel 419 page") << Answer {419,
                                                 {"Content-Type: text/html"},
                                                 "<title>Page Expired</title><div>419 | Page Expired</div>",
                                                 "POST",
                                                 "https://shop.example.com/orders",
                                                 {"Cookie: laravel_session=abcdef0123456789"}}
                                      << QStringList {QStringLiteral("csrf.failed")} << QStringList();
    QTest::newRow("IIS default 401 page")
        << Answer {401,
                   {"Server: Microsoft-IIS/10.0", "WWW-Authenticate: Negotiate", "Content-Type: text/html"},
                   "<h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>",
                   "GET",
                   "https://intranet.example.com/",
                   {}}
        << QStringList {QStringLiteral("server.default_page")} << QStringList();

    // ---- validators' words ----
    QTest::newRow("IDX10503 in the body")
        << Answer {401,
                   {"Content-Type: text/plain"},
                   "IDX10503: Signature validation failed. Token does not have a kid.",
                   "GET",
                   "https://api.example.com/v1/orders",
                   {kBearer}}
        << QStringList {QStringLiteral("token.signature")} << QStringList();
    QTest::newRow("Keycloak 'Token is not active' on a resource")
        << Answer {401,
                   {R"(WWW-Authenticate: Bearer realm="shop", error="invalid_token", error_description="Token is not active")"},
                   "",
                   "GET",
                   "https://api.example.com/v1/orders",
                   {kBearer}}
        << QStringList {QStringLiteral("token.expired")} << QStringList {QStringLiteral("oauth.invalid_grant")};
    QTest::newRow("Entra AADSTS50013 on the token endpoint")
        << Answer {400,
                   {"Content-Type: application/json"},
                   R"({"error":"invalid_grant","error_description":"AADSTS50013: Assertion failed signature validation."})",
                   "POST",
                   "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                   {}}
        << QStringList {QStringLiteral("oauth.invalid_grant")} << QStringList();
    QTest::newRow("Envoy malformed JWT")
        << Answer {401,
                   {},
                   "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections",
                   "GET",
                   "https://api.example.com/v1/orders",
                   {"Authorization: Bearer abc.def"}}
        << QStringList {QStringLiteral("token.malformed")} << QStringList();
}

void TestMiddlemen::codes()
{
    QFETCH(Answer, answer);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, absent);
    const Result d = run(answer);
    const QStringList found = ::codes(d.findings);
    for (const QString& code : expected)
        QVERIFY2(found.contains(code), qPrintable(u"missing " + code + u"; found: " + found.join(u", ")));
    for (const QString& code : absent)
        QVERIFY2(!found.contains(code), qPrintable(u"unexpected " + code + u"; found: " + found.join(u", ")));
    for (const Finding& f : d.findings)
        QVERIFY2(codeInfo(f.code), qPrintable(f.code));
}

void TestMiddlemen::retryAfterOffersResendOnlyWhenItCanResend()
{
    const Answer a {
        429, {"Retry-After: 120"}, R"({"error":"slow_down"})", "GET", "https://api.example.com/v1/orders", {kBearer}};
    const Result result1 = run(a, true);
    const Finding* f = found(result1.findings, Code::RateLimited);
    QVERIFY(f);
    const Fix* resend = fix(*f, u"request.resend_after");
    QVERIFY(resend);
    QCOMPARE(resend->kind, FixKind::Action);
    QCOMPARE(resend->params.value(u"seconds").toInteger(), 120);

    const Result offline = run(a, false); // a HAR file: nothing can be resent
    const Finding* g = found(offline.findings, Code::RateLimited);
    QVERIFY(g);
    QVERIFY(!fix(*g, u"request.resend_after"));
    QVERIFY(!g->hasAction());
    const Fix* wait = fix(*g, u"advice.wait");
    QVERIFY(wait);
    QCOMPARE(wait->params.value(u"seconds").toInteger(), 120);

    // Without Retry-After there is no time to resend at: advice only, even when the request can be resent.
    const Answer noRetry {429, {}, "{}", "GET", "https://api.example.com/v1/orders", {kBearer}};
    const Result result2 = run(noRetry, true);
    const Finding* h = found(result2.findings, Code::RateLimited);
    QVERIFY(h);
    QVERIFY(!h->hasAction());
}

void TestMiddlemen::retryAfterAsHttpDate()
{
    // RFC 9110 §10.2.3: an HTTP-date, read against the response's Date (12:00:00).
    const Answer a {
        429, {"Retry-After: Mon, 01 Jan 2024 12:05:00 GMT"}, "{}", "GET", "https://api.example.com/v1/orders", {}};
    const Result result3 = run(a, true);
    const Finding* f = found(result3.findings, Code::RateLimited);
    QVERIFY(f);
    const Fix* resend = fix(*f, u"request.resend_after");
    QVERIFY(resend);
    QCOMPARE(resend->params.value(u"seconds").toInteger(), 300);
}

void TestMiddlemen::rateLimitResetWithoutRetryAfter()
{
    // GitHub: 403 with x-ratelimit-remaining: 0 and x-ratelimit-reset as a Unix time, one hour ahead.
    const Answer a {403,
                    {"x-ratelimit-remaining: 0", "x-ratelimit-reset: 1704114000"},
                    R"({"message":"API rate limit exceeded"})",
                    "GET",
                    "https://api.github.com/user",
                    {}};
    const Result result4 = run(a, true);
    const Finding* f = found(result4.findings, Code::RateLimited);
    QVERIFY(f);
    QVERIFY(!fix(*f, u"request.resend_after")); // only Retry-After is an instruction to resend
    const Fix* wait = fix(*f, u"advice.wait");
    QVERIFY(wait);
    QCOMPARE(wait->params.value(u"seconds").toInteger(), 3600);
}

void TestMiddlemen::requestIdGoesToTheOperators()
{
    const Answer akamai {403,
                         {"Server: AkamaiGHost"},
                         "<H1>Access Denied</H1>You don't have permission to access \"x\" on this server.<P>"
                         "Reference&#32;&#35;18&#46;c6a50517&#46;1704110400&#46;176b29a",
                         "GET",
                         "https://www.example.com/",
                         {}};
    const Result result5 = run(akamai);
    const Finding* f = found(result5.findings, Code::WafBlocked);
    QVERIFY(f);
    const Fix* id = fix(*f, u"advice.give_request_id");
    QVERIFY(id);
    QCOMPARE(id->params.value(u"id").toString(), QStringLiteral("18.c6a50517.1704110400.176b29a"));
    QCOMPARE(id->params.value(u"vendor").toString(), QStringLiteral("Akamai"));

    const Answer cloudflare {403,
                             {"Server: cloudflare", "CF-RAY: 8a1b2c3d4e5f6789-FRA"},
                             "error code: 1020",
                             "GET",
                             "https://api.example.com/",
                             {}};
    const Result result6 = run(cloudflare);
    const Finding* g = found(result6.findings, Code::WafBlocked);
    QVERIFY(g);
    const Fix* ray = fix(*g, u"advice.give_request_id");
    QVERIFY(ray);
    QCOMPARE(ray->params.value(u"id").toString(), QStringLiteral("8a1b2c3d4e5f6789-FRA"));
    QCOMPARE(ray->params.value(u"name").toString(), QStringLiteral("CF-RAY"));
}

void TestMiddlemen::middlemanFindingsSayTheApplicationMayNotHaveSeenIt()
{
    const QList<Answer> answers {
        {403, {"Server: cloudflare", "CF-RAY: 8a1b"}, "error code: 1020", "GET", "https://api.example.com/", {}},
        {403,
         {"x-amzn-ErrorType: MissingAuthenticationTokenException"},
         R"({"message":"Missing Authentication Token"})",
         "GET",
         "https://abc.execute-api.us-east-1.amazonaws.com/prod/x",
         {}},
        {401,
         {"Server: Microsoft-IIS/10.0"},
         "<h3>HTTP Error 401.503 - Unauthorized</h3>",
         "GET",
         "https://intranet.example.com/",
         {}},
    };
    for (const Answer& a : answers) {
        const Result d = run(a);
        QVERIFY(!d.findings.isEmpty());
        const Finding& top = d.findings.first();
        QVERIFY2(top.explanation.contains(u"may never have seen the request"), qPrintable(top.explanation));
        QVERIFY2(!top.source.isEmpty(), qPrintable(top.code));
    }
}

void TestMiddlemen::vendorCodesDoNotMatchLongerCodes()
{
    // AADSTS70008 (expired grant) must not also match inside AADSTS700082: one piece of evidence, that code's.
    const Answer a {
        400,
        {"Content-Type: application/json"},
        R"({"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity."})",
        "POST",
        "https://login.microsoftonline.com/common/oauth2/v2.0/token",
        {}};
    const Result result7 = run(a);
    const Finding* f = found(result7.findings, Code::OAuthInvalidGrant);
    QVERIFY(f);
    QCOMPARE(f->evidence.size(), 1);
    QVERIFY(f->evidence.first().excerpt.startsWith(u"AADSTS700082:"));
}

void TestMiddlemen::vendorEvidencePointsAtTheExactWords()
{
    const QByteArray challenge
        = R"(Bearer error="invalid_token", error_description="The audience 'urn:other' is invalid")";
    const Answer a {401, {"WWW-Authenticate: " + challenge}, "", "GET", "https://api.example.com/v1/orders", {kBearer}};
    const Result result8 = run(a);
    const Finding* f = found(result8.findings, Code::TokenAudience);
    QVERIFY(f);
    QCOMPARE(f->severity, Severity::Cause);
    QCOMPARE(f->hop, 0);
    const Evidence& e = f->evidence.first();
    QCOMPARE(e.kind, EvidenceKind::Param);
    QCOMPARE(e.container, QStringLiteral("WWW-Authenticate"));
    QCOMPARE(e.name, QStringLiteral("error_description"));
    QCOMPARE(challenge.mid(e.start, e.length), QByteArray("The audience 'urn:other' is invalid"));

    const QByteArray body = R"({"detail":"Jwt is expired"})";
    const Answer b {401, {}, body, "GET", "https://api.example.com/v1/orders", {kBearer}};
    const Result result9 = run(b);
    const Finding* g = found(result9.findings, Code::TokenExpired);
    QVERIFY(g);
    const Evidence& be = g->evidence.first();
    QCOMPARE(be.kind, EvidenceKind::Body);
    QCOMPARE(body.mid(be.start, be.length), QByteArray("Jwt is expired"));
}

void TestMiddlemen::excerptsNeverQuoteTheCredential()
{
    // A captive portal whose sign-in link echoes the request's token: the excerpt of the link masks it.
    const QByteArray token = "tok_3f9c2a7b8e1d4c6a9b0e7f21";
    const Answer a {511,
                    {"Content-Type: text/html"},
                    "<meta http-equiv=\"refresh\" content=\"0; url=https://portal.example.net/login?echo=" + token
                        + "\">",
                    "GET",
                    "http://api.example.com/v1/orders",
                    {kBearer}};
    const Result d = run(a);
    const Finding* f = found(d.findings, Code::NetworkIntercepted);
    QVERIFY(f);
    QVERIFY(std::any_of(f->evidence.cbegin(), f->evidence.cend(), [](const Evidence& e) {
        return e.kind == EvidenceKind::Body && e.excerpt.contains(u"portal");
    }));
    for (const Finding& g : d.findings) {
        QString all = g.explanation;
        for (const Evidence& e : g.evidence)
            all += e.excerpt + e.note;
        for (const Fix& x : g.fixes)
            all += x.label + QString::fromUtf8(QJsonDocument(x.params).toJson());
        QVERIFY2(!all.contains(QString::fromLatin1(token)), qPrintable(g.code));
    }
}

void TestMiddlemen::everyVendorFindingNamesItsSource()
{
    const QList<QByteArray> descriptions {"The token expired at '1/1/2024'", "Jwt verification fails",
                                          "The iss claim is not valid", "IDX10214: Audience validation failed."};
    for (const QByteArray& description : descriptions) {
        const Answer a {401,
                        {R"(WWW-Authenticate: Bearer error="invalid_token", error_description=")" + description + '"'},
                        "",
                        "GET",
                        "https://api.example.com/v1/orders",
                        {kBearer}};
        const Result d = run(a);
        QVERIFY2(!d.findings.isEmpty(), description.constData());
        QVERIFY2(!d.findings.first().source.isEmpty(), description.constData());
        QCOMPARE(d.findings.first().severity, Severity::Cause);
    }
}

QTEST_GUILESS_MAIN(TestMiddlemen)
#include "TestMiddlemen.moc"
