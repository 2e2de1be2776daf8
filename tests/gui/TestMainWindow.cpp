#include "GuiTestSupport.h"
#include "auth/AuthSettings.h"
#include "common/Dialogs.h"
#include "composer/RequestComposer.h"
#include "demo/DemoServer.h"
#include "diagnosis/DiagnosisPanel.h"
#include "mainwindow/MainWindow.h"
#include "session/Session.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <memory>

using namespace Authlens;

// Drives the real main window against the real demo API on 127.0.0.1 (offscreen platform).
class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void unauthenticatedRequestShows401();
    void redirectsTabShowsWithheldAuthorization();
    void paramsTableAndUrlStayInSync();
    void lastRequestIsRestored();
    void demoProfileFillsComposerAndExplains401();
    void cancelTakesSendsPlaceWhileRunning();
    void cookieSessionShowsCookiesPerHop();
    void largeBodyShowsItsHeadAndSpillFile();
    void copyAsCurlAndSaveHar();
    void typedVendorHeaderIsMaskedWithheldAndRedacted();

private:
    template <typename T> T* child(const char* name) const
    {
        T* widget = m_window->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no widget named %s", name);
        return widget;
    }
    void createWindow();
    void typeUrl(const QString& url);
    void send();
    int rowOf(QTableWidget* table, const QString& name) const;
    void saveScreenshot(const QString& name);

    Demo::DemoServer m_demo;
    QTemporaryDir m_dataDir; ///< profiles go here, never into the user's folder
    std::unique_ptr<Gui::MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    Test::isolateSettings();
    QCoreApplication::setOrganizationName(QStringLiteral("Authlens"));
    QCoreApplication::setApplicationName(QStringLiteral("Authlens"));
    QVERIFY(m_dataDir.isValid());
    qputenv("AUTHLENS_DATA_DIR", QFile::encodeName(m_dataDir.path()));
    Gui::Dialogs::setTestMode(true);
    QVERIFY2(m_demo.start(), qPrintable(m_demo.errorString()));
}

void TestMainWindow::init()
{
    QSettings().clear();
    createWindow();
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    QSettings().clear();
}

void TestMainWindow::createWindow()
{
    // These tests are about requests, not secrets: an in-memory store keeps them off the keychain.
    Gui::SessionOptions options;
    options.keychain = [](QObject* parent) { return new Profiles::MemorySecretStore(parent); };
    m_window = std::make_unique<Gui::MainWindow>(options);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::typeUrl(const QString& url)
{
    auto* edit = child<QLineEdit>("urlEdit");
    edit->clear();
    QTest::keyClicks(edit, url);
    QCOMPARE(edit->text(), url);
}

void TestMainWindow::send()
{
    auto* button = child<QPushButton>("sendButton");
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

int TestMainWindow::rowOf(QTableWidget* table, const QString& name) const
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0) && table->item(row, 0)->text().compare(name, Qt::CaseInsensitive) == 0)
            return row;
    }
    return -1;
}

void TestMainWindow::saveScreenshot(const QString& name)
{
    const QString dir = QStringLiteral(AUTHLENS_BUILD_DIR "/screenshots");
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(m_window->grab().save(dir + u'/' + name));
}

void TestMainWindow::unauthenticatedRequestShows401()
{
    typeUrl(m_demo.baseUrl().toString() + QStringLiteral("/api/profile"));
    send();

    auto* status = child<QLabel>("statusLabel");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("401")), 10000);
    QVERIFY(status->text().contains(QStringLiteral("Unauthorized")));

    auto* headers = child<QTableWidget>("responseHeadersTable");
    const int row = rowOf(headers, QStringLiteral("WWW-Authenticate"));
    QVERIFY2(row >= 0, "no WWW-Authenticate row");
    QVERIFY(headers->item(row, 1)->text().startsWith(QStringLiteral("Bearer")));
    QVERIFY(headers->item(row, 0)->font().bold());

    auto* title = child<QLabel>("diagnosisTitle");
    QVERIFY2(title->text().contains(QStringLiteral("401")), qPrintable(title->text()));
    // The findings panel: nothing was sent, and the server's challenge says what it wants.
    auto* panel = child<Gui::DiagnosisPanel>("diagnosisPanel");
    QVERIFY2(panel->card(QStringLiteral("credentials.missing")), qPrintable(panel->bodyText()));

    // The body arrives on a worker thread and is shown when ready.
    auto* body = child<QPlainTextEdit>("bodyText");
    QTRY_VERIFY(!body->toPlainText().isEmpty());
    saveScreenshot(QStringLiteral("mainwindow-401.png"));
    auto* tabs = child<QTabWidget>("inspectorTabs");
    tabs->setCurrentWidget(child<QWidget>("headersView"));
    saveScreenshot(QStringLiteral("mainwindow-401-headers.png"));
    tabs->setCurrentWidget(child<QWidget>("tlsView"));
    QVERIFY(child<QLabel>("tlsStateLabel")->text().contains(QStringLiteral("Plain HTTP")));
}

