// Signature verification (src/core/jwt: VerificationKey, KeySet, SignatureVerifier, JwtInspector) against
// RFC known answers and against tokens signed here with libcrypto directly (JwtTestKeys), for every
// algorithm: HS/RS/PS/ES 256/384/512 and EdDSA. Plus the attacks and mix-ups a verifier must catch.

#include "JwtTestKeys.h"
#include "RfcVectors.h"
#include "TestCertificate.h"
#include "jwt/JwtInspector.h"
#include "jwt/KeySet.h"
#include "jwt/SignatureVerifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Jwt;
using Test::JwtTestKey;

namespace {

KeySet jwks(const QList<QJsonObject>& keys, const QString& source = QStringLiteral("test JWKS"))
{
    QJsonArray array;
    for (const QJsonObject& key : keys)
        array.append(key);
    QString error;
    KeySet set
        = KeySet::fromJson(QJsonDocument(QJsonObject {{QStringLiteral("keys"), array}}).toJson(), source, &error);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return set;
}

KeySet jwk(const char* json)
{
    return KeySet::fromJson(QByteArray(json), QStringLiteral("RFC JWK"));
}

QJsonObject claims()
{
    return QJsonObject {{QStringLiteral("iss"), QStringLiteral("https://issuer.test")},
                        {QStringLiteral("sub"), QStringLiteral("alice")},
                        {QStringLiteral("exp"), 4102444800LL}};
}

/// The problem subcodes of a result, for compact comparisons.
QStringList subcodes(const SignatureResult& result)
{
    QStringList list;
    for (const Problem& problem : result.problems)
        list.append(problem.code + QLatin1Char('/') + problem.subcode);
    return list;
}

SignatureResult verify(const QByteArray& token, const KeySet& keys, const VerificationContext& context = {})
{
    return JwtInspector::inspect(token, {}, keys, context).signature;
}

QByteArray tamperPayload(const QByteArray& token)
{
    QList<QByteArray> parts = token.split('.');
    QJsonObject changed
        = QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding)).object();
    changed.insert(QStringLiteral("sub"), QStringLiteral("mallory"));
    parts[1] = JwtTestKey::b64(QJsonDocument(changed).toJson(QJsonDocument::Compact));
    return parts.join('.');
}

} // namespace

class TestJwtSignature : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void rfcVectors_data();
    void rfcVectors();
    void rfcVectorsRejectOtherKeys();

    void everyAlgorithm_data();
    void everyAlgorithm();
    void hmacAlgorithms_data();
    void hmacAlgorithms();

    void pemPublicKeyAndCertificate();
    void jwkImportErrors_data();
    void jwkImportErrors();
    void jwksSkipsUnusableEntries();

    void kidSelection();
    void kidUnknownMeansRotation();
    void severalCandidatesTried();
    void algConfusion();
    void algKeyMismatch();
    void algNone_data();
    void algNone();
    void weakSecretAndNoKey();
    void ecdsaSignatureForms();
    void unsupportedAlgorithm();
    void keyRestrictedByJwkAlgAndUse();

private:
    JwtTestKey m_rsa;
    JwtTestKey m_rsa2;
    JwtTestKey m_p256;
    JwtTestKey m_p384;
    JwtTestKey m_p521;
    JwtTestKey m_ed25519;
};

void TestJwtSignature::initTestCase()
{
    m_rsa = JwtTestKey::rsa(2048);
    m_rsa2 = JwtTestKey::rsa(2048);
    m_p256 = JwtTestKey::ec(QStringLiteral("P-256"));
    m_p384 = JwtTestKey::ec(QStringLiteral("P-384"));
    m_p521 = JwtTestKey::ec(QStringLiteral("P-521"));
    m_ed25519 = JwtTestKey::ed25519();
    for (const JwtTestKey* key : {&m_rsa, &m_rsa2, &m_p256, &m_p384, &m_p521, &m_ed25519})
        QVERIFY(!key->isNull());
}

