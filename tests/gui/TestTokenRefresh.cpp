// Issue 10 in the window: one click from the demo's expired-token 401 to a 200 with the before and after
// views, "Get a new token", an invalid_grant that shows its finding and never loops, a refresh before
// sending, the rotated refresh token of a stored profile in the (memory) secret store and never in the
// file, and the profile editor's OAuth 2 tab round-tripping every field. Real widgets, the in-process
// demo API on 127.0.0.1, offscreen.
#include "GuiTestSupport.h"
#include "common/Dialogs.h"
#include "common/SecretEdit.h"
#include "composer/KeyValueTable.h"
#include "composer/RequestComposer.h"
#include "demo/DemoServer.h"
#include "diagnosis/DiagnosisPanel.h"
#include "diagnosis/FindingCard.h"
#include "diagnosis/FixController.h"
#include "jwt/PrivateKey.h"
#include "mainwindow/MainWindow.h"
#include "oauth/ExchangeSummaryView.h"
#include "oauth/ResendComparison.h"
#include "oauth/TokenRefresher.h"
#include "oauth/TokenTranscriptView.h"
#include "profiles/ProfileActions.h"
#include "profiles/ProfileEditor.h"
#include "profiles/SecretStore.h"
#include "session/RequestController.h"
#include "session/Session.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Authlens;

namespace {

const QString OAuthDemo = QStringLiteral("Demo · OAuth 2 (expired token, refresh works)");
const QString OAuthDemoId = QStringLiteral("demo-oauth-expired");

} // namespace

class TestTokenRefresh : public Test::DemoWindowTest
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void refreshAndResendTurnsThe401Into200();
    void getNewTokenRunsTheProfilesGrant();
    void missingTokenIsFetched();
    void invalidGrantShowsItsFindingAndNoLoop();
    void noButtonWithoutATokenService();
    void refreshBeforeSendingWhenTheTokenExpiresSoon();
    void storedProfileKeepsTheRotatedTokenInTheStoreOnly();
    void editorRoundTripsEveryOAuthField();
    void editorSaysWhatTheGrantNeeds();
    void editorRoundTripsTheCodeGrantAndTheAssertionKey();
    void editorRoundTripsTheDeviceGrantAndClientSecretJwt();
    void editorPastesAndChecksAPem();
    void editorShowsOnlyTheRowsOfTheGrant_data();
    void editorShowsOnlyTheRowsOfTheGrant();
    void comparisonFitsNarrowAndWide_data();
    void comparisonFitsNarrowAndWide();

private:
    Gui::ResendComparison* comparison() const { return child<Gui::ResendComparison>("resendView"); }
    Gui::RequestComposer* composer() const { return child<Gui::RequestComposer>("composer"); }
    /// Picks a saved request, sends it with the Send button and waits for the answer.
    void sendRequest(const QString& profile, const QString& path);
    /// Clicks a fix button and waits until the token flow is done.
    void clickAndWait(QPushButton* button);
};

void TestTokenRefresh::initTestCase()
{
    prepareApplication();
}

void TestTokenRefresh::init()
{
    openWindow();
}

void TestTokenRefresh::cleanup()
{
    closeWindow();
}

void TestTokenRefresh::sendRequest(const QString& profile, const QString& path)
{
    QVERIFY2(m_window->selectSavedRequest(profile, path), qPrintable(profile + path));
    QSignalSpy finished(m_window->findChild<Gui::RequestController*>(), &Gui::RequestController::finished);
    QSignalSpy flowFinished(tokens(), &Gui::TokenRefresher::exchangeFinished);
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() + flowFinished.size() == 1, 10000);
    QTRY_VERIFY(!tokens()->isRunning());
}

void TestTokenRefresh::clickAndWait(QPushButton* button)
{
    QSignalSpy running(tokens(), &Gui::TokenRefresher::runningChanged);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(running.size() >= 2 && !tokens()->isRunning(), 15000);
}

