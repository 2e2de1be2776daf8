#include "GuiTestSupport.h"
#include "common/Dialogs.h"
#include "common/SecretEdit.h"
#include "mainwindow/MainWindow.h"
#include "profiles/ExportDialog.h"
#include "profiles/ImportDialog.h"
#include "profiles/ProfileActions.h"
#include "profiles/ShareFile.h"
#include "session/Session.h"

#include <QComboBox>
#include <QDir>
#include <QGroupBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Authlens;
using Gui::Dialogs;
namespace ShareFile = Profiles::ShareFile;

namespace {

// Token-like values the export's scanner must find (a JWT and a GitHub-style token).
const QString Jwt = QStringLiteral(
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
const QString GitHubToken = QStringLiteral("ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8");

} // namespace

// The export and import dialogs against a real window and session (secrets in an in-memory store:
// these tests are about the files and what the dialogs show).
class TestShareDialogs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void exportWithoutSecretsListsRedactions();
    void exportWithPassphrase();
    void importPreviewsRecipientsAndConflicts();
    void importEncryptedFileAsksForPassphrase();
    void importCurlCommand();
    void mergePostmanEnvironment();
    void badFilesChangeNothing_data();
    void badFilesChangeNothing();

private:
    void createWindow();
    QString addProfile(const QString& name, const QString& password);
    Gui::ExportDialog* openExport(const QStringList& ids);
    QString writeFile(const QString& name, const QByteArray& content) const;
    QStringList profileFiles() const;
    template <typename T> T* child(QObject* parent, const char* name) const
    {
        T* widget = parent->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no widget named %s", name);
        return widget;
    }

    std::unique_ptr<QTemporaryDir> m_dataDir;
    QTemporaryDir m_files;
    std::unique_ptr<Gui::MainWindow> m_window;
};

void TestShareDialogs::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    Test::isolateSettings();
    QCoreApplication::setOrganizationName(QStringLiteral("Authlens"));
    QCoreApplication::setApplicationName(QStringLiteral("Authlens"));
    QVERIFY(m_files.isValid());
}

void TestShareDialogs::init()
{
    Dialogs::setTestMode(true);
    m_dataDir = std::make_unique<QTemporaryDir>();
    qputenv("AUTHLENS_DATA_DIR", QFile::encodeName(m_dataDir->path()));
    QSettings().clear();
    createWindow();
}

void TestShareDialogs::cleanup()
{
    m_window.reset();
    QSettings().clear();
    m_dataDir.reset();
}

void TestShareDialogs::createWindow()
{
    Gui::SessionOptions options;
    options.keychain = [](QObject* parent) { return new Profiles::MemorySecretStore(parent); };
    options.probeKeychainAtStart = true;
    m_window = std::make_unique<Gui::MainWindow>(options);
    m_window->resize(1300, 820);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_COMPARE(m_window->session()->secrets()->state(), Gui::SecretsManager::State::Ready);
}

QString TestShareDialogs::addProfile(const QString& name, const QString& password)
{
    Profiles::Profile p;
    p.name = name;
    p.baseUrl = QStringLiteral("https://billing.example");
    p.allowedOrigins.append(Http::Origin::fromUrl(QUrl(QStringLiteral("https://auth.billing.example"))));
    p.auth.method = Auth::Method::Basic;
    p.auth.username = QStringLiteral("alice");
    p.sessionSecrets.password = password;
    Profiles::SavedRequest request;
    request.id = QStringLiteral("req1");
    request.name = QStringLiteral("Invoices");
    request.url = QStringLiteral("/invoices?access_token=") + GitHubToken;
    request.headers.append({"X-Debug-Token", Jwt.toLatin1()});
    p.requests.append(request);
    QString error;
    const QString id = Test::saveProfile(m_window->session(), p, &error);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return id;
}

Gui::ExportDialog* TestShareDialogs::openExport(const QStringList& ids)
{
    Gui::ExportDialog* dialog = m_window->profileActions()->exportProfiles(ids);
    if (!QTest::qWaitFor([dialog] { return dialog->isReady(); }, 10000))
        return nullptr;
    return dialog;
}

