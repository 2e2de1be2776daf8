// KeyDiscovery against real servers on 127.0.0.1: the built-in demo API (OIDC discovery, JWKS, key
// rotation) and scripted RawHttpServer answers for the failure cases. Tokens the demo API mints are
// verified end to end: discover keys from iss, then verify with the inspector.

#include "RawHttpServer.h"
#include "demo/DemoServer.h"
#include "jwt/JwtInspector.h"
#include "jwt/KeyDiscovery.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

using namespace Authlens;
using namespace Authlens::Jwt;
using Demo::DemoServer;
using Test::RawHttpServer;

namespace {

/// Runs one lookup to completion (with a safety timeout, never a sleep).
KeyLookup run(KeyDiscovery& discovery, const std::function<int()>& start, int timeoutMs = 20000)
{
    KeyLookup result;
    result.status = KeyLookup::Status::Network;
    result.error = QStringLiteral("test timeout");
    QEventLoop loop;
    int id = -1;
    QObject::connect(&discovery, &KeyDiscovery::finished, &loop, [&](int requestId, const KeyLookup& lookup) {
        if (requestId == id) {
            result = lookup;
            loop.quit();
        }
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    id = start();
    loop.exec();
    return result;
}

QStringList codes(const QList<Problem>& problems)
{
    QStringList list;
    for (const Problem& problem : problems)
        list.append(problem.code + QLatin1Char('/') + problem.subcode);
    return list;
}

QByteArray pathOf(const QByteArray& rawRequest)
{
    const QList<QByteArray> requestLine = rawRequest.left(rawRequest.indexOf("\r\n")).split(' ');
    return requestLine.size() > 1 ? requestLine.at(1) : QByteArray();
}

RawHttpServer::Reply json(const QJsonObject& object)
{
    return RawHttpServer::simple(200, "OK",
                                 {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}},
                                 QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

class TestKeyDiscovery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void discoveryUrls_data();
    void discoveryUrls();

    void demoTokensVerifyThroughDiscovery();
    void cacheAndDirectJwksUrl();
    void rotationDetected();
    void refetchIntervalServesCache();

    void invalidIssuer();
    void httpError();
    void connectionRefused();
    void badDocuments_data();
    void badDocuments();
    void discoveryIssuerMismatch();
    void fallbackToAuthorizationServerMetadata();
    void timeoutAndSizeLimit();

private:
    QString issuer() const { return m_server.baseUrl().toString(); }
    QString jwksUrl() const { return issuer() + QStringLiteral("/.well-known/jwks.json"); }

    DemoServer m_server;
};

void TestKeyDiscovery::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QCOMPARE(m_server.baseUrl().host(), QStringLiteral("127.0.0.1"));
}

void TestKeyDiscovery::discoveryUrls_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QString>("openid");
    QTest::addColumn<QString>("oauth");
    QTest::newRow("host") << QStringLiteral("https://issuer.test")
                          << QStringLiteral("https://issuer.test/.well-known/openid-configuration")
                          << QStringLiteral("https://issuer.test/.well-known/oauth-authorization-server");
    QTest::newRow("trailing slash") << QStringLiteral("https://issuer.test/")
                                    << QStringLiteral("https://issuer.test/.well-known/openid-configuration")
                                    << QStringLiteral("https://issuer.test/.well-known/oauth-authorization-server");
    QTest::newRow("path") << QStringLiteral("https://login.test/tenant/v2.0")
                          << QStringLiteral("https://login.test/tenant/v2.0/.well-known/openid-configuration")
                          << QStringLiteral("https://login.test/.well-known/oauth-authorization-server/tenant/v2.0");
    QTest::newRow("port") << QStringLiteral("http://127.0.0.1:8080")
                          << QStringLiteral("http://127.0.0.1:8080/.well-known/openid-configuration")
                          << QStringLiteral("http://127.0.0.1:8080/.well-known/oauth-authorization-server");
    QTest::newRow("not a URL") << QStringLiteral("joe") << QString() << QString();
    QTest::newRow("query") << QStringLiteral("https://issuer.test/?x=1") << QString() << QString();
    QTest::newRow("fragment") << QStringLiteral("https://issuer.test/#x") << QString() << QString();
    QTest::newRow("ftp") << QStringLiteral("ftp://issuer.test") << QString() << QString();
    QTest::newRow("user info") << QStringLiteral("https://a:b@issuer.test") << QString() << QString();
    QTest::newRow("empty") << QString() << QString() << QString();
}

void TestKeyDiscovery::discoveryUrls()
{
    QFETCH(QString, issuer);
    QFETCH(QString, openid);
    QFETCH(QString, oauth);
    QCOMPARE(KeyDiscovery::discoveryUrlFor(issuer).toString(), openid);
    QCOMPARE(KeyDiscovery::authorizationServerMetadataUrlFor(issuer).toString(), oauth);
}

void TestKeyDiscovery::demoTokensVerifyThroughDiscovery()
{
    KeyDiscovery discovery;
    const QByteArray access
        = m_server.mintAccessToken(QStringLiteral("alice"), {QStringLiteral("orders:read")}, 600).toLatin1();
    InspectOptions options;
    options.expectedIssuer = issuer();
    options.expectedAudiences = {DemoServer::audience()};
    options.expectedKind = TokenKind::Access;
    TokenReport report = JwtInspector::inspect(access, options);
    QCOMPARE(report.issuer(), issuer());
    QCOMPARE(report.kid(), m_server.currentKeyId());
    QCOMPARE(report.kind.kind, TokenKind::Access);

    const KeyLookup lookup = run(discovery, [&] { return discovery.discover(report.issuer(), report.kid()); });
    QVERIFY2(lookup.ok(), qPrintable(lookup.error));
    QCOMPARE(lookup.discoveryUrl.toString(), issuer() + QStringLiteral("/.well-known/openid-configuration"));
    QCOMPARE(lookup.jwksUrl.toString(), jwksUrl());
    QVERIFY(!lookup.fromCache);
    QVERIFY(!lookup.refetched);
    QVERIFY(lookup.problems.isEmpty());
    QCOMPARE(lookup.keys.keyIds(), QStringList {m_server.currentKeyId()});

    VerificationContext context;
    context.issuer = lookup.issuer;
    report.signature = JwtInspector::verifySignature(report, lookup.keys, context);
    QCOMPARE(report.signature.status, SignatureStatus::Valid);
    QVERIFY(report.signature.verifiedBy.contains(m_server.currentKeyId()));
    QVERIFY2(!report.hasErrors(), qPrintable(codes(report.allProblems()).join(u", ")));
    QCOMPARE(report.time.status, TimeStatus::Valid);

    // The ID token verifies with the same keys, and is flagged when used as an access token.
    const QByteArray id = m_server.mintIdToken(QStringLiteral("alice")).toLatin1();
    const TokenReport idReport = JwtInspector::inspect(id, options, lookup.keys, context);
    QCOMPARE(idReport.signature.status, SignatureStatus::Valid);
    QCOMPARE(idReport.kind.kind, TokenKind::Id);
    QVERIFY(codes(idReport.problems).contains(QStringLiteral("token.wrong_kind/id")));
    QVERIFY(codes(idReport.problems).contains(QStringLiteral("token.audience/mismatch")));

    // An expired one from the same issuer: valid signature, expired time.
    const QByteArray expired = m_server.mintAccessToken(QStringLiteral("alice"), {}, -3600).toLatin1();
    const TokenReport expiredReport = JwtInspector::inspect(expired, options, lookup.keys, context);
    QCOMPARE(expiredReport.signature.status, SignatureStatus::Valid);
    QCOMPARE(expiredReport.time.status, TimeStatus::Expired);
    QVERIFY(expiredReport.timeClaims.constFirst().relative.startsWith(QStringLiteral("expired 1 h")));
}

void TestKeyDiscovery::cacheAndDirectJwksUrl()
{
    KeyDiscovery discovery;
    const QString kid = m_server.currentKeyId();
    QVERIFY(run(discovery, [&] { return discovery.discover(issuer(), kid); }).ok());
    const KeyLookup cached = run(discovery, [&] { return discovery.discover(issuer(), kid); });
    QVERIFY(cached.ok());
    QVERIFY(cached.fromCache);
    QCOMPARE(cached.keys.size(), 1);
    // No kid: the cached set is used as it is.
    QVERIFY(run(discovery, [&] { return discovery.discover(issuer()); }).fromCache);

    const KeyLookup direct
        = run(discovery, [&] { return discovery.fetchJwks(QUrl(jwksUrl(), QUrl::StrictMode), kid); });
    QVERIFY(direct.ok());
    QVERIFY(direct.fromCache); // the same URL discovery fetched
    discovery.clearCache();
    const KeyLookup fresh = run(discovery, [&] { return discovery.fetchJwks(QUrl(jwksUrl(), QUrl::StrictMode), kid); });
    QVERIFY(fresh.ok());
    QVERIFY(!fresh.fromCache);
    QVERIFY(fresh.issuer.isEmpty());
}

void TestKeyDiscovery::rotationDetected()
{
    KeyDiscovery discovery;
    const QByteArray oldToken = m_server.mintAccessToken(QStringLiteral("alice"), {}, 600).toLatin1();
    const QString oldKid = m_server.currentKeyId();
    KeyLookup lookup = run(discovery, [&] { return discovery.discover(issuer(), oldKid); });
    QVERIFY(lookup.ok());
    QCOMPARE(JwtInspector::inspect(oldToken, {}, lookup.keys).signature.status, SignatureStatus::Valid);

    // The issuer rotates. A token with the new kid: the cached JWKS lacks it, so it is fetched again.
    m_server.rotateSigningKey();
    const QString newKid = m_server.currentKeyId();
    QVERIFY(newKid != oldKid);
    const QByteArray newToken = m_server.mintAccessToken(QStringLiteral("alice"), {}, 600).toLatin1();
    lookup = run(discovery, [&] { return discovery.discover(issuer(), newKid); });
    QVERIFY(lookup.ok());
    QVERIFY(lookup.refetched);
    QVERIFY(!lookup.fromCache);
    VerificationContext context;
    context.keysRefetched = lookup.refetched;
    const SignatureResult fresh = JwtInspector::inspect(newToken, {}, lookup.keys, context).signature;
    QCOMPARE(fresh.status, SignatureStatus::Valid);
    QCOMPARE(codes(fresh.problems), QStringList {QStringLiteral("token.signature/key_refetched")});

    // The old token now: its kid is unknown even after one refetch → the issuer rotated its keys.
    lookup = run(discovery, [&] { return discovery.discover(issuer(), oldKid); });
    QVERIFY(lookup.ok());
    QVERIFY(lookup.refetched);
    QCOMPARE(lookup.keys.keyIds(), QStringList {newKid});
    context.keysRefetched = lookup.refetched;
    const SignatureResult rotated = JwtInspector::inspect(oldToken, {}, lookup.keys, context).signature;
    QCOMPARE(rotated.status, SignatureStatus::Invalid);
    QCOMPARE(codes(rotated.problems), QStringList {QStringLiteral("token.signature/kid_unknown")});
    QVERIFY(rotated.problems.constFirst().message.contains(QStringLiteral("rotated")));
    QVERIFY(rotated.problems.constFirst().message.contains(QStringLiteral("even after fetching it again")));
    QVERIFY(rotated.problems.constFirst().message.contains(oldKid));

    // A fresh client sees the same: no cache, one fetch, kid unknown.
    KeyDiscovery other;
    lookup = run(other, [&] { return other.discover(issuer(), oldKid); });
    QVERIFY(lookup.ok());
    QVERIFY(!lookup.refetched);
    QCOMPARE(JwtInspector::inspect(oldToken, {}, lookup.keys).signature.problems.constFirst().subcode,
             QStringLiteral("kid_unknown"));
}

void TestKeyDiscovery::refetchIntervalServesCache()
{
    KeyDiscovery discovery;
    discovery.setMinimumRefetchInterval(60 * 60 * 1000);
    QVERIFY(run(discovery, [&] { return discovery.discover(issuer(), m_server.currentKeyId()); }).ok());
    m_server.rotateSigningKey();
    const KeyLookup lookup = run(discovery, [&] { return discovery.discover(issuer(), m_server.currentKeyId()); });
    QVERIFY(lookup.ok());
    QVERIFY(lookup.fromCache); // too soon to refetch: the cached set is the answer
    QVERIFY(!lookup.refetched);
    QVERIFY(lookup.keys.withKeyId(m_server.currentKeyId()).isEmpty());
}

void TestKeyDiscovery::invalidIssuer()
{
    KeyDiscovery discovery;
    const KeyLookup lookup = run(discovery, [&] { return discovery.discover(QStringLiteral("joe")); });
    QCOMPARE(lookup.status, KeyLookup::Status::InvalidUrl);
    QCOMPARE(lookup.statusName(), QStringLiteral("invalid_url"));
    QVERIFY(lookup.error.contains(QStringLiteral("joe")));
    const KeyLookup noIss = run(discovery, [&] { return discovery.discover(QString()); });
    QCOMPARE(noIss.status, KeyLookup::Status::InvalidUrl);
    QCOMPARE(run(discovery, [&] { return discovery.fetchJwks(QUrl(QStringLiteral("file:///etc/passwd"))); }).status,
             KeyLookup::Status::InvalidUrl);
}

void TestKeyDiscovery::httpError()
{
    KeyDiscovery discovery;
    const KeyLookup lookup = run(discovery, [&] {
        return discovery.fetchJwks(QUrl(issuer() + QStringLiteral("/no-such-jwks"), QUrl::StrictMode));
    });
    QCOMPARE(lookup.status, KeyLookup::Status::Http);
    QVERIFY2(lookup.error.contains(QStringLiteral("404")), qPrintable(lookup.error));
}

void TestKeyDiscovery::connectionRefused()
{
    // A port that was free a moment ago: nothing listens there now.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    KeyDiscovery discovery;
    const KeyLookup lookup
        = run(discovery, [&] { return discovery.discover(QStringLiteral("http://127.0.0.1:%1").arg(port)); });
    QCOMPARE(lookup.status, KeyLookup::Status::Network);
    QVERIFY(!lookup.error.isEmpty());
}

void TestKeyDiscovery::badDocuments_data()
{
    QTest::addColumn<QByteArray>("metadata");
    QTest::addColumn<QByteArray>("jwks");
    QTest::addColumn<QString>("errorContains");
    QTest::newRow("metadata not JSON") << QByteArrayLiteral("<html>") << QByteArray() << QStringLiteral("not JSON");
    QTest::newRow("no jwks_uri") << QByteArrayLiteral("{\"issuer\":\"x\"}") << QByteArray()
                                 << QStringLiteral("jwks_uri");
    QTest::newRow("jwks_uri not http") << QByteArrayLiteral("{\"jwks_uri\":\"file:///etc/passwd\"}") << QByteArray()
                                       << QStringLiteral("jwks_uri");
    QTest::newRow("JWKS not JSON") << QByteArrayLiteral("JWKS") << QByteArrayLiteral("{\"keys\":")
                                   << QStringLiteral("not JSON");
    QTest::newRow("JWKS without keys") << QByteArrayLiteral("JWKS") << QByteArrayLiteral("{\"foo\":[]}")
                                       << QStringLiteral("neither a JWKS");
}

void TestKeyDiscovery::badDocuments()
{
    QFETCH(QByteArray, metadata);
    QFETCH(QByteArray, jwks);
    QFETCH(QString, errorContains);
    RawHttpServer raw;
    QVERIFY(raw.listen());
    const QByteArray jwksLocation = raw.url(QStringLiteral("/jwks")).toEncoded();
    raw.setHandler([&](const QByteArray& request) {
        const QByteArray path = pathOf(request);
        if (path == "/.well-known/openid-configuration")
            return RawHttpServer::simple(
                200, "OK", {}, metadata == "JWKS" ? QByteArray("{\"jwks_uri\":\"" + jwksLocation + "\"}") : metadata);
        if (path == "/jwks")
            return RawHttpServer::simple(200, "OK", {}, jwks);
        return RawHttpServer::simple(404, "Not Found", {});
    });
    KeyDiscovery discovery;
    const QString rawIssuer = raw.url(QStringLiteral("/")).toString().chopped(1);
    const KeyLookup lookup = run(discovery, [&] { return discovery.discover(rawIssuer); });
    QCOMPARE(lookup.status, KeyLookup::Status::BadDocument);
    QVERIFY2(lookup.error.contains(errorContains), qPrintable(lookup.error));
}

void TestKeyDiscovery::discoveryIssuerMismatch()
{
    // A discovery document (served elsewhere) that names another issuer but points at the demo JWKS.
    RawHttpServer raw;
    QVERIFY(raw.listen());
    raw.setHandler([&](const QByteArray&) {
        return json(QJsonObject {{QStringLiteral("issuer"), QStringLiteral("https://someone-else.test")},
                                 {QStringLiteral("jwks_uri"), jwksUrl()}});
    });
    KeyDiscovery discovery;
    const QString rawIssuer = raw.url(QStringLiteral("/")).toString().chopped(1);
    const KeyLookup lookup = run(discovery, [&] { return discovery.discover(rawIssuer); });
    QVERIFY2(lookup.ok(), qPrintable(lookup.error));
    QCOMPARE(codes(lookup.problems), QStringList {QStringLiteral("token.issuer/discovery_mismatch")});
    QCOMPARE(lookup.keys.size(), 1);
}

void TestKeyDiscovery::fallbackToAuthorizationServerMetadata()
{
    RawHttpServer raw;
    QVERIFY(raw.listen());
    QList<QByteArray> paths;
    raw.setHandler([&](const QByteArray& request) {
        const QByteArray path = pathOf(request);
        paths.append(path);
        if (path == "/.well-known/oauth-authorization-server/tenant")
            return json(QJsonObject {{QStringLiteral("issuer"), raw.url(QStringLiteral("/tenant")).toString()},
                                     {QStringLiteral("jwks_uri"), jwksUrl()}});
        return RawHttpServer::simple(404, "Not Found", {});
    });
    KeyDiscovery discovery;
    const QString rawIssuer = raw.url(QStringLiteral("/tenant")).toString();
    const KeyLookup lookup = run(discovery, [&] { return discovery.discover(rawIssuer); });
    QVERIFY2(lookup.ok(), qPrintable(lookup.error));
    QCOMPARE(paths,
             (QList<QByteArray> {"/tenant/.well-known/openid-configuration",
                                 "/.well-known/oauth-authorization-server/tenant"}));
    QVERIFY(lookup.problems.isEmpty());
    QCOMPARE(lookup.discoveryUrl.path(), QStringLiteral("/.well-known/oauth-authorization-server/tenant"));
}

void TestKeyDiscovery::timeoutAndSizeLimit()
{
    RawHttpServer raw;
    QVERIFY(raw.listen());
    raw.setHandler([](const QByteArray& request) {
        RawHttpServer::Reply reply;
        if (pathOf(request) == "/hang")
            reply.hang = true;
        else
            reply.streamBytes = 3 * 1024 * 1024;
        return reply;
    });
    KeyDiscovery discovery;
    discovery.setTimeout(300);
    const KeyLookup hung = run(discovery, [&] { return discovery.fetchJwks(raw.url(QStringLiteral("/hang"))); });
    QCOMPARE(hung.status, KeyLookup::Status::Network);
    QVERIFY2(hung.error.contains(QStringLiteral("no answer within 300 ms")), qPrintable(hung.error));

    discovery.setTimeout(10000);
    const KeyLookup huge = run(discovery, [&] { return discovery.fetchJwks(raw.url(QStringLiteral("/huge"))); });
    QCOMPARE(huge.status, KeyLookup::Status::Network);
    QVERIFY2(huge.error.contains(QStringLiteral("larger than")), qPrintable(huge.error));
}

QTEST_GUILESS_MAIN(TestKeyDiscovery)
#include "TestKeyDiscovery.moc"
