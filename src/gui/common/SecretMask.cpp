#include "common/SecretMask.h"

#include "common/DisplayFormat.h"
#include "util/Chars.h"

#include <QUrlQuery>

namespace Authlens::Gui {

namespace {

// "a=1; b=2" → "a=••••; b=••••"
QString maskCookiePairs(const QByteArray& value)
{
    QStringList pairs;
    for (const QByteArray& pair : value.split(';')) {
        const QByteArray trimmed = pair.trimmed();
        const qsizetype eq = trimmed.indexOf('=');
        if (eq < 0) {
            pairs.append(headerText(trimmed));
            continue;
        }
        pairs.append(headerText(trimmed.left(eq)) + u'=' + maskSecret(headerText(trimmed.mid(eq + 1))));
    }
    return pairs.join(u"; ");
}

// "sid=abc; Path=/; HttpOnly" → "sid=•••• (3 chars); Path=/; HttpOnly"
QString maskSetCookie(const QByteArray& value)
{
    const qsizetype semicolon = value.indexOf(';');
    const QByteArray first = semicolon < 0 ? value : value.left(semicolon);
    const QByteArray rest = semicolon < 0 ? QByteArray() : value.mid(semicolon);
    return maskCookiePairs(first) + headerText(rest);
}

} // namespace

QString maskSecret(QStringView value)
{
    if (value.isEmpty())
        return {};
    return QStringLiteral("•••••••• (%1 chars)").arg(value.size());
}

QString displayUrl(const QUrl& url, bool reveal, const Http::SecretPolicy& policy)
{
    if (reveal || !url.hasQuery())
        return url.toDisplayString(QUrl::RemoveUserInfo);
    QUrlQuery query(url);
    auto items = query.queryItems(QUrl::FullyDecoded);
    bool masked = false;
    for (auto& [name, value] : items) {
        if (!value.isEmpty() && policy.isSecretQueryParam(name)) {
            value = QStringLiteral("••••••••");
            masked = true;
        }
    }
    if (!masked)
        return url.toDisplayString(QUrl::RemoveUserInfo);
    QUrl shown = url;
    QUrlQuery maskedQuery;
    maskedQuery.setQueryItems(items);
    shown.setQuery(maskedQuery);
    return shown.toDisplayString(QUrl::RemoveUserInfo);
}

QString displayHeaderValue(QByteArrayView name, const QByteArray& value, bool reveal, const Http::SecretPolicy& policy)
{
    if (reveal || !policy.isSecretHeader(name))
        return headerText(value);
    if (Util::sameName(name, "Authorization") || Util::sameName(name, "Proxy-Authorization")) {
        const QByteArray trimmed = value.trimmed();
        const qsizetype space = trimmed.indexOf(' ');
        if (space > 0)
            return headerText(trimmed.left(space)) + u' ' + maskSecret(headerText(trimmed.mid(space + 1).trimmed()));
        return maskSecret(headerText(trimmed));
    }
    if (Util::sameName(name, "Cookie"))
        return maskCookiePairs(value);
    if (Util::sameName(name, "Set-Cookie"))
        return maskSetCookie(value);
    return maskSecret(headerText(value));
}

} // namespace Authlens::Gui
