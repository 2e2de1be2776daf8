// Issue 12, TLS, as a user runs it: `authlens-cli send --json` against real TLS servers on 127.0.0.1 (an expired
// certificate, a wrong host name, a self-signed one, an incomplete chain, a TLS 1.0-only server), with and
// without --insecure. The findings in the JSON name the problem with the certificate's facts and the fix.
#include "ProcessRun.h"
#include "RawHttpServer.h"
#include "TestCertificate.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using Authlens::Test::RawHttpServer;
using Authlens::Test::TestCertificate;
using Authlens::Test::TestPki;

namespace {

Authlens::Test::ProcessResult runCli(const QStringList& args)
{
    static QTemporaryDir dataDir;
    QList<QPair<QString, QString>> environment {{QStringLiteral("AUTHLENS_DATA_DIR"), dataDir.path()}};
    return Authlens::Test::runProcess(QStringLiteral(AUTHLENS_CLI_PATH), args, {{}, environment, 30000});
}

QList<QJsonObject> tlsFindings(const QJsonObject& json)
{
    QList<QJsonObject> out;
    for (const QJsonValue& v : json[u"findings"].toArray()) {
        if (v[u"code"].toString().startsWith(u"tls."))
            out.append(v.toObject());
    }
    return out;
}

QString evidence(const QJsonObject& finding, const QString& name)
{
    for (const QJsonValue& v : finding[u"evidence"].toArray()) {
        if (v[u"name"].toString() == name)
            return v[u"excerpt"].toString();
    }
    return {};
}

QStringList fixIds(const QJsonObject& finding)
{
    QStringList out;
    for (const QJsonValue& v : finding[u"fixes"].toArray())
        out.append(v[u"id"].toString());
    return out;
}

} // namespace

class TestCliTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void problems_data();
    void problems();

private:
    TestPki m_pki;
    TestCertificate m_expired;
    TestCertificate m_otherHost;
    TestCertificate m_selfSigned;
    QTemporaryDir m_dir;
    QString m_rootFile; ///< the root CA as PEM, for --cacert (a certificate: no secret)
};

void TestCliTls::initTestCase()
{
    m_pki = TestPki::generate();
    m_expired = m_pki.issueExpired();
    m_otherHost = m_pki.issueForOtherHost();
    m_selfSigned = TestCertificate::generate();
    QVERIFY(!m_expired.certificate.isNull() && !m_otherHost.certificate.isNull() && !m_pki.leaf.key.isNull());
    QVERIFY(m_dir.isValid());
    m_rootFile = m_dir.filePath(QStringLiteral("root.pem"));
    QFile file(m_rootFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(m_pki.root.certificate.toPem());
}

void TestCliTls::problems_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<bool>("insecure");
    for (const bool insecure : {false, true}) {
        const char* suffix = insecure ? " --insecure" : "";
        for (const char* name : {"expired", "hostname", "self_signed", "incomplete_chain", "tls10"})
            QTest::addRow("%s%s", name, suffix) << QString::fromLatin1(name) << insecure;
    }
}

