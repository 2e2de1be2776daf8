// PrivateKey and signHmacJws (src/core/jwt/PrivateKey.h): the signing half used by private_key_jwt client
// assertions (RFC 7523) and DPoP proofs (RFC 9449). Every signature made here is checked by the existing
// verifier (JwtInspector / SignatureVerifier), and keys in every PEM form libcrypto writes are read back.

#include "JwtTestKeys.h"
#include "jwt/Base64Url.h"
#include "jwt/JwtInspector.h"
#include "jwt/KeySet.h"
#include "jwt/PrivateKey.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>

using namespace Authlens;
using namespace Authlens::Jwt;

namespace {

QJsonObject claims()
{
    return QJsonObject {{QStringLiteral("iss"), QStringLiteral("client-1")},
                        {QStringLiteral("sub"), QStringLiteral("client-1")},
                        {QStringLiteral("aud"), QStringLiteral("http://127.0.0.1:1/oauth/token")},
                        {QStringLiteral("exp"), 4102444800LL}};
}

KeySet keysOf(const QJsonObject& jwk)
{
    return KeySet::fromJson(QJsonDocument(QJsonObject {{QStringLiteral("keys"), QJsonArray {jwk}}}).toJson(),
                            QStringLiteral("test JWKS"));
}

/// Re-encodes a PKCS#8 PEM in another libcrypto structure ("type-specific": PKCS#1 for RSA, SEC1 for EC),
/// or as DER; independent of PrivateKey's own reader.
QByteArray reencode(const QByteArray& pkcs8, const char* format, const char* structure)
{
    EVP_PKEY* key = nullptr;
    OSSL_DECODER_CTX* dctx
        = OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", nullptr, nullptr, EVP_PKEY_KEYPAIR, nullptr, nullptr);
    const unsigned char* in = reinterpret_cast<const unsigned char*>(pkcs8.constData());
    size_t inLength = size_t(pkcs8.size());
    const bool decoded = dctx && OSSL_DECODER_from_data(dctx, &in, &inLength) == 1;
    OSSL_DECODER_CTX_free(dctx);
    if (!decoded || !key)
        return {};
    OSSL_ENCODER_CTX* ectx = OSSL_ENCODER_CTX_new_for_pkey(key, EVP_PKEY_KEYPAIR, format, structure, nullptr);
    unsigned char* out = nullptr;
    size_t outLength = 0;
    QByteArray result;
    if (ectx && OSSL_ENCODER_to_data(ectx, &out, &outLength) == 1)
        result = QByteArray(reinterpret_cast<const char*>(out), qsizetype(outLength));
    OPENSSL_free(out);
    OSSL_ENCODER_CTX_free(ectx);
    EVP_PKEY_free(key);
    return result;
}

/// An Ed25519 private key in PKCS#8 PEM: a key type JWS knows (EdDSA) but assertions here do not sign with.
QByteArray ed25519Pem()
{
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    OSSL_ENCODER_CTX* ectx = OSSL_ENCODER_CTX_new_for_pkey(key, EVP_PKEY_KEYPAIR, "PEM", "PrivateKeyInfo", nullptr);
    unsigned char* out = nullptr;
    size_t outLength = 0;
    QByteArray result;
    if (ectx && OSSL_ENCODER_to_data(ectx, &out, &outLength) == 1)
        result = QByteArray(reinterpret_cast<const char*>(out), qsizetype(outLength));
    OPENSSL_free(out);
    OSSL_ENCODER_CTX_free(ectx);
    EVP_PKEY_free(key);
    return result;
}

} // namespace

class TestPrivateKey : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generateSignVerify_data();
    void generateSignVerify();
    void pemRoundTrip_data();
    void pemRoundTrip();
    void derEndingInAWhitespaceByte();
    void verifiesWithIndependentKeyOfSameAlg();
    void algKeyMismatch();
    void badPem_data();
    void badPem();
    void thumbprintRfc7638();
    void thumbprintOfGeneratedKeys();
    void hmac_data();
    void hmac();
    void hmacShortSecret();
};

void TestPrivateKey::generateSignVerify_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("kty");
    for (const char* alg : {"RS256", "PS256", "ES256", "RS384", "PS512", "ES384", "ES512"})
        QTest::newRow(alg) << QString::fromLatin1(alg)
                           << (alg[0] == 'E' ? QStringLiteral("EC") : QStringLiteral("RSA"));
}