void TestMainWindow::redirectsTabShowsWithheldAuthorization()
{
    auto* method = child<QComboBox>("authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::Basic)));
    QTest::keyClicks(child<QLineEdit>("usernameEdit"), Demo::DemoServer::basicUser());
    QTest::keyClicks(child<QLineEdit>("passwordEdit"), Demo::DemoServer::basicPassword());
    typeUrl(m_demo.baseUrl().toString() + QStringLiteral("/redirect/cross-origin"));
    send();

    auto* hops = child<QTableWidget>("hopsTable");
    QTRY_COMPARE_WITH_TIMEOUT(hops->rowCount(), 2, 10000);
    const int withheldColumn = 5;
    QVERIFY(hops->item(0, withheldColumn)->text().isEmpty());
    QVERIFY2(hops->item(1, withheldColumn)->text().contains(QStringLiteral("Authorization")),
             qPrintable(hops->item(1, withheldColumn)->text()));
    QVERIFY(hops->item(0, 3)->text().startsWith(QStringLiteral("30")));
    QVERIFY(hops->item(1, 2)->text().startsWith(m_demo.secondOriginUrl().toString()));

    // The withheld hop is selected first; its request headers list the withheld credential.
    auto* hopRequest = child<QTableWidget>("hopRequestHeadersTable");
    const int row = rowOf(hopRequest, QStringLiteral("Authorization"));
    QVERIFY(row >= 0);
    QVERIFY(hopRequest->item(row, 1)->text().startsWith(QStringLiteral("withheld")));

    // Hop 1 carried the credentials; they are masked until revealed.
    hops->setCurrentCell(0, 0);
    const int sentRow = rowOf(hopRequest, QStringLiteral("Authorization"));
    QVERIFY(sentRow >= 0);
    const QString encoded = QString::fromLatin1(
        (Demo::DemoServer::basicUser() + u':' + Demo::DemoServer::basicPassword()).toUtf8().toBase64());
    QVERIFY(!hopRequest->item(sentRow, 1)->text().contains(encoded));
    QTest::mouseClick(child<QCheckBox>("revealHopSecretsCheck"), Qt::LeftButton);
    QVERIFY(hopRequest->item(sentRow, 1)->text().contains(encoded));

    auto* tabs = child<QTabWidget>("inspectorTabs");
    tabs->setCurrentWidget(child<QWidget>("redirectsView"));
    saveScreenshot(QStringLiteral("mainwindow-redirects.png"));
}

void TestMainWindow::paramsTableAndUrlStayInSync()
{
    auto* url = child<QLineEdit>("urlEdit");
    auto* params = child<QTableWidget>("paramsTable");
    typeUrl(QStringLiteral("http://127.0.0.1:9/search?q=a%20b&tag=x&tag=y&flag#top"));
    QCOMPARE(params->rowCount(), 5); // four parameters and the blank row for new ones
    QCOMPARE(params->item(0, 0)->text(), QStringLiteral("q"));
    QCOMPARE(params->item(0, 1)->text(), QStringLiteral("a b"));
    QCOMPARE(params->item(2, 0)->text(), QStringLiteral("tag"));
    QCOMPARE(params->item(2, 1)->text(), QStringLiteral("y"));
    QCOMPARE(params->item(3, 0)->text(), QStringLiteral("flag"));

    // Editing a value re-encodes only that parameter; order, duplicates and the fragment stay.
    params->item(1, 1)->setText(QStringLiteral("new value&more=1"));
    QCOMPARE(url->text(),
             QStringLiteral("http://127.0.0.1:9/search?q=a%20b&tag=new%20value%26more%3D1&tag=y&flag#top"));

    // The blank row takes a new parameter.
    params->item(4, 0)->setText(QStringLiteral("page"));
    QCOMPARE(url->text(),
             QStringLiteral("http://127.0.0.1:9/search?q=a%20b&tag=new%20value%26more%3D1&tag=y&flag&page#top"));
    params->item(4, 1)->setText(QStringLiteral("2"));
    QVERIFY(url->text().endsWith(QStringLiteral("&page=2#top")));
    QCOMPARE(params->rowCount(), 6);

    // Removing rows removes them from the URL; no parameters left removes the '?'.
    for (int i = 0; i < 5; ++i) {
        auto* remove = qobject_cast<QToolButton*>(params->cellWidget(0, 2));
        QVERIFY(remove);
        QTest::mouseClick(remove, Qt::LeftButton);
    }
    QCOMPARE(url->text(), QStringLiteral("http://127.0.0.1:9/search#top"));
    QCOMPARE(params->rowCount(), 1);

    // Typing in the URL updates the table again.
    url->setCursorPosition(int(url->text().indexOf(u'#')));
    QTest::keyClicks(url, QStringLiteral("?check=%E2%9C%93"));
    QCOMPARE(params->rowCount(), 2);
    QCOMPARE(params->item(0, 1)->text(), QStringLiteral("✓"));
}

void TestMainWindow::lastRequestIsRestored()
{
    auto* method = child<QComboBox>("methodCombo");
    method->setCurrentText(QStringLiteral("PATCH"));
    typeUrl(QStringLiteral("http://127.0.0.1:9/items/7?dry=1"));
    auto* headers = child<QTableWidget>("headersTable");
    headers->item(0, 0)->setText(QStringLiteral("X-Request-Id"));
    headers->item(0, 1)->setText(QStringLiteral("abc-123"));
    headers->item(1, 0)->setText(QStringLiteral("Authorization"));
    headers->item(1, 1)->setText(QStringLiteral("Bearer secret-token"));
    auto* contentType = child<QComboBox>("contentTypeCombo");
    contentType->setCurrentIndex(contentType->findData(QStringLiteral("application/json")));
    QTest::keyClicks(child<QPlainTextEdit>("bodyEdit"), QStringLiteral("{\"done\": true}"));

    m_window.reset();
    createWindow();

    QCOMPARE(child<QComboBox>("methodCombo")->currentText(), QStringLiteral("PATCH"));
    QCOMPARE(child<QLineEdit>("urlEdit")->text(), QStringLiteral("http://127.0.0.1:9/items/7?dry=1"));
    QCOMPARE(child<QTableWidget>("paramsTable")->item(0, 0)->text(), QStringLiteral("dry"));
    headers = child<QTableWidget>("headersTable");
    QCOMPARE(headers->item(0, 0)->text(), QStringLiteral("X-Request-Id"));
    QCOMPARE(headers->item(0, 1)->text(), QStringLiteral("abc-123"));
    QCOMPARE(headers->item(0, 0)->checkState(), Qt::Checked);
    // Secrets never reach the settings file: the header comes back empty and disabled.
    QCOMPARE(headers->item(1, 0)->text(), QStringLiteral("Authorization"));
    QCOMPARE(headers->item(1, 1)->text(), QString());
    QCOMPARE(headers->item(1, 0)->checkState(), Qt::Unchecked);
    QCOMPARE(child<QComboBox>("contentTypeCombo")->currentData().toString(), QStringLiteral("application/json"));
    QCOMPARE(child<QPlainTextEdit>("bodyEdit")->toPlainText(), QStringLiteral("{\"done\": true}"));
}

void TestMainWindow::copyAsCurlAndSaveHar()
{
    QVERIFY(m_window->startDemo());
    QVERIFY(
        m_window->selectSavedRequest(QStringLiteral("Demo · Bearer (expired token)"), QStringLiteral("/api/profile")));
    const QString token = child<QLineEdit>("tokenEdit")->text();
    QVERIFY(!token.isEmpty());

    // Copy as curl: runnable against the demo API, the token as an environment variable.
    QClipboard* clipboard = QGuiApplication::clipboard();
    clipboard->clear();
    QTest::mouseClick(child<QToolButton>("curlButton"), Qt::LeftButton);
    QString command = clipboard->text();
    QVERIFY2(command.startsWith(QStringLiteral("curl '%1/api/profile'").arg(m_window->session()->demoUrl().toString())),
             qPrintable(command));
    QVERIFY2(command.contains(QStringLiteral("Authorization: Bearer '\"${AUTHLENS_TOKEN}\"")), qPrintable(command));
    QVERIFY(!command.contains(token));
    // With secrets only after the confirmation.
    Gui::Dialogs::setNextAnswer(QMessageBox::Cancel);
    m_window->findChild<Gui::RequestComposer*>()->copyAsCurl(Formats::CurlExportOptions::Shell::Bash, true);
    QCOMPARE(clipboard->text(), command);
    Gui::Dialogs::setNextAnswer(QMessageBox::Yes);
    m_window->findChild<Gui::RequestComposer*>()->copyAsCurl(Formats::CurlExportOptions::Shell::Bash, true);
    QVERIFY(clipboard->text().contains(token));

    // Save as HAR: the exchange with its 401, the token redacted.
    auto* saveHar = child<QToolButton>("saveHarButton");
    QVERIFY(!saveHar->isEnabled());
    send();
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>("statusLabel")->text().contains(QStringLiteral("401")), 10000);
    QVERIFY(saveHar->isEnabled());
    const QString path = m_dataDir.filePath(QStringLiteral("exchange.har"));
    Gui::Dialogs::setNextFileName(path);
    QTest::mouseClick(saveHar, Qt::LeftButton);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray har = file.readAll();
    QVERIFY(!har.contains(token.toUtf8()));
    const QJsonArray entries = QJsonDocument::fromJson(har).object()[u"log"].toObject()[u"entries"].toArray();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries[0].toObject()[u"response"].toObject()[u"status"].toInt(), 401);
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("secrets redacted")));
}