// The GUI test: the demo's expired-token 401, one click, the 200 beside it.
void TestTokenRefresh::refreshAndResendTurnsThe401Into200()
{
    sendRequest(OAuthDemo, QStringLiteral("/api/profile"));
    QVERIFY(panel()->title().startsWith(QStringLiteral("401")));
    const QString oldToken = m_window->session()->findProfile(OAuthDemoId)->sessionSecrets.token;
    const QString oldRefresh = m_window->session()->findProfile(OAuthDemoId)->sessionSecrets.refreshToken;
    QVERIFY(composer()->tokenLifetimeText().startsWith(QStringLiteral("Expired")));
    QPushButton* refresh = fixButton(QStringLiteral("token.expired"), QStringLiteral("token.refresh"));
    QVERIFY(refresh);
    QCOMPARE(refresh->text(), QStringLiteral("Refresh token && resend"));
    QVERIFY(fixButton(QStringLiteral("token.expired"), QStringLiteral("token.new")));
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("token-refresh-401.png")));

    QSignalSpy resent(tokens(), &Gui::TokenRefresher::resendFinished);
    clickAndWait(refresh);
    QCOMPARE(resent.size(), 1);

    // The inspector shows the 200, the findings panel its diagnosis, and the Refresh tab opens.
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));
    QVERIFY2(panel()->title().startsWith(QStringLiteral("200")), qPrintable(panel()->title()));
    QVERIFY(!panel()->noticeText().isEmpty());
    auto* tabs = child<QTabWidget>("inspectorTabs");
    QCOMPARE(tabs->currentWidget(), comparison());
    QVERIFY(tabs->isTabVisible(tabs->indexOf(comparison())));
    QVERIFY(comparison()->hasResult());

    // Before and after side by side.
    Gui::ExchangeSummaryView* before = comparison()->beforeView();
    Gui::ExchangeSummaryView* after = comparison()->afterView();
    QVERIFY2(before->statusText().startsWith(QStringLiteral("401")), qPrintable(before->statusText()));
    QVERIFY2(after->statusText().startsWith(QStringLiteral("200")), qPrintable(after->statusText()));
    QVERIFY(before->isVisible() && after->isVisible());
    QVERIFY2(before->geometry().right() < after->geometry().left(), "side by side at this width");
    QVERIFY(before->plainText().contains(QStringLiteral("Token expired")));
    QVERIFY2(comparison()->summaryText().startsWith(QStringLiteral("401 Unauthorized → 200 OK")),
             qPrintable(comparison()->summaryText()));

    // What changed: the token, by its last characters only, and its expiry.
    const Profiles::Profile* refreshed = m_window->session()->findProfile(OAuthDemoId);
    const QString newToken = refreshed->sessionSecrets.token;
    const QString newRefresh = refreshed->sessionSecrets.refreshToken;
    QVERIFY(newToken != oldToken);
    QVERIFY(!newRefresh.isEmpty() && newRefresh != oldRefresh); // the demo rotates
    QVERIFY(refreshed->auth.oauth.accessTokenExpiresAt > QDateTime::currentSecsSinceEpoch());
    const QStringList changes = comparison()->changes();
    QVERIFY2(changes.contains(
                 QStringLiteral("Authorization: Bearer token …%1 → …%2").arg(oldToken.right(4), newToken.right(4))),
             qPrintable(changes.join(u'\n')));
    QVERIFY(changes.at(1).startsWith(QStringLiteral("Token expiry: expired")));
    QVERIFY(changes.at(1).contains(QStringLiteral("→ expires in")));

    // The transcript: the refresh grant, its hop, rotation, where the tokens are; never a secret.
    const QString transcript = comparison()->transcriptView()->toPlainText();
    QVERIFY(transcript.contains(QStringLiteral("Grant: refresh_token")));
    QVERIFY(transcript.contains(QStringLiteral("POST ")));
    QVERIFY(transcript.contains(QStringLiteral("/oauth/token → 200 OK")));
    QVERIFY(transcript.contains(QStringLiteral("the server issued a new refresh token")));
    // The finding by its title; its code is an id, not words (issue 14).
    QVERIFY2(transcript.contains(QStringLiteral("Refresh token rotated")), qPrintable(transcript));
    QVERIFY(!transcript.contains(QStringLiteral("oauth.rotated")));
    QVERIFY(transcript.contains(QStringLiteral("Kept in memory: a demo profile")));
    QVERIFY(transcript.contains(QStringLiteral("set in the profile")));
    for (const QString& secret : {newToken, newRefresh, oldRefresh, Demo::DemoServer::clientSecret()})
        QVERIFY2(!transcript.contains(secret), "a secret in the transcript");
    QVERIFY(!comparison()->changes().join(u' ').contains(newToken));

    // The composer's Auth tab took the new token; the session holds it (demo: in memory).
    QCOMPARE(composer()->authSecrets().token, newToken);
    QVERIFY2(composer()->tokenLifetimeText().startsWith(QStringLiteral("Expires in")),
             qPrintable(composer()->tokenLifetimeText()));
    QVERIFY(m_window->session()->findProfile(OAuthDemoId)->demo);
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("token-refresh-before-after.png")));

    // A new request hides the comparison again.
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    QVERIFY(!tabs->isTabVisible(tabs->indexOf(comparison())));
    QTRY_VERIFY_WITH_TIMEOUT(inspectorStatus().contains(QStringLiteral("200")), 10000);
}

void TestTokenRefresh::getNewTokenRunsTheProfilesGrant()
{
    sendRequest(OAuthDemo, QStringLiteral("/api/profile"));
    QPushButton* getNew = fixButton(QStringLiteral("token.expired"), QStringLiteral("token.new"));
    QVERIFY(getNew);
    clickAndWait(getNew);
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));
    const QString transcript = comparison()->transcriptView()->toPlainText();
    QVERIFY2(transcript.contains(QStringLiteral("Grant: password")), qPrintable(transcript));
    QVERIFY(!transcript.contains(Demo::DemoServer::basicPassword()));
    QVERIFY(comparison()->afterView()->statusText().startsWith(QStringLiteral("200")));
}

void TestTokenRefresh::missingTokenIsFetched()
{
    // No access token at all: the 401 says credentials.missing, and the profile can get one.
    Profiles::Profile profile = *m_window->session()->findProfile(OAuthDemoId);
    profile.sessionSecrets.token.clear();
    profile.sessionSecrets.refreshToken.clear();
    m_window->session()->addProfiles({profile});
    QVERIFY(m_window->selectSavedRequest(OAuthDemo, QStringLiteral("/api/profile")));
    composer()->setProfile(*m_window->session()->findProfile(OAuthDemoId)); // the Auth tab without a token
    QCOMPARE(composer()->tokenLifetimeText(), QStringLiteral("No access token yet."));
    sendRequest(OAuthDemo, QStringLiteral("/api/profile"));
    QPushButton* refresh = fixButton(QStringLiteral("credentials.missing"), QStringLiteral("token.refresh"));
    QVERIFY2(refresh, qPrintable(panel()->bodyText()));
    clickAndWait(refresh);
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));
    // Without a refresh token, "Refresh token & resend" runs the profile's grant.
    QVERIFY(comparison()->transcriptView()->toPlainText().contains(QStringLiteral("Grant: password")));
    QVERIFY(comparison()->changes().first().startsWith(QStringLiteral("Authorization: Bearer token none → …")));
}

void TestTokenRefresh::invalidGrantShowsItsFindingAndNoLoop()
{
    // A refresh token the authorization server does not know (expired, revoked or reused).
    Profiles::Profile profile = *m_window->session()->findProfile(OAuthDemoId);
    profile.sessionSecrets.refreshToken = QStringLiteral("rt-that-the-server-revoked-0123456789");
    m_window->session()->addProfiles({profile});
    sendRequest(OAuthDemo, QStringLiteral("/api/profile"));
    QPushButton* refresh = fixButton(QStringLiteral("token.expired"), QStringLiteral("token.refresh"));
    QVERIFY(refresh);

    QSignalSpy sends(tokens(), &Gui::TokenRefresher::sendStarted);
    QSignalSpy resent(tokens(), &Gui::TokenRefresher::resendFinished);
    clickAndWait(refresh);
    QCOMPARE(resent.size(), 1);
    QCOMPARE(sends.size(), 0); // nothing was resent: the same token would only be refused again

    // The token endpoint's answer and its finding; no second token request.
    QVERIFY2(inspectorStatus().contains(QStringLiteral("400")), qPrintable(inspectorStatus()));
    Gui::FindingCard* card = panel()->card(QStringLiteral("oauth.invalid_grant"));
    QVERIFY(card);
    QCOMPARE(panel()->cards().first(), card);
    const Workspace::ResendOutcome outcome = resent.first().first().value<Gui::ResendResult>().outcome;
    QVERIFY(outcome.token && !outcome.token->ok && outcome.token->reauthenticate);
    int tokenRequests = 0;
    for (const Workspace::TokenStep& step : outcome.token->transcript)
        tokenRequests += step.title.startsWith(QStringLiteral("Token request")) ? 1 : 0;
    QCOMPARE(tokenRequests, 1);
    QVERIFY(!outcome.after);
    QVERIFY(comparison()->afterView()->statusText().startsWith(QStringLiteral("Not resent")));
    // No card offers the refresh again; the re-authentication (the profile's password grant) is offered.
    const QList<Gui::FindingCard*> cards = panel()->cards();
    for (const Gui::FindingCard* c : cards) {
        for (const QPushButton* b : c->fixButtons())
            QVERIFY(b->property("fixId").toString() != QStringLiteral("token.refresh"));
    }
    QPushButton* getNew = fixButton(QStringLiteral("oauth.invalid_grant"), QStringLiteral("token.new"));
    QVERIFY(getNew);
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        m_window->resize(size);
        QVERIFY(Test::saveScreenshot(
            m_window.get(),
            QStringLiteral("token-refresh-invalid-grant-%1x%2.png").arg(size.width()).arg(size.height())));
    }

    // "Get a new token" fixes the 401 the failed run started from.
    clickAndWait(getNew);
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));
    QVERIFY(comparison()->beforeView()->statusText().startsWith(QStringLiteral("401")));
    QVERIFY(comparison()->transcriptView()->toPlainText().contains(QStringLiteral("Grant: password")));
}