void TestJwtSignature::rfcVectors_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("alg");
    QTest::newRow("RFC 7515 A.1 HS256") << QByteArray(RfcVectors::A1Token) << QByteArray(RfcVectors::A1Jwk)
                                        << QStringLiteral("HS256");
    QTest::newRow("RFC 7515 A.2 RS256") << QByteArray(RfcVectors::A2Token) << QByteArray(RfcVectors::A2Jwk)
                                        << QStringLiteral("RS256");
    QTest::newRow("RFC 7515 A.3 ES256") << QByteArray(RfcVectors::A3Token) << QByteArray(RfcVectors::A3Jwk)
                                        << QStringLiteral("ES256");
    QTest::newRow("RFC 7515 A.4 ES512") << QByteArray(RfcVectors::A4Token) << QByteArray(RfcVectors::A4Jwk)
                                        << QStringLiteral("ES512");
    QTest::newRow("RFC 7519 3.1 HS256") << QByteArray(RfcVectors::Rfc7519Token) << QByteArray(RfcVectors::A1Jwk)
                                        << QStringLiteral("HS256");
    QTest::newRow("RFC 8037 A.4 EdDSA") << QByteArray(RfcVectors::Ed25519Token) << QByteArray(RfcVectors::Ed25519Jwk)
                                        << QStringLiteral("EdDSA");
}

void TestJwtSignature::rfcVectors()
{
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, key);
    QFETCH(QString, alg);
    QString error;
    const KeySet keys = KeySet::fromJson(key, QStringLiteral("RFC JWK"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(keys.size(), 1);
    const SignatureResult result = verify(token, keys);
    QCOMPARE(result.alg, alg);
    QVERIFY2(result.status == SignatureStatus::Valid, qPrintable(result.attempts.join(u'\n')));
    QVERIFY(!result.verifiedBy.isEmpty());
    QVERIFY(result.problems.isEmpty());

    // One flipped signature bit must break it.
    QByteArray broken = token;
    const qsizetype last = broken.size() - 3;
    broken[last] = broken[last] == 'A' ? 'B' : 'A';
    QCOMPARE(verify(broken, keys).status, SignatureStatus::Invalid);
}

void TestJwtSignature::rfcVectorsRejectOtherKeys()
{
    // The A.2 token against another RSA key, A.3 against another P-256 key.
    QCOMPARE(verify(RfcVectors::A2Token, jwks({m_rsa.publicJwk()})).status, SignatureStatus::Invalid);
    QCOMPARE(verify(RfcVectors::A3Token, jwks({m_p256.publicJwk()})).status, SignatureStatus::Invalid);
    QCOMPARE(verify(RfcVectors::A1Token, KeySet::fromSecret("another secret, 32 bytes or more!")).status,
             SignatureStatus::Invalid);
    // The unsecured A.5 token has no signature to verify, whatever keys there are.
    const SignatureResult none = verify(RfcVectors::A5Token, jwk(RfcVectors::A2Jwk));
    QCOMPARE(none.status, SignatureStatus::Invalid);
    QVERIFY(subcodes(none).contains(QStringLiteral("token.signature/alg_none")));
}

void TestJwtSignature::everyAlgorithm_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<int>("keyIndex");
    QTest::newRow("RS256") << QStringLiteral("RS256") << 0;
    QTest::newRow("RS384") << QStringLiteral("RS384") << 0;
    QTest::newRow("RS512") << QStringLiteral("RS512") << 0;
    QTest::newRow("PS256") << QStringLiteral("PS256") << 0;
    QTest::newRow("PS384") << QStringLiteral("PS384") << 0;
    QTest::newRow("PS512") << QStringLiteral("PS512") << 0;
    QTest::newRow("ES256") << QStringLiteral("ES256") << 1;
    QTest::newRow("ES384") << QStringLiteral("ES384") << 2;
    QTest::newRow("ES512") << QStringLiteral("ES512") << 3;
    QTest::newRow("EdDSA") << QStringLiteral("EdDSA") << 4;
}

