#include "GuiTestSupport.h"
#include "RawHttpServer.h"
#include "auth/AuthSettings.h"
#include "auth/AwsSigV4.h"
#include "common/Dialogs.h"
#include "composer/RequestComposer.h"
#include "demo/DemoServer.h"
#include "diagnosis/Catalog.h"
#include "diagnosis/DiagnosisPanel.h"
#include "diagnosis/EvidenceLink.h"
#include "diagnosis/FindingCard.h"
#include "diagnosis/FixComparison.h"
#include "diagnosis/FixController.h"
#include "inspector/AuthView.h"
#include "inspector/RawFieldView.h"
#include "inspector/TokenDetails.h"
#include "mainwindow/MainWindow.h"
#include "oauth/ExchangeSummaryView.h"
#include "oauth/ResendComparison.h"
#include "oauth/TokenTranscriptView.h"
#include "session/RequestController.h"
#include "session/Session.h"
#include "sidebar/SidebarPanel.h"

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Authlens;
using Diagnosis::Evidence;
using Diagnosis::EvidenceKind;
using Diagnosis::Finding;
using Diagnosis::Fix;
using Diagnosis::FixKind;

// The findings panel (issue 9) in the real main window against the in-process demo API: cards from
// the real Diagnoser, evidence links that select the place in the inspector, fix buttons that act.
class TestFindingsPanel : public Test::DemoWindowTest
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void expiredTokenCardLinksToTheClaim();
    void paramAndHeaderEvidenceSelectTheirPlace();
    void addCredentialFixOpensTheAuthTab();
    void fixComparisonTakesOnlyTheResendsAnswer();
    void awsScopeFixSignsAgain();
    void awsClockFixSignsByAwsTime();
    void adviceNeverRendersAsButton();
    void cookieFixesResendWithoutAndClear();
    void digestStaleCardResendsWithTheNewNonce();
    void resendAfterCountsDownAndCancels();
    void allowOriginAsksFirst();
    void clockOffsetShowsTheNumbers();
    void verifySignatureFetchesTheIssuersKeys();
    void cardsFitNarrowDocks_data();
    void cardsFitNarrowDocks();

private:
    Gui::FixController* fixes() const { return m_window->findChild<Gui::FixController*>(); }
    Gui::RequestController* requests() const { return m_window->findChild<Gui::RequestController*>(); }
};

namespace {

Gui::EvidenceLink* linkTo(const Gui::FindingCard* card, EvidenceKind kind, const QString& name)
{
    const QList<Gui::EvidenceLink*> links = card->evidenceLinks();
    for (Gui::EvidenceLink* link : links) {
        if (link->evidence().kind == kind && link->evidence().name.compare(name, Qt::CaseInsensitive) == 0)
            return link;
    }
    return nullptr;
}

QStringList codes(const Gui::DiagnosisPanel* panel)
{
    QStringList list;
    const QList<Gui::FindingCard*> cards = panel->cards();
    for (const Gui::FindingCard* card : cards)
        list.append(card->finding().code);
    return list;
}

Fix actionFix(const QString& id, const QJsonObject& params = {})
{
    return Fix {id, id, FixKind::Action, params};
}

} // namespace

void TestFindingsPanel::initTestCase()
{
    prepareApplication();
}

void TestFindingsPanel::init()
{
    openWindow();
}

void TestFindingsPanel::cleanup()
{
    closeWindow();
}

void TestFindingsPanel::expiredTokenCardLinksToTheClaim()
{
    sendSaved(QStringLiteral("Demo · Bearer (expired token)"), QStringLiteral("/api/profile"));
    Gui::FindingCard* card = panel()->card(QStringLiteral("token.expired"));
    QVERIFY2(card, qPrintable(codes(panel()).join(u',')));
    QCOMPARE(panel()->cards().first(), card); // the proven cause first
    QCOMPARE(card->property("severity").toString(), QStringLiteral("cause"));
    QVERIFY(panel()->title().startsWith(QStringLiteral("401")));

    // Its evidence names the token's exp and the server's Date.
    Gui::EvidenceLink* exp = linkTo(card, EvidenceKind::Claim, QStringLiteral("exp"));
    QVERIFY(exp);
    QCOMPARE(exp->evidence().container, QStringLiteral("Authorization"));
    QVERIFY(linkTo(card, EvidenceKind::Header, QStringLiteral("Date")));
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("findings-expired-token.png")));

    // Clicking exp opens the Token tab on the Authorization token, with exp selected in its claims.
    auto* tabs = child<QTabWidget>("inspectorTabs");
    tabs->setCurrentWidget(child<QWidget>("bodyView"));
    QTest::mouseClick(exp, Qt::LeftButton);
    QCOMPARE(tabs->currentWidget(), child<QWidget>("tokenView"));
    auto* details = child<Gui::TokenDetails>("tokenDetails");
    QTRY_COMPARE(details->selectedField(), QStringLiteral("exp"));
    auto* claims = child<QTableWidget>("claimsTable");
    QCOMPARE(claims->item(claims->currentRow(), 0)->text(), QStringLiteral("exp"));
    QCOMPARE(child<QTabWidget>("tokenDetailTabs")->currentWidget(), claims);
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("findings-exp-selected.png")));

    // Every button is an action the window performs.
    const QList<Gui::FindingCard*> cards = panel()->cards();
    for (const Gui::FindingCard* c : cards) {
        for (const QPushButton* button : c->fixButtons())
            QVERIFY(Gui::FixController::actionIds().contains(button->property("fixId").toString()));
    }
}

