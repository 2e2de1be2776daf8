// Issue 12, TLS: an expired certificate, a wrong host name, a self-signed certificate, an incomplete chain and a
// server that speaks only TLS 1.0, each served for real on 127.0.0.1 (RawHttpServer, certificates made by
// libcrypto in TestCertificate) and sent through HttpClient; the diagnosis names what is wrong with the
// certificate's facts and the fix, and says the same when the TLS errors are ignored.
#include "RawHttpServer.h"
#include "SendAndWait.h"
#include "TestCertificate.h"
#include "diagnosis/Catalog.h"
#include "diagnosis/Diagnoser.h"
#include "http/HttpClient.h"
#include "http/SecretPolicy.h"
#include "profiles/formats/HarExport.h"
#include "profiles/formats/HarImport.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTest>

using namespace Authlens::Http;
using namespace Authlens::Diagnosis;
using Authlens::Test::RawHttpServer;
using Authlens::Test::TestCertificate;
using Authlens::Test::TestPki;

using Authlens::Test::sendAndWait;

namespace {

/// The findings about TLS (every code starting with "tls.").
QList<Finding> tlsFindings(const Exchange& ex)
{
    QList<Finding> out;
    const QList<Finding> all = diagnose(ex).findings;
    for (const Finding& f : all) {
        if (f.code.startsWith(u"tls."))
            out.append(f);
    }
    return out;
}

QString evidence(const Finding& f, const QString& name)
{
    for (const Evidence& e : f.evidence) {
        if (e.name == name)
            return e.excerpt;
    }
    return {};
}

bool hasFix(const Finding& f, const QString& id)
{
    return std::any_of(f.fixes.cbegin(), f.fixes.cend(), [&id](const Fix& x) { return x.id == id; });
}

QString describe(const QList<Finding>& findings)
{
    QStringList out;
    for (const Finding& f : findings)
        out.append(f.code + u'/' + f.reason + u": " + f.explanation);
    return out.join(u'\n');
}

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

} // namespace

class TestTlsProblems : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fullChainIsAccepted();
    void problems_data();
    void problems();
    void tls10ServerIsReal();
    void harKeepsARefusedHandshake_data();
    void harKeepsARefusedHandshake();
    void recordedProblems_data();
    void recordedProblems();

private:
    /// A TLS server for `name` ("expired", "hostname", "self_signed", "incomplete_chain", "tls10").
    void serve(RawHttpServer& server, const QString& name) const;
    TestPki m_pki;
    TestCertificate m_expired;
    TestCertificate m_otherHost;
    TestCertificate m_selfSigned;
};

void TestTlsProblems::initTestCase()
{
    m_pki = TestPki::generate();
    QVERIFY(!m_pki.root.certificate.isNull() && !m_pki.intermediate.certificate.isNull());
    QVERIFY(!m_pki.leaf.certificate.isNull() && !m_pki.leaf.key.isNull());
    m_expired = m_pki.issueExpired();
    m_otherHost = m_pki.issueForOtherHost();
    m_selfSigned = TestCertificate::generate();
    QVERIFY(!m_expired.certificate.isNull() && !m_otherHost.certificate.isNull());
    QVERIFY(m_expired.certificate.expiryDate() < QDateTime::currentDateTimeUtc());
}

void TestTlsProblems::serve(RawHttpServer& server, const QString& name) const
{
    if (name == u"expired")
        server.useTls({m_expired.certificate, m_pki.intermediate.certificate}, m_expired.key);
    else if (name == u"hostname")
        server.useTls({m_otherHost.certificate, m_pki.intermediate.certificate}, m_otherHost.key);
    else if (name == u"self_signed")
        server.useTls(m_selfSigned.certificate, m_selfSigned.key);
    else if (name == u"incomplete_chain")
        server.useTls(m_pki.leaf.certificate, m_pki.leaf.key); // the intermediate is not sent
    else if (name == u"tls10") {
        server.useTls(m_pki.fullChain(), m_pki.leaf.key);
        server.onlyTls10();
    }
}

void TestTlsProblems::fullChainIsAccepted()
{
    // The control for the chain cases: leaf + intermediate from the server, the root trusted by the
    // client's CA setting, is a clean handshake. So with the same trust, each case below has one problem.
    RawHttpServer server;
    server.useTls(m_pki.fullChain(), m_pki.leaf.key);
    QVERIFY(server.listen());
    HttpClient client;
    RequestSpec spec;
    spec.url = server.url(QStringLiteral("/ok"));
    spec.transport.extraCaCertificates = {m_pki.root.certificate};
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.error.kind, ErrorKind::None);
    QCOMPARE(ex.finalStatus(), 200);
    const TlsInfo& tls = ex.hops.constFirst().tls;
    QVERIFY2(tls.errors.isEmpty(), qPrintable(tls.errors.join(u'|')));
    QCOMPARE(tls.peerChain.size(), 2);
    QCOMPARE(tls.offeredProtocols, QStringList({QStringLiteral("TLS 1.2"), QStringLiteral("TLS 1.3")}));
    QVERIFY(tlsFindings(ex).isEmpty());
}

