#include "inspector/TimeBar.h"

#include <QDateTime>
#include <QPainter>
#include <QPainterPath>

namespace Authlens::Gui {

namespace {

const QColor validColor(0x81, 0xc7, 0x84);
const QColor expiredColor(0xe5, 0x73, 0x73);
const QColor pendingColor(0xbd, 0xbd, 0xbd);
const QColor nowColor(0x21, 0x21, 0x21);
const QColor serverColor(0x15, 0x65, 0xc0);

// Short local time for the bar's labels: the time alone within a day of now, else the date too.
QString shortTime(qint64 seconds, qint64 now)
{
    const QDateTime time = QDateTime::fromSecsSinceEpoch(seconds, Qt::LocalTime);
    return std::abs(seconds - now) < 20 * 3600 ? time.toString(QStringLiteral("HH:mm:ss"))
                                               : time.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

} // namespace

TimeBar::TimeBar(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

TimeBar::~TimeBar() = default;

void TimeBar::setTimes(std::optional<qint64> start, std::optional<qint64> expiry, std::optional<qint64> serverSkew)
{
    m_start = start;
    m_expiry = expiry;
    m_skew = serverSkew;
    update();
}

void TimeBar::setNow(qint64 now)
{
    m_now = now;
    update();
}

void TimeBar::clearTimes()
{
    setTimes(std::nullopt, std::nullopt, std::nullopt);
}

QSize TimeBar::sizeHint() const
{
    return {400, fontMetrics().height() * 2 + 16};
}

QSize TimeBar::minimumSizeHint() const
{
    return {120, sizeHint().height()};
}

void TimeBar::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int margin = 8;
    const QRectF bar(margin, fm.height() + 2, width() - 2.0 * margin, 10);
    if (!m_start && !m_expiry) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No time claims: nothing to draw."));
        return;
    }
    const qint64 start = m_start.value_or(std::min(m_now, m_expiry.value_or(m_now)) - 60);
    const qint64 expiry = m_expiry.value_or(std::max(m_now, start) + 60);
    qint64 lo = std::min({start, m_now, m_skew ? m_now + *m_skew : m_now});
    qint64 hi = std::max({expiry, m_now, m_skew ? m_now + *m_skew : m_now});
    const qint64 pad = std::max<qint64>((hi - lo) / 20, 1);
    lo -= pad;
    hi += pad;
    const auto x = [&](qint64 t) -> double { return bar.left() + bar.width() * double(t - lo) / double(hi - lo); };

    QPainterPath outline;
    outline.addRoundedRect(bar, 3, 3);
    painter.fillPath(outline, palette().color(QPalette::AlternateBase));
    painter.save();
    painter.setClipPath(outline);
    painter.fillRect(QRectF(QPointF(x(start), bar.top()), QPointF(x(expiry), bar.bottom())),
                     m_expiry ? validColor : validColor.lighter(115));
    if (m_expiry)
        painter.fillRect(QRectF(QPointF(x(expiry), bar.top()), QPointF(bar.right(), bar.bottom())),
                         m_now > expiry ? expiredColor : expiredColor.lighter(140));
    if (m_start)
        painter.fillRect(QRectF(QPointF(bar.left(), bar.top()), QPointF(x(start), bar.bottom())), pendingColor);
    painter.restore();
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawPath(outline);

    // Labels under the bar: start at the left, expiry at the right edge of their marks.
    painter.setPen(palette().color(QPalette::WindowText));
    const double textTop = bar.bottom() + 2;
    if (m_start) {
        const QString text = tr("from %1").arg(shortTime(start, m_now));
        const double left = std::clamp(x(start), 0.0, double(width() - fm.horizontalAdvance(text)));
        painter.drawText(QPointF(left, textTop + fm.ascent()), text);
    }
    const QString expiryText = m_expiry ? tr("exp %1").arg(shortTime(expiry, m_now)) : tr("no expiry");
    const double right = std::clamp(x(expiry) - fm.horizontalAdvance(expiryText), 0.0,
                                    double(width() - fm.horizontalAdvance(expiryText)));
    painter.drawText(QPointF(right, textTop + fm.ascent()), expiryText);

    // "now" above the bar; the server's clock, when it differs, as a dashed blue mark.
    const auto marker = [&](qint64 t, const QColor& color, const QString& label, Qt::PenStyle style) -> void {
        const double at = x(t);
        painter.setPen(QPen(color, 2, style));
        painter.drawLine(QPointF(at, bar.top() - 2), QPointF(at, bar.bottom() + 2));
        const double left
            = std::clamp(at - fm.horizontalAdvance(label) / 2.0, 0.0, double(width() - fm.horizontalAdvance(label)));
        painter.setPen(color);
        painter.drawText(QPointF(left, fm.ascent()), label);
    };
    // A Date header has whole seconds: a skew of a second or two is no skew. Markers that close
    // would also print their labels over each other.
    const bool showServer = m_skew && std::abs(x(m_now + *m_skew) - x(m_now)) > fm.horizontalAdvance(tr("server")) + 4
        && std::abs(*m_skew) > 2;
    if (showServer)
        marker(m_now + *m_skew, serverColor, tr("server"), Qt::DashLine);
    marker(m_now, nowColor, tr("now"), Qt::SolidLine);
}

} // namespace Authlens::Gui