QString TestShareDialogs::writeFile(const QString& name, const QByteArray& content) const
{
    QFile file(m_files.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return file.fileName();
}

QStringList TestShareDialogs::profileFiles() const
{
    return QDir(m_dataDir->path() + QStringLiteral("/profiles")).entryList({QStringLiteral("*.json")}, QDir::Files);
}

void TestShareDialogs::exportWithoutSecretsListsRedactions()
{
    const QString canary = QStringLiteral("export-canary-password");
    const QString id = addProfile(QStringLiteral("Billing"), canary);
    QVERIFY(!id.isEmpty());
    QVERIFY(m_window->startDemo()); // demo profiles exist, but are not offered
    Gui::ExportDialog* dialog = openExport({id});
    QVERIFY(dialog);
    auto* list = child<QListWidget>(dialog, "profileList");
    QCOMPARE(list->count(), 1);
    QCOMPARE(list->item(0)->checkState(), Qt::Checked);
    QVERIFY(child<QLabel>(dialog, "demoNoteLabel")->isVisible());

    // The report: the keychain password (never "kept"), the JWT header, the token in the URL.
    auto* table = child<QTableWidget>(dialog, "redactionTable");
    int passwordRow = -1;
    int jwtRow = -1;
    int urlRow = -1;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString where = table->item(row, 2)->text();
        if (table->item(row, 3)->text() == QStringLiteral("Password"))
            passwordRow = row;
        else if (where.contains(QStringLiteral("X-Debug-Token")))
            jwtRow = row;
        else if (where.contains(QStringLiteral("URL")))
            urlRow = row;
    }
    QVERIFY2(passwordRow >= 0 && jwtRow >= 0 && urlRow >= 0, qPrintable(QString::number(table->rowCount())));
    QCOMPARE(table->item(passwordRow, 0)->text(), QStringLiteral("removed"));
    QVERIFY(!(table->item(passwordRow, 0)->flags() & Qt::ItemIsUserCheckable));
    QCOMPARE(table->item(jwtRow, 3)->text(), QStringLiteral("JWT"));
    QCOMPARE(table->item(jwtRow, 0)->checkState(), Qt::Unchecked);
    QVERIFY(!table->item(jwtRow, 4)->text().contains(Jwt)); // only its first characters are shown
    QVERIFY(
        child<QLabel>(dialog, "redactionSummaryLabel")->text().contains(QStringLiteral("1 keychain secret removed")));

    // Keep the URL token (the user's choice), leave the JWT out.
    table->item(urlRow, 0)->setCheckState(Qt::Checked);
    QVERIFY(child<QLabel>(dialog, "redactionSummaryLabel")->text().contains(QStringLiteral("kept in plain text")));
    QVERIFY(Test::saveScreenshot(dialog, QStringLiteral("export-dialog.png")));

    const QString target = m_files.filePath(QStringLiteral("billing"));
    Dialogs::setNextFileName(target);
    QPointer<Gui::ExportDialog> guard(dialog);
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    QTRY_VERIFY(!guard);
    QFile file(target + QStringLiteral(".authlens.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(!content.contains(canary.toUtf8()));
    QVERIFY(!content.contains(Jwt.toUtf8()));
    QVERIFY(content.contains("{{redacted}}"));
    QVERIFY(content.contains(GitHubToken.toUtf8()));
    QVERIFY(!content.contains("\"secrets\""));
    QVERIFY(!content.contains("demo-"));
    const ShareFile::Parsed parsed = ShareFile::parse(content, {});
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.profiles.size(), 1);
    QCOMPARE(parsed.profiles.first().name, QStringLiteral("Billing"));
}

void TestShareDialogs::exportWithPassphrase()
{
    const QString id = addProfile(QStringLiteral("Billing"), QStringLiteral("pw-in-box"));
    Gui::ExportDialog* dialog = openExport({});
    QVERIFY(dialog);
    auto* group = child<QGroupBox>(dialog, "includeSecretsGroup");
    group->setChecked(true);
    auto* table = child<QTableWidget>(dialog, "redactionTable");
    QVERIFY(!table->findItems(QStringLiteral("encrypted"), Qt::MatchExactly).isEmpty());
    auto* passphrase = child<Gui::SecretEdit>(dialog, "passphraseSecret");
    auto* confirm = child<Gui::SecretEdit>(dialog, "confirmSecret");
    auto* error = child<QLabel>(dialog, "passphraseError");

    QTest::keyClicks(passphrase->lineEdit(), QStringLiteral("short"));
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("8 characters")));

    passphrase->setText({});
    QTest::keyClicks(passphrase->lineEdit(), QStringLiteral("correct horse battery staple"));
    QVERIFY(child<QLabel>(dialog, "strengthLabel")->text().contains(QStringLiteral("strong")));
    QTest::keyClicks(confirm->lineEdit(), QStringLiteral("correct horse battery stapler"));
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    QVERIFY(error->text().contains(QStringLiteral("differ")));
    QVERIFY(Test::saveScreenshot(dialog, QStringLiteral("export-dialog-passphrase.png")));

    confirm->setText(QStringLiteral("correct horse battery staple"));
    const QString target = m_files.filePath(QStringLiteral("encrypted.authlens.json"));
    Dialogs::setNextFileName(target);
    QPointer<Gui::ExportDialog> guard(dialog);
    QTest::mouseClick(child<QPushButton>(dialog, "exportButton"), Qt::LeftButton);
    QTRY_VERIFY(!guard);
    QFile file(target);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(content.contains("\"secrets\""));
    QVERIFY(!content.contains("pw-in-box"));
    const ShareFile::Parsed parsed = ShareFile::parse(content, QStringLiteral("correct horse battery staple"));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    QCOMPARE(parsed.profiles.first().sessionSecrets.password, QStringLiteral("pw-in-box"));
    QCOMPARE(parsed.profiles.first().id, id);
}

