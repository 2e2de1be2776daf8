#include "FailingSecretStore.h"
#include "GuiTestSupport.h"
#include "common/Banner.h"
#include "common/Dialogs.h"
#include "common/SecretEdit.h"
#include "demo/DemoServer.h"
#include "mainwindow/MainWindow.h"
#include "profiles/KeychainSecretStore.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileSecrets.h"
#include "profiles/ProfileStore.h"
#include "session/Session.h"
#include "sidebar/SidebarPanel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QUuid>

#include <memory>

using namespace Authlens;
using Gui::Dialogs;
using Gui::SecretsManager;

namespace {

/// A keychain that is down until the test brings it up: the Secret Service starting late.
class SwitchableSecretStore final : public Profiles::SecretStore
{
public:
    using SecretStore::SecretStore;
    bool failing = true;
    Profiles::MemorySecretStore memory;

    void read(const QString& key, QObject* context, Profiles::SecretCallback done) override
    {
        failing ? fail(context, std::move(done)) : memory.read(key, context, std::move(done));
    }
    void write(const QString& key, const QString& value, QObject* context, Profiles::SecretCallback done) override
    {
        failing ? fail(context, std::move(done)) : memory.write(key, value, context, std::move(done));
    }
    void remove(const QString& key, QObject* context, Profiles::SecretCallback done) override
    {
        failing ? fail(context, std::move(done)) : memory.remove(key, context, std::move(done));
    }
    bool isPersistent() const override { return true; }
    QString backendName() const override { return QStringLiteral("late keychain"); }

private:
    static void fail(QObject* context, Profiles::SecretCallback done)
    {
        QTimer::singleShot(0, context, [done = std::move(done)] {
            done({Profiles::SecretError::Unavailable, QStringLiteral("The keychain is not up yet."), {}});
        });
    }
};

} // namespace

// Profiles in the window: the editor, the sidebar's actions and the keychain — the real Secret
// Service (a service name of this run's own), or a failing fake for the session-only path.
class TestProfiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void editorCreatesProfileAndSecretSurvivesRestart();
    void deleteRemovesFileAndKeychainSecrets();
    void sessionOnlyWhenKeychainFails();
    void retryMovesSessionSecretsToKeychain();
    void keychainLeftAloneUntilNeeded();
    void editorValidatesInline();
    void tlsFilesComeThroughTheFileSeam();
    void renameDuplicateAndDemoReadOnly();
    void saveRequestToProfile();
    void unreadableProfileFilesShowBanner();

private:
    Gui::SessionOptions keychainOptions() const;
    void createWindow(const Gui::SessionOptions& options);
    void waitForKeychain();
    Gui::ProfileEditor* openNewProfileEditor();
    QString profilesDir() const { return m_dataDir->path() + QStringLiteral("/profiles"); }
    QStringList profileFiles() const;
    template <typename T> T* child(QObject* parent, const char* name) const
    {
        T* widget = parent->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no widget named %s", name);
        return widget;
    }
    template <typename T> T* child(const char* name) const { return child<T>(m_window.get(), name); }
    QTreeWidgetItem* treeItem(const QString& text) const;

    QString m_service;
    std::unique_ptr<QTemporaryDir> m_dataDir;
    std::unique_ptr<Gui::MainWindow> m_window;
};

void TestProfiles::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    Test::isolateSettings();
    QCoreApplication::setOrganizationName(QStringLiteral("Authlens"));
    QCoreApplication::setApplicationName(QStringLiteral("Authlens"));
    // A service of this run's own: nothing of a real user's Authlens entries is ever touched.
    m_service = QStringLiteral("org.authlens.Authlens.test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void TestProfiles::init()
{
    Dialogs::setTestMode(true);
    m_dataDir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dataDir->isValid());
    qputenv("AUTHLENS_DATA_DIR", QFile::encodeName(m_dataDir->path()));
    QSettings().clear();
}

void TestProfiles::cleanup()
{
    m_window.reset();
    QSettings().clear();
    m_dataDir.reset();
}

Gui::SessionOptions TestProfiles::keychainOptions() const
{
    Gui::SessionOptions options;
    options.keychain
        = [service = m_service](QObject* parent) { return new Profiles::KeychainSecretStore(parent, service); };
    options.probeKeychainAtStart = true;
    return options;
}