void TestTokenRefresh::noButtonWithoutATokenService()
{
    // A Bearer profile has no token service: the advice stays text, never a button that does nothing.
    sendRequest(QStringLiteral("Demo · Bearer (expired token)"), QStringLiteral("/api/profile"));
    QVERIFY(panel()->card(QStringLiteral("token.expired")));
    QVERIFY(!fixButton(QStringLiteral("token.expired"), QStringLiteral("token.refresh")));
    QVERIFY(!fixButton(QStringLiteral("token.expired"), QStringLiteral("token.new")));
    QVERIFY(panel()->card(QStringLiteral("token.expired"))->plainText().contains(QStringLiteral("Get a new token")));

    // An OAuth 2 profile whose grant is only the refresh token has no "Get a new token".
    Profiles::Profile profile = *m_window->session()->findProfile(OAuthDemoId);
    profile.auth.oauth.grantType = QStringLiteral("refresh_token");
    m_window->session()->addProfiles({profile});
    sendRequest(OAuthDemo, QStringLiteral("/api/profile"));
    QVERIFY(fixButton(QStringLiteral("token.expired"), QStringLiteral("token.refresh")));
    QVERIFY(!fixButton(QStringLiteral("token.expired"), QStringLiteral("token.new")));
}

void TestTokenRefresh::refreshBeforeSendingWhenTheTokenExpiresSoon()
{
    Profiles::Profile profile = *m_window->session()->findProfile(OAuthDemoId);
    profile.auth.oauth.refreshBeforeSeconds = 120;
    m_window->session()->addProfiles({profile});
    QSignalSpy resent(tokens(), &Gui::TokenRefresher::resendFinished);
    sendRequest(OAuthDemo, QStringLiteral("/api/profile"));
    QCOMPARE(resent.size(), 1);
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));
    const Workspace::ResendOutcome outcome = resent.first().first().value<Gui::ResendResult>().outcome;
    QVERIFY(outcome.refreshedFirst);
    QVERIFY(!outcome.before);
    QVERIFY(comparison()->beforeView()->statusText().startsWith(QStringLiteral("Not sent")));
    QVERIFY(comparison()->afterView()->statusText().startsWith(QStringLiteral("200")));

    // With a fresh token the send goes out as it is: no token run, no comparison.
    sendRequest(OAuthDemo, QStringLiteral("/api/profile"));
    QCOMPARE(resent.size(), 1);
    QVERIFY(inspectorStatus().contains(QStringLiteral("200")));
    auto* tabs = child<QTabWidget>("inspectorTabs");
    QVERIFY(!tabs->isTabVisible(tabs->indexOf(comparison())));

    // A fix's resend goes through the token flow too; with the token still fresh it only sends, and the comparison
    // is the fix's.
    auto* fixes = m_window->findChild<Gui::FixController*>();
    QSignalSpy compared(fixes, &Gui::FixController::fixCompared);
    QSignalSpy running(tokens(), &Gui::TokenRefresher::runningChanged);
    fixes->perform(Diagnosis::Finding(),
                   Diagnosis::Fix {
                       QStringLiteral("request.resend"), QStringLiteral("Send again"), Diagnosis::FixKind::Action, {}});
    QTRY_VERIFY_WITH_TIMEOUT(running.size() >= 2 && !tokens()->isRunning(), 15000);
    QCOMPARE(resent.size(), 1);
    QCOMPARE(compared.size(), 1);
    QVERIFY(tabs->isTabVisible(tabs->indexOf(comparison())));
    QCOMPARE(tabs->tabText(tabs->indexOf(comparison())), QStringLiteral("Fix"));
    QVERIFY2(comparison()->summaryText().startsWith(u"200 OK → 200 OK"), qPrintable(comparison()->summaryText()));
    QVERIFY(!comparison()->transcriptView()->isVisibleTo(comparison()));
}

