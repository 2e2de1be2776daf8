// The token service's pure functions (issue 10), table by table: every grant × client authentication ×
// scopes, audience, RFC 8707 resources and extra parameters (tokenRequest); RFC 6749 §5.1 and §5.2
// answers and what is not one (parseTokenResponse); the expiry arithmetic and the resend helpers.
#include "auth/AuthSettings.h"
#include "diagnosis/Catalog.h"
#include "jwt/Base64Url.h"
#include "workspace/TokenService.h"

#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

using namespace Authlens;
using namespace Authlens::Workspace;

namespace {

using Params = QList<QPair<QString, QString>>;

Profiles::Profile oauthProfile(Auth::ClientAuth clientAuth = Auth::ClientAuth::ClientSecretBasic)
{
    Profiles::Profile p;
    p.id = QStringLiteral("p1");
    p.name = QStringLiteral("API");
    p.baseUrl = QStringLiteral("https://api.example.com");
    p.auth.method = Auth::Method::OAuth2;
    p.auth.username = QStringLiteral("alice");
    p.auth.oauth.clientId = QStringLiteral("my client");
    p.auth.oauth.clientAuth = clientAuth;
    p.sessionSecrets.clientSecret = QStringLiteral("s3cr:t/+");
    p.sessionSecrets.password = QStringLiteral("pässword&=");
    p.sessionSecrets.refreshToken = QStringLiteral("rt-1");
    return p;
}

/// The form body as (name, value) pairs, in order, decoded.
Params formOf(const QByteArray& body)
{
    Params out;
    for (const QByteArray& pair : body.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        out.append({QUrl::fromPercentEncoding(pair.left(eq)), QUrl::fromPercentEncoding(pair.mid(eq + 1))});
    }
    return out;
}

QByteArray jwtWith(const QJsonObject& claims)
{
    const QByteArray header = Jwt::base64UrlEncode(R"({"alg":"RS256","typ":"at+jwt"})");
    return header + '.' + Jwt::base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + ".c2ln";
}

Http::Hop answer(int status, const QByteArray& contentType, const QByteArray& body)
{
    Http::Hop hop;
    hop.request.method = "POST";
    hop.request.url = QUrl(QStringLiteral("https://as.example.com/token"));
    hop.response.received = true;
    hop.response.status = status;
    if (!contentType.isEmpty())
        hop.response.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    hop.response.body = Http::Body::fromBytes(body);
    return hop;
}

} // namespace

class TestTokenRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tokenRequests_data();
    void tokenRequests();
    void badProfiles_data();
    void badProfiles();
    void requestCarriesTheProfilesConnection();

    void parse_data();
    void parse();
    void parseWithoutAnswer();
    void parseHugeAnswer();

    void grantFor();
    void expiry();
    void refreshBeforeSend_data();
    void refreshBeforeSend();
    void refreshMayHelp();
    void credentialsReplaced();
    void names();
};

