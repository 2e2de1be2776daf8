// The dpop.* findings (RFC 9449), one table row per cause: each built from an exchange whose hops carry
// real proofs (signed with real keys) and tokens with cnf.jkt, so the evidence is in the exchange.
#include "diagnosis/Catalog.h"
#include "diagnosis/Diagnoser.h"
#include "jwt/Base64Url.h"
#include "jwt/DpopProof.h"
#include "jwt/PrivateKey.h"

#include <QJsonDocument>
#include <QTest>

using namespace Authlens;
using namespace Authlens::Diagnosis;

namespace {

const QUrl ResourceUrl(QStringLiteral("https://rs.example.com/resource?x=1"));

QByteArray token(const QString& jkt)
{
    QJsonObject claims {{QStringLiteral("iss"), QStringLiteral("https://as.example.com")},
                        {QStringLiteral("sub"), QStringLiteral("user")},
                        {QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 3600},
                        {QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch() - 10}};
    if (!jkt.isEmpty())
        claims.insert(QStringLiteral("cnf"), QJsonObject {{QStringLiteral("jkt"), jkt}});
    const QJsonObject header {{QStringLiteral("alg"), QStringLiteral("RS256")},
                              {QStringLiteral("typ"), QStringLiteral("at+jwt")}};
    return Jwt::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + Jwt::base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.'
        + Jwt::base64UrlEncode(QByteArray(256, 's'));
}

Http::Hop hop(const Http::HeaderList& request, int status, const Http::HeaderList& response,
              const QByteArray& body = "{}", const QByteArray& method = "GET", const QUrl& url = ResourceUrl)
{
    Http::Hop h;
    h.request.method = method;
    h.request.url = url;
    h.request.headers = request;
    h.timing.started = QDateTime::currentDateTimeUtc();
    h.response.received = true;
    h.response.status = status;
    h.response.headers = response;
    h.response.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    h.response.body = Http::Body::fromBytes(body);
    return h;
}

} // namespace

class TestDpopDiagnosis : public QObject
{
    Q_OBJECT

private:
    Jwt::PrivateKey m_key;
    Jwt::PrivateKey m_other;

    QByteArray proof(const QByteArray& method, const QUrl& url, qint64 iat, const QString& nonce,
                     const QByteArray& accessToken, const Jwt::PrivateKey& key) const
    {
        Jwt::DpopProofClaims c;
        c.method = method;
        c.url = url;
        c.issuedAt = iat;
        c.nonce = nonce;
        c.accessToken = accessToken;
        return Jwt::buildDpopProof(key, QStringLiteral("ES256"), c);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_key = Jwt::PrivateKey::generate(QStringLiteral("ES256"));
        m_other = Jwt::PrivateKey::generate(QStringLiteral("ES256"));
        QVERIFY(!m_key.isNull() && !m_other.isNull());
    }

    void table_data()
    {
        QTest::addColumn<QString>("code"); ///< expected top finding; empty: no dpop.* finding at all
        QTest::addColumn<QString>("reason");
        QTest::newRow("bound token, no proof") << "dpop.proof_missing"
                                               << "no_proof";
        QTest::newRow("bound token as Bearer") << "dpop.proof_missing"
                                               << "sent_as_bearer";
        QTest::newRow("DPoP-only challenge, no proof") << "dpop.proof_missing"
                                                       << "dpop_challenge";
        QTest::newRow("resource asks for a nonce") << "dpop.nonce_required"
                                                   << "";
        QTest::newRow("authorization server asks for a nonce") << "dpop.nonce_required"
                                                               << "";
        QTest::newRow("nonce resend refused again") << "dpop.nonce_required"
                                                    << "retry_refused";
        QTest::newRow("nonce resend satisfied") << ""
                                                << "";
        QTest::newRow("proof by another key") << "dpop.jkt_mismatch"
                                              << "";
        QTest::newRow("proof for another URL") << "dpop.htu_mismatch"
                                               << "htu";
        QTest::newRow("proof for another method") << "dpop.htm_mismatch"
                                                  << "htm";
        QTest::newRow("proof an hour old") << "dpop.proof_too_old"
                                           << "old";
        QTest::newRow("server says the proof is too old") << "dpop.proof_too_old"
                                                          << "server_says";
        QTest::newRow("server refuses the signature") << "dpop.proof_invalid"
                                                      << "";
    }
    void table();
};