void TestMainWindow::demoProfileFillsComposerAndExplains401()
{
    QVERIFY(m_window->startDemo());
    QVERIFY(child<QLabel>("demoLabel")->text().contains(m_window->session()->demoUrl().toString()));
    QVERIFY(
        m_window->selectSavedRequest(QStringLiteral("Demo · Bearer (expired token)"), QStringLiteral("/api/profile")));
    QCOMPARE(child<QLineEdit>("urlEdit")->text(), QStringLiteral("/api/profile"));
    auto* method = child<QComboBox>("authMethodCombo");
    QCOMPARE(method->currentData().toInt(), int(Auth::Method::Bearer));
    QVERIFY(!child<QLineEdit>("tokenEdit")->text().isEmpty());
    QCOMPARE(child<QLineEdit>("tokenEdit")->echoMode(), QLineEdit::Password);

    send();
    auto* status = child<QLabel>("statusLabel");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("401")), 10000);
    // The findings panel says why, first: the token expired (TestFindingsPanel follows its evidence).
    auto* panel = child<Gui::DiagnosisPanel>("diagnosisPanel");
    QVERIFY2(!panel->cards().isEmpty(), qPrintable(panel->bodyText()));
    QCOMPARE(panel->cards().first()->finding().code, QStringLiteral("token.expired"));

    // The token went out masked in the request-headers table.
    auto* requestHeaders = child<QTableWidget>("requestHeadersTable");
    const int row = rowOf(requestHeaders, QStringLiteral("Authorization"));
    QVERIFY(row >= 0);
    QVERIFY(requestHeaders->item(row, 1)->text().startsWith(QStringLiteral("Bearer ••••")));
    QVERIFY(!requestHeaders->item(row, 1)->text().contains(child<QLineEdit>("tokenEdit")->text()));
    QTRY_VERIFY(!child<QPlainTextEdit>("bodyText")->toPlainText().isEmpty());
    saveScreenshot(QStringLiteral("mainwindow-demo-expired-token.png"));
}