void TestTokenRequest::tokenRequests_data()
{
    QTest::addColumn<QString>("grant");
    QTest::addColumn<int>("clientAuth");
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<QString>("audience");
    QTest::addColumn<QStringList>("resources");
    QTest::addColumn<Params>("extra");
    QTest::addColumn<Params>("expected");
    QTest::addColumn<bool>("basicHeader");

    const QString cc = QStringLiteral("client_credentials");
    const QString pw = QStringLiteral("password");
    const QString rt = QStringLiteral("refresh_token");
    const int basic = int(Auth::ClientAuth::ClientSecretBasic);
    const int post = int(Auth::ClientAuth::ClientSecretPost);
    const int none = int(Auth::ClientAuth::None);
    const auto p = [](const char* n, const QString& v) { return QPair<QString, QString> {QString::fromLatin1(n), v}; };
    const QString id = QStringLiteral("my client");
    const QString secret = QStringLiteral("s3cr:t/+");
    const QString password = QStringLiteral("pässword&=");
    const QString grantType = QStringLiteral("grant_type");

    // Each grant with each client authentication, nothing else.
    for (const QString& grant : {cc, pw, rt}) {
        Params base {p("grant_type", grant)};
        if (grant == pw)
            base += Params {p("username", QStringLiteral("alice")), p("password", password)};
        if (grant == rt)
            base += Params {p("refresh_token", QStringLiteral("rt-1"))};
        QTest::addRow("%s basic", qPrintable(grant))
            << grant << basic << QStringList() << QString() << QStringList() << Params() << base << true;
        QTest::addRow("%s post", qPrintable(grant))
            << grant << post << QStringList() << QString() << QStringList() << Params()
            << (base + Params {p("client_id", id), p("client_secret", secret)}) << false;
        QTest::addRow("%s none", qPrintable(grant)) << grant << none << QStringList() << QString() << QStringList()
                                                    << Params() << (base + Params {p("client_id", id)}) << false;
    }
    // The full cross product: every grant × client authentication × what else a request can carry.
    struct Variant
    {
        const char* name;
        QStringList scopes;
        QString audience;
        QStringList resources;
        Params extra;
        Params params; ///< what the variant adds after the grant's own parameters
        Params trailing; ///< what it adds after the client authentication (extra parameters)
    };
    const QList<Variant> variants {
        {"plain", {}, {}, {}, {}, {}, {}},
        {"scope", {QStringLiteral("a"), QStringLiteral("b")}, {}, {}, {}, {p("scope", QStringLiteral("a b"))}, {}},
        {"audience",
         {},
         QStringLiteral("https://api.example"),
         {},
         {},
         {p("audience", QStringLiteral("https://api.example"))},
         {}},
        {"resources",
         {},
         {},
         {QStringLiteral("https://r1.example/"), QStringLiteral("https://r2.example/x")},
         {},
         {p("resource", QStringLiteral("https://r1.example/")), p("resource", QStringLiteral("https://r2.example/x"))},
         {}},
        {"extra", {}, {}, {}, {p("tenant", QStringLiteral("t&1"))}, {}, {p("tenant", QStringLiteral("t&1"))}},
    };
    for (const QString& grant : {cc, pw, rt}) {
        Params grantParams {p("grant_type", grant)};
        if (grant == pw)
            grantParams += Params {p("username", QStringLiteral("alice")), p("password", password)};
        if (grant == rt)
            grantParams += Params {p("refresh_token", QStringLiteral("rt-1"))};
        for (int auth : {basic, post, none}) {
            Params authParams;
            if (auth == post)
                authParams = {p("client_id", id), p("client_secret", secret)};
            if (auth == none)
                authParams = {p("client_id", id)};
            for (const Variant& v : variants)
                QTest::addRow("x %s %s %s", qPrintable(grant), qPrintable(Auth::clientAuthName(Auth::ClientAuth(auth))),
                              v.name)
                    << grant << auth << v.scopes << v.audience << v.resources << v.extra
                    << (grantParams + v.params + authParams + v.trailing) << (auth == basic);
        }
    }
    // Scopes (space-delimited, trimmed, duplicates once), audience, resources, extra parameters.
    QTest::newRow("scopes") << cc << basic
                            << QStringList {QStringLiteral("read"), QStringLiteral(" write "), QStringLiteral("read"),
                                            QString()}
                            << QString() << QStringList() << Params()
                            << Params {p("grant_type", cc), p("scope", QStringLiteral("read write"))} << true;
    QTest::newRow("audience") << cc << post << QStringList() << QStringLiteral("https://api.example.com")
                              << QStringList() << Params()
                              << Params {p("grant_type", cc), p("audience", QStringLiteral("https://api.example.com")),
                                         p("client_id", id), p("client_secret", secret)}
                              << false;
    QTest::newRow("resources") << rt << none << QStringList() << QString()
                               << QStringList {QStringLiteral("https://a.example/"), QStringLiteral("urn:example:b")}
                               << Params()
                               << Params {p("grant_type", rt), p("refresh_token", QStringLiteral("rt-1")),
                                          p("resource", QStringLiteral("https://a.example/")),
                                          p("resource", QStringLiteral("urn:example:b")), p("client_id", id)}
                               << false;
    QTest::newRow("extra params") << pw << basic << QStringList() << QString() << QStringList()
                                  << Params {p("tenant", QStringLiteral("t 1")), p("prompt", QString())}
                                  << Params {p("grant_type", pw), p("username", QStringLiteral("alice")),
                                             p("password", password), p("tenant", QStringLiteral("t 1")),
                                             p("prompt", QString())}
                                  << true;
    QTest::newRow("everything") << cc << post << QStringList {QStringLiteral("a"), QStringLiteral("b")}
                                << QStringLiteral("aud") << QStringList {QStringLiteral("https://r.example/x")}
                                << Params {p("resource", QStringLiteral("https://r2.example/"))}
                                << Params {p("grant_type", cc),
                                           p("scope", QStringLiteral("a b")),
                                           p("audience", QStringLiteral("aud")),
                                           p("resource", QStringLiteral("https://r.example/x")),
                                           p("client_id", id),
                                           p("client_secret", secret),
                                           p("resource", QStringLiteral("https://r2.example/"))}
                                << false;
    Q_UNUSED(grantType);
}

