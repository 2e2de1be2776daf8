#include "diagnosis/FindingCard.h"

#include "common/FlowLayout.h"
#include "common/StatusPalette.h"
#include "diagnosis/EvidenceLink.h"

#include <QAction>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Authlens::Gui {

namespace {

QLabel* wrappedLabel(const QString& text, const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(breakableText(text), parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QLabel* caption(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

QString FindingCard::badgeText(Diagnosis::Severity severity)
{
    switch (severity) {
    case Diagnosis::Severity::Cause:
        return tr("CAUSE");
    case Diagnosis::Severity::Likely:
        return tr("LIKELY");
    case Diagnosis::Severity::Hint:
        return tr("HINT");
    case Diagnosis::Severity::Info:
        return tr("INFO");
    }
    return {};
}

QColor FindingCard::severityColor(Diagnosis::Severity severity)
{
    return StatusPalette::color(StatusPalette::toneOf(severity));
}

FindingCard::FindingCard(const Diagnosis::Finding& finding, int hopCount, const CanPerform& canPerform, QWidget* parent)
    : QFrame(parent)
    , m_finding(finding)
{
    setObjectName(QStringLiteral("findingCard"));
    setProperty("code", finding.code);
    setProperty("severity", Diagnosis::severityName(finding.severity));
    // The finding's id (its catalog code) is for copying into a bug report or the CLI, not for reading:
    // a tooltip and a context-menu action, never visible text.
    setToolTip(tr("Finding id: %1").arg(finding.code));
    setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* copyId = new QAction(tr("Copy Finding Id"), this);
    copyId->setObjectName(QStringLiteral("copyFindingIdAction"));
    connect(copyId, &QAction::triggered, this, [code = finding.code] { QGuiApplication::clipboard()->setText(code); });
    addAction(copyId);

    auto* badge = new QLabel(badgeText(finding.severity), this);
    badge->setObjectName(QStringLiteral("severityBadge"));
    badge->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_badge = badge;
    applyColors();
    QLabel* title = wrappedLabel(finding.title, QStringLiteral("findingTitle"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto* titleRow = new QHBoxLayout;
    titleRow->setSpacing(6);
    titleRow->addWidget(badge, 0, Qt::AlignTop);
    titleRow->addWidget(title, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 8, 8);
    layout->setSpacing(4);
    layout->addLayout(titleRow);
    if (!finding.explanation.isEmpty())
        layout->addWidget(wrappedLabel(finding.explanation, QStringLiteral("findingExplanation"), this));

    if (!finding.evidence.isEmpty()) {
        layout->addSpacing(2);
        layout->addWidget(caption(tr("Evidence"), this));
        for (const Diagnosis::Evidence& evidence : finding.evidence) {
            auto* link = new EvidenceLink(evidence, hopCount, this);
            m_links.append(link);
            layout->addWidget(link);
            connect(link, &EvidenceLink::activated, this, [this, link] { Q_EMIT evidenceActivated(link->evidence()); });
        }
    }

    // Actions the application performs become buttons; advice (and an action it cannot perform here)
    // stays text: a button must always do what it says.
    auto* buttons = new FlowLayout(nullptr, 6);
    QStringList advice;
    for (const Diagnosis::Fix& fix : finding.fixes) {
        if (fix.kind == Diagnosis::FixKind::Action && canPerform && canPerform(fix)) {
            // A label's "&" is text ("Refresh token & resend"), not a mnemonic marker.
            auto* button = new QPushButton(QString(fix.label).replace(u'&', QStringLiteral("&&")), this);
            button->setObjectName(QStringLiteral("fixButton"));
            button->setProperty("fixId", fix.id);
            button->setToolTip(fix.label);
            buttons->addWidget(button);
            m_buttons.append(button);
            connect(button, &QPushButton::clicked, this, [this, fix] { Q_EMIT fixTriggered(fix); });
        } else if (!fix.label.isEmpty()) {
            advice.append(fix.label);
        }
    }
    m_advice = advice;
    if (!m_buttons.isEmpty() || !advice.isEmpty()) {
        layout->addSpacing(2);
        layout->addWidget(caption(tr("Fix"), this));
    }
    if (!m_buttons.isEmpty())
        layout->addLayout(buttons);
    else
        delete buttons;
    for (const QString& text : std::as_const(advice)) {
        QLabel* label = wrappedLabel(QStringLiteral("→ ") + text, QStringLiteral("fixAdvice"), this);
        layout->addWidget(label);
    }

    QStringList footer;
    if (hopCount > 1 && finding.hop >= 0)
        footer.append(tr("hop %1").arg(finding.hop + 1));
    if (!finding.source.isEmpty())
        footer.append(tr("source: %1").arg(finding.source));
    if (!footer.isEmpty()) {
        QLabel* code = wrappedLabel(footer.join(QStringLiteral(" · ")), QStringLiteral("findingFooter"), this);
        code->setForegroundRole(QPalette::PlaceholderText);
        QFont small = code->font();
        small.setPointSizeF(small.pointSizeF() * 0.9);
        code->setFont(small);
        layout->addWidget(code);
    }
}

FindingCard::~FindingCard() = default;

void FindingCard::applyColors()
{
    const QPalette& pal = palette();
    const StatusPalette::Tone tone = StatusPalette::toneOf(m_finding.severity);
    const StatusPalette::Chip chip = StatusPalette::chip(tone, pal);
    // A coloured edge says the severity at a glance; the card itself takes the theme's colours.
    setStyleSheet(QStringLiteral("Authlens--Gui--FindingCard { background: %1; border: 1px solid %2; "
                                 "border-left: 4px solid %3; border-radius: 3px; }")
                      .arg(pal.color(QPalette::Base).name(), pal.color(QPalette::Mid).name(), chip.fill.name()));
    m_badge->setStyleSheet(QStringLiteral("color: %1; background: %2; border-radius: 3px; padding: 1px 5px; "
                                          "font-weight: 600;")
                               .arg(chip.text.name(), chip.fill.name()));
}

void FindingCard::changeEvent(QEvent* event)
{
    // The style sheets hold colours: take the new ones when the theme changes.
    if (event->type() == QEvent::PaletteChange && m_badge && !m_applyingColors) {
        m_applyingColors = true;
        applyColors();
        m_applyingColors = false;
    }
    QFrame::changeEvent(event);
}

QString FindingCard::plainText() const
{
    QStringList lines {badgeText(m_finding.severity) + u' ' + m_finding.title, m_finding.explanation};
    for (const Diagnosis::Evidence& e : m_finding.evidence) {
        lines.append(QStringLiteral("• ") + EvidenceLink::placeText(e, 0) + QStringLiteral(": ") + e.excerpt
                     + (e.note.isEmpty() ? QString() : QStringLiteral(" — ") + e.note));
    }
    for (const QPushButton* button : m_buttons)
        lines.append(QStringLiteral("[") + button->text() + u']');
    for (const QString& text : m_advice)
        lines.append(QStringLiteral("→ ") + text);
    return lines.join(u'\n');
}

} // namespace Authlens::Gui
