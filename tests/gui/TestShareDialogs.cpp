#include "GuiTestSupport.h"
#include "common/Dialogs.h"
#include "common/SecretEdit.h"
#include "mainwindow/MainWindow.h"
#include "profiles/ExportDialog.h"
#include "profiles/ImportDialog.h"
#include "profiles/ProfileActions.h"
#include "profiles/ShareFile.h"
#include "profiles/formats/ImportFile.h"
#include "session/Session.h"

#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace Authlens;
using namespace Qt::StringLiterals;
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
    void importUnderNamesGivenInPreview();
    void importWarningsGroupedByKind();
    void importCorpusPreviewMatchesCore_data();
    void importCorpusPreviewMatchesCore();
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

namespace {

/// The warning groups the preview shows: kind name → (count in the header, rows under it).
QMap<QString, QStringList> warningGroups(Gui::ImportDialog* dialog, QString* problems)
{
    QMap<QString, QStringList> out;
    auto* tree = dialog->findChild<QTreeWidget*>(QStringLiteral("warningsTree"));
    for (int i = 0; tree && i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* group = tree->topLevelItem(i);
        QStringList rows;
        for (int c = 0; c < group->childCount(); ++c)
            rows.append(group->child(c)->text(0));
        const QString kind = group->data(0, Qt::UserRole).toString();
        // The header says how many rows it holds: "Not imported (3)".
        if (!group->text(0).endsWith(QStringLiteral("(%1)").arg(rows.size())))
            problems->append(
                QStringLiteral("group %1 says \"%2\" over %3 rows\n").arg(kind, group->text(0)).arg(rows.size()));
        if (!group->isExpanded())
            problems->append(QStringLiteral("group %1 is collapsed\n").arg(kind));
        out.insert(kind, rows);
    }
    return out;
}

/// What the preview must show for an import, from the core alone: the keychain report and each warning, by kind.
QMap<QString, QStringList> expectedGroups(const Formats::ImportResult& result)
{
    QMap<QString, QStringList> out;
    for (const Formats::KeychainEntry& entry : result.keychain) {
        out[Formats::warningKindName(Formats::WarningKind::Keychain)].append(
            QStringLiteral("%1 of “%2” ← %3 (%4)")
                .arg(entry.field, result.profiles.at(entry.profileIndex).name, entry.source, entry.preview));
    }
    for (const QString& w : result.warnings)
        out[Formats::warningKindName(Formats::warningKind(w))].append(w);
    return out;
}

} // namespace

