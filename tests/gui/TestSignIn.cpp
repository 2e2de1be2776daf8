// Issue 11 in the window: the demo's sign-in profile (authorization code + PKCE) answers 401 without a
// token; its fix runs the browser sign-in, the findings panel shows "Waiting for you to sign in in your
// browser" with the URL, "Open again", a countdown and Cancel, and when the loopback receives the code the
// normal before/after flow ends in 200. The browser is authlens_test_browser (AUTHLENS_BROWSER), or
// /bin/true for a sign-in nobody completes. Real widgets, the in-process demo API, offscreen.
#include "GuiTestSupport.h"
#include "SecretsOnDisk.h"
#include "common/Dialogs.h"
#include "composer/RequestComposer.h"
#include "diagnosis/DiagnosisPanel.h"
#include "diagnosis/FindingCard.h"
#include "mainwindow/MainWindow.h"
#include "oauth/ResendComparison.h"
#include "oauth/SignInPrompt.h"
#include "oauth/TokenRefresher.h"
#include "oauth/TokenTranscriptView.h"
#include "profiles/SecretStore.h"
#include "session/RequestController.h"
#include "session/Session.h"

#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace Authlens;

namespace {

const QString SignInDemo = QStringLiteral("Demo · OAuth 2 sign-in (authorization code + PKCE)");
const QString SignInDemoId = QStringLiteral("demo-oauth-code");

QByteArray testBrowser()
{
    return QByteArrayLiteral(AUTHLENS_BUILD_DIR "/tests/support/authlens_test_browser");
}

} // namespace

class TestSignIn : public Test::DemoWindowTest
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void signInTurnsThe401Into200();
    void promptWaitsAndOpensAgain();
    void cancelEndsTheWait();
    void endpointsFromTheIssuer();

private:
    Gui::SignInPrompt* prompt() const { return child<Gui::SignInPrompt>("signInPrompt"); }
    /// Sends the sign-in profile's /api/profile: 401, no token yet.
    void send401();
    QPushButton* signInButton() const;
};

void TestSignIn::initTestCase()
{
    prepareApplication();
}

void TestSignIn::init()
{
    openWindow();
}

void TestSignIn::cleanup()
{
    closeWindow();
    qunsetenv("AUTHLENS_BROWSER");
}

void TestSignIn::send401()
{
    QVERIFY(m_window->selectSavedRequest(SignInDemo, QStringLiteral("/api/profile")));
    QSignalSpy finished(m_window->findChild<Gui::RequestController*>(), &Gui::RequestController::finished);
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 1, 10000);
    QVERIFY2(panel()->title().startsWith(QStringLiteral("401")), qPrintable(panel()->title()));
    QVERIFY(panel()->card(QStringLiteral("credentials.missing")));
}

QPushButton* TestSignIn::signInButton() const
{
    const Gui::FindingCard* card = panel()->card(QStringLiteral("credentials.missing"));
    if (!card)
        return nullptr;
    for (QPushButton* button : card->fixButtons()) {
        if (button->property("fixId").toString() == QStringLiteral("token.refresh"))
            return button;
    }
    return nullptr;
}

void TestSignIn::signInTurnsThe401Into200()
{
    const QDateTime started = QDateTime::currentDateTimeUtc().addSecs(-2);
    qputenv("AUTHLENS_BROWSER", testBrowser());
    send401();
    QPushButton* button = signInButton();
    QVERIFY2(button, qPrintable(panel()->bodyText()));
    QSignalSpy status(tokens(), &Gui::TokenRefresher::statusMessage);
    QSignalSpy resent(tokens(), &Gui::TokenRefresher::resendFinished);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(resent.size() == 1 && !tokens()->isRunning(), 30000);
    bool waited = false;
    for (const QList<QVariant>& args : std::as_const(status))
        waited = waited || args.first().toString().startsWith(u"Waiting for you to sign in in your browser");
    QVERIFY(waited);
    // The loopback received the code: the resend answered 200, the prompt is gone.
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));
    QVERIFY2(panel()->title().startsWith(QStringLiteral("200")), qPrintable(panel()->title()));
    QVERIFY(prompt()->isHidden());
    const Profiles::Profile* signedIn = m_window->session()->findProfile(SignInDemoId);
    QVERIFY(signedIn && !signedIn->sessionSecrets.token.isEmpty());
    QCOMPARE(child<Gui::RequestComposer>("composer")->authSecrets().token, signedIn->sessionSecrets.token);
    auto* comparison = child<Gui::ResendComparison>("resendView");
    const QString transcript = comparison->transcriptView()->toPlainText();
    QVERIFY2(transcript.contains(QStringLiteral("Grant: authorization_code")), qPrintable(transcript));
    QVERIFY(transcript.contains(QStringLiteral("Browser sign-in")));
    // The finding by its title; its code is an id, not words (issue 14).
    QVERIFY2(transcript.contains(QStringLiteral("ID token valid")), qPrintable(transcript));
    QVERIFY(!transcript.contains(QStringLiteral("oidc.id_token_valid")));
    const QStringList secrets {signedIn->sessionSecrets.token, signedIn->sessionSecrets.refreshToken,
                               signedIn->sessionSecrets.idToken};
    for (const QString& secret : secrets) {
        QVERIFY(!secret.isEmpty());
        QVERIFY2(!transcript.contains(secret), "a secret in the transcript");
        QVERIFY(Test::filesContaining(m_dataDir.path(), secret.toLatin1()).isEmpty());
    }
    // Demo tokens live in memory: in no file this run wrote (the temporary folder and Qt's locations, read once,
    // the files written since the test began; reading all of /tmp three times took most of a minute under ASan).
    const Test::DiskScan scan = Test::scanForSecrets(secrets, started);
    QVERIFY2(scan.holding.isEmpty(), qPrintable(scan.holding.join(u'\n')));
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("sign-in-200.png")));
}

