#include "HttpDate.h"

#include <QLocale>
#include <QTimeZone>

namespace Authlens::Jwt {

namespace {

int digits(QByteArrayView v, qsizetype at, qsizetype count)
{
    int n = 0;
    for (qsizetype i = at; i < at + count; ++i) {
        const char c = v.at(i);
        if (c < '0' || c > '9')
            return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

/// IMF-fixdate (RFC 9110 §5.6.7), the form every current server sends, read at its fixed positions:
/// "Sun, 06 Nov 1994 08:49:37 GMT". Written by hand because QLocale's format parser goes through the
/// local time zone (a stat of /etc/localtime per call) and is a hundred times slower, which a HAR of
/// thousands of entries feels; the obsolete forms still take the general path below.
std::optional<QDateTime> parseImfFixdate(QByteArrayView v)
{
    if (v.size() != 29 || v.at(3) != ',' || v.at(4) != ' ' || v.at(7) != ' ' || v.at(11) != ' ' || v.at(16) != ' '
        || v.at(19) != ':' || v.at(22) != ':' || v.sliced(25) != " GMT")
        return std::nullopt;
    static constexpr QByteArrayView days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static constexpr QByteArrayView months[]
        = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (std::find(std::begin(days), std::end(days), v.first(3)) == std::end(days))
        return std::nullopt;
    const auto month = std::find(std::begin(months), std::end(months), v.sliced(8, 3));
    if (month == std::end(months))
        return std::nullopt;
    const QDate date(digits(v, 12, 4), int(month - std::begin(months)) + 1, digits(v, 5, 2));
    const QTime time(digits(v, 17, 2), digits(v, 20, 2), digits(v, 23, 2));
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

} // namespace

std::optional<QDateTime> parseHttpDate(QByteArrayView value)
{
    if (const auto fixdate = parseImfFixdate(value.trimmed()))
        return fixdate;
    const QString text = QString::fromLatin1(value.toByteArray().simplified());
    if (text.isEmpty() || text.size() > 64)
        return std::nullopt;
    // Day and month names are English whatever the user's locale, hence QLocale::c().
    const QLocale c = QLocale::c();
    static const QString formats[] = {
        QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"), // IMF-fixdate
        QStringLiteral("dddd, dd-MMM-yy HH:mm:ss 'GMT'"), // RFC 850
        QStringLiteral("ddd MMM d HH:mm:ss yyyy"), // asctime (simplified() collapsed the double space)
    };
    for (const QString& format : formats) {
        QDateTime parsed = c.toDateTime(text, format);
        if (!parsed.isValid())
            continue;
        if (format.contains(QLatin1String("yy HH")) && parsed.date().year() < 1970)
            parsed = parsed.addYears(100); // two-digit years: RFC 9110 §5.6.7 says interpret as recent
        parsed.setTimeZone(QTimeZone::utc());
        return parsed;
    }
    return std::nullopt;
}

} // namespace Authlens::Jwt