void TestJwtSignature::everyAlgorithm()
{
    QFETCH(QString, alg);
    QFETCH(int, keyIndex);
    const JwtTestKey* keys[] = {&m_rsa, &m_p256, &m_p384, &m_p521, &m_ed25519};
    const JwtTestKey& key = *keys[keyIndex];
    const QByteArray token = key.token(alg, {}, claims(), QStringLiteral("k1"));

    // As a JWK in a JWKS, and as a PEM public key.
    const SignatureResult viaJwks = verify(token, jwks({key.publicJwk(QStringLiteral("k1"))}));
    QVERIFY2(viaJwks.status == SignatureStatus::Valid, qPrintable(viaJwks.attempts.join(u'\n')));
    QString error;
    const KeySet pem = KeySet::fromPem(key.publicPem(), QStringLiteral("PEM"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(verify(token, pem).status, SignatureStatus::Valid);

    // Altered claims, or a signature by another key of the same type: invalid.
    const SignatureResult tampered = verify(tamperPayload(token), pem);
    QCOMPARE(tampered.status, SignatureStatus::Invalid);
    QVERIFY(subcodes(tampered).contains(QStringLiteral("token.signature/invalid")));
    if (alg.startsWith(u"RS") || alg.startsWith(u"PS"))
        QCOMPARE(verify(token, jwks({m_rsa2.publicJwk()})).status, SignatureStatus::Invalid);
}

void TestJwtSignature::hmacAlgorithms_data()
{
    QTest::addColumn<QString>("alg");
    QTest::newRow("HS256") << QStringLiteral("HS256");
    QTest::newRow("HS384") << QStringLiteral("HS384");
    QTest::newRow("HS512") << QStringLiteral("HS512");
}

void TestJwtSignature::hmacAlgorithms()
{
    QFETCH(QString, alg);
    const QByteArray secret(64, 's');
    const QByteArray token = JwtTestKey::hmacToken(alg, secret, {}, claims());
    const SignatureResult ok = verify(token, KeySet::fromSecret(secret));
    QCOMPARE(ok.status, SignatureStatus::Valid);
    QVERIFY(ok.problems.isEmpty());
    QCOMPARE(verify(token, KeySet::fromSecret(QByteArray(64, 't'))).status, SignatureStatus::Invalid);
    QCOMPARE(verify(tamperPayload(token), KeySet::fromSecret(secret)).status, SignatureStatus::Invalid);
    // As an oct JWK too.
    const QJsonObject octJwk {{QStringLiteral("kty"), QStringLiteral("oct")},
                              {QStringLiteral("k"), QString::fromLatin1(JwtTestKey::b64(secret))}};
    QCOMPARE(verify(token, jwks({octJwk})).status, SignatureStatus::Valid);
}

void TestJwtSignature::pemPublicKeyAndCertificate()
{
    // A certificate made by the shared test support: its RSA public key verifies what its private key signed.
    const Test::TestCertificate certificate = Test::TestCertificate::generate();
    QVERIFY(!certificate.certificate.isNull());
    QString error;
    const KeySet fromCertificate
        = KeySet::fromPem(certificate.certificate.toPem(), QStringLiteral("certificate"), &error);
    QVERIFY2(!fromCertificate.isEmpty(), qPrintable(error));
    QCOMPARE(fromCertificate.keys().constFirst().keyType(), QStringLiteral("RSA"));

    // A private key file works too (its public half is used).
    const KeySet fromPrivate = KeySet::fromPem(certificate.key.toPem(), QStringLiteral("private key"), &error);
    QVERIFY2(!fromPrivate.isEmpty(), qPrintable(error));
    QCOMPARE(fromPrivate.keys().constFirst().bits(), fromCertificate.keys().constFirst().bits());

    // Garbage is an error, never a crash.
    QVERIFY(KeySet::fromPem("-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n",
                            QStringLiteral("junk"), &error)
                .isEmpty());
    QVERIFY(!error.isEmpty());
    QVERIFY(KeySet::fromPem(QByteArray(), QStringLiteral("empty"), &error).isEmpty());
}

void TestJwtSignature::jwkImportErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("errorContains");
    QTest::newRow("not json") << QByteArrayLiteral("{\"keys\":[") << QStringLiteral("not JSON");
    QTest::newRow("keys not array") << QByteArrayLiteral("{\"keys\":{}}") << QStringLiteral("not an array");
    QTest::newRow("neither") << QByteArrayLiteral("{\"foo\":1}") << QStringLiteral("neither a JWKS");
    QTest::newRow("array root") << QByteArrayLiteral("[]") << QStringLiteral("not a JSON object");
}

void TestJwtSignature::jwkImportErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, errorContains);
    QString error;
    QVERIFY(KeySet::fromJson(json, QStringLiteral("input"), &error).isEmpty());
    QVERIFY2(error.contains(errorContains), qPrintable(error));
}