void TestShareDialogs::importUnderNamesGivenInPreview()
{
    // Issue 14: a colleague's "Billing" next to mine, and their "Partner API": I import both under my own names.
    const QString mine = addProfile(QStringLiteral("Billing"), QStringLiteral("mine"));
    Profiles::Profile billing;
    billing.id = QStringLiteral("colleague-billing");
    billing.name = QStringLiteral("Billing");
    billing.baseUrl = QStringLiteral("https://billing.example");
    Profiles::Profile partner;
    partner.id = QStringLiteral("partner-api");
    partner.name = QStringLiteral("Partner API");
    partner.baseUrl = QStringLiteral("https://api.partner.example");
    const ShareFile::ExportResult exported = ShareFile::exportProfiles({billing, partner}, {});
    QVERIFY(exported.error.isEmpty());
    Gui::ImportDialog* dialog = m_window->profileActions()->importFile(
        writeFile(QStringLiteral("colleague.authlens.json"), exported.content));
    QVERIFY(dialog);
    auto* table = child<QTableWidget>(dialog, "previewTable");
    auto* renameError = child<QLabel>(dialog, "renameError");
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Billing"));
    QVERIFY(table->item(0, 0)->flags() & Qt::ItemIsEditable);
    QVERIFY(!(table->item(0, 1)->flags() & Qt::ItemIsEditable));
    QVERIFY(table->item(0, 2)->text().contains(QStringLiteral("exists")));

    // Refused: another profile of the import has that name; no name at all. The row keeps its name, the dialog
    // says why.
    table->item(0, 0)->setText(QStringLiteral("partner api"));
    QVERIFY(renameError->isVisible());
    QVERIFY2(renameError->text().contains(QStringLiteral("Another profile of this import is named “Partner API”")),
             qPrintable(renameError->text()));
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("Billing"));
    table->item(1, 0)->setText(QStringLiteral("   "));
    QVERIFY2(renameError->text().contains(QStringLiteral("needs a name")), qPrintable(renameError->text()));
    QCOMPARE(table->item(1, 0)->text(), QStringLiteral("Partner API"));
    QVERIFY(Test::saveScreenshot(dialog, QStringLiteral("import-dialog-rename-refused.png")));
    // An existing profile's name other than the file's own is refused too (that would be a new conflict).
    addProfile(QStringLiteral("Archive"), QStringLiteral("pw"));
    table->item(1, 0)->setText(QStringLiteral("ARCHIVE"));
    QVERIFY2(renameError->text().contains(QStringLiteral("exists already")), qPrintable(renameError->text()));

    // Renamed in place, as a user does it (double-click, type, Enter): the free name resolves the conflict.
    table->editItem(table->item(0, 0));
    auto* editor = table->viewport()->findChild<QLineEdit*>();
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("Billing (colleague)"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(table->item(0, 0)->text(), QStringLiteral("Billing (colleague)"));
    QVERIFY(!renameError->isVisible());
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("new"));
    auto* choice = dialog->findChild<QComboBox*>(QStringLiteral("resolutionCombo0"));
    QVERIFY(choice);
    QCOMPARE(choice->currentData().toInt(), int(ShareFile::Resolution::Import));
    QCOMPARE(choice->findData(int(ShareFile::Resolution::Replace)), -1); // nothing left to replace
    QCOMPARE(dialog->plan().at(0).profile.name, QStringLiteral("Billing (colleague)"));
    // Back to the file's name: the conflict and its choices come back; then the new name again.
    table->item(0, 0)->setText(QStringLiteral("Billing"));
    QVERIFY(table->item(0, 2)->text().contains(QStringLiteral("exists")));
    choice = dialog->findChild<QComboBox*>(QStringLiteral("resolutionCombo0"));
    QCOMPARE(choice->currentData().toInt(), int(ShareFile::Resolution::Rename));
    QVERIFY(choice->findData(int(ShareFile::Resolution::Replace)) >= 0);
    table->item(0, 0)->setText(QStringLiteral("Billing (colleague)"));
    table->item(1, 0)->setText(QStringLiteral("Partner staging"));
    QVERIFY(!renameError->isVisible());
    QVERIFY(child<QLabel>(dialog, "summaryLabel")->text().contains(QStringLiteral("2 new, 0 replaced")));
    QVERIFY(Test::saveScreenshot(dialog, QStringLiteral("import-dialog-renamed.png")));

    QPointer<Gui::ImportDialog> guard(dialog);
    QTest::mouseClick(child<QPushButton>(dialog, "importButton"), Qt::LeftButton);
    QTRY_VERIFY(!guard);
    Gui::Session* session = m_window->session();
    const Profiles::Profile* colleague = session->findProfile(QStringLiteral("colleague-billing"));
    QVERIFY(colleague);
    QCOMPARE(colleague->name, QStringLiteral("Billing (colleague)"));
    const Profiles::Profile* staging = session->findProfile(QStringLiteral("partner-api"));
    QVERIFY(staging);
    QCOMPARE(staging->name, QStringLiteral("Partner staging"));
    const Profiles::Profile* own = session->findProfile(mine);
    QVERIFY(own);
    QCOMPARE(own->name, QStringLiteral("Billing")); // mine is untouched
    QCOMPARE(session->storedProfiles().size(), 4);
    QCOMPARE(profileFiles().size(), 4);
}

