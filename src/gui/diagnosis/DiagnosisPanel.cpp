#include "diagnosis/DiagnosisPanel.h"

#include "common/DisplayFormat.h"
#include "common/StatusPalette.h"
#include "diagnosis/EvidenceLink.h"
#include "ui_DiagnosisPanel.h"

#include <QEvent>
#include <QPushButton>
#include <QTextDocument>

namespace Authlens::Gui {

DiagnosisPanel::DiagnosisPanel(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::DiagnosisPanel>())
{
    m_ui->setupUi(this);
    QFont titleFont = m_ui->diagnosisTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_ui->diagnosisTitle->setFont(titleFont);
    // The scroll area's background is the window's, so cards stand out as cards.
    m_ui->findingsScroll->viewport()->setAutoFillBackground(false);
    m_ui->findingsContainer->setAutoFillBackground(false);
    m_ui->countdownBanner->setKind(Banner::Kind::Info);
    QPushButton* cancel = m_ui->countdownBanner->addButton(tr("Cancel"), QStringLiteral("cancelCountdownButton"));
    connect(cancel, &QPushButton::clicked, this, &DiagnosisPanel::countdownCancelled);
    m_ui->countdownBanner->hide();
    m_ui->noticeBanner->setClosable(true);
    m_ui->noticeBanner->hide();
    showWelcome();
}

DiagnosisPanel::~DiagnosisPanel() = default;

void DiagnosisPanel::setCanPerform(FindingCard::CanPerform canPerform)
{
    m_canPerform = std::move(canPerform);
}

QString DiagnosisPanel::title() const
{
    return m_ui->diagnosisTitle->text();
}

QString DiagnosisPanel::bodyText() const
{
    QStringList parts;
    if (!m_ui->diagnosisSummary->text().isEmpty())
        parts.append(m_ui->diagnosisSummary->text());
    if (!m_ui->diagnosisMessage->isHidden()) {
        QTextDocument document;
        document.setHtml(m_ui->diagnosisMessage->text());
        parts.append(document.toPlainText());
    }
    for (const FindingCard* card : m_cards)
        parts.append(card->plainText());
    return parts.join(QStringLiteral("\n\n")).remove(QChar(0x200B));
}

FindingCard* DiagnosisPanel::card(const QString& code) const
{
    for (FindingCard* card : m_cards) {
        if (card->finding().code == code)
            return card;
    }
    return nullptr;
}

void DiagnosisPanel::setTitle(const QString& title, std::optional<StatusPalette::Outcome> outcome)
{
    m_ui->diagnosisTitle->setText(title);
    m_titleOutcome = outcome;
    applyTitleColor();
}

void DiagnosisPanel::applyTitleColor()
{
    m_ui->diagnosisTitle->setStyleSheet(
        m_titleOutcome ? QStringLiteral("color: %1;").arg(StatusPalette::color(*m_titleOutcome, palette()).name())
                       : QString());
}

QColor DiagnosisPanel::titleColor() const
{
    return m_titleOutcome ? StatusPalette::color(*m_titleOutcome, palette()) : palette().color(QPalette::WindowText);
}

void DiagnosisPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange && m_ui && m_ui->diagnosisTitle && !m_applyingColors) {
        m_applyingColors = true;
        applyTitleColor(); // the title's colour is in a style sheet: follow a theme change
        m_applyingColors = false;
    }
    QWidget::changeEvent(event);
}

void DiagnosisPanel::setMessage(const QString& html)
{
    m_ui->diagnosisMessage->setText(html);
    m_ui->diagnosisMessage->setVisible(!html.isEmpty());
}

void DiagnosisPanel::clearCards()
{
    m_showingWelcome = false;
    for (FindingCard* card : std::as_const(m_cards))
        delete card;
    m_cards.clear();
}

void DiagnosisPanel::showWelcome()
{
    clearCards();
    hideNotice();
    m_showingWelcome = true;
    m_verdict = StatusPalette::Outcome::Pending;
    setTitle(tr("How to use Authlens"), std::nullopt);
    m_ui->diagnosisSummary->setText(tr("Authlens sends a request and, when the answer is a 401 or a 403, says why "
                                       "— from the evidence in the exchange — and offers the fix."));
    setMessage(
        (m_demoRunning
             ? tr("<ol><li>The demo API is running on 127.0.0.1: a local API with real 401s, 403s and "
                  "redirects. Its profiles are in the sidebar.</li>")
             : tr("<ol>"
                  "<li><b>Help → Start demo API</b> (or start with <code>authlens --demo</code>). A local API "
                  "with real 401s, 403s and redirects starts on 127.0.0.1 and its profiles appear in the "
                  "sidebar.</li>"))
        + tr(
            "<li>Pick a request under a profile, e.g. <i>Demo · OAuth 2 (expired token, refresh works)</i> → "
            "<i>/api/profile</i>. The profile's credentials fill the <b>Auth</b> tab.</li>"
            "<li>Press <b>Send</b> (Ctrl+Return). Status, body, headers, cookies, every redirect hop and the TLS "
            "connection appear under the composer.</li>"
            "<li>This panel then lists the findings, the most certain first. Click a piece of evidence to see it in "
            "the inspector; a fix button does what it says.</li>"
            "<li>On the expired token, press <b>Refresh token &amp; resend</b>: the 401 and the new answer appear side "
            "by side in the inspector's <b>Refresh</b> tab.</li>"
            "</ol>"
            "<p>Credentials only go to the origins a profile allows. The <b>Redirects</b> tab shows, hop by hop, what "
            "Authlens withheld and why.</p>"));
}