void TestProfiles::createWindow(const Gui::SessionOptions& options)
{
    m_window = std::make_unique<Gui::MainWindow>(options);
    m_window->resize(1300, 820);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestProfiles::waitForKeychain()
{
    SecretsManager* secrets = m_window->session()->secrets();
    QTRY_VERIFY_WITH_TIMEOUT(secrets->state() != SecretsManager::State::Checking, 15000);
    QVERIFY2(secrets->state() == SecretsManager::State::Ready,
             qPrintable(QStringLiteral("The real keychain is needed (run inside dbus-run-session with an unlocked "
                                       "gnome-keyring, as setup.sh test does): %1")
                            .arg(secrets->problem())));
}

Gui::ProfileEditor* TestProfiles::openNewProfileEditor()
{
    QTest::mouseClick(child<QToolButton>("newProfileButton"), Qt::LeftButton);
    return Test::waitForDialog<Gui::ProfileEditor>(m_window.get());
}

QStringList TestProfiles::profileFiles() const
{
    return QDir(profilesDir()).entryList({QStringLiteral("*.json")}, QDir::Files);
}

QTreeWidgetItem* TestProfiles::treeItem(const QString& text) const
{
    const QList<QTreeWidgetItem*> items
        = child<QTreeWidget>("profileTree")->findItems(text, Qt::MatchExactly | Qt::MatchRecursive);
    return items.size() == 1 ? items.first() : nullptr;
}

// The GUI test: a profile typed into the editor, with its secret, survives a restart; the
// secret comes back from the real keychain and never appears in a file.
void TestProfiles::editorCreatesProfileAndSecretSurvivesRestart()
{
    const QString canary = QStringLiteral("canary-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    createWindow(keychainOptions());
    waitForKeychain();
    QVERIFY(child<QLabel>("keychainLabel")->text().startsWith(QStringLiteral("Keychain: ")));
    QVERIFY(!child<Gui::Banner>("keychainBanner")->isVisible());

    Gui::ProfileEditor* editor = openNewProfileEditor();
    QVERIFY(editor);
    auto* name = child<QLineEdit>(editor, "nameEdit");
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("Acme API"));
    QTest::keyClicks(child<QLineEdit>(editor, "baseUrlEdit"), QStringLiteral("https://api.acme.test/v1"));
    auto* method = child<QComboBox>(editor, "authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::Basic)));
    child<QTabWidget>(editor, "editorTabs")->setCurrentWidget(child<QWidget>(editor, "authTab"));
    QTest::keyClicks(child<QLineEdit>(editor, "usernameEdit"), QStringLiteral("alice"));
    auto* password = child<Gui::SecretEdit>(editor, "passwordSecret");
    QTest::keyClicks(password->lineEdit(), canary);
    QCOMPARE(password->lineEdit()->echoMode(), QLineEdit::Password);
    QVERIFY(child<QLabel>(editor, "keychainStatusLabel")->text().contains(QStringLiteral("keychain")));
    QVERIFY(Test::saveScreenshot(editor, QStringLiteral("profile-editor-auth.png")));
    QTest::mouseClick(password->revealButton(), Qt::LeftButton);
    QCOMPARE(password->lineEdit()->echoMode(), QLineEdit::Normal);

    QPointer<Gui::ProfileEditor> guard(editor);
    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!guard, 15000);

    // The file holds the profile and a reference-free auth block; the secret is in the keychain.
    QCOMPARE(profileFiles().size(), 1);
    const QString id = profileFiles().first().chopped(5);
    QFile file(profilesDir() + u'/' + profileFiles().first());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();
    QVERIFY(json.contains("Acme API"));
    QVERIFY(json.contains("alice"));
    QVERIFY(!json.contains(canary.toUtf8()));
    QCOMPARE(Test::secretToolLookup(id + QStringLiteral("/password"), m_service), canary);
    // The new profile is selected, and the composer has its credentials.
    QTRY_COMPARE(child<QLineEdit>("passwordEdit")->text(), canary);

    // Restart: a new window, a new keychain store — the profile and its secret come back.
    m_window.reset();
    createWindow(keychainOptions());
    waitForKeychain();
    QTreeWidgetItem* item = treeItem(QStringLiteral("Acme API"));
    QVERIFY(item);
    // The last session's profile is current again (its id was in the settings) …
    QCOMPARE(m_window->session()->currentProfileId(), id);
    QTRY_COMPARE(child<QLineEdit>("passwordEdit")->text(), canary);
    // … and picking it in the sidebar works as well.
    auto* tree = child<QTreeWidget>("profileTree");
    tree->setCurrentItem(nullptr);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualItemRect(item).center());
    QCOMPARE(m_window->session()->currentProfileId(), id);
    QCOMPARE(child<QComboBox>("authMethodCombo")->currentData().toInt(), int(Auth::Method::Basic));
    QCOMPARE(child<QLineEdit>("usernameEdit")->text(), QStringLiteral("alice"));
    QTRY_COMPARE(child<QLineEdit>("passwordEdit")->text(), canary);
    QCOMPARE(child<QLineEdit>("passwordEdit")->echoMode(), QLineEdit::Password);

    // The editor shows the stored secret too (masked).
    QTest::mouseClick(child<QToolButton>("editProfileButton"), Qt::LeftButton);
    editor = Test::waitForDialog<Gui::ProfileEditor>(m_window.get());
    QVERIFY(editor);
    QTRY_COMPARE(child<Gui::SecretEdit>(editor, "passwordSecret")->text(), canary);
    QCOMPARE(child<QLineEdit>(editor, "baseUrlEdit")->text(), QStringLiteral("https://api.acme.test/v1"));
    QVERIFY(Test::saveScreenshot(editor, QStringLiteral("profile-editor-general.png")));
    editor->reject();

    // Clean up through the UI: the keychain entries go with the profile.
    Dialogs::setNextAnswer(QMessageBox::Yes);
    child<QAction>("deleteProfileAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(profileFiles().isEmpty(), 15000);
    QVERIFY(Test::secretToolLookup(id + QStringLiteral("/password"), m_service).isEmpty());
}

void TestProfiles::deleteRemovesFileAndKeychainSecrets()
{
    createWindow(keychainOptions());
    waitForKeychain();
    Profiles::Profile profile;
    profile.name = QStringLiteral("Doomed");
    profile.baseUrl = QStringLiteral("https://doomed.example");
    profile.auth.method = Auth::Method::Bearer;
    profile.sessionSecrets.token = QStringLiteral("token-to-delete");
    profile.sessionSecrets.refreshToken = QStringLiteral("refresh-to-delete");
    QString error;
    const QString id = Test::saveProfile(m_window->session(), profile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(Test::secretToolLookup(id + QStringLiteral("/token"), m_service), QStringLiteral("token-to-delete"));
    QCOMPARE(profileFiles().size(), 1);

    QVERIFY(treeItem(QStringLiteral("Doomed")));
    child<QTreeWidget>("profileTree")->setCurrentItem(treeItem(QStringLiteral("Doomed")));
    // "Cancel" changes nothing.
    Dialogs::setNextAnswer(QMessageBox::Cancel);
    child<QAction>("deleteProfileAction")->trigger();
    QVERIFY(Dialogs::lastQuestion().contains(QStringLiteral("Doomed")));
    QVERIFY(Dialogs::lastQuestion().contains(QStringLiteral("keychain")));
    QCOMPARE(profileFiles().size(), 1);

    Dialogs::setNextAnswer(QMessageBox::Yes);
    child<QAction>("deleteProfileAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(profileFiles().isEmpty(), 15000);
    QVERIFY(!m_window->session()->findProfile(id));
    QVERIFY(!treeItem(QStringLiteral("Doomed")));
    for (const char* field : {"token", "refresh_token", "password"})
        QVERIFY(Test::secretToolLookup(id + u'/' + QString::fromLatin1(field), m_service).isEmpty());
    QTRY_VERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("deleted")));
}

// No keychain: a banner says why and offers session-only secrets; nothing is written to a file.
void TestProfiles::sessionOnlyWhenKeychainFails()
{
    const QString canary = QStringLiteral("session-canary-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QPointer<Test::FailingSecretStore> failing;
    Gui::SessionOptions options;
    options.probeKeychainAtStart = true;
    options.keychainRetryDelayMs = 100;
    options.keychain = [&failing](QObject* parent) {
        failing = new Test::FailingSecretStore(Profiles::SecretError::Unavailable, parent);
        return failing.data();
    };
    createWindow(options);
    SecretsManager* secrets = m_window->session()->secrets();
    auto* banner = child<Gui::Banner>("keychainBanner");
    QTRY_VERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(QStringLiteral("fake failure: unavailable")), qPrintable(banner->text()));
    QCOMPARE(child<QLabel>("keychainLabel")->text(), QStringLiteral("Keychain unavailable"));
    // Retried once by itself (the Secret Service may start late). The probe's write fails first, so
    // each probe is one call.
    QTRY_COMPARE(failing->calls(), 2);
    QTRY_COMPARE(secrets->state(), SecretsManager::State::Unavailable); // the second probe's answer is queued
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("keychain-unavailable-banner.png")));

    // Saving a profile with a secret fails with the reason; the editor stays open, nothing is lost.
    Gui::ProfileEditor* editor = openNewProfileEditor();
    QVERIFY(editor);
    QVERIFY(child<Gui::Banner>(editor, "keychainBanner")->isVisible());
    child<QLineEdit>(editor, "nameEdit")->setText(QStringLiteral("Offline"));
    auto* method = child<QComboBox>(editor, "authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::Bearer)));
    QTest::keyClicks(child<Gui::SecretEdit>(editor, "tokenSecret")->lineEdit(), canary);
    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    auto* saveError = child<QLabel>(editor, "saveErrorLabel");
    QTRY_VERIFY(saveError->isVisible());
    QVERIFY2(saveError->text().contains(QStringLiteral("not available")), qPrintable(saveError->text()));
    QVERIFY(editor->isVisible());
    QCOMPARE(child<Gui::SecretEdit>(editor, "tokenSecret")->text(), canary);
    QVERIFY(profileFiles().isEmpty());
    // A keychain known to be broken is not asked again (no prompts piling up): only the two probes.
    QCOMPARE(failing->calls(), 2);

    // Session-only, chosen in the editor's banner: both banners stay, saying where secrets live.
    QTest::mouseClick(child<QPushButton>(editor, "useSessionOnlyButton"), Qt::LeftButton);
    QCOMPARE(secrets->state(), SecretsManager::State::SessionOnly);
    QTRY_VERIFY(banner->text().contains(QStringLiteral("kept in memory until you quit")));
    QVERIFY(banner->isVisible());
    QCOMPARE(child<QLabel>("keychainLabel")->text(), QStringLiteral("Secrets: session only (memory)"));
    QVERIFY(Test::saveScreenshot(editor, QStringLiteral("profile-editor-session-only.png")));
    QPointer<Gui::ProfileEditor> guard(editor);
    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    QTRY_VERIFY(!guard);
    QCOMPARE(profileFiles().size(), 1);
    QCOMPARE(failing->calls(), 2); // the memory store took the secret

    // The secret works in this session (the composer has it) …
    QTRY_COMPARE(child<QLineEdit>("tokenEdit")->text(), canary);
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("keychain-session-only-banner.png")));
    // … and is in no file: not the profile, not the settings.
    m_window->close(); // writes the settings
    QVERIFY(Test::filesContaining(m_dataDir->path(), canary.toUtf8()).isEmpty());
    const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    QVERIFY(Test::filesContaining(config, canary.toUtf8()).isEmpty());
    QVERIFY(Test::filesContaining(QFileInfo(QSettings().fileName()).absolutePath(), canary.toUtf8()).isEmpty());
}

