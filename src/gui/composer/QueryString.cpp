#include "composer/QueryString.h"

#include <QUrl>

namespace Authlens::Gui {

UrlParts splitUrl(const QString& text)
{
    UrlParts parts;
    const qsizetype hash = text.indexOf(u'#');
    const QString beforeFragment = hash < 0 ? text : text.left(hash);
    if (hash >= 0) {
        parts.hasFragment = true;
        parts.fragment = text.mid(hash + 1);
    }
    const qsizetype question = beforeFragment.indexOf(u'?');
    if (question < 0) {
        parts.beforeQuery = beforeFragment;
    } else {
        parts.beforeQuery = beforeFragment.left(question);
        parts.query = beforeFragment.mid(question + 1);
        parts.hasQuery = true;
    }
    return parts;
}

QString joinUrl(const UrlParts& parts)
{
    QString text = parts.beforeQuery;
    if (parts.hasQuery)
        text += u'?' + parts.query;
    if (parts.hasFragment)
        text += u'#' + parts.fragment;
    return text;
}

QString decodeQueryComponent(const QString& raw)
{
    return QUrl::fromPercentEncoding(raw.toUtf8());
}

QString encodeQueryComponent(const QString& text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text, "!$'()*,;:@/?"));
}

QList<QueryItem> parseQuery(const QString& query)
{
    QList<QueryItem> items;
    for (const QString& segment : query.split(u'&', Qt::SkipEmptyParts)) {
        QueryItem item;
        const qsizetype eq = segment.indexOf(u'=');
        item.hasValue = eq >= 0;
        item.rawKey = eq < 0 ? segment : segment.left(eq);
        item.rawValue = eq < 0 ? QString() : segment.mid(eq + 1);
        item.key = decodeQueryComponent(item.rawKey);
        item.value = decodeQueryComponent(item.rawValue);
        items.append(item);
    }
    return items;
}

QString buildQuery(const QList<QueryItem>& items)
{
    QStringList segments;
    for (const QueryItem& item : items) {
        const bool keepKey = !item.rawKey.isNull() && decodeQueryComponent(item.rawKey) == item.key;
        const bool keepValue = !item.rawValue.isNull() && decodeQueryComponent(item.rawValue) == item.value;
        QString segment = keepKey ? item.rawKey : encodeQueryComponent(item.key);
        if (item.hasValue || !item.value.isEmpty())
            segment += u'=' + (keepValue ? item.rawValue : encodeQueryComponent(item.value));
        segments.append(segment);
    }
    return segments.join(u'&');
}

} // namespace Authlens::Gui
