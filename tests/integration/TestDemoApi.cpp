// Integration tests of the built-in demo API (DESIGN.md §7): a real DemoServer on 127.0.0.1, a plain
// QNetworkAccessManager that follows no redirect and answers no challenge, so every status and header
// is seen exactly as the server sent it.

#include "auth/AwsSigV4.h"
#include "demo/DemoServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

using namespace Authlens;
using Demo::DemoServer;

namespace {

using HeaderPairs = QList<QPair<QByteArray, QByteArray>>;

struct Reply
{
    bool finished = false;
    int status = 0;
    HeaderPairs headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto& field : headers) {
            if (name.compare(field.first, Qt::CaseInsensitive) == 0)
                return field.second;
        }
        return {};
    }
    bool hasHeader(QByteArrayView name) const { return !header(name).isNull(); }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

QByteArray basicCredentials(const QString& user, const QString& password)
{
    return QByteArrayLiteral("Basic ") + (user + QLatin1Char(':') + password).toUtf8().toBase64();
}

QByteArray bearerCredentials(const QString& token)
{
    return QByteArrayLiteral("Bearer ") + token.toLatin1();
}

std::optional<QByteArray> base64Url(const QString& text)
{
    auto result = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return result.decoded;
}

QJsonObject jwtPart(const QString& token, int index)
{
    const auto decoded = base64Url(token.section(QLatin1Char('.'), index, index));
    return decoded ? QJsonDocument::fromJson(*decoded).object() : QJsonObject();
}

/// Verifies an RS256 JWS against a JWK with libcrypto directly: an oracle independent of the code
/// under test (Jwt::RsaKey).
bool verifyWithJwk(const QString& token, const QJsonObject& jwk)
{
    const auto n = base64Url(jwk.value(QLatin1String("n")).toString());
    const auto e = base64Url(jwk.value(QLatin1String("e")).toString());
    const auto signature = base64Url(token.section(QLatin1Char('.'), 2, 2));
    if (!n || !e || !signature)
        return false;
    const QByteArray signingInput = token.section(QLatin1Char('.'), 0, 1).toLatin1();

    const std::unique_ptr<BIGNUM, decltype(&BN_free)> bnN(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(n->constData()), int(n->size()), nullptr), &BN_free);
    const std::unique_ptr<BIGNUM, decltype(&BN_free)> bnE(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(e->constData()), int(e->size()), nullptr), &BN_free);
    const std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> builder(OSSL_PARAM_BLD_new(),
                                                                                  &OSSL_PARAM_BLD_free);
    if (!bnN || !bnE || !builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bnN.get()) != 1
        || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, bnE.get()) != 1)
        return false;
    const std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(builder.get()),
                                                                         &OSSL_PARAM_free);
    const std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> keyCtx(
        EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr), &EVP_PKEY_CTX_free);
    EVP_PKEY* rawKey = nullptr;
    if (!params || !keyCtx || EVP_PKEY_fromdata_init(keyCtx.get()) != 1
        || EVP_PKEY_fromdata(keyCtx.get(), &rawKey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return false;
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(rawKey, &EVP_PKEY_free);
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> mdCtx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!mdCtx || EVP_DigestVerifyInit(mdCtx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1)
        return false;
    return EVP_DigestVerify(mdCtx.get(), reinterpret_cast<const unsigned char*>(signature->constData()),
                            size_t(signature->size()), reinterpret_cast<const unsigned char*>(signingInput.constData()),
                            size_t(signingInput.size()))
        == 1;
}

QDateTime parseHttpDate(const QByteArray& date)
{
    QDateTime parsed
        = QLocale::c().toDateTime(QString::fromLatin1(date), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    parsed.setTimeSpec(Qt::UTC);
    return parsed;
}

QStringList jsonStrings(const QJsonValue& value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue& item : array)
        list.append(item.toString());
    return list;
}

} // namespace

class TestDemoApi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void index();
    void commonHeaders_data();
    void commonHeaders();
    void notFoundAndMethodNotAllowed();

    void basic_data();
    void basic();
    void forbidden();

    void bearer_data();
    void bearer();
    void bearerTokenInQuery();
    void duplicateAuthorizationHeaders();
    void protectedResourceMetadata();

    void discoveryAndJwks();
    void authorizeEndpoint();
    void tokenEndpoint_data();
    void tokenEndpoint();
    void tokenEndpointNeedsPost();
    void accessTokenShapeAndSignature();
    void refreshRotation();
    void refreshScopeNarrowing();
    void idTokenIsNotAnAccessToken();
    void rotateSigningKey();

    void apiKey_data();
    void apiKey();
    void cookieSession();

    void redirects();
    void redirectChain();
    void echo_data();
    void echo();
    void crossOriginHopCarriesNothing();

    void rateLimited();
    void noChallenge();
    void bytes();
    void bytesHead();
    void bytesRejectsBadSizes();

    void clockOffset();
    void profiles();
    void independentInstancesAndStop();

private:
    Reply send(const QByteArray& method, const QUrl& url, const HeaderPairs& headers = {}, const QByteArray& body = {});
    Reply get(const QString& path, const HeaderPairs& headers = {})
    {
        return send(QByteArrayLiteral("GET"), url(path), headers);
    }
    Reply postForm(const QString& path, const QByteArray& body, const HeaderPairs& headers = {})
    {
        HeaderPairs all = headers;
        all.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
        return send(QByteArrayLiteral("POST"), url(path), all, body);
    }
    QUrl url(const QString& path) const { return QUrl(m_server.baseUrl().toString() + path); }
    QByteArray resourceMetadata() const
    {
        return (m_server.baseUrl().toString() + QStringLiteral("/.well-known/oauth-protected-resource")).toUtf8();
    }
    QByteArray clientBasic() const { return basicCredentials(DemoServer::clientId(), DemoServer::clientSecret()); }

    DemoServer m_server;
    QNetworkAccessManager m_nam;
};

Reply TestDemoApi::send(const QByteArray& method, const QUrl& url, const HeaderPairs& headers, const QByteArray& body)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // The test sends cookies itself: QNAM's jar would hide what the server set and expects.
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    for (const auto& header : headers)
        request.setRawHeader(header.first, header.second);
    QNetworkReply* reply = method == "HEAD" ? m_nam.head(request)
        : body.isNull()                     ? m_nam.sendCustomRequest(request, method)
                                            : m_nam.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Reply result;
    result.finished = reply->isFinished() || finished.wait(10000);
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.headers = reply->rawHeaderPairs();
    result.body = reply->readAll();
    reply->deleteLater();
    return result;
}

void TestDemoApi::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY(m_server.isListening());
    QCOMPARE(m_server.baseUrl().host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(m_server.secondOriginUrl().host(), QStringLiteral("127.0.0.1"));
    QVERIFY(m_server.baseUrl().port() > 0);
    QVERIFY(m_server.secondOriginUrl().port() != m_server.baseUrl().port());
    QVERIFY(!m_server.currentKeyId().isEmpty());
}

void TestDemoApi::index()
{
    const Reply reply = get(QStringLiteral("/"));
    QVERIFY(reply.finished);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArrayLiteral("application/json"));
    const QJsonObject index = reply.json();
    QCOMPARE(index.value(QLatin1String("base_url")).toString(), m_server.baseUrl().toString());
    QCOMPARE(index.value(QLatin1String("second_origin")).toString(), m_server.secondOriginUrl().toString());
    QStringList paths;
    const QJsonArray endpoints = index.value(QLatin1String("endpoints")).toArray();
    for (const QJsonValue& endpoint : endpoints) {
        paths.append(endpoint.toObject().value(QLatin1String("path")).toString());
        QVERIFY2(!endpoint.toObject().value(QLatin1String("description")).toString().isEmpty(),
                 qPrintable(paths.last()));
    }
    for (const char* path : {"/",
                             "/echo",
                             "/basic/resource",
                             "/forbidden",
                             "/api/profile",
                             "/api/orders",
                             "/api/admin",
                             "/apikey/resource",
                             "/session/resource",
                             "/session/login",
                             "/session/logout",
                             "/redirect/cross-origin",
                             "/redirect/same-origin",
                             "/redirect/chain",
                             "/redirect/loop",
                             "/ratelimited",
                             "/nochallenge",
                             "/bytes",
                             "/oauth/token",
                             "/.well-known/openid-configuration",
                             "/.well-known/jwks.json",
                             "/.well-known/oauth-protected-resource"})
        QVERIFY2(paths.contains(QString::fromLatin1(path)), path);
    QCOMPARE(index.value(QLatin1String("credentials")).toObject().value(QLatin1String("basic_user")).toString(),
             DemoServer::basicUser());

    const Reply second = send(QByteArrayLiteral("GET"), m_server.secondOriginUrl());
    QCOMPARE(second.status, 200);
    QVERIFY(!second.json().contains(QLatin1String("credentials")));
}

