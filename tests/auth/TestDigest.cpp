// Digest (RFC 7616): challenge reading, responses against the RFC's worked examples, -sess, auth-int,
// userhash, SHA-512-256, nonce counting, and the server-side verifier (ok / stale / bad).
//
// Reference values: RFC 7616 §3.9.1 (MD5 and SHA-256) and RFC 2617 §3.5 as printed in the RFCs. The
// SHA-512-256, -sess and auth-int values were computed independently with Python's hashlib (OpenSSL): the
// RFC's own §3.9.2 SHA-512-256 example has wrong hashes (RFC errata 4897), so it is not used as a vector.
#include "auth/DigestChallenge.h"
#include "auth/DigestResponder.h"
#include "auth/DigestVerifier.h"
#include "auth/HeaderParser.h"

#include <QTest>

using namespace Authlens;
using namespace Authlens::Auth;

namespace {

const QByteArray kNonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
const QByteArray kCnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
const QByteArray kOpaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

QByteArray rfc7616Challenge(const QByteArray& algorithm, const QByteArray& qop = "auth, auth-int")
{
    return "Digest realm=\"http-auth@example.org\", qop=\"" + qop + "\", algorithm=" + algorithm + ", nonce=\"" + kNonce
        + "\", opaque=\"" + kOpaque + "\"";
}

DigestChallenge digestFrom(const QByteArray& header)
{
    const ChallengeParseResult parsed = parseChallengeField(header);
    if (parsed.challenges.isEmpty())
        qFatal("no challenge in %s", header.constData());
    QStringList problems;
    const std::optional<DigestChallenge> digest = DigestChallenge::fromChallenge(parsed.challenges.first(), &problems);
    if (!digest)
        qFatal("unusable challenge %s: %s", header.constData(), qPrintable(problems.join(u"; ")));
    return *digest;
}

DigestRequest mufasa(const QByteArray& method = "GET", quint32 nc = 1)
{
    DigestRequest request;
    request.method = method;
    request.uri = "/dir/index.html";
    request.username = QStringLiteral("Mufasa");
    request.password = QStringLiteral("Circle of Life");
    request.cnonce = kCnonce;
    request.nonceCount = nc;
    return request;
}

QList<AuthParam> paramsOf(const QByteArray& authorization)
{
    const CredentialsParseResult parsed = parseCredentials(authorization);
    if (!parsed.credentials || parsed.hasErrors())
        qFatal("unparsable Authorization %s", authorization.constData());
    return parsed.credentials->params;
}

DigestVerifyContext serverFor(const QByteArray& realm, const QString& user, const QString& password)
{
    DigestVerifyContext context;
    context.method = "GET";
    context.realm = realm;
    context.password = [user, password](const QString& name) -> std::optional<QString> {
        if (name == user)
            return password;
        return std::nullopt;
    };
    return context;
}

} // namespace

class TestDigest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void algorithmNames_data();
    void algorithmNames();
    void sha512_256KnownAnswer();
    void challengeReading();
    void unusableChallenges_data();
    void unusableChallenges();
    void rfc7616Examples_data();
    void rfc7616Examples();
    void rfc2617Example();
    void rfc2069Form();
    void variants_data();
    void variants();
    void prefersAuthOverAuthInt();
    void userhash();
    void nonAsciiUsername();
    void charsetUtf8Normalizes();
    void nonceCounting();
    void staleDetection();
    void cnonceIsRandomHex();
    void rspauth();
    void verify_data();
    void verify();
    void verifyUserhash();
    void verifyStaleAndReplay();
};

void TestDigest::algorithmNames_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("algorithm");
    QTest::addColumn<bool>("sess");
    QTest::newRow("MD5") << QByteArray("MD5") << int(DigestAlgorithm::Md5) << false;
    QTest::newRow("md5-sess lower") << QByteArray("md5-sess") << int(DigestAlgorithm::Md5Sess) << true;
    QTest::newRow("SHA-256") << QByteArray("SHA-256") << int(DigestAlgorithm::Sha256) << false;
    QTest::newRow("SHA-256-sess") << QByteArray("SHA-256-SESS") << int(DigestAlgorithm::Sha256Sess) << true;
    QTest::newRow("SHA-512-256") << QByteArray("SHA-512-256") << int(DigestAlgorithm::Sha512_256) << false;
    QTest::newRow("SHA-512-256-sess") << QByteArray("SHA-512-256-sess") << int(DigestAlgorithm::Sha512_256Sess) << true;
}