void TestShareDialogs::importPreviewsRecipientsAndConflicts()
{
    const QString existingId = addProfile(QStringLiteral("Billing"), QStringLiteral("mine"));
    // A colleague's file: their "Billing" (same name, another id) and a new "Partner API".
    Profiles::Profile billing;
    billing.id = QStringLiteral("colleague-billing");
    billing.name = QStringLiteral("Billing");
    billing.baseUrl = QStringLiteral("https://billing.example");
    billing.auth.method = Auth::Method::Bearer;
    Profiles::Profile partner;
    partner.id = QStringLiteral("partner-api");
    partner.name = QStringLiteral("Partner API");
    partner.baseUrl = QStringLiteral("https://api.partner.example");
    partner.allowedOrigins.append(Http::Origin::fromUrl(QUrl(QStringLiteral("https://login.partner.example"))));
    partner.auth.method = Auth::Method::Basic;
    partner.auth.username = QStringLiteral("bob");
    const ShareFile::ExportResult exported = ShareFile::exportProfiles({billing, partner}, {});
    QVERIFY(exported.error.isEmpty());
    const QString path = writeFile(QStringLiteral("shared.authlens.json"), exported.content);

    m_window->openImportFile(path);
    auto* dialog = Test::waitForDialog<Gui::ImportDialog>(m_window.get());
    QVERIFY(dialog);
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    auto* table = child<QTableWidget>(dialog, "previewTable");
    QCOMPARE(table->rowCount(), 2);
    QVERIFY(child<QLabel>(dialog, "formatLabel")->text().contains(QStringLiteral("2 profiles")));
    // Row 0: the conflict, renamed by default; row 1: new, with the hosts that receive Bob's credentials.
    QVERIFY(table->item(0, 2)->text().contains(QStringLiteral("exists")));
    auto* conflictChoice = dialog->findChild<QComboBox*>(QStringLiteral("resolutionCombo0"));
    QVERIFY(conflictChoice);
    QCOMPARE(conflictChoice->currentData().toInt(), int(ShareFile::Resolution::Rename));
    const QString recipients = table->item(1, 1)->text();
    QVERIFY2(recipients.contains(QStringLiteral("https://api.partner.example ← Basic credentials of user “bob”")),
             qPrintable(recipients));
    QVERIFY(recipients.contains(QStringLiteral("https://login.partner.example ← ")));
    QCOMPARE(table->item(1, 2)->text(), QStringLiteral("new"));
    QVERIFY(Test::saveScreenshot(dialog, QStringLiteral("import-dialog.png")));

    // Replace the existing Billing (keeping my secret, the file has none), import Partner API.
    conflictChoice->setCurrentIndex(conflictChoice->findData(int(ShareFile::Resolution::Replace)));
    QVERIFY(child<QLabel>(dialog, "summaryLabel")->text().contains(QStringLiteral("1 new, 1 replaced")));
    QPointer<Gui::ImportDialog> guard(dialog);
    QTest::mouseClick(child<QPushButton>(dialog, "importButton"), Qt::LeftButton);
    QTRY_VERIFY(!guard);

    Gui::Session* session = m_window->session();
    QCOMPARE(profileFiles().size(), 2);
    QVERIFY(session->findProfile(QStringLiteral("partner-api")));
    const Profiles::Profile* replaced = session->findProfile(existingId);
    QVERIFY(replaced);
    QCOMPARE(replaced->auth.method, Auth::Method::Bearer); // the colleague's settings …
    bool loaded = false;
    QString password;
    session->withSecrets({existingId}, this, [&](const QList<Profiles::Profile>& profiles, const QStringList&) {
        password = profiles.first().sessionSecrets.password;
        loaded = true;
    });
    QTRY_VERIFY(loaded);
    QCOMPARE(password, QStringLiteral("mine")); // … and my secret
    QTRY_COMPARE(m_window->session()->currentProfileId(), existingId); // the first imported is selected
}