void TestTokenRequest::tokenRequests()
{
    QFETCH(QString, grant);
    QFETCH(int, clientAuth);
    QFETCH(QStringList, scopes);
    QFETCH(QString, audience);
    QFETCH(QStringList, resources);
    QFETCH(Params, extra);
    QFETCH(Params, expected);
    QFETCH(bool, basicHeader);

    Profiles::Profile profile = oauthProfile(Auth::ClientAuth(clientAuth));
    profile.auth.oauth.scopes = scopes;
    profile.auth.oauth.audience = audience;
    profile.auth.oauth.resources = resources;
    profile.auth.oauth.extraParams = extra;
    const QUrl endpoint(QStringLiteral("https://as.example.com/oauth2/token"));
    Error error;
    const std::optional<Http::RequestSpec> spec = TokenService::tokenRequest(profile, grant, endpoint, &error);
    QVERIFY2(spec, qPrintable(error.message));
    QVERIFY(!error.isError());
    QCOMPARE(spec->method, QByteArray("POST"));
    QCOMPARE(spec->url, endpoint);
    QCOMPARE(Http::headerValue(spec->headers, "Content-Type"), QByteArray("application/x-www-form-urlencoded"));
    QCOMPARE(Http::headerValue(spec->headers, "Accept"), QByteArray("application/json"));
    QCOMPARE(formOf(spec->body), expected);
    // Form encoding per RFC 6749 Appendix B: nothing outside the unreserved set stays raw.
    QVERIFY(!spec->body.contains(' ') && !spec->body.contains(':') && !spec->body.contains("/+"));
    QVERIFY(!spec->followRedirects); // a 307 must not carry the secrets elsewhere
    if (basicHeader) {
        QCOMPARE(spec->credentials.size(), 1);
        const Http::Credential& c = spec->credentials.constFirst();
        QCOMPARE(c.name, QByteArray("Authorization"));
        // RFC 6749 §2.3.1: form-encode id and secret, then Basic.
        QCOMPARE(c.value, "Basic " + QByteArray("my%20client:s3cr%3At%2F%2B").toBase64());
        QCOMPARE(c.source, Http::CredentialSource::Profile);
    } else {
        QVERIFY(spec->credentials.isEmpty());
    }
}

