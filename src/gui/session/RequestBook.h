#pragma once

#include "auth/AuthSettings.h"
#include "composer/RequestDraft.h"
#include "http/Exchange.h"
#include "http/SecretPolicy.h"

#include <QHash>
#include <QObject>
#include <QVariantList>

#include <functional>
#include <optional>

namespace Authlens::Gui {

/// What the workbench remembers per request while the user moves between them (issue 14): the draft of
/// what they typed and its last response. A request is named by its profile and saved request ids (an
/// empty request id: the profile's new, unsaved request; both empty: a request without a profile).
///
/// Drafts outlive the session: they are kept in the settings file, without secrets (credential headers
/// keep their name and lose their value, secret query and body values are emptied, auth secrets are never
/// written). Responses live in memory only.
class RequestBook final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestBook)
public:
    struct Key
    {
        QString profileId;
        QString requestId;
        friend bool operator==(const Key&, const Key&) = default;
    };
    struct Draft
    {
        RequestDraft request;
        /// The Auth tab as the user left it; memory only (its secrets never reach the settings file).
        std::optional<Auth::AuthSettings> authSettings;
        std::optional<Auth::AuthSecrets> authSecrets;
    };
    struct Response
    {
        Http::Exchange exchange;
        Http::SecretPolicy policy; ///< with the credentials of the request that produced it
    };

    explicit RequestBook(QObject* parent = nullptr);
    ~RequestBook() override;

    /// Keeps `draft` as the request's draft, or forgets it when it equals what is saved (`modified` false).
    void keepDraft(const Key& key, const Draft& draft, bool modified);
    std::optional<Draft> draft(const Key& key) const;
    bool isModified(const Key& key) const;
    /// Every request with unsaved edits.
    QList<Key> modifiedKeys() const;
    void discardDraft(const Key& key);

    void keepResponse(const Key& key, const Response& response);
    const Response* response(const Key& key) const;

    /// A profile or request that is gone takes its draft and response with it.
    void forgetMissing(const std::function<bool(const Key&)>& exists);

    /// For the settings file: the drafts, secrets removed (see the class comment).
    QVariantList saveDrafts() const;
    void restoreDrafts(const QVariantList& list);

Q_SIGNALS:
    void modifiedChanged(const QString& profileId, const QString& requestId, bool modified);

private:
    static QString id(const Key& key);
    QHash<QString, Draft> m_drafts;
    QHash<QString, Key> m_draftKeys;
    QHash<QString, Response> m_responses;
};

/// A draft as it may be written to disk: credential header values, secret query parameter values and
/// secret body field values emptied (the names stay, so the user sees what to fill in again).
RequestDraft withoutSecrets(const RequestDraft& draft);

} // namespace Authlens::Gui