void TestDemoApi::commonHeaders_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("index") << QStringLiteral("/");
    QTest::newRow("401") << QStringLiteral("/basic/resource");
    QTest::newRow("302") << QStringLiteral("/redirect/loop");
    QTest::newRow("404") << QStringLiteral("/no/such/thing");
    QTest::newRow("429") << QStringLiteral("/ratelimited");
}

void TestDemoApi::commonHeaders()
{
    QFETCH(QString, path);
    const Reply reply = get(path);
    QVERIFY(reply.finished);
    QCOMPARE(reply.header("Server"), QByteArrayLiteral("authlens-demo"));
    const QByteArray date = reply.header("Date");
    static const QRegularExpression imfFixdate(
        QStringLiteral("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                       "\\d{4} \\d\\d:\\d\\d:\\d\\d GMT$"));
    QVERIFY2(imfFixdate.match(QString::fromLatin1(date)).hasMatch(), date.constData());
    const QDateTime parsed = parseHttpDate(date);
    QVERIFY(parsed.isValid());
    QVERIFY(qAbs(parsed.secsTo(QDateTime::currentDateTimeUtc())) < 60);
}

void TestDemoApi::notFoundAndMethodNotAllowed()
{
    const Reply missing = get(QStringLiteral("/nope"));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json().value(QLatin1String("error")).toString(), QStringLiteral("not_found"));

    const Reply wrongMethod = send(QByteArrayLiteral("DELETE"), url(QStringLiteral("/basic/resource")));
    QCOMPARE(wrongMethod.status, 405);
    QCOMPARE(wrongMethod.header("Allow"), QByteArrayLiteral("GET, HEAD"));

    const Reply secondMissing = send(QByteArrayLiteral("GET"),
                                     QUrl(m_server.secondOriginUrl().toString() + QStringLiteral("/basic/resource")));
    QCOMPARE(secondMissing.status, 404);
}

void TestDemoApi::basic_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");

    QTest::newRow("none") << QByteArray() << 401 << QStringLiteral("unauthorized");
    QTest::newRow("valid") << basicCredentials(QStringLiteral("demo"), QStringLiteral("demo-password")) << 200
                           << QString();
    QTest::newRow("scheme case-insensitive")
        << QByteArray("basic " + QByteArrayLiteral("demo:demo-password").toBase64()) << 200 << QString();
    QTest::newRow("wrong password") << basicCredentials(QStringLiteral("demo"), QStringLiteral("nope")) << 401
                                    << QStringLiteral("invalid_credentials");
    QTest::newRow("wrong user") << basicCredentials(QStringLiteral("root"), QStringLiteral("demo-password")) << 401
                                << QStringLiteral("invalid_credentials");
    QTest::newRow("non-ASCII password") << basicCredentials(QStringLiteral("demo"), QStringLiteral("démo-pässword"))
                                        << 401 << QStringLiteral("invalid_credentials");
    QTest::newRow("no colon") << QByteArray("Basic " + QByteArrayLiteral("demo").toBase64()) << 401
                              << QStringLiteral("invalid_request");
    QTest::newRow("bad base64") << QByteArrayLiteral("Basic !!!not-base64") << 401 << QStringLiteral("invalid_request");
    QTest::newRow("other scheme") << QByteArrayLiteral("Bearer abc") << 401 << QStringLiteral("unauthorized");
}

void TestDemoApi::basic()
{
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    QFETCH(QString, error);

    HeaderPairs headers;
    if (!authorization.isNull())
        headers.append({QByteArrayLiteral("Authorization"), authorization});
    const Reply reply = get(QStringLiteral("/basic/resource"), headers);
    QVERIFY(reply.finished);
    QCOMPARE(reply.status, status);
    if (status == 401) {
        QCOMPARE(reply.header("WWW-Authenticate"),
                 QByteArrayLiteral("Basic realm=\"authlens-demo\", charset=\"UTF-8\""));
        QCOMPARE(reply.json().value(QLatin1String("error")).toString(), error);
    } else {
        QVERIFY(!reply.hasHeader("WWW-Authenticate"));
        QCOMPARE(reply.json().value(QLatin1String("user")).toString(), QStringLiteral("demo"));
    }
}

void TestDemoApi::forbidden()
{
    const Reply anonymous = get(QStringLiteral("/forbidden"));
    QCOMPARE(anonymous.status, 401);
    QCOMPARE(anonymous.header("WWW-Authenticate"),
             QByteArrayLiteral("Basic realm=\"authlens-demo\", charset=\"UTF-8\""));

    const Reply known = get(
        QStringLiteral("/forbidden"),
        {{QByteArrayLiteral("Authorization"), basicCredentials(DemoServer::basicUser(), DemoServer::basicPassword())}});
    QCOMPARE(known.status, 403);
    QVERIFY(!known.hasHeader("WWW-Authenticate"));
    QCOMPARE(known.json(),
             (QJsonObject {{QStringLiteral("error"), QStringLiteral("forbidden")},
                           {QStringLiteral("detail"), QStringLiteral("user demo lacks role admin")}}));
}

void TestDemoApi::bearer_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("challenge"); ///< exact; %META% = the resource metadata URL

    const QByteArray noError = QByteArrayLiteral("Bearer realm=\"authlens-demo\", resource_metadata=\"%META%\"");
    const auto invalidToken = [](const QByteArray& description) -> QByteArray {
        return QByteArrayLiteral("Bearer realm=\"authlens-demo\", error=\"invalid_token\", error_description=\"")
            + description + QByteArrayLiteral("\", resource_metadata=\"%META%\"");
    };
    const auto invalidRequest = [](const QByteArray& description) -> QByteArray {
        return QByteArrayLiteral("Bearer realm=\"authlens-demo\", error=\"invalid_request\", error_description=\"")
            + description + QByteArrayLiteral("\", resource_metadata=\"%META%\"");
    };
    const QStringList ordinary {QStringLiteral("profile:read"), QStringLiteral("orders:read")};
    const QString valid = m_server.mintAccessToken(QStringLiteral("demo"), ordinary, 3600);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject goodClaims {
        {QStringLiteral("iss"), m_server.baseUrl().toString()},
        {QStringLiteral("sub"), QStringLiteral("demo")},
        {QStringLiteral("aud"), DemoServer::audience()},
        {QStringLiteral("exp"), now + 3600},
        {QStringLiteral("iat"), now},
        {QStringLiteral("scope"), QStringLiteral("profile:read")},
    };
    const auto withClaim = [&](const QString& name, const QJsonValue& value) {
        QJsonObject claims = goodClaims;
        if (value.isUndefined())
            claims.remove(name);
        else
            claims.insert(name, value);
        return bearerCredentials(m_server.signToken(claims));
    };
    QString tampered = valid;
    {
        // Same header and signature, payload with a wider scope: the signature no longer matches.
        QJsonObject claims = jwtPart(valid, 1);
        claims.insert(QStringLiteral("scope"), QStringLiteral("profile:read orders:read admin"));
        tampered = valid.section(QLatin1Char('.'), 0, 0) + QLatin1Char('.')
            + QString::fromLatin1(QJsonDocument(claims)
                                      .toJson(QJsonDocument::Compact)
                                      .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))
            + QLatin1Char('.') + valid.section(QLatin1Char('.'), 2, 2);
    }
    const QByteArray unsecured = QByteArrayLiteral("eyJhbGciOiJub25lIn0.")
        + QJsonDocument(goodClaims)
              .toJson(QJsonDocument::Compact)
              .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
        + '.';

    const QString profile = QStringLiteral("/api/profile");
    QTest::newRow("no token") << profile << QByteArray() << 401 << noError;
    QTest::newRow("Basic instead of Bearer")
        << profile << QByteArrayLiteral("Basic ZGVtbzpkZW1vLXBhc3N3b3Jk") << 401 << noError;
    QTest::newRow("valid: profile") << profile << bearerCredentials(valid) << 200 << QByteArray();
    QTest::newRow("valid: orders") << QStringLiteral("/api/orders") << bearerCredentials(valid) << 200 << QByteArray();
    QTest::newRow("scheme case-insensitive")
        << profile << QByteArray("bearer " + valid.toLatin1()) << 200 << QByteArray();
    QTest::newRow("admin: insufficient scope")
        << QStringLiteral("/api/admin") << bearerCredentials(valid) << 403
        << QByteArrayLiteral("Bearer realm=\"authlens-demo\", error=\"insufficient_scope\", scope=\"admin\", "
                             "error_description=\"The access token lacks scope admin (it has: profile:read "
                             "orders:read)\", resource_metadata=\"%META%\"");
    QTest::newRow("admin: with scope") << QStringLiteral("/api/admin")
                                       << bearerCredentials(m_server.mintAccessToken(QStringLiteral("demo"),
                                                                                     {QStringLiteral("admin")}, 60))
                                       << 200 << QByteArray();
    QTest::newRow("expired 2 h ago") << profile
                                     << bearerCredentials(
                                            m_server.mintAccessToken(QStringLiteral("demo"), ordinary, -7200))
                                     << 401 << invalidToken("The access token expired");
    QTest::newRow("expired 40 s ago (beyond leeway)")
        << profile << bearerCredentials(m_server.mintAccessToken(QStringLiteral("demo"), ordinary, -40)) << 401
        << invalidToken("The access token expired");
    QTest::newRow("expired 10 s ago (within leeway)")
        << profile << bearerCredentials(m_server.mintAccessToken(QStringLiteral("demo"), ordinary, -10)) << 200
        << QByteArray();
    QTest::newRow("wrong audience") << profile
                                    << bearerCredentials(
                                           m_server.mintAccessToken(QStringLiteral("demo"), ordinary, 3600,
                                                                    QStringLiteral("https://other.example")))
                                    << 401
                                    << invalidToken("The access token audience https://other.example does not include "
                                                    "https://api.authlens.demo");
    QTest::newRow("audience list") << profile
                                   << withClaim(QStringLiteral("aud"),
                                                QJsonArray {QStringLiteral("x"), DemoServer::audience()})
                                   << 200 << QByteArray();
    QTest::newRow("wrong issuer") << profile
                                  << withClaim(QStringLiteral("iss"), QStringLiteral("https://issuer.example")) << 401
                                  << invalidToken("The access token issuer https://issuer.example is not trusted "
                                                  "(expected "
                                                  + m_server.baseUrl().toString().toLatin1() + ")");
    QTest::newRow("not yet valid") << profile << withClaim(QStringLiteral("nbf"), now + 3600) << 401
                                   << invalidToken("The access token is not valid yet (nbf)");
    QTest::newRow("no exp") << profile << withClaim(QStringLiteral("exp"), QJsonValue(QJsonValue::Undefined)) << 401
                            << invalidToken("The access token has no exp claim");
    QTest::newRow("ID token") << profile << bearerCredentials(m_server.mintIdToken(QStringLiteral("demo"))) << 401
                              << invalidToken("The token is an ID token (typ JWT, aud authlens-demo-client), not an "
                                              "access token");
    QTest::newRow("typ missing") << profile << bearerCredentials(m_server.signToken(goodClaims, QString())) << 401
                                 << invalidToken("The token is not an access token (typ missing, expected at+jwt)");
    QTest::newRow("tampered payload") << profile << bearerCredentials(tampered) << 401
                                      << invalidToken("The access token signature is invalid");
    QTest::newRow("alg none") << profile << QByteArray("Bearer " + unsecured) << 401
                              << invalidToken("The access token alg none is not accepted (RS256 only)");
    QTest::newRow("not a JWT") << profile << QByteArrayLiteral("Bearer opaque-token-value") << 401
                               << invalidToken("The access token is malformed: a compact JWS has exactly three "
                                               "dot-separated parts");
    QTest::newRow("Bearer without token") << profile << QByteArrayLiteral("Bearer") << 400
                                          << invalidRequest("The Authorization header has no Bearer token");
    QTest::newRow("quoted token") << profile << QByteArrayLiteral("Bearer \"abc.def.ghi\"") << 400
                                  << invalidRequest("The Bearer token is malformed (RFC 6750 b64token syntax: one "
                                                    "space, no quotes, no whitespace inside)");
    QTest::newRow("two spaces") << profile << QByteArray("Bearer  " + valid.toLatin1()) << 400
                                << invalidRequest("The Bearer token is malformed (RFC 6750 b64token syntax: one "
                                                  "space, no quotes, no whitespace inside)");
}

