#include "GuiTestSupport.h"
#include "common/StatusPalette.h"
#include "diagnosis/DiagnosisPanel.h"
#include "diagnosis/EvidenceLink.h"
#include "diagnosis/FindingCard.h"
#include "inspector/ResponseInspector.h"
#include "inspector/TokenDetails.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTextDocumentFragment>
#include <QTreeWidget>

using namespace Authlens;
using Gui::StatusPalette::Outcome;
using Gui::StatusPalette::Tone;
namespace Palette = Gui::StatusPalette;

// Issue 14, "words and colours that mean what they say": one palette (StatusPalette) for the inspector's
// status line, the Diagnosis title, the Redirects hops and the severity chips; a 2xx with a problem is
// never success green; every colour reads on a dark theme; no machine identifier is visible text.
class TestStatusColours : public Test::DemoWindowTest
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void outcomeRules();
    void warningFindingMakesTheStatusLineAmber();
    void loginPageIsNotSuccessGreen();
    void withheldCredentialsAreNotSuccessGreen();
    void successStaysGreen();
    void palettesReachAaContrast_data();
    void palettesReachAaContrast();
    void darkThemeWindowIsReadable();
    void visibleTextIsWords();
    void findingIdIsATooltipAndACopyAction();

private:
    Gui::ResponseInspector* inspector() const { return child<Gui::ResponseInspector>("inspector"); }

    QPalette m_startPalette;
};

namespace {

/// A dark palette as a dark desktop theme sets it (Fusion's colours for a dark scheme).
QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x35, 0x35, 0x35);
    const QColor base(0x2a, 0x2a, 0x2a);
    const QColor text(0xee, 0xee, 0xee);
    for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
        p.setColor(group, QPalette::Window, window);
        p.setColor(group, QPalette::WindowText, text);
        p.setColor(group, QPalette::Base, base);
        p.setColor(group, QPalette::AlternateBase, QColor(0x42, 0x42, 0x42));
        p.setColor(group, QPalette::Text, text);
        p.setColor(group, QPalette::Button, window);
        p.setColor(group, QPalette::ButtonText, text);
        p.setColor(group, QPalette::ToolTipBase, base);
        p.setColor(group, QPalette::ToolTipText, text);
        p.setColor(group, QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
        p.setColor(group, QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
        p.setColor(group, QPalette::HighlightedText, Qt::white);
        p.setColor(group, QPalette::Link, QColor(0x90, 0xca, 0xf9));
        p.setColor(group, QPalette::Mid, QColor(0x5a, 0x5a, 0x5a));
        p.setColor(group, QPalette::Light, QColor(0x50, 0x50, 0x50));
        p.setColor(group, QPalette::Dark, QColor(0x23, 0x23, 0x23));
    }
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    return p;
}

QPalette lightPalette()
{
    QPalette p(QColor(0xef, 0xef, 0xef), QColor(0xef, 0xef, 0xef)); // button, window
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    return p;
}

Http::Exchange okExchange()
{
    Http::Hop hop;
    hop.request.method = "GET";
    hop.request.url = QUrl(QStringLiteral("https://api.example/resource"));
    hop.response.received = true;
    hop.response.status = 200;
    hop.response.reason = "OK";
    hop.response.httpVersion = "1.1";
    hop.response.body = Http::Body::fromBytes(QByteArrayLiteral("<html><form><input type=password></form></html>"));
    Http::Exchange exchange;
    exchange.hops.append(hop);
    return exchange;
}

Diagnosis::Diagnosis okDiagnosis(std::optional<Diagnosis::Severity> severity,
                                 const QString& code = QStringLiteral("token.no_expiry"))
{
    Diagnosis::Diagnosis d;
    d.headline.status = 200;
    d.headline.title = QStringLiteral("200 OK");
    d.headline.summary = QStringLiteral("The server accepted the request.");
    if (severity) {
        Diagnosis::Finding f;
        f.code = code;
        f.severity = *severity;
        f.title = QStringLiteral("Something about the answer");
        f.explanation = QStringLiteral("What the finding says, in words.");
        d.findings.append(f);
    }
    return d;
}

