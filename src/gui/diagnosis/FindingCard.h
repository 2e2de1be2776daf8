#pragma once

#include "diagnosis/Finding.h"

#include <QFrame>
#include <QList>

#include <functional>

class QLabel;
class QPushButton;

namespace Authlens::Gui {

class EvidenceLink;

/// One finding of the findings panel: a severity badge and the title, the explanation in plain words,
/// the evidence as links into the inspector, a button per action the application can perform, and the
/// advice as text. Wraps to any dock width from 300 px on; nothing is cut off. The finding's id (its
/// catalog code) is in the tooltip and the "Copy Finding Id" context action, not in the visible text.
class FindingCard final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindingCard)
public:
    /// Says whether the application can perform an action fix (FixController::canPerform); actions it
    /// cannot perform are shown as advice, never as a button that does nothing.
    using CanPerform = std::function<bool(const Diagnosis::Fix&)>;

    FindingCard(const Diagnosis::Finding& finding, int hopCount, const CanPerform& canPerform,
                QWidget* parent = nullptr);
    ~FindingCard() override;

    const Diagnosis::Finding& finding() const { return m_finding; }
    QList<EvidenceLink*> evidenceLinks() const { return m_links; }
    /// The fix buttons, in the order of the finding's fixes (objectName "fixButton", property "fixId").
    QList<QPushButton*> fixButtons() const { return m_buttons; }
    /// Everything the card says, as plain text (tests, copying).
    QString plainText() const;

    /// "CAUSE", "LIKELY", "HINT", "INFO" and their text colours (StatusPalette, application palette).
    static QString badgeText(Diagnosis::Severity severity);
    static QColor severityColor(Diagnosis::Severity severity);

protected:
    void changeEvent(QEvent* event) override;

Q_SIGNALS:
    void evidenceActivated(const Authlens::Diagnosis::Evidence& evidence);
    void fixTriggered(const Authlens::Diagnosis::Fix& fix);

private:
    void applyColors();

    Diagnosis::Finding m_finding;
    QLabel* m_badge = nullptr;
    bool m_applyingColors = false;
    QList<EvidenceLink*> m_links;
    QList<QPushButton*> m_buttons;
    QStringList m_advice;
};

} // namespace Authlens::Gui
