// Issue 14: a workbench that respects the user's work and screen — the layout at 1024×700 and 1920×1080,
// per-request drafts and responses, the keyboard.
#include "GuiTestSupport.h"
#include "common/QuickSwitcher.h"
#include "common/ShortcutSheet.h"
#include "composer/KeyValueTable.h"
#include "composer/RequestComposer.h"
#include "diagnosis/DiagnosisPanel.h"
#include "inspector/ResponseInspector.h"
#include "mainwindow/MainWindow.h"
#include "session/RequestController.h"
#include "session/Session.h"
#include "sidebar/SidebarPanel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

using namespace Authlens;
using namespace Authlens::Test;

namespace {

/// Lays out what a tab switch asked for: the layout requests Qt posted are delivered now, not after a wait.
void settleLayouts()
{
    for (int pass = 0; pass < 3; ++pass) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
}

} // namespace

class TestWorkbench : public DemoWindowTest
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { prepareApplication(); }
    void init() { openWindow(); }
    void cleanup() { closeWindow(); }

    void minimumSizeFitsEveryTab_data();
    void minimumSizeFitsEveryTab();
    void diagnosisFoldsIntoATabWhenNarrow();
    void tablesShowWhatTheyHold();
    void sidebarCollapsesAndFilterFocuses();
    void draftsSurviveSwitchingRequests();
    void eachRequestShowsItsOwnResponse();
    void tabWalksNameValueNextName();
    void tabOrderFollowsTheRequestBar();
    void quickSwitcherFindsARequest();
    void emptyCredentialWarnsBeforeSending();
    void newRequestAndDemoActions();

private:
    QTreeWidgetItem* requestItem(const QString& profile, const QString& request) const;
    void clickRequest(const QString& profile, const QString& request);
    void sendAndWait();
};

QTreeWidgetItem* TestWorkbench::requestItem(const QString& profile, const QString& request) const
{
    auto* tree = child<QTreeWidget>("profileTree");
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* p = tree->topLevelItem(i);
        if (p->text(0) != profile)
            continue;
        for (int r = 0; r < p->childCount(); ++r) {
            if (p->child(r)->text(0).startsWith(request))
                return p->child(r);
        }
    }
    return nullptr;
}

void TestWorkbench::clickRequest(const QString& profile, const QString& request)
{
    auto* tree = child<QTreeWidget>("profileTree");
    QTreeWidgetItem* item = requestItem(profile, request);
    QVERIFY2(item, qPrintable(profile + u" › " + request));
    tree->scrollToItem(item);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualItemRect(item).center());
    QCOMPARE(tree->currentItem(), item);
}

void TestWorkbench::sendAndWait()
{
    QSignalSpy finished(m_window->findChild<Gui::RequestController*>(), &Gui::RequestController::finished);
    QTest::keyClick(m_window.get(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
}

void TestWorkbench::diagnosisFoldsIntoATabWhenNarrow()
{
    auto* dock = child<QDockWidget>("diagnosisDock");
    auto* inspectorTabs = child<QTabWidget>("inspectorTabs");
    auto* panel = child<QWidget>("diagnosisPanel");
    m_window->resize(1024, 700);
    QTRY_VERIFY(dock->isHidden());
    QCOMPARE(inspectorTabs->tabText(0), QStringLiteral("Diagnosis"));
    QCOMPARE(inspectorTabs->widget(0), panel);
    sendSaved(QStringLiteral("Demo · Bearer (expired token)"), QStringLiteral("/api/profile"));
    inspectorTabs->setCurrentIndex(0);
    QVERIFY(panel->isVisible());
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("workbench-1024-diagnosis-tab.png")));
    // Wide again: the panel is back in its dock at a readable width, not the squeezed one.
    m_window->resize(1920, 1080);
    QTRY_VERIFY(dock->isVisible());
    QCOMPARE(dock->widget(), panel);
    QVERIFY(inspectorTabs->indexOf(panel) < 0);
    QTRY_VERIFY2(dock->width() >= 300, qPrintable(QString::number(dock->width())));
}