void TestTokenRequest::badProfiles_data()
{
    QTest::addColumn<Profiles::Profile>("profile");
    QTest::addColumn<QString>("grant");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("messageContains");

    const QString ok = QStringLiteral("https://as.example.com/token");
    Profiles::Profile p = oauthProfile();
    QTest::newRow("not http") << p << QStringLiteral("client_credentials") << QStringLiteral("ftp://as.example.com/t")
                              << QStringLiteral("not an http(s) URL");
    QTest::newRow("no host") << p << QStringLiteral("client_credentials") << QStringLiteral("/token")
                             << QStringLiteral("not an http(s) URL");
    QTest::newRow("user info") << p << QStringLiteral("client_credentials")
                               << QStringLiteral("https://id:secret@as.example.com/token")
                               << QStringLiteral("user:password@");
    QTest::newRow("unknown grant") << p << QStringLiteral("implicit") << ok
                                   << QStringLiteral("not one the token service runs");
    QTest::newRow("no grant") << p << QString() << ok << QStringLiteral("no OAuth grant type");

    Profiles::Profile noId = p;
    noId.auth.oauth.clientId = QStringLiteral("  ");
    QTest::newRow("no client id") << noId << QStringLiteral("client_credentials") << ok << QStringLiteral("client id");
    Profiles::Profile noSecret = p;
    noSecret.sessionSecrets.clientSecret.clear();
    QTest::newRow("no client secret") << noSecret << QStringLiteral("client_credentials") << ok
                                      << QStringLiteral("no client secret");
    Profiles::Profile noPassword = p;
    noPassword.sessionSecrets.password.clear();
    QTest::newRow("no password") << noPassword << QStringLiteral("password") << ok
                                 << QStringLiteral("name and password");
    Profiles::Profile noUser = p;
    noUser.auth.username.clear();
    QTest::newRow("no user") << noUser << QStringLiteral("password") << ok << QStringLiteral("name and password");
    Profiles::Profile noRefresh = p;
    noRefresh.sessionSecrets.refreshToken.clear();
    QTest::newRow("no refresh token") << noRefresh << QStringLiteral("refresh_token") << ok
                                      << QStringLiteral("no refresh token");
    Profiles::Profile conflict = p;
    conflict.auth.oauth.extraParams = {{QStringLiteral("grant_type"), QStringLiteral("x")}};
    QTest::newRow("extra param conflicts")
        << conflict << QStringLiteral("client_credentials") << ok << QStringLiteral("extra parameter grant_type");
    Profiles::Profile badResource = p;
    badResource.auth.oauth.resources = {QStringLiteral("https://r.example/#frag")};
    QTest::newRow("resource with fragment")
        << badResource << QStringLiteral("client_credentials") << ok << QStringLiteral("RFC 8707");
    Profiles::Profile relative = p;
    relative.auth.oauth.resources = {QStringLiteral("/api")};
    QTest::newRow("relative resource") << relative << QStringLiteral("client_credentials") << ok
                                       << QStringLiteral("absolute URI");
    Profiles::Profile missingCa = p;
    missingCa.tls.caBundlePath = QStringLiteral("/nonexistent/ca.pem");
    QTest::newRow("profile's CA unreadable")
        << missingCa << QStringLiteral("client_credentials") << ok << QStringLiteral("/nonexistent/ca.pem");
}

void TestTokenRequest::badProfiles()
{
    QFETCH(Profiles::Profile, profile);
    QFETCH(QString, grant);
    QFETCH(QString, endpoint);
    QFETCH(QString, messageContains);
    Error error;
    QVERIFY(!TokenService::tokenRequest(profile, grant, QUrl(endpoint), &error));
    QCOMPARE(error.kind, ErrorKind::BadInput);
    QCOMPARE(exitCodeFor(error), 3);
    QVERIFY2(error.message.contains(messageContains), qPrintable(error.message));
    // Never a secret in the message.
    QVERIFY(!error.message.contains(profile.sessionSecrets.clientSecret)
            || profile.sessionSecrets.clientSecret.isEmpty());
    QVERIFY(!TokenService::tokenRequest(profile, grant, QUrl(endpoint), nullptr));
}

void TestTokenRequest::requestCarriesTheProfilesConnection()
{
    Profiles::Profile p = oauthProfile();
    p.connectTimeoutMs = 1234;
    p.totalTimeoutMs = 5678;
    p.tls.ignoreErrors = true;
    p.proxy.mode = Profiles::ProxySettings::Mode::Http;
    p.proxy.host = QStringLiteral("proxy.example");
    p.proxy.port = 3128;
    const auto spec = TokenService::tokenRequest(p, QStringLiteral("client_credentials"),
                                                 QUrl(QStringLiteral("https://as.example.com/t")), nullptr);
    QVERIFY(spec);
    QCOMPARE(spec->connectTimeoutMs, 1234);
    QCOMPARE(spec->totalTimeoutMs, 5678);
    QVERIFY(spec->ignoreTlsErrors);
    QVERIFY(spec->transport.proxy);
    QCOMPARE(spec->transport.proxy->hostName(), QStringLiteral("proxy.example"));
    QVERIFY(!spec->sendJarCookies);
}