void TestShareDialogs::importEncryptedFileAsksForPassphrase()
{
    Profiles::Profile p;
    p.id = QStringLiteral("with-secret");
    p.name = QStringLiteral("With secret");
    p.baseUrl = QStringLiteral("https://secret.example");
    p.auth.method = Auth::Method::ApiKey;
    p.sessionSecrets.apiKey = QStringLiteral("imported-api-key");
    ShareFile::ExportOptions options;
    options.passphrase = QStringLiteral("right passphrase");
    options.kdf.n = 1ULL << 10; // fast for the test; the file records the cost
    const ShareFile::ExportResult exported = ShareFile::exportProfiles({p}, options);
    QVERIFY2(exported.error.isEmpty(), qPrintable(exported.error));
    const QString path = writeFile(QStringLiteral("encrypted.authlens.json"), exported.content);

    Gui::ImportDialog* dialog = m_window->profileActions()->importFile(path);
    auto* box = child<QWidget>(dialog, "passphraseBox");
    QVERIFY(box->isVisible());
    auto* passphrase = child<Gui::SecretEdit>(dialog, "passphraseSecret");
    QTest::keyClicks(passphrase->lineEdit(), QStringLiteral("wrong passphrase"));
    QTest::mouseClick(child<QPushButton>(dialog, "unlockButton"), Qt::LeftButton);
    auto* error = child<QLabel>(dialog, "passphraseError");
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("without their secrets")), qPrintable(error->text()));
    QCOMPARE(child<QTableWidget>(dialog, "previewTable")->rowCount(), 1); // still previewable
    QVERIFY(Test::saveScreenshot(dialog, QStringLiteral("import-dialog-wrong-passphrase.png")));

    passphrase->setText(QStringLiteral("right passphrase"));
    QTest::mouseClick(child<QPushButton>(dialog, "unlockButton"), Qt::LeftButton);
    QTRY_VERIFY(!box->isVisible());
    QVERIFY(child<QLabel>(dialog, "formatLabel")->text().contains(QStringLiteral("decrypted")));
    QVERIFY(child<QTableWidget>(dialog, "previewTable")->item(0, 1)->text().contains(QStringLiteral("value included")));
    QPointer<Gui::ImportDialog> guard(dialog);
    QTest::mouseClick(child<QPushButton>(dialog, "importButton"), Qt::LeftButton);
    QTRY_VERIFY(!guard);
    const Profiles::Profile* imported = m_window->session()->findProfile(QStringLiteral("with-secret"));
    QVERIFY(imported);
    QCOMPARE(imported->sessionSecrets.apiKey, QStringLiteral("imported-api-key"));
    QVERIFY(Test::filesContaining(m_dataDir->path(), "imported-api-key").isEmpty());
}

void TestShareDialogs::importCurlCommand()
{
    Gui::ImportDialog* dialog = m_window->profileActions()->importFile();
    child<QPlainTextEdit>(dialog, "pasteEdit")
        ->setPlainText(QStringLiteral("curl 'https://api.shop.example/v2/orders?page=2' -H 'Accept: application/json' "
                                      "-u 'carol:curl-secret'"));
    QTest::mouseClick(child<QPushButton>(dialog, "previewPasteButton"), Qt::LeftButton);
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    auto* table = child<QTableWidget>(dialog, "previewTable");
    QCOMPARE(table->rowCount(), 1);
    QVERIFY2(table->item(0, 1)->text().contains(QStringLiteral("https://api.shop.example ← ")),
             qPrintable(table->item(0, 1)->text()));
    QVERIFY(child<QLabel>(dialog, "formatLabel")->text().contains(QStringLiteral("curl")));
    QPointer<Gui::ImportDialog> guard(dialog);
    QTest::mouseClick(child<QPushButton>(dialog, "importButton"), Qt::LeftButton);
    QTRY_VERIFY(!guard);
    QCOMPARE(profileFiles().size(), 1);
    QVERIFY(Test::filesContaining(m_dataDir->path(), "curl-secret").isEmpty());
    const QList<Profiles::Profile> stored = m_window->session()->storedProfiles();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().sessionSecrets.password, QStringLiteral("curl-secret")); // in the secret store
}