void TestTlsProblems::problems_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<bool>("trustRoot");
    QTest::addColumn<bool>("ignoreErrors");
    for (const bool ignore : {false, true}) {
        const char* suffix = ignore ? " (errors ignored)" : "";
        QTest::addRow("expired%s", suffix) << QStringLiteral("expired") << true << ignore;
        QTest::addRow("hostname%s", suffix) << QStringLiteral("hostname") << true << ignore;
        QTest::addRow("self_signed%s", suffix) << QStringLiteral("self_signed") << false << ignore;
        QTest::addRow("incomplete_chain%s", suffix) << QStringLiteral("incomplete_chain") << true << ignore;
        QTest::addRow("tls10%s", suffix) << QStringLiteral("tls10") << true << ignore;
    }
}

void TestTlsProblems::problems()
{
    QFETCH(QString, server);
    QFETCH(bool, trustRoot);
    QFETCH(bool, ignoreErrors);
    RawHttpServer raw;
    serve(raw, server);
    QVERIFY(raw.listen());
    HttpClient client;
    RequestSpec spec;
    spec.url = raw.url(QStringLiteral("/api"));
    spec.ignoreTlsErrors = ignoreErrors;
    if (trustRoot)
        spec.transport.extraCaCertificates = {m_pki.root.certificate};
    const Exchange ex = sendAndWait(client, spec);
    QCOMPARE(ex.hops.size(), 1);
    const TlsInfo& tls = ex.hops.constFirst().tls;

    // The exchange: refused, or (errors ignored) answered; a protocol mismatch is no certificate error and
    // cannot be ignored.
    const bool tls10 = server == u"tls10";
    if (ignoreErrors && !tls10) {
        QCOMPARE(ex.error.kind, ErrorKind::None);
        QCOMPARE(ex.finalStatus(), 200);
        QCOMPARE(raw.requests().size(), 1);
        QVERIFY(tls.errorsIgnored);
    } else {
        QCOMPARE(ex.error.kind, ErrorKind::Tls);
        QVERIFY(!ex.hasResponse());
        QVERIFY(raw.requests().isEmpty());
    }
    if (!tls10)
        QVERIFY2(!tls.peerChain.isEmpty(), "the chain is recorded, also when the handshake is refused");

    // Exactly one problem each, under the code that says whether the request went ahead.
    const QList<Finding> findings = tlsFindings(ex);
    QVERIFY2(findings.size() == 1, qPrintable(describe(findings)));
    const Finding& f = findings.constFirst();
    const QString code = tls10 ? QString(Code::TlsProtocolVersion)
        : ignoreErrors         ? QString(Code::TlsErrorsIgnored)
                               : QString(Code::TlsUntrusted);
    QCOMPARE(f.code, code);
    QCOMPARE(f.reason, tls10 ? QStringLiteral("protocol") : server);
    QCOMPARE(f.severity, ignoreErrors && !tls10 ? Severity::Hint : Severity::Cause);
    QVERIFY(!f.source.isEmpty());
    if (ignoreErrors && !tls10) {
        QVERIFY(f.explanation.contains(u"went ahead"));
        QVERIFY(hasFix(f, QStringLiteral("advice.tls_stop_ignoring")));
    }
    if (!tls10) { // the certificate's facts are the evidence
        for (const char* name : {"subject", "issuer", "subject_alt_names", "not_after", "sha256"})
            QVERIFY2(!evidence(f, QString::fromLatin1(name)).isEmpty(), name);
    }

    // What is wrong, in its own facts, and how to fix it.
    const QString why = f.explanation;
    if (server == u"expired") {
        const QString notAfter = iso(m_expired.certificate.expiryDate());
        QVERIFY2(why.contains(u"expired on " + notAfter), qPrintable(why));
        QCOMPARE(evidence(f, QStringLiteral("not_after")), notAfter);
        QVERIFY(hasFix(f, QStringLiteral("advice.tls_renew")));
    } else if (server == u"hostname") {
        QVERIFY2(why.contains(u"covers other.example, www.other.example, but the URL asks for 127.0.0.1"),
                 qPrintable(why));
        QCOMPARE(evidence(f, QStringLiteral("host")), QStringLiteral("127.0.0.1"));
        QVERIFY(hasFix(f, QStringLiteral("advice.tls_use_certificate_name")));
        QVERIFY(hasFix(f, QStringLiteral("advice.tls_reissue")));
    } else if (server == u"self_signed") {
        const QString sha256
            = QString::fromLatin1(m_selfSigned.certificate.digest(QCryptographicHash::Sha256).toHex(':'));
        QVERIFY2(why.contains(u"self-signed") && why.contains(sha256), qPrintable(why));
        QCOMPARE(evidence(f, QStringLiteral("sha256")), sha256);
        const auto trust
            = std::find_if(f.fixes.cbegin(), f.fixes.cend(), [](const Fix& x) { return x.id == u"advice.tls_trust"; });
        QVERIFY(trust != f.fixes.cend());
        QCOMPARE(trust->params.value(u"sha256").toString(), sha256);
        QVERIFY(trust->label.contains(u"profile's CA certificates"));
    } else if (server == u"incomplete_chain") {
        QVERIFY2(why.contains(u"only its own certificate") && why.contains(u"\"Authlens Test Intermediate CA\""),
                 qPrintable(why));
        QCOMPARE(evidence(f, QStringLiteral("issuer")), QStringLiteral("Authlens Test Intermediate CA"));
        QVERIFY(hasFix(f, QStringLiteral("advice.tls_full_chain")));
    } else {
        QVERIFY2(why.contains(u"offered TLS 1.2 and TLS 1.3") && why.contains(u"protocol_version"), qPrintable(why));
        QCOMPARE(evidence(f, QStringLiteral("offered_protocols")), QStringLiteral("TLS 1.2, TLS 1.3"));
        QVERIFY(hasFix(f, QStringLiteral("advice.tls_upgrade")));
    }
}

