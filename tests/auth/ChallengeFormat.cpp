#include "ChallengeFormat.h"

#include <QStringList>

namespace Authlens::Test {

namespace {

QString escaped(const QByteArray& value)
{
    QString text = Auth::fieldText(value);
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    text.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return text;
}

} // namespace

QString describe(const QList<Auth::AuthParam>& params)
{
    QStringList parts;
    for (const Auth::AuthParam& p : params)
        parts.append(QStringLiteral("%1=\"%2\"").arg(QString::fromLatin1(p.name), escaped(p.value)));
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

QString describe(const Auth::Challenge& challenge)
{
    QString text = Auth::fieldText(challenge.scheme);
    if (challenge.token68)
        text += QLatin1Char('[') + Auth::fieldText(*challenge.token68) + QLatin1Char(']');
    if (!challenge.params.isEmpty())
        text += describe(challenge.params);
    return text;
}

QString describe(const QList<Auth::Challenge>& challenges)
{
    QStringList parts;
    for (const Auth::Challenge& c : challenges)
        parts.append(describe(c));
    return parts.join(QStringLiteral(" | "));
}

QString describe(const QList<Auth::Diagnostic>& diagnostics)
{
    QStringList parts;
    for (const Auth::Diagnostic& d : diagnostics) {
        const QChar letter = d.severity == Auth::Severity::Error ? u'E'
            : d.severity == Auth::Severity::Warning              ? u'W'
                                                                 : u'I';
        parts.append(QStringLiteral("%1:%2@%3:%4").arg(letter).arg(d.code).arg(d.fieldIndex).arg(d.offset));
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace Authlens::Test
