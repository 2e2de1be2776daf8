#include "session/RequestBook.h"

#include "http/Redaction.h"

#include <QVariantMap>

namespace Authlens::Gui {

namespace {

/// `text` with the byte ranges of `spans` emptied (spans in order, not overlapping).
QByteArray emptied(QByteArray text, const QList<Http::SecretSpan>& spans)
{
    for (qsizetype i = spans.size() - 1; i >= 0; --i)
        text.remove(spans.at(i).offset, spans.at(i).length);
    return text;
}

} // namespace

RequestDraft withoutSecrets(const RequestDraft& draft)
{
    const Http::SecretPolicy& policy = Http::SecretPolicy::standard();
    RequestDraft out = draft; // toVariantMap() empties credential headers
    // A {{variable}} holds no secret: kept. Anything else the policy calls secret is emptied.
    const QByteArray url = draft.url.toUtf8();
    QList<Http::SecretSpan> query = Http::findSecretQueryValues(url, policy);
    query.removeIf([&url](const Http::SecretSpan& s) { return url.mid(s.offset, s.length).startsWith("{{"); });
    out.url = QString::fromUtf8(emptied(url, query));
    const QByteArray body = draft.body.toUtf8();
    QList<Http::SecretSpan> fields = Http::findSecretFields(body, draft.contentType.toUtf8(), policy);
    fields.removeIf([&body](const Http::SecretSpan& s) { return body.mid(s.offset, s.length).startsWith("{{"); });
    out.body = QString::fromUtf8(emptied(body, fields));
    return out;
}

RequestBook::RequestBook(QObject* parent)
    : QObject(parent)
{
}

RequestBook::~RequestBook() = default;

QString RequestBook::id(const Key& key)
{
    return key.profileId + u'\x1f' + key.requestId;
}

void RequestBook::keepDraft(const Key& key, const Draft& draft, bool modified)
{
    const QString k = id(key);
    const bool was = m_drafts.contains(k);
    if (modified) {
        m_drafts.insert(k, draft);
        m_draftKeys.insert(k, key);
    } else {
        m_drafts.remove(k);
        m_draftKeys.remove(k);
    }
    if (was != modified)
        Q_EMIT modifiedChanged(key.profileId, key.requestId, modified);
}

std::optional<RequestBook::Draft> RequestBook::draft(const Key& key) const
{
    const auto it = m_drafts.constFind(id(key));
    if (it == m_drafts.cend())
        return std::nullopt;
    return *it;
}

bool RequestBook::isModified(const Key& key) const
{
    return m_drafts.contains(id(key));
}

QList<RequestBook::Key> RequestBook::modifiedKeys() const
{
    return m_draftKeys.values();
}

void RequestBook::discardDraft(const Key& key)
{
    keepDraft(key, {}, false);
}

void RequestBook::keepResponse(const Key& key, const Response& response)
{
    m_responses.insert(id(key), response);
}

const RequestBook::Response* RequestBook::response(const Key& key) const
{
    const auto it = m_responses.constFind(id(key));
    return it == m_responses.cend() ? nullptr : &*it;
}

void RequestBook::forgetMissing(const std::function<bool(const Key&)>& exists)
{
    const QList<Key> keys = m_draftKeys.values();
    for (const Key& key : keys) {
        if (!exists(key))
            discardDraft(key);
    }
    for (auto it = m_responses.begin(); it != m_responses.end();) {
        const QStringList parts = it.key().split(u'\x1f');
        if (parts.size() == 2 && !exists({parts.at(0), parts.at(1)}))
            it = m_responses.erase(it);
        else
            ++it;
    }
}

QVariantList RequestBook::saveDrafts() const
{
    QVariantList list;
    for (auto it = m_drafts.cbegin(); it != m_drafts.cend(); ++it) {
        const Key key = m_draftKeys.value(it.key());
        QVariantMap map = withoutSecrets(it->request).toVariantMap();
        map.insert(QStringLiteral("bookProfileId"), key.profileId);
        map.insert(QStringLiteral("bookRequestId"), key.requestId);
        list.append(map);
    }
    return list;
}

void RequestBook::restoreDrafts(const QVariantList& list)
{
    for (const QVariant& entry : list) {
        const QVariantMap map = entry.toMap();
        const Key key {map.value(QStringLiteral("bookProfileId")).toString(),
                       map.value(QStringLiteral("bookRequestId")).toString()};
        Draft draft;
        draft.request = RequestDraft::fromVariantMap(map);
        keepDraft(key, draft, true);
    }
}

} // namespace Authlens::Gui
