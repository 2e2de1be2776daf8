#include "composer/RequestDraft.h"

#include "http/SecretPolicy.h"

#include <QVariantList>

namespace Authlens::Gui {

QVariantMap RequestDraft::toVariantMap() const
{
    QVariantList headerList;
    for (const KeyValueRow& row : headers) {
        // Drafts are kept in the settings file: a credential header keeps its name, never its value.
        const bool secret = Http::SecretPolicy::standard().isSecretHeader(row.key.toLatin1());
        headerList.append(QVariantMap {{QStringLiteral("enabled"), row.enabled && !secret},
                                       {QStringLiteral("name"), row.key},
                                       {QStringLiteral("value"), secret ? QString() : row.value}});
    }
    return {{QStringLiteral("method"), method},
            {QStringLiteral("url"), url},
            {QStringLiteral("headers"), headerList},
            {QStringLiteral("body"), body},
            {QStringLiteral("contentType"), contentType},
            {QStringLiteral("profileId"), profileId},
            {QStringLiteral("savedRequestId"), savedRequestId}};
}

RequestDraft RequestDraft::fromVariantMap(const QVariantMap& map)
{
    RequestDraft draft;
    draft.method = map.value(QStringLiteral("method"), draft.method).toString();
    draft.url = map.value(QStringLiteral("url")).toString();
    const QVariantList headerList = map.value(QStringLiteral("headers")).toList();
    for (const QVariant& entry : headerList) {
        const QVariantMap h = entry.toMap();
        draft.headers.append({h.value(QStringLiteral("enabled"), true).toBool(),
                              h.value(QStringLiteral("name")).toString(),
                              h.value(QStringLiteral("value")).toString(),
                              {}});
    }
    draft.body = map.value(QStringLiteral("body")).toString();
    draft.contentType = map.value(QStringLiteral("contentType")).toString();
    draft.profileId = map.value(QStringLiteral("profileId")).toString();
    draft.savedRequestId = map.value(QStringLiteral("savedRequestId")).toString();
    return draft;
}

} // namespace Authlens::Gui