void TestTlsProblems::tls10ServerIsReal()
{
    // The legacy server is a real TLS 1.0 server, not a script: a client that still allows TLS 1.0 (OpenSSL
    // at security level 0) completes a TLS 1.0 handshake with it.
    RawHttpServer server;
    server.useTls(m_pki.fullChain(), m_pki.leaf.key);
    server.onlyTls10();
    QVERIFY(server.listen());
    QSslSocket socket;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::AnyProtocol);
    config.setBackendConfigurationOption("MinProtocol", QByteArray("TLSv1"));
    config.setBackendConfigurationOption("CipherString", QByteArray("DEFAULT:@SECLEVEL=0"));
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket.setSslConfiguration(config);
    QSignalSpy encrypted(&socket, &QSslSocket::encrypted);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.port());
    QVERIFY2(encrypted.wait(10000), qPrintable(socket.errorString()));
    QCOMPARE(socket.sessionCipher().protocolString(), QStringLiteral("TLSv1"));
}

void TestTlsProblems::harKeepsARefusedHandshake_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("evidenceName");
    QTest::newRow("expired") << QStringLiteral("expired") << QStringLiteral("not_after");
    QTest::newRow("tls10") << QStringLiteral("tls10") << QStringLiteral("offered_protocols");
}

void TestTlsProblems::harKeepsARefusedHandshake()
{
    // Saved as HAR and read back (the GUI's "Save as HAR", `diagnose --har`), a refused handshake is
    // diagnosed as it was live: its errors, the chain the server sent and the versions offered are kept.
    QFETCH(QString, server);
    QFETCH(QString, evidenceName);
    RawHttpServer raw;
    serve(raw, server);
    QVERIFY(raw.listen());
    HttpClient client;
    RequestSpec spec;
    spec.url = raw.url(QStringLiteral("/api"));
    spec.transport.extraCaCertificates = {m_pki.root.certificate};
    const Exchange live = sendAndWait(client, spec);
    QCOMPARE(live.error.kind, ErrorKind::Tls);
    const QByteArray har = Authlens::Formats::exportHar(live, SecretPolicy::standard(), false);
    const auto read = Authlens::Formats::exchangesFromHar(har);
    QVERIFY2(read.ok() && read.exchanges.size() == 1, qPrintable(read.error));
    const Exchange& back = read.exchanges.constFirst();
    QVERIFY(!back.hops.constFirst().tls.used);
    QCOMPARE(back.hops.constFirst().tls.peerChain.size(), live.hops.constFirst().tls.peerChain.size());
    const QList<Finding> before = tlsFindings(live);
    const QList<Finding> after = tlsFindings(back);
    QVERIFY2(after.size() == 1 && before.size() == 1, qPrintable(describe(after)));
    QCOMPARE(after.constFirst().code, before.constFirst().code);
    QCOMPARE(after.constFirst().reason, before.constFirst().reason);
    QCOMPARE(evidence(after.constFirst(), evidenceName), evidence(before.constFirst(), evidenceName));
    QVERIFY(!evidence(after.constFirst(), evidenceName).isEmpty());
}