void TestPrivateKey::generateSignVerify()
{
    QFETCH(QString, alg);
    QFETCH(QString, kty);
    QString error;
    const PrivateKey key = PrivateKey::generate(alg, &error);
    QVERIFY2(!key.isNull(), qPrintable(error));
    QCOMPARE(key.keyType(), kty);
    QVERIFY(key.supports(alg));

    const QJsonObject jwk = key.publicJwk();
    QCOMPARE(jwk.value(u"kty").toString(), kty);
    // No private member ever leaves in the public JWK (RFC 7518 §6.3.2, §6.2.2).
    for (const char* priv : {"d", "p", "q", "dp", "dq", "qi"})
        QVERIFY2(!jwk.contains(QLatin1String(priv)), priv);

    const QByteArray token = key.signJws(
        QJsonObject {{QStringLiteral("typ"), QStringLiteral("JWT")}, {QStringLiteral("kid"), QStringLiteral("k1")}},
        claims(), alg, &error);
    QVERIFY2(!token.isEmpty(), qPrintable(error));
    QCOMPARE(token.count('.'), 2);

    QJsonObject published = jwk;
    published.insert(QStringLiteral("kid"), QStringLiteral("k1"));
    const TokenReport report = JwtInspector::inspect(token, {}, keysOf(published));
    QCOMPARE(report.header.value(u"alg").toString(), alg);
    QCOMPARE(report.header.value(u"typ").toString(), QStringLiteral("JWT"));
    QCOMPARE(report.claims.value(u"iss").toString(), QStringLiteral("client-1"));
    QCOMPARE(report.signature.status, SignatureStatus::Valid);

    if (kty == u"EC") {
        // RFC 7518 §3.4: R||S, each the coordinate length, not DER.
        const auto signature = base64UrlDecode(token.split('.').at(2));
        QVERIFY(signature.has_value());
        const int expected = alg == u"ES256" ? 64 : alg == u"ES384" ? 96 : 132;
        QCOMPARE(signature->size(), expected);
    }

    // An altered payload no longer verifies.
    QList<QByteArray> parts = token.split('.');
    QJsonObject other = claims();
    other.insert(QStringLiteral("sub"), QStringLiteral("mallory"));
    parts[1] = base64UrlEncode(QJsonDocument(other).toJson(QJsonDocument::Compact));
    QCOMPARE(JwtInspector::inspect(parts.join('.'), {}, keysOf(published)).signature.status, SignatureStatus::Invalid);
}

void TestPrivateKey::pemRoundTrip_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("structure");
    QTest::addColumn<QByteArray>("label");
    QTest::newRow("RSA PKCS#8") << "RS256" << QByteArray("PEM") << QByteArray("PrivateKeyInfo")
                                << QByteArray("-----BEGIN PRIVATE KEY-----");
    QTest::newRow("RSA PKCS#1") << "RS256" << QByteArray("PEM") << QByteArray("type-specific")
                                << QByteArray("-----BEGIN RSA PRIVATE KEY-----");
    QTest::newRow("RSA DER") << "PS256" << QByteArray("DER") << QByteArray("PrivateKeyInfo") << QByteArray();
    QTest::newRow("EC DER") << "ES256" << QByteArray("DER") << QByteArray("PrivateKeyInfo") << QByteArray();
    QTest::newRow("EC PKCS#8") << "ES256" << QByteArray("PEM") << QByteArray("PrivateKeyInfo")
                               << QByteArray("-----BEGIN PRIVATE KEY-----");
    QTest::newRow("EC SEC1") << "ES256" << QByteArray("PEM") << QByteArray("type-specific")
                             << QByteArray("-----BEGIN EC PRIVATE KEY-----");
}

void TestPrivateKey::derEndingInAWhitespaceByte()
{
    // A DER key is binary: one in forty ends in a byte that is also ASCII white space (0x20, 0x09-0x0d),
    // which a text trim would cut. EC keys are quick to make: find such a key, then read it back.
    QByteArray der;
    PrivateKey original;
    for (int i = 0; i < 5000 && der.isEmpty(); ++i) {
        original = PrivateKey::generate(QStringLiteral("ES256"));
        const QByteArray candidate = reencode(original.toPem(), "DER", "PrivateKeyInfo");
        if (!candidate.isEmpty() && QByteArrayView(" \t\n\v\f\r").contains(candidate.back()))
            der = candidate;
    }
    QVERIFY2(!der.isEmpty(), "no key of 5000 ended in a white-space byte");
    QString error;
    const PrivateKey read = PrivateKey::fromPem(der, &error);
    QVERIFY2(!read.isNull(), qPrintable(error));
    QCOMPARE(read.thumbprint(), original.thumbprint());
}

