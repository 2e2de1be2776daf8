#include "TimeText.h"

#include <limits>

namespace Authlens::Jwt::TimeText {

QString utc(qint64 secondsSinceEpoch)
{
    return QDateTime::fromSecsSinceEpoch(secondsSinceEpoch, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
        + QStringLiteral(" UTC");
}

QString local(qint64 secondsSinceEpoch)
{
    const QDateTime time = QDateTime::fromSecsSinceEpoch(secondsSinceEpoch, Qt::LocalTime);
    QString zone = time.timeZoneAbbreviation();
    if (zone.isEmpty())
        zone = QStringLiteral("local");
    return time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QLatin1Char(' ') + zone;
}

QString iso(qint64 secondsSinceEpoch)
{
    return QDateTime::fromSecsSinceEpoch(secondsSinceEpoch, Qt::UTC).toString(Qt::ISODate);
}

QString duration(qint64 seconds)
{
    // Unsigned arithmetic so that the most negative value cannot overflow when negated.
    const quint64 s = seconds < 0 ? quint64(0) - quint64(seconds) : quint64(seconds);
    const quint64 days = s / 86400;
    const quint64 hours = (s % 86400) / 3600;
    const quint64 minutes = (s % 3600) / 60;
    const quint64 secs = s % 60;
    const auto two = [](quint64 big, const char* bigUnit, quint64 small, const char* smallUnit) {
        QString text = QString::number(big) + QLatin1Char(' ') + QLatin1String(bigUnit);
        if (small > 0)
            text += QLatin1Char(' ') + QString::number(small) + QLatin1Char(' ') + QLatin1String(smallUnit);
        return text;
    };
    if (days > 0)
        return two(days, "d", hours, "h");
    if (hours > 0)
        return two(hours, "h", minutes, "min");
    if (minutes > 0)
        // Seconds only matter while the minutes are few (a countdown to expiry).
        return two(minutes, "min", minutes < 10 ? secs : 0, "s");
    return QString::number(secs) + QStringLiteral(" s");
}

QString relative(const QString& claim, qint64 secondsSinceEpoch, qint64 nowSecondsSinceEpoch)
{
    // Saturating difference: claims are range-checked by the inspector, but this is a public function.
    qint64 delta = 0;
    if (__builtin_sub_overflow(secondsSinceEpoch, nowSecondsSinceEpoch, &delta))
        delta = secondsSinceEpoch > nowSecondsSinceEpoch ? std::numeric_limits<qint64>::max()
                                                         : std::numeric_limits<qint64>::min();
    const QString span = duration(delta);
    const bool past = delta <= 0;
    if (claim == u"exp")
        return delta == 0 ? QStringLiteral("expires now")
            : past        ? QStringLiteral("expired %1 ago").arg(span)
                          : QStringLiteral("expires in %1").arg(span);
    if (claim == u"nbf")
        return past ? QStringLiteral("valid since %1 ago").arg(span)
                    : QStringLiteral("not valid for another %1").arg(span);
    if (claim == u"iat")
        return past ? QStringLiteral("issued %1 ago").arg(span) : QStringLiteral("issued %1 in the future").arg(span);
    if (claim == u"auth_time")
        return past ? QStringLiteral("user authenticated %1 ago").arg(span)
                    : QStringLiteral("user authenticated %1 in the future").arg(span);
    return past ? QStringLiteral("%1 ago").arg(span) : QStringLiteral("in %1").arg(span);
}

} // namespace Authlens::Jwt::TimeText