void TestFindingsPanel::paramAndHeaderEvidenceSelectTheirPlace()
{
    sendSaved(QStringLiteral("Demo · Bearer (expired token)"), QStringLiteral("/api/profile"));
    Gui::FindingCard* card = panel()->card(QStringLiteral("token.expired"));
    QVERIFY(card);
    auto* tabs = child<QTabWidget>("inspectorTabs");

    // error="invalid_token": the Auth tab's node of that parameter, its bytes marked in the raw field.
    Gui::EvidenceLink* error = linkTo(card, EvidenceKind::Param, QStringLiteral("error"));
    QVERIFY(error);
    QTest::mouseClick(error, Qt::LeftButton);
    QCOMPARE(tabs->currentWidget(), child<QWidget>("authView"));
    auto* auth = child<Gui::AuthView>("authView");
    QTRY_COMPARE(auth->selectedNode(), QStringLiteral("error"));
    QCOMPARE(auth->rawView()->markedText(), QStringLiteral("error=\"invalid_token\""));

    // Date: the Headers tab, on the response's Date row.
    Gui::EvidenceLink* date = linkTo(card, EvidenceKind::Header, QStringLiteral("Date"));
    QVERIFY(date);
    QTest::mouseClick(date, Qt::LeftButton);
    QCOMPARE(tabs->currentWidget(), child<QWidget>("headersView"));
    auto* headers = child<QTableWidget>("responseHeadersTable");
    QVERIFY(headers->currentRow() >= 0);
    QCOMPARE(headers->item(headers->currentRow(), 0)->text(), QStringLiteral("Date"));

    // The keyboard follows links too.
    tabs->setCurrentWidget(child<QWidget>("bodyView"));
    Gui::EvidenceLink* exp = linkTo(card, EvidenceKind::Claim, QStringLiteral("exp"));
    exp->setFocus();
    QTest::keyClick(exp, Qt::Key_Return);
    QCOMPARE(tabs->currentWidget(), child<QWidget>("tokenView"));
}

void TestFindingsPanel::addCredentialFixOpensTheAuthTab()
{
    // The demo's Basic resource, asked without credentials: add them, as the server's challenge says.
    sendSaved(QStringLiteral("Demo · No auth"), QStringLiteral("/basic/resource"));
    Gui::FindingCard* card = panel()->card(QStringLiteral("credentials.missing"));
    QVERIFY2(card, qPrintable(codes(panel()).join(u',')));
    QPushButton* fix = nullptr;
    for (QPushButton* button : card->fixButtons()) {
        if (button->property("fixId").toString().startsWith(QStringLiteral("auth.")))
            fix = button;
    }
    QVERIFY2(fix, qPrintable(card->plainText()));
    auto* method = child<QComboBox>("authMethodCombo");
    QCOMPARE(method->currentData().toInt(), int(Auth::Method::None));

    QTest::mouseClick(fix, Qt::LeftButton);
    QCOMPARE(method->currentData().toInt(), int(Auth::Method::Basic));
    auto* requestTabs = child<QTabWidget>("requestTabs");
    QCOMPARE(requestTabs->currentWidget(), child<QWidget>("authTab"));
    QCOMPARE(m_window->focusWidget(), child<QLineEdit>("usernameEdit"));

    // Filled in and sent again, the request passes.
    QTest::keyClicks(child<QLineEdit>("usernameEdit"), Demo::DemoServer::basicUser());
    QTest::keyClicks(child<QLineEdit>("passwordEdit"), Demo::DemoServer::basicPassword());
    QSignalSpy finished(requests(), &Gui::RequestController::finished);
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(child<QLabel>("statusLabel")->text().contains(QStringLiteral("200")));
    QVERIFY(panel()->card(QStringLiteral("credentials.missing")) == nullptr);
}

