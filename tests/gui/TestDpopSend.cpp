// Issue 11 in the window: the demo profile "Demo · OAuth 2 with DPoP (RFC 9449)" sent with the Send
// button. The first send gets a DPoP-bound token first (its key made on first use), then the resource
// answers 200 after its nonce hop; the second send, from the composer, signs with the same key.
// Real widgets, the in-process demo API on 127.0.0.1, offscreen.
#include "GuiTestSupport.h"
#include "common/Dialogs.h"
#include "composer/RequestComposer.h"
#include "demo/DemoServer.h"
#include "jwt/CompactJws.h"
#include "jwt/PrivateKey.h"
#include "mainwindow/MainWindow.h"
#include "oauth/TokenRefresher.h"
#include "profiles/SecretStore.h"
#include "session/RequestController.h"
#include "session/Session.h"

#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Authlens;

namespace {

const QString DpopDemo = QStringLiteral("Demo · OAuth 2 with DPoP (RFC 9449)");

QByteArray proofKeyOf(const Http::Hop& hop)
{
    const auto proof = Jwt::CompactJws::parse(Http::headerValue(hop.request.headers, "DPoP"));
    return proof ? Jwt::jwkThumbprint(proof->header.value(u"jwk").toObject()) : QByteArray();
}

} // namespace

class TestDpopSend : public Test::DemoWindowTest
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void demoProfileGetsATokenThenTheResource();

private:
    /// Sends the saved request with the Send button; the exchange that came back (through the token flow
    /// when the profile refreshed first).
    Http::Exchange send();
};

void TestDpopSend::initTestCase()
{
    prepareApplication();
}

void TestDpopSend::init()
{
    openWindow();
}

void TestDpopSend::cleanup()
{
    closeWindow();
}

Http::Exchange TestDpopSend::send()
{
    Http::Exchange exchange;
    if (!m_window->selectSavedRequest(DpopDemo, QStringLiteral("/dpop/resource")))
        return exchange;
    QSignalSpy finished(m_window->findChild<Gui::RequestController*>(), &Gui::RequestController::finished);
    QSignalSpy flowFinished(tokens(), &Gui::TokenRefresher::exchangeFinished);
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    if (!QTest::qWaitFor([&] { return finished.size() + flowFinished.size() == 1; }, 15000))
        return exchange;
    if (!QTest::qWaitFor([&] { return !tokens()->isRunning(); }, 5000))
        return exchange;
    const QSignalSpy& spy = finished.isEmpty() ? flowFinished : finished;
    return spy.first().first().value<Http::Exchange>();
}

void TestDpopSend::demoProfileGetsATokenThenTheResource()
{
    // First send: no token yet, so the profile's grant runs first (refresh before sending).
    QSignalSpy resent(tokens(), &Gui::TokenRefresher::resendFinished);
    const Http::Exchange first = send();
    QCOMPARE(resent.size(), 1);
    const Workspace::ResendOutcome outcome = resent.first().first().value<Gui::ResendResult>().outcome;
    QVERIFY(outcome.refreshedFirst);
    QVERIFY(outcome.token && outcome.token->ok);
    QCOMPARE(outcome.token->response.tokenType, QStringLiteral("DPoP"));
    // The authorization server's nonce step is a hop of the token request.
    QCOMPARE(outcome.token->tokenRequestStep()->exchange.hops.size(), 2);
    const QByteArray key = Jwt::PrivateKey::fromPem(outcome.profile.sessionSecrets.dpopKey.toLatin1()).thumbprint();
    QVERIFY(!key.isEmpty());
    // The resource: its nonce step, then 200, with proofs of that key.
    QCOMPARE(first.hops.size(), 2);
    QCOMPARE(first.finalStatus(), 200);
    QCOMPARE(proofKeyOf(first.hops.at(1)), key);
    QVERIFY(child<QLabel>("statusLabel")->text().contains(QStringLiteral("200")));

    // Second send: the token is fresh, so it goes as it is, from the composer: the same key signs the proof
    // (the GUI kept the key the token service made) and the token bound to it is accepted.
    const Http::Exchange second = send();
    QCOMPARE(resent.size(), 1);
    QCOMPARE(second.finalStatus(), 200);
    QCOMPARE(proofKeyOf(second.hops.constLast()), key);
    QVERIFY(Http::headerValue(second.hops.constLast().request.headers, "Authorization").startsWith("DPoP "));
}

QTEST_MAIN(TestDpopSend)
#include "TestDpopSend.moc"
