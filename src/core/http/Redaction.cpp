#include "http/Redaction.h"

#include <QUrlQuery>

namespace Authlens::Http {

namespace {

bool containsName(const QList<QByteArray>& names, QByteArrayView name)
{
    return std::any_of(names.cbegin(), names.cend(),
                       [name](const QByteArray& n) { return n.compare(name, Qt::CaseInsensitive) == 0; });
}

QByteArray redactOpaque(const QByteArray& secret)
{
    if (secret.isEmpty())
        return secret;
    const qsizetype keep = secret.size() > 12 ? 4 : 0;
    return secret.left(keep) + "\xE2\x80\xA6[redacted, " + QByteArray::number(secret.size()) + " bytes]";
}

/// name=value; name2=value2 → name=…; name2=… (attributes after the first pair stay for Set-Cookie).
QByteArray redactCookies(const QByteArray& value, bool setCookie)
{
    QList<QByteArray> parts = value.split(';');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (setCookie && i > 0)
            break;
        const qsizetype eq = parts[i].indexOf('=');
        if (eq >= 0)
            parts[i] = parts[i].left(eq + 1) + redactOpaque(parts[i].mid(eq + 1));
    }
    return parts.join(';');
}

} // namespace

RedactionRules RedactionRules::forSpec(const RequestSpec& spec)
{
    RedactionRules rules;
    rules.headerNames = {"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"};
    for (const Credential& c : spec.credentials) {
        if (c.place == Credential::Place::Query)
            rules.queryNames.append(c.name);
        else if (!containsName(rules.headerNames, c.name))
            rules.headerNames.append(c.name);
    }
    return rules;
}

bool RedactionRules::isSecretHeader(QByteArrayView name) const
{
    return containsName(headerNames, name);
}

bool RedactionRules::isSecretQuery(QByteArrayView name) const
{
    return containsName(queryNames, name);
}

QByteArray redactValue(QByteArrayView headerName, const QByteArray& value)
{
    if (headerName.compare("Cookie", Qt::CaseInsensitive) == 0)
        return redactCookies(value, false);
    if (headerName.compare("Set-Cookie", Qt::CaseInsensitive) == 0)
        return redactCookies(value, true);
    // "Scheme credentials": keep the scheme, it is what a reader needs to see.
    const qsizetype space = value.indexOf(' ');
    if ((headerName.compare("Authorization", Qt::CaseInsensitive) == 0
         || headerName.compare("Proxy-Authorization", Qt::CaseInsensitive) == 0)
        && space > 0)
        return value.left(space + 1) + redactOpaque(value.mid(space + 1).trimmed());
    return redactOpaque(value);
}

QUrl redactUrl(const QUrl& url, const RedactionRules& rules)
{
    QUrl out = url;
    out.setPassword({});
    if (rules.queryNames.isEmpty() || !url.hasQuery())
        return out;
    QUrlQuery query(url);
    auto items = query.queryItems(QUrl::FullyEncoded);
    for (auto& item : items) {
        if (rules.isSecretQuery(item.first.toUtf8()))
            item.second
                = QString::fromUtf8(QUrl::toPercentEncoding(QString::fromUtf8(redactOpaque(item.second.toUtf8()))));
    }
    query.setQueryItems(items);
    out.setQuery(query);
    return out;
}

bool isRedactedValue(QByteArrayView value)
{
    if (value.contains("[redacted, "))
        return true;
    QByteArrayView v = value.trimmed();
    const qsizetype space = v.indexOf(' ');
    if (space > 0 && space < 20) // "Bearer REDACTED"
        v = v.sliced(space + 1).trimmed();
    for (QByteArrayView mark : {"REDACTED", "[REDACTED]", "<REDACTED>", "<redacted>", "[redacted]", "redacted", "***",
                                "****", "********", "[FILTERED]", "[removed]", "SANITIZED"}) {
        if (v.compare(mark, Qt::CaseSensitive) == 0)
            return true;
    }
    return false;
}

} // namespace Authlens::Http