void TestDigest::algorithmNames()
{
    QFETCH(QByteArray, name);
    QFETCH(int, algorithm);
    QFETCH(bool, sess);
    const auto parsed = digestAlgorithmFromName(name);
    QVERIFY(parsed);
    QCOMPARE(int(*parsed), algorithm);
    QCOMPARE(isSessionAlgorithm(*parsed), sess);
    QCOMPARE(digestAlgorithmName(*parsed).toLower(), name.toLower());
    QVERIFY(!digestAlgorithmFromName("SHA-1"));
    QVERIFY(!digestAlgorithmFromName(""));
}

void TestDigest::sha512_256KnownAnswer()
{
    // FIPS 180-4 example: SHA-512/256("abc").
    QCOMPARE(digestHashHex(DigestAlgorithm::Sha512_256, "abc"),
             QByteArray("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"));
    QCOMPARE(digestHashHex(DigestAlgorithm::Md5, "abc"), QByteArray("900150983cd24fb0d6963f7d28e17f72"));
}

void TestDigest::challengeReading()
{
    const DigestChallenge digest = digestFrom(rfc7616Challenge("SHA-256"));
    QCOMPARE(digest.realm, QByteArray("http-auth@example.org"));
    QCOMPARE(digest.nonce, kNonce);
    QCOMPARE(digest.opaque, kOpaque);
    QCOMPARE(digest.algorithm, DigestAlgorithm::Sha256);
    QCOMPARE(digest.algorithmToken, QByteArray("SHA-256"));
    QCOMPARE(digest.qops, (QList<QByteArray> {"auth", "auth-int"}));
    QVERIFY(!digest.isStale());
    QVERIFY(!digest.userhash);
    QVERIFY(!digest.charsetUtf8);

    const DigestChallenge other = digestFrom(R"(Digest realm="r", nonce="n", domain="/a  /b", qop=auth, )"
                                             R"(charset=utf-8, userhash=TRUE, stale=True)");
    QCOMPARE(other.domain, (QList<QByteArray> {"/a", "/b"}));
    QCOMPARE(other.algorithm, DigestAlgorithm::Md5); // absent means MD5
    QVERIFY(other.algorithmToken.isEmpty());
    QVERIFY(other.charsetUtf8);
    QVERIFY(other.userhash);
    QVERIFY(other.isStale());
    QVERIFY(other.opaque.isNull());
}

void TestDigest::unusableChallenges_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("not digest") << QByteArray(R"(Basic realm="x")");
    QTest::newRow("no nonce") << QByteArray(R"(Digest realm="x", qop="auth")");
    QTest::newRow("unknown algorithm") << QByteArray(R"(Digest realm="x", nonce="n", algorithm=SHA-1, qop="auth")");
    QTest::newRow("unknown qop only") << QByteArray(R"(Digest realm="x", nonce="n", qop="auth-conf")");
}

void TestDigest::unusableChallenges()
{
    QFETCH(QByteArray, header);
    QStringList problems;
    QVERIFY(!DigestChallenge::fromChallenge(parseChallengeField(header).challenges.first(), &problems));
    QVERIFY(!problems.isEmpty());
}