void TestShareDialogs::importWarningsGroupedByKind()
{
    // A command with something of every kind: a second credential (kept), a dropped -u (not imported), an
    // unknown option (ignored), -k (changed).
    const QString command
        = QStringLiteral("curl -H 'X-API-Key: k1-secret-value' -u 'admin:pw1' --oauth2-bearer tok123 --frobnicate -k "
                         "https://h.example/items");
    Gui::ImportDialog* dialog = m_window->profileActions()->importFile();
    child<QPlainTextEdit>(dialog, "pasteEdit")->setPlainText(command);
    QTest::mouseClick(child<QPushButton>(dialog, "previewPasteButton"), Qt::LeftButton);
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    QVERIFY(child<QWidget>(dialog, "warningsPane")->isVisible());
    QString problems;
    const QMap<QString, QStringList> groups = warningGroups(dialog, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    QCOMPARE(groups.keys(), QStringList({u"changed"_s, u"ignored"_s, u"keychain"_s, u"not-imported"_s}));
    QCOMPARE(groups.value(u"not-imported"_s).size(), 1);
    QVERIFY(groups.value(u"not-imported"_s).first().contains(u"Basic user name and password given with -u"));
    QCOMPARE(groups.value(u"ignored"_s).size(), 1);
    QVERIFY(groups.value(u"ignored"_s).first().contains(u"--frobnicate"));
    QCOMPARE(groups.value(u"changed"_s).size(), 1);
    QVERIFY(groups.value(u"changed"_s).first().contains(u"--insecure"));
    // Kept: the access token and the key header (the report), and the warning that says the header is sent by
    // every request.
    const QStringList kept = groups.value(u"keychain"_s);
    QCOMPARE(kept.size(), 3);
    QVERIFY2(kept.filter(u"Access token of “h.example” ← authentication"_s).size() == 1, qPrintable(kept.join(u'\n')));
    QVERIFY(kept.filter(u"{{x_api_key}}"_s).size() == 1);
    QVERIFY(kept.filter(u"X-API-Key header is a second credential"_s).size() == 1);
    QVERIFY(!kept.join(u'\n').contains(u"k1-secret-value")); // masked in the report
    // The groups are in the order of the kinds: what was lost first.
    auto* tree = child<QTreeWidget>(dialog, "warningsTree");
    QCOMPARE(tree->topLevelItem(0)->data(0, Qt::UserRole).toString(), u"not-imported"_s);
    QVERIFY(tree->topLevelItem(0)->text(0).startsWith(u"Not imported (1)"));
    // A long warning is wrapped: its row is taller than one line, and its tooltip holds all of it.
    QVERIFY(Test::saveScreenshot(dialog, QStringLiteral("import-dialog-warnings.png")));
    const QTreeWidgetItem* longRow = tree->topLevelItem(0)->child(0);
    QCOMPARE(longRow->toolTip(0), longRow->text(0));
    QVERIFY(tree->fontMetrics().horizontalAdvance(longRow->text(0)) > tree->columnWidth(0)); // it must wrap
    QTRY_VERIFY(tree->visualItemRect(longRow).height() >= 2 * tree->fontMetrics().height());
    // Renamed, the keychain report names the profile by its new name: the preview does not contradict itself.
    child<QTableWidget>(dialog, "previewTable")->item(0, 0)->setText(QStringLiteral("Items API"));
    const QStringList keptRenamed = warningGroups(dialog, &problems).value(u"keychain"_s);
    QCOMPARE(keptRenamed.filter(u"of “Items API”"_s).size(), 2);
    QVERIFY(keptRenamed.filter(u"of “h.example”"_s).isEmpty());
    dialog->reject();
}

void TestShareDialogs::importCorpusPreviewMatchesCore_data()
{
    QTest::addColumn<QString>("file");
    const QString corpus = QStringLiteral(AUTHLENS_TEST_DATA_DIR "/formats/corpus/");
    QDirIterator it(corpus, QDir::Files, QDirIterator::Subdirectories);
    QStringList files;
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.mid(corpus.size()).contains(u'/'))
            files.append(path);
    }
    files.sort();
    for (const QString& f : std::as_const(files))
        QTest::newRow(qPrintable(f.mid(corpus.size()))) << f;
}

void TestShareDialogs::importCorpusPreviewMatchesCore()
{
    // Every file of the corpus: the preview shows exactly the core's warnings and keychain report, grouped by
    // kind (what `authlens-cli profiles import` prints), each group with its count.
    QFETCH(QString, file);
    QFile input(file);
    QVERIFY(input.open(QIODevice::ReadOnly));
    const QByteArray content = input.readAll();
    const Formats::ImportResult core = Formats::importFile(content, QFileInfo(file).fileName());
    Gui::ImportDialog* dialog = m_window->profileActions()->importFile(file);
    QVERIFY(dialog);
    if (!core.ok()) {
        QVERIFY2(dialog->errorText().contains(u"Nothing was changed"), qPrintable(dialog->errorText()));
        dialog->reject();
        return;
    }
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    QString problems;
    const QMap<QString, QStringList> shown = warningGroups(dialog, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
    const QMap<QString, QStringList> expected = expectedGroups(core);
    QCOMPARE(shown.keys(), expected.keys());
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QCOMPARE(shown.value(it.key()).size(), it.value().size());
    // Nothing said twice, and no "not imported" for what is kept (TestImportWarnings checks the words).
    QCOMPARE(shown.value(u"not-imported"_s), expected.value(u"not-imported"_s));
    if (QFileInfo(file).fileName() == u"paypal-checkout-flows.postman_collection.json") {
        QVERIFY(Test::saveScreenshot(dialog, QStringLiteral("import-dialog-corpus-paypal.png")));
        // Fits a small screen: nothing of the dialog is cut off at 1024×700.
        dialog->resize(1000, 660);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
        QVERIFY(dialog->minimumSizeHint().width() <= 1000 && dialog->minimumSizeHint().height() <= 660);
        QVERIFY(Test::saveScreenshot(dialog, QStringLiteral("import-dialog-corpus-paypal-small.png")));
    }
    dialog->reject();
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