void TestJwtSignature::jwksSkipsUnusableEntries()
{
    QJsonObject shortEc = m_p256.publicJwk(QStringLiteral("short"));
    shortEc.insert(QStringLiteral("x"), QStringLiteral("AAAA")); // 3 bytes, not 32
    const KeySet set = jwks({
        QJsonObject {{QStringLiteral("kty"), QStringLiteral("weird")}, {QStringLiteral("kid"), QStringLiteral("w")}},
        QJsonObject {{QStringLiteral("kty"), QStringLiteral("OKP")},
                     {QStringLiteral("crv"), QStringLiteral("X25519")},
                     {QStringLiteral("x"), QStringLiteral("3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08")}},
        QJsonObject {{QStringLiteral("kty"), QStringLiteral("EC")},
                     {QStringLiteral("crv"), QStringLiteral("P-256")},
                     {QStringLiteral("x"), QStringLiteral("!!")},
                     {QStringLiteral("y"), QStringLiteral("AA")}},
        shortEc,
        // A P-256 "point" that is not on the curve.
        QJsonObject {{QStringLiteral("kty"), QStringLiteral("EC")},
                     {QStringLiteral("crv"), QStringLiteral("P-256")},
                     {QStringLiteral("x"), QString::fromLatin1(JwtTestKey::b64(QByteArray(32, '\x01')))},
                     {QStringLiteral("y"), QString::fromLatin1(JwtTestKey::b64(QByteArray(32, '\x01')))}},
        m_rsa.publicJwk(QStringLiteral("good")),
    });
    QCOMPARE(set.size(), 1);
    QCOMPARE(set.keys().constFirst().keyId(), QStringLiteral("good"));
    QCOMPARE(set.skipped().size(), 5);
    QVERIFY(set.skipped().at(0).contains(QStringLiteral("unsupported JWK kty")));
    QVERIFY(set.skipped().at(1).contains(QStringLiteral("key agreement")));
    QVERIFY(set.skipped().at(3).contains(QStringLiteral("32 bytes")));
}

void TestJwtSignature::kidSelection()
{
    const QByteArray token = m_rsa.token(QStringLiteral("RS256"), {}, claims(), QStringLiteral("right"));
    // The right kid among several keys; keys without kid also qualify.
    const KeySet set = jwks({m_rsa2.publicJwk(QStringLiteral("other")), m_rsa.publicJwk(QStringLiteral("right")),
                             m_p256.publicJwk(QStringLiteral("ec"))});
    const SignatureResult result = verify(token, set);
    QCOMPARE(result.status, SignatureStatus::Valid);
    QVERIFY(result.verifiedBy.contains(QStringLiteral("kid \"right\"")));
    QCOMPARE(result.kid, QStringLiteral("right"));
    QCOMPARE(verify(token, jwks({m_rsa.publicJwk()})).status, SignatureStatus::Valid);
}

void TestJwtSignature::kidUnknownMeansRotation()
{
    const QByteArray token = m_rsa.token(QStringLiteral("RS256"), {}, claims(), QStringLiteral("old-key"));
    const KeySet set = jwks({m_rsa2.publicJwk(QStringLiteral("new-key"))}, QStringLiteral("the JWKS at https://x"));
    VerificationContext context;
    context.keysRefetched = true;
    const SignatureResult result = verify(token, set, context);
    QCOMPARE(result.status, SignatureStatus::Invalid);
    QCOMPARE(subcodes(result), QStringList {QStringLiteral("token.signature/kid_unknown")});
    const QString message = result.problems.constFirst().message;
    QVERIFY2(message.contains(QStringLiteral("rotated")), qPrintable(message));
    QVERIFY(message.contains(QStringLiteral("new-key")));
    QVERIFY(message.contains(QStringLiteral("even after fetching it again")));
    QCOMPARE(result.problems.constFirst().part, QStringLiteral("kid"));
}

void TestJwtSignature::severalCandidatesTried()
{
    // No kid in the token: every RSA key is tried until one verifies.
    const QByteArray token = m_rsa.token(QStringLiteral("PS256"), {}, claims());
    const SignatureResult result
        = verify(token, jwks({m_rsa2.publicJwk(QStringLiteral("a")), m_rsa.publicJwk(QStringLiteral("b"))}));
    QCOMPARE(result.status, SignatureStatus::Valid);
    QCOMPARE(result.attempts.size(), 1); // the first key failed
    const SignatureResult none = verify(
        token, jwks({m_rsa2.publicJwk(QStringLiteral("a")), JwtTestKey::rsa(2048).publicJwk(QStringLiteral("c"))}));
    QCOMPARE(none.status, SignatureStatus::Invalid);
    QCOMPARE(none.attempts.size(), 2);
    QVERIFY(none.problems.constFirst().message.contains(QStringLiteral("none of the 2 candidate keys")));
}