void TestDemoApi::bearer()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    QFETCH(QByteArray, challenge);

    HeaderPairs headers;
    if (!authorization.isNull())
        headers.append({QByteArrayLiteral("Authorization"), authorization});
    const Reply reply = get(path, headers);
    QVERIFY(reply.finished);
    QCOMPARE(reply.status, status);
    challenge.replace("%META%", resourceMetadata());
    QCOMPARE(reply.header("WWW-Authenticate"), challenge);
    const QJsonObject body = reply.json();
    if (status == 200) {
        QCOMPARE(body.value(QLatin1String("subject")).toString(), QStringLiteral("demo"));
    } else {
        // The JSON body repeats the error code of the challenge (or "unauthorized" without one).
        const QRegularExpression errorParam(QStringLiteral("error=\"([a-z_]+)\""));
        const auto match = errorParam.match(QString::fromLatin1(challenge));
        QCOMPARE(body.value(QLatin1String("error")).toString(),
                 match.hasMatch() ? match.captured(1) : QStringLiteral("unauthorized"));
        QVERIFY(!body.value(QLatin1String("error_description")).toString().isEmpty());
    }
}

void TestDemoApi::bearerTokenInQuery()
{
    const QString token = m_server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 3600);
    const Reply onlyQuery = get(QStringLiteral("/api/profile?access_token=") + token);
    QCOMPARE(onlyQuery.status, 400);
    QVERIFY(onlyQuery.header("WWW-Authenticate").contains("error=\"invalid_request\""));

    const Reply both = get(QStringLiteral("/api/profile?access_token=") + token,
                           {{QByteArrayLiteral("Authorization"), bearerCredentials(token)}});
    QCOMPARE(both.status, 400);
    QVERIFY(both.header("WWW-Authenticate").contains("more than one way"));
}

void TestDemoApi::duplicateAuthorizationHeaders()
{
    // QNAM cannot send a header twice; a raw socket can.
    const QByteArray token
        = m_server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 3600).toLatin1();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(m_server.baseUrl().port()));
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /api/profile HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                 + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
    QByteArray response;
    QTRY_VERIFY_WITH_TIMEOUT((response += socket.readAll()).contains("\r\n\r\n"), 5000);
    QVERIFY2(response.startsWith("HTTP/1.1 400"), response.constData());
    QVERIFY(response.contains("error=\"invalid_request\", error_description=\"The request has more than one "
                              "Authorization header\""));
}

void TestDemoApi::protectedResourceMetadata()
{
    const Reply reply = get(QStringLiteral("/.well-known/oauth-protected-resource"));
    QCOMPARE(reply.status, 200);
    const QJsonObject metadata = reply.json();
    QCOMPARE(metadata.value(QLatin1String("resource")).toString(), m_server.baseUrl().toString());
    QCOMPARE(jsonStrings(metadata.value(QLatin1String("authorization_servers"))),
             QStringList {m_server.baseUrl().toString()});
    QCOMPARE(jsonStrings(metadata.value(QLatin1String("bearer_methods_supported"))),
             QStringList {QStringLiteral("header")});
    const QStringList scopes = jsonStrings(metadata.value(QLatin1String("scopes_supported")));
    QVERIFY(scopes.contains(QStringLiteral("profile:read")));
    QVERIFY(scopes.contains(QStringLiteral("admin")));
}

void TestDemoApi::authorizeEndpoint()
{
    // Issue 11: the demo's /authorize (RFC 6749 §4.1.1, §4.1.2.1; RFC 7636 §4.4.1; RFC 8252 §7.3).
    const QString redirect = QStringLiteral("http%3A%2F%2F127.0.0.1%3A5555%2Fcallback");
    const auto location = [](const Reply& reply) { return QUrl::fromEncoded(reply.header("Location")); };
    // A redirect URI that is not registered, or an unknown client: a page, never a redirect.
    Reply r
        = get(QStringLiteral("/authorize?response_type=code&client_id=authlens-demo-public&state=s&"
                             "code_challenge=abc&code_challenge_method=S256&redirect_uri=http%3A%2F%2Fevil.example%2F"
                             "callback"));
    QCOMPARE(r.status, 400);
    QVERIFY(r.header("Location").isNull());
    QVERIFY(r.body.contains("Redirect URI refused"));
    r = get(QStringLiteral("/authorize?response_type=code&client_id=nobody&redirect_uri=") + redirect);
    QCOMPARE(r.status, 400);
    QVERIFY(r.header("Location").isNull());
    // The public client without PKCE: redirected back with invalid_request, state and iss (RFC 9207).
    r = get(QStringLiteral("/authorize?response_type=code&client_id=authlens-demo-public&state=s1&redirect_uri=")
            + redirect);
    QCOMPARE(r.status, 302);
    QUrlQuery q(location(r));
    QCOMPARE(location(r).port(), 5555);
    QCOMPARE(q.queryItemValue(QStringLiteral("error")), QStringLiteral("invalid_request"));
    QCOMPARE(q.queryItemValue(QStringLiteral("state")), QStringLiteral("s1"));
    QCOMPARE(q.queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded), m_server.baseUrl().toString());
    // plain is not accepted; an unknown scope is invalid_scope.
    r = get(QStringLiteral("/authorize?response_type=code&client_id=authlens-demo-public&state=s&code_challenge=abc&"
                           "code_challenge_method=plain&redirect_uri=")
            + redirect);
    QCOMPARE(QUrlQuery(location(r)).queryItemValue(QStringLiteral("error")), QStringLiteral("invalid_request"));
    r = get(QStringLiteral("/authorize?response_type=code&client_id=authlens-demo-client&state=s&scope=root&"
                           "redirect_uri=")
            + redirect);
    QCOMPARE(QUrlQuery(location(r)).queryItemValue(QStringLiteral("error")), QStringLiteral("invalid_scope"));
    // The consent page names the client and the scopes; Deny redirects with access_denied.
    r = get(QStringLiteral("/authorize?response_type=code&client_id=authlens-demo-client&state=s2&"
                           "scope=openid%20orders%3Aread&redirect_uri=")
            + redirect);
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.contains("Authlens demo (confidential client)"));
    QVERIFY(r.body.contains("<li>orders:read</li>"));
    const QRegularExpression consent(QStringLiteral("name=\"consent\" value=\"([^\"]+)\""));
    const QString id = consent.match(QString::fromUtf8(r.body)).captured(1);
    QVERIFY(!id.isEmpty());
    r = postForm(QStringLiteral("/authorize"), "consent=" + id.toLatin1() + "&decision=deny");
    QCOMPARE(r.status, 302);
    q = QUrlQuery(location(r));
    QCOMPARE(q.queryItemValue(QStringLiteral("error")), QStringLiteral("access_denied"));
    QCOMPARE(q.queryItemValue(QStringLiteral("state")), QStringLiteral("s2"));
    QVERIFY(!q.hasQueryItem(QStringLiteral("code")));
    // The consent page works once.
    r = postForm(QStringLiteral("/authorize"), "consent=" + id.toLatin1() + "&decision=approve");
    QCOMPARE(r.status, 400);
}