QString plain(const QString& text)
{
    return QTextDocumentFragment::fromHtml(text).toPlainText().remove(QChar(0x200B));
}

} // namespace

void TestStatusColours::initTestCase()
{
    prepareApplication();
    m_startPalette = QApplication::palette();
}

void TestStatusColours::init()
{
    QApplication::setPalette(m_startPalette);
    openWindow();
    // The wiring MainWindow gets (one connect): the inspector's status line takes the diagnosis' verdict.
    connect(panel(), &Gui::DiagnosisPanel::verdictChanged, inspector(), &Gui::ResponseInspector::setVerdict,
            Qt::UniqueConnection);
}

void TestStatusColours::cleanup()
{
    closeWindow();
    QApplication::setPalette(m_startPalette);
}

void TestStatusColours::outcomeRules()
{
    QCOMPARE(Palette::outcomeOf(okDiagnosis(std::nullopt)), Outcome::Success);
    QCOMPARE(Palette::outcomeOf(okDiagnosis(Diagnosis::Severity::Info)), Outcome::Success);
    QCOMPARE(Palette::outcomeOf(okDiagnosis(Diagnosis::Severity::Hint)), Outcome::Success);
    QCOMPARE(Palette::outcomeOf(okDiagnosis(Diagnosis::Severity::Likely)), Outcome::SuccessWithProblem);
    QCOMPARE(Palette::outcomeOf(okDiagnosis(Diagnosis::Severity::Cause)), Outcome::SuccessWithProblem);
    // Credentials withheld on the way, or a login page: never a plain success, even rated "info".
    QCOMPARE(Palette::outcomeOf(okDiagnosis(Diagnosis::Severity::Info, QStringLiteral("redirect.credentials_dropped"))),
             Outcome::SuccessWithProblem);
    QCOMPARE(Palette::outcomeOf(okDiagnosis(Diagnosis::Severity::Hint, QStringLiteral("redirect.login"))),
             Outcome::SuccessWithProblem);
    Diagnosis::Diagnosis refused = okDiagnosis(Diagnosis::Severity::Cause);
    refused.headline.status = 401;
    QCOMPARE(Palette::outcomeOf(refused), Outcome::ClientError);
    Diagnosis::Diagnosis failed;
    failed.headline.isError = true;
    QCOMPARE(Palette::outcomeOf(failed), Outcome::TransportFailure);

    QCOMPARE(Palette::outcomeOfStatus(204), Outcome::Success);
    QCOMPARE(Palette::outcomeOfStatus(302), Outcome::Info);
    QCOMPARE(Palette::outcomeOfStatus(429), Outcome::ClientError);
    QCOMPARE(Palette::outcomeOfStatus(503), Outcome::ServerError);
    QCOMPARE(Palette::outcomeOfStatus(0), Outcome::TransportFailure);

    Http::Exchange exchange = okExchange();
    QCOMPARE(Palette::outcomeOf(exchange), Outcome::Success);
    Http::Withheld withheld;
    withheld.name = "Authorization";
    withheld.reason = QStringLiteral("cross-origin redirect");
    exchange.hops.first().withheld.append(withheld);
    QCOMPARE(Palette::outcomeOf(exchange), Outcome::SuccessWithProblem);

    // Failures share one colour; success, success with a problem and failure are three different ones.
    const QPalette p = lightPalette();
    QCOMPARE(Palette::color(Outcome::ClientError, p), Palette::color(Outcome::TransportFailure, p));
    QCOMPARE(Palette::color(Outcome::ServerError, p), Palette::color(Outcome::ClientError, p));
    QVERIFY(Palette::color(Outcome::Success, p) != Palette::color(Outcome::SuccessWithProblem, p));
    QVERIFY(Palette::color(Outcome::SuccessWithProblem, p) != Palette::color(Outcome::ClientError, p));
    // Severity chips speak the same palette: a cause is a failure's red, a likely finding the warning's amber.
    QCOMPARE(Gui::FindingCard::severityColor(Diagnosis::Severity::Cause), Palette::color(Outcome::ClientError));
    QCOMPARE(Gui::FindingCard::severityColor(Diagnosis::Severity::Likely), Palette::color(Outcome::SuccessWithProblem));
    // Green is kept for a success: an info finding is grey, not green.
    QVERIFY(Gui::FindingCard::severityColor(Diagnosis::Severity::Info) != Palette::color(Outcome::Success));
}