void TestCliTls::problems()
{
    QFETCH(QString, server);
    QFETCH(bool, insecure);
    RawHttpServer raw;
    if (server == u"expired")
        raw.useTls({m_expired.certificate, m_pki.intermediate.certificate}, m_expired.key);
    else if (server == u"hostname")
        raw.useTls({m_otherHost.certificate, m_pki.intermediate.certificate}, m_otherHost.key);
    else if (server == u"self_signed")
        raw.useTls(m_selfSigned.certificate, m_selfSigned.key);
    else if (server == u"incomplete_chain")
        raw.useTls(m_pki.leaf.certificate, m_pki.leaf.key);
    else {
        raw.useTls(m_pki.fullChain(), m_pki.leaf.key);
        raw.onlyTls10();
    }
    QVERIFY(raw.listen());
    QStringList args {QStringLiteral("send"), QStringLiteral("--json")};
    if (server != u"self_signed") // trust the root: each server has exactly one problem
        args << QStringLiteral("--cacert") << m_rootFile;
    if (insecure)
        args << QStringLiteral("--insecure");
    args << raw.url(QStringLiteral("/api")).toString();
    const auto result = runCli(args);
    const bool tls10 = server == u"tls10";
    const bool completes = insecure && !tls10;
    // DESIGN.md §6: 4 for a TLS failure; 0 when --insecure let the request through.
    QVERIFY2(result.exitCode == (completes ? 0 : 4), result.err.constData());
    const QJsonObject json = result.json();
    const QJsonObject hop = json[u"hops"].toArray().first().toObject();
    QCOMPARE(hop[u"response"].toObject()[u"status"].toInt(), completes ? 200 : 0);
    const QJsonObject tls = hop[u"tls"].toObject();
    QCOMPARE(tls[u"errors_ignored"].toBool(), completes);
    QCOMPARE(tls[u"offered_protocols"].toArray().size(), 2);
    if (!tls10)
        QVERIFY(!tls[u"peer_chain"].toArray().isEmpty());

    const QList<QJsonObject> findings = tlsFindings(json);
    QVERIFY2(findings.size() == 1, result.out.constData());
    const QJsonObject f = findings.constFirst();
    QCOMPARE(f[u"code"].toString(),
             tls10          ? QStringLiteral("tls.protocol_version")
                 : insecure ? QStringLiteral("tls.errors_ignored")
                            : QStringLiteral("tls.untrusted"));
    QCOMPARE(f[u"reason"].toString(), tls10 ? QStringLiteral("protocol") : server);
    const QString why = f[u"explanation"].toString();
    const QStringList fixes = fixIds(f);
    if (server == u"expired") {
        const QString notAfter = m_expired.certificate.expiryDate().toUTC().toString(Qt::ISODate);
        QVERIFY2(why.contains(u"expired on " + notAfter), qPrintable(why));
        QCOMPARE(evidence(f, QStringLiteral("not_after")), notAfter);
        QVERIFY(fixes.contains(u"advice.tls_renew"));
    } else if (server == u"hostname") {
        QVERIFY2(why.contains(u"covers other.example, www.other.example, but the URL asks for 127.0.0.1"),
                 qPrintable(why));
        QCOMPARE(evidence(f, QStringLiteral("subject_alt_names")).split(QStringLiteral(", ")).size(), 2);
        QVERIFY(fixes.contains(u"advice.tls_use_certificate_name") && fixes.contains(u"advice.tls_reissue"));
    } else if (server == u"self_signed") {
        const QString sha256
            = QString::fromLatin1(m_selfSigned.certificate.digest(QCryptographicHash::Sha256).toHex(':'));
        QVERIFY2(why.contains(sha256), qPrintable(why));
        QCOMPARE(evidence(f, QStringLiteral("sha256")), sha256);
        QVERIFY(fixes.contains(u"advice.tls_trust"));
    } else if (server == u"incomplete_chain") {
        QVERIFY2(why.contains(u"but not the certificate of \"Authlens Test Intermediate CA\""), qPrintable(why));
        QCOMPARE(evidence(f, QStringLiteral("issuer")), QStringLiteral("Authlens Test Intermediate CA"));
        QVERIFY(fixes.contains(u"advice.tls_full_chain"));
    } else {
        QVERIFY2(why.contains(u"offered TLS 1.2 and TLS 1.3"), qPrintable(why));
        QVERIFY(fixes.contains(u"advice.tls_upgrade"));
    }
    if (completes)
        QVERIFY(fixes.contains(u"advice.tls_stop_ignoring"));
    for (const char* name : {"subject", "issuer", "subject_alt_names", "not_after", "sha256"}) {
        if (!tls10)
            QVERIFY2(!evidence(f, QString::fromLatin1(name)).isEmpty(), name);
    }
}

QTEST_GUILESS_MAIN(TestCliTls)
#include "TestCliTls.moc"