void TestPrivateKey::pemRoundTrip()
{
    QFETCH(QString, alg);
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, structure);
    QFETCH(QByteArray, label);
    const PrivateKey original = PrivateKey::generate(alg);
    QVERIFY(!original.isNull());
    const QByteArray pkcs8 = original.toPem();
    QVERIFY(pkcs8.startsWith("-----BEGIN PRIVATE KEY-----"));

    const QByteArray encoded = reencode(pkcs8, format.constData(), structure.constData());
    QVERIFY(!encoded.isEmpty());
    if (!label.isEmpty())
        QVERIFY2(encoded.startsWith(label), encoded.left(40).constData());

    // Pasted with surrounding text and CRLF line ends, as from a Windows editor or a bundle.
    QByteArray pasted = encoded;
    if (!label.isEmpty())
        pasted = "a comment before the key\r\n" + QByteArray(encoded).replace("\n", "\r\n") + "\r\n";
    QString error;
    const PrivateKey read = PrivateKey::fromPem(pasted, &error);
    QVERIFY2(!read.isNull(), qPrintable(error));
    QCOMPARE(read.keyType(), original.keyType());
    QCOMPARE(read.publicJwk(), original.publicJwk());
    QCOMPARE(read.thumbprint(), original.thumbprint());
    QCOMPARE(read.toPem(), pkcs8);

    const QByteArray token = read.signJws({}, claims(), alg, &error);
    QVERIFY2(!token.isEmpty(), qPrintable(error));
    QCOMPARE(JwtInspector::inspect(token, {}, keysOf(original.publicJwk())).signature.status, SignatureStatus::Valid);
    // The public PEM verifies too (what a server registers).
    QCOMPARE(
        JwtInspector::inspect(token, {}, KeySet::fromPem(original.publicPem(), QStringLiteral("pem"))).signature.status,
        SignatureStatus::Valid);
}

void TestPrivateKey::verifiesWithIndependentKeyOfSameAlg()
{
    // A key made by the test oracle (libcrypto directly) is read and signs tokens its own JWK verifies.
    const Test::JwtTestKey oracle = Test::JwtTestKey::ec(QStringLiteral("P-256"));
    const PrivateKey mine = PrivateKey::generate(QStringLiteral("ES256"));
    const QByteArray token = mine.signJws({}, claims(), QStringLiteral("ES256"));
    // Another key of the same alg must not verify it.
    QCOMPARE(JwtInspector::inspect(token, {}, keysOf(oracle.publicJwk())).signature.status, SignatureStatus::Invalid);
}

void TestPrivateKey::algKeyMismatch()
{
    const PrivateKey rsa = PrivateKey::generate(QStringLiteral("RS256"));
    const PrivateKey ec = PrivateKey::generate(QStringLiteral("ES256"));
    QString error;
    QVERIFY(rsa.signJws({}, claims(), QStringLiteral("ES256"), &error).isEmpty());
    QVERIFY2(error.contains(u"ES256 needs an EC P-256 key") && error.contains(u"RSA 2048-bit"), qPrintable(error));
    QVERIFY(ec.signJws({}, claims(), QStringLiteral("RS256"), &error).isEmpty());
    QVERIFY2(error.contains(u"RS256 needs an RSA key"), qPrintable(error));
    QVERIFY(ec.signJws({}, claims(), QStringLiteral("ES384"), &error).isEmpty());
    QVERIFY2(error.contains(u"P-384"), qPrintable(error));
    QVERIFY(!rsa.supports(QStringLiteral("HS256"), &error));
    QVERIFY2(error.contains(u"shared secret"), qPrintable(error));
    QVERIFY(!rsa.supports(QStringLiteral("none"), &error));
    QVERIFY(PrivateKey::generate(QStringLiteral("HS256"), &error).isNull());
    QVERIFY2(error.contains(u"HS256"), qPrintable(error));
    QVERIFY(PrivateKey().signJws({}, claims(), QStringLiteral("RS256"), &error).isEmpty());
    QCOMPARE(error, QStringLiteral("no private key"));
    QCOMPARE(rsa.defaultAlgorithm(), QStringLiteral("RS256"));
    QCOMPARE(ec.defaultAlgorithm(), QStringLiteral("ES256"));
}