void TestTokenRefresh::storedProfileKeepsTheRotatedTokenInTheStoreOnly()
{
    Demo::DemoServer* demo = m_window->session()->demoServer();
    const QStringList scopes {QStringLiteral("profile:read")};
    Profiles::Profile profile;
    profile.name = QStringLiteral("Stored OAuth");
    profile.baseUrl = demo->baseUrl().toString();
    profile.auth.method = Auth::Method::OAuth2;
    profile.auth.oauth.grantType = QStringLiteral("client_credentials");
    profile.auth.oauth.tokenEndpoint = demo->baseUrl().toString() + QStringLiteral("/oauth/token");
    profile.auth.oauth.clientId = Demo::DemoServer::clientId();
    profile.auth.oauth.scopes = scopes;
    profile.sessionSecrets.clientSecret = Demo::DemoServer::clientSecret();
    profile.sessionSecrets.token = demo->mintAccessToken(Demo::DemoServer::basicUser(), scopes, -3600);
    const QString oldRefresh = demo->mintRefreshToken(Demo::DemoServer::basicUser(), scopes);
    profile.sessionSecrets.refreshToken = oldRefresh;
    profile.requests.append(
        {QStringLiteral("r1"), QStringLiteral("Profile"), "GET", QStringLiteral("/api/profile"), {}, {}, {}, {}});
    QString error;
    const QString id = Test::saveProfile(m_window->session(), profile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    sendRequest(profile.name, QStringLiteral("/api/profile"));
    QPushButton* refresh = fixButton(QStringLiteral("token.expired"), QStringLiteral("token.refresh"));
    QVERIFY(refresh);
    clickAndWait(refresh);
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));

    // The rotated refresh token is in the store, and the session's cached secrets follow it.
    const Profiles::Profile* stored = m_window->session()->findProfile(id);
    const QString newRefresh = stored->sessionSecrets.refreshToken;
    const QString newToken = stored->sessionSecrets.token;
    QVERIFY(!newRefresh.isEmpty() && newRefresh != oldRefresh);
    QCOMPARE(storedSecret(id + QStringLiteral("/refresh_token")), newRefresh);
    QCOMPARE(storedSecret(id + QStringLiteral("/token")), newToken);
    // The test's store is memory (session-only secrets): the transcript says so.
    QVERIFY(comparison()->transcriptView()->toPlainText().contains(QStringLiteral("Stored in the session's secret")));

    // The file has the new expiry (saved through the session), never a token.
    QTRY_VERIFY(!Test::filesContaining(m_dataDir.path(), "token_expires_at").isEmpty());
    for (const QString& secret : {newRefresh, newToken, oldRefresh, Demo::DemoServer::clientSecret()})
        QVERIFY2(Test::filesContaining(m_dataDir.path(), secret.toUtf8()).isEmpty(), "a secret on disk");
    QFile file(m_window->session()->store().filePath(id));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject auth
        = QJsonDocument::fromJson(file.readAll()).object().value(u"profile").toObject().value(u"auth").toObject();
    QVERIFY2(auth.value(u"token_expires_at").toInteger() > QDateTime::currentSecsSinceEpoch(),
             qPrintable(QString::fromUtf8(QJsonDocument(auth).toJson())));
}

void TestTokenRefresh::editorRoundTripsEveryOAuthField()
{
    auto* actions = m_window->profileActions();
    Gui::ProfileEditor* editor = actions->newProfile();
    QVERIFY(editor);
    auto* tabs = child<QTabWidget>(editor, "editorTabs");
    auto* oauthTab = child<QWidget>(editor, "oauthTab");
    QVERIFY(!tabs->isTabVisible(tabs->indexOf(oauthTab))); // OAuth 2 only
    child<QLineEdit>(editor, "nameEdit")->setText(QStringLiteral("Billing"));
    child<QLineEdit>(editor, "baseUrlEdit")->setText(QStringLiteral("https://billing.example.com"));
    auto* method = child<QComboBox>(editor, "authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::OAuth2)));
    QVERIFY(tabs->isTabVisible(tabs->indexOf(oauthTab)));
    tabs->setCurrentWidget(oauthTab);

    auto* grant = child<QComboBox>(editor, "grantTypeCombo");
    grant->setCurrentIndex(grant->findData(QStringLiteral("password")));
    QVERIFY(child<QLineEdit>(editor, "oauthUsernameEdit")->isVisible()); // the password grant's rows
    QTest::keyClicks(child<QLineEdit>(editor, "tokenEndpointEdit"), QStringLiteral("https://auth.example.com/token"));
    QTest::keyClicks(child<QLineEdit>(editor, "clientIdEdit"), QStringLiteral("billing-cli"));
    QTest::keyClicks(child<Gui::SecretEdit>(editor, "clientSecretSecret")->lineEdit(), QStringLiteral("cs-canary-1"));
    auto* clientAuth = child<QComboBox>(editor, "clientAuthCombo");
    clientAuth->setCurrentIndex(clientAuth->findData(int(Auth::ClientAuth::ClientSecretPost)));
    QTest::keyClicks(child<QLineEdit>(editor, "oauthUsernameEdit"), QStringLiteral("alice"));
    QTest::keyClicks(child<Gui::SecretEdit>(editor, "oauthPasswordSecret")->lineEdit(), QStringLiteral("pw-canary-2"));
    QTest::keyClicks(child<Gui::SecretEdit>(editor, "refreshTokenSecret")->lineEdit(), QStringLiteral("rt-canary-3"));
    QTest::keyClicks(child<QLineEdit>(editor, "scopesEdit"), QStringLiteral("invoices:read invoices:write"));
    QTest::keyClicks(child<QLineEdit>(editor, "audienceEdit"), QStringLiteral("https://billing.example.com"));
    QTest::keyClicks(child<QLineEdit>(editor, "resourcesEdit"),
                     QStringLiteral("https://billing.example.com/ https://files.example.com/"));
    child<Gui::KeyValueTable>(editor, "extraParamsTable")
        ->setRows({{true, QStringLiteral("prompt"), QStringLiteral("none"), {}},
                   {true, QStringLiteral("tenant"), QStringLiteral("acme"), {}}});
    child<QCheckBox>(editor, "refreshBeforeCheck")->setChecked(true);
    child<QSpinBox>(editor, "refreshBeforeSpin")->setValue(90);
    // The user and password are the profile's one pair: the Basic page shows the same.
    QCOMPARE(child<QLineEdit>(editor, "usernameEdit")->text(), QStringLiteral("alice"));
    QCOMPARE(child<Gui::SecretEdit>(editor, "passwordSecret")->text(), QStringLiteral("pw-canary-2"));
    QVERIFY(Test::saveScreenshot(editor, QStringLiteral("profile-editor-oauth-tab.png")));

    QSignalSpy saved(editor, &Gui::ProfileEditor::saved);
    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);
    const QString id = saved.first().first().toString();

    const Profiles::Profile* p = m_window->session()->findProfile(id);
    QVERIFY(p);
    const Auth::OAuthSettings& o = p->auth.oauth;
    QCOMPARE(p->auth.method, Auth::Method::OAuth2);
    QCOMPARE(o.grantType, QStringLiteral("password"));
    QCOMPARE(o.tokenEndpoint, QStringLiteral("https://auth.example.com/token"));
    QCOMPARE(o.clientId, QStringLiteral("billing-cli"));
    QCOMPARE(o.clientAuth, Auth::ClientAuth::ClientSecretPost);
    QCOMPARE(o.scopes, (QStringList {QStringLiteral("invoices:read"), QStringLiteral("invoices:write")}));
    QCOMPARE(o.audience, QStringLiteral("https://billing.example.com"));
    QCOMPARE(
        o.resources,
        (QStringList {QStringLiteral("https://billing.example.com/"), QStringLiteral("https://files.example.com/")}));
    QCOMPARE(o.extraParams.size(), 2);
    QCOMPARE(o.extraParams.at(1), (QPair<QString, QString>(QStringLiteral("tenant"), QStringLiteral("acme"))));
    QCOMPARE(o.refreshBeforeSeconds, 90);
    QCOMPARE(p->auth.username, QStringLiteral("alice"));

    // The secrets went to the (memory) store, never to the file.
    QCOMPARE(storedSecret(id + QStringLiteral("/client_secret")), QStringLiteral("cs-canary-1"));
    QCOMPARE(storedSecret(id + QStringLiteral("/password")), QStringLiteral("pw-canary-2"));
    QCOMPARE(storedSecret(id + QStringLiteral("/refresh_token")), QStringLiteral("rt-canary-3"));
    for (const char* canary : {"cs-canary-1", "pw-canary-2", "rt-canary-3"})
        QVERIFY2(Test::filesContaining(m_dataDir.path(), canary).isEmpty(), canary);
    QCOMPARE(Test::filesContaining(m_dataDir.path(), "billing-cli").size(), 1);

    // Opened again, the editor shows every field as it was saved.
    Gui::ProfileEditor* again = actions->editProfile(id);
    QVERIFY(again);
    QTRY_COMPARE(child<Gui::SecretEdit>(again, "clientSecretSecret")->text(), QStringLiteral("cs-canary-1"));
    QCOMPARE(again->profile().auth, p->auth);
    QCOMPARE(again->profile().sessionSecrets.refreshToken, QStringLiteral("rt-canary-3"));
    QCOMPARE(again->profile().sessionSecrets.password, QStringLiteral("pw-canary-2"));
    QCOMPARE(child<QLineEdit>(again, "resourcesEdit")->text(),
             QStringLiteral("https://billing.example.com/ https://files.example.com/"));
    QVERIFY(child<QCheckBox>(again, "refreshBeforeCheck")->isChecked());
    again->reject();
}

