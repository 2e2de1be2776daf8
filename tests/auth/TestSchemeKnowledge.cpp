// Scheme and parameter explanations: every scheme and parameter the issue names is known, has words and a
// specification reference, and value-aware explanations tell error codes, algorithms and scopes apart.
#include "auth/SchemeKnowledge.h"

#include <QTest>

using namespace Authlens::Auth;

class TestSchemeKnowledge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void schemes_data();
    void schemes();
    void unknownScheme();
    void params_data();
    void params();
    void valueAware_data();
    void valueAware();
    void unknownParams();
};

void TestSchemeKnowledge::schemes_data()
{
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("canonical");
    QTest::addColumn<QString>("reference");
    QTest::addColumn<bool>("performable");
    QTest::newRow("basic") << QByteArray("basic") << QByteArray("Basic") << QStringLiteral("RFC 7617 §2") << true;
    QTest::newRow("bearer") << QByteArray("Bearer") << QByteArray("Bearer") << QStringLiteral("RFC 6750 §3") << true;
    QTest::newRow("digest") << QByteArray("DIGEST") << QByteArray("Digest") << QStringLiteral("RFC 7616 §3.3") << true;
    QTest::newRow("negotiate") << QByteArray("Negotiate") << QByteArray("Negotiate") << QStringLiteral("RFC 4559 §4")
                               << false;
    QTest::newRow("ntlm") << QByteArray("ntlm") << QByteArray("NTLM") << QStringLiteral("Microsoft [MS-NLMP]") << false;
    QTest::newRow("dpop") << QByteArray("dpop") << QByteArray("DPoP") << QStringLiteral("RFC 9449 §7.1") << false;
    QTest::newRow("aws4") << QByteArray("AWS4-HMAC-SHA256") << QByteArray("AWS4-HMAC-SHA256")
                          << QStringLiteral("AWS Signature Version 4") << false;
    QTest::newRow("hoba") << QByteArray("HOBA") << QByteArray("HOBA") << QStringLiteral("RFC 7486 §3") << false;
    QTest::newRow("mutual") << QByteArray("Mutual") << QByteArray("Mutual") << QStringLiteral("RFC 8120 §4") << false;
    QTest::newRow("scram-sha-1") << QByteArray("SCRAM-SHA-1") << QByteArray("SCRAM-SHA-1")
                                 << QStringLiteral("RFC 7804 §5") << false;
    QTest::newRow("scram-sha-256") << QByteArray("scram-sha-256") << QByteArray("SCRAM-SHA-256")
                                   << QStringLiteral("RFC 7804 §5") << false;
}

void TestSchemeKnowledge::schemes()
{
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, canonical);
    QFETCH(QString, reference);
    QFETCH(bool, performable);
    const SchemeInfo info = schemeInfo(scheme);
    QVERIFY(info.known);
    QCOMPARE(info.name, canonical);
    QCOMPARE(info.reference.label, reference);
    if (reference.startsWith(u"RFC ")) {
        const QString number = reference.section(u' ', 1, 1);
        const QString section = reference.section(u'§', 1);
        QCOMPARE(info.reference.url,
                 QStringLiteral("https://www.rfc-editor.org/rfc/rfc%1#section-%2").arg(number, section));
    }
    QCOMPARE(info.canPerform, performable);
    QCOMPARE(canPerform(scheme), performable);
    QVERIFY(info.title.size() > 5);
    QVERIFY(info.explanation.size() > 60);
    QVERIFY(info.clientAdvice.size() > 30);
    QVERIFY(knownSchemes().contains(canonical));
}

void TestSchemeKnowledge::unknownScheme()
{
    const SchemeInfo info = schemeInfo("Newauth");
    QVERIFY(!info.known);
    QCOMPARE(info.name, QByteArray("Newauth")); // shown raw
    QVERIFY(!info.canPerform);
    QVERIFY(!canPerform("Newauth"));
    QVERIFY(!info.explanation.isEmpty());
    // Negotiate and NTLM: explained, with what to do without Kerberos, but not performed.
    QVERIFY(schemeInfo("Negotiate").clientAdvice.contains(u"Kerberos"));
    QVERIFY(schemeInfo("Negotiate").explanation.contains(u"token68"));
    QVERIFY(schemeInfo("NTLM").explanation.contains(u"type 2"));
}

void TestSchemeKnowledge::params_data()
{
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("param");
    QTest::addColumn<QString>("reference");
    auto add = [](const char* scheme, const char* param, const char* reference) {
        QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(scheme), QLatin1String(param))))
            << QByteArray(scheme) << QByteArray(param) << QString::fromUtf8(reference);
    };
    add("Basic", "realm", "RFC 7617 §2");
    add("Basic", "charset", "RFC 7617 §2.1");
    add("Bearer", "realm", "RFC 6750 §3");
    add("Bearer", "scope", "RFC 6750 §3");
    add("Bearer", "error", "RFC 6750 §3.1");
    add("Bearer", "error_description", "RFC 6750 §3");
    add("Bearer", "error_uri", "RFC 6750 §3");
    add("Bearer", "resource_metadata", "RFC 9728 §5.1");
    add("Bearer", "service", "Docker Registry token authentication");
    add("Bearer", "authorization_uri", "Microsoft identity platform");
    add("Bearer", "resource_id", "Microsoft identity platform");
    for (const char* p : {"realm", "domain", "nonce", "opaque", "stale", "algorithm", "qop", "charset", "userhash"})
        add("Digest", p, "RFC 7616 §3.3");
    add("Digest", "username", "RFC 7616 §3.4");
    add("Digest", "response", "RFC 7616 §3.4.1");
    add("Digest", "nextnonce", "RFC 7616 §3.5");
    add("Digest", "rspauth", "RFC 7616 §3.5");
    add("DPoP", "algs", "RFC 9449 §7.1");
    add("DPoP", "error", "RFC 9449 §7.1");
    add("AWS4-HMAC-SHA256", "Credential", "AWS Signature Version 4");
    add("AWS4-HMAC-SHA256", "SignedHeaders", "AWS Signature Version 4");
    add("AWS4-HMAC-SHA256", "Signature", "AWS Signature Version 4");
    add("HOBA", "challenge", "RFC 7486 §3");
    add("HOBA", "max-age", "RFC 7486 §3");
    add("Mutual", "reason", "RFC 8120 §4.1");
    add("SCRAM-SHA-256", "data", "RFC 7804 §5");
    add("SCRAM-SHA-1", "sid", "RFC 7804 §5");
    add("Newauth", "realm", "RFC 9110 §11.5"); // the generic meaning for any scheme
}

