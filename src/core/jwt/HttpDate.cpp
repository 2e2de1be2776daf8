#include "HttpDate.h"

#include <QLocale>
#include <QTimeZone>

namespace Authlens::Jwt {

std::optional<QDateTime> parseHttpDate(QByteArrayView value)
{
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