void DiagnosisPanel::setDemoRunning(bool running)
{
    const bool welcome = m_showingWelcome;
    m_demoRunning = running;
    if (welcome)
        showWelcome(); // the first steps no longer ask to start what runs
}

void DiagnosisPanel::showNotSent()
{
    clearCards();
    hideNotice();
    m_verdict = StatusPalette::Outcome::Pending;
    setTitle(tr("Not sent yet"), StatusPalette::Outcome::Pending);
    m_ui->diagnosisSummary->setText(
        tr("This request has no response yet. Send it (Ctrl+Return): its findings appear here, with evidence and "
           "fixes."));
    setMessage({});
}

void DiagnosisPanel::showSending()
{
    clearCards();
    hideNotice();
    m_verdict = StatusPalette::Outcome::Pending;
    setTitle(tr("Waiting for the response…"), StatusPalette::Outcome::Pending);
    m_ui->diagnosisSummary->setText(tr("The findings appear when the response arrives."));
    setMessage({});
}

void DiagnosisPanel::showDiagnosis(const Diagnosis::Diagnosis& diagnosis, int hopCount)
{
    clearCards();
    hideNotice();
    const Diagnosis::Headline& headline = diagnosis.headline;
    m_verdict = StatusPalette::outcomeOf(diagnosis);
    if (m_verdict == StatusPalette::Outcome::SuccessWithProblem) {
        // A 2xx that is not what it looks like (a login page, credentials that never arrived): the words say
        // so as well as the colour.
        setTitle(tr("%1 — but with a problem").arg(headline.title), m_verdict);
        m_ui->diagnosisSummary->setText(breakableText(
            tr("The server answered with success, yet the findings below show a problem: the answer may not be "
               "the one the request was meant to get, or not for the credentials it was sent with.")));
    } else {
        setTitle(headline.title, m_verdict);
        m_ui->diagnosisSummary->setText(breakableText(headline.summary));
    }

    if (diagnosis.findings.isEmpty()) {
        setMessage(headline.isAuthFailure || headline.isError
                       ? tr("<p>No finding: nothing in this exchange points at a specific cause. Check the "
                            "<b>Auth</b> tab for the challenge and what was sent.</p>")
                       : tr("<p>No finding: nothing in this exchange points at an authentication problem.</p>"));
    } else {
        setMessage({});
    }
    // Cards go above the spacer that keeps them at the top.
    auto* layout = m_ui->findingsLayout;
    const int insertAt = layout->indexOf(m_ui->diagnosisMessage) + 1;
    for (qsizetype i = 0; i < diagnosis.findings.size(); ++i) {
        auto* card = new FindingCard(diagnosis.findings.at(i), hopCount, m_canPerform, m_ui->findingsContainer);
        layout->insertWidget(insertAt + int(i), card);
        card->show(); // at once: a layout shows a widget added to a visible parent only on the next event loop pass
        m_cards.append(card);
        connect(card, &FindingCard::evidenceActivated, this, &DiagnosisPanel::evidenceActivated);
        connect(card, &FindingCard::fixTriggered, this,
                [this, card](const Diagnosis::Fix& fix) { Q_EMIT fixRequested(card->finding(), fix); });
    }
    m_ui->findingsScroll->ensureVisible(0, 0);
    Q_EMIT verdictChanged(m_verdict);
}

void DiagnosisPanel::showCountdown(const QString& text)
{
    m_ui->countdownBanner->setText(text);
    m_ui->countdownBanner->show();
}

void DiagnosisPanel::hideCountdown()
{
    m_ui->countdownBanner->hide();
}

void DiagnosisPanel::showNotice(const QString& text, Banner::Kind kind)
{
    m_ui->noticeBanner->setKind(kind);
    m_ui->noticeBanner->setText(text);
    m_ui->noticeBanner->show();
}

void DiagnosisPanel::hideNotice()
{
    m_ui->noticeBanner->hide();
}

void DiagnosisPanel::addSignInPrompt(QWidget* prompt)
{
    m_ui->diagnosisLayout->insertWidget(m_ui->diagnosisLayout->indexOf(m_ui->countdownBanner) + 1, prompt);
}

QString DiagnosisPanel::noticeText() const
{
    return m_ui->noticeBanner->isHidden() ? QString() : m_ui->noticeBanner->text();
}

} // namespace Authlens::Gui
