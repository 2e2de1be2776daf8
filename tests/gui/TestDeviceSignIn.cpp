// Issue 11 in the window: the device sign-in (RFC 8628). The demo's device profile answers 401 without a
// token; "Refresh token & resend" runs the device grant and the panel shows the code (copyable), the link,
// a QR code and a running countdown; the approval, sent to the demo's /device page over HTTP, lets the
// flow finish with a 200. Cancel stops the run. Real widgets, the in-process demo API, offscreen.
#include "GuiTestSupport.h"
#include "common/Dialogs.h"
#include "composer/RequestComposer.h"
#include "diagnosis/DiagnosisPanel.h"
#include "diagnosis/FindingCard.h"
#include "http/HttpClient.h"
#include "mainwindow/MainWindow.h"
#include "oauth/DeviceCodePanel.h"
#include "oauth/QrCode.h"
#include "oauth/TokenRefresher.h"
#include "profiles/SecretStore.h"
#include "session/RequestController.h"
#include "session/Session.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Authlens;

namespace {

const QString DeviceDemo = QStringLiteral("Demo · OAuth 2 device sign-in (RFC 8628)");
const QString DeviceDemoId = QStringLiteral("demo-oauth-device");

} // namespace

class TestDeviceSignIn : public Test::DemoWindowTest
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void approvedOnThePageTurnsThe401Into200();
    void cancelStopsTheRun();
    void panelSaysEachAnswer();
    void qrCodeOfAUrl();

private:
    /// Sends the device profile's /api/profile (401) and presses its fix: the device panel, shown.
    Gui::DeviceCodePanel* startSignIn();
    int decide(const QString& userCode, const QString& action);
};

void TestDeviceSignIn::initTestCase()
{
    prepareApplication();
    qunsetenv("AUTHLENS_BROWSER");
}

void TestDeviceSignIn::init()
{
    openWindow();
    // The demo profile's client polls every 5 s; its -fast twin every second.
    Profiles::Profile p = *m_window->session()->findProfile(DeviceDemoId);
    p.auth.oauth.clientId = QStringLiteral("authlens-device-fast");
    m_window->session()->addProfiles({p});
}

void TestDeviceSignIn::cleanup()
{
    closeWindow();
}

Gui::DeviceCodePanel* TestDeviceSignIn::startSignIn()
{
    if (!m_window->selectSavedRequest(DeviceDemo, QStringLiteral("/api/profile")))
        return nullptr;
    QSignalSpy finished(m_window->findChild<Gui::RequestController*>(), &Gui::RequestController::finished);
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    if (!QTest::qWaitFor([&] { return finished.size() == 1; }, 10000) || !inspectorStatus().contains(u"401"))
        return nullptr;
    const Gui::FindingCard* card = panel()->card(QStringLiteral("credentials.missing"));
    if (!card)
        return nullptr;
    for (QPushButton* button : card->fixButtons()) {
        if (button->property("fixId").toString() == u"token.refresh")
            QTest::mouseClick(button, Qt::LeftButton);
    }
    return Test::waitForDialog<Gui::DeviceCodePanel>(m_window.get());
}

int TestDeviceSignIn::decide(const QString& userCode, const QString& action)
{
    Http::HttpClient browser;
    Http::RequestSpec spec;
    spec.method = "POST";
    spec.url = QUrl(m_window->session()->findProfile(DeviceDemoId)->baseUrl + QStringLiteral("/device"));
    spec.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")}};
    spec.body = "user_code=" + QUrl::toPercentEncoding(userCode) + "&action=" + action.toLatin1();
    QSignalSpy finished(&browser, &Http::HttpClient::finished);
    browser.send(spec);
    if (!finished.wait(10000))
        return 0;
    return finished.takeFirst().at(0).value<Http::Exchange>().finalStatus();
}

void TestDeviceSignIn::approvedOnThePageTurnsThe401Into200()
{
    QPointer<Gui::DeviceCodePanel> device = startSignIn();
    QVERIFY2(device, qPrintable(inspectorStatus() + u" / " + panel()->bodyText()));
    QVERIFY(tokens()->isRunning());

    // The code, large and copyable.
    auto* code = child<QLabel>(device, "deviceUserCode");
    QVERIFY2(QRegularExpression(QStringLiteral("^[A-Z]{4}-[A-Z]{4}$")).match(code->text()).hasMatch(),
             qPrintable(code->text()));
    QVERIFY(code->font().pointSizeF() > QApplication::font().pointSizeF() * 1.5);
    QVERIFY(code->textInteractionFlags() & Qt::TextSelectableByMouse);
    QTest::mouseClick(child<QPushButton>(device, "deviceCopyCode"), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), code->text());

    // The link, and the QR code of verification_uri_complete.
    QCOMPARE(device->pageUrl().path(), QStringLiteral("/device"));
    QCOMPARE(device->pageUrl().query(), QStringLiteral("user_code=") + code->text());
    QVERIFY(child<QLabel>(device, "deviceVerificationLink")->text().contains(u"/device"));
    const QPixmap qr = child<QLabel>(device, "deviceQr")->pixmap();
    QVERIFY(!qr.isNull());
    QVERIFY(qr.width() >= 100 && qr.width() == qr.height());

    // The countdown runs (the demo's -fast codes live two minutes), and the polls are said in words.
    auto* countdown = child<QLabel>(device, "deviceCountdown");
    QVERIFY2(countdown->text().startsWith(u"The code expires in 2:00")
                 || countdown->text().startsWith(u"The code expires in 1:5"),
             qPrintable(countdown->text()));
    const QString first = countdown->text();
    QTRY_VERIFY_WITH_TIMEOUT(countdown->text() != first, 4000);
    auto* status = child<QLabel>(device, "deviceStatus");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"authorization_pending"), 5000);
    QVERIFY(Test::saveScreenshot(device, QStringLiteral("device-sign-in.png")));

    // The user approves on the demo's page: the next poll brings the token, the request is resent.
    QSignalSpy resent(tokens(), &Gui::TokenRefresher::resendFinished);
    QCOMPARE(decide(code->text(), QStringLiteral("approve")), 200);
    QTRY_VERIFY_WITH_TIMEOUT(!tokens()->isRunning(), 15000);
    QCOMPARE(resent.size(), 1);
    QTRY_VERIFY(device.isNull()); // closed by itself
    QVERIFY2(inspectorStatus().contains(u"200"), qPrintable(inspectorStatus()));
    const Profiles::Profile* signedIn = m_window->session()->findProfile(DeviceDemoId);
    QVERIFY(!signedIn->sessionSecrets.token.isEmpty());
    QVERIFY(!signedIn->sessionSecrets.refreshToken.isEmpty());
    QVERIFY(signedIn->demo); // demo tokens live in memory
}