void TestStatusColours::warningFindingMakesTheStatusLineAmber()
{
    // The widgets alone, wired as MainWindow wires them: exchange first, then the diagnosis.
    Gui::ResponseInspector inspector;
    Gui::DiagnosisPanel panel;
    connect(&panel, &Gui::DiagnosisPanel::verdictChanged, &inspector, &Gui::ResponseInspector::setVerdict);
    inspector.showExchange(okExchange());
    QCOMPARE(inspector.statusOutcome(), Outcome::Success); // before the diagnosis: by the exchange alone

    panel.showDiagnosis(okDiagnosis(Diagnosis::Severity::Likely), 1);
    QCOMPARE(panel.verdict(), Outcome::SuccessWithProblem);
    QCOMPARE(inspector.statusOutcome(), Outcome::SuccessWithProblem);
    const QColor amber = Palette::color(Tone::Caution, inspector.palette());
    QCOMPARE(inspector.statusColor(), amber);
    QVERIFY(inspector.statusColor() != Palette::color(Tone::Good, inspector.palette()));
    QCOMPARE(panel.titleColor(), inspector.statusColor()); // the same colour in the Diagnosis title
    // Not by colour alone: the words say it too.
    const QString status = plain(inspector.findChild<QLabel*>(QStringLiteral("statusLabel"))->text());
    QVERIFY2(status.startsWith(QStringLiteral("200 OK")) && status.contains(QStringLiteral("but with a problem")),
             qPrintable(status));
    QVERIFY2(panel.title().contains(QStringLiteral("but with a problem")), qPrintable(panel.title()));
    QVERIFY(inspector.findChild<QLabel*>(QStringLiteral("statusLabel"))->text().contains(amber.name()));

    // An info finding ("authenticated as") leaves a 200 green, in both places.
    inspector.showExchange(okExchange());
    panel.showDiagnosis(okDiagnosis(Diagnosis::Severity::Info), 1);
    QCOMPARE(inspector.statusColor(), Palette::color(Tone::Good, inspector.palette()));
    QCOMPARE(panel.titleColor(), inspector.statusColor());
    QCOMPARE(panel.title(), QStringLiteral("200 OK"));

    // A late verdict (the last exchange diagnosed again) does not colour a request that is on its way.
    inspector.showHopStarted(0, QUrl(QStringLiteral("https://api.example/next")));
    panel.showDiagnosis(okDiagnosis(Diagnosis::Severity::Cause), 1);
    QCOMPARE(inspector.statusOutcome(), Outcome::Pending);
}

void TestStatusColours::loginPageIsNotSuccessGreen()
{
    // The cookie session without a session: 302 to the login page, which answers 200 — a login page, not
    // the resource.
    sendSaved(QStringLiteral("Demo · Cookie session"), QStringLiteral("/session/resource"));
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));
    QVERIFY2(panel()->card(QStringLiteral("redirect.login")), qPrintable(panel()->bodyText()));
    QCOMPARE(panel()->verdict(), Outcome::SuccessWithProblem);
    QCOMPARE(inspector()->statusOutcome(), Outcome::SuccessWithProblem);
    QCOMPARE(inspector()->statusColor(), Palette::color(Tone::Caution, inspector()->palette()));
    QVERIFY(inspector()->statusColor() != Palette::color(Tone::Good, inspector()->palette()));
    QCOMPARE(panel()->titleColor(), inspector()->statusColor());
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("issue14-login-page-amber.png")));
}

