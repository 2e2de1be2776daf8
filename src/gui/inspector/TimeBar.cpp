#include "inspector/TimeBar.h"

#include "common/StatusPalette.h"

#include <QDateTime>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <utility>

namespace Authlens::Gui {

namespace {

const QColor validColor(0x81, 0xc7, 0x84);
const QColor expiredColor(0xe5, 0x73, 0x73);
const QColor pendingColor(0xbd, 0xbd, 0xbd);

// Short local time for the bar's labels: the time alone within a day of now, else the date too.
QString shortTime(qint64 seconds, qint64 now)
{
    const QDateTime time = QDateTime::fromSecsSinceEpoch(seconds, Qt::LocalTime);
    return std::abs(seconds - now) < 20 * 3600 ? time.toString(QStringLiteral("HH:mm:ss"))
                                               : time.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

double clampLeft(double left, int textWidth, int width)
{
    return std::clamp(left, 0.0, std::max(0.0, double(width - textWidth)));
}

/// Where two labels go on one line, the first left of the second: at their wanted left edges when
/// they do not touch, else pushed apart around the middle and kept inside [0, width]. std::nullopt
/// when the line is too short for both.
std::optional<std::pair<double, double>> spreadApart(double left1, int width1, double left2, int width2, int width)
{
    constexpr double gap = 12;
    if (width1 + gap + width2 > width)
        return std::nullopt;
    left1 = clampLeft(left1, width1, width);
    left2 = clampLeft(left2, width2, width);
    const double overlap = left1 + width1 + gap - left2;
    if (overlap > 0) {
        left1 -= overlap / 2;
        left2 += overlap / 2;
        if (left1 < 0) {
            left2 -= left1;
            left1 = 0;
        }
        if (left2 + width2 > width) {
            left1 -= left2 + width2 - width;
            left2 = width - width2;
        }
    }
    return std::pair {left1, left2};
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
    return {400, fontMetrics().height() * 2 + 14};
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

    // Labels under the bar: "from" starts at its mark, "exp" ends at its mark. When the lifetime is short
    // on the bar they are pushed apart; when even that does not fit, one label says both.
    painter.setPen(palette().color(QPalette::WindowText));
    const double baseline = bar.bottom() + 2 + fm.ascent();
    const QString expiryText = m_expiry ? tr("exp %1").arg(shortTime(expiry, m_now)) : tr("no expiry");
    if (m_start) {
        const QString startText = tr("from %1").arg(shortTime(start, m_now));
        const std::optional<std::pair<double, double>> lefts
            = spreadApart(x(start), fm.horizontalAdvance(startText), x(expiry) - fm.horizontalAdvance(expiryText),
                          fm.horizontalAdvance(expiryText), width());
        if (lefts) {
            painter.drawText(QPointF(lefts->first, baseline), startText);
            painter.drawText(QPointF(lefts->second, baseline), expiryText);
        } else {
            const QString both = fm.elidedText(
                m_expiry ? tr("%1 → %2").arg(shortTime(start, m_now), shortTime(expiry, m_now)) : startText,
                Qt::ElideRight, width());
            const double centre = (x(start) + x(expiry)) / 2;
            painter.drawText(
                QPointF(clampLeft(centre - fm.horizontalAdvance(both) / 2.0, fm.horizontalAdvance(both), width()),
                        baseline),
                both);
        }
    } else {
        const int w = fm.horizontalAdvance(expiryText);
        painter.drawText(QPointF(clampLeft(x(expiry) - w, w, width()), baseline), expiryText);
    }

    // "now" above the bar; the server's clock, when it differs, as a dashed blue mark. A Date header has
    // whole seconds: a skew of a second or two is no skew.
    const auto mark = [&](qint64 t, const QColor& color, Qt::PenStyle style) -> void {
        painter.setPen(QPen(color, 2, style));
        painter.drawLine(QPointF(x(t), bar.top() - 2), QPointF(x(t), bar.bottom() + 2));
    };
    const QString nowText = tr("now");
    const int nowWidth = fm.horizontalAdvance(nowText);
    const double nowLeft = x(m_now) - nowWidth / 2.0;
    if (m_skew && std::abs(*m_skew) > 2) {
        const qint64 server = m_now + *m_skew;
        mark(server, StatusPalette::color(StatusPalette::Tone::Notice, palette()), Qt::DashLine);
        const QString serverText = tr("server");
        const int serverWidth = fm.horizontalAdvance(serverText);
        const double serverLeft = x(server) - serverWidth / 2.0;
        // Labels in the order of their marks; the server's is left out when both cannot be read.
        const bool serverFirst = server < m_now;
        const std::optional<std::pair<double, double>> lefts = serverFirst
            ? spreadApart(serverLeft, serverWidth, nowLeft, nowWidth, width())
            : spreadApart(nowLeft, nowWidth, serverLeft, serverWidth, width());
        if (lefts) {
            painter.setPen(StatusPalette::color(StatusPalette::Tone::Notice, palette()));
            painter.drawText(QPointF(serverFirst ? lefts->first : lefts->second, fm.ascent()), serverText);
            mark(m_now, palette().color(QPalette::WindowText), Qt::SolidLine);
            painter.setPen(palette().color(QPalette::WindowText));
            painter.drawText(QPointF(serverFirst ? lefts->second : lefts->first, fm.ascent()), nowText);
            return;
        }
    }
    mark(m_now, palette().color(QPalette::WindowText), Qt::SolidLine);
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QPointF(clampLeft(nowLeft, nowWidth, width()), fm.ascent()), nowText);
}

} // namespace Authlens::Gui