// A first start with no profile (only the demo) never touches the keychain — no "create a keyring"
// prompt for someone who came to look; the first secret opens it. With stored profiles it is checked
// at start, so a problem shows at once.
void TestProfiles::keychainLeftAloneUntilNeeded()
{
    QPointer<Test::FailingSecretStore> failing;
    Gui::SessionOptions options;
    options.keychainRetryDelayMs = 60000;
    options.keychain = [&failing](QObject* parent) {
        failing = new Test::FailingSecretStore(Profiles::SecretError::Unavailable, parent);
        return failing.data();
    };
    createWindow(options);
    SecretsManager* secrets = m_window->session()->secrets();
    QVERIFY(m_window->startDemo());
    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Demo · Basic"), QStringLiteral("/basic/resource")));
    // Whatever selecting the request queued has run: a keychain probe would have been asked for by now.
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(failing->calls(), 0);
    QCOMPARE(secrets->state(), SecretsManager::State::Idle);
    QVERIFY(!child<Gui::Banner>("keychainBanner")->isVisible());
    QCOMPARE(child<QLabel>("keychainLabel")->text(), QStringLiteral("Keychain: not opened yet"));

    // Saving a profile with a secret needs the keychain: it is probed now, and its failure shown.
    Gui::ProfileEditor* editor = openNewProfileEditor();
    QVERIFY(editor);
    child<QLineEdit>(editor, "nameEdit")->setText(QStringLiteral("First"));
    auto* method = child<QComboBox>(editor, "authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::Bearer)));
    QTest::keyClicks(child<Gui::SecretEdit>(editor, "tokenSecret")->lineEdit(), QStringLiteral("first-token"));
    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    QTRY_COMPARE(secrets->state(), SecretsManager::State::Unavailable);
    QVERIFY(failing->calls() >= 1);
    QTRY_VERIFY(child<QLabel>(editor, "saveErrorLabel")->isVisible());
    editor->close();
    m_window.reset();

    // A stored profile exists: the next start checks the keychain right away.
    Profiles::Profile stored;
    stored.id = QStringLiteral("stored-one");
    stored.name = QStringLiteral("Stored");
    QString error;
    QVERIFY2(Profiles::ProfileStore(profilesDir()).save(stored, &error), qPrintable(error));
    createWindow(options);
    QTRY_VERIFY(failing->calls() >= 1);
}

void TestProfiles::retryMovesSessionSecretsToKeychain()
{
    QPointer<SwitchableSecretStore> keychain;
    Gui::SessionOptions options;
    options.probeKeychainAtStart = true;
    options.keychainRetryDelayMs = 50;
    options.keychain = [&keychain](QObject* parent) {
        keychain = new SwitchableSecretStore(parent);
        return keychain.data();
    };
    createWindow(options);
    SecretsManager* secrets = m_window->session()->secrets();
    QTRY_COMPARE(secrets->state(), SecretsManager::State::Unavailable);
    QTest::mouseClick(child<QPushButton>(child<Gui::Banner>("keychainBanner"), "useSessionOnlyButton"), Qt::LeftButton);
    QCOMPARE(secrets->state(), SecretsManager::State::SessionOnly);

    Profiles::Profile profile;
    profile.name = QStringLiteral("Typed while offline");
    profile.auth.method = Auth::Method::Bearer;
    profile.sessionSecrets.token = QStringLiteral("offline-token");
    QString error;
    const QString id = Test::saveProfile(m_window->session(), profile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(keychain->memory.keys().isEmpty());

    // The keychain comes up; "Retry keychain" moves what was typed into it, and the banner goes.
    keychain->failing = false;
    auto* banner = child<Gui::Banner>("keychainBanner");
    QTest::mouseClick(child<QPushButton>(banner, "retryKeychainButton"), Qt::LeftButton);
    QTRY_COMPARE(secrets->state(), SecretsManager::State::Ready);
    QVERIFY(!banner->isVisible());
    QVERIFY(keychain->memory.keys().contains(id + QStringLiteral("/token")));
    QCOMPARE(child<QLabel>("keychainLabel")->text(), QStringLiteral("Keychain: late keychain"));
    QVERIFY(child<Gui::SidebarPanel>("sidebar")->selectProfile(id));
    QTRY_COMPARE(child<QLineEdit>("tokenEdit")->text(), QStringLiteral("offline-token"));
}

void TestProfiles::tlsFilesComeThroughTheFileSeam()
{
    createWindow(keychainOptions());
    waitForKeychain();
    const QString ca = m_dataDir->filePath(QStringLiteral("ca.pem"));
    const QString key = m_dataDir->filePath(QStringLiteral("client.key"));
    const QByteArray pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
    for (const auto& [path, content] :
         {std::pair {ca, QByteArray("-----BEGIN CERTIFICATE-----\n")}, std::pair {key, pem}}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    Gui::ProfileEditor* editor = openNewProfileEditor();
    QVERIFY(editor);
    child<QTabWidget>(editor, "editorTabs")->setCurrentWidget(child<QWidget>(editor, "connectionTab"));
    Dialogs::setNextFileName(ca);
    QTest::mouseClick(child<QPushButton>(editor, "caBundleBrowseButton"), Qt::LeftButton);
    QCOMPARE(child<QLineEdit>(editor, "caBundleEdit")->text(), QDir::toNativeSeparators(ca));
    Dialogs::setNextFileName({}); // cancelled: nothing changes
    QTest::mouseClick(child<QPushButton>(editor, "clientCertBrowseButton"), Qt::LeftButton);
    QVERIFY(child<QLineEdit>(editor, "clientCertEdit")->text().isEmpty());

    // A certificate is not a key: refused with a message.
    Dialogs::setNextFileName(ca);
    QTest::mouseClick(child<QPushButton>(editor, "clientKeyLoadButton"), Qt::LeftButton);
    QVERIFY(child<QLabel>(editor, "saveErrorLabel")->text().contains(QStringLiteral("PRIVATE KEY")));
    // The key itself goes into the masked secret field (and from there to the keychain), newlines intact.
    Dialogs::setNextFileName(key);
    QTest::mouseClick(child<QPushButton>(editor, "clientKeyLoadButton"), Qt::LeftButton);
    auto* secret = child<Gui::SecretEdit>(editor, "clientKeySecret");
    QCOMPARE(secret->text(), QString::fromLatin1(pem));
    QVERIFY(!secret->isRevealed());
    QVERIFY(child<QLabel>(editor, "saveErrorLabel")->isHidden());
    QCOMPARE(editor->profile().sessionSecrets.clientKey, QString::fromLatin1(pem));
    QCOMPARE(editor->profile().tls.caBundlePath, QDir::toNativeSeparators(ca));
    editor->reject();
}

void TestProfiles::editorValidatesInline()
{
    createWindow(keychainOptions());
    waitForKeychain();
    Gui::ProfileEditor* editor = openNewProfileEditor();
    QVERIFY(editor);
    child<QLineEdit>(editor, "nameEdit")->clear();
    child<QLineEdit>(editor, "baseUrlEdit")->setText(QStringLiteral("ftp://files.example.com"));
    child<QPlainTextEdit>(editor, "originsEdit")
        ->setPlainText(QStringLiteral("https://ok.example\nhttps://x.example/api"));
    auto* proxyMode = child<QComboBox>(editor, "proxyModeCombo");
    proxyMode->setCurrentIndex(proxyMode->findData(int(Profiles::ProxySettings::Mode::Http)));
    auto* tls = child<QCheckBox>(editor, "ignoreTlsCheck");
    auto* tlsWarning = child<QLabel>(editor, "tlsWarningLabel");
    QVERIFY(tlsWarning->isHidden()); // on the Connection tab, shown with the switch
    tls->setChecked(true);
    QVERIFY(!tlsWarning->isHidden());

    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    QVERIFY(editor->isVisible());
    QVERIFY(child<QLabel>(editor, "nameError")->isVisibleTo(editor));
    QVERIFY(child<QLabel>(editor, "baseUrlError")->text().contains(QStringLiteral("http")));
    QVERIFY(child<QLabel>(editor, "originsError")->text().contains(QStringLiteral("x.example/api")));
    QVERIFY(child<QLabel>(editor, "proxyError")->text().contains(QStringLiteral("host")));
    QCOMPARE(child<QTabWidget>(editor, "editorTabs")->currentWidget(), child<QWidget>(editor, "generalTab"));
    QVERIFY(Test::saveScreenshot(editor, QStringLiteral("profile-editor-validation.png")));
    child<QTabWidget>(editor, "editorTabs")->setCurrentWidget(child<QWidget>(editor, "trustTab"));
    child<QLineEdit>(editor, "issuerEdit")->setText(QStringLiteral("https://auth.example.com/"));
    child<QLineEdit>(editor, "audiencesEdit")->setText(QStringLiteral("https://api.example.com, billing-api"));
    QVERIFY(Test::saveScreenshot(editor, QStringLiteral("profile-editor-origins.png")));
    // The OAuth 2 method has a tab of its own; a bad token endpoint is reported there.
    auto* method = child<QComboBox>(editor, "authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::OAuth2)));
    child<QLineEdit>(editor, "tokenEndpointEdit")->setText(QStringLiteral("file:///token"));
    auto* grant = child<QComboBox>(editor, "grantTypeCombo");
    grant->setCurrentIndex(grant->findData(QStringLiteral("client_credentials")));
    child<QLineEdit>(editor, "clientIdEdit")->setText(QStringLiteral("billing-cli"));
    child<QLineEdit>(editor, "scopesEdit")->setText(QStringLiteral("invoices:read"));
    QTest::mouseClick(child<QPushButton>(editor, "saveProfileButton"), Qt::LeftButton);
    QVERIFY(child<QLabel>(editor, "tokenEndpointError")->text().contains(QStringLiteral("http")));
    child<QTabWidget>(editor, "editorTabs")->setCurrentWidget(child<QWidget>(editor, "oauthTab"));
    QVERIFY(child<QWidget>(editor, "oauthGroup")->isVisible());
    QVERIFY(Test::saveScreenshot(editor, QStringLiteral("profile-editor-oauth.png")));
    child<QTabWidget>(editor, "editorTabs")->setCurrentWidget(child<QWidget>(editor, "generalTab"));

    // Fixing a field clears its message as the user types.
    QTest::keyClicks(child<QLineEdit>(editor, "nameEdit"), QStringLiteral("Fixed"));
    QVERIFY(!child<QLabel>(editor, "nameError")->isVisibleTo(editor));
    child<QTabWidget>(editor, "editorTabs")->setCurrentWidget(child<QWidget>(editor, "connectionTab"));
    QVERIFY(Test::saveScreenshot(editor, QStringLiteral("profile-editor-connection.png")));
    QVERIFY(profileFiles().isEmpty());
}

void TestProfiles::renameDuplicateAndDemoReadOnly()
{
    createWindow(keychainOptions());
    waitForKeychain();
    Profiles::Profile profile;
    profile.name = QStringLiteral("Original");
    profile.baseUrl = QStringLiteral("https://orig.example");
    profile.auth.method = Auth::Method::ApiKey;
    profile.sessionSecrets.apiKey = QStringLiteral("api-key-value");
    QString error;
    const QString id = Test::saveProfile(m_window->session(), profile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // Inline rename (F2 in the tree): the file follows.
    QTreeWidgetItem* item = treeItem(QStringLiteral("Original"));
    QVERIFY(item);
    QVERIFY(item->flags() & Qt::ItemIsEditable);
    item->setText(0, QStringLiteral("Renamed"));
    QTRY_VERIFY(treeItem(QStringLiteral("Renamed")));
    QCOMPARE(m_window->session()->findProfile(id)->name, QStringLiteral("Renamed"));
    QFile file(m_window->session()->store().filePath(id));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("Renamed"));
    // An empty name is refused: the tree keeps the stored one.
    treeItem(QStringLiteral("Renamed"))->setText(0, QStringLiteral("  "));
    QVERIFY(treeItem(QStringLiteral("Renamed")));

    // Duplicate: a stored copy with its secrets.
    child<QTreeWidget>("profileTree")->setCurrentItem(treeItem(QStringLiteral("Renamed")));
    child<QAction>("duplicateProfileAction")->trigger();
    QTRY_VERIFY(m_window->session()->findProfileByName(QStringLiteral("Renamed (copy)")));
    const QString copyId = m_window->session()->findProfileByName(QStringLiteral("Renamed (copy)"))->id;
    QVERIFY(copyId != id);
    QCOMPARE(Test::secretToolLookup(copyId + QStringLiteral("/api_key"), m_service), QStringLiteral("api-key-value"));
    QCOMPARE(profileFiles().size(), 2);

    // Demo profiles: read-only in the editor, duplicated into a stored profile with their secrets.
    QVERIFY(m_window->startDemo());
    const Profiles::Profile* demo = m_window->session()->findProfile(QStringLiteral("demo-basic"));
    QVERIFY(demo);
    const QString demoName = demo->name;
    QVERIFY(m_window->selectSavedRequest(demoName, demo->requests.first().url));
    QVERIFY(!child<QAction>("deleteProfileAction")->isEnabled());
    QTest::mouseClick(child<QToolButton>("editProfileButton"), Qt::LeftButton);
    auto* viewer = Test::waitForDialog<Gui::ProfileEditor>(m_window.get());
    QVERIFY(viewer);
    QVERIFY(viewer->isReadOnly());
    QVERIFY(child<QLineEdit>(viewer, "nameEdit")->isReadOnly());
    QVERIFY(!child<QComboBox>(viewer, "authMethodCombo")->isEnabled());
    QVERIFY(!viewer->findChild<QPushButton*>(QStringLiteral("saveProfileButton")));
    QVERIFY(Test::saveScreenshot(viewer, QStringLiteral("profile-editor-demo-readonly.png")));
    QTest::mouseClick(child<QPushButton>(viewer, "duplicateToEditButton"), Qt::LeftButton);
    const QString copyName = demoName + QStringLiteral(" (copy)");
    QTRY_VERIFY(m_window->session()->findProfileByName(copyName));
    const Profiles::Profile* demoCopy = m_window->session()->findProfileByName(copyName);
    QVERIFY(!demoCopy->demo);
    QCOMPARE(Test::secretToolLookup(demoCopy->id + QStringLiteral("/password"), m_service),
             Demo::DemoServer::basicPassword());
    // … and the copy opens in the editor, editable.
    auto* copyEditor = Test::waitForDialog<Gui::ProfileEditor>(m_window.get());
    QVERIFY(copyEditor);
    QVERIFY(!copyEditor->isReadOnly());
    QCOMPARE(copyEditor->profileId(), demoCopy->id);
    copyEditor->reject();
    QCOMPARE(profileFiles().size(), 3);

    // Leave the keychain as we found it.
    for (const Profiles::Profile& p : m_window->session()->storedProfiles()) {
        bool removed = false;
        m_window->session()->removeProfile(p.id, this, [&removed](const QString&) { removed = true; });
        QTRY_VERIFY(removed);
    }
}

void TestProfiles::saveRequestToProfile()
{
    createWindow(keychainOptions());
    waitForKeychain();
    Profiles::Profile profile;
    profile.name = QStringLiteral("Users API");
    profile.baseUrl = QStringLiteral("https://users.example");
    QString error;
    const QString id = Test::saveProfile(m_window->session(), profile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(child<Gui::SidebarPanel>("sidebar")->selectProfile(id));

    auto* url = child<QLineEdit>("urlEdit");
    url->setText(QStringLiteral("/users/42"));
    auto* headers = child<QTableWidget>("headersTable");
    headers->item(0, 0)->setText(QStringLiteral("X-Trace"));
    headers->item(0, 1)->setText(QStringLiteral("on"));
    headers->item(1, 0)->setText(QStringLiteral("Authorization"));
    headers->item(1, 1)->setText(QStringLiteral("Bearer typed-token"));
    Dialogs::setNextText(QStringLiteral("Get user 42"));
    QTest::mouseClick(child<QPushButton>("saveRequestButton"), Qt::LeftButton);

    const Profiles::Profile* saved = m_window->session()->findProfile(id);
    QCOMPARE(saved->requests.size(), 1);
    const Profiles::SavedRequest request = saved->requests.first();
    QCOMPARE(request.name, QStringLiteral("Get user 42"));
    QCOMPARE(request.url, QStringLiteral("/users/42"));
    QCOMPARE(request.headers.size(), 1); // the Authorization header stays out of the file
    QCOMPARE(request.headers.first().first, QByteArray("X-Trace"));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("Left out: Authorization")));
    QVERIFY(treeItem(QStringLiteral("Get user 42")));
    QVERIFY(Test::filesContaining(profilesDir(), "typed-token").isEmpty());

    // Saving again updates the same request (no new name asked: the test mode would fail loudly).
    url->setText(QStringLiteral("/users/43"));
    QTest::mouseClick(child<QPushButton>("saveRequestButton"), Qt::LeftButton);
    QCOMPARE(m_window->session()->findProfile(id)->requests.size(), 1);
    QCOMPARE(m_window->session()->findProfile(id)->requests.first().url, QStringLiteral("/users/43"));

    // Demo profiles take no requests.
    QVERIFY(m_window->startDemo());
    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Demo · Basic"), QStringLiteral("/basic/resource")));
    QTest::mouseClick(child<QPushButton>("saveRequestButton"), Qt::LeftButton);
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("duplicate it")));
}

void TestProfiles::unreadableProfileFilesShowBanner()
{
    QVERIFY(QDir().mkpath(profilesDir()));
    const QByteArray broken = "{ \"schema\": 1, \"profile\": ";
    QFile file(profilesDir() + QStringLiteral("/broken.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(broken);
    file.close();
    createWindow(keychainOptions());
    auto* banner = child<Gui::Banner>("loadErrorBanner");
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(QStringLiteral("broken.json")), qPrintable(banner->text()));
    QVERIFY(banner->text().contains(QStringLiteral("left untouched")));
    QVERIFY(Test::saveScreenshot(child<QWidget>("sidebar"), QStringLiteral("sidebar-load-error-banner.png")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), broken); // untouched
    QTest::mouseClick(child<QToolButton>(banner, "bannerCloseButton"), Qt::LeftButton);
    QVERIFY(!banner->isVisible());
}

QTEST_MAIN(TestProfiles)
#include "TestProfiles.moc"