void TestMainWindow::cancelTakesSendsPlaceWhileRunning()
{
    auto* sendButton = child<QPushButton>("sendButton");
    auto* cancel = child<QPushButton>("cancelButton");
    QVERIFY(sendButton->isVisible());
    QVERIFY(cancel->isHidden());

    // An invalid URL is refused in the composer with a message, and nothing is sent.
    typeUrl(QStringLiteral("/relative/without/profile"));
    send();
    auto* message = child<QLabel>("messageLabel");
    QVERIFY(message->isVisible());
    QVERIFY(message->text().contains(QStringLiteral("relative")));
    QVERIFY(sendButton->isVisible());

    typeUrl(m_demo.baseUrl().toString() + QStringLiteral("/echo"));
    send();
    QVERIFY(!message->isVisible());
    // While it runs, Cancel stands where Send stood.
    QVERIFY(sendButton->isHidden());
    QVERIFY(cancel->isVisible());
    QCOMPARE(cancel->mapTo(m_window.get(), QPoint()).x(), sendButton->mapTo(m_window.get(), QPoint()).x());
    QTRY_VERIFY_WITH_TIMEOUT(sendButton->isVisible(), 10000);
    QVERIFY(cancel->isHidden());
    QTRY_VERIFY(child<QLabel>("statusLabel")->text().contains(QStringLiteral("200")));

    // A long download is cancelled with the Cancel button.
    typeUrl(m_demo.baseUrl().toString() + QStringLiteral("/bytes?n=200000000"));
    send();
    QVERIFY(cancel->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(sendButton->isVisible(), 10000);
    QVERIFY2(child<QLabel>("statusLabel")->text().contains(QStringLiteral("Cancelled")),
             qPrintable(child<QLabel>("statusLabel")->text()));
    QCOMPARE(child<QLabel>("diagnosisTitle")->text(), QStringLiteral("Cancelled"));
}

void TestMainWindow::largeBodyShowsItsHeadAndSpillFile()
{
    typeUrl(m_demo.baseUrl().toString() + QStringLiteral("/bytes?n=10485760"));
    send();
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>("statusLabel")->text().contains(QStringLiteral("200")), 30000);
    auto* note = child<QLabel>("bodyNoteLabel");
    QTRY_VERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("hex dump of the first 64.0 KB")), qPrintable(note->text()));
    QVERIFY2(note->text().contains(QStringLiteral("Full body at /")), qPrintable(note->text()));
    QVERIFY(child<QLabel>("metricsLabel")->text().contains(QStringLiteral("10.0 MB")));
    QVERIFY(child<QPlainTextEdit>("bodyText")->toPlainText().startsWith(QStringLiteral("00000000  00 01 02 03")));
}