void TestDemoApi::discoveryAndJwks()
{
    const QString base = m_server.baseUrl().toString();
    for (const QString& path : {QStringLiteral("/.well-known/openid-configuration"),
                                QStringLiteral("/.well-known/oauth-authorization-server")}) {
        const Reply reply = get(path);
        QCOMPARE(reply.status, 200);
        const QJsonObject metadata = reply.json();
        QCOMPARE(metadata.value(QLatin1String("issuer")).toString(), base);
        QCOMPARE(metadata.value(QLatin1String("token_endpoint")).toString(), base + QStringLiteral("/oauth/token"));
        QCOMPARE(metadata.value(QLatin1String("jwks_uri")).toString(), base + QStringLiteral("/.well-known/jwks.json"));
        QCOMPARE(jsonStrings(metadata.value(QLatin1String("grant_types_supported"))),
                 (QStringList {QStringLiteral("client_credentials"), QStringLiteral("password"),
                               QStringLiteral("refresh_token"),
                               QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"),
                               QStringLiteral("authorization_code")}));
        // RFC 8628 §4: the device authorization endpoint is in the metadata.
        QCOMPARE(metadata.value(QLatin1String("device_authorization_endpoint")).toString(),
                 base + QStringLiteral("/oauth/device_authorization"));
        // Issue 11: the browser sign-in (RFC 8414 §2, RFC 7636 §6.2, RFC 9207 §3).
        QCOMPARE(metadata.value(QLatin1String("authorization_endpoint")).toString(),
                 base + QStringLiteral("/authorize"));
        QCOMPARE(jsonStrings(metadata.value(QLatin1String("code_challenge_methods_supported"))),
                 QStringList {QStringLiteral("S256")});
        QCOMPARE(jsonStrings(metadata.value(QLatin1String("response_types_supported"))),
                 QStringList {QStringLiteral("code")});
        QVERIFY(metadata.value(QLatin1String("authorization_response_iss_parameter_supported")).toBool());
        QVERIFY(jsonStrings(metadata.value(QLatin1String("scopes_supported"))).contains(QStringLiteral("orders:read")));
        QCOMPARE(jsonStrings(metadata.value(QLatin1String("id_token_signing_alg_values_supported"))),
                 QStringList {QStringLiteral("RS256")});
        QVERIFY(metadata.value(QLatin1String("response_types_supported")).isArray());
        QVERIFY(metadata.value(QLatin1String("subject_types_supported")).isArray());
    }

    const Reply reply = get(QStringLiteral("/.well-known/jwks.json"));
    QCOMPARE(reply.status, 200);
    const QJsonArray keys = reply.json().value(QLatin1String("keys")).toArray();
    QCOMPARE(keys.size(), 1);
    const QJsonObject jwk = keys.first().toObject();
    QCOMPARE(jwk.value(QLatin1String("kty")).toString(), QStringLiteral("RSA"));
    QCOMPARE(jwk.value(QLatin1String("use")).toString(), QStringLiteral("sig"));
    QCOMPARE(jwk.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
    QCOMPARE(jwk.value(QLatin1String("kid")).toString(), m_server.currentKeyId());
    QCOMPARE(jwk.value(QLatin1String("e")).toString(), QStringLiteral("AQAB"));
    const auto n = base64Url(jwk.value(QLatin1String("n")).toString());
    QVERIFY(n.has_value());
    QCOMPARE(n->size(), 256); // RSA-2048
    QVERIFY(!jwk.value(QLatin1String("n")).toString().contains(QLatin1Char('=')));
    QVERIFY(!jwk.contains(QLatin1String("d"))); // never the private exponent
}

void TestDemoApi::tokenEndpoint_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error"); ///< empty: success
    QTest::addColumn<QString>("scope"); ///< granted scope on success
    QTest::addColumn<bool>("refreshToken");
    QTest::addColumn<bool>("idToken");

    const QByteArray form = QByteArrayLiteral("application/x-www-form-urlencoded");
    const QByteArray client = clientBasic();
    const QByteArray post = QByteArrayLiteral("client_id=authlens-demo-client&client_secret=demo-client-secret&");
    const QString defaultScope = QStringLiteral("profile:read orders:read");

    QTest::newRow("client_credentials, Basic") << client << form << QByteArrayLiteral("grant_type=client_credentials")
                                               << 200 << QString() << defaultScope << false << false;
    QTest::newRow("client_credentials, form")
        << QByteArray() << form << QByteArray(post + "grant_type=client_credentials") << 200 << QString()
        << defaultScope << false << false;
    QTest::newRow("client_credentials, charset param")
        << client << QByteArrayLiteral("application/x-www-form-urlencoded; charset=UTF-8")
        << QByteArrayLiteral("grant_type=client_credentials&scope=admin") << 200 << QString() << QStringLiteral("admin")
        << false << false;
    QTest::newRow("client_credentials, scope with +")
        << client << form << QByteArrayLiteral("grant_type=client_credentials&scope=admin+orders%3Aread") << 200
        << QString() << QStringLiteral("admin orders:read") << false << false;
    QTest::newRow("password") << client << form
                              << QByteArrayLiteral("grant_type=password&username=demo&password=demo-password") << 200
                              << QString() << defaultScope << true << true;
    QTest::newRow("wrong client secret") << basicCredentials(DemoServer::clientId(), QStringLiteral("nope")) << form
                                         << QByteArrayLiteral("grant_type=client_credentials") << 401
                                         << QStringLiteral("invalid_client") << QString() << false << false;
    QTest::newRow("unknown client") << basicCredentials(QStringLiteral("someone"), DemoServer::clientSecret()) << form
                                    << QByteArrayLiteral("grant_type=client_credentials") << 401
                                    << QStringLiteral("invalid_client") << QString() << false << false;
    QTest::newRow("no client authentication")
        << QByteArray() << form << QByteArrayLiteral("grant_type=client_credentials") << 401
        << QStringLiteral("invalid_client") << QString() << false << false;
    QTest::newRow("client_id without secret")
        << QByteArray() << form << QByteArrayLiteral("grant_type=client_credentials&client_id=authlens-demo-client")
        << 401 << QStringLiteral("invalid_client") << QString() << false << false;
    QTest::newRow("Basic and client_secret") << client << form << QByteArray(post + "grant_type=client_credentials")
                                             << 400 << QStringLiteral("invalid_request") << QString() << false << false;
    QTest::newRow("wrong user password") << client << form
                                         << QByteArrayLiteral("grant_type=password&username=demo&password=wrong") << 400
                                         << QStringLiteral("invalid_grant") << QString() << false << false;
    QTest::newRow("password without username")
        << client << form << QByteArrayLiteral("grant_type=password&password=x") << 400
        << QStringLiteral("invalid_request") << QString() << false << false;
    QTest::newRow("unsupported grant") << client << form << QByteArrayLiteral("grant_type=implicit&code=x") << 400
                                       << QStringLiteral("unsupported_grant_type") << QString() << false << false;
    // Issue 11: the authorization code grant exists; a code it never issued is invalid_grant.
    QTest::newRow("unknown code") << client << form
                                  << QByteArrayLiteral("grant_type=authorization_code&code=x&redirect_uri=http%3A%2F%2F"
                                                       "127.0.0.1%3A1%2Fcallback")
                                  << 400 << QStringLiteral("invalid_grant") << QString() << false << false;
    QTest::newRow("missing grant_type") << client << form << QByteArrayLiteral("scope=admin") << 400
                                        << QStringLiteral("invalid_request") << QString() << false << false;
    QTest::newRow("unknown scope") << client << form << QByteArrayLiteral("grant_type=client_credentials&scope=root")
                                   << 400 << QStringLiteral("invalid_scope") << QString() << false << false;
    QTest::newRow("JSON body") << client << QByteArrayLiteral("application/json")
                               << QByteArrayLiteral("{\"grant_type\":\"client_credentials\"}") << 400
                               << QStringLiteral("invalid_request") << QString() << false << false;
    QTest::newRow("repeated parameter") << client << form
                                        << QByteArrayLiteral(
                                               "grant_type=client_credentials&grant_type=client_credentials")
                                        << 400 << QStringLiteral("invalid_request") << QString() << false << false;
    QTest::newRow("unknown refresh token")
        << client << form << QByteArrayLiteral("grant_type=refresh_token&refresh_token=made-up") << 400
        << QStringLiteral("invalid_grant") << QString() << false << false;
    QTest::newRow("refresh without token") << client << form << QByteArrayLiteral("grant_type=refresh_token") << 400
                                           << QStringLiteral("invalid_request") << QString() << false << false;
}