void TestJwtSignature::algConfusion()
{
    // The classic forgery: HS256 "signed" with the issuer's public key bytes as secret.
    const QByteArray publicPem = m_rsa.publicPem();
    const QByteArray forged = JwtTestKey::hmacToken(QStringLiteral("HS256"), publicPem, {}, claims());
    const SignatureResult fromPem = verify(forged, KeySet::fromPem(publicPem, QStringLiteral("PEM")));
    QCOMPARE(fromPem.status, SignatureStatus::Invalid);
    QCOMPARE(subcodes(fromPem), QStringList {QStringLiteral("token.signature/alg_confusion")});
    QCOMPARE(fromPem.problems.constFirst().severity, Severity::Error);

    VerificationContext context;
    context.issuer = QStringLiteral("https://issuer.test");
    const SignatureResult fromJwks = verify(forged, jwks({m_rsa.publicJwk(QStringLiteral("k"))}), context);
    QCOMPARE(fromJwks.status, SignatureStatus::Invalid);
    QVERIFY(fromJwks.problems.constFirst().message.contains(QStringLiteral("https://issuer.test")));
    QVERIFY(fromJwks.problems.constFirst().message.contains(QStringLiteral("RSA")));
}

void TestJwtSignature::algKeyMismatch()
{
    // An RS256 token against an EC key with the same kid; ES256 against a P-384 key; EdDSA against RSA.
    const QByteArray rs = m_rsa.token(QStringLiteral("RS256"), {}, claims(), QStringLiteral("k"));
    const SignatureResult rsVsEc = verify(rs, jwks({m_p256.publicJwk(QStringLiteral("k"))}));
    QCOMPARE(rsVsEc.status, SignatureStatus::Invalid);
    QCOMPARE(subcodes(rsVsEc), QStringList {QStringLiteral("token.signature/alg_key_mismatch")});
    QVERIFY(rsVsEc.problems.constFirst().message.contains(QStringLiteral("RS256 needs a RSA key, this is EC")));

    const QByteArray es = m_p256.token(QStringLiteral("ES256"), {}, claims());
    const SignatureResult curve = verify(es, jwks({m_p384.publicJwk()}));
    QCOMPARE(subcodes(curve), QStringList {QStringLiteral("token.signature/alg_key_mismatch")});
    QVERIFY(curve.problems.constFirst().message.contains(QStringLiteral("P-256")));

    const QByteArray ed = m_ed25519.token(QStringLiteral("EdDSA"), {}, claims());
    QCOMPARE(verify(ed, KeySet::fromPem(m_rsa.publicPem(), QStringLiteral("PEM"))).status, SignatureStatus::Invalid);
    // An HMAC secret against an RS256 token.
    QCOMPARE(subcodes(verify(rs, KeySet::fromSecret(QByteArray(32, 'x')))),
             QStringList {QStringLiteral("token.signature/alg_key_mismatch")});
}

void TestJwtSignature::algNone_data()
{
    QTest::addColumn<QString>("alg");
    QTest::newRow("none") << QStringLiteral("none");
    QTest::newRow("None") << QStringLiteral("None");
    QTest::newRow("NONE") << QStringLiteral("NONE");
    QTest::newRow("nOnE") << QStringLiteral("nOnE");
}

void TestJwtSignature::algNone()
{
    QFETCH(QString, alg);
    const QByteArray token
        = JwtTestKey::signingInput(QJsonObject {{QStringLiteral("alg"), alg}}, claims()) + QByteArrayLiteral(".");
    const TokenReport report = JwtInspector::inspect(token, {}, jwks({m_rsa.publicJwk()}));
    QCOMPARE(report.format, TokenFormat::Unsecured);
    QCOMPARE(report.signature.status, SignatureStatus::Invalid);
    QCOMPARE(subcodes(report.signature), QStringList {QStringLiteral("token.signature/alg_none")});
    if (alg != u"none")
        QVERIFY(report.signature.problems.constFirst().message.contains(QStringLiteral("case variant")));
    // Without keys too: an unsigned token is never "unverified".
    QCOMPARE(JwtInspector::inspect(token).signature.status, SignatureStatus::Invalid);
}

