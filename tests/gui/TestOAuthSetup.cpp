// "Set up OAuth for this API" in the window (issue 11): the demo's 401 with resource_metadata offers the
// action, the dialog proposes the demo's endpoints with their sources, Save updates the profile (a demo
// profile for the session, a stored one in its file — its secrets untouched in the store). Real widgets,
// the in-process demo API on 127.0.0.1, offscreen.
#include "GuiTestSupport.h"
#include "common/Dialogs.h"
#include "demo/DemoServer.h"
#include "diagnosis/DiagnosisPanel.h"
#include "diagnosis/FindingCard.h"
#include "diagnosis/FixController.h"
#include "mainwindow/MainWindow.h"
#include "oauth/OAuthSetupDialog.h"
#include "oauth/TokenRefresher.h"
#include "oauth/TokenTranscriptView.h"
#include "profiles/SecretStore.h"
#include "session/RequestController.h"
#include "session/Session.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Authlens;

class TestOAuthSetup : public Test::DemoWindowTest
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void demoBearerProfileIsSetUpFromThe401();
    void storedProfileIsSavedWithItsSecretsKept();
    void noActionForAProfileWithATokenService();

private:
    /// Clicks "Set up OAuth for this API" on the card of `code` and waits for the dialog's documents.
    Gui::OAuthSetupDialog* openSetup(const QString& code);
};

void TestOAuthSetup::initTestCase()
{
    prepareApplication();
}

void TestOAuthSetup::init()
{
    openWindow();
}

void TestOAuthSetup::cleanup()
{
    closeWindow();
}

Gui::OAuthSetupDialog* TestOAuthSetup::openSetup(const QString& code)
{
    QPushButton* setup = fixButton(code, QStringLiteral("oauth.setup"));
    if (!setup)
        return nullptr;
    auto* fixes = m_window->findChild<Gui::FixController*>();
    QPointer<Gui::OAuthSetupDialog> dialog;
    bool read = false;
    QObject context;
    connect(fixes, &Gui::FixController::oauthSetupOpened, &context, [&](Gui::OAuthSetupDialog* d) {
        dialog = d;
        connect(d, &Gui::OAuthSetupDialog::finished, &context, [&] { read = true; });
    });
    QTest::mouseClick(setup, Qt::LeftButton);
    // The documents come from the demo API: wait until the dialog has shown them.
    if (!dialog || !QTest::qWaitFor([&] { return read || !dialog; }, 10000) || !dialog)
        return nullptr;
    return dialog;
}

void TestOAuthSetup::demoBearerProfileIsSetUpFromThe401()
{
    // A Bearer profile with a pasted, expired token: no token service can help, the API's 401 names its
    // resource metadata — so the card offers the setup (and says the button's name).
    sendSaved(QStringLiteral("Demo · Bearer (expired token)"), QStringLiteral("/api/profile"));
    QVERIFY(panel()->card(QStringLiteral("token.expired")));
    QPushButton* button = fixButton(QStringLiteral("token.expired"), QStringLiteral("oauth.setup"));
    QVERIFY(button);
    QCOMPARE(button->text(), QStringLiteral("Set up OAuth for this API"));

    Gui::OAuthSetupDialog* dialog = openSetup(QStringLiteral("token.expired"));
    QVERIFY(dialog);
    QVERIFY2(dialog->outcome().ok, qPrintable(dialog->outcome().error.message));
    const QString base = m_window->session()->demoServer()->baseUrl().toString();
    // The table: field — current — proposed — source, a checkbox per field, the changes checked.
    auto* table = child<QTableWidget>(dialog, "proposalTable");
    QCOMPARE(table->columnCount(), 4);
    int tokenRow = -1;
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 2)->text() == base + QStringLiteral("/oauth/token"))
            tokenRow = row;
    }
    QVERIFY(tokenRow >= 0);
    QCOMPARE(table->item(tokenRow, 1)->text(), QStringLiteral("—"));
    QCOMPARE(table->item(tokenRow, 3)->text(), QStringLiteral("server metadata, token_endpoint"));
    for (const char* key : {"method", "issuer", "token_endpoint", "grant_type", "scopes"}) {
        QCheckBox* check = dialog->fieldCheck(QString::fromLatin1(key));
        QVERIFY2(check && check->isChecked(), key);
    }
    // DPoP is not required by the demo and the profile has it off: nothing to change, nothing checked.
    QVERIFY(!dialog->fieldCheck(QStringLiteral("dpop"))->isChecked());
    // Leave the scopes as they are; fill in the client.
    dialog->fieldCheck(QStringLiteral("scopes"))->setChecked(false);
    auto* clientId = child<QLineEdit>(dialog, "clientIdEdit");
    clientId->setText(Demo::DemoServer::clientId());
    // The transcript shows both documents.
    const QString transcript = child<Gui::TokenTranscriptView>(dialog, "transcriptView")->toPlainText();
    QVERIFY2(transcript.contains(QStringLiteral("Protected resource metadata (RFC 9728)"))
                 && transcript.contains(QStringLiteral("Authorization server metadata (RFC 8414)")),
             qPrintable(transcript));
    QVERIFY(Test::saveScreenshot(dialog, QStringLiteral("oauth-setup-dialog.png")));

    QSignalSpy saved(dialog, &Gui::OAuthSetupDialog::saved);
    QTest::mouseClick(child<QPushButton>(dialog, "saveSetupButton"), Qt::LeftButton);
    QCOMPARE(saved.size(), 1);
    const Profiles::Profile* p = m_window->session()->findProfile(QStringLiteral("demo-bearer-expired"));
    QVERIFY(p);
    QCOMPARE(p->auth.method, Auth::Method::OAuth2);
    QCOMPARE(p->auth.oauth.tokenEndpoint, base + QStringLiteral("/oauth/token"));
    QCOMPARE(p->auth.oauth.issuer, base);
    QCOMPARE(p->auth.oauth.clientId, Demo::DemoServer::clientId());
    QVERIFY(p->auth.oauth.scopes.isEmpty()); // unchecked: not taken
    // A demo profile is changed for the session only: nothing on disk.
    QVERIFY(QDir(m_dataDir.path() + QStringLiteral("/profiles")).entryList(QDir::Files).isEmpty());
}