void TestDemoApi::tokenEndpoint()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(QString, scope);
    QFETCH(bool, refreshToken);
    QFETCH(bool, idToken);

    HeaderPairs headers {{QByteArrayLiteral("Content-Type"), contentType}};
    if (!authorization.isNull())
        headers.append({QByteArrayLiteral("Authorization"), authorization});
    const Reply reply = send(QByteArrayLiteral("POST"), url(QStringLiteral("/oauth/token")), headers, body);
    QVERIFY(reply.finished);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.header("Cache-Control"), QByteArrayLiteral("no-store"));
    QCOMPARE(reply.header("Content-Type"), QByteArrayLiteral("application/json"));
    const QJsonObject json = reply.json();
    if (!error.isEmpty()) {
        QCOMPARE(json.value(QLatin1String("error")).toString(), error);
        QVERIFY(!json.value(QLatin1String("error_description")).toString().isEmpty());
        QVERIFY(!json.contains(QLatin1String("access_token")));
        if (status == 401)
            QCOMPARE(reply.header("WWW-Authenticate"),
                     QByteArrayLiteral("Basic realm=\"authlens-demo-token\", charset=\"UTF-8\""));
        return;
    }
    QCOMPARE(json.value(QLatin1String("token_type")).toString(), QStringLiteral("Bearer"));
    QCOMPARE(json.value(QLatin1String("expires_in")).toInt(), 3600);
    QCOMPARE(json.value(QLatin1String("scope")).toString(), scope);
    QCOMPARE(json.contains(QLatin1String("refresh_token")), refreshToken);
    QCOMPARE(json.contains(QLatin1String("id_token")), idToken);
    const QString accessToken = json.value(QLatin1String("access_token")).toString();
    QCOMPARE(jwtPart(accessToken, 1).value(QLatin1String("scope")).toString(), scope);
}

void TestDemoApi::tokenEndpointNeedsPost()
{
    const Reply reply = get(QStringLiteral("/oauth/token"));
    QCOMPARE(reply.status, 405);
    QCOMPARE(reply.header("Allow"), QByteArrayLiteral("POST"));
}

void TestDemoApi::accessTokenShapeAndSignature()
{
    const Reply tokenReply
        = postForm(QStringLiteral("/oauth/token"), QByteArrayLiteral("grant_type=client_credentials"),
                   {{QByteArrayLiteral("Authorization"), clientBasic()}});
    QCOMPARE(tokenReply.status, 200);
    const QString token = tokenReply.json().value(QLatin1String("access_token")).toString();
    QCOMPARE(token.count(QLatin1Char('.')), 2);

    const QJsonObject header = jwtPart(token, 0);
    QCOMPARE(header.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
    QCOMPARE(header.value(QLatin1String("typ")).toString(), QStringLiteral("at+jwt"));
    QCOMPARE(header.value(QLatin1String("kid")).toString(), m_server.currentKeyId());

    const QJsonObject claims = jwtPart(token, 1);
    QCOMPARE(claims.value(QLatin1String("iss")).toString(), m_server.baseUrl().toString());
    QCOMPARE(claims.value(QLatin1String("sub")).toString(), DemoServer::clientId());
    QCOMPARE(claims.value(QLatin1String("aud")).toString(), DemoServer::audience());
    QCOMPARE(claims.value(QLatin1String("client_id")).toString(), DemoServer::clientId());
    QVERIFY(!claims.value(QLatin1String("jti")).toString().isEmpty());
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 iat = qint64(claims.value(QLatin1String("iat")).toDouble());
    QVERIFY(qAbs(iat - now) < 60);
    QCOMPARE(qint64(claims.value(QLatin1String("nbf")).toDouble()), iat);
    QCOMPARE(qint64(claims.value(QLatin1String("exp")).toDouble()), iat + 3600);

    // The signature verifies with the published key, found by discovery, with libcrypto directly.
    const QUrl jwksUri(
        get(QStringLiteral("/.well-known/openid-configuration")).json().value(QLatin1String("jwks_uri")).toString());
    const Reply jwks = send(QByteArrayLiteral("GET"), jwksUri);
    const QJsonObject jwk = jwks.json().value(QLatin1String("keys")).toArray().first().toObject();
    QCOMPARE(jwk.value(QLatin1String("kid")).toString(), header.value(QLatin1String("kid")).toString());
    QVERIFY(verifyWithJwk(token, jwk));
    QString flipped = token;
    flipped[flipped.size() - 2]
        = flipped.at(flipped.size() - 2) == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    QVERIFY(!verifyWithJwk(flipped, jwk));

    const Reply resource
        = get(QStringLiteral("/api/profile"), {{QByteArrayLiteral("Authorization"), bearerCredentials(token)}});
    QCOMPARE(resource.status, 200);
    QCOMPARE(resource.json().value(QLatin1String("client_id")).toString(), DemoServer::clientId());
}

void TestDemoApi::refreshRotation()
{
    const HeaderPairs client {{QByteArrayLiteral("Authorization"), clientBasic()}};
    const Reply first = postForm(QStringLiteral("/oauth/token"),
                                 QByteArrayLiteral("grant_type=password&username=demo&password=demo-password"), client);
    QCOMPARE(first.status, 200);
    const QString refresh1 = first.json().value(QLatin1String("refresh_token")).toString();
    QVERIFY(refresh1.size() >= 32);

    const Reply second = postForm(QStringLiteral("/oauth/token"),
                                  "grant_type=refresh_token&refresh_token=" + refresh1.toLatin1(), client);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.header("Cache-Control"), QByteArrayLiteral("no-store"));
    const QString refresh2 = second.json().value(QLatin1String("refresh_token")).toString();
    QVERIFY(!refresh2.isEmpty());
    QVERIFY(refresh2 != refresh1);
    const QString access2 = second.json().value(QLatin1String("access_token")).toString();
    QCOMPARE(jwtPart(access2, 1).value(QLatin1String("sub")).toString(), QStringLiteral("demo"));
    QCOMPARE(
        get(QStringLiteral("/api/profile"), {{QByteArrayLiteral("Authorization"), bearerCredentials(access2)}}).status,
        200);

    // Reuse of the spent token: invalid_grant, with the rotation explained.
    const Reply reuse = postForm(QStringLiteral("/oauth/token"),
                                 "grant_type=refresh_token&refresh_token=" + refresh1.toLatin1(), client);
    QCOMPARE(reuse.status, 400);
    QCOMPARE(reuse.json(),
             (QJsonObject {
                 {QStringLiteral("error"), QStringLiteral("invalid_grant")},
                 {QStringLiteral("error_description"), QStringLiteral("refresh token was already used (rotation)")}}));
    QCOMPARE(reuse.header("Cache-Control"), QByteArrayLiteral("no-store"));

    // The newest token still works (form client authentication this time), and rotates again.
    const Reply third = postForm(QStringLiteral("/oauth/token"),
                                 "grant_type=refresh_token&client_id=authlens-demo-client&client_secret=demo-client-"
                                 "secret&refresh_token="
                                     + refresh2.toLatin1());
    QCOMPARE(third.status, 200);
    const QString refresh3 = third.json().value(QLatin1String("refresh_token")).toString();
    QVERIFY(refresh3 != refresh2);

    // Refresh tokens expire (24 h on the server's clock).
    const auto reset = qScopeGuard([this] { m_server.setClockOffset(0); });
    m_server.setClockOffset(25 * 3600);
    const Reply expired = postForm(QStringLiteral("/oauth/token"),
                                   "grant_type=refresh_token&refresh_token=" + refresh3.toLatin1(), client);
    QCOMPARE(expired.status, 400);
    QCOMPARE(expired.json().value(QLatin1String("error_description")).toString(),
             QStringLiteral("The refresh token expired"));
}