void TestWorkbench::tablesShowWhatTheyHold()
{
    // At 1280×800 (the dock beside the inspector), the Auth tab's challenge tree shows every value whole and
    // never scrolls sideways ("HTTP Basic authenticati…" was cut).
    m_window->resize(1280, 800);
    sendSaved(QStringLiteral("Demo · No auth"), QStringLiteral("/basic/resource"));
    child<QTabWidget>("inspectorTabs")->setCurrentWidget(child<QWidget>("authView"));
    auto* tree = child<QTreeView>("challengeTree");
    QTRY_VERIFY(tree->isVisible());
    tree->expandAll();
    QCoreApplication::processEvents();
    QCOMPARE(tree->horizontalScrollBarPolicy(), Qt::ScrollBarAlwaysOff);
    QStringList cut;
    QList<QModelIndex> pending {QModelIndex()};
    while (!pending.isEmpty()) {
        const QModelIndex parent = pending.takeFirst();
        for (int r = 0; r < tree->model()->rowCount(parent); ++r) {
            const QModelIndex value = tree->model()->index(r, 1, parent);
            const QString text = value.data().toString();
            const QVariant font = value.data(Qt::FontRole);
            const QFontMetrics metrics(font.isValid() ? font.value<QFont>() : tree->font());
            const int needed = metrics.horizontalAdvance(text) + 8;
            if (tree->visualRect(value).width() < needed)
                cut.append(QStringLiteral("%1 (%2 < %3)").arg(text).arg(tree->visualRect(value).width()).arg(needed));
            pending.append(tree->model()->index(r, 0, parent));
        }
    }
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(u'\n')));
}

void TestWorkbench::sidebarCollapsesAndFilterFocuses()
{
    m_window->resize(1280, 800);
    auto* sidebar = child<QWidget>("sidebar");
    auto* url = child<QLineEdit>("urlEdit");
    QTRY_VERIFY(sidebar->isVisible());
    const int urlWidth = url->width();
    QTest::keyClick(m_window.get(), Qt::Key_B, Qt::ControlModifier);
    QTRY_VERIFY(sidebar->isHidden());
    QTRY_VERIFY2(url->width() > urlWidth + 150, qPrintable(QStringLiteral("%1 → %2").arg(urlWidth).arg(url->width())));
    // Ctrl+F brings it back with the focus in the filter.
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(sidebar->isVisible());
    QTRY_VERIFY(child<QLineEdit>("filterEdit")->hasFocus());
    // At 1920 the sidebar keeps the width it needs; the extra goes to the request and response.
    m_window->resize(1920, 1080);
    QTRY_VERIFY2(sidebar->width() < 480, qPrintable(QString::number(sidebar->width())));
}