void TestFindingsPanel::fixComparisonTakesOnlyTheResendsAnswer()
{
    const QDateTime sentAt = QDateTime::currentDateTimeUtc();
    const auto exchange = [](int status, const QDateTime& started) {
        Http::Exchange e;
        Http::Hop hop;
        hop.response.status = status;
        hop.timing.started = started;
        e.hops.append(hop);
        return e;
    };
    const Http::Exchange refused = exchange(403, sentAt.addSecs(-5));
    Diagnosis::Diagnosis refusedDiagnosis;
    refusedDiagnosis.headline.title = QStringLiteral("refused");
    Diagnosis::Diagnosis acceptedDiagnosis;
    acceptedDiagnosis.headline.title = QStringLiteral("accepted");

    // The answer: the first exchange shown that started after the resend went out.
    Gui::FixComparison comparison;
    QVERIFY(!comparison.isArmed());
    comparison.arm(refused, refusedDiagnosis, QStringLiteral("Sign for “execute-api” and send again"), sentAt);
    QVERIFY(comparison.isArmed());
    std::optional<Gui::ResendResult> result = comparison.take(exchange(200, sentAt.addMSecs(20)), acceptedDiagnosis);
    QVERIFY(result);
    QVERIFY(!comparison.isArmed());
    QCOMPARE(result->fix, QStringLiteral("Sign for “execute-api” and send again"));
    QCOMPARE(result->outcome.before->exchange.hops.constFirst().response.status, 403);
    QCOMPARE(result->outcome.before->diagnosis.headline.title, QStringLiteral("refused"));
    QCOMPARE(result->outcome.after->exchange.hops.constFirst().response.status, 200);
    QCOMPARE(result->outcome.after->diagnosis.headline.title, QStringLiteral("accepted"));
    QCOMPARE(result->outcome.summary, QStringLiteral("Sent again by the fix: Sign for “execute-api” and send again."));
    QVERIFY(!result->outcome.token);
    // Shown once: the next exchange is nobody's answer.
    QVERIFY(!comparison.take(exchange(200, sentAt.addSecs(1)), acceptedDiagnosis));

    // An older exchange shown meanwhile (another request's answer) ends the wait; the real answer after it is
    // then no comparison.
    comparison.arm(refused, refusedDiagnosis, QStringLiteral("Resend"), sentAt);
    QVERIFY(!comparison.take(exchange(401, sentAt.addSecs(-60)), refusedDiagnosis));
    QVERIFY(!comparison.isArmed());
    QVERIFY(!comparison.take(exchange(200, sentAt.addSecs(1)), acceptedDiagnosis));

    // The resend failed before a hop started (no connection): still its answer, shown beside the refusal.
    comparison.arm(refused, refusedDiagnosis, QStringLiteral("Resend"), sentAt);
    result = comparison.take(Http::Exchange {}, acceptedDiagnosis);
    QVERIFY(result);
    QVERIFY(result->outcome.after->exchange.hops.isEmpty());

    // A request never answered has nothing to compare with: no wait.
    comparison.arm(Http::Exchange {}, refusedDiagnosis, QStringLiteral("Resend"), sentAt);
    QVERIFY(!comparison.isArmed());
    // Disarmed by hand (the request shown has no answer yet).
    comparison.arm(refused, refusedDiagnosis, QStringLiteral("Resend"), sentAt);
    comparison.disarm();
    QVERIFY(!comparison.take(exchange(200, sentAt.addSecs(1)), acceptedDiagnosis));
}

void TestFindingsPanel::awsScopeFixSignsAgain()
{
    // The loop for AWS: signed for the wrong service, AWS's 403 names the right one, one click signs for it and
    // sends again.
    sendSaved(QStringLiteral("Demo · AWS Signature v4 (wrong service)"), QStringLiteral("/aws/resource"));
    QVERIFY(panel()->title().contains(u"AWS did not accept the signature"));
    Gui::FindingCard* card = panel()->card(QStringLiteral("aws.credential_scope"));
    QVERIFY2(card, qPrintable(codes(panel()).join(u',')));
    QCOMPARE(panel()->cards().first(), card);
    // AWS's own Credential=a/b/c form is not called malformed.
    QVERIFY2(!panel()->card(QStringLiteral("header.malformed")), qPrintable(codes(panel()).join(u',')));
    QPushButton* fix = nullptr;
    for (QPushButton* button : card->fixButtons()) {
        if (button->property("fixId").toString() == u"aws.set_scope")
            fix = button;
    }
    QVERIFY2(fix, qPrintable(card->plainText()));
    QVERIFY(fix->text().contains(u"execute-api"));
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("findings-aws-scope.png")));
    const QString fixLabel = fix->text(); // the click rebuilds the cards

    QSignalSpy finished(requests(), &Gui::RequestController::finished);
    QTest::mouseClick(fix, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY2(child<QLabel>("statusLabel")->text().contains(QStringLiteral("200")),
             qPrintable(child<QLabel>("statusLabel")->text()));
    QCOMPARE(child<Gui::RequestComposer>("composer")->authSettings().aws.service, QStringLiteral("execute-api"));
    QVERIFY(panel()->card(QStringLiteral("aws.credential_scope")) == nullptr);

    // Before and after: the 403 beside the 200, the scope each was signed for, and what the fix changed.
    auto* comparison = child<Gui::ResendComparison>("resendView");
    auto* inspectorTabs = child<QTabWidget>("inspectorTabs");
    QCOMPARE(inspectorTabs->currentWidget(), comparison);
    QCOMPARE(inspectorTabs->tabText(inspectorTabs->currentIndex()), QStringLiteral("Fix"));
    QVERIFY2(comparison->summaryText().contains(u"403 Forbidden → 200 OK"), qPrintable(comparison->summaryText()));
    // The label quotes the service itself: the summary does not quote it again.
    QVERIFY2(comparison->summaryText().contains(QStringLiteral("Sent again by the fix: %1.").arg(fixLabel)),
             qPrintable(comparison->summaryText()));
    const QString before = comparison->beforeView()->plainText();
    const QString after = comparison->afterView()->plainText();
    QVERIFY2(before.contains(u"us-east-1/lambda) (Authorization); signed at 20"), qPrintable(before));
    QVERIFY2(after.contains(u"us-east-1/execute-api) (Authorization); signed at 20"), qPrintable(after));
    QVERIFY2(comparison->changes().contains(QStringLiteral("Signed for: us-east-1/lambda → us-east-1/execute-api")),
             qPrintable(comparison->changes().join(u'\n')));
    QVERIFY(!comparison->transcriptView()->isVisibleTo(comparison)); // no token run here
    // No signature in the comparison: only its scope.
    const Http::Exchange exchange = finished.constFirst().constFirst().value<Http::Exchange>();
    const QByteArray signature
        = Auth::parseAwsAuthorization(Http::headerValue(exchange.hops.constFirst().request.headers, "Authorization"))
              .signature;
    QVERIFY(signature.size() == 64);
    for (const QString& text : {before, after, comparison->changes().join(u' ')})
        QVERIFY(!text.contains(QString::fromLatin1(signature)));
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("fix-before-after.png")));

    // A plain Send afterwards is no fix's answer: the tab goes, and does not come back.
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
    QVERIFY(!inspectorTabs->isTabVisible(inspectorTabs->indexOf(comparison)));
    QVERIFY(!comparison->hasResult());
}