void TestTokenRequest::parse_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("accessToken");
    QTest::addColumn<QString>("tokenType");
    QTest::addColumn<qint64>("expiresIn"); // -1: none
    QTest::addColumn<QString>("refreshToken");
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("problemContains");

    const QByteArray json = "application/json;charset=UTF-8";
    // RFC 6749 §5.1's example, and the members OpenID Connect adds.
    QTest::newRow("5.1 full") << 200 << json
                              << QByteArray(R"({"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"example",)"
                                            R"("expires_in":3600,"refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA",)"
                                            R"("example_parameter":"example_value","scope":"read  write"})")
                              << true << "2YotnFZFEjr1zCsicMWpAA"
                              << "example" << qint64(3600) << "tGzv3JOkF0XG5Qx2TlKWIA"
                              << QStringList {QStringLiteral("read"), QStringLiteral("write")} << QString()
                              << QString();
    QTest::newRow("minimal") << 200 << json << QByteArray(R"({"access_token":"at","token_type":"Bearer"})") << true
                             << "at"
                             << "Bearer" << qint64(-1) << QString() << QStringList() << QString() << QString();
    QTest::newRow("201 no content type") << 201 << QByteArray() << QByteArray(R"({"access_token":"at"})") << true
                                         << "at" << QString() << qint64(-1) << QString() << QStringList() << QString()
                                         << QString();
    QTest::newRow("expires_in as string")
        << 200 << json
        << QByteArray(R"({"access_token":"at","token_type":"Bearer",)"
                      R"("expires_in":"3599"})")
        << true << "at"
        << "Bearer" << qint64(3599) << QString() << QStringList() << QString() << QString();
    QTest::newRow("expires_in negative") << 200 << json << QByteArray(R"({"access_token":"at","expires_in":-5})")
                                         << true << "at" << QString() << qint64(-1) << QString() << QStringList()
                                         << QString() << QStringLiteral("expires_in");
    QTest::newRow("expires_in \"nan\"") << 200 << json << QByteArray(R"({"access_token":"at","expires_in":"nan"})")
                                        << true << "at" << QString() << qint64(-1) << QString() << QStringList()
                                        << QString() << QStringLiteral("expires_in");
    QTest::newRow("expires_in 1e300") << 200 << json << QByteArray(R"({"access_token":"at","expires_in":1e300})")
                                      << true << "at" << QString() << qint64(-1) << QString() << QStringList()
                                      << QString() << QStringLiteral("expires_in");
    QTest::newRow("expires_in object") << 200 << json << QByteArray(R"({"access_token":"at","expires_in":{}})") << true
                                       << "at" << QString() << qint64(-1) << QString() << QStringList() << QString()
                                       << QStringLiteral("expires_in");
    QTest::newRow("refresh_token number")
        << 200 << json << QByteArray(R"({"access_token":"at","refresh_token":42})") << true << "at" << QString()
        << qint64(-1) << QString() << QStringList() << QString() << QStringLiteral("refresh_token is not a string");
    // RFC 6749 §5.2.
    QTest::newRow("5.2 invalid_grant") << 400 << json
                                       << QByteArray(R"({"error":"invalid_grant","error_description":"refresh token )"
                                                     R"(was already used"})")
                                       << false << QString() << QString() << qint64(-1) << QString() << QStringList()
                                       << "invalid_grant" << QStringLiteral("refresh token was already used");
    QTest::newRow("5.2 invalid_client 401")
        << 401 << json << QByteArray(R"({"error":"invalid_client"})") << false << QString() << QString() << qint64(-1)
        << QString() << QStringList() << "invalid_client" << QStringLiteral("invalid_client");
    QTest::newRow("5.2 with uri") << 400 << json
                                  << QByteArray(R"({"error":"invalid_scope","error_uri":"https://as/doc"})") << false
                                  << QString() << QString() << qint64(-1) << QString() << QStringList()
                                  << "invalid_scope" << QStringLiteral("invalid_scope");
    QTest::newRow("error with 200") << 200 << json << QByteArray(R"({"error":"unauthorized_client"})") << false
                                    << QString() << QString() << qint64(-1) << QString() << QStringList()
                                    << "unauthorized_client" << QStringLiteral("unauthorized_client");
    QTest::newRow("error not a string") << 400 << json << QByteArray(R"({"error":{"code":1}})") << false << QString()
                                        << QString() << qint64(-1) << QString() << QStringList() << QString()
                                        << QStringLiteral("not a string");
    // Not a token response at all.
    QTest::newRow("HTML login page") << 200 << QByteArray("text/html")
                                     << QByteArray("<!DOCTYPE html><html><body>Sign in</body></html>") << false
                                     << QString() << QString() << qint64(-1) << QString() << QStringList() << QString()
                                     << QStringLiteral("HTML page");
    QTest::newRow("HTML without type") << 404 << QByteArray() << QByteArray("  <html><h1>404</h1></html>") << false
                                       << QString() << QString() << qint64(-1) << QString() << QStringList()
                                       << QString() << QStringLiteral("HTML page");
    QTest::newRow("plain text") << 502 << QByteArray("text/plain") << QByteArray("Bad Gateway") << false << QString()
                                << QString() << qint64(-1) << QString() << QStringList() << QString()
                                << QStringLiteral("not JSON");
    QTest::newRow("empty") << 200 << json << QByteArray() << false << QString() << QString() << qint64(-1) << QString()
                           << QStringList() << QString() << QStringLiteral("empty body");
    QTest::newRow("whitespace") << 500 << json << QByteArray(" \r\n") << false << QString() << QString() << qint64(-1)
                                << QString() << QStringList() << QString() << QStringLiteral("empty body");
    QTest::newRow("JSON array") << 200 << json << QByteArray(R"([{"access_token":"at"}])") << false << QString()
                                << QString() << qint64(-1) << QString() << QStringList() << QString()
                                << QStringLiteral("not an object");
    QTest::newRow("truncated JSON") << 200 << json << QByteArray(R"({"access_token":"at")") << false << QString()
                                    << QString() << qint64(-1) << QString() << QStringList() << QString()
                                    << QStringLiteral("not JSON");
    QTest::newRow("no access_token") << 200 << json << QByteArray(R"({"token_type":"Bearer"})") << false << QString()
                                     << QString() << qint64(-1) << QString() << QStringList() << QString()
                                     << QStringLiteral("no access_token");
    QTest::newRow("access_token number") << 200 << json << QByteArray(R"({"access_token":12345})") << false << QString()
                                         << QString() << qint64(-1) << QString() << QStringList() << QString()
                                         << QStringLiteral("not a non-empty string");
    QTest::newRow("access_token empty") << 200 << json << QByteArray(R"({"access_token":""})") << false << QString()
                                        << QString() << qint64(-1) << QString() << QStringList() << QString()
                                        << QStringLiteral("not a non-empty string");
    QTest::newRow("tokens with 400") << 400 << json << QByteArray(R"({"access_token":"at"})") << false << QString()
                                     << QString() << qint64(-1) << QString() << QStringList() << QString()
                                     << QStringLiteral("not 200");
}