void TestWorkbench::draftsSurviveSwitchingRequests()
{
    const QString bearer = QStringLiteral("Demo · Bearer (valid token)");
    auto* sidebar = child<Gui::SidebarPanel>("sidebar");
    auto* url = child<QLineEdit>("urlEdit");
    auto* composer = child<Gui::RequestComposer>("composer");
    // Moving through requests without typing marks nothing.
    clickRequest(bearer, QStringLiteral("Profile"));
    clickRequest(bearer, QStringLiteral("Orders"));
    clickRequest(QStringLiteral("Demo · Basic"), QStringLiteral("Basic resource"));
    clickRequest(bearer, QStringLiteral("Profile"));
    QVERIFY(requestItem(bearer, QStringLiteral("Profile"))->text(0) == QStringLiteral("Profile"));
    const QString profileId = composer->profileId();
    const QString profileRequestId = composer->savedRequestId();
    QVERIFY(!sidebar->isRequestModified(profileId, profileRequestId));

    // Edit the first request: URL and a header.
    url->setFocus();
    url->end(false);
    QTest::keyClicks(url, QStringLiteral("?page=2"));
    auto* headers = child<Gui::KeyValueTable>("headersTable");
    headers->setRows({{true, QStringLiteral("X-Trace"), QStringLiteral("one"), {}}});
    Q_EMIT headers->rowsEdited();
    QVERIFY(sidebar->isRequestModified(profileId, profileRequestId));
    QVERIFY(requestItem(bearer, QStringLiteral("Profile"))->text(0).endsWith(QStringLiteral("●")));

    // Edit the second one: another URL, the method.
    clickRequest(bearer, QStringLiteral("Orders"));
    const QString ordersId = composer->savedRequestId();
    QCOMPARE(url->text(), QStringLiteral("/api/orders"));
    QVERIFY(headers->rows().isEmpty());
    child<QComboBox>("methodCombo")->setCurrentText(QStringLiteral("POST"));
    url->setFocus();
    url->end(false);
    QTest::keyClicks(url, QStringLiteral("/42"));
    QVERIFY(sidebar->isRequestModified(profileId, ordersId));

    // Both drafts are kept.
    clickRequest(bearer, QStringLiteral("Profile"));
    QCOMPARE(url->text(), QStringLiteral("/api/profile?page=2"));
    QCOMPARE(headers->rows().size(), 1);
    QCOMPARE(headers->rows().constFirst().key, QStringLiteral("X-Trace"));
    QCOMPARE(child<QComboBox>("methodCombo")->currentText(), QStringLiteral("GET"));
    clickRequest(bearer, QStringLiteral("Orders"));
    QCOMPARE(url->text(), QStringLiteral("/api/orders/42"));
    QCOMPARE(child<QComboBox>("methodCombo")->currentText(), QStringLiteral("POST"));
    QVERIFY(saveScreenshot(m_window.get(), QStringLiteral("workbench-drafts.png")));

    // Typing it back as saved clears the mark.
    url->setText(QStringLiteral("/api/orders"));
    Q_EMIT url->textEdited(url->text());
    child<QComboBox>("methodCombo")->setCurrentText(QStringLiteral("GET"));
    QVERIFY(!sidebar->isRequestModified(profileId, ordersId));
    QVERIFY(sidebar->isRequestModified(profileId, profileRequestId));

    // Drafts outlive the window, without secrets.
    clickRequest(bearer, QStringLiteral("Profile"));
    headers->setRows({{true, QStringLiteral("X-Trace"), QStringLiteral("one"), {}},
                      {true, QStringLiteral("Authorization"), QStringLiteral("Bearer typed-secret-value"), {}}});
    Q_EMIT headers->rowsEdited();
    clickRequest(bearer, QStringLiteral("Orders"));
    reopenWindow();
    QSettings settings;
    settings.sync();
    QCOMPARE(settings.value(QStringLiteral("request/drafts")).toList().size(), 1);
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    const QString secret = QStringLiteral("typed-secret-value");
    for (const QByteArray& encoded :
         {secret.toUtf8(), QByteArray(reinterpret_cast<const char*>(secret.utf16()), secret.size() * 2)}) {
        QVERIFY2(!written.contains(encoded), "a secret in the settings file");
    }
    QByteArray utf16be;
    for (QChar c : secret)
        utf16be.append(char(c.unicode() >> 8)).append(char(c.unicode() & 0xff));
    QVERIFY2(!written.contains(utf16be), "a secret in the settings file");
    sidebar = child<Gui::SidebarPanel>("sidebar");
    QVERIFY(sidebar->isRequestModified(profileId, profileRequestId));
    QVERIFY(requestItem(bearer, QStringLiteral("Profile"))->text(0).endsWith(QStringLiteral("●")));
    clickRequest(bearer, QStringLiteral("Profile"));
    QCOMPARE(child<QLineEdit>("urlEdit")->text(), QStringLiteral("/api/profile?page=2"));
    const QList<Gui::KeyValueRow> kept = child<Gui::KeyValueTable>("headersTable")->rows();
    QCOMPARE(kept.size(), 2);
    QCOMPARE(kept.at(1).key, QStringLiteral("Authorization")); // the name stays, disabled and empty
    QVERIFY(kept.at(1).value.isEmpty());
    QVERIFY(!kept.at(1).enabled);
}