void TestStatusColours::withheldCredentialsAreNotSuccessGreen()
{
    // Demo · Basic's cross-origin redirect: Authorization is withheld at the other origin, whose /echo answers
    // 200 anyway. The answer never saw the credentials: amber in the status line, the title and the hop.
    sendSaved(QStringLiteral("Demo · Basic"), QStringLiteral("/redirect/cross-origin"));
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));
    QVERIFY2(panel()->card(QStringLiteral("redirect.credentials_dropped")), qPrintable(panel()->bodyText()));
    QCOMPARE(panel()->verdict(), Outcome::SuccessWithProblem);
    QCOMPARE(inspector()->statusOutcome(), Outcome::SuccessWithProblem);
    QCOMPARE(panel()->titleColor(), inspector()->statusColor());
    auto* hops = child<QTableWidget>("hopsTable");
    QCOMPARE(hops->rowCount(), 2);
    QCOMPARE(hops->item(1, 3)->foreground().color(), Palette::color(Tone::Caution, hops->palette()));
    QCOMPARE(hops->item(0, 3)->foreground().color(), Palette::color(Tone::Notice, hops->palette())); // the 302
}

void TestStatusColours::successStaysGreen()
{
    sendSaved(QStringLiteral("Demo · Bearer (valid token)"), QStringLiteral("/api/profile"));
    QVERIFY2(inspectorStatus().contains(QStringLiteral("200")), qPrintable(inspectorStatus()));
    QCOMPARE(panel()->verdict(), Outcome::Success);
    QCOMPARE(inspector()->statusColor(), Palette::color(Tone::Good, inspector()->palette()));
    QCOMPARE(panel()->titleColor(), inspector()->statusColor());

    // A failure: the red of every failure, in the status line, the title and the Redirects hop.
    sendSaved(QStringLiteral("Demo · Basic"), QStringLiteral("/forbidden"));
    QCOMPARE(inspector()->statusOutcome(), Outcome::ClientError);
    QCOMPARE(inspector()->statusColor(), Palette::color(Tone::Bad, inspector()->palette()));
    QCOMPARE(panel()->titleColor(), inspector()->statusColor());
    auto* hops = child<QTableWidget>("hopsTable");
    QTableWidgetItem* status = hops->item(hops->rowCount() - 1, 3);
    QVERIFY(status);
    QCOMPARE(status->foreground().color(), Palette::color(Tone::Bad, hops->palette()));
}

void TestStatusColours::palettesReachAaContrast_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << lightPalette() << false;
    QTest::newRow("dark") << darkPalette() << true;
    QPalette black = darkPalette(); // a darker theme than the tones were made for
    black.setColor(QPalette::Window, QColor(0x10, 0x10, 0x10));
    black.setColor(QPalette::Base, Qt::black);
    QTest::newRow("black") << black << true;
    QPalette grey = lightPalette(); // a mid-grey light theme: the colours must move to stay readable
    grey.setColor(QPalette::Window, QColor(0xc8, 0xc8, 0xc8));
    QTest::newRow("grey") << grey << false;
}

