#include "DemoRequest.h"

#include <QUrlQuery>

namespace Authlens::Demo {

namespace {

/// name=value pairs of every Cookie header (RFC 6265 §5.4 joins them with "; ").
QList<QPair<QByteArray, QByteArray>> cookiePairs(const DemoRequest& request)
{
    QList<QPair<QByteArray, QByteArray>> pairs;
    for (const QByteArray& field : request.headerValues("Cookie")) {
        for (const QByteArray& item : field.split(';')) {
            const QByteArray trimmed = item.trimmed();
            if (trimmed.isEmpty())
                continue;
            const qsizetype equals = trimmed.indexOf('=');
            if (equals < 0)
                pairs.append({trimmed, QByteArray()});
            else
                pairs.append({trimmed.first(equals).trimmed(), trimmed.sliced(equals + 1).trimmed()});
        }
    }
    return pairs;
}

} // namespace

QString DemoRequest::path() const
{
    return url.path();
}

QByteArray DemoRequest::header(QByteArrayView name) const
{
    for (const Field& field : headers) {
        if (name.compare(field.first, Qt::CaseInsensitive) == 0)
            return field.second;
    }
    return {};
}

QList<QByteArray> DemoRequest::headerValues(QByteArrayView name) const
{
    QList<QByteArray> values;
    for (const Field& field : headers) {
        if (name.compare(field.first, Qt::CaseInsensitive) == 0)
            values.append(field.second);
    }
    return values;
}

std::optional<QString> DemoRequest::queryItem(const QString& name) const
{
    const QUrlQuery query(url);
    if (!query.hasQueryItem(name))
        return std::nullopt;
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

QList<QPair<QString, QString>> DemoRequest::formItems() const
{
    QList<QPair<QString, QString>> items;
    for (const QByteArray& pair : body.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        if (equals < 0)
            items.append({formDecode(pair), QString()});
        else
            items.append({formDecode(pair.first(equals)), formDecode(pair.sliced(equals + 1))});
    }
    return items;
}

std::optional<QByteArray> DemoRequest::cookie(QByteArrayView name) const
{
    for (const auto& pair : cookiePairs(*this)) {
        if (pair.first == name)
            return pair.second;
    }
    return std::nullopt;
}

QList<QByteArray> DemoRequest::cookieNames() const
{
    QList<QByteArray> names;
    for (const auto& pair : cookiePairs(*this))
        names.append(pair.first);
    return names;
}

QString formDecode(QByteArrayView component)
{
    QByteArray bytes = component.toByteArray();
    bytes.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
}

} // namespace Authlens::Demo