void TestWorkbench::eachRequestShowsItsOwnResponse()
{
    const QString bearer = QStringLiteral("Demo · Bearer (valid token)");
    auto* status = child<QLabel>("statusLabel");
    clickRequest(bearer, QStringLiteral("Profile"));
    sendAndWait();
    QTRY_VERIFY(status->text().contains(QStringLiteral("200")));
    const QString profileDetail = child<QLabel>("detailLabel")->text();
    QVERIFY2(profileDetail.contains(QStringLiteral("/api/profile")), qPrintable(profileDetail));

    // A request never sent: empty states, not the previous answer.
    clickRequest(bearer, QStringLiteral("Admin"));
    QVERIFY2(status->text().contains(QStringLiteral("No response yet")), qPrintable(status->text()));
    QCOMPARE(panel()->title(), QStringLiteral("Not sent yet"));
    sendAndWait();
    QTRY_VERIFY2(status->text().contains(QStringLiteral("403")), qPrintable(status->text()));

    // Back: each shows its own.
    clickRequest(bearer, QStringLiteral("Profile"));
    QVERIFY2(status->text().contains(QStringLiteral("200")), qPrintable(status->text()));
    QCOMPARE(child<QLabel>("detailLabel")->text(), profileDetail);
    QVERIFY2(panel()->title().startsWith(QStringLiteral("200")), qPrintable(panel()->title()));
    clickRequest(bearer, QStringLiteral("Admin"));
    QVERIFY2(status->text().contains(QStringLiteral("403")), qPrintable(status->text()));
    QVERIFY2(panel()->title().startsWith(QStringLiteral("403")), qPrintable(panel()->title()));
}

void TestWorkbench::tabWalksNameValueNextName()
{
    clickRequest(QStringLiteral("Demo · Basic"), QStringLiteral("Basic resource"));
    child<QTabWidget>("requestTabs")->setCurrentIndex(1);
    auto* table = child<Gui::KeyValueTable>("headersTable");
    table->setRows({{true, QStringLiteral("Accept"), QStringLiteral("application/json"), {}},
                    {true, QStringLiteral("X-Trace"), QStringLiteral("1"), {}}});
    table->setFocus();
    table->setCurrentCell(0, 0);
    QList<QPair<int, int>> visited;
    for (int i = 0; i < 4; ++i) {
        QTest::keyClick(table, Qt::Key_Tab);
        visited.append({table->currentRow(), table->currentColumn()});
    }
    const QList<QPair<int, int>> expected {{0, 1}, {1, 0}, {1, 1}, {2, 0}};
    QCOMPARE(visited, expected);
    QTest::keyClick(table, Qt::Key_Backtab);
    QCOMPARE(table->currentColumn(), 1);
    QCOMPARE(table->currentRow(), 1);
    // The ✕ buttons never take the focus.
    for (QToolButton* remove : table->findChildren<QToolButton*>(QStringLiteral("removeRowButton")))
        QCOMPARE(remove->focusPolicy(), Qt::NoFocus);
}