void TestTokenRequest::parse()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(QString, accessToken);
    QFETCH(QString, tokenType);
    QFETCH(qint64, expiresIn);
    QFETCH(QString, refreshToken);
    QFETCH(QStringList, scopes);
    QFETCH(QString, error);
    QFETCH(QString, problemContains);
    const TokenResponse r = TokenService::parseTokenResponse(answer(status, contentType, body));
    QCOMPARE(r.ok, ok);
    QCOMPARE(r.accessToken, accessToken);
    QCOMPARE(r.tokenType, tokenType);
    QCOMPARE(r.expiresIn.value_or(-1), expiresIn);
    QCOMPARE(r.refreshToken, refreshToken);
    QCOMPARE(r.scopes, scopes);
    QCOMPARE(r.error, error);
    if (problemContains.isEmpty())
        QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
    else
        QVERIFY2(r.problem.contains(problemContains), qPrintable(r.problem));
    if (!ok)
        QVERIFY(!r.problem.isEmpty());
}

void TestTokenRequest::parseWithoutAnswer()
{
    Http::Hop hop;
    hop.error = {Http::ErrorKind::ConnectionRefused, QStringLiteral("Connection refused")};
    const TokenResponse r = TokenService::parseTokenResponse(hop);
    QVERIFY(!r.ok);
    QVERIFY2(r.problem.contains(u"Connection refused"), qPrintable(r.problem));
}

