#pragma once

#include "diagnosis/Finding.h"
#include "profiles/Profile.h"
#include "workspace/TokenService.h"
#include "workspace/WorkspaceError.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace Authlens::Http {
class HttpClient;
}

namespace Authlens::Workspace {

/// What the discovery documents of an API propose for a profile's OAuth 2 settings ("Set up OAuth for
/// this API", issue 11): RFC 9728 protected resource metadata, then the RFC 8414 metadata (or OpenID
/// discovery document) of the authorization server it names. Pure data.
struct OAuthProposal
{
    QUrl resource; ///< the protected resource's identifier (RFC 9728 §2 "resource")
    QUrl resourceMetadataUrl;
    QUrl serverMetadataUrl; ///< the RFC 8414 or OpenID document the endpoints came from
    QString issuer;
    QString tokenEndpoint;
    QString authorizationEndpoint; ///< may be empty
    QString deviceAuthorizationEndpoint; ///< may be empty
    QString grantType; ///< "authorization_code" (with PKCE S256), else "device_code", else "client_credentials"
    QString grantReason; ///< why that grant, for people
    QStringList scopes; ///< the resource's scopes_supported (RFC 9728 §2)
    bool dpopRequired = false; ///< dpop_bound_access_tokens_required (RFC 9728 §2)
    QString dpopAlg; ///< an alg both Authlens and the server's dpop_signing_alg_values_supported have (RFC 9449 §5.1)
    QStringList clientAuthMethods; ///< token_endpoint_auth_methods_supported (RFC 8414 §2; default basic)
    Auth::ClientAuth clientAuth = Auth::ClientAuth::ClientSecretBasic; ///< the one proposed
    QStringList bearerMethods; ///< bearer_methods_supported (RFC 9728 §2)
    /// Field key → "document, member" it came from (the dialog's source column).
    QHash<QString, QString> sources;

    /// One row of the proposal against a profile: field, the profile's value, the proposed value, where it
    /// came from. `differs` when applying it changes the profile.
    struct Field
    {
        QString key; ///< "method", "issuer", "token_endpoint", "authorization_endpoint",
                     ///< "device_authorization_endpoint", "grant_type", "pkce", "scopes", "dpop", "client_auth"
        QString label;
        QString current;
        QString proposed;
        QString source;
        bool differs = false;
    };
    QList<Field> fields(const Profiles::Profile& profile) const;
    /// `profile` with the fields of `keys` taken from the proposal (the method becomes OAuth 2 when "method"
    /// is among them) and `clientId` when it is not empty. The rest, secrets included, as it was.
    Profiles::Profile applied(const Profiles::Profile& profile, const QStringList& keys, const QString& clientId) const;

    /// The proposal of a resource's metadata and its authorization server's (pure; table-tested).
    static OAuthProposal from(const QUrl& resourceMetadataUrl, const QJsonObject& resourceMetadata,
                              const QUrl& serverMetadataUrl, const QJsonObject& serverMetadata);
};

/// What a setup run did and found: every fetch a TokenStep with the Diagnoser's findings on it (a resource
/// or issuer mismatch, a document that is not JSON …), and the proposal when it got that far.
struct OAuthSetupOutcome
{
    bool ok = false; ///< `proposal` holds a usable proposal (a token endpoint at least)
    Error error; ///< why not: BadInput (the documents say no), Network (nothing answered), Usage
    QList<TokenStep> transcript;
    OAuthProposal proposal;
    /// Problems of the run that no single document shows (the resource metadata is about another URL than
    /// the one that was answered 401), as findings of the catalog.
    QList<Diagnosis::Finding> problems;

    /// The problems, then the findings of every step, in transcript order.
    QList<Diagnosis::Finding> findings() const;
};

/// Fetches an API's protected resource metadata and its authorization server's metadata and proposes the
/// OAuth 2 settings of a profile (RFC 9728 §3, §5; RFC 8414 §3; OpenID Connect Discovery §4). Nothing is
/// saved here: the caller shows the proposal and applies what the user chose (OAuthProposal::applied).
/// HTTP goes through HttpClient with the profile's proxy and trust; no credential is sent.
class OAuthSetup final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OAuthSetup)
public:
    struct Request
    {
        Profiles::Profile profile; ///< the connection settings (proxy, CA) the fetches use
        QUrl resourceUrl; ///< the URL that was answered 401: the resource metadata must be about it (§3.3)
        QUrl resourceMetadataUrl; ///< the 401's resource_metadata (§5.1), or the well-known URL (§3.1)
    };
    using Done = std::function<void(const OAuthSetupOutcome&)>;

    /// The request for a 401 whose challenge names resource_metadata; nullopt when it names none.
    static std::optional<Request> requestFor(const Profiles::Profile& profile, const Http::Exchange& challenged);

    explicit OAuthSetup(QObject* parent = nullptr);
    ~OAuthSetup() override;

    /// Runs asynchronously; `done` runs on the event loop bound to `context`. One run at a time.
    void run(const Request& request, QObject* context, Done done);
    bool isRunning() const;
    void cancel();

Q_SIGNALS:
    void stepStarted(int index, const QString& title);

private:
    struct Run;
    void fetch(const QString& title, const QUrl& url, std::function<void(const QJsonObject&)> use,
               std::function<void(const QString&)> fail);
    void resourceMetadataFetched(const QJsonObject& metadata);
    void tryServer(qsizetype urlIndex);
    void fail(ErrorKind kind, const QString& message);
    void finish();

    std::unique_ptr<Http::HttpClient> m_client;
    std::unique_ptr<Run> m_run;
};

} // namespace Authlens::Workspace