void TestTlsProblems::recordedProblems_data()
{
    // Recorded facts (an Authlens HAR, a browser's HAR): the rules read the error texts and the chain.
    QTest::addColumn<QStringList>("errors");
    QTest::addColumn<int>("chainLength");
    QTest::addColumn<QStringList>("reasons");
    const QString expired = QStringLiteral("The certificate has expired");
    const QString host = QStringLiteral("The host name did not match any of the valid hosts for this certificate");
    QTest::newRow("two problems, two findings")
        << QStringList {expired, host} << 1 << QStringList {QStringLiteral("expired"), QStringLiteral("hostname")};
    QTest::newRow("not valid yet") << QStringList {QStringLiteral("The certificate is not yet valid")} << 1
                                   << QStringList {QStringLiteral("not_yet_valid")};
    QTest::newRow("untrusted root sent by the server")
        << QStringList {QStringLiteral("The root certificate of the certificate chain is self-signed, and untrusted")}
        << 3 << QStringList {QStringLiteral("untrusted_root")};
    QTest::newRow("issuer missing: one problem for both errors")
        << QStringList {QStringLiteral("The issuer certificate of a locally looked up certificate could not be found"),
                        QStringLiteral("No certificates could be verified")}
        << 1 << QStringList {QStringLiteral("incomplete_chain")};
    QTest::newRow("browser HAR without a chain") << QStringList {QStringLiteral("net::ERR_CERT_AUTHORITY_INVALID")} << 0
                                                 << QStringList {QStringLiteral("untrusted_issuer")};
    QTest::newRow("browser HAR, date invalid, not yet valid")
        << QStringList {QStringLiteral("net::ERR_CERT_DATE_INVALID")} << 1
        << QStringList {QStringLiteral("not_yet_valid")};
}

void TestTlsProblems::recordedProblems()
{
    QFETCH(QStringList, errors);
    QFETCH(int, chainLength);
    QFETCH(QStringList, reasons);
    const QDateTime now = QDateTime::fromString(QStringLiteral("2026-06-01T12:00:00Z"), Qt::ISODate);
    Exchange ex;
    Hop hop;
    hop.request.method = "GET";
    hop.request.url = QUrl(QStringLiteral("https://api.example.test/v1"));
    hop.timing.started = now;
    hop.tls.errors = errors;
    // leaf (expired, or not valid yet for the "not yet" rows), intermediate, self-signed root
    const bool early = QTest::currentDataTag() == QByteArray("not valid yet")
        || QTest::currentDataTag() == QByteArray("browser HAR, date invalid, not yet valid");
    const QStringList names {QStringLiteral("api.example.test"), QStringLiteral("Example Intermediate"),
                             QStringLiteral("Example Root")};
    for (int i = 0; i < chainLength; ++i) {
        CertificateSummary c;
        c.subject = names.at(i);
        c.issuer = i + 1 < names.size() ? names.at(i + 1) : names.at(i);
        c.subjectAltNames = i == 0 ? QStringList {QStringLiteral("www.example.test")} : QStringList();
        c.notBefore = i == 0 && early ? now.addDays(3) : now.addYears(-1);
        c.notAfter = i == 0 && !early ? now.addDays(-2) : now.addYears(1);
        c.sha256 = QStringLiteral("AA:%1").arg(i);
        c.selfSigned = i == 2;
        hop.tls.peerChain.append(c);
    }
    ex.hops.append(hop);
    ex.error = {ErrorKind::Tls, QStringLiteral("SSL handshake failed")};
    ex.hops.last().error = ex.error;
    const QList<Finding> findings = tlsFindings(ex);
    QStringList got;
    for (const Finding& f : findings) {
        QCOMPARE(f.code, QString(Code::TlsUntrusted));
        got.append(f.reason);
    }
    std::sort(got.begin(), got.end());
    std::sort(reasons.begin(), reasons.end());
    QVERIFY2(got == reasons, qPrintable(describe(findings)));
    for (const Finding& f : findings) {
        if (f.reason == u"expired")
            QVERIFY2(f.explanation.contains(u"expired on 2026-05-30T12:00:00Z, 2 d"), qPrintable(f.explanation));
        if (f.reason == u"not_yet_valid")
            QVERIFY2(f.explanation.contains(u"valid only from 2026-06-04T12:00:00Z"), qPrintable(f.explanation));
        if (f.reason == u"hostname")
            QVERIFY2(f.explanation.contains(u"covers www.example.test, but the URL asks for api.example.test"),
                     qPrintable(f.explanation));
        if (f.reason == u"untrusted_root")
            QVERIFY2(f.explanation.contains(u"\"Example Root\" (SHA-256 fingerprint AA:2)"), qPrintable(f.explanation));
        if (f.reason == u"incomplete_chain")
            QVERIFY2(f.explanation.contains(u"but not the certificate of \"Example Intermediate\""),
                     qPrintable(f.explanation));
    }
}

QTEST_GUILESS_MAIN(TestTlsProblems)
#include "TestTlsProblems.moc"