void TestSignIn::promptWaitsAndOpensAgain()
{
    // A "browser" that opens nothing: the sign-in waits, and the panel says so.
    qputenv("AUTHLENS_BROWSER", QByteArrayLiteral("true"));
    send401();
    QSignalSpy resent(tokens(), &Gui::TokenRefresher::resendFinished);
    QTest::mouseClick(signInButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(prompt()->isVisible(), 10000);
    QCOMPARE(child<QLabel>("signInTitle")->text(), QStringLiteral("Waiting for you to sign in in your browser"));
    const QUrl url(child<QLineEdit>("signInUrl")->text());
    QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(url.path(), QStringLiteral("/authorize"));
    QCOMPARE(QUrlQuery(url).queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QVERIFY(child<QLineEdit>("signInUrl")->isReadOnly());
    QVERIFY2(prompt()->countdownText().startsWith(QStringLiteral("Gives up in 4:"))
                 || prompt()->countdownText() == QStringLiteral("Gives up in 5:00"),
             qPrintable(prompt()->countdownText()));
    QVERIFY(prompt()->messageText().contains(u"http://127.0.0.1:"));
    QVERIFY(tokens()->isRunning());
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("sign-in-waiting.png")));
    // The countdown runs.
    const int before = prompt()->secondsLeft();
    QTRY_VERIFY_WITH_TIMEOUT(prompt()->secondsLeft() < before, 3000);
    // "Open again" with a browser that signs in: the flow goes on by itself.
    qputenv("AUTHLENS_BROWSER", testBrowser());
    QTest::mouseClick(child<QPushButton>("signInOpenAgainButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(resent.size() == 1 && !tokens()->isRunning(), 30000);
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));
    QVERIFY(prompt()->isHidden());
}

void TestSignIn::cancelEndsTheWait()
{
    qputenv("AUTHLENS_BROWSER", QByteArrayLiteral("true"));
    send401();
    QSignalSpy resent(tokens(), &Gui::TokenRefresher::resendFinished);
    QTest::mouseClick(signInButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(prompt()->isVisible(), 10000);
    const QUrl redirect(QUrlQuery(QUrl(child<QLineEdit>("signInUrl")->text()))
                            .queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    QTest::mouseClick(child<QPushButton>("signInCancelButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!tokens()->isRunning(), 10000);
    QVERIFY(prompt()->isHidden());
    QCOMPARE(resent.size(), 1);
    const Workspace::ResendOutcome outcome = resent.first().first().value<Gui::ResendResult>().outcome;
    QVERIFY(outcome.token && !outcome.token->ok);
    QCOMPARE(outcome.token->error.message, QStringLiteral("Cancelled"));
    QVERIFY(!outcome.after); // nothing was resent
    QVERIFY(m_window->session()->findProfile(SignInDemoId)->sessionSecrets.token.isEmpty());
    QVERIFY(redirect.port() > 0);
}

void TestSignIn::endpointsFromTheIssuer()
{
    // Only the issuer: the fix is still offered, and the sign-in reads both endpoints from its RFC 8414 metadata.
    Profiles::Profile profile = *m_window->session()->findProfile(SignInDemoId);
    profile.auth.oauth.authorizationEndpoint.clear();
    profile.auth.oauth.tokenEndpoint.clear();
    m_window->session()->addProfiles({profile});
    qputenv("AUTHLENS_BROWSER", testBrowser());
    send401();
    QPushButton* button = signInButton();
    QVERIFY2(button, qPrintable(panel()->bodyText()));
    QSignalSpy resent(tokens(), &Gui::TokenRefresher::resendFinished);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(resent.size() == 1 && !tokens()->isRunning(), 30000);
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));
    const QString transcript = child<Gui::ResendComparison>("resendView")->transcriptView()->toPlainText();
    QVERIFY2(transcript.contains(QStringLiteral("Authorization server metadata (RFC 8414)")), qPrintable(transcript));
}

QTEST_MAIN(TestSignIn)
#include "TestSignIn.moc"