void TestDigest::rfc7616Examples_data()
{
    QTest::addColumn<QByteArray>("algorithm");
    QTest::addColumn<QByteArray>("response");
    QTest::newRow("3.9.1 MD5") << QByteArray("MD5") << QByteArray("8ca523f5e9506fed4657c9700eebdbec");
    QTest::newRow("3.9.1 SHA-256") << QByteArray("SHA-256")
                                   << QByteArray("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

void TestDigest::rfc7616Examples()
{
    QFETCH(QByteArray, algorithm);
    QFETCH(QByteArray, response);
    const DigestChallenge challenge = digestFrom(rfc7616Challenge(algorithm));
    const DigestResponse answer = DigestResponder::respond(challenge, mufasa());
    QCOMPARE(answer.response, response);
    QCOMPARE(answer.qop, QByteArray("auth"));
    QCOMPARE(answer.nc, QByteArray("00000001"));
    // The field as RFC 7616 §3.9.1 prints it (one line, same parameter order).
    QCOMPARE(answer.authorization,
             "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", algorithm="
                 + algorithm + ", nonce=\"" + kNonce + "\", nc=00000001, cnonce=\"" + kCnonce
                 + "\", qop=auth, response=\"" + response + "\", opaque=\"" + kOpaque + "\"");
    // And our own parser reads it back without a complaint.
    const CredentialsParseResult parsed = parseCredentials(answer.authorization);
    QVERIFY(parsed.diagnostics.isEmpty());
    QCOMPARE(parsed.credentials->value("response"), response);
}

void TestDigest::rfc2617Example()
{
    const DigestChallenge challenge = digestFrom(R"(Digest realm="testrealm@host.com", qop="auth,auth-int", )"
                                                 R"(nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", )"
                                                 R"(opaque="5ccc069c403ebaf9f0171e9517f40e41")");
    DigestRequest request = mufasa();
    request.password = QStringLiteral("Circle Of Life"); // RFC 2617 capitalises "Of"
    request.cnonce = "0a4f113b";
    const DigestResponse answer = DigestResponder::respond(challenge, request);
    QCOMPARE(answer.response, QByteArray("6629fae49393a05397450978507c4ef1"));
    QVERIFY(!answer.authorization.contains("algorithm=")); // not echoed when the server did not send it
}

void TestDigest::rfc2069Form()
{
    QStringList problems;
    const auto challenge = DigestChallenge::fromChallenge(
        parseChallengeField(R"(Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093")")
            .challenges.first(),
        &problems);
    QVERIFY(challenge);
    QCOMPARE(problems.size(), 1); // "no qop" is worth a remark
    DigestRequest request = mufasa();
    request.password = QStringLiteral("Circle Of Life");
    const DigestResponse answer = DigestResponder::respond(*challenge, request);
    QVERIFY(answer.qop.isEmpty());
    QCOMPARE(answer.response, QByteArray("670fd8c2df070c60b045671b8b24ff02"));
    QVERIFY(!answer.authorization.contains("nc="));
    QVERIFY(!answer.authorization.contains("cnonce="));
}

void TestDigest::variants_data()
{
    QTest::addColumn<QByteArray>("algorithm");
    QTest::addColumn<QByteArray>("qop");
    QTest::addColumn<QByteArray>("response");
    QTest::newRow("MD5-sess") << QByteArray("MD5-sess") << QByteArray("auth")
                              << QByteArray("e783283f46242139c486a698fec7211d");
    QTest::newRow("SHA-256-sess") << QByteArray("SHA-256-sess") << QByteArray("auth")
                                  << QByteArray("2fd51b3a77ad75bad6afad6003e818d767133c46d9e2749e7f5232ae1ea3efd7");
    QTest::newRow("SHA-512-256") << QByteArray("SHA-512-256") << QByteArray("auth")
                                 << QByteArray("430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0");
    QTest::newRow("SHA-512-256-sess") << QByteArray("SHA-512-256-sess") << QByteArray("auth")
                                      << QByteArray("3f2a34f923c38b0fb26dce2fdfc2ce326c23cecf86fbb1444f3e51fbbc2cb92e");
    QTest::newRow("MD5 auth-int") << QByteArray("MD5") << QByteArray("auth-int")
                                  << QByteArray("d409bccba7733a91cae74c045ff546d7");
    QTest::newRow("SHA-256 auth-int") << QByteArray("SHA-256") << QByteArray("auth-int")
                                      << QByteArray("80cc0fe81f1fb7e21de78754ca9b815d5e75ed91d48ed8f039be9da01f18a66a");
    QTest::newRow("SHA-512-256 auth-int")
        << QByteArray("SHA-512-256") << QByteArray("auth-int")
        << QByteArray("f0b50ed8f5048952ca91d45de74546ac47c2241eda2dfa6b056d7e8be4fa2981");
}

void TestDigest::variants()
{
    QFETCH(QByteArray, algorithm);
    QFETCH(QByteArray, qop);
    QFETCH(QByteArray, response);
    const DigestChallenge challenge = digestFrom(rfc7616Challenge(algorithm, qop));
    DigestRequest request = qop == "auth-int" ? mufasa("POST", 2) : mufasa();
    request.body = R"({"a":1})";
    const DigestResponse answer = DigestResponder::respond(challenge, request);
    QCOMPARE(answer.qop, qop);
    QCOMPARE(answer.response, response);
    QVERIFY(answer.authorization.contains(QByteArray("algorithm=" + algorithm)));
}

void TestDigest::prefersAuthOverAuthInt()
{
    QCOMPARE(DigestResponder::respond(digestFrom(rfc7616Challenge("MD5", "auth-int, auth")), mufasa()).qop,
             QByteArray("auth"));
    QCOMPARE(DigestResponder::respond(digestFrom(rfc7616Challenge("MD5", "auth-int")), mufasa()).qop,
             QByteArray("auth-int"));
}

void TestDigest::userhash()
{
    // RFC 7616 §3.4.4: username = H(unq(username) ":" unq(realm)); values computed with hashlib (see top).
    const DigestChallenge challenge = digestFrom(
        R"(Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, )"
        R"(nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", )"
        R"(charset=UTF-8, userhash=true)");
    DigestRequest request;
    request.method = "GET";
    request.uri = "/doe.json";
    request.username = QStringLiteral("J\u00e4s\u00f8n Doe");
    request.password = QStringLiteral("Secret, or not?");
    request.cnonce = "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v";
    const DigestResponse answer = DigestResponder::respond(challenge, request);
    QCOMPARE(answer.response, QByteArray("3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5"));
    const CredentialsParseResult parsed = parseCredentials(answer.authorization);
    QCOMPARE(parsed.credentials->value("username"),
             QByteArray("793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b"));
    QCOMPARE(parsed.credentials->value("userhash"), QByteArray("true"));
    QVERIFY(!answer.authorization.contains("J\xc3\xa4"));
}

