// The TLS tab (issue 12) for exchanges whose handshake was refused, from real TLS servers on 127.0.0.1: the chain
// the server sent is shown with its expired certificate marked, and a server that speaks only TLS 1.0 reads as a
// failed handshake with the versions offered, never as plain HTTP.
#include "RawHttpServer.h"
#include "TestCertificate.h"
#include "http/HttpClient.h"
#include "inspector/TlsView.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace Authlens;
using Authlens::Test::RawHttpServer;
using Authlens::Test::TestCertificate;
using Authlens::Test::TestPki;

namespace {

Http::Exchange send(const QUrl& url, const QSslCertificate& trusted)
{
    Http::HttpClient client;
    Http::RequestSpec spec;
    spec.url = url;
    spec.transport.extraCaCertificates = {trusted};
    QSignalSpy spy(&client, &Http::HttpClient::finished);
    client.send(spec);
    if (!spy.wait(10000))
        return {};
    return spy.takeFirst().at(0).value<Http::Exchange>();
}

} // namespace

class TestTlsView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusedHandshakesShowWhatTheServerSent();
};

void TestTlsView::refusedHandshakesShowWhatTheServerSent()
{
    const TestPki pki = TestPki::generate();
    TestCertificate::Spec expiredSpec;
    expiredSpec.notBeforeSeconds = -3600L * 24 * 30;
    expiredSpec.notAfterSeconds = -3600L * 24 * 2;
    const TestCertificate expired = pki.issue(expiredSpec);
    Gui::TlsView view;
    view.resize(800, 500);
    view.show();

    RawHttpServer expiredServer;
    expiredServer.useTls({expired.certificate, pki.intermediate.certificate}, expired.key);
    QVERIFY(expiredServer.listen());
    view.setExchange(send(expiredServer.url(), pki.root.certificate));
    QVERIFY(view.findChild<QLabel*>(QStringLiteral("tlsStateLabel"))->text().contains(u"handshake failed"));
    auto* chain = view.findChild<QTreeWidget*>(QStringLiteral("tlsChainTree"));
    QCOMPARE(chain->topLevelItemCount(), 2);
    QCOMPARE(chain->topLevelItem(0)->text(1), QStringLiteral("Authlens Test Intermediate CA"));
    QCOMPARE(chain->topLevelItem(0)->foreground(2).color(), QColor(0xc6, 0x28, 0x28)); // expired, in red
    QVERIFY(view.findChild<QLabel*>(QStringLiteral("tlsErrorsLabel"))->text().contains(u"expired"));

    RawHttpServer legacy;
    legacy.useTls(pki.fullChain(), pki.leaf.key);
    legacy.onlyTls10();
    QVERIFY(legacy.listen());
    view.setExchange(send(legacy.url(), pki.root.certificate));
    const QString state = view.findChild<QLabel*>(QStringLiteral("tlsStateLabel"))->text();
    QVERIFY2(!state.contains(u"Plain HTTP") && state.contains(u"handshake failed"), qPrintable(state));
    QCOMPARE(view.findChild<QLabel*>(QStringLiteral("tlsProtocolLabel"))->text(),
             QStringLiteral("none agreed (offered: TLS 1.2, TLS 1.3)"));
    QVERIFY(view.findChild<QLabel*>(QStringLiteral("tlsErrorsLabel"))->text().contains(u"protocol version"));
}

QTEST_MAIN(TestTlsView)
#include "TestTlsView.moc"