void TestOAuthSetup::storedProfileIsSavedWithItsSecretsKept()
{
    Demo::DemoServer* demo = m_window->session()->demoServer();
    Profiles::Profile profile;
    profile.name = QStringLiteral("Stored API");
    profile.baseUrl = demo->baseUrl().toString();
    profile.auth.method = Auth::Method::None;
    profile.sessionSecrets.apiKey = QStringLiteral("ak-canary-keep-me");
    profile.requests.append(
        {QStringLiteral("r1"), QStringLiteral("Profile"), "GET", QStringLiteral("/api/profile"), {}, {}, {}, {}});
    QString error;
    const QString id = Test::saveProfile(m_window->session(), profile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // No credentials at all: credentials.missing carries the setup.
    sendSaved(profile.name, QStringLiteral("/api/profile"));
    Gui::OAuthSetupDialog* dialog = openSetup(QStringLiteral("credentials.missing"));
    QVERIFY(dialog);
    QVERIFY(dialog->outcome().ok);
    child<QLineEdit>(dialog, "clientIdEdit")->setText(QStringLiteral("stored-client"));
    // Read before Save: the dialog closes and is deleted once the profile is saved.
    const QStringList proposedScopes = dialog->outcome().proposal.scopes;
    QSignalSpy saved(dialog, &Gui::OAuthSetupDialog::saved);
    QTest::mouseClick(child<QPushButton>(dialog, "saveSetupButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);

    const Profiles::Profile* p = m_window->session()->findProfile(id);
    QVERIFY(p);
    QCOMPARE(p->auth.method, Auth::Method::OAuth2);
    QCOMPARE(p->auth.oauth.clientId, QStringLiteral("stored-client"));
    QCOMPARE(p->auth.oauth.scopes, proposedScopes);
    // The file has the endpoints; the secrets stayed in the store and out of the file.
    QFile file(m_window->session()->store().filePath(id));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject auth
        = QJsonDocument::fromJson(file.readAll()).object().value(u"profile").toObject().value(u"auth").toObject();
    QCOMPARE(auth.value(u"token_endpoint").toString(), demo->baseUrl().toString() + QStringLiteral("/oauth/token"));
    QCOMPARE(auth.value(u"client_id").toString(), QStringLiteral("stored-client"));
    QVERIFY(Test::filesContaining(m_dataDir.path(), "ak-canary-keep-me").isEmpty());
    QCOMPARE(p->sessionSecrets.apiKey, QStringLiteral("ak-canary-keep-me"));
}

void TestOAuthSetup::noActionForAProfileWithATokenService()
{
    // The OAuth 2 demo profile gets tokens by itself: its fixes are the token service's, not the setup.
    sendSaved(QStringLiteral("Demo · OAuth 2 (expired token, refresh works)"), QStringLiteral("/api/profile"));
    QVERIFY(fixButton(QStringLiteral("token.expired"), QStringLiteral("token.refresh")));
    QVERIFY(!fixButton(QStringLiteral("token.expired"), QStringLiteral("oauth.setup")));
    // The user may still ask for it: the Request menu's action runs the setup on this 401.
    auto* action = m_window->findChild<QAction*>(QStringLiteral("actionSetUpOAuth"));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    QPointer<Gui::OAuthSetupDialog> dialog;
    bool read = false;
    QObject context;
    connect(m_window->findChild<Gui::FixController*>(), &Gui::FixController::oauthSetupOpened, &context,
            [&](Gui::OAuthSetupDialog* d) {
                dialog = d;
                connect(d, &Gui::OAuthSetupDialog::finished, &context, [&] { read = true; });
            });
    action->trigger();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(read, 10000);
    QVERIFY(dialog->outcome().ok);
    // Already set up the same way: the token endpoint is no change, so it is not checked.
    QVERIFY(!dialog->fieldCheck(QStringLiteral("token_endpoint"))->isChecked());
    dialog->reject();
    // A 401 without resource_metadata never offers it.
    sendSaved(QStringLiteral("Demo · Basic (wrong password)"), QStringLiteral("/basic/resource"));
    for (const Gui::FindingCard* card : panel()->findChildren<Gui::FindingCard*>()) {
        for (const QPushButton* button : card->fixButtons())
            QVERIFY(button->property("fixId").toString() != u"oauth.setup");
    }
    QVERIFY(!action->isEnabled());
}

QTEST_MAIN(TestOAuthSetup)
#include "TestOAuthSetup.moc"