void TestFindingsPanel::awsClockFixSignsByAwsTime()
{
    // This computer's clock an hour slow (as a VM after a suspend): AWS refuses the signature's time, and one click
    // signs by AWS's clock and sends again.
    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Demo · AWS Signature v4"), QStringLiteral("/aws/resource")));
    auto* composer = child<Gui::RequestComposer>("composer");
    QTRY_VERIFY(!composer->authSecrets().password.isEmpty()); // the secret key, from the keychain
    Auth::AuthSettings slow = composer->authSettings();
    slow.aws.clockOffsetSeconds = -3600;
    composer->setAuth(slow, composer->authSecrets());
    auto* clockLabel = child<QLabel>("awsClockLabel");
    QVERIFY(!clockLabel->isHidden());
    QVERIFY2(clockLabel->text().contains(u"1 h behind"), qPrintable(clockLabel->text()));
    auto* requestTabs = child<QTabWidget>("requestTabs");
    requestTabs->setCurrentIndex(requestTabs->count() - 1); // Auth
    QVERIFY2(requestTabs->tabText(requestTabs->currentIndex()).endsWith(u" · AWS's clock)"),
             qPrintable(requestTabs->tabText(requestTabs->currentIndex())));
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("composer-aws-clock.png")));
    requestTabs->setCurrentIndex(0);

    QSignalSpy finished(requests(), &Gui::RequestController::finished);
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(panel()->title().contains(u"AWS did not accept the signature"));
    QCOMPARE(panel()->cards().first()->finding().code, QString(Diagnosis::Code::ClockSkew));
    QPushButton* fix = fixButton(QStringLiteral("clock.skew"), QStringLiteral("aws.use_server_clock"));
    QVERIFY2(fix, qPrintable(codes(panel()).join(u',')));
    QVERIFY2(fix->text().contains(u"1 h ahead"), qPrintable(fix->text()));
    QVERIFY(Test::saveScreenshot(m_window.get(), QStringLiteral("findings-aws-clock.png")));

    QTest::mouseClick(fix, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
    QVERIFY2(child<QLabel>("statusLabel")->text().contains(QStringLiteral("200")),
             qPrintable(child<QLabel>("statusLabel")->text()));
    // The comparison shows the signing time the fix moved by AWS's hour.
    const QStringList changes = child<Gui::ResendComparison>("resendView")->changes();
    const auto signedAt = [&finished](int index) {
        return QString::fromLatin1(Http::headerValue(
            finished.at(index).constFirst().value<Http::Exchange>().hops.constFirst().request.headers, "X-Amz-Date"));
    };
    QVERIFY2(changes.contains(QStringLiteral("X-Amz-Date: %1 → %2").arg(signedAt(0), signedAt(1))),
             qPrintable(changes.join(u'\n')));
    // -1 h plus the hour AWS measured: this computer's real clock, give or take the second the request took.
    const qint64 offset = composer->authSettings().aws.clockOffsetSeconds;
    QVERIFY2(std::abs(offset) <= 2, qPrintable(QString::number(offset)));
    QCOMPARE(clockLabel->isHidden(), offset == 0);
    // Session state, never saved: the request has no unsaved change, even while signing by AWS's clock.
    Auth::AuthSettings ahead = composer->authSettings();
    ahead.aws.clockOffsetSeconds = 120;
    composer->setAuth(ahead, composer->authSecrets());
    QVERIFY(!child<Gui::SidebarPanel>("sidebar")->isRequestModified(composer->profileId(), composer->savedRequestId()));

    // The line's link goes back to this computer's clock.
    QVERIFY(!clockLabel->isHidden());
    Q_EMIT clockLabel->linkActivated(QStringLiteral("#local-clock"));
    QCOMPARE(composer->authSettings().aws.clockOffsetSeconds, 0);
    QVERIFY(clockLabel->isHidden());

    // The bound the CLI has too: AWS's clock more than a week away is no skew to sign around, and neither is
    // a sum of fixes beyond it.
    const auto useClock = [](double seconds) {
        return actionFix(QStringLiteral("aws.use_server_clock"), {{QStringLiteral("seconds"), seconds}});
    };
    const qint64 week = Auth::AwsSettings::MaxClockOffsetSeconds;
    QVERIFY(fixes()->canPerform(useClock(double(week))));
    QVERIFY(fixes()->canPerform(useClock(-double(week))));
    QVERIFY(!fixes()->canPerform(useClock(double(week + 1))));
    QVERIFY(!fixes()->canPerform(useClock(-double(week + 1))));
    QVERIFY(!fixes()->canPerform(actionFix(QStringLiteral("aws.use_server_clock"))));
    Auth::AuthSettings far = composer->authSettings();
    far.aws.clockOffsetSeconds = week - 60;
    composer->setAuth(far, composer->authSecrets());
    QVERIFY(!fixes()->canPerform(useClock(120)));
    QVERIFY(fixes()->canPerform(useClock(-120)));
    far.aws.clockOffsetSeconds = 0;
    composer->setAuth(far, composer->authSecrets());
}