void TestJwtSignature::weakSecretAndNoKey()
{
    const QByteArray shortSecret("secret");
    const QByteArray token = JwtTestKey::hmacToken(QStringLiteral("HS256"), shortSecret, {}, claims());
    const SignatureResult result = verify(token, KeySet::fromSecret(shortSecret));
    QCOMPARE(result.status, SignatureStatus::Valid);
    QCOMPARE(subcodes(result), QStringList {QStringLiteral("token.signature/weak_secret")});
    QCOMPARE(result.problems.constFirst().severity, Severity::Warning);
    QVERIFY(result.problems.constFirst().message.contains(QStringLiteral("6 bytes")));

    const SignatureResult noKey = JwtInspector::inspect(token).signature;
    QCOMPARE(noKey.status, SignatureStatus::Unverified);
    QCOMPARE(subcodes(noKey), QStringList {QStringLiteral("token.signature/no_key")});
    QCOMPARE(noKey.problems.constFirst().severity, Severity::Info);
}

void TestJwtSignature::ecdsaSignatureForms()
{
    const QByteArray input
        = JwtTestKey::signingInput(QJsonObject {{QStringLiteral("alg"), QStringLiteral("ES256")}}, claims());
    const QByteArray rs = m_p256.sign(QStringLiteral("ES256"), input);
    QCOMPARE(rs.size(), 64);
    const KeySet keys = jwks({m_p256.publicJwk()});
    QCOMPARE(verify(input + '.' + JwtTestKey::b64(rs), keys).status, SignatureStatus::Valid);

    // A DER signature (what libcrypto makes) is not a JOSE signature: reported with a hint.
    QByteArray der;
    {
        // SEQUENCE { INTEGER r, INTEGER s } with both as positive integers.
        const auto integer = [](QByteArray v) -> QByteArray {
            while (v.size() > 1 && v[0] == '\0' && !(v[1] & 0x80))
                v.remove(0, 1);
            if (v[0] & 0x80)
                v.prepend('\0');
            return QByteArray(1, '\x02') + char(v.size()) + v;
        };
        const QByteArray body = integer(rs.left(32)) + integer(rs.mid(32));
        der = QByteArray(1, '\x30') + char(body.size()) + body;
    }
    const SignatureResult derResult = verify(input + '.' + JwtTestKey::b64(der), keys);
    QCOMPARE(derResult.status, SignatureStatus::Invalid);
    QVERIFY2(derResult.problems.constFirst().message.contains(QStringLiteral("DER")),
             qPrintable(derResult.problems.constFirst().message));

    // Truncated and empty-but-present signatures.
    QCOMPARE(verify(input + '.' + JwtTestKey::b64(rs.left(63)), keys).status, SignatureStatus::Invalid);
    // r = 0, s = 0 is never valid.
    QCOMPARE(verify(input + '.' + JwtTestKey::b64(QByteArray(64, '\0')), keys).status, SignatureStatus::Invalid);
}

void TestJwtSignature::unsupportedAlgorithm()
{
    for (const char* alg : {"ES256K", "HS1", "RSA-OAEP", "dir"}) {
        const QByteArray token
            = JwtTestKey::signingInput(QJsonObject {{QStringLiteral("alg"), QString::fromLatin1(alg)}}, claims())
            + QByteArrayLiteral(".c2ln");
        const SignatureResult result = verify(token, jwks({m_rsa.publicJwk()}));
        QCOMPARE(result.status, SignatureStatus::Unsupported);
        QCOMPARE(subcodes(result), QStringList {QStringLiteral("token.signature/unsupported_alg")});
    }
}

void TestJwtSignature::keyRestrictedByJwkAlgAndUse()
{
    const QByteArray token = m_rsa.token(QStringLiteral("PS256"), {}, claims());
    // The JWK says RS256 only: a PS256 token must not verify with it.
    const SignatureResult restricted
        = verify(token, jwks({m_rsa.publicJwk(QStringLiteral("k"), QStringLiteral("RS256"))}));
    QCOMPARE(restricted.status, SignatureStatus::Invalid);
    QVERIFY(restricted.problems.constFirst().message.contains(QStringLiteral("published for RS256")));
    QJsonObject encryptionKey = m_rsa.publicJwk();
    encryptionKey.insert(QStringLiteral("use"), QStringLiteral("enc"));
    QCOMPARE(verify(token, jwks({encryptionKey})).status, SignatureStatus::Invalid);
}

QTEST_GUILESS_MAIN(TestJwtSignature)
#include "TestJwtSignature.moc"
