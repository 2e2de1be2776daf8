#pragma once

#include "common/Banner.h"
#include "common/StatusPalette.h"
#include "diagnosis/Diagnoser.h"
#include "diagnosis/FindingCard.h"

#include <QList>
#include <QWidget>

#include <memory>
#include <optional>

namespace Ui {
class DiagnosisPanel;
}

namespace Authlens::Gui {

/// The findings panel (the Diagnosis dock): above, the headline of the last exchange's diagnosis (401
/// "who are you?", 403 "I know you, and no"); below, one card per finding in the Diagnoser's order,
/// severity first. Evidence links and fix buttons are signals: the inspector selects the evidence,
/// FixController performs the fixes. Before any request it says how to start.
class DiagnosisPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagnosisPanel)
public:
    explicit DiagnosisPanel(QWidget* parent = nullptr);
    ~DiagnosisPanel() override;

    /// Which action fixes get a button (FindingCard::CanPerform); without one, none does.
    void setCanPerform(FindingCard::CanPerform canPerform);

    /// Shows the diagnosis of an exchange of `hopCount` hops.
    void showDiagnosis(const Diagnosis::Diagnosis& diagnosis, int hopCount);
    void showSending();
    /// The welcome's first step: "start the demo API", or that it runs.
    void setDemoRunning(bool running);
    /// The empty state of a request that has no response yet.
    void showNotSent();
    void showWelcome();

    /// A strip above the findings with a Cancel button (a resend that waits); hideCountdown() removes it.
    void showCountdown(const QString& text);
    void hideCountdown();
    /// A dismissable note above the findings (what a fix found out, e.g. the clock offset).
    void showNotice(const QString& text, Banner::Kind kind = Banner::Kind::Info);
    void hideNotice();
    QString noticeText() const;
    /// Places `prompt` (the browser sign-in's SignInPrompt, issue 11) above the findings, under the countdown
    /// strip; the panel takes it as a child. It shows and hides itself.
    void addSignInPrompt(QWidget* prompt);

    QString title() const;
    /// The colour the title is drawn in (StatusPalette for the panel's palette).
    QColor titleColor() const;
    /// What the last diagnosis shown means (StatusPalette::outcomeOf): Pending before any.
    StatusPalette::Outcome verdict() const { return m_verdict; }
    /// The headline summary, the message and every card as plain text.
    QString bodyText() const;
    QList<FindingCard*> cards() const { return m_cards; }
    /// The first card of `code`, or nullptr.
    FindingCard* card(const QString& code) const;

Q_SIGNALS:
    void evidenceActivated(const Authlens::Diagnosis::Evidence& evidence);
    void fixRequested(const Authlens::Diagnosis::Finding& finding, const Authlens::Diagnosis::Fix& fix);
    void countdownCancelled();
    /// showDiagnosis() decided what the answer means: a 2xx with a cause or likely finding is
    /// SuccessWithProblem. ResponseInspector::setVerdict takes it, so both say the same.
    void verdictChanged(Authlens::Gui::StatusPalette::Outcome verdict);

protected:
    void changeEvent(QEvent* event) override;

private:
    void setTitle(const QString& title, std::optional<StatusPalette::Outcome> outcome);
    void applyTitleColor();
    void setMessage(const QString& html);
    void clearCards();

    const std::unique_ptr<Ui::DiagnosisPanel> m_ui;
    FindingCard::CanPerform m_canPerform;
    bool m_demoRunning = false; ///< the welcome's first step then says so instead of asking to start it
    bool m_showingWelcome = false;
    QList<FindingCard*> m_cards;
    std::optional<StatusPalette::Outcome> m_titleOutcome; ///< none: the theme's text colour
    StatusPalette::Outcome m_verdict = StatusPalette::Outcome::Pending;
    bool m_applyingColors = false;
};

} // namespace Authlens::Gui