void TestStatusColours::palettesReachAaContrast()
{
    QFETCH(QPalette, palette);
    QFETCH(bool, dark);
    QCOMPARE(Palette::isDark(palette), dark);
    for (Tone tone : {Tone::Neutral, Tone::Good, Tone::Notice, Tone::Caution, Tone::Bad}) {
        const QColor c = Palette::color(tone, palette);
        for (QPalette::ColorRole role : {QPalette::Window, QPalette::Base}) {
            const double ratio = Palette::contrastRatio(c, palette.color(role));
            QVERIFY2(ratio >= 4.5,
                     qPrintable(QStringLiteral("tone %1 %2 on %3: %4:1")
                                    .arg(int(tone))
                                    .arg(c.name(), palette.color(role).name())
                                    .arg(ratio, 0, 'f', 2)));
        }
        const Palette::Chip chip = Palette::chip(tone, palette);
        QVERIFY2(Palette::contrastRatio(chip.text, chip.fill) >= 4.5,
                 qPrintable(chip.text.name() + u" on " + chip.fill.name()));
        const QColor fill = Palette::background(tone, palette);
        QVERIFY2(Palette::contrastRatio(palette.color(QPalette::Text), fill) >= 4.5,
                 qPrintable(palette.color(QPalette::Text).name() + u" on " + fill.name()));
    }
    // WCAG's own examples: black on white is 21:1, a colour on itself 1:1.
    QCOMPARE(qRound(Palette::contrastRatio(Qt::black, Qt::white) * 100), 2100);
    QCOMPARE(Palette::contrastRatio(QColor(0x77, 0x77, 0x77), QColor(0x77, 0x77, 0x77)), 1.0);
}

void TestStatusColours::darkThemeWindowIsReadable()
{
    // A dark desktop theme: the palette is set before the window is made, as a platform theme sets it.
    closeWindow();
    QApplication::setPalette(darkPalette());
    QVERIFY(Palette::isDark()); // the application palette is the default
    openWindow();
    connect(panel(), &Gui::DiagnosisPanel::verdictChanged, inspector(), &Gui::ResponseInspector::setVerdict,
            Qt::UniqueConnection);
    const auto readable = [](const QColor& color, const QWidget* on) {
        const double window = Palette::contrastRatio(color, on->palette().color(QPalette::Window));
        const double base = Palette::contrastRatio(color, on->palette().color(QPalette::Base));
        return std::min(window, base);
    };
    sendSaved(QStringLiteral("Demo · No auth"), QStringLiteral("/nochallenge"));
    QCOMPARE(inspector()->statusOutcome(), Outcome::ClientError);
    QVERIFY2(readable(inspector()->statusColor(), inspector()) >= 4.5, qPrintable(inspector()->statusColor().name()));
    QVERIFY2(readable(panel()->titleColor(), panel()) >= 4.5, qPrintable(panel()->titleColor().name()));
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("issue14-dark-401.png")));

    sendSaved(QStringLiteral("Demo · Cookie session"), QStringLiteral("/session/resource"));
    QCOMPARE(inspector()->statusOutcome(), Outcome::SuccessWithProblem);
    QVERIFY2(readable(inspector()->statusColor(), inspector()) >= 4.5, qPrintable(inspector()->statusColor().name()));
    QCOMPARE(panel()->titleColor(), inspector()->statusColor());
    // The finding cards take the theme: a dark card, and badges whose text reads on their fill.
    const QList<Gui::FindingCard*> cards = panel()->cards();
    QVERIFY(!cards.isEmpty());
    for (const Gui::FindingCard* card : cards) {
        QVERIFY2(card->styleSheet().contains(card->palette().color(QPalette::Base).name()),
                 qPrintable(card->styleSheet()));
        const Palette::Chip chip = Palette::chip(Palette::toneOf(card->finding().severity), card->palette());
        QVERIFY(card->findChild<QLabel*>(QStringLiteral("severityBadge"))->styleSheet().contains(chip.fill.name()));
        QVERIFY(Palette::contrastRatio(chip.text, chip.fill) >= 4.5);
    }
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("issue14-dark-login-page.png")));

    // The Redirects tab of a withheld credential and the Token tab of an expired token, for the eye.
    auto* tabs = child<QTabWidget>("inspectorTabs");
    sendSaved(QStringLiteral("Demo · Basic"), QStringLiteral("/redirect/cross-origin"));
    tabs->setCurrentWidget(child<QWidget>("redirectsView"));
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("issue14-dark-redirects.png")));
    sendSaved(QStringLiteral("Demo · Bearer (expired token)"), QStringLiteral("/api/profile"));
    tabs->setCurrentWidget(child<QWidget>("tokenView"));
    // The token inspection runs on a worker thread: the picture is taken once its report is shown.
    auto* details = child<Gui::TokenDetails>("tokenDetails");
    QTRY_VERIFY_WITH_TIMEOUT(details->hasReport() && !details->isBusy(), 5000);
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("issue14-dark-token.png")));

    // A theme switched while the window is open: the status line and the title follow.
    const QColor darkRed = inspector()->statusColor();
    QApplication::setPalette(lightPalette());
    QCoreApplication::processEvents();
    QCOMPARE(inspector()->statusOutcome(), Outcome::ClientError);
    QVERIFY(inspector()->statusColor() != darkRed);
    QVERIFY(child<QLabel>("statusLabel")->text().contains(inspector()->statusColor().name()));
    QVERIFY(child<QLabel>("diagnosisTitle")->styleSheet().contains(panel()->titleColor().name()));
    QCOMPARE(panel()->titleColor(), inspector()->statusColor());
}