void TestPrivateKey::badPem_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");
    const PrivateKey key = PrivateKey::generate(QStringLiteral("ES256"));
    QTest::newRow("empty") << QByteArray("  \n") << "the private key is empty";
    QTest::newRow("garbage") << QByteArray("hello") << "not a private key";
    QTest::newRow("public key") << key.publicPem() << "this is a public key";
    QTest::newRow("certificate") << QByteArray("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
                                 << "this is a certificate";
    QTest::newRow("pkcs8 encrypted") << QByteArray(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n")
                                     << "encrypted with a passphrase";
    QTest::newRow("traditional encrypted") << QByteArray("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                                                         "DEK-Info: AES-128-CBC,00\n\nMIIB\n-----END RSA PRIVATE "
                                                         "KEY-----\n")
                                           << "encrypted with a passphrase";
    QByteArray truncated = key.toPem();
    truncated.chop(60);
    QTest::newRow("truncated") << truncated << "not a private key";
    QByteArray corrupted = key.toPem();
    corrupted[40] = '!';
    QTest::newRow("corrupted base64") << corrupted << "not a private key";
    QTest::newRow("ed25519") << ed25519Pem() << "unsupported key type ED25519";
}

void TestPrivateKey::badPem()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);
    QString error;
    const PrivateKey key = PrivateKey::fromPem(input, &error);
    QVERIFY(key.isNull());
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestPrivateKey::thumbprintRfc7638()
{
    // RFC 7638 §3.1: the example RSA key and its thumbprint.
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
    QCOMPARE(jwkThumbprint(jwk), QByteArrayLiteral("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
    QVERIFY(jwkThumbprint(QJsonObject {{QStringLiteral("kty"), QStringLiteral("RSA")}}).isEmpty());
    QVERIFY(jwkThumbprint(QJsonObject {{QStringLiteral("kty"), QStringLiteral("foo")}}).isEmpty());
}

void TestPrivateKey::thumbprintOfGeneratedKeys()
{
    // The same key gives the same thumbprint however it is read; two keys give two thumbprints.
    const PrivateKey a = PrivateKey::generate(QStringLiteral("ES256"));
    const PrivateKey b = PrivateKey::generate(QStringLiteral("ES256"));
    QCOMPARE(a.thumbprint().size(), 43); // 32 bytes of SHA-256 in base64url
    QCOMPARE(PrivateKey::fromPem(a.toPem()).thumbprint(), a.thumbprint());
    QVERIFY(a.thumbprint() != b.thumbprint());
    QVERIFY(PrivateKey().thumbprint().isEmpty());
}

void TestPrivateKey::hmac_data()
{
    QTest::addColumn<QString>("alg");
    QTest::newRow("HS256") << "HS256";
    QTest::newRow("HS384") << "HS384";
    QTest::newRow("HS512") << "HS512";
}

void TestPrivateKey::hmac()
{
    QFETCH(QString, alg);
    const QByteArray secret = QByteArray(64, 'k');
    const QJsonObject header {{QStringLiteral("typ"), QStringLiteral("JWT")}};
    QString error;
    const QByteArray token = signHmacJws(header, claims(), alg, secret, &error);
    QVERIFY2(!token.isEmpty(), qPrintable(error));
    // Byte for byte what the independent oracle (QMessageAuthenticationCode) makes.
    QCOMPARE(token, Test::JwtTestKey::hmacToken(alg, secret, header, claims()));
    QCOMPARE(JwtInspector::inspect(token, {}, KeySet::fromSecret(secret)).signature.status, SignatureStatus::Valid);
    QCOMPARE(JwtInspector::inspect(token, {}, KeySet::fromSecret(QByteArray(64, 'x'))).signature.status,
             SignatureStatus::Invalid);
}

void TestPrivateKey::hmacShortSecret()
{
    QString error;
    QVERIFY(signHmacJws({}, claims(), QStringLiteral("HS256"), QByteArray(31, 's'), &error).isEmpty());
    QVERIFY2(error.contains(u"at least 32 bytes (RFC 7518 §3.2); this one has 31"), qPrintable(error));
    QVERIFY(!signHmacJws({}, claims(), QStringLiteral("HS256"), QByteArray(32, 's'), &error).isEmpty());
    QVERIFY(signHmacJws({}, claims(), QStringLiteral("RS256"), QByteArray(32, 's'), &error).isEmpty());
    QVERIFY2(error.contains(u"not an HMAC algorithm"), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestPrivateKey)
#include "TestPrivateKey.moc"