void TestDemoApi::refreshScopeNarrowing()
{
    const HeaderPairs client {{QByteArrayLiteral("Authorization"), clientBasic()}};
    const Reply first = postForm(QStringLiteral("/oauth/token"),
                                 QByteArrayLiteral("grant_type=password&username=demo&password=demo-password"), client);
    const QString refresh1 = first.json().value(QLatin1String("refresh_token")).toString();

    const Reply wider = postForm(QStringLiteral("/oauth/token"),
                                 "grant_type=refresh_token&scope=admin&refresh_token=" + refresh1.toLatin1(), client);
    QCOMPARE(wider.status, 400);
    QCOMPARE(wider.json().value(QLatin1String("error")).toString(), QStringLiteral("invalid_scope"));

    const Reply narrower
        = postForm(QStringLiteral("/oauth/token"),
                   "grant_type=refresh_token&scope=profile%3Aread&refresh_token=" + refresh1.toLatin1(), client);
    QCOMPARE(narrower.status, 200);
    QCOMPARE(narrower.json().value(QLatin1String("scope")).toString(), QStringLiteral("profile:read"));

    // RFC 6749 §6: the new refresh token keeps the original scope.
    const QString refresh2 = narrower.json().value(QLatin1String("refresh_token")).toString();
    const Reply again = postForm(QStringLiteral("/oauth/token"),
                                 "grant_type=refresh_token&refresh_token=" + refresh2.toLatin1(), client);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json().value(QLatin1String("scope")).toString(), QStringLiteral("profile:read orders:read"));
}

void TestDemoApi::idTokenIsNotAnAccessToken()
{
    const Reply reply = postForm(QStringLiteral("/oauth/token"),
                                 QByteArrayLiteral("grant_type=password&username=demo&password=demo-password"),
                                 {{QByteArrayLiteral("Authorization"), clientBasic()}});
    const QString idToken = reply.json().value(QLatin1String("id_token")).toString();
    const QJsonObject header = jwtPart(idToken, 0);
    QCOMPARE(header.value(QLatin1String("typ")).toString(), QStringLiteral("JWT"));
    QCOMPARE(header.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
    const QJsonObject claims = jwtPart(idToken, 1);
    QCOMPARE(claims.value(QLatin1String("aud")).toString(), DemoServer::clientId());
    QCOMPARE(claims.value(QLatin1String("sub")).toString(), QStringLiteral("demo"));
    QCOMPARE(claims.value(QLatin1String("iss")).toString(), m_server.baseUrl().toString());
    QVERIFY(!claims.contains(QLatin1String("nonce")));

    const Reply misuse
        = get(QStringLiteral("/api/profile"), {{QByteArrayLiteral("Authorization"), bearerCredentials(idToken)}});
    QCOMPARE(misuse.status, 401);
    QVERIFY(misuse.header("WWW-Authenticate").contains("error_description=\"The token is an ID token"));
}

void TestDemoApi::rotateSigningKey()
{
    // A separate instance, so that the key of the shared server stays put for the other tests.
    DemoServer server;
    QVERIFY(server.start());
    const auto fetch = [this, &server](const QString& path, const HeaderPairs& headers = {}) {
        return send(QByteArrayLiteral("GET"), QUrl(server.baseUrl().toString() + path), headers);
    };
    const QString oldKid = server.currentKeyId();
    const QString oldToken = server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 3600);
    QCOMPARE(fetch(QStringLiteral("/api/profile"), {{QByteArrayLiteral("Authorization"), bearerCredentials(oldToken)}})
                 .status,
             200);

    server.rotateSigningKey();
    const QString newKid = server.currentKeyId();
    QVERIFY(newKid != oldKid);

    const QJsonArray keys
        = fetch(QStringLiteral("/.well-known/jwks.json")).json().value(QLatin1String("keys")).toArray();
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys.first().toObject().value(QLatin1String("kid")).toString(), newKid);
    QVERIFY(!verifyWithJwk(oldToken, keys.first().toObject()));

    const Reply old
        = fetch(QStringLiteral("/api/profile"), {{QByteArrayLiteral("Authorization"), bearerCredentials(oldToken)}});
    QCOMPARE(old.status, 401);
    QCOMPARE(old.header("WWW-Authenticate"),
             QByteArray("Bearer realm=\"authlens-demo\", error=\"invalid_token\", error_description=\"The access token "
                        "signing key is unknown (kid unknown: "
                        + oldKid.toLatin1() + "), the signing key may have been rotated\", resource_metadata=\""
                        + server.baseUrl().toString().toLatin1() + "/.well-known/oauth-protected-resource\""));

    const QString newToken = server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 3600);
    QCOMPARE(jwtPart(newToken, 0).value(QLatin1String("kid")).toString(), newKid);
    QVERIFY(verifyWithJwk(newToken, keys.first().toObject()));
    QCOMPARE(fetch(QStringLiteral("/api/profile"), {{QByteArrayLiteral("Authorization"), bearerCredentials(newToken)}})
                 .status,
             200);

    // A token of another demo server (another issuer and key) is refused by this one.
    QCOMPARE(
        get(QStringLiteral("/api/profile"), {{QByteArrayLiteral("Authorization"), bearerCredentials(newToken)}}).status,
        401);
}

void TestDemoApi::apiKey_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("headerName");
    QTest::addColumn<QByteArray>("headerValue");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");

    const QByteArray key = DemoServer::apiKey().toLatin1();
    QTest::newRow("header") << QString() << QByteArrayLiteral("X-API-Key") << key << 200 << QString();
    QTest::newRow("header name case") << QString() << QByteArrayLiteral("x-api-key") << key << 200 << QString();
    QTest::newRow("query") << QStringLiteral("?api_key=") + DemoServer::apiKey() << QByteArray() << QByteArray() << 200
                           << QString();
    QTest::newRow("missing") << QString() << QByteArray() << QByteArray() << 401 << QStringLiteral("missing_api_key");
    QTest::newRow("wrong header") << QString() << QByteArrayLiteral("X-API-Key") << QByteArrayLiteral("nope") << 401
                                  << QStringLiteral("invalid_api_key");
    QTest::newRow("wrong query") << QStringLiteral("?api_key=nope") << QByteArray() << QByteArray() << 401
                                 << QStringLiteral("invalid_api_key");
    QTest::newRow("key as Bearer token") << QString() << QByteArrayLiteral("Authorization")
                                         << QByteArray("Bearer " + key) << 401 << QStringLiteral("missing_api_key");
}

void TestDemoApi::apiKey()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, headerName);
    QFETCH(QByteArray, headerValue);
    QFETCH(int, status);
    QFETCH(QString, error);

    HeaderPairs headers;
    if (!headerName.isEmpty())
        headers.append({headerName, headerValue});
    const Reply reply = get(QStringLiteral("/apikey/resource") + query, headers);
    QCOMPARE(reply.status, status);
    if (status == 200) {
        QVERIFY(!reply.hasHeader("WWW-Authenticate"));
        QVERIFY(reply.json().value(QLatin1String("authenticated")).toBool());
    } else {
        QCOMPARE(reply.header("WWW-Authenticate"), QByteArrayLiteral("ApiKey header=\"X-API-Key\""));
        QCOMPARE(reply.json().value(QLatin1String("error")).toString(), error);
    }
}