void TestTokenRequest::parseHugeAnswer()
{
    // Past 1 MiB it is not a token response, whatever it holds (and it is not parsed).
    QByteArray huge = R"({"access_token":"at","padding":")";
    huge += QByteArray(2 * 1024 * 1024, 'x') + R"("})";
    const TokenResponse r = TokenService::parseTokenResponse(answer(200, "application/json", huge));
    QVERIFY(!r.ok);
    QVERIFY(r.accessToken.isEmpty());
    QVERIFY2(r.problem.contains(u"too large"), qPrintable(r.problem));
}

void TestTokenRequest::grantFor()
{
    Profiles::Profile p = oauthProfile();
    p.auth.oauth.grantType = QStringLiteral("password");
    QCOMPARE(TokenService::grantFor(p, TokenService::Mode::Refresh), QStringLiteral("refresh_token"));
    QCOMPARE(TokenService::grantFor(p, TokenService::Mode::New), QStringLiteral("password"));
    p.sessionSecrets.refreshToken.clear();
    QCOMPARE(TokenService::grantFor(p, TokenService::Mode::Refresh), QStringLiteral("password"));
    QVERIFY(!TokenService::checkGrant(p, QStringLiteral("password")).isError());
    QVERIFY(TokenService::checkGrant(p, QStringLiteral("refresh_token")).isError());
}

void TestTokenRequest::expiry()
{
    Profiles::Profile p = oauthProfile();
    QCOMPARE(accessTokenExpiry(p), 0); // no token
    p.sessionSecrets.token = QStringLiteral("opaque-token");
    QCOMPARE(accessTokenExpiry(p), 0);
    p.sessionSecrets.token = QString::fromLatin1(jwtWith({{QStringLiteral("exp"), 1700000000}}));
    QCOMPARE(accessTokenExpiry(p), 1700000000);
    // What the last token response said wins over the token's claim.
    p.auth.oauth.accessTokenExpiresAt = 1800000000;
    QCOMPARE(accessTokenExpiry(p), 1800000000);
    p.auth.oauth.accessTokenExpiresAt = 0;
    p.sessionSecrets.token = QString::fromLatin1(jwtWith({{QStringLiteral("exp"), QStringLiteral("soon")}}));
    QCOMPARE(accessTokenExpiry(p), 0);
}

void TestTokenRequest::refreshBeforeSend_data()
{
    QTest::addColumn<int>("method");
    QTest::addColumn<int>("refreshBefore");
    QTest::addColumn<qint64>("expiresAt");
    QTest::addColumn<bool>("hasToken");
    QTest::addColumn<bool>("expected");
    const qint64 now = 1700000000;
    const int oauth = int(Auth::Method::OAuth2);
    QTest::newRow("never set") << oauth << -1 << now - 10 << true << false;
    QTest::newRow("expired") << oauth << 0 << now - 10 << true << true;
    QTest::newRow("expires now") << oauth << 0 << now << true << true;
    QTest::newRow("valid, no margin") << oauth << 0 << now + 10 << true << false;
    QTest::newRow("within margin") << oauth << 60 << now + 59 << true << true;
    QTest::newRow("at the margin") << oauth << 60 << now + 60 << true << true;
    QTest::newRow("outside margin") << oauth << 60 << now + 61 << true << false;
    QTest::newRow("unknown expiry") << oauth << 60 << qint64(0) << true << false;
    QTest::newRow("no token") << oauth << 60 << qint64(0) << false << true;
    QTest::newRow("bearer method") << int(Auth::Method::Bearer) << 60 << now - 10 << true << false;
}

