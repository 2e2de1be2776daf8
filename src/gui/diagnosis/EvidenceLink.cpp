#include "diagnosis/EvidenceLink.h"

#include "common/DisplayFormat.h"
#include "common/StatusPalette.h"

#include <QKeyEvent>
#include <QMouseEvent>

namespace Authlens::Gui {

namespace {

QString hopSuffix(const Diagnosis::Evidence& e, int hopCount)
{
    return hopCount > 1 && e.hop >= 0 ? EvidenceLink::tr(" · hop %1").arg(e.hop + 1) : QString();
}

} // namespace

QString breakableText(const QString& text, int run)
{
    QString out;
    out.reserve(text.size() + text.size() / run + 1);
    int since = 0; // characters since the last place a line may break
    for (const QChar c : text) {
        out += c;
        if (c.isSpace() || c == u'-') {
            since = 0;
            continue;
        }
        ++since;
        // Break after URL and parameter punctuation first, else anywhere in a very long run.
        const bool punctuation = c == u'/' || c == u'.' || c == u'=' || c == u'&' || c == u'?' || c == u',' || c == u';'
            || c == u':' || c == u'_';
        if ((since >= run && punctuation) || since >= 2 * run) {
            out += QChar(0x200B);
            since = 0;
        }
    }
    return out;
}

QString EvidenceLink::placeText(const Diagnosis::Evidence& e, int hopCount)
{
    using Kind = Diagnosis::EvidenceKind;
    const QString hop = hopSuffix(e, hopCount);
    switch (e.kind) {
    case Kind::Header:
        return (e.side == Diagnosis::Side::Request ? tr("%1 (request header)") : tr("%1 (response header)")).arg(e.name)
            + hop;
    case Kind::Param:
        // Parameter and claim names are the exchange's own words ("error_description", "client_id"): quoted.
        return tr("“%1” in %2").arg(e.name, e.container.isEmpty() ? tr("the challenge") : e.container) + hop;
    case Kind::Claim:
        return (e.container.isEmpty() ? tr("“%1” claim of the token") : tr("“%1” claim of the token in %2"))
                   .arg(e.name, e.container)
            + hop;
    case Kind::Hop:
        return (e.hop >= 0 ? tr("Hop %1").arg(e.hop + 1) : tr("The exchange"))
            + (e.name.isEmpty() ? QString() : QStringLiteral(" · ") + e.name);
    case Kind::Cookie:
        return (e.container.isEmpty() ? tr("cookie %1") : tr("cookie %1 (%2)")).arg(e.name, e.container) + hop;
    case Kind::Body:
        return (e.side == Diagnosis::Side::Request ? tr("request body") : tr("response body")) + hop;
    case Kind::Timing:
        return tr("timing") + (e.name.isEmpty() ? QString() : QStringLiteral(" · ") + e.name) + hop;
    case Kind::Tls:
        return tr("TLS") + (e.name.isEmpty() ? QString() : QStringLiteral(" · ") + e.name) + hop;
    }
    return e.name;
}

EvidenceLink::EvidenceLink(const Diagnosis::Evidence& evidence, int hopCount, QWidget* parent)
    : QLabel(parent)
    , m_evidence(evidence)
{
    setObjectName(QStringLiteral("evidenceLink"));
    setProperty("evidenceKind", Diagnosis::evidenceKindName(evidence.kind));
    setProperty("evidenceName", evidence.name);
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::NoTextInteraction);
    setCursor(Qt::PointingHandCursor);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("Show it in the inspector"));
    // A label draws no focus frame of its own: show where the keyboard is.
    // Margins, not style-sheet padding: heightForWidth() counts these, so the wrapped height is exact.
    setContentsMargins(3, 2, 3, 2);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // Colours from StatusPalette (blue, "notice"): readable on a light and a dark theme alike.
    const QPalette& pal = palette();
    const QColor linkColor = StatusPalette::color(StatusPalette::Tone::Notice, pal);
    const QColor fill = StatusPalette::background(StatusPalette::Tone::Notice, pal);
    const QColor base = pal.color(QPalette::Base);
    const auto towardsBase = [&](double t) { // a lighter touch of the fill, so the link text stays readable on it
        return QColor::fromRgbF(float(fill.redF() + (base.redF() - fill.redF()) * t),
                                float(fill.greenF() + (base.greenF() - fill.greenF()) * t),
                                float(fill.blueF() + (base.blueF() - fill.blueF()) * t));
    };
    const QColor focusFill = towardsBase(0.5);
    const QColor hoverFill = towardsBase(0.75);
    setStyleSheet(QStringLiteral("Authlens--Gui--EvidenceLink { border-radius: 3px; }"
                                 "Authlens--Gui--EvidenceLink:focus { background: %1; }"
                                 "Authlens--Gui--EvidenceLink:hover { background: %2; }")
                      .arg(focusFill.name(), hoverFill.name()));
    QString html = QStringLiteral("<span style=\"color:%1; text-decoration:underline;\">%2</span>")
                       .arg(linkColor.name(), breakableText(placeText(evidence, hopCount)).toHtmlEscaped());
    if (!evidence.excerpt.isEmpty())
        html += QStringLiteral("<br><span style=\"font-family:'%1';\">%2</span>")
                    .arg(monospaceFont().family(), breakableText(evidence.excerpt).toHtmlEscaped());
    if (!evidence.note.isEmpty())
        html += QStringLiteral("<br><span style=\"color:%1;\">%2</span>")
                    .arg(StatusPalette::color(StatusPalette::Tone::Neutral, pal).name(),
                         breakableText(evidence.note).toHtmlEscaped());
    setText(html);
}

EvidenceLink::~EvidenceLink() = default;

void EvidenceLink::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint())) {
        Q_EMIT activated();
        event->accept();
        return;
    }
    QLabel::mouseReleaseEvent(event);
}

void EvidenceLink::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter || event->key() == Qt::Key_Space) {
        Q_EMIT activated();
        event->accept();
        return;
    }
    QLabel::keyPressEvent(event);
}

} // namespace Authlens::Gui
