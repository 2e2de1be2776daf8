#include "profiles/formats/PostmanVariables.h"

#include "http/SecretPolicy.h"

#include <QRegularExpression>

#include <cmath>

namespace Authlens::Formats {

bool isSecretVariable(const QString& name, const QString& value, const QString& type)
{
    if (type.compare(u"secret", Qt::CaseInsensitive) == 0)
        return true;
    if (!Http::SecretPolicy::standard().isSecretName(name))
        return false;
    // A URL or a reference to another variable is where a secret comes from, not the secret.
    static const QRegularExpression url(QStringLiteral("^(?:https?://|\\{\\{)"),
                                        QRegularExpression::CaseInsensitiveOption);
    return !url.match(value.trimmed()).hasMatch();
}

QString resolveVariables(const QString& text, const QHash<QString, QString>& values)
{
    if (values.isEmpty() || !text.contains(u"{{"))
        return text;
    QString current = text;
    for (int pass = 0; pass < 4 && current.contains(u"{{"); ++pass) {
        QString out;
        qsizetype pos = 0;
        bool changed = false;
        while (pos < current.size()) {
            const qsizetype open = current.indexOf(u"{{", pos);
            const qsizetype close = open < 0 ? -1 : current.indexOf(u"}}", open + 2);
            if (open < 0 || close < 0) {
                out += QStringView(current).mid(pos);
                break;
            }
            out += QStringView(current).mid(pos, open - pos);
            const QString name = current.mid(open + 2, close - open - 2).trimmed();
            const auto it = values.constFind(name);
            if (it != values.cend()) {
                out += *it;
                changed = true;
            } else {
                out += QStringView(current).mid(open, close + 2 - open);
            }
            pos = close + 2;
            // A hostile collection could make the text grow with every pass: stop early.
            if (out.size() > 1024 * 1024)
                return current;
        }
        current = out;
        if (!changed)
            break;
    }
    return current;
}

QString scalarText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::isfinite(d) && std::abs(d) < 9e15 && d == double(qint64(d))) // range first: no UB cast
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

} // namespace Authlens::Formats