void TestDeviceSignIn::cancelStopsTheRun()
{
    QPointer<Gui::DeviceCodePanel> device = startSignIn();
    QVERIFY(device);
    const QString userCode = child<QLabel>(device, "deviceUserCode")->text();
    QSignalSpy resent(tokens(), &Gui::TokenRefresher::resendFinished);
    QTest::mouseClick(child<QPushButton>(device, "deviceCancel"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!tokens()->isRunning(), 5000);
    QTRY_VERIFY(device.isNull() || !device->isVisible());
    QCOMPARE(resent.size(), 1);
    const Gui::ResendResult result = resent.first().at(0).value<Gui::ResendResult>();
    QVERIFY(result.outcome.error.message.contains(u"Cancelled"));
    QVERIFY(!result.outcome.after); // nothing was resent
    QVERIFY(m_window->session()->findProfile(DeviceDemoId)->sessionSecrets.token.isEmpty());
    // Approving now is too late for this run: nobody polls, no token arrives.
    QCOMPARE(decide(userCode, QStringLiteral("approve")), 200);
    QVERIFY(!tokens()->isRunning());
}

void TestDeviceSignIn::panelSaysEachAnswer()
{
    Workspace::DeviceAuthorization d;
    d.userCode = QStringLiteral("WDJB-MJHT");
    d.verificationUri = QUrl(QStringLiteral("https://example.com/device"));
    d.expiresIn = 1800;
    d.interval = 5;
    Gui::DeviceCodePanel device(d);
    device.show();
    QCOMPARE(device.pageUrl(), d.verificationUri); // no verification_uri_complete: the plain page
    QVERIFY(!child<QLabel>(&device, "deviceQr")->pixmap().isNull());
    QVERIFY(child<QLabel>(&device, "deviceCountdown")->text().startsWith(u"The code expires in 30:00")
            || child<QLabel>(&device, "deviceCountdown")->text().startsWith(u"The code expires in 29:5"));
    device.polled(QStringLiteral("slow_down"), 90, 10);
    QVERIFY2(child<QLabel>(&device, "deviceStatus")->text().contains(u"every 10 s"),
             qPrintable(child<QLabel>(&device, "deviceStatus")->text()));
    QCOMPARE(child<QLabel>(&device, "deviceCountdown")->text(), QStringLiteral("The code expires in 1:30"));
    QSignalSpy cancel(&device, &Gui::DeviceCodePanel::cancelRequested);
    device.finished(false, QStringLiteral("The sign-in was denied (access_denied)"));
    QCOMPARE(child<QLabel>(&device, "deviceStatus")->text(), QStringLiteral("The sign-in was denied (access_denied)"));
    QCOMPARE(child<QPushButton>(&device, "deviceCancel")->text(), QStringLiteral("Close"));
    QTest::mouseClick(child<QPushButton>(&device, "deviceCancel"), Qt::LeftButton);
    QCOMPARE(cancel.size(), 0); // the run is over: Close does not cancel anything
    QVERIFY(!device.isVisible());
}

void TestDeviceSignIn::qrCodeOfAUrl()
{
    QString error;
    const QImage image = Gui::qrCodeImage(QStringLiteral("https://example.com/device?user_code=WDJB-MJHT"), 2, &error);
    QVERIFY2(!image.isNull(), qPrintable(error));
    // 46 bytes in 8-bit mode at level M: version 4 (62 bytes at most), 33 modules, plus 4 of quiet zone each side.
    QCOMPARE(image.width(), (33 + 8) * 2);
    QCOMPARE(image.pixelColor(0, 0), QColor(Qt::white)); // the quiet zone
    QCOMPARE(image.pixelColor(8, 8), QColor(Qt::black)); // the finder pattern's corner
    QVERIFY(Gui::qrCodeImage(QString(), 2, &error).isNull());
    QVERIFY(Gui::qrCodeImage(QString(5000, u'x'), 2, &error).isNull());
    QVERIFY2(error.contains(u"too long"), qPrintable(error));
}

QTEST_MAIN(TestDeviceSignIn)
#include "TestDeviceSignIn.moc"