void TestTokenRequest::refreshBeforeSend()
{
    QFETCH(int, method);
    QFETCH(int, refreshBefore);
    QFETCH(qint64, expiresAt);
    QFETCH(bool, hasToken);
    QFETCH(bool, expected);
    Profiles::Profile p = oauthProfile();
    p.auth.method = Auth::Method(method);
    p.auth.oauth.refreshBeforeSeconds = refreshBefore;
    p.auth.oauth.accessTokenExpiresAt = expiresAt;
    p.sessionSecrets.token = hasToken ? QStringLiteral("opaque") : QString();
    QCOMPARE(shouldRefreshBeforeSend(p, 1700000000), expected);
}

void TestTokenRequest::refreshMayHelp()
{
    Profiles::Profile p = oauthProfile();
    Http::Exchange exchange;
    exchange.hops.append(answer(401, "application/json", "{}"));
    const auto finding = [](QLatin1String code) {
        Diagnosis::Finding f;
        f.code = code;
        return QList<Diagnosis::Finding> {f};
    };
    using namespace Diagnosis;
    QVERIFY(Workspace::refreshMayHelp(p, exchange, finding(Code::TokenExpired)));
    QVERIFY(Workspace::refreshMayHelp(p, exchange, finding(Code::TokenRevoked)));
    QVERIFY(Workspace::refreshMayHelp(p, exchange, finding(Code::TokenSignature)));
    QVERIFY(Workspace::refreshMayHelp(p, exchange, finding(Code::CredentialsMissing)));
    QVERIFY(!Workspace::refreshMayHelp(p, exchange, finding(Code::TokenAudience)));
    QVERIFY(!Workspace::refreshMayHelp(p, exchange, {}));
    Http::Exchange forbidden;
    forbidden.hops.append(answer(403, "application/json", "{}"));
    QVERIFY(!Workspace::refreshMayHelp(p, forbidden, finding(Code::TokenExpired)));
    p.auth.method = Auth::Method::Bearer; // cannot get a token by itself
    QVERIFY(!Workspace::refreshMayHelp(p, exchange, finding(Code::TokenExpired)));
}

void TestTokenRequest::credentialsReplaced()
{
    Profiles::Profile before = oauthProfile();
    before.sessionSecrets.token = QStringLiteral("old-token");
    Profiles::Profile after = before;
    after.sessionSecrets.token = QStringLiteral("new-token");
    after.auth.oauth.tokenType = QStringLiteral("bearer");

    Http::RequestSpec spec;
    spec.url = QUrl(QStringLiteral("https://api.example.com/me"));
    Auth::applyTo(before.auth, before.sessionSecrets, spec);
    spec.credentials.append({Http::Credential::Place::Header, QByteArrayLiteral("X-Trace-Token"),
                             QByteArrayLiteral("mine"), QStringLiteral("X-Trace-Token header"),
                             Http::CredentialSource::UserHeader});
    const Http::RequestSpec resent = withProfileCredentials(spec, before, after);
    QCOMPARE(resent.credentials.size(), 2);
    QCOMPARE(resent.credentials.at(0).name, QByteArray("X-Trace-Token")); // the user's stays
    QCOMPARE(resent.credentials.at(1).value, QByteArray("Bearer new-token"));

    // No token before (credentials.missing): the new one is added.
    Profiles::Profile empty = before;
    empty.sessionSecrets.token.clear();
    Http::RequestSpec bare;
    Auth::applyTo(empty.auth, empty.sessionSecrets, bare);
    QVERIFY(bare.credentials.isEmpty());
    QCOMPARE(withProfileCredentials(bare, empty, after).credentials.constFirst().value, QByteArray("Bearer new-token"));
}

void TestTokenRequest::names()
{
    QCOMPARE(endpointSourceName(EndpointSource::Profile), QStringLiteral("profile"));
    QCOMPARE(endpointSourceName(EndpointSource::ResourceMetadata), QStringLiteral("resource_metadata"));
    QCOMPARE(endpointSourceName(EndpointSource::Issuer), QStringLiteral("issuer"));
    TokenOutcome outcome;
    QVERIFY(!outcome.tokenRequestStep());
    QVERIFY(outcome.findings().isEmpty());
}

QTEST_APPLESS_MAIN(TestTokenRequest)
#include "TestTokenRequest.moc"
