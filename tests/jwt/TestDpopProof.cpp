// DPoP proofs (RFC 9449 §4): the builder's header and claims (typ, alg, jwk, jti, htm, htu, iat, nonce,
// ath), htu normalisation, and every check of the checker (§4.3, §6.1) failing on its own.
#include "jwt/Base64Url.h"
#include "jwt/CompactJws.h"
#include "jwt/DpopProof.h"
#include "jwt/PrivateKey.h"

#include <QJsonDocument>
#include <QTest>

using namespace Authlens::Jwt;

namespace {

constexpr qint64 Now = 1'800'000'000;

QByteArray encodeJson(const QJsonObject& o)
{
    return base64UrlEncode(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

class TestDpopProof : public QObject
{
    Q_OBJECT

private:
    PrivateKey m_ec;
    PrivateKey m_rsa;
    PrivateKey m_other;

    DpopProofClaims claims() const
    {
        DpopProofClaims c;
        c.method = "GET";
        c.url = QUrl(QStringLiteral("https://api.example.com/resource?x=1#frag"));
        c.issuedAt = Now;
        c.nonce = QStringLiteral("n-1");
        c.accessToken = "access.token.value";
        return c;
    }
    DpopExpectation expectation() const
    {
        DpopExpectation e;
        e.method = "GET";
        e.url = QUrl(QStringLiteral("https://api.example.com/resource?other=2"));
        e.now = Now + 5;
        e.nonce = QStringLiteral("n-1");
        e.accessToken = "access.token.value";
        e.boundJkt = QString::fromLatin1(m_ec.thumbprint());
        return e;
    }
    QByteArray sign(const PrivateKey& key, QJsonObject header, const QJsonObject& payload,
                    const QString& alg = QStringLiteral("ES256")) const
    {
        return key.signJws(std::move(header), payload, alg);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_ec = PrivateKey::generate(QStringLiteral("ES256"), &error);
        QVERIFY2(!m_ec.isNull(), qPrintable(error));
        m_rsa = PrivateKey::generate(QStringLiteral("RS256"), &error);
        QVERIFY2(!m_rsa.isNull(), qPrintable(error));
        m_other = PrivateKey::generate(QStringLiteral("ES256"), &error);
        QVERIFY(!m_other.isNull());
    }

    void htuNormalisation_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("htu");
        QTest::newRow("query and fragment dropped") << "https://api.example.com/a/b?c=d#e"
                                                    << "https://api.example.com/a/b";
        QTest::newRow("scheme and host lower case") << "HTTPS://API.Example.COM/Path"
                                                    << "https://api.example.com/Path";
        QTest::newRow("default https port dropped") << "https://api.example.com:443/x"
                                                    << "https://api.example.com/x";
        QTest::newRow("default http port dropped") << "http://127.0.0.1:80/x"
                                                   << "http://127.0.0.1/x";
        QTest::newRow("other port kept") << "http://127.0.0.1:8080/x?y"
                                         << "http://127.0.0.1:8080/x";
        QTest::newRow("empty path is /") << "https://as.example"
                                         << "https://as.example/";
        QTest::newRow("user info dropped") << "https://u:p@as.example/t"
                                           << "https://as.example/t";
        QTest::newRow("dot segments") << "https://as.example/a/../t"
                                      << "https://as.example/t";
    }
    void htuNormalisation()
    {
        QFETCH(QString, url);
        QFETCH(QString, htu);
        QCOMPARE(dpopHtu(QUrl(url)), htu);
    }

    void athIsSha256OfTheToken()
    {
        // RFC 9449 §7.1's example: the access token "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU" has ath
        // "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo".
        QCOMPARE(dpopAth("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
                 QByteArray("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"));
    }

    void builderHeaderAndClaims()
    {
        QString error;
        const QByteArray proof = buildDpopProof(m_ec, QStringLiteral("ES256"), claims(), &error);
        QVERIFY2(!proof.isEmpty(), qPrintable(error));
        const auto jws = CompactJws::parse(proof);
        QVERIFY(jws);
        QCOMPARE(jws->header.value(u"typ").toString(), QStringLiteral("dpop+jwt"));
        QCOMPARE(jws->header.value(u"alg").toString(), QStringLiteral("ES256"));
        const QJsonObject jwk = jws->header.value(u"jwk").toObject();
        QCOMPARE(jwk, m_ec.publicJwk());
        QVERIFY(!jwk.contains(u"d"));
        QCOMPARE(jws->signature.size(), 64); // R||S, not DER
        const QJsonObject c = *jws->claims();
        QCOMPARE(c.value(u"htm").toString(), QStringLiteral("GET"));
        QCOMPARE(c.value(u"htu").toString(), QStringLiteral("https://api.example.com/resource"));
        QCOMPARE(qint64(c.value(u"iat").toDouble()), Now);
        QCOMPARE(c.value(u"nonce").toString(), QStringLiteral("n-1"));
        QCOMPARE(c.value(u"ath").toString().toLatin1(), dpopAth("access.token.value"));
        QVERIFY(c.value(u"jti").toString().size() >= 22); // 128 random bits
        // A fresh jti for every proof.
        const QByteArray second = buildDpopProof(m_ec, QStringLiteral("ES256"), claims());
        QVERIFY(CompactJws::parse(second)->claims()->value(u"jti") != c.value(u"jti"));
    }

    void builderWithoutNonceAndAth()
    {
        DpopProofClaims c = claims();
        c.nonce.clear();
        c.accessToken.clear();
        const QJsonObject payload = dpopProofPayload(c);
        QVERIFY(!payload.contains(u"nonce"));
        QVERIFY(!payload.contains(u"ath"));
        QCOMPARE(payload.value(u"htm").toString(), QStringLiteral("GET"));
    }

    void builderRefusesAKeyThatCannotSignTheAlg()
    {
        QString error;
        QVERIFY(buildDpopProof(m_rsa, QStringLiteral("ES256"), claims(), &error).isEmpty());
        QVERIFY2(error.contains(u"ES256"), qPrintable(error));
        QVERIFY(buildDpopProof(PrivateKey(), QStringLiteral("ES256"), claims(), &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }

    void validProofsPass_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::newRow("ES256") << "ES256";
        QTest::newRow("RS256") << "RS256";
        QTest::newRow("PS256") << "PS256";
    }
    void validProofsPass()
    {
        QFETCH(QString, alg);
        const PrivateKey& key = alg == u"ES256" ? m_ec : m_rsa;
        const QByteArray proof = buildDpopProof(key, alg, claims());
        DpopExpectation e = expectation();
        e.boundJkt = QString::fromLatin1(key.thumbprint());
        const DpopCheck check = checkDpopProof(proof, e);
        QVERIFY2(check.ok(), qPrintable(check.message));
        QCOMPARE(check.jkt, key.thumbprint());
    }

    void eachCheckFails_data()
    {
        QTest::addColumn<QString>("outcome");
        QTest::newRow("not a JWS") << "malformed";
        QTest::newRow("typ JWT") << "typ";
        QTest::newRow("alg none") << "alg";
        QTest::newRow("alg HS256") << "alg";
        QTest::newRow("alg not accepted") << "alg";
        QTest::newRow("no jwk") << "jwk";
        QTest::newRow("private jwk") << "jwk";
        QTest::newRow("signature by another key") << "signature";
        QTest::newRow("no jti") << "missing_claim";
        QTest::newRow("no iat") << "missing_claim";
        QTest::newRow("iat 1e300") << "missing_claim";
        QTest::newRow("htm POST for GET") << "htm";
        QTest::newRow("htu other path") << "htu";
        QTest::newRow("htu other host") << "htu";
        QTest::newRow("iat too old") << "too_old";
        QTest::newRow("iat in the future") << "future";
        QTest::newRow("no nonce") << "nonce_missing";
        QTest::newRow("old nonce") << "nonce_wrong";
        QTest::newRow("no ath") << "ath_missing";
        QTest::newRow("ath of another token") << "ath_wrong";
        QTest::newRow("key not the bound one") << "jkt_mismatch";
    }
    void eachCheckFails()
    {
        QFETCH(QString, outcome);
        const QString row = QString::fromLatin1(QTest::currentDataTag());
        DpopExpectation e = expectation();
        DpopProofClaims c = claims();
        QJsonObject header = dpopProofHeader(m_ec.publicJwk(), QStringLiteral("ES256"));
        QByteArray proof;
        auto build = [&] { return sign(m_ec, header, dpopProofPayload(c)); };

        if (row == u"not a JWS") {
            proof = "not.a-jws";
        } else if (row == u"typ JWT") {
            header.insert(QStringLiteral("typ"), QStringLiteral("JWT"));
            proof = build();
        } else if (row == u"alg none") {
            QJsonObject h = header;
            h.insert(QStringLiteral("alg"), QStringLiteral("none"));
            proof = encodeJson(h) + '.' + encodeJson(dpopProofPayload(c)) + '.';
        } else if (row == u"alg HS256") {
            proof = signHmacJws(header, dpopProofPayload(c), QStringLiteral("HS256"), QByteArray(32, 'k'));
        } else if (row == u"alg not accepted") {
            e.acceptedAlgs = {QStringLiteral("RS256")};
            proof = build();
        } else if (row == u"no jwk") {
            header.remove(QStringLiteral("jwk"));
            proof = build();
        } else if (row == u"private jwk") {
            QJsonObject jwk = m_ec.publicJwk();
            jwk.insert(QStringLiteral("d"), QStringLiteral("AAAA"));
            header.insert(QStringLiteral("jwk"), jwk);
            proof = build();
        } else if (row == u"signature by another key") {
            proof = sign(m_other, header, dpopProofPayload(c)); // jwk says m_ec
        } else if (row == u"no jti") {
            QJsonObject payload = dpopProofPayload(c);
            payload.remove(QStringLiteral("jti"));
            proof = sign(m_ec, header, payload);
        } else if (row == u"no iat") {
            QJsonObject payload = dpopProofPayload(c);
            payload.remove(QStringLiteral("iat"));
            proof = sign(m_ec, header, payload);
        } else if (row == u"iat 1e300") {
            QJsonObject payload = dpopProofPayload(c);
            payload.insert(QStringLiteral("iat"), 1e300); // not a NumericDate: never cast to an integer
            proof = sign(m_ec, header, payload);
        } else if (row == u"htm POST for GET") {
            c.method = "POST";
            proof = build();
        } else if (row == u"htu other path") {
            c.url = QUrl(QStringLiteral("https://api.example.com/other"));
            proof = build();
        } else if (row == u"htu other host") {
            c.url = QUrl(QStringLiteral("https://evil.example.com/resource"));
            proof = build();
        } else if (row == u"iat too old") {
            c.issuedAt = Now - 3600;
            proof = build();
        } else if (row == u"iat in the future") {
            c.issuedAt = Now + 3600;
            proof = build();
        } else if (row == u"no nonce") {
            c.nonce.clear();
            proof = build();
        } else if (row == u"old nonce") {
            c.nonce = QStringLiteral("n-0");
            proof = build();
        } else if (row == u"no ath") {
            c.accessToken.clear();
            proof = build();
        } else if (row == u"ath of another token") {
            c.accessToken = "another.token";
            proof = build();
        } else if (row == u"key not the bound one") {
            e.boundJkt = QString::fromLatin1(m_other.thumbprint());
            proof = build();
        }
        QVERIFY(!proof.isEmpty());
        const DpopCheck check = checkDpopProof(proof, e);
        QCOMPARE(dpopOutcomeName(check.outcome), outcome);
        QVERIFY(!check.ok());
        QVERIFY(!check.message.isEmpty());
        // The message may become an error_description: printable ASCII, no quotes or backslashes.
        for (const QChar ch : check.message)
            QVERIFY2(ch.unicode() >= 0x20 && ch.unicode() <= 0x7e && ch != u'"' && ch != u'\\',
                     qPrintable(check.message));
    }

    void previousNonceAccepted()
    {
        DpopProofClaims c = claims();
        c.nonce = QStringLiteral("n-0");
        DpopExpectation e = expectation();
        e.acceptedNonces = {QStringLiteral("n-0")};
        QVERIFY(checkDpopProof(buildDpopProof(m_ec, QStringLiteral("ES256"), c), e).ok());
    }

    void noNonceNeededWhenTheServerWantsNone()
    {
        DpopProofClaims c = claims();
        c.nonce.clear();
        c.accessToken.clear();
        DpopExpectation e = expectation();
        e.nonce.clear();
        e.accessToken.clear();
        e.boundJkt.clear();
        QVERIFY(checkDpopProof(buildDpopProof(m_ec, QStringLiteral("ES256"), c), e).ok());
    }

    void garbageNeverCrashes()
    {
        const QList<QByteArray> texts {
            QByteArray(), QByteArray("..."), QByteArray("a.b.c"), QByteArray("eyJ9.eyJ9.AA"),
            encodeJson({{QStringLiteral("typ"), QStringLiteral("dpop+jwt")},
                        {QStringLiteral("alg"), QStringLiteral("ES256")},
                        {QStringLiteral("jwk"), QJsonObject {{QStringLiteral("kty"), QStringLiteral("EC")}}}})
                + QByteArray(".e30.AAAA")};
        for (const QByteArray& text : texts) {
            const DpopCheck check = checkDpopProof(text, expectation());
            QVERIFY(!check.ok());
        }
    }
};

QTEST_GUILESS_MAIN(TestDpopProof)
#include "TestDpopProof.moc"