void TestDemoApi::cookieSession()
{
    const Reply anonymous = get(QStringLiteral("/session/resource"));
    QCOMPARE(anonymous.status, 302);
    QCOMPARE(anonymous.header("Location"), QByteArrayLiteral("/session/login?next=/session/resource"));
    QVERIFY(!anonymous.hasHeader("Set-Cookie"));

    const Reply form = get(QStringLiteral("/session/login?next=/session/resource"));
    QCOMPARE(form.status, 200);
    QVERIFY(form.header("Content-Type").startsWith("text/html"));
    QVERIFY(form.body.contains("<form method=\"post\" action=\"/session/login\">"));
    QVERIFY(form.body.contains("name=\"next\" value=\"/session/resource\""));

    const Reply wrong = postForm(QStringLiteral("/session/login"), QByteArrayLiteral("user=demo&password=nope"));
    QCOMPARE(wrong.status, 200);
    QVERIFY(!wrong.hasHeader("Set-Cookie"));
    QVERIFY(wrong.body.contains("Wrong user name or password"));

    const Reply login = postForm(QStringLiteral("/session/login"),
                                 QByteArrayLiteral("user=demo&password=demo-password&next=%2Fsession%2Fresource"));
    QCOMPARE(login.status, 302);
    QCOMPARE(login.header("Location"), QByteArrayLiteral("/session/resource"));
    const QByteArray setCookie = login.header("Set-Cookie");
    static const QRegularExpression cookiePattern(
        QStringLiteral("^demo_session=([A-Za-z0-9_-]{20,}); Path=/session; HttpOnly; SameSite=Lax; Max-Age=600$"));
    const auto match = cookiePattern.match(QString::fromLatin1(setCookie));
    QVERIFY2(match.hasMatch(), setCookie.constData());
    const QByteArray cookie = "demo_session=" + match.captured(1).toLatin1();

    const Reply resource = get(QStringLiteral("/session/resource"),
                               {{QByteArrayLiteral("Cookie"), QByteArray("theme=dark; " + cookie)}});
    QCOMPARE(resource.status, 200);
    QCOMPARE(resource.json().value(QLatin1String("user")).toString(), QStringLiteral("demo"));

    const Reply forged = get(QStringLiteral("/session/resource"),
                             {{QByteArrayLiteral("Cookie"), QByteArrayLiteral("demo_session=forged")}});
    QCOMPARE(forged.status, 302);

    // An open redirect through next is refused.
    const Reply offsite
        = postForm(QStringLiteral("/session/login"),
                   QByteArrayLiteral("user=demo&password=demo-password&next=https%3A%2F%2Fevil.example"));
    QCOMPARE(offsite.header("Location"), QByteArrayLiteral("/session/resource"));

    {
        // The session ends after Max-Age on the server's clock too.
        const auto reset = qScopeGuard([this] { m_server.setClockOffset(0); });
        m_server.setClockOffset(601);
        QCOMPARE(get(QStringLiteral("/session/resource"), {{QByteArrayLiteral("Cookie"), cookie}}).status, 302);
    }
    const Reply again
        = postForm(QStringLiteral("/session/login"), QByteArrayLiteral("user=demo&password=demo-password"));
    QCOMPARE(again.status, 302);
    QCOMPARE(again.header("Location"), QByteArrayLiteral("/session/resource"));
    const QByteArray second = again.header("Set-Cookie").split(';').first();
    QVERIFY(second != cookie);
    QCOMPARE(get(QStringLiteral("/session/resource"), {{QByteArrayLiteral("Cookie"), second}}).status, 200);

    const Reply logout = get(QStringLiteral("/session/logout"), {{QByteArrayLiteral("Cookie"), second}});
    QCOMPARE(logout.status, 200);
    QCOMPARE(logout.header("Set-Cookie"),
             QByteArrayLiteral("demo_session=; Path=/session; HttpOnly; SameSite=Lax; Max-Age=0"));
    QVERIFY(logout.json().value(QLatin1String("logged_out")).toBool());
    QCOMPARE(get(QStringLiteral("/session/resource"), {{QByteArrayLiteral("Cookie"), second}}).status, 302);
}

void TestDemoApi::redirects()
{
    const Reply cross = get(QStringLiteral("/redirect/cross-origin"));
    QCOMPARE(cross.status, 302);
    QCOMPARE(cross.header("Location"), (m_server.secondOriginUrl().toString() + QStringLiteral("/echo")).toLatin1());

    const Reply same = get(QStringLiteral("/redirect/same-origin"));
    QCOMPARE(same.status, 302);
    QCOMPARE(same.header("Location"), QByteArrayLiteral("/echo"));

    const Reply loop = get(QStringLiteral("/redirect/loop"));
    QCOMPARE(loop.status, 302);
    QCOMPARE(loop.header("Location"), QByteArrayLiteral("/redirect/loop"));

    QCOMPARE(get(QStringLiteral("/redirect/chain?n=x")).status, 400);
    QCOMPARE(get(QStringLiteral("/redirect/chain?n=51")).status, 400);
}

void TestDemoApi::redirectChain()
{
    // Follow by hand: n=3 gives exactly three redirects, then /echo answers.
    QUrl next = url(QStringLiteral("/redirect/chain?n=3"));
    int redirects = 0;
    Reply reply;
    for (int hop = 0; hop < 10; ++hop) {
        reply = send(QByteArrayLiteral("GET"), next);
        QVERIFY(reply.finished);
        if (reply.status != 302)
            break;
        ++redirects;
        next = next.resolved(QUrl(QString::fromLatin1(reply.header("Location"))));
    }
    QCOMPARE(redirects, 3);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QLatin1String("path")).toString(), QStringLiteral("/echo"));
}

void TestDemoApi::echo_data()
{
    QTest::addColumn<bool>("secondOrigin");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("query");
    QTest::addColumn<HeaderPairs>("headers");
    QTest::addColumn<QJsonArray>("credentials");

    const auto header = [](const QString& name) {
        return QJsonObject {{QStringLiteral("in"), QStringLiteral("header")}, {QStringLiteral("name"), name}};
    };
    QJsonObject authorization = header(QStringLiteral("Authorization"));
    authorization.insert(QStringLiteral("scheme"), QStringLiteral("Bearer"));
    QJsonObject proxy = header(QStringLiteral("Proxy-Authorization"));
    proxy.insert(QStringLiteral("scheme"), QStringLiteral("Basic"));
    QJsonObject cookie = header(QStringLiteral("Cookie"));
    cookie.insert(QStringLiteral("cookies"), QJsonArray {QStringLiteral("a"), QStringLiteral("demo_session")});

    QTest::newRow("nothing, second origin")
        << true << QByteArrayLiteral("GET") << QString() << HeaderPairs() << QJsonArray();
    QTest::newRow("everything, second origin")
        << true << QByteArrayLiteral("GET") << QStringLiteral("?api_key=k&x=1")
        << HeaderPairs {{QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer t")},
                        {QByteArrayLiteral("Proxy-Authorization"), QByteArrayLiteral("Basic eDp5")},
                        {QByteArrayLiteral("Cookie"), QByteArrayLiteral("a=1; demo_session=s")},
                        {QByteArrayLiteral("X-API-Key"), QByteArrayLiteral("k")}}
        << QJsonArray {authorization, proxy, cookie, header(QStringLiteral("X-API-Key")),
                       QJsonObject {{QStringLiteral("in"), QStringLiteral("query")},
                                    {QStringLiteral("name"), QStringLiteral("api_key")}}};
    QTest::newRow("PUT on main origin") << false << QByteArrayLiteral("PUT") << QStringLiteral("?q=%20a")
                                        << HeaderPairs {{QByteArrayLiteral("Authorization"),
                                                         QByteArrayLiteral("Bearer t")}}
                                        << QJsonArray {authorization};
}

void TestDemoApi::echo()
{
    QFETCH(bool, secondOrigin);
    QFETCH(QByteArray, method);
    QFETCH(QString, query);
    QFETCH(HeaderPairs, headers);
    QFETCH(QJsonArray, credentials);

    HeaderPairs all {{QByteArrayLiteral("X-First"), QByteArrayLiteral("1")}};
    all += headers;
    all.append({QByteArrayLiteral("X-Last"), QByteArrayLiteral("2")});
    const QUrl base = secondOrigin ? m_server.secondOriginUrl() : m_server.baseUrl();
    const Reply reply = send(method, QUrl(base.toString() + QStringLiteral("/echo") + query), all,
                             method == "PUT" ? QByteArrayLiteral("body") : QByteArray());
    QCOMPARE(reply.status, 200);
    const QJsonObject echo = reply.json();
    QCOMPARE(echo.value(QLatin1String("origin")).toString(), base.toString());
    QCOMPARE(echo.value(QLatin1String("method")).toString(), QString::fromLatin1(method));
    QCOMPARE(echo.value(QLatin1String("path")).toString(), QStringLiteral("/echo"));
    QCOMPARE(echo.value(QLatin1String("query")).toString(), query.mid(1));
    QCOMPARE(echo.value(QLatin1String("credentials")).toArray(), credentials);

    // Every header, in the order it was sent: the test's headers keep their relative order.
    QStringList names;
    const QJsonArray echoed = echo.value(QLatin1String("headers")).toArray();
    for (const QJsonValue& field : echoed)
        names.append(field.toObject().value(QLatin1String("name")).toString());
    QVERIFY(names.contains(QStringLiteral("Host")));
    QVERIFY(names.indexOf(QStringLiteral("X-First")) < names.indexOf(QStringLiteral("X-Last")));
    for (const auto& header : std::as_const(headers)) {
        const qsizetype at = names.indexOf(QString::fromLatin1(header.first));
        QVERIFY2(at > names.indexOf(QStringLiteral("X-First")) && at < names.indexOf(QStringLiteral("X-Last")),
                 header.first.constData());
        QCOMPARE(echoed.at(at).toObject().value(QLatin1String("value")).toString(), QString::fromLatin1(header.second));
    }
    if (method == "PUT")
        QCOMPARE(echo.value(QLatin1String("body_size")).toInt(), 4);
}

void TestDemoApi::crossOriginHopCarriesNothing()
{
    // What a careful client does: follow the cross-origin redirect without the credentials; the second
    // origin's echo is the proof of what arrived there.
    const Reply redirect = get(
        QStringLiteral("/redirect/cross-origin"),
        {{QByteArrayLiteral("Authorization"), basicCredentials(DemoServer::basicUser(), DemoServer::basicPassword())}});
    QCOMPARE(redirect.status, 302);
    const Reply target = send(QByteArrayLiteral("GET"), QUrl(QString::fromLatin1(redirect.header("Location"))));
    QCOMPARE(target.status, 200);
    QCOMPARE(target.json().value(QLatin1String("credentials")).toArray(), QJsonArray());
    QCOMPARE(target.json().value(QLatin1String("origin")).toString(), m_server.secondOriginUrl().toString());
}

void TestDemoApi::rateLimited()
{
    const Reply reply = get(QStringLiteral("/ratelimited"));
    QCOMPARE(reply.status, 429);
    QCOMPARE(reply.header("Retry-After"), QByteArrayLiteral("30"));
    QCOMPARE(reply.header("RateLimit-Limit"), QByteArrayLiteral("10"));
    QCOMPARE(reply.header("RateLimit-Remaining"), QByteArrayLiteral("0"));
    QCOMPARE(reply.header("RateLimit-Reset"), QByteArrayLiteral("30"));
    QVERIFY(!reply.hasHeader("WWW-Authenticate"));
    QCOMPARE(reply.json().value(QLatin1String("error")).toString(), QStringLiteral("rate_limited"));
}

void TestDemoApi::noChallenge()
{
    const Reply reply = get(QStringLiteral("/nochallenge"));
    QCOMPARE(reply.status, 401);
    QVERIFY(!reply.hasHeader("WWW-Authenticate"));
    QCOMPARE(reply.json().value(QLatin1String("error")).toString(), QStringLiteral("unauthorized"));
}

void TestDemoApi::bytes()
{
    const qint64 size = 3 * 1024 * 1024 + 17; // several streamed chunks and a ragged end
    const Reply reply = get(QStringLiteral("/bytes?n=%1").arg(size));
    QVERIFY(reply.finished);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArrayLiteral("application/octet-stream"));
    QCOMPARE(reply.header("Content-Length"), QByteArray::number(size));
    QCOMPARE(reply.body.size(), size);
    for (qsizetype i = 0; i < reply.body.size(); i += 4099)
        QCOMPARE(quint8(reply.body.at(i)), quint8(i & 0xff));
    QCOMPARE(quint8(reply.body.back()), quint8((size - 1) & 0xff));

    const Reply empty = get(QStringLiteral("/bytes?n=0"));
    QCOMPARE(empty.status, 200);
    QCOMPARE(empty.header("Content-Length"), QByteArrayLiteral("0"));
    QVERIFY(empty.body.isEmpty());

    // The connection is still usable after a streamed body.
    QCOMPARE(get(QStringLiteral("/bytes?n=5")).body, QByteArray::fromHex("0001020304"));
}