void TestDpopDiagnosis::table()
{
    QFETCH(QString, code);
    QFETCH(QString, reason);
    const QString row = QString::fromLatin1(QTest::currentDataTag());
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray jkt = m_key.thumbprint();
    const QByteArray bound = token(QString::fromLatin1(jkt));
    const QByteArray dpopAuth = "DPoP " + bound;
    const auto withProof = [&](const QByteArray& p) {
        return Http::HeaderList {{"Authorization", dpopAuth}, {"DPoP", p}};
    };
    const QByteArray good = proof("GET", ResourceUrl, now, QStringLiteral("n1"), bound, m_key);
    const Http::HeaderList invalidToken {{"WWW-Authenticate", R"(DPoP algs="ES256", error="invalid_token")"}};
    const Http::HeaderList invalidProof {
        {"WWW-Authenticate", R"(DPoP algs="ES256", error="invalid_dpop_proof", error_description="x")"}};
    const Http::HeaderList nonceAsked {{"WWW-Authenticate", R"(DPoP error="use_dpop_nonce")"}, {"DPoP-Nonce", "n1"}};

    Http::Exchange ex;
    if (row == u"bound token, no proof") {
        ex.hops = {hop({{"Authorization", dpopAuth}}, 401, invalidToken)};
    } else if (row == u"bound token as Bearer") {
        ex.hops = {hop({{"Authorization", "Bearer " + bound}, {"DPoP", good}}, 401,
                       {{"WWW-Authenticate", R"(Bearer error="invalid_token")"}})};
    } else if (row == u"DPoP-only challenge, no proof") {
        ex.hops = {
            hop({{"Authorization", "Bearer " + token({})}}, 401, {{"WWW-Authenticate", R"(DPoP algs="ES256 RS256")"}})};
    } else if (row == u"resource asks for a nonce") {
        ex.hops = {hop(withProof(proof("GET", ResourceUrl, now, {}, bound, m_key)), 401, nonceAsked)};
    } else if (row == u"authorization server asks for a nonce") {
        const QUrl tokenUrl(QStringLiteral("https://as.example.com/token"));
        ex.hops = {hop({{"DPoP", proof("POST", tokenUrl, now, {}, {}, m_key)}}, 400, {{"DPoP-Nonce", "as1"}},
                       R"({"error":"use_dpop_nonce","error_description":"Authorization server requires nonce"})",
                       "POST", tokenUrl)};
    } else if (row == u"nonce resend refused again") {
        ex.hops = {
            hop(withProof(proof("GET", ResourceUrl, now, {}, bound, m_key)), 401, nonceAsked),
            hop(withProof(good), 401, {{"WWW-Authenticate", R"(DPoP error="use_dpop_nonce")"}, {"DPoP-Nonce", "n2"}})};
    } else if (row == u"nonce resend satisfied") {
        ex.hops = {hop(withProof(proof("GET", ResourceUrl, now, {}, bound, m_key)), 401, nonceAsked),
                   hop(withProof(good), 200, {{"DPoP-Nonce", "n2"}}, R"({"ok":true})")};
    } else if (row == u"proof by another key") {
        ex.hops
            = {hop(withProof(proof("GET", ResourceUrl, now, QStringLiteral("n1"), bound, m_other)), 401, invalidToken)};
    } else if (row == u"proof for another URL") {
        ex.hops = {hop(withProof(proof("GET", QUrl(QStringLiteral("https://rs.example.com/other")), now,
                                       QStringLiteral("n1"), bound, m_key)),
                       401, invalidProof)};
    } else if (row == u"proof for another method") {
        ex.hops
            = {hop(withProof(proof("POST", ResourceUrl, now, QStringLiteral("n1"), bound, m_key)), 401, invalidProof)};
    } else if (row == u"proof an hour old") {
        ex.hops = {hop(withProof(proof("GET", ResourceUrl, now - 3600, QStringLiteral("n1"), bound, m_key)), 401,
                       invalidProof)};
    } else if (row == u"server says the proof is too old") {
        ex.hops = {hop(withProof(good), 401,
                       {{"WWW-Authenticate",
                         R"(DPoP error="invalid_dpop_proof", error_description="The DPoP )"
                         R"(proof is too old: iat is 400 s before now")"}})};
    } else if (row == u"server refuses the signature") {
        ex.hops = {hop(withProof(good), 401,
                       {{"WWW-Authenticate",
                         R"(DPoP error="invalid_dpop_proof", error_description="The DPoP )"
                         R"(proof's signature does not verify")"}})};
    }
    QVERIFY(!ex.hops.isEmpty());
    const Authlens::Diagnosis::Diagnosis d = diagnose(ex);
    QStringList dpopCodes;
    for (const Finding& f : d.findings) {
        if (f.code.startsWith(u"dpop."))
            dpopCodes.append(f.code + u'/' + f.reason);
    }
    if (code.isEmpty()) {
        QVERIFY2(dpopCodes.isEmpty(), qPrintable(dpopCodes.join(u", ")));
        return;
    }
    QVERIFY2(d.top(), "no finding");
    QVERIFY2(d.top()->code == code, qPrintable(u"top " + d.top()->code + u"; dpop: " + dpopCodes.join(u", ")));
    QCOMPARE(d.top()->severity, Severity::Cause);
    QCOMPARE(d.top()->reason, reason);
    QVERIFY(!d.top()->evidence.isEmpty());
    QVERIFY(!d.top()->explanation.isEmpty());
    QCOMPARE(d.top()->hop, int(ex.hops.size()) - 1);
    // Evidence never quotes the proof or the token.
    const QByteArray json = QJsonDocument(d.toJson()).toJson();
    QVERIFY(!json.contains(bound));
    QVERIFY(!json.contains(good));
}

QTEST_GUILESS_MAIN(TestDpopDiagnosis)
#include "TestDpopDiagnosis.moc"