void TestDigest::nonAsciiUsername()
{
    // Without userhash a non-ASCII name travels as username* (RFC 7616 §3.4, RFC 8187).
    const DigestChallenge challenge
        = digestFrom(R"(Digest realm="api@example.org", qop="auth", nonce="n", charset=UTF-8)");
    DigestRequest request = mufasa();
    request.username = QStringLiteral("J\u00e4s\u00f8n Doe");
    const DigestResponse answer = DigestResponder::respond(challenge, request);
    const CredentialsParseResult parsed = parseCredentials(answer.authorization);
    QVERIFY(!parsed.credentials->hasParam("username"));
    QCOMPARE(parsed.credentials->value("username*"), QByteArray("UTF-8''J%C3%A4s%C3%B8n%20Doe"));
}

void TestDigest::charsetUtf8Normalizes()
{
    // "é" as e + combining acute (NFD) hashes like the precomposed é (NFC) when the server said charset=UTF-8.
    const DigestChallenge utf8 = digestFrom(R"(Digest realm="r", qop="auth", nonce="n", charset=UTF-8)");
    DigestRequest nfd = mufasa();
    nfd.password = QStringLiteral("caf\u0065\u0301");
    DigestRequest nfc = mufasa();
    nfc.password = QStringLiteral("caf\u00e9");
    QCOMPARE(DigestResponder::respond(utf8, nfd).response, DigestResponder::respond(utf8, nfc).response);
    const DigestChallenge plain = digestFrom(R"(Digest realm="r", qop="auth", nonce="n")");
    QVERIFY(DigestResponder::respond(plain, nfd).response != DigestResponder::respond(plain, nfc).response);
}

void TestDigest::nonceCounting()
{
    DigestResponder responder;
    const DigestChallenge first = digestFrom(rfc7616Challenge("MD5"));
    DigestRequest request = mufasa();
    request.cnonce.clear();
    QCOMPARE(responder.next(first, request).nc, QByteArray("00000001"));
    QCOMPARE(responder.next(first, request).nc, QByteArray("00000002"));
    const DigestResponse third = responder.next(first, request);
    QCOMPARE(third.nc, QByteArray("00000003"));
    QCOMPARE(responder.nonceCount(), 3u);
    QCOMPARE(responder.currentNonce(), kNonce);
    QVERIFY(third.authorization.contains("nc=00000003"));

    // A new nonce (say after stale=true) starts counting again.
    const DigestChallenge rotated
        = digestFrom(R"(Digest realm="http-auth@example.org", qop="auth", nonce="fresh", stale=true)");
    QVERIFY(rotated.isStale());
    QCOMPARE(responder.next(rotated, request).nc, QByteArray("00000001"));
    QCOMPARE(responder.currentNonce(), QByteArray("fresh"));
    // Hex digits, not decimal.
    for (int i = 0; i < 9; ++i)
        responder.next(rotated, request);
    QCOMPARE(responder.next(rotated, request).nc, QByteArray("0000000b"));
    responder.reset();
    QCOMPARE(responder.nonceCount(), 0u);
}