void TestFindingsPanel::adviceNeverRendersAsButton()
{
    // One finding with every kind of fix: only the action the window performs is a button.
    Finding finding = Diagnosis::makeFinding(Diagnosis::Code::RateLimited, 0);
    finding.explanation = QStringLiteral("Synthetic finding for the panel test.");
    finding.fixes = {
        actionFix(QStringLiteral("request.resend")),
        Fix {QStringLiteral("request.resend"), QStringLiteral("Resend, as advice"), FixKind::Advice, {}},
        Fix {QStringLiteral("advice.wait"), QStringLiteral("Wait a minute"), FixKind::Advice, {}},
        actionFix(QStringLiteral("token.refresh")), // comes with a later issue: no dead button
        actionFix(QStringLiteral("no.such.action")),
    };
    Diagnosis::Diagnosis diagnosis;
    diagnosis.headline.status = 429;
    diagnosis.headline.title = QStringLiteral("429");
    diagnosis.findings = {finding};
    panel()->showDiagnosis(diagnosis, 1);

    const QList<Gui::FindingCard*> cards = panel()->cards();
    QCOMPARE(cards.size(), 1);
    const QList<QPushButton*> buttons = cards.first()->fixButtons();
    QCOMPARE(buttons.size(), 1);
    QCOMPARE(buttons.first()->property("fixId").toString(), QStringLiteral("request.resend"));
    QCOMPARE(cards.first()->findChildren<QPushButton*>().size(), 1);
    // The advice is there, as text.
    QCOMPARE(cards.first()->findChildren<QLabel*>(QStringLiteral("fixAdvice")).size(), 4);
}

void TestFindingsPanel::cookieFixesResendWithoutAndClear()
{
    // Log in to the demo's cookie session: the profile's jar holds its session cookie.
    const Profiles::Profile* profile = m_window->session()->findProfileByName(QStringLiteral("Demo · Cookie session"));
    QVERIFY(profile);
    const auto login = std::find_if(profile->requests.cbegin(), profile->requests.cend(),
                                    [](const Profiles::SavedRequest& r) { return r.method == "POST"; });
    QVERIFY(login != profile->requests.cend());
    QVERIFY(m_window->selectSavedRequest(profile->name, QStringLiteral("/session/login")));
    m_window->findChild<Gui::RequestComposer*>()->loadSavedRequest(*login);
    QCOMPARE(child<QComboBox>("methodCombo")->currentText(), QStringLiteral("POST"));
    QSignalSpy finished(requests(), &Gui::RequestController::finished);
    QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(m_window->selectSavedRequest(profile->name, QStringLiteral("/session/resource")));
    const auto firstHop = [&finished](int index) -> Http::Hop {
        const Http::Exchange exchange = finished.at(index).first().value<Http::Exchange>();
        return exchange.hops.isEmpty() ? Http::Hop() : exchange.hops.first();
    };

    // Resend without the jar: no cookie goes out.
    fixes()->perform(Finding(), actionFix(QStringLiteral("cookies.resend_without")));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
    QVERIFY(firstHop(1).cookies.sent.isEmpty());
    QVERIFY(!Http::hasHeader(firstHop(1).request.headers, "Cookie"));
    // This request had no answer yet when the fix acted (the login had, a request before): nothing to compare.
    auto* comparison = child<Gui::ResendComparison>("resendView");
    QVERIFY(!comparison->hasResult());

    // The jar kept its cookie: a plain resend carries it again.
    fixes()->perform(Finding(), actionFix(QStringLiteral("request.resend")));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 10000);
    QVERIFY(!firstHop(2).cookies.sent.isEmpty());
    QVERIFY(comparison->hasResult());
    QVERIFY2(comparison->changes().size() == 1 && comparison->changes().constFirst().startsWith(u"Cookie: added ("),
             qPrintable(comparison->changes().join(u'\n')));
    QVERIFY(!comparison->changes().constFirst().contains(
        QString::fromLatin1(firstHop(2).cookies.sent.constFirst().value()))); // a credential: masked

    // Clear the jar and resend: the request goes out again, without the cookie, for good.
    fixes()->perform(Finding(), actionFix(QStringLiteral("cookies.clear_and_resend")));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 10000);
    QVERIFY(firstHop(3).cookies.sent.isEmpty());
    QVERIFY2(comparison->changes().contains(QStringLiteral("Cookie: no longer sent")),
             qPrintable(comparison->changes().join(u'\n')));
    fixes()->perform(Finding(), actionFix(QStringLiteral("request.resend")));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 5, 10000);
    QVERIFY(firstHop(4).cookies.sent.isEmpty());
}

