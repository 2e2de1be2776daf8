// The Cookies tab shows the cookie explainer's verdicts: the real main window against the demo API's
// /cookies/scoped (a cookie withheld by its Path, one refused for its Domain), at 1280×800 and 1920×1080,
// with screenshots to look at.
#include "GuiTestSupport.h"
#include "common/Dialogs.h"
#include "demo/DemoServer.h"
#include "inspector/CookiesView.h"
#include "mainwindow/MainWindow.h"
#include "profiles/SecretStore.h"
#include "session/Session.h"

#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace Authlens;

class TestCookiesTab : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void verdictsPerHop_data();
    void verdictsPerHop();

private:
    template <typename T> T* child(const char* name) const
    {
        T* widget = m_window->findChild<T*>(QString::fromLatin1(name));
        if (!widget)
            qFatal("no widget named %s", name);
        return widget;
    }
    QTreeWidgetItem* row(int hop, const QString& name, bool response) const;

    Demo::DemoServer m_demo;
    QTemporaryDir m_dataDir;
    std::unique_ptr<Gui::MainWindow> m_window;
};

void TestCookiesTab::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    Test::isolateSettings();
    QVERIFY(m_dataDir.isValid());
    qputenv("AUTHLENS_DATA_DIR", QFile::encodeName(m_dataDir.path()));
    Gui::Dialogs::setTestMode(true);
}

void TestCookiesTab::cleanup()
{
    m_window.reset();
    QSettings().clear();
}

QTreeWidgetItem* TestCookiesTab::row(int hop, const QString& name, bool response) const
{
    auto* tree = child<QTreeWidget>("cookiesTree");
    QTreeWidgetItem* hopItem = tree->topLevelItem(hop);
    if (!hopItem)
        return nullptr;
    const QString text = (response ? QStringLiteral("← ") : QStringLiteral("→ ")) + name + QStringLiteral(" = ");
    for (int i = 0; i < hopItem->childCount(); ++i) {
        if (hopItem->child(i)->text(0).startsWith(text))
            return hopItem->child(i);
    }
    return nullptr;
}

void TestCookiesTab::verdictsPerHop_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x800") << QSize(1280, 800);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestCookiesTab::verdictsPerHop()
{
    QFETCH(QSize, size);
    Gui::SessionOptions options;
    options.keychain = [](QObject* parent) { return new Profiles::MemorySecretStore(parent); };
    m_window = std::make_unique<Gui::MainWindow>(options);
    m_window->resize(size);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->startDemo());
    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Demo · Cookie session"), QStringLiteral("/cookies/scoped")));
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    auto* status = child<QLabel>("statusLabel");
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("403")), 10000);
    auto* tabs = child<QTabWidget>("inspectorTabs");
    auto* view = child<Gui::CookiesView>("cookiesView");
    tabs->setCurrentWidget(view);
    // The verdict column wraps: rows are measured again once the tab is laid out at its real width.
    auto* tree = child<QTreeWidget>("cookiesTree");
    const int lineHeight = tree->fontMetrics().height();
    QTRY_VERIFY(tree->topLevelItemCount() == 2
                && tree->visualItemRect(tree->topLevelItem(0)->child(0)).height() <= 6 * lineHeight);
    QVERIFY2(tabs->tabText(tabs->currentIndex()).contains(u'⚠'), qPrintable(tabs->tabText(tabs->currentIndex())));

    // Hop 1 (index 0): one Set-Cookie stored, one rejected for its Domain, both saying why.
    QTreeWidgetItem* stored = row(0, QStringLiteral("demo_scoped_session"), true);
    QVERIFY(stored);
    QVERIFY2(stored->text(1).contains(QStringLiteral("Stored")), qPrintable(stored->text(1)));
    QTreeWidgetItem* foreign = row(0, QStringLiteral("demo_foreign"), true);
    QVERIFY(foreign);
    QVERIFY2(foreign->text(1).contains(QStringLiteral("Rejected")), qPrintable(foreign->text(1)));
    QVERIFY(foreign->text(1).contains(QStringLiteral("Domain=example.com")));
    // Hop 2: the stored cookie withheld by its path, in words.
    QTreeWidgetItem* withheld = row(1, QStringLiteral("demo_scoped_session"), false);
    QVERIFY(withheld);
    QVERIFY2(withheld->text(1).contains(QStringLiteral("Not sent")), qPrintable(withheld->text(1)));
    QVERIFY(withheld->text(1).contains(QStringLiteral("Path=/cookies/elsewhere")));
    QVERIFY(withheld->text(0).contains(QStringLiteral("= ••••"))); // values masked
    QVERIFY(withheld->text(0).contains(QStringLiteral("127.0.0.1 /cookies/elsewhere")));
    QCOMPARE(view->problemCount(), 2);

    // A finding's evidence selects its row.
    QVERIFY(view->selectCookie(1, QStringLiteral("jar"), QStringLiteral("demo_scoped_session")));
    QCOMPARE(child<QTreeWidget>("cookiesTree")->currentItem(), withheld);
    QVERIFY(view->selectCookie(0, QStringLiteral("Set-Cookie"), QStringLiteral("demo_foreign")));
    QCOMPARE(child<QTreeWidget>("cookiesTree")->currentItem(), foreign);
    QVERIFY(!view->selectCookie(0, QStringLiteral("jar"), QStringLiteral("demo_foreign")));

    QVERIFY(Test::saveScreenshot(m_window.get(),
                                 QStringLiteral("cookies-tab-%1x%2.png").arg(size.width()).arg(size.height())));
    // Nothing clips: both columns fit the tree without scrolling sideways, the verdict column is wide
    // enough to read, and every row is as tall as its lines.
    QVERIFY2(tree->columnWidth(1) >= 200, qPrintable(QString::number(tree->columnWidth(1))));
    QVERIFY(tree->columnWidth(0) + tree->columnWidth(1) <= tree->viewport()->width());
    const QRect rect = tree->visualItemRect(withheld);
    const int lines = int(withheld->text(0).count(u'\n')) + 1;
    QVERIFY2(rect.height() >= lines * lineHeight, qPrintable(QString::number(rect.height())));
    QVERIFY2(rect.height() <= 6 * lineHeight, qPrintable(QString::number(rect.height())));
}

QTEST_MAIN(TestCookiesTab)
#include "TestCookiesTab.moc"