void TestWorkbench::tabOrderFollowsTheRequestBar()
{
    clickRequest(QStringLiteral("Demo · Basic"), QStringLiteral("Basic resource"));
    auto* method = child<QComboBox>("methodCombo");
    method->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(method->hasFocus() || method->lineEdit()->hasFocus());
    QStringList order;
    for (int i = 0; i < 5; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QWidget* focused = QApplication::focusWidget();
        order.append(focused ? focused->objectName() : QStringLiteral("(none)"));
    }
    // Left to right, as the bar reads; Cancel (hidden while nothing runs) is skipped.
    const QStringList expected {QStringLiteral("urlEdit"), QStringLiteral("sendButton"),
                                QStringLiteral("saveRequestButton"), QStringLiteral("curlButton")};
    QCOMPARE(order.mid(0, 4), expected);
}

void TestWorkbench::quickSwitcherFindsARequest()
{
    QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier);
    auto* switcher = waitForDialog<Gui::QuickSwitcher>(m_window.get());
    QVERIFY(switcher);
    QTest::keyClicks(switcher->filterEdit(), QStringLiteral("cookie log in"));
    QVERIFY2(!switcher->shownTexts().isEmpty(), "nothing matches");
    QCOMPARE(switcher->shownTexts().constFirst(), QStringLiteral("Demo · Cookie session › Log in (form post)"));
    QVERIFY(saveScreenshot(switcher, QStringLiteral("workbench-quick-switcher.png")));
    QTest::keyClick(switcher->filterEdit(), Qt::Key_Return);
    QTRY_VERIFY(!switcher || !switcher->isVisible());
    QCOMPARE(child<QComboBox>("methodCombo")->currentText(), QStringLiteral("POST"));
    QVERIFY2(child<QLineEdit>("urlEdit")->text().contains(QStringLiteral("login")),
             qPrintable(child<QLineEdit>("urlEdit")->text()));
    QVERIFY(child<QTreeWidget>("profileTree")->currentItem()->text(0).startsWith(QStringLiteral("Log in")));

    // Commands too: "shortcuts" opens the sheet.
    QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier);
    auto* again = waitForDialog<Gui::QuickSwitcher>(m_window.get());
    QVERIFY(again);
    QTest::keyClicks(again->filterEdit(), QStringLiteral("keyboard shortcuts"));
    QTest::keyClick(again->filterEdit(), Qt::Key_Return);
    auto* sheet = waitForDialog<Gui::ShortcutSheet>(m_window.get());
    QVERIFY(sheet);
    auto* tree = child<QTreeWidget>(sheet, "shortcutTree");
    QVERIFY(!tree->findItems(QStringLiteral("Ctrl+K"), Qt::MatchExactly | Qt::MatchRecursive, 1).isEmpty());
    QVERIFY(saveScreenshot(sheet, QStringLiteral("workbench-shortcuts.png")));
    sheet->close();
}

void TestWorkbench::emptyCredentialWarnsBeforeSending()
{
    auto* warning = child<QLabel>("credentialWarningLabel");
    clickRequest(QStringLiteral("Demo · Bearer (valid token)"), QStringLiteral("Profile"));
    QTRY_VERIFY(warning->isHidden());
    clickRequest(QStringLiteral("Demo · OAuth 2 sign-in (authorization code + PKCE)"), QStringLiteral("Profile"));
    QTRY_VERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QStringLiteral("no access token yet")), qPrintable(warning->text()));
    // Emptying a Bearer token says so too.
    clickRequest(QStringLiteral("Demo · Bearer (valid token)"), QStringLiteral("Profile"));
    auto* token = child<QLineEdit>("tokenEdit");
    token->clear();
    Q_EMIT token->textEdited(QString());
    QTRY_VERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QStringLiteral("The Bearer token is empty")), qPrintable(warning->text()));
}