void TestDigest::staleDetection()
{
    QVERIFY(digestFrom(R"(Digest realm="r", nonce="n", qop="auth", stale=TRUE)").isStale());
    QVERIFY(!digestFrom(R"(Digest realm="r", nonce="n", qop="auth", stale=false)").isStale());
    QVERIFY(!digestFrom(R"(Digest realm="r", nonce="n", qop="auth")").isStale());
}

void TestDigest::cnonceIsRandomHex()
{
    const QByteArray a = DigestResponder::makeCnonce();
    const QByteArray b = DigestResponder::makeCnonce();
    QCOMPARE(a.size(), 32);
    QVERIFY(a != b);
    for (char c : a)
        QVERIFY((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    DigestResponder responder;
    DigestRequest request = mufasa();
    request.cnonce.clear();
    const DigestResponse answer = responder.next(digestFrom(rfc7616Challenge("MD5")), request);
    QCOMPARE(answer.cnonce.size(), 32);
    QVERIFY(answer.authorization.contains(QByteArray("cnonce=\"" + answer.cnonce + "\"")));
}

void TestDigest::rspauth()
{
    const DigestChallenge challenge = digestFrom(rfc7616Challenge("SHA-256"));
    const DigestRequest request = mufasa();
    const DigestResponse answer = DigestResponder::respond(challenge, request);
    QCOMPARE(DigestResponder::expectedRspauth(challenge, request, answer),
             QByteArray("86d3b25618d41854ca5039a5d7e53ff6355d5134a9b1fb088a78ac3c462195a0"));
}

void TestDigest::verify_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("verdict");
    const QByteArray good = DigestResponder::respond(digestFrom(rfc7616Challenge("SHA-256")), mufasa()).authorization;
    QTest::newRow("rfc7616 sha-256") << good << int(DigestVerdict::Ok);
    QTest::newRow("rfc7616 md5")
        << DigestResponder::respond(digestFrom(rfc7616Challenge("MD5")), mufasa()).authorization
        << int(DigestVerdict::Ok);
    QTest::newRow("sha-512-256-sess")
        << DigestResponder::respond(digestFrom(rfc7616Challenge("SHA-512-256-sess")), mufasa()).authorization
        << int(DigestVerdict::Ok);
    DigestRequest wrongPassword = mufasa();
    wrongPassword.password = QStringLiteral("Circle of Lies");
    QTest::newRow("wrong password")
        << DigestResponder::respond(digestFrom(rfc7616Challenge("SHA-256")), wrongPassword).authorization
        << int(DigestVerdict::Bad);
    DigestRequest wrongUser = mufasa();
    wrongUser.username = QStringLiteral("Scar");
    QTest::newRow("unknown user")
        << DigestResponder::respond(digestFrom(rfc7616Challenge("SHA-256")), wrongUser).authorization
        << int(DigestVerdict::Bad);
    QTest::newRow("wrong realm") << QByteArray(good).replace("http-auth@example.org", "other@example.org")
                                 << int(DigestVerdict::Bad);
    QTest::newRow("tampered uri") << QByteArray(good).replace("/dir/index.html", "/dir/other.html")
                                  << int(DigestVerdict::Bad);
    QTest::newRow("no response") << QByteArray(good).replace("response=", "respons=") << int(DigestVerdict::Bad);
    QTest::newRow("no qop (rfc 2069)") << QByteArray(good).replace(", qop=auth", "") << int(DigestVerdict::Bad);
    QTest::newRow("bad nc") << QByteArray(good).replace("nc=00000001", "nc=1") << int(DigestVerdict::Bad);
    QTest::newRow("unknown algorithm") << QByteArray(good).replace("algorithm=SHA-256", "algorithm=SHA-1")
                                       << int(DigestVerdict::Bad);
    QTest::newRow("upper-case hex response")
        << QByteArray(good).replace("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                                    "753927FA0E85D155564E2E272A28D1802CA10DAF4496794697CF8DB5856CB6C1")
        << int(DigestVerdict::Ok);
}

void TestDigest::verify()
{
    QFETCH(QByteArray, authorization);
    QFETCH(int, verdict);
    DigestVerifyContext server
        = serverFor("http-auth@example.org", QStringLiteral("Mufasa"), QStringLiteral("Circle of Life"));
    server.requestTarget = "/dir/index.html";
    const DigestVerification result = verifyDigest(paramsOf(authorization), server);
    QCOMPARE(int(result.verdict), verdict);
    if (result.verdict == DigestVerdict::Ok) {
        QCOMPARE(result.username, QStringLiteral("Mufasa"));
        QVERIFY(!result.rspauth.isEmpty());
    } else {
        QVERIFY(!result.reason.isEmpty());
    }
}

void TestDigest::verifyUserhash()
{
    const DigestChallenge challenge = digestFrom(R"(Digest realm="api@example.org", qop="auth", algorithm=SHA-256, )"
                                                 R"(nonce="n1", userhash=true, charset=UTF-8)");
    DigestRequest request = mufasa();
    request.username = QStringLiteral("J\u00e4s\u00f8n Doe");
    const DigestResponse answer = DigestResponder::respond(challenge, request);
    DigestVerifyContext server = serverFor("api@example.org", request.username, request.password);
    QCOMPARE(verifyDigest(paramsOf(answer.authorization), server).verdict, DigestVerdict::Bad); // no lookup given
    server.userForHash = [&](const QByteArray& hash, DigestAlgorithm algorithm) -> std::optional<QString> {
        if (hash == digestUserhash(algorithm, request.username.toUtf8(), "api@example.org"))
            return request.username;
        return std::nullopt;
    };
    const DigestVerification result = verifyDigest(paramsOf(answer.authorization), server);
    QCOMPARE(result.verdict, DigestVerdict::Ok);
    QCOMPARE(result.username, request.username);

    // username* (no userhash) is understood too.
    const DigestChallenge plain = digestFrom(R"(Digest realm="api@example.org", qop="auth", nonce="n2")");
    QCOMPARE(verifyDigest(paramsOf(DigestResponder::respond(plain, request).authorization), server).verdict,
             DigestVerdict::Ok);
}

void TestDigest::verifyStaleAndReplay()
{
    const DigestChallenge challenge = digestFrom(rfc7616Challenge("SHA-256"));
    DigestVerifyContext server
        = serverFor("http-auth@example.org", QStringLiteral("Mufasa"), QStringLiteral("Circle of Life"));
    QList<quint32> seen;
    server.nonceState = [&seen](const QByteArray& nonce, quint32 nc) {
        if (nonce != kNonce)
            return NonceState::Stale;
        if (seen.contains(nc))
            return NonceState::Replayed;
        seen.append(nc);
        return NonceState::Valid;
    };
    const QByteArray first = DigestResponder::respond(challenge, mufasa()).authorization;
    QCOMPARE(verifyDigest(paramsOf(first), server).verdict, DigestVerdict::Ok);
    const DigestVerification replay = verifyDigest(paramsOf(first), server);
    QCOMPARE(replay.verdict, DigestVerdict::Bad);
    QVERIFY(replay.reason.contains(u"replay"));

    // Right password, expired nonce: stale. Wrong password with an expired nonce stays bad.
    DigestChallenge expired = challenge;
    expired.nonce = "expired-nonce";
    QCOMPARE(verifyDigest(paramsOf(DigestResponder::respond(expired, mufasa()).authorization), server).verdict,
             DigestVerdict::Stale);
    DigestRequest wrong = mufasa();
    wrong.password = QStringLiteral("nope");
    QCOMPARE(verifyDigest(paramsOf(DigestResponder::respond(expired, wrong).authorization), server).verdict,
             DigestVerdict::Bad);

    // Only the offered algorithms are accepted.
    server.algorithms = {DigestAlgorithm::Md5};
    DigestRequest next = mufasa("GET", 7);
    QCOMPARE(verifyDigest(paramsOf(DigestResponder::respond(challenge, next).authorization), server).verdict,
             DigestVerdict::Bad);
}

QTEST_APPLESS_MAIN(TestDigest)
#include "TestDigest.moc"