void TestSchemeKnowledge::params()
{
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, param);
    QFETCH(QString, reference);
    const ParamInfo info = paramInfo(scheme, param);
    QVERIFY(info.known);
    QCOMPARE(info.reference.label, reference);
    QVERIFY(info.explanation.size() > 20);
    // Case-insensitive in both scheme and name.
    QCOMPARE(paramInfo(scheme.toUpper(), param.toUpper()).explanation, info.explanation);
}

void TestSchemeKnowledge::valueAware_data()
{
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("param");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("mentions");
    auto add = [](const char* name, const char* scheme, const char* param, const char* value, const char* mentions) {
        QTest::newRow(name) << QByteArray(scheme) << QByteArray(param) << QByteArray(value)
                            << QString::fromUtf8(mentions);
    };
    add("invalid_request", "Bearer", "error", "invalid_request", "malformed");
    add("invalid_token", "Bearer", "error", "invalid_token", "refresh");
    add("insufficient_scope", "Bearer", "error", "insufficient_scope", "scope");
    add("extension error", "Bearer", "error", "quota_exceeded", "extension");
    add("use_dpop_nonce", "DPoP", "error", "use_dpop_nonce", "DPoP-Nonce");
    add("invalid_dpop_proof", "DPoP", "error", "invalid_dpop_proof", "proof");
    add("registry realm", "Bearer", "realm", "https://auth.docker.io/token", "token");
    add("registry scope", "Bearer", "scope", "repository:library/ubuntu:pull,push", "library/ubuntu");
    add("azure tenant", "Bearer", "authorization_uri",
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/authorize",
        "72f988bf-86f1-41af-91ab-2d7cd011db47");
    add("md5", "Digest", "algorithm", "MD5", "broken");
    add("sha-256", "Digest", "algorithm", "SHA-256", "SHA-256");
    add("sha-512-256-sess", "Digest", "algorithm", "SHA-512-256-sess", "-sess");
    add("unknown algorithm", "Digest", "algorithm", "SHA-1", "Unknown");
    add("stale true", "Digest", "stale", "TRUE", "new nonce");
    add("stale false", "Digest", "stale", "false", "wrong");
    add("qop both", "Digest", "qop", "auth, auth-int", "auth");
    add("qop auth-int only", "Digest", "qop", "auth-int", "body");
    add("basic charset", "Basic", "charset", "UTF-8", "UTF-8");
    add("bad charset", "Basic", "charset", "latin1", "Not allowed");
    add("aws credential", "AWS4-HMAC-SHA256", "credential", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request",
        "us-east-1");
    add("aws temporary key", "AWS4-HMAC-SHA256", "credential", "ASIAXXXX/20240101/eu-west-1/sts/aws4_request",
        "X-Amz-Security-Token");
    add("aws malformed credential", "AWS4-HMAC-SHA256", "credential", "AKIA/2024", "Malformed");
}

void TestSchemeKnowledge::valueAware()
{
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, param);
    QFETCH(QByteArray, value);
    QFETCH(QString, mentions);
    const ParamInfo info = paramInfo(scheme, param, value);
    QVERIFY2(info.valueExplanation.contains(mentions, Qt::CaseInsensitive), qPrintable(info.valueExplanation));
    // The three RFC 6750 codes are explained differently, each on its own.
    QVERIFY(paramInfo("Bearer", "error", "invalid_token").valueExplanation
            != paramInfo("Bearer", "error", "insufficient_scope").valueExplanation);
}

void TestSchemeKnowledge::unknownParams()
{
    const ParamInfo unknown = paramInfo("Basic", "frobnicate", "1");
    QVERIFY(!unknown.known);
    QVERIFY(!unknown.explanation.isEmpty());
    QVERIFY(unknown.valueExplanation.isEmpty());
    QVERIFY(unknown.reference.isEmpty());
    const ParamInfo extended = paramInfo("Newauth", "title*", "UTF-8''x");
    QCOMPARE(extended.reference.label, QStringLiteral("RFC 8187 §3.2"));
    QVERIFY(paramInfo("Bearer", "scope", "").valueExplanation.contains(u"Empty"));
    QVERIFY(paramInfo("Bearer", "scope", "read write").valueExplanation.isEmpty());
}

QTEST_APPLESS_MAIN(TestSchemeKnowledge)
#include "TestSchemeKnowledge.moc"