void TestDemoApi::bytesHead()
{
    const Reply reply = send(QByteArrayLiteral("HEAD"), url(QStringLiteral("/bytes?n=1000")));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Length"), QByteArrayLiteral("1000"));
    QVERIFY(reply.body.isEmpty());
    QCOMPARE(get(QStringLiteral("/bytes?n=3")).body, QByteArray::fromHex("000102"));
}

void TestDemoApi::bytesRejectsBadSizes()
{
    QCOMPARE(get(QStringLiteral("/bytes?n=-1")).status, 400);
    QCOMPARE(get(QStringLiteral("/bytes?n=abc")).status, 400);
    QCOMPARE(get(QStringLiteral("/bytes?n=%1").arg(DemoServer::MaxGeneratedBytes + 1)).status, 400);
}

void TestDemoApi::clockOffset()
{
    const auto reset = qScopeGuard([this] { m_server.setClockOffset(0); });
    const QString token = m_server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 3600);
    m_server.setClockOffset(2 * 3600);
    QCOMPARE(m_server.clockOffset(), 2 * 3600);

    const Reply reply
        = get(QStringLiteral("/api/profile"), {{QByteArrayLiteral("Authorization"), bearerCredentials(token)}});
    QCOMPARE(reply.status, 401);
    QVERIFY(reply.header("WWW-Authenticate").contains("The access token expired"));
    const QDateTime serverDate = parseHttpDate(reply.header("Date"));
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(serverDate) - 2 * 3600) < 60);

    // Tokens issued by the skewed server are valid at the skewed server.
    const QString fresh = m_server.mintAccessToken(QStringLiteral("demo"), {QStringLiteral("profile:read")}, 3600);
    QCOMPARE(
        get(QStringLiteral("/api/profile"), {{QByteArrayLiteral("Authorization"), bearerCredentials(fresh)}}).status,
        200);
}

void TestDemoApi::profiles()
{
    const QList<Profiles::Profile> profiles = m_server.profiles();
    QCOMPARE(profiles.size(), 16);

    const QStringList expectedNames {
        QStringLiteral("Demo · Basic"),
        QStringLiteral("Demo · Basic (wrong password)"),
        QStringLiteral("Demo · Bearer (valid token)"),
        QStringLiteral("Demo · Bearer (expired token)"),
        QStringLiteral("Demo · OAuth 2 (expired token, refresh works)"),
        QStringLiteral("Demo · OAuth 2 private_key_jwt client"),
        QStringLiteral("Demo · OAuth 2 private_key_jwt (unregistered key)"),
        QStringLiteral("Demo · OAuth 2 client_secret_jwt client"),
        QStringLiteral("Demo · OAuth 2 with DPoP (RFC 9449)"),
        QStringLiteral("Demo · OAuth 2 device sign-in (RFC 8628)"),
        QStringLiteral("Demo · OAuth 2 sign-in (authorization code + PKCE)"),
        QStringLiteral("Demo · API key"),
        QStringLiteral("Demo · AWS Signature v4"),
        QStringLiteral("Demo · AWS Signature v4 (wrong service)"),
        QStringLiteral("Demo · Cookie session"),
        QStringLiteral("Demo · No auth"),
    };
    // The OAuth profiles of issue 11 (client assertions, DPoP, device and code sign-in) start without a token:
    // sent without credentials, their first request answers 401 until "Get a new token".
    const QList<int> expectedFirstStatus {200, 401, 200, 401, 401, 401, 401, 401,
                                          401, 401, 401, 200, 200, 403, 302, 200};
    QStringList ids;
    for (qsizetype i = 0; i < profiles.size(); ++i) {
        const Profiles::Profile& profile = profiles.at(i);
        QCOMPARE(profile.name, expectedNames.at(i));
        QVERIFY(profile.id.startsWith(QLatin1String("demo-")));
        QVERIFY(!ids.contains(profile.id));
        ids.append(profile.id);
        QVERIFY(!profile.description.isEmpty());
        QCOMPARE(profile.baseUrl, m_server.baseUrl().toString());
        QVERIFY(!profile.requests.isEmpty());

        // The first saved request, with the profile's credentials applied by hand, gives the status
        // the profile is there to show.
        HeaderPairs headers;
        switch (profile.auth.method) {
        case Auth::Method::Basic:
            headers.append({QByteArrayLiteral("Authorization"),
                            basicCredentials(profile.auth.username, profile.sessionSecrets.password)});
            break;
        case Auth::Method::Bearer:
        case Auth::Method::OAuth2:
            if (!profile.sessionSecrets.token.isEmpty()) // the sign-in profiles start without one
                headers.append({QByteArrayLiteral("Authorization"), bearerCredentials(profile.sessionSecrets.token)});
            break;
        case Auth::Method::ApiKey:
            headers.append({profile.auth.apiKeyName.toLatin1(), profile.sessionSecrets.apiKey.toLatin1()});
            break;
        case Auth::Method::AwsSigV4: {
            // Signed over the URL with the Host the raw client sends.
            const QUrl target = m_server.baseUrl().resolved(QUrl(profile.requests.first().url));
            headers += Auth::awsSignRequest(
                           "GET", target, {}, {}, {profile.auth.username, profile.sessionSecrets.password, {}},
                           {profile.auth.aws.region, profile.auth.aws.service}, QDateTime::currentDateTimeUtc())
                           .headers;
            break;
        }
        case Auth::Method::None:
        case Auth::Method::Digest: // answers a challenge: the first request goes without credentials
            break;
        }
        const Reply reply = get(profile.requests.first().url, headers);
        QCOMPARE(reply.status, expectedFirstStatus.at(i));
    }
    QCOMPARE(ids.first(), QStringLiteral("demo-basic"));
}

void TestDemoApi::independentInstancesAndStop()
{
    DemoServer other;
    QVERIFY(!other.isListening());
    QVERIFY(other.start());
    QVERIFY(other.baseUrl() != m_server.baseUrl());
    QVERIFY(other.currentKeyId() != m_server.currentKeyId());
    QVERIFY(!other.start()); // already listening
    QVERIFY(!other.errorString().isEmpty());

    const QUrl otherUrl(other.baseUrl().toString() + QStringLiteral("/"));
    QCOMPARE(send(QByteArrayLiteral("GET"), otherUrl).status, 200);
    other.stop();
    QVERIFY(!other.isListening());
    const Reply refused = send(QByteArrayLiteral("GET"), otherUrl);
    QVERIFY(refused.finished);
    QCOMPARE(refused.status, 0);

    QVERIFY(other.start());
    QCOMPARE(send(QByteArrayLiteral("GET"), QUrl(other.baseUrl().toString() + QStringLiteral("/"))).status, 200);
    // The shared server is unaffected.
    QCOMPARE(get(QStringLiteral("/")).status, 200);
}

QTEST_GUILESS_MAIN(TestDemoApi)
#include "TestDemoApi.moc"
