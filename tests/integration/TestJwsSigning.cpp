// The JWS building blocks the demo API signs with (src/core/jwt): base64url, RsaKey on libcrypto,
// JwsSigner and strict compact-JWS parsing. Known answers come from the RFCs.

#include "jwt/Base64Url.h"
#include "jwt/CompactJws.h"
#include "jwt/JwsSigner.h"
#include "jwt/RsaKey.h"

#include <QJsonDocument>
#include <QTest>

using namespace Authlens::Jwt;

class TestJwsSigning : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void base64UrlRoundTrip_data();
    void base64UrlRoundTrip();
    void base64UrlRejects_data();
    void base64UrlRejects();

    void thumbprintKnownAnswer();
    void generatedKey();
    void signAndVerify();
    void publicKeyCannotSign();
    void rejectsSmallKeysAndBadJwks();

    void signerProducesCompactJws();
    void compactJwsRejects_data();
    void compactJwsRejects();

private:
    JwsSigner m_signer; ///< one RSA-2048 key for the whole test: generation is the slow part
};

void TestJwsSigning::initTestCase()
{
    QString error;
    m_signer = JwsSigner::generate(2048, &error);
    QVERIFY2(!m_signer.isNull(), qPrintable(error));
}

void TestJwsSigning::base64UrlRoundTrip_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("encoded");
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("one byte") << QByteArrayLiteral("f") << QByteArrayLiteral("Zg");
    QTest::newRow("two bytes") << QByteArrayLiteral("fo") << QByteArrayLiteral("Zm8");
    QTest::newRow("three bytes") << QByteArrayLiteral("foo") << QByteArrayLiteral("Zm9v");
    QTest::newRow("url alphabet") << QByteArray::fromHex("fbff") << QByteArrayLiteral("-_8");
    // RFC 7515 §3.3: the JWS header of the HS256 example.
    QTest::newRow("rfc 7515 header") << QByteArrayLiteral("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}")
                                     << QByteArrayLiteral("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
}

void TestJwsSigning::base64UrlRoundTrip()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, encoded);
    QCOMPARE(base64UrlEncode(data), encoded);
    const auto decoded = base64UrlDecode(encoded);
    QVERIFY(decoded.has_value());
    QCOMPARE(*decoded, data);
}

void TestJwsSigning::base64UrlRejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("padding") << QByteArrayLiteral("Zg==");
    QTest::newRow("standard alphabet +") << QByteArrayLiteral("+_8");
    QTest::newRow("standard alphabet /") << QByteArrayLiteral("-/8");
    QTest::newRow("whitespace") << QByteArrayLiteral("Zm 9v");
    QTest::newRow("impossible length") << QByteArrayLiteral("Zm9vY");
    QTest::newRow("other character") << QByteArrayLiteral("Zm9v.");
}

void TestJwsSigning::base64UrlRejects()
{
    QFETCH(QByteArray, text);
    QVERIFY(!base64UrlDecode(text).has_value());
}