void TestMainWindow::cookieSessionShowsCookiesPerHop()
{
    QVERIFY(m_window->startDemo());
    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Demo · Cookie session"), QStringLiteral("/session/resource")));
    send();
    auto* status = child<QLabel>("statusLabel");
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("cancelButton")->isHidden() && !status->text().contains(u'…'), 10000);
    auto* panel = child<Gui::DiagnosisPanel>("diagnosisPanel");
    QVERIFY2(panel->card(QStringLiteral("redirect.login")), qPrintable(panel->bodyText()));

    // Log in with the saved form post: the session cookie is received, then sent on the redirect hop.
    auto* tree = child<QTreeWidget>("profileTree");
    const QList<QTreeWidgetItem*> login
        = tree->findItems(QStringLiteral("Log in"), Qt::MatchStartsWith | Qt::MatchRecursive);
    QCOMPARE(login.size(), 1);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualItemRect(login.first()).center());
    QCOMPARE(child<QComboBox>("methodCombo")->currentText(), QStringLiteral("POST"));
    send();
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("cancelButton")->isHidden() && !status->text().contains(u'…'), 10000);

    auto* cookies = child<QTreeWidget>("cookiesTree");
    // Columns: the cookie (name = value, scope, expiry) and the verdict.
    QList<QTreeWidgetItem*> received
        = cookies->findItems(QStringLiteral("Stored"), Qt::MatchContains | Qt::MatchRecursive, 1);
    QVERIFY2(!received.isEmpty(), qPrintable(child<QLabel>("cookiesSummaryLabel")->text()));
    QVERIFY(received.first()->text(0).contains(QStringLiteral("demo_session = ••••"))); // value masked

    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Demo · Cookie session"), QStringLiteral("/session/resource")));
    send();
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("200")), 10000);
    QVERIFY(!cookies->findItems(QStringLiteral("Sent"), Qt::MatchContains | Qt::MatchRecursive, 1).isEmpty());
    child<QTabWidget>("inspectorTabs")->setCurrentWidget(child<QWidget>("cookiesView"));
    saveScreenshot(QStringLiteral("mainwindow-cookies.png"));
}