void TestTokenRefresh::editorSaysWhatTheGrantNeeds()
{
    Gui::ProfileEditor* editor = m_window->profileActions()->newProfile();
    QVERIFY(editor);
    child<QLineEdit>(editor, "nameEdit")->setText(QStringLiteral("Needs"));
    auto* method = child<QComboBox>(editor, "authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::OAuth2)));
    // Leaving the name field shows its problems, not those of OAuth fields nobody visited yet.
    Q_EMIT child<QLineEdit>(editor, "nameEdit")->editingFinished();
    QVERIFY(child<QLabel>(editor, "clientIdError")->isHidden());
    Q_EMIT child<QLineEdit>(editor, "clientIdEdit")->editingFinished();
    QVERIFY(!child<QLabel>(editor, "clientIdError")->isHidden());
    child<QLineEdit>(editor, "tokenEndpointEdit")->setText(QStringLiteral("ftp://auth.example.com/token"));
    child<QLineEdit>(editor, "scopesEdit")->setText(QStringLiteral("read \"write\""));
    child<QLineEdit>(editor, "resourcesEdit")->setText(QStringLiteral("api.example.com"));
    child<Gui::KeyValueTable>(editor, "extraParamsTable")
        ->setRows({{true, QStringLiteral("grant_type"), QStringLiteral("x"), {}}});
    auto* clientAuth = child<QComboBox>(editor, "clientAuthCombo");
    clientAuth->setCurrentIndex(clientAuth->findData(int(Auth::ClientAuth::None)));
    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    QVERIFY(editor->isVisible());
    auto* tabs = child<QTabWidget>(editor, "editorTabs");
    QCOMPARE(tabs->currentWidget(), child<QWidget>(editor, "oauthTab"));
    const auto error = [&](const char* name) { return child<QLabel>(editor, name)->text(); };
    QVERIFY(error("tokenEndpointError").contains(QStringLiteral("http")));
    QVERIFY(error("clientIdError").contains(QStringLiteral("client ID")));
    QVERIFY(error("clientSecretError").contains(QStringLiteral("authenticated client")));
    QVERIFY(error("scopesError").contains(QStringLiteral("\"write\"")));
    QVERIFY(error("resourcesError").contains(QStringLiteral("absolute URI")));
    QVERIFY(error("extraParamsError").contains(QStringLiteral("grant_type")));
    QVERIFY(child<QWidget>(editor, "clientSecretSecret")->isEnabled() == false); // a public client sends none
    QVERIFY(Test::saveScreenshot(editor, QStringLiteral("profile-editor-oauth-validation.png")));
    // The refresh token grant needs the refresh token.
    auto* grant = child<QComboBox>(editor, "grantTypeCombo");
    grant->setCurrentIndex(grant->findData(QStringLiteral("refresh_token")));
    QVERIFY(error("refreshTokenError").contains(QStringLiteral("refresh token")));
    QVERIFY(!child<QLineEdit>(editor, "oauthUsernameEdit")->isVisible());
    editor->reject();
    QVERIFY(QDir(m_dataDir.path() + QStringLiteral("/profiles")).entryList(QDir::Files).isEmpty());
}

// Issue 11: the authorization code grant's rows, private_key_jwt with a generated key, DPoP — editor →
// profile → editor, and the key in the secret store only.
void TestTokenRefresh::editorRoundTripsTheCodeGrantAndTheAssertionKey()
{
    auto* actions = m_window->profileActions();
    Gui::ProfileEditor* editor = actions->newProfile();
    QVERIFY(editor);
    editor->resize(1000, 760);
    child<QLineEdit>(editor, "nameEdit")->setText(QStringLiteral("Browser sign-in"));
    child<QLineEdit>(editor, "baseUrlEdit")->setText(QStringLiteral("https://api.example.com"));
    auto* method = child<QComboBox>(editor, "authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::OAuth2)));
    auto* tabs = child<QTabWidget>(editor, "editorTabs");
    tabs->setCurrentWidget(child<QWidget>(editor, "oauthTab"));

    auto* grant = child<QComboBox>(editor, "grantTypeCombo");
    grant->setCurrentIndex(grant->findData(QStringLiteral("authorization_code")));
    QVERIFY(child<QLineEdit>(editor, "authorizationEndpointEdit")->isVisible());
    QVERIFY(child<QLineEdit>(editor, "redirectUriEdit")->isVisible());
    QVERIFY(!child<QLineEdit>(editor, "deviceEndpointEdit")->isVisible());
    QVERIFY(child<QLineEdit>(editor, "redirectUriEdit")->placeholderText().contains(QStringLiteral("127.0.0.1")));
    auto* pkce = child<QCheckBox>(editor, "pkceCheck");
    QVERIFY(pkce->isChecked()); // on by default
    QTest::keyClicks(child<QLineEdit>(editor, "authorizationEndpointEdit"),
                     QStringLiteral("https://auth.example.com/authorize"));
    QTest::keyClicks(child<QLineEdit>(editor, "tokenEndpointEdit"), QStringLiteral("https://auth.example.com/token"));
    QTest::keyClicks(child<QLineEdit>(editor, "redirectUriEdit"), QStringLiteral("http://127.0.0.1:8765/callback"));
    QTest::keyClicks(child<QLineEdit>(editor, "oauthIssuerEdit"), QStringLiteral("https://auth.example.com"));
    QTest::keyClicks(child<QLineEdit>(editor, "clientIdEdit"), QStringLiteral("browser-app"));
    // Turning PKCE off warns at once, and does not keep the profile from being saved.
    pkce->setChecked(false);
    QVERIFY(child<QLabel>(editor, "pkceWarning")->isVisible());
    QVERIFY(child<QLabel>(editor, "pkceWarning")->text().contains(QStringLiteral("RFC 7636")));

    auto* clientAuth = child<QComboBox>(editor, "clientAuthCombo");
    clientAuth->setCurrentIndex(clientAuth->findData(int(Auth::ClientAuth::PrivateKeyJwt)));
    auto* alg = child<QComboBox>(editor, "assertionAlgCombo");
    QVERIFY(alg->isVisible());
    QCOMPARE(alg->count(), 3);
    alg->setCurrentIndex(alg->findData(QStringLiteral("ES256")));
    QVERIFY(!child<QWidget>(editor, "clientSecretSecret")->isVisible()); // private_key_jwt sends no secret
    QVERIFY(!child<QPlainTextEdit>(editor, "publicJwkView")->isVisible());
    QTest::mouseClick(child<QPushButton>(editor, "generateKeyButton"), Qt::LeftButton);
    const QString pem = child<Gui::SecretEdit>(editor, "assertionKeySecret")->text();
    QVERIFY(pem.startsWith(QStringLiteral("-----BEGIN PRIVATE KEY-----")));
    const Jwt::PrivateKey key = Jwt::PrivateKey::fromPem(pem.toUtf8());
    QVERIFY(!key.isNull());
    QCOMPARE(key.keyType(), QStringLiteral("EC"));
    // No kid was set: the key's RFC 7638 thumbprint names it.
    QCOMPARE(child<QLineEdit>(editor, "assertionKidEdit")->text(), QString::fromLatin1(key.thumbprint()));
    // The public JWK is shown to copy and register, without any private member.
    auto* jwkView = child<QPlainTextEdit>(editor, "publicJwkView");
    QVERIFY(jwkView->isVisible());
    const QJsonObject jwk = QJsonDocument::fromJson(jwkView->toPlainText().toUtf8()).object();
    QCOMPARE(jwk.value(u"kty").toString(), QStringLiteral("EC"));
    QCOMPARE(jwk.value(u"alg").toString(), QStringLiteral("ES256"));
    QCOMPARE(jwk.value(u"kid").toString(), QString::fromLatin1(key.thumbprint()));
    QVERIFY(!jwk.contains(u"d"));
    QTest::mouseClick(child<QPushButton>(editor, "copyJwkButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), jwkView->toPlainText());
    QVERIFY(!QGuiApplication::clipboard()->text().contains(QStringLiteral("PRIVATE")));

    auto* dpop = child<QCheckBox>(editor, "dpopCheck");
    auto* dpopAlg = child<QComboBox>(editor, "dpopAlgCombo");
    QVERIFY(!dpopAlg->isEnabled());
    dpop->setChecked(true);
    QVERIFY(dpopAlg->isEnabled());
    dpopAlg->setCurrentIndex(dpopAlg->findData(QStringLiteral("PS256")));
    QVERIFY(Test::saveScreenshot(editor, QStringLiteral("profile-editor-oauth-code-grant.png")));

    QSignalSpy saved(editor, &Gui::ProfileEditor::saved);
    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);
    const QString id = saved.first().first().toString();
    const Profiles::Profile* p = m_window->session()->findProfile(id);
    QVERIFY(p);
    const Auth::OAuthSettings& o = p->auth.oauth;
    QCOMPARE(o.grantType, QStringLiteral("authorization_code"));
    QCOMPARE(o.authorizationEndpoint, QStringLiteral("https://auth.example.com/authorize"));
    QCOMPARE(o.redirectUri, QStringLiteral("http://127.0.0.1:8765/callback"));
    QCOMPARE(o.pkce, false);
    QCOMPARE(o.issuer, QStringLiteral("https://auth.example.com"));
    QCOMPARE(o.clientAuth, Auth::ClientAuth::PrivateKeyJwt);
    QCOMPARE(o.assertionAlg, QStringLiteral("ES256"));
    QCOMPARE(o.assertionKeyId, QString::fromLatin1(key.thumbprint()));
    QCOMPARE(o.dpop, true);
    QCOMPARE(o.dpopAlg, QStringLiteral("PS256"));

    // The key went to the secret store as the assertion_key field, never to the profile file.
    QCOMPARE(storedSecret(id + QStringLiteral("/assertion_key")), pem);
    const QByteArray keyBody = pem.section(u'\n', 1, 1).toLatin1();
    QVERIFY(keyBody.size() > 20);
    QVERIFY2(Test::filesContaining(m_dataDir.path(), keyBody).isEmpty(), "the private key on disk");
    QVERIFY2(Test::filesContaining(m_dataDir.path(), "PRIVATE KEY").isEmpty(), "a private key on disk");
    QCOMPARE(Test::filesContaining(m_dataDir.path(), "https://auth.example.com/authorize").size(), 1);

    // Opened again, every field is as it was saved.
    Gui::ProfileEditor* again = actions->editProfile(id);
    QVERIFY(again);
    QTRY_COMPARE(child<Gui::SecretEdit>(again, "assertionKeySecret")->text(), pem);
    QCOMPARE(again->profile().auth, p->auth);
    QCOMPARE(again->profile().sessionSecrets.assertionKey, pem);
    QVERIFY(!child<QCheckBox>(again, "pkceCheck")->isChecked());
    QCOMPARE(child<QComboBox>(again, "assertionAlgCombo")->currentData().toString(), QStringLiteral("ES256"));
    QCOMPARE(child<QComboBox>(again, "dpopAlgCombo")->currentData().toString(), QStringLiteral("PS256"));
    again->reject();
}

void TestTokenRefresh::editorRoundTripsTheDeviceGrantAndClientSecretJwt()
{
    auto* actions = m_window->profileActions();
    Gui::ProfileEditor* editor = actions->newProfile();
    QVERIFY(editor);
    child<QLineEdit>(editor, "nameEdit")->setText(QStringLiteral("TV sign-in"));
    auto* method = child<QComboBox>(editor, "authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::OAuth2)));
    auto* grant = child<QComboBox>(editor, "grantTypeCombo");
    grant->setCurrentIndex(grant->findData(QStringLiteral("device_code")));
    child<QTabWidget>(editor, "editorTabs")->setCurrentWidget(child<QWidget>(editor, "oauthTab"));
    QVERIFY(child<QLineEdit>(editor, "deviceEndpointEdit")->isVisible());
    QVERIFY(!child<QLineEdit>(editor, "authorizationEndpointEdit")->isVisible());
    QVERIFY(!child<QCheckBox>(editor, "pkceCheck")->isVisible());
    QTest::keyClicks(child<QLineEdit>(editor, "deviceEndpointEdit"), QStringLiteral("https://auth.example.com/device"));
    QTest::keyClicks(child<QLineEdit>(editor, "clientIdEdit"), QStringLiteral("tv-app"));
    auto* clientAuth = child<QComboBox>(editor, "clientAuthCombo");
    clientAuth->setCurrentIndex(clientAuth->findData(int(Auth::ClientAuth::ClientSecretJwt)));
    // client_secret_jwt: HS256 over the secret; no key row.
    auto* alg = child<QComboBox>(editor, "assertionAlgCombo");
    QCOMPARE(alg->count(), 1);
    QCOMPARE(alg->currentData().toString(), QStringLiteral("HS256"));
    QVERIFY(!child<Gui::SecretEdit>(editor, "assertionKeySecret")->isVisible());
    QVERIFY(child<QWidget>(editor, "clientSecretSecret")->isEnabled());
    QTest::keyClicks(child<Gui::SecretEdit>(editor, "clientSecretSecret")->lineEdit(),
                     QStringLiteral("cs-canary-jwt-0123456789abcdef0123456789"));
    QTest::keyClicks(child<QLineEdit>(editor, "assertionKidEdit"), QStringLiteral("hmac-1"));
    QSignalSpy saved(editor, &Gui::ProfileEditor::saved);
    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);
    const QString id = saved.first().first().toString();
    const Profiles::Profile* p = m_window->session()->findProfile(id);
    QVERIFY(p);
    QCOMPARE(p->auth.oauth.grantType, QStringLiteral("device_code"));
    QCOMPARE(p->auth.oauth.deviceAuthorizationEndpoint, QStringLiteral("https://auth.example.com/device"));
    QCOMPARE(p->auth.oauth.clientAuth, Auth::ClientAuth::ClientSecretJwt);
    QCOMPARE(p->auth.oauth.assertionAlg, QStringLiteral("HS256"));
    QCOMPARE(p->auth.oauth.assertionKeyId, QStringLiteral("hmac-1"));
    QVERIFY(Test::filesContaining(m_dataDir.path(), "cs-canary-jwt").isEmpty());
    Gui::ProfileEditor* again = actions->editProfile(id);
    QVERIFY(again);
    QTRY_COMPARE(child<Gui::SecretEdit>(again, "clientSecretSecret")->text(),
                 QStringLiteral("cs-canary-jwt-0123456789abcdef0123456789"));
    QCOMPARE(again->profile().auth, p->auth);
    again->reject();
}

void TestTokenRefresh::editorPastesAndChecksAPem()
{
    Gui::ProfileEditor* editor = m_window->profileActions()->newProfile();
    QVERIFY(editor);
    child<QLineEdit>(editor, "nameEdit")->setText(QStringLiteral("Pasted key"));
    auto* method = child<QComboBox>(editor, "authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::OAuth2)));
    child<QTabWidget>(editor, "editorTabs")->setCurrentWidget(child<QWidget>(editor, "oauthTab"));
    QTest::keyClicks(child<QLineEdit>(editor, "clientIdEdit"), QStringLiteral("svc"));
    auto* clientAuth = child<QComboBox>(editor, "clientAuthCombo");
    clientAuth->setCurrentIndex(clientAuth->findData(int(Auth::ClientAuth::PrivateKeyJwt)));
    auto* keyEdit = child<Gui::SecretEdit>(editor, "assertionKeySecret");
    auto* keyError = child<QLabel>(editor, "assertionKeyError");

    // Not a key: nothing replaced, a clear message.
    QGuiApplication::clipboard()->setText(QStringLiteral("hello, not a key"));
    QTest::mouseClick(child<QPushButton>(editor, "pastePemButton"), Qt::LeftButton);
    QVERIFY(keyEdit->text().isEmpty());
    QVERIFY(keyError->isVisible());
    QVERIFY2(keyError->text().contains(QStringLiteral("clipboard")), qPrintable(keyError->text()));

    // An RSA key on one line (its breaks lost on the way): its lines come back, RS256 signs with it.
    QString error;
    const Jwt::PrivateKey rsa = Jwt::PrivateKey::generate(QStringLiteral("RS256"), &error);
    QVERIFY2(!rsa.isNull(), qPrintable(error));
    const QString pem = QString::fromLatin1(rsa.toPem());
    QGuiApplication::clipboard()->setText(QString(pem).replace(u'\n', u' '));
    QTest::mouseClick(child<QPushButton>(editor, "pastePemButton"), Qt::LeftButton);
    QCOMPARE(keyEdit->text(), pem);
    QVERIFY(child<QPlainTextEdit>(editor, "publicJwkView")->toPlainText().contains(QStringLiteral("\"RSA\"")));

    // The alg must suit the key: ES256 with an RSA key is refused on Save, under the key.
    auto* alg = child<QComboBox>(editor, "assertionAlgCombo");
    alg->setCurrentIndex(alg->findData(QStringLiteral("ES256")));
    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    QVERIFY(editor->isVisible());
    QVERIFY2(keyError->text().contains(QStringLiteral("ES256")), qPrintable(keyError->text()));
    alg->setCurrentIndex(alg->findData(QStringLiteral("PS256")));
    QTRY_VERIFY(keyError->isHidden());
    editor->reject();
}

void TestTokenRefresh::editorShowsOnlyTheRowsOfTheGrant_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QString>("grant");
    QTest::addColumn<int>("clientAuth");
    QTest::addColumn<QStringList>("shown");
    QTest::addColumn<QStringList>("hidden");
    const QStringList code {QStringLiteral("authorizationEndpointEdit"), QStringLiteral("redirectUriEdit"),
                            QStringLiteral("pkceCheck")};
    const QStringList device {QStringLiteral("deviceEndpointEdit")};
    const QStringList owner {QStringLiteral("oauthUsernameEdit")};
    const QStringList assertion {QStringLiteral("assertionAlgCombo"), QStringLiteral("assertionKidEdit")};
    const QStringList key {QStringLiteral("assertionKeySecret"), QStringLiteral("generateKeyButton"),
                           QStringLiteral("publicJwkView")};
    const QStringList secret {QStringLiteral("clientSecretSecret")};
    const int basic = int(Auth::ClientAuth::ClientSecretBasic);
    const int pkjwt = int(Auth::ClientAuth::PrivateKeyJwt);
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        const QString at = QStringLiteral(" %1x%2").arg(size.width()).arg(size.height());
        QTest::newRow(qPrintable(u"code" + at))
            << size << "authorization_code" << pkjwt << code + assertion + key << device + owner + secret;
        QTest::newRow(qPrintable(u"device" + at))
            << size << "device_code" << basic << device + secret << code + owner + assertion + key;
        QTest::newRow(qPrintable(u"password" + at))
            << size << "password" << basic << owner << code + device + assertion + key;
        QTest::newRow(qPrintable(u"client credentials" + at))
            << size << "client_credentials" << basic << QStringList() << code + device + owner + assertion + key;
    }
}

void TestTokenRefresh::editorShowsOnlyTheRowsOfTheGrant()
{
    QFETCH(QSize, size);
    QFETCH(QString, grant);
    QFETCH(int, clientAuth);
    QFETCH(QStringList, shown);
    QFETCH(QStringList, hidden);
    m_window->resize(size);
    Gui::ProfileEditor* editor = m_window->profileActions()->newProfile();
    QVERIFY(editor);
    // The editor opens at its default size, which fits a 1280×800 screen; on a large screen it is enlarged.
    if (size.width() >= 1920)
        editor->resize(1200, 960);
    QVERIFY(editor->width() <= size.width() && editor->height() <= size.height());
    QVERIFY(QTest::qWaitForWindowExposed(editor));
    auto* method = child<QComboBox>(editor, "authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::OAuth2)));
    child<QTabWidget>(editor, "editorTabs")->setCurrentWidget(child<QWidget>(editor, "oauthTab"));
    auto* grantCombo = child<QComboBox>(editor, "grantTypeCombo");
    grantCombo->setCurrentIndex(grantCombo->findData(grant));
    auto* authCombo = child<QComboBox>(editor, "clientAuthCombo");
    authCombo->setCurrentIndex(authCombo->findData(clientAuth));
    if (clientAuth == int(Auth::ClientAuth::PrivateKeyJwt))
        QTest::mouseClick(child<QPushButton>(editor, "generateKeyButton"), Qt::LeftButton);
    for (const QString& name : shown)
        QVERIFY2(child<QWidget>(editor, qPrintable(name))->isVisible(), qPrintable(name));
    for (const QString& name : hidden)
        QVERIFY2(!child<QWidget>(editor, qPrintable(name))->isVisible(), qPrintable(name));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    // Nothing clipped or overlapping: every visible field row of a group lies inside the group, the rows
    // one below the other, labels as tall as their wrapped text.
    auto* content = child<QWidget>(editor, "oauthContent");
    QVERIFY(content->width() <= child<QScrollArea>(editor, "oauthScroll")->viewport()->width());
    for (QGroupBox* group : content->findChildren<QGroupBox*>()) {
        auto* form = qobject_cast<QFormLayout*>(group->layout());
        QVERIFY(form);
        int bottom = -1;
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem* field = form->itemAt(row, QFormLayout::FieldRole);
            if (!field || !form->isRowVisible(row))
                continue;
            const QRect r = field->geometry();
            QVERIFY2(r.top() >= bottom, qPrintable(group->objectName() + u" row " + QString::number(row)));
            QVERIFY2(r.right() <= group->contentsRect().right(), qPrintable(group->objectName()));
            bottom = r.bottom();
        }
        for (const QLabel* label : group->findChildren<QLabel*>()) {
            if (label->isVisible() && label->wordWrap() && !label->text().isEmpty())
                QVERIFY2(label->height() >= label->heightForWidth(label->width()), qPrintable(label->text()));
        }
    }
    QVERIFY(Test::saveScreenshot(
        editor, QStringLiteral("profile-editor-%1-%2x%3.png").arg(grant).arg(size.width()).arg(size.height())));
    editor->reject();
}

void TestTokenRefresh::comparisonFitsNarrowAndWide_data()
{
    QTest::addColumn<QSize>("window");
    QTest::newRow("1280x800") << QSize(1280, 800);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestTokenRefresh::comparisonFitsNarrowAndWide()
{
    QFETCH(QSize, window);
    m_window->resize(window);
    sendRequest(OAuthDemo, QStringLiteral("/api/profile"));
    QPushButton* refresh = fixButton(QStringLiteral("token.expired"), QStringLiteral("token.refresh"));
    QVERIFY(refresh);
    clickAndWait(refresh);
    QVERIFY(comparison()->isVisible());
    // Every line of the two columns is inside its column, and the columns inside the panel.
    for (Gui::ExchangeSummaryView* view : {comparison()->beforeView(), comparison()->afterView()}) {
        QVERIFY(view->geometry().right() <= view->parentWidget()->contentsRect().right());
        const QList<QLabel*> labels = view->findChildren<QLabel*>();
        for (const QLabel* label : labels) {
            QVERIFY2(label->geometry().right() <= view->contentsRect().right(), qPrintable(label->text()));
            if (label->wordWrap() && !label->text().isEmpty())
                QVERIFY2(label->height() >= label->heightForWidth(label->width()), qPrintable(label->text()));
        }
    }
    QVERIFY(Test::saveScreenshot(m_window.get(),
                                 QStringLiteral("token-refresh-%1x%2.png").arg(window.width()).arg(window.height())));
}

QTEST_MAIN(TestTokenRefresh)
#include "TestTokenRefresh.moc"