void TestShareDialogs::mergePostmanEnvironment()
{
    const QString id = addProfile(QStringLiteral("Shop"), QStringLiteral("pw"));
    QVERIFY(!id.isEmpty());
    const QByteArray environment = R"({"name": "Shop staging", "_postman_variable_scope": "environment",
        "values": [
          {"key": "baseUrl", "value": "https://staging.shop.example", "enabled": true},
          {"key": "accessToken", "value": "env-secret-token", "type": "secret", "enabled": true},
          {"key": "salt", "value": "env-salt-value", "type": "secret", "enabled": true}]})";
    m_window->openImportFile(writeFile(QStringLiteral("shop.postman_environment.json"), environment));
    auto* dialog = Test::waitForDialog<Gui::ImportDialog>(m_window.get());
    QVERIFY(dialog);
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    QVERIFY(child<QWidget>(dialog, "environmentPanel")->isVisible());
    QVERIFY(!child<QTableWidget>(dialog, "previewTable")->isVisible());
    QCOMPARE(child<QComboBox>(dialog, "targetProfileCombo")->currentData().toString(), id);
    auto* table = child<QTableWidget>(dialog, "variablesTable");
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("baseUrl"));
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("new"));
    QVERIFY(!table->item(1, 1)->text().contains(QStringLiteral("env-secret-token"))); // masked
    // accessToken is suggested as the access token; salt has no field and is kept as a secret variable.
    auto* tokenChoice = child<QComboBox>(dialog, "secretTarget0");
    QCOMPARE(tokenChoice->currentData().toInt(), int(Auth::SecretField::Token));
    QCOMPARE(child<QComboBox>(dialog, "secretTarget1")->currentData().toInt(), -1); // kept as a secret variable
    Test::saveScreenshot(dialog, QStringLiteral("import-environment.png"));

    QPointer<Gui::ImportDialog> guard(dialog);
    auto* merge = child<QPushButton>(dialog, "importButton");
    QCOMPARE(merge->text(), QStringLiteral("Merge"));
    QTest::mouseClick(merge, Qt::LeftButton);
    QTRY_VERIFY(!guard);
    const Profiles::Profile* merged = m_window->session()->findProfile(id);
    QVERIFY(merged);
    QCOMPARE(merged->variables.size(), 3); // baseUrl, and the two secrets as secret variables
    QCOMPARE(merged->variables.first().value, QStringLiteral("https://staging.shop.example"));
    QVERIFY(merged->variables.at(1).secret && merged->variables.at(2).secret);
    QCOMPARE(merged->sessionSecrets.token, QStringLiteral("env-secret-token"));
    QCOMPARE(merged->sessionSecrets.password, QStringLiteral("pw")); // kept
    QVERIFY(Test::filesContaining(m_dataDir->path(), "env-secret-token").isEmpty());
    QVERIFY(Test::filesContaining(m_dataDir->path(), "env-salt-value").isEmpty());
}

void TestShareDialogs::badFilesChangeNothing_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("errorContains");
    QTest::newRow("not JSON") << QByteArray("{\"format\": \"authlens-profiles\", ") << "Not JSON";
    QTest::newRow("newer version") << QByteArray(R"({"format":"authlens-profiles","version":99,"profiles":[{}]})")
                                   << "newer Authlens";
    QTest::newRow("file URL") << QByteArray(
        R"({"format":"authlens-profiles","version":1,"profile_schema":1,"profiles":[{"id":"x","name":"X","base_url":"file:///etc/passwd"}]})")
                              << "http or https";
    QTest::newRow("deeply nested") << QByteArray(R"({"format":"authlens-profiles","version":1,"profiles":)")
            + QByteArray(200, '[') + QByteArray(200, ']')
            + QByteArray("}") << "nests deeper";
}

void TestShareDialogs::badFilesChangeNothing()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, errorContains);
    const QString existing = addProfile(QStringLiteral("Billing"), QStringLiteral("pw"));
    QVERIFY(!existing.isEmpty());
    const QStringList before = profileFiles();
    const QString path = writeFile(QStringLiteral("bad.authlens.json"), content);

    m_window->openImportFile(path);
    auto* dialog = Test::waitForDialog<Gui::ImportDialog>(m_window.get());
    QVERIFY(dialog);
    QVERIFY2(dialog->errorText().contains(errorContains), qPrintable(dialog->errorText()));
    QVERIFY(dialog->errorText().contains(QStringLiteral("Nothing was changed")));
    QCOMPARE(child<QTableWidget>(dialog, "previewTable")->rowCount(), 0);
    QVERIFY(!child<QPushButton>(dialog, "importButton")->isEnabled());
    if (QByteArray(QTest::currentDataTag()) == "not JSON")
        QVERIFY(Test::saveScreenshot(dialog, QStringLiteral("import-dialog-bad-file.png")));
    dialog->reject();
    QCOMPARE(profileFiles(), before);
    QCOMPARE(m_window->session()->storedProfiles().size(), 1);
}

QTEST_MAIN(TestShareDialogs)
#include "TestShareDialogs.moc"