void TestMainWindow::typedVendorHeaderIsMaskedWithheldAndRedacted()
{
    // Issue 9, as a new user tried it: a vendor's token typed as a header, a Basic profile, and a
    // cross-origin redirect. Masked in the GUI, placed on the first origin only, withheld at the
    // second (the echo there proves it), listed in the ledger with its source, absent from the HAR.
    const QString token = QStringLiteral("ct-gui-0123456789abcdef");
    auto* method = child<QComboBox>("authMethodCombo");
    method->setCurrentIndex(method->findData(int(Auth::Method::Basic)));
    QTest::keyClicks(child<QLineEdit>("usernameEdit"), Demo::DemoServer::basicUser());
    QTest::keyClicks(child<QLineEdit>("passwordEdit"), Demo::DemoServer::basicPassword());
    auto* headers = child<QTableWidget>("headersTable");
    headers->item(0, 0)->setText(QStringLiteral("X-Client-Token"));
    headers->item(0, 1)->setText(token);
    typeUrl(m_demo.baseUrl().toString() + QStringLiteral("/redirect/cross-origin?api_key=q-secret-0123456789"));
    send();

    auto* hops = child<QTableWidget>("hopsTable");
    QTRY_COMPARE_WITH_TIMEOUT(hops->rowCount(), 2, 10000);
    const int withheldColumn = 5;
    const int placedColumn = 6;
    // A key in the query is masked in the hop's URL until revealed.
    QVERIFY2(!hops->item(0, 2)->text().contains(QStringLiteral("q-secret")), qPrintable(hops->item(0, 2)->text()));
    QVERIFY(hops->item(0, 2)->text().contains(QStringLiteral("api_key=")));
    child<QCheckBox>("revealHopSecretsCheck")->setChecked(true);
    QVERIFY(hops->item(0, 2)->text().contains(QStringLiteral("q-secret-0123456789")));
    child<QCheckBox>("revealHopSecretsCheck")->setChecked(false);
    const QString placed = hops->item(0, placedColumn)->text();
    QVERIFY2(placed.contains(QStringLiteral("Authorization (profile)")), qPrintable(placed));
    QVERIFY2(placed.contains(QStringLiteral("X-Client-Token (header you typed)")), qPrintable(placed));
    QVERIFY(hops->item(0, placedColumn)->toolTip().contains(Http::Origin::fromUrl(m_demo.baseUrl()).toString()));
    QVERIFY(hops->item(1, placedColumn)->text().isEmpty());
    QVERIFY(hops->item(1, withheldColumn)->text().contains(QStringLiteral("X-Client-Token")));

    // Masked in the hop's request headers until revealed.
    hops->setCurrentCell(0, 0);
    auto* hopRequest = child<QTableWidget>("hopRequestHeadersTable");
    const int row = rowOf(hopRequest, QStringLiteral("X-Client-Token"));
    QVERIFY(row >= 0);
    QVERIFY(!hopRequest->item(row, 1)->text().contains(token));

    // The echo of the second origin never saw it.
    auto* body = child<QPlainTextEdit>("bodyText");
    QTRY_VERIFY(body->toPlainText().contains(QStringLiteral("\"headers\"")));
    QVERIFY(!body->toPlainText().contains(token));

    // The Auth tab's ledger of the final hop: both credentials withheld, each with its source.
    auto* ledger = child<QTreeWidget>("sentLedgerList");
    QTRY_COMPARE_WITH_TIMEOUT(ledger->topLevelItemCount(), 2, 10000);
    QStringList rows;
    for (int i = 0; i < ledger->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = ledger->topLevelItem(i);
        rows.append(item->text(0) + u'|' + item->text(1) + u'|' + item->text(2));
    }
    QVERIFY2(rows.contains(QStringLiteral("X-Client-Token|withheld|header you typed")), qPrintable(rows.join(u'\n')));
    QVERIFY2(rows.contains(QStringLiteral("Authorization|withheld|profile")), qPrintable(rows.join(u'\n')));
    auto* tabs = child<QTabWidget>("inspectorTabs");
    tabs->setCurrentWidget(child<QWidget>("authView"));
    QCoreApplication::processEvents(); // wrapped rows are measured once their columns have a width
    saveScreenshot(QStringLiteral("mainwindow-auth-ledger.png"));
    tabs->setCurrentWidget(child<QWidget>("redirectsView"));
    hops->setCurrentCell(0, 0);
    QCoreApplication::processEvents();
    saveScreenshot(QStringLiteral("mainwindow-redirects-ledger.png"));

    // Save as HAR: no trace past the first four characters.
    const QString path = m_dataDir.filePath(QStringLiteral("vendor-header.har"));
    Gui::Dialogs::setNextFileName(path);
    QTest::mouseClick(child<QToolButton>("saveHarButton"), Qt::LeftButton);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray har = file.readAll();
    QVERIFY(har.contains("X-Client-Token"));
    QVERIFY2(!har.contains(token.mid(4).toUtf8()), har.constData());
    QVERIFY(!har.contains("0123456789"));
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