void TestWorkbench::newRequestAndDemoActions()
{
    // The demo runs: Help ▸ Start Demo API says so and does nothing.
    auto* startDemo = child<QAction>("actionStartDemo");
    QVERIFY(!startDemo->isEnabled());
    clickRequest(QStringLiteral("Demo · API key"), QStringLiteral("API key resource"));
    QTest::keyClick(m_window.get(), Qt::Key_T, Qt::ControlModifier);
    auto* composer = child<Gui::RequestComposer>("composer");
    QCOMPARE(composer->savedRequestId(), QString());
    QCOMPARE(composer->profileId(), QStringLiteral("demo-apikey"));
    QVERIFY(child<QLineEdit>("urlEdit")->text().isEmpty());
    QTRY_VERIFY(child<QLineEdit>("urlEdit")->hasFocus());
    QVERIFY(child<QLabel>("statusLabel")->text().contains(QStringLiteral("No response yet")));
    QTest::keyClicks(child<QLineEdit>("urlEdit"), QStringLiteral("/api/key"));
    // Another request and back: the new request's draft is kept.
    clickRequest(QStringLiteral("Demo · API key"), QStringLiteral("API key resource"));
    QTest::keyClick(m_window.get(), Qt::Key_T, Qt::ControlModifier);
    QCOMPARE(child<QLineEdit>("urlEdit")->text(), QStringLiteral("/api/key"));
}

void TestWorkbench::minimumSizeFitsEveryTab_data()
{
    QTest::addColumn<QSize>("screen");
    QTest::newRow("1024x700") << QSize(1024, 700);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestWorkbench::minimumSizeFitsEveryTab()
{
    QFETCH(QSize, screen);
    m_window->resize(screen);
    sendSaved(QStringLiteral("Demo · Bearer (valid token)"), QStringLiteral("/api/profile"));
    auto* requestTabs = child<QTabWidget>("requestTabs");
    auto* inspectorTabs = child<QTabWidget>("inspectorTabs");
    QStringList tooBig;
    for (int r = 0; r < requestTabs->count(); ++r) {
        requestTabs->setCurrentIndex(r);
        for (int i = 0; i < inspectorTabs->count(); ++i) {
            if (!inspectorTabs->isTabVisible(i))
                continue; // the Refresh tab, until a token refresh
            inspectorTabs->setCurrentIndex(i);
            settleLayouts();
            const QSize minimum = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
            if (minimum.width() > 1024 || minimum.height() > 700 || m_window->width() > screen.width())
                tooBig.append(QStringLiteral("request tab %1 + inspector tab %2: minimum %3×%4, window %5 wide")
                                  .arg(requestTabs->tabText(r), inspectorTabs->tabText(i))
                                  .arg(minimum.width())
                                  .arg(minimum.height())
                                  .arg(m_window->width()));
        }
    }
    QVERIFY2(tooBig.isEmpty(), qPrintable(tooBig.join(u'\n')));
    // Every page laid out once, the minimum no longer depends on which tab is open.
    QSet<QPair<int, int>> minimums;
    for (int r = 0; r < requestTabs->count(); ++r) {
        requestTabs->setCurrentIndex(r);
        for (int i = 0; i < inspectorTabs->count(); ++i) {
            if (!inspectorTabs->isTabVisible(i))
                continue;
            inspectorTabs->setCurrentIndex(i);
            settleLayouts();
            const QSize minimum = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
            minimums.insert({minimum.width(), minimum.height()});
        }
    }
    QCOMPARE(minimums.size(), 1);
    // The URL is the widest input of the request bar.
    auto* url = child<QLineEdit>("urlEdit");
    for (QWidget* other : {static_cast<QWidget*>(child<QComboBox>("methodCombo")),
                           static_cast<QWidget*>(child<QPushButton>("sendButton")),
                           static_cast<QWidget*>(child<QPushButton>("saveRequestButton")),
                           static_cast<QWidget*>(child<QToolButton>("curlButton"))})
        QVERIFY2(url->width() > 2 * other->width(), qPrintable(other->objectName()));
    QVERIFY(
        saveScreenshot(m_window.get(), QStringLiteral("workbench-%1x%2.png").arg(screen.width()).arg(screen.height())));
}

QTEST_MAIN(TestWorkbench)
#include "TestWorkbench.moc"