void TestFindingsPanel::digestStaleCardResendsWithTheNewNonce()
{
    // A Digest server that answers every response with stale=true until told otherwise: the engine
    // answers the challenge and retries once after stale (RFC 7616 §3.3), so the exchange ends on a
    // stale 401 and the card offers "Resend with the new nonce".
    Test::RawHttpServer server;
    bool accept = false;
    int nonce = 0;
    server.setHandler([&accept, &nonce](const QByteArray& raw) {
        const bool answered = raw.contains("\r\nAuthorization: Digest ");
        if (answered && accept)
            return Test::RawHttpServer::simple(200, "OK", {{"Content-Type", "application/json"}}, "{\"ok\":true}");
        QByteArray challenge = "Digest realm=\"stale-test\", qop=\"auth\", algorithm=SHA-256, nonce=\"n"
            + QByteArray::number(++nonce) + '"';
        if (answered)
            challenge += ", stale=true";
        return Test::RawHttpServer::simple(401, "Unauthorized", {{"WWW-Authenticate", challenge}});
    });
    QVERIFY(server.listen());

    Profiles::Profile profile;
    profile.name = QStringLiteral("Stale Digest");
    profile.baseUrl = server.url().toString();
    profile.auth.method = Auth::Method::Digest;
    profile.auth.username = QStringLiteral("ana");
    profile.sessionSecrets.password = QStringLiteral("right-password");
    Profiles::SavedRequest request;
    request.name = QStringLiteral("Resource");
    request.url = QStringLiteral("/resource");
    profile.requests = {request};
    QString error;
    QVERIFY2(!Test::saveProfile(m_window->session(), profile, &error).isEmpty(), qPrintable(error));
    sendSaved(profile.name, request.url);

    Gui::FindingCard* card = panel()->card(QStringLiteral("digest.stale"));
    QVERIFY2(card, qPrintable(codes(panel()).join(u',')));
    QPushButton* resend = nullptr;
    for (QPushButton* button : card->fixButtons()) {
        if (button->property("fixId").toString() == u"digest.resend")
            resend = button;
    }
    QVERIFY2(resend, qPrintable(card->plainText()));
    QVERIFY(child<QLabel>("statusLabel")->text().contains(QStringLiteral("401")));
    const qsizetype before = server.requests().size();
    QCOMPARE(before, 3); // no credentials, the answer, the retry after stale

    // The server now takes the next right answer: one click resends, and the card is gone.
    accept = true;
    QSignalSpy finished(requests(), &Gui::RequestController::finished);
    QTest::mouseClick(resend, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    const Http::Exchange after = finished.first().first().value<Http::Exchange>();
    QVERIFY(!after.hops.isEmpty());
    QCOMPARE(after.hops.constLast().response.status, 200);
    QVERIFY(server.requests().size() > before);
    QVERIFY(server.requests().constLast().contains("Authorization: Digest username=\"ana\""));
    QVERIFY(child<QLabel>("statusLabel")->text().contains(QStringLiteral("200")));
    QTRY_VERIFY(panel()->card(QStringLiteral("digest.stale")) == nullptr);
}

void TestFindingsPanel::resendAfterCountsDownAndCancels()
{
    sendSaved(QStringLiteral("Demo · No auth"), QStringLiteral("/ratelimited"));
    QSignalSpy finished(requests(), &Gui::RequestController::finished);

    // A long wait can be cancelled: nothing is sent.
    fixes()->perform(Finding(), actionFix(QStringLiteral("request.resend_after"), {{QStringLiteral("seconds"), 30}}));
    QVERIFY(fixes()->isCountingDown());
    auto* cancel = child<QPushButton>("cancelCountdownButton");
    QVERIFY(cancel->isVisible());
    QVERIFY(child<QWidget>("countdownBanner")->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(!fixes()->isCountingDown());
    QVERIFY(!child<QWidget>("countdownBanner")->isVisible());

    // A short one sends when it reaches zero.
    fixes()->perform(Finding(), actionFix(QStringLiteral("request.resend_after"), {{QStringLiteral("seconds"), 1}}));
    QVERIFY(fixes()->isCountingDown());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QVERIFY(!fixes()->isCountingDown());
    // Waits nobody watches are not offered as a button.
    QVERIFY(
        !fixes()->canPerform(actionFix(QStringLiteral("request.resend_after"), {{QStringLiteral("seconds"), 86400}})));
}

void TestFindingsPanel::allowOriginAsksFirst()
{
    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Demo · Basic"), QStringLiteral("/redirect/cross-origin")));
    const QString origin = QStringLiteral("http://127.0.0.1:1");
    const Fix fix = actionFix(QStringLiteral("profile.allow_origin"), {{QStringLiteral("origin"), origin}});
    QVERIFY(fixes()->canPerform(fix));
    const auto allowed = [this, origin]() -> bool {
        return m_window->session()
            ->findProfileByName(QStringLiteral("Demo · Basic"))
            ->allowedOrigins.contains(Http::Origin::fromUrl(QUrl(origin)));
    };

    // Cancelled: nothing changes.
    Gui::Dialogs::setNextAnswer(QMessageBox::Cancel);
    fixes()->perform(Finding(), fix);
    QVERIFY(Gui::Dialogs::lastQuestion().contains(origin));
    QVERIFY(!allowed());

    // Confirmed: the origin is allowed for the profile (a demo profile: for this session).
    Gui::Dialogs::setNextAnswer(QMessageBox::Yes);
    fixes()->perform(Finding(), fix);
    QVERIFY(allowed());

    // A stored profile is saved with it, its secrets kept.
    Profiles::Profile stored;
    stored.name = QStringLiteral("Stored API");
    stored.baseUrl = m_window->session()->demoUrl().toString();
    stored.auth.method = Auth::Method::Basic;
    stored.auth.username = QStringLiteral("demo");
    stored.sessionSecrets.password = QStringLiteral("kept-secret");
    Profiles::SavedRequest request;
    request.name = QStringLiteral("Redirect");
    request.url = QStringLiteral("/redirect/cross-origin");
    stored.requests = {request};
    QString error;
    const QString id = Test::saveProfile(m_window->session(), stored, &error);
    QVERIFY2(!id.isEmpty(), qPrintable(error));
    QVERIFY(m_window->selectSavedRequest(QStringLiteral("Stored API"), QStringLiteral("/redirect/cross-origin")));
    QSignalSpy saved(m_window->session(), &Gui::Session::profileSaved);
    Gui::Dialogs::setNextAnswer(QMessageBox::Yes);
    fixes()->perform(Finding(), fix);
    QTRY_COMPARE(saved.size(), 1);
    const Profiles::Profile* profile = m_window->session()->findProfile(id);
    QVERIFY(profile->allowedOrigins.contains(Http::Origin::fromUrl(QUrl(origin))));
    QCOMPARE(profile->sessionSecrets.password, QStringLiteral("kept-secret"));
}

void TestFindingsPanel::clockOffsetShowsTheNumbers()
{
    sendSaved(QStringLiteral("Demo · Bearer (expired token)"), QStringLiteral("/api/profile"));
    const QList<Http::Hop> hops = [this] {
        QSignalSpy finished(requests(), &Gui::RequestController::finished);
        QTest::mouseClick(child<QPushButton>("sendButton"), Qt::LeftButton);
        [[maybe_unused]] const bool done = QTest::qWaitFor([&] { return finished.size() == 1; }, 10000);
        return finished.isEmpty() ? QList<Http::Hop>() : finished.first().first().value<Http::Exchange>().hops;
    }();
    QCOMPARE(hops.size(), 1);
    const QByteArray date = Http::headerValue(hops.first().response.headers, "Date");
    QVERIFY(!date.isEmpty());

    fixes()->perform(panel()->cards().first()->finding(),
                     actionFix(QStringLiteral("clock.show_offset"), {{QStringLiteral("seconds"), 125}}));
    const QString notice = panel()->noticeText();
    QVERIFY2(notice.contains(QStringLiteral("+125 s")), qPrintable(notice));
    QVERIFY2(notice.contains(QString::fromLatin1(date)), qPrintable(notice));
    QVERIFY(panel()->cards().first()->isVisible()); // the card stays under the note
    QVERIFY(Test::saveScreenshot(panel(), QStringLiteral("findings-clock-offset.png")));

    // A server whose clock is behind this one: a negative number, told as such (not "the clocks agree").
    fixes()->perform(panel()->cards().first()->finding(),
                     actionFix(QStringLiteral("clock.show_offset"), {{QStringLiteral("seconds"), -3700}}));
    const QString behind = panel()->noticeText();
    QVERIFY2(behind.contains(QStringLiteral("1 h 1 min behind this machine's (-3700 s)")), qPrintable(behind));
}

void TestFindingsPanel::verifySignatureFetchesTheIssuersKeys()
{
    // The issuer rotates its signing key: the valid-looking token is refused. The panel offers to check the
    // signature; the click fetches the issuer's keys by discovery (from iss) and the diagnosis, run again
    // with them, proves it: the kid is no longer in the JWKS.
    m_window->session()->demoServer()->rotateSigningKey();
    sendSaved(QStringLiteral("Demo · Bearer (valid token)"), QStringLiteral("/api/profile"));
    Gui::FindingCard* card = panel()->card(QStringLiteral("token.signature"));
    QVERIFY2(card, qPrintable(codes(panel()).join(u',')));
    QPushButton* verify = nullptr;
    for (QPushButton* button : card->fixButtons()) {
        if (button->property("fixId").toString() == u"token.verify_signature")
            verify = button;
    }
    QVERIFY2(verify, qPrintable(card->plainText()));
    QTest::mouseClick(verify, Qt::LeftButton);
    auto* tabs = child<QTabWidget>("inspectorTabs");
    QCOMPARE(tabs->currentWidget(), child<QWidget>("tokenView"));
    QTRY_VERIFY_WITH_TIMEOUT(panel()->card(QStringLiteral("token.signature"))
                                 && panel()->card(QStringLiteral("token.signature"))->finding().reason
                                     == u"kid_unknown",
                             10000);
    const Diagnosis::Finding& proven = panel()->card(QStringLiteral("token.signature"))->finding();
    QCOMPARE(proven.severity, Diagnosis::Severity::Cause);
    QCOMPARE(codes(panel()).constFirst(), QStringLiteral("token.signature"));
    // The keys stay for the session: the next send is judged with them at once.
    sendSaved(QStringLiteral("Demo · Bearer (valid token)"), QStringLiteral("/api/orders"));
    QVERIFY(panel()->card(QStringLiteral("token.signature")));
    QCOMPARE(panel()->card(QStringLiteral("token.signature"))->finding().reason, QStringLiteral("kid_unknown"));
}

void TestFindingsPanel::cardsFitNarrowDocks_data()
{
    QTest::addColumn<int>("width");
    QTest::newRow("300 px") << 300;
    QTest::newRow("400 px") << 400;
    QTest::newRow("500 px") << 500;
}

void TestFindingsPanel::cardsFitNarrowDocks()
{
    QFETCH(int, width);
    // Long unbroken excerpts (a URL, a header value), several evidence links, buttons and advice.
    Finding finding = Diagnosis::makeFinding(Diagnosis::Code::RedirectCredentialsDropped, 1);
    finding.explanation
        = QStringLiteral("Authorization was withheld at the redirect to "
                         "http://127.0.0.1:45603/.well-known/oauth-protected-resource/with/a/long/path");
    Evidence location;
    location.kind = EvidenceKind::Header;
    location.hop = 0;
    location.side = Diagnosis::Side::Response;
    location.name = QStringLiteral("Location");
    location.excerpt = QStringLiteral("http://127.0.0.1:45603/.well-known/oauth-protected-resource?resource="
                                      "https%3A%2F%2Fapi.example.com%2Fv1%2Forders%2F1234567890");
    location.note = QStringLiteral("the redirect");
    Evidence withheld = location;
    withheld.kind = EvidenceKind::Hop;
    withheld.hop = 1;
    withheld.name = QStringLiteral("Authorization");
    withheld.excerpt = QStringLiteral("Bearer •••• (812 chars)");
    finding.evidence = {location, withheld};
    finding.fixes
        = {actionFix(QStringLiteral("profile.allow_origin"),
                     {{QStringLiteral("origin"), QStringLiteral("http://127.0.0.1:45603")}}),
           actionFix(QStringLiteral("cookies.clear_and_resend")), actionFix(QStringLiteral("request.resend")),
           Fix {QStringLiteral("advice.request_target"),
                QStringLiteral("Request http://127.0.0.1:45603/.well-known/oauth-protected-resource directly"),
                FixKind::Advice,
                {}}};
    Finding second = Diagnosis::makeFinding(Diagnosis::Code::ClockSkew, 1);
    second.explanation = QStringLiteral("The clocks differ.");
    second.fixes = {actionFix(QStringLiteral("clock.show_offset"), {{QStringLiteral("seconds"), -3700}})};
    Diagnosis::Diagnosis diagnosis;
    diagnosis.headline.status = 401;
    diagnosis.headline.isAuthFailure = true;
    diagnosis.headline.title = QStringLiteral("401 Unauthorized — who are you?");
    diagnosis.headline.summary = QStringLiteral("The server does not know who you are.");
    diagnosis.findings = {finding, second};

    auto* dock = child<QWidget>("diagnosisDock");
    m_window->resizeDocks({qobject_cast<QDockWidget*>(dock)}, {width}, Qt::Horizontal);
    panel()->showDiagnosis(diagnosis, 2);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QTRY_VERIFY(std::abs(dock->width() - width) <= 2);
    auto* scroll = child<QScrollArea>("findingsScroll");
    const int viewport = scroll->viewport()->width();
    QVERIFY(viewport > 200);

    // Nothing is wider than the dock, and every label is as tall as its wrapped text needs.
    const QList<Gui::FindingCard*> cards = panel()->cards();
    QCOMPARE(cards.size(), 2);
    QTRY_VERIFY(cards.first()->width() > viewport / 2); // laid out
    for (const Gui::FindingCard* card : cards) {
        QVERIFY2(card->width() <= viewport, qPrintable(QStringLiteral("%1 > %2").arg(card->width()).arg(viewport)));
        const QList<QLabel*> labels = card->findChildren<QLabel*>();
        for (const QLabel* label : labels) {
            QVERIFY2(label->geometry().right() <= card->contentsRect().right(),
                     qPrintable(QStringLiteral("%1: %2 > %3 (card %4)")
                                    .arg(label->text())
                                    .arg(label->geometry().right())
                                    .arg(card->contentsRect().right())
                                    .arg(card->width())));
            if (label->wordWrap())
                QVERIFY2(label->height() >= label->heightForWidth(label->width()), qPrintable(label->text()));
        }
        const QList<QPushButton*> buttons = card->fixButtons();
        for (const QPushButton* button : buttons) {
            QVERIFY2(button->geometry().right() <= card->contentsRect().right(), qPrintable(button->text()));
            QVERIFY(button->width() >= button->sizeHint().width()); // no button text cut off
        }
    }
    QVERIFY(Test::saveScreenshot(panel(), QStringLiteral("findings-%1px.png").arg(width)));
}

QTEST_MAIN(TestFindingsPanel)
#include "TestFindingsPanel.moc"