void TestJwsSigning::thumbprintKnownAnswer()
{
    // RFC 7638 §3.1.
    const QJsonObject jwk {
        {QStringLiteral("kty"), QStringLiteral("RSA")},
        {QStringLiteral("n"),
         QStringLiteral(
             "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRX"
             "jBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicA"
             "taSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3X"
             "PksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw")},
        {QStringLiteral("e"), QStringLiteral("AQAB")},
        {QStringLiteral("alg"), QStringLiteral("RS256")},
        {QStringLiteral("kid"), QStringLiteral("2011-04-29")},
    };
    QString error;
    const RsaKey key = RsaKey::fromJwk(jwk, &error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    QVERIFY(!key.hasPrivateKey());
    QCOMPARE(key.bits(), 2048);
    QCOMPARE(key.thumbprint(), QByteArrayLiteral("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
    // The exported JWK carries the same n and e (no leading zeros, no padding).
    QCOMPARE(key.publicJwk().value(QLatin1String("n")), jwk.value(QLatin1String("n")));
    QCOMPARE(key.publicJwk().value(QLatin1String("e")), jwk.value(QLatin1String("e")));
}

void TestJwsSigning::generatedKey()
{
    const RsaKey& key = m_signer.key();
    QVERIFY(key.hasPrivateKey());
    QCOMPARE(key.bits(), 2048);
    QCOMPARE(key.modulus().size(), 256);
    QCOMPARE(key.publicExponent(), QByteArray::fromHex("010001"));
    QCOMPARE(m_signer.keyId(), QString::fromLatin1(key.thumbprint()));
    QCOMPARE(m_signer.keyId().size(), 43); // base64url of 32 bytes

    const QJsonObject jwk = m_signer.publicJwk();
    QCOMPARE(jwk.value(QLatin1String("kty")).toString(), QStringLiteral("RSA"));
    QCOMPARE(jwk.value(QLatin1String("use")).toString(), QStringLiteral("sig"));
    QCOMPARE(jwk.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
    QCOMPARE(jwk.value(QLatin1String("kid")).toString(), m_signer.keyId());
    QCOMPARE(jwk.size(), 6); // kty n e use alg kid — nothing private
}

void TestJwsSigning::signAndVerify()
{
    const RsaKey& key = m_signer.key();
    const QByteArray data = QByteArrayLiteral("header.payload");
    QString error;
    const QByteArray signature = key.signRs256(data, &error);
    QVERIFY2(!signature.isEmpty(), qPrintable(error));
    QCOMPARE(signature.size(), 256);
    // PKCS#1 v1.5 is deterministic.
    QCOMPARE(key.signRs256(data), signature);

    QVERIFY(key.verifyRs256(data, signature));
    QVERIFY(!key.verifyRs256(QByteArrayLiteral("header.payloaD"), signature));
    QByteArray flipped = signature;
    flipped[10] = char(flipped.at(10) ^ 0x01);
    QVERIFY(!key.verifyRs256(data, flipped));
    QVERIFY(!key.verifyRs256(data, signature.first(100)));
    QVERIFY(!key.verifyRs256(data, QByteArray()));

    // The public half, rebuilt from the JWK, verifies too.
    const RsaKey publicKey = RsaKey::fromJwk(m_signer.publicJwk());
    QVERIFY(!publicKey.isNull());
    QVERIFY(publicKey.verifyRs256(data, signature));
    QCOMPARE(publicKey.thumbprint(), key.thumbprint());
}

void TestJwsSigning::publicKeyCannotSign()
{
    const RsaKey publicKey = RsaKey::fromPublicComponents(m_signer.key().modulus(), m_signer.key().publicExponent());
    QVERIFY(!publicKey.isNull());
    QString error;
    QVERIFY(publicKey.signRs256("x", &error).isEmpty());
    QVERIFY(!error.isEmpty());
    QVERIFY(JwsSigner(publicKey, QStringLiteral("k")).isNull());
    QVERIFY(JwsSigner(publicKey, QStringLiteral("k")).sign({}, {}).isEmpty());

    const RsaKey null;
    QVERIFY(null.isNull());
    QVERIFY(null.signRs256("x").isEmpty());
    QVERIFY(!null.verifyRs256("x", "y"));
    QVERIFY(null.publicJwk().isEmpty());
    QVERIFY(null.thumbprint().isEmpty());
}

void TestJwsSigning::rejectsSmallKeysAndBadJwks()
{
    QString error;
    QVERIFY(RsaKey::generate(1024, &error).isNull());
    QVERIFY(error.contains(QLatin1String("2048")));

    QVERIFY(RsaKey::fromJwk(QJsonObject {{QStringLiteral("kty"), QStringLiteral("EC")}}, &error).isNull());
    QVERIFY(RsaKey::fromJwk(QJsonObject {{QStringLiteral("kty"), QStringLiteral("RSA")},
                                         {QStringLiteral("n"), QStringLiteral("a+b/")},
                                         {QStringLiteral("e"), QStringLiteral("AQAB")}},
                            &error)
                .isNull());
    QVERIFY(RsaKey::fromPublicComponents(QByteArray(), QByteArray::fromHex("010001"), &error).isNull());
}

void TestJwsSigning::signerProducesCompactJws()
{
    const QJsonObject claims {{QStringLiteral("sub"), QStringLiteral("demo")}, {QStringLiteral("exp"), 1700000000}};
    QString error;
    const QByteArray token
        = m_signer.sign(QJsonObject {{QStringLiteral("typ"), QStringLiteral("at+jwt")},
                                     {QStringLiteral("alg"), QStringLiteral("none")}}, // overridden: the key decides
                        claims, &error);
    QVERIFY2(!token.isEmpty(), qPrintable(error));
    QCOMPARE(token.count('.'), 2);
    QVERIFY(!token.contains('='));

    const auto jws = CompactJws::parse(token, &error);
    QVERIFY2(jws.has_value(), qPrintable(error));
    QCOMPARE(jws->header,
             (QJsonObject {{QStringLiteral("alg"), QStringLiteral("RS256")},
                           {QStringLiteral("kid"), m_signer.keyId()},
                           {QStringLiteral("typ"), QStringLiteral("at+jwt")}}));
    QCOMPARE(jws->claims(), std::optional<QJsonObject>(claims));
    QCOMPARE(jws->signingInput, token.first(token.lastIndexOf('.')));
    QVERIFY(m_signer.key().verifyRs256(jws->signingInput, jws->signature));
}

void TestJwsSigning::compactJwsRejects_data()
{
    QTest::addColumn<QByteArray>("token");
    const QByteArray header = base64UrlEncode(QByteArrayLiteral("{\"alg\":\"RS256\"}"));
    const QByteArray payload = base64UrlEncode(QByteArrayLiteral("{}"));
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("two parts") << QByteArray(header + '.' + payload);
    QTest::newRow("four parts") << QByteArray(header + '.' + payload + ".AA.AA");
    QTest::newRow("empty header") << QByteArray('.' + payload + ".AA");
    QTest::newRow("padded header") << QByteArray(header + "==." + payload + ".AA");
    QTest::newRow("header not JSON") << QByteArray(base64UrlEncode("alg") + '.' + payload + ".AA");
    QTest::newRow("header a JSON array") << QByteArray(base64UrlEncode("[1]") + '.' + payload + ".AA");
    QTest::newRow("payload not base64url") << QByteArray(header + ".a+b." + "AA");
    QTest::newRow("signature not base64url") << QByteArray(header + '.' + payload + ".A A");
}

void TestJwsSigning::compactJwsRejects()
{
    QFETCH(QByteArray, token);
    QString error;
    QVERIFY(!CompactJws::parse(token, &error).has_value());
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestJwsSigning)
#include "TestJwsSigning.moc"