void TestStatusColours::visibleTextIsWords()
{
    // snake_case and dotted identifiers: "auth.ok", "redirect_loop", "token.not_yet_valid"; and English
    // plurals after a count of one.
    static const QRegularExpression identifier(QStringLiteral("\\b[a-z]+[._][a-z_.]+\\b"));
    // Plurals after "1": "(1 hops)", "1 findings".
    static const QRegularExpression onePlural(
        QStringLiteral("\\b1 (?:hops|redirects|findings|tokens|cookies|headers|challenges|credentials|problems)\\b"));
    // What the exchange itself says is quoted data, not the UI's words: URLs, and text in quotes.
    static const QRegularExpression data(
        QStringLiteral("https?://\\S+|“[^”]*”|\"[^\"]*\"|‘[^’]*’|\\b(?:e\\.g|i\\.e)\\b\\.?"));
    const auto labelTexts = [this] {
        QStringList texts;
        const QList<QLabel*> labels = m_window->findChildren<QLabel*>();
        for (const QLabel* label : labels) {
            if (!label->isVisibleTo(m_window.get()) || label->text().isEmpty())
                continue;
            // Evidence quotes the exchange (header values, claims); its place and note are words.
            if (const auto* link = qobject_cast<const Gui::EvidenceLink*>(label)) {
                texts.append(Gui::EvidenceLink::placeText(link->evidence(), 0) + u' ' + link->evidence().note);
                continue;
            }
            // The panels' own labels; the sidebar, composer and editors are other work (issue 14, elsewhere).
            const bool inPanel = panel()->isAncestorOf(label) || inspector()->isAncestorOf(label);
            if (inPanel && label->objectName() != QLatin1String("bodyText"))
                texts.append(label->objectName() + u": " + plain(label->text()));
        }
        return texts;
    };
    const auto visibleText = [this, &labelTexts] {
        QStringList texts = labelTexts();
        // Every tab of the inspector in turn: its labels, and the words columns of its finding lists.
        auto* inspectorTabs = child<QTabWidget>("inspectorTabs");
        const int current = inspectorTabs->currentIndex();
        for (int i = 0; i < inspectorTabs->count(); ++i) {
            if (!inspectorTabs->isTabVisible(i))
                continue;
            inspectorTabs->setCurrentIndex(i);
            texts += labelTexts();
        }
        inspectorTabs->setCurrentIndex(current);
        for (const char* name : {"diagnosticsList", "credentialFindingsList", "tokenProblemsList"}) {
            const QList<QTreeWidget*> lists = inspector()->findChildren<QTreeWidget*>(QString::fromLatin1(name));
            for (const QTreeWidget* list : lists) {
                for (int row = 0; row < list->topLevelItemCount(); ++row) {
                    for (int column = 0; column < list->columnCount(); ++column) {
                        if (!list->isColumnHidden(column))
                            texts.append(QString::fromLatin1(name) + u": " + list->topLevelItem(row)->text(column));
                    }
                }
            }
        }
        const QList<QTabWidget*> tabs = inspector()->findChildren<QTabWidget*>();
        for (const QTabWidget* tab : tabs) {
            for (int i = 0; i < tab->count(); ++i) {
                if (tab->isTabVisible(i))
                    texts.append(QStringLiteral("tab: ") + tab->tabText(i));
            }
        }
        auto* hops = child<QTableWidget>("hopsTable");
        for (int row = 0; row < hops->rowCount(); ++row) {
            if (QTableWidgetItem* status = hops->item(row, 3))
                texts.append(QStringLiteral("hop status: ") + status->text());
        }
        return texts;
    };
    const QList<std::pair<QString, QString>> requests {
        {QStringLiteral("Demo · No auth"), QStringLiteral("/nochallenge")},
        {QStringLiteral("Demo · No auth"), QStringLiteral("/ratelimited")},
        {QStringLiteral("Demo · No auth"), QStringLiteral("/redirect/loop")},
        {QStringLiteral("Demo · No auth"), QStringLiteral("/redirect/chain?n=3")},
        {QStringLiteral("Demo · Basic"), QStringLiteral("/forbidden")},
        {QStringLiteral("Demo · Basic"), QStringLiteral("/redirect/cross-origin")},
        {QStringLiteral("Demo · Basic (wrong password)"), QStringLiteral("/basic/resource")},
        {QStringLiteral("Demo · Bearer (expired token)"), QStringLiteral("/api/profile")},
        {QStringLiteral("Demo · Bearer (valid token)"), QStringLiteral("/api/admin")},
        {QStringLiteral("Demo · Cookie session"), QStringLiteral("/session/resource")},
        {QStringLiteral("Demo · API key"), QStringLiteral("/apikey/resource")},
    };
    QStringList offenders;
    for (const auto& request : requests) {
        sendSaved(request.first, request.second);
        const QStringList texts = visibleText();
        // The scan sees what the user sees: the Diagnosis title and the inspector's status line among it.
        QVERIFY2(texts.join(u'\n').contains(panel()->title()), qPrintable(texts.join(u'\n')));
        QVERIFY(texts.join(u'\n').contains(QStringLiteral("statusLabel: ")));
        for (const QString& text : texts) {
            QString words = text;
            words.remove(data);
            if (const QRegularExpressionMatch plural = onePlural.match(text); plural.hasMatch())
                offenders.append(request.second + QStringLiteral(" → ") + plural.captured() + QStringLiteral(" in ")
                                 + text.left(160));
            QRegularExpressionMatchIterator it = identifier.globalMatch(words);
            while (it.hasNext())
                offenders.append(request.second + QStringLiteral(" → ") + it.next().captured() + QStringLiteral(" in ")
                                 + text.left(160));
        }
    }
    offenders.removeDuplicates();
    QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(u'\n')));
}

void TestStatusColours::findingIdIsATooltipAndACopyAction()
{
    sendSaved(QStringLiteral("Demo · No auth"), QStringLiteral("/ratelimited"));
    Gui::FindingCard* card = panel()->card(QStringLiteral("rate.limited"));
    QVERIFY2(card, qPrintable(panel()->bodyText()));
    QVERIFY(!card->plainText().contains(QStringLiteral("rate.limited")));
    QVERIFY2(card->toolTip().contains(QStringLiteral("rate.limited")), qPrintable(card->toolTip()));
    auto* copy = card->findChild<QAction*>(QStringLiteral("copyFindingIdAction"));
    QVERIFY(copy);
    QCOMPARE(card->contextMenuPolicy(), Qt::ActionsContextMenu);
    copy->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("rate.limited"));
}

QTEST_MAIN(TestStatusColours)
#include "TestStatusColours.moc"
