#pragma once

#include "diagnosis/Finding.h"
#include "http/Exchange.h"
#include "http/RequestSpec.h"
#include "profiles/Profile.h"
#include "workspace/WorkspaceError.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace Authlens::Profiles {
class SecretStore;
}

namespace Authlens::Workspace {

/// Where the token endpoint of a run came from, in the order the service tries them (issue 10): the
/// profile; a 401's RFC 9728 resource_metadata → its authorization_servers → RFC 8414 metadata (or OpenID
/// discovery); the token's iss.
enum class EndpointSource { Profile, ResourceMetadata, Issuer };
/// "profile", "resource_metadata", "issuer".
QString endpointSourceName(EndpointSource source);

/// One request a token run made: a discovery fetch or the token request itself, as the Exchange
/// HttpClient recorded (its hops, timing, TLS), with the findings of the Diagnoser on it (oauth.* codes
/// for the token call). Secrets in it are the caller's to redact when shown (the secret policy).
struct TokenStep
{
    QString title; ///< "Protected resource metadata (RFC 9728)", "Token request: refresh_token grant"
    Http::Exchange exchange;
    QList<Diagnosis::Finding> findings;
};

/// The parsed answer of a token endpoint (RFC 6749 §5.1 / §5.2). Pure data.
struct TokenResponse
{
    bool ok = false; ///< a JSON object with access_token (and no error)
    QString accessToken; ///< secret
    QString tokenType; ///< "Bearer", "DPoP" (as sent)
    std::optional<qint64> expiresIn; ///< seconds
    QString refreshToken; ///< secret; empty when none was issued
    QString idToken; ///< secret
    QStringList scopes; ///< the "scope" the server granted (RFC 6749 §5.1), when it says
    QString error; ///< RFC 6749 §5.2 error code, when the answer is one
    QString errorDescription;
    QString problem; ///< why the answer is not usable (not JSON, no access_token …), for people
};

/// What a token run did and got. The tokens are secrets: never logged, and stored in the keychain
/// (and the write confirmed) before the run reports — a rotated refresh token must never be lost.
struct TokenOutcome
{
    bool ok = false;
    Error error; ///< Refused: the authorization server said no (its finding explains); BadInput: the profile
                 ///< lacks what the grant needs; Network; Keychain (the tokens were got but not stored)
    QString grantType; ///< the grant that ran
    QUrl tokenEndpoint;
    EndpointSource endpointSource = EndpointSource::Profile;
    QString endpointNote; ///< "from the 401's resource_metadata → https://as.example/.well-known/…"
    QList<TokenStep> transcript;
    TokenResponse response;
    qint64 expiresAt = 0; ///< seconds since the epoch (now + expires_in), 0 unknown
    bool refreshTokenRotated = false; ///< a new refresh token replaced the one that was sent
    bool stored = false; ///< written to the secret store and confirmed
    /// The store write failed: the tokens live in `profile.sessionSecrets` for this session only, never on
    /// disk; this says why, for the user.
    QString storeError;
    /// The profile after the run: auth.oauth.accessTokenExpiresAt and tokenType updated (not secret, for the
    /// caller to save through its profile repository), sessionSecrets holding the new tokens.
    Profiles::Profile profile;
};

/// The OAuth 2 token service the GUI and the CLI both call (DESIGN.md §3): builds a grant, sends it through
/// HttpClient (the profile's proxy, CA and client certificate apply; every call is an Exchange), parses
/// the answer, detects rotation, stores the tokens in the secret store before it reports, and says in a
/// transcript what it did. Grants: client_credentials, password, refresh_token; client authentication
/// client_secret_basic, client_secret_post, none; scopes, audience, RFC 8707 resources, extra parameters.
class TokenService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenService)
public:
    enum class Mode {
        Refresh, ///< the refresh_token grant when a refresh token exists, else the profile's grant
        New, ///< the profile's own grant, never the refresh token ("Get a new token")
    };

    struct Request
    {
        Profiles::Profile profile; ///< with its secrets loaded into sessionSecrets
        Mode mode = Mode::Refresh;
        /// A 401 of the API: its RFC 9728 resource_metadata may name the authorization server when the
        /// profile has no token endpoint.
        std::optional<Http::Exchange> challenged;
        /// "Now" for expiry arithmetic (CLI --now); invalid: the current time.
        QDateTime now;
    };
    using Done = std::function<void(const TokenOutcome&)>;

    /// `store` is where the tokens go (the keychain, or session-only memory); nullptr keeps them in the
    /// outcome only (demo profiles). It must outlive the service.
    explicit TokenService(Profiles::SecretStore* store, QObject* parent = nullptr);
    ~TokenService() override;

    /// Runs the request asynchronously; `done` runs on the event loop, bound to `context`.
    void run(const Request& request, QObject* context, Done done);
    bool isRunning() const;

    // ---- pure functions (table-tested) ----

    /// The grant's request to `endpoint`: form body, client authentication, scopes, audience, resources and
    /// extra parameters, and the transport of the profile. `grant` is "client_credentials", "password" or
    /// "refresh_token". A BadInput error when the profile lacks what the grant needs.
    static std::optional<Http::RequestSpec> tokenRequest(const Profiles::Profile& profile, const QString& grant,
                                                         const QUrl& endpoint, Error* error);
    /// Reads a token endpoint's answer (RFC 6749 §5.1, §5.2), whatever it is.
    static TokenResponse parseTokenResponse(const Http::Hop& hop);

private:
    struct Run;
    Profiles::SecretStore* m_store = nullptr;
    std::unique_ptr<Run> m_run;
};

/// Whether a profile's access token should be refreshed before a send: the method is OAuth 2, a refresh
/// before sending is set (refreshBeforeSeconds ≥ 0), and the token expires within that many seconds of
/// `now` (or is missing). Pure.
bool shouldRefreshBeforeSend(const Profiles::Profile& profile, qint64 now);

} // namespace Authlens::Workspace
