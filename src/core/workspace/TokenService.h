#pragma once

#include "diagnosis/Finding.h"
#include "http/Exchange.h"
#include "http/RequestSpec.h"
#include "profiles/Profile.h"
#include "workspace/WorkspaceError.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace Authlens::Http {
class HttpClient;
}
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
    /// New tokens were obtained: they are in `profile.sessionSecrets`. `error` may still be Keychain when
    /// they could not be stored (then `storeError` says why and they live for this session only).
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

    // Added in issue 10 beyond the first contract (the GUI and the CLI need them to say what happened):

    /// The new tokens live only in `profile.sessionSecrets` (and die with the process): a demo profile, no
    /// store, a session-only store, or the write failed (then `storeError` says why).
    bool sessionOnly = false;
    /// The authorization server refused the refresh token (invalid_grant on a refresh_token grant): it
    /// expired, was revoked or was reused. Only a full re-authentication helps ("Get a new token", or
    /// signing in again); the service never retries it by itself.
    bool reauthenticate = false;
    /// Index into `transcript` of the token request itself (-1 when the run ended before sending it:
    /// discovery failed, the profile lacks what the grant needs).
    int tokenStep = -1;

    /// The token request's step, or nullptr.
    const TokenStep* tokenRequestStep() const;
    /// The findings of every step, in transcript order.
    QList<Diagnosis::Finding> findings() const;
};

/// What a device authorization endpoint answered (RFC 8628 §3.2), as the user needs to see it. The
/// device_code itself is a secret of the run and is not here.
struct DeviceAuthorization
{
    QString userCode;
    QUrl verificationUri;
    QUrl verificationUriComplete; ///< may be empty
    qint64 expiresIn = 0; ///< seconds from when it was issued
    int interval = 5; ///< seconds between polls (RFC 8628 §3.2 default 5)
};

/// The OAuth 2 token service the GUI and the CLI both call (DESIGN.md §3): builds a grant, sends it through
/// HttpClient (the profile's proxy, CA and client certificate apply; every call is an Exchange), parses
/// the answer, detects rotation, stores the tokens in the secret store before it reports, and says in a
/// transcript what it did. Grants: client_credentials, password, refresh_token, device_code (RFC 8628,
/// DeviceFlow.cpp), authorization_code (TokenServiceCode.cpp: a browser sign-in with PKCE and a loopback
/// redirect first, AuthorizationCodeFlow.h, then the token request; with openid the ID token is checked before
/// the tokens, and it, are stored); client authentication client_secret_basic, client_secret_post, none,
/// private_key_jwt, client_secret_jwt; scopes, audience, RFC 8707 resources, extra parameters.
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
        /// Mode::New only: run this grant instead of the profile's ("authorization_code", "device_code"; the
        /// CLI's login --flow). Empty: the profile's grant.
        QString grantOverride;
        /// Interactive grants (authorization_code, device_code): how to show the user a URL in a browser.
        /// AUTHLENS_BROWSER, when set, wins (see openInBrowser()); null, or false returned: the URL is only
        /// announced through authorizationUrlReady / deviceAuthorizationReady for the caller to print.
        std::function<bool(const QUrl&)> openBrowser;
        /// Interactive grants: how long to wait for the user (the browser's callback, the device approval,
        /// bounded by the device code's expires_in) before the run ends with a Network error "Timed out …".
        int interactionTimeoutSeconds = 300;
    };
    using Done = std::function<void(const TokenOutcome&)>;

    /// `store` is where the tokens go (the keychain, or session-only memory); nullptr keeps them in the
    /// outcome only (demo profiles). It must outlive the service.
    explicit TokenService(Profiles::SecretStore* store, QObject* parent = nullptr);
    ~TokenService() override;

    /// Runs the request asynchronously; `done` runs on the event loop, bound to `context` (never from
    /// inside run()). One run at a time: a run() while another is running is refused with a Usage error
    /// (cancelling a run between the token answer and the keychain write would lose a rotated refresh token).
    void run(const Request& request, QObject* context, Done done);
    bool isRunning() const;
    /// Stops a run that is still discovering or waiting for the token endpoint (`done` then reports a
    /// Network error "Cancelled"). Once the token endpoint has answered, the store write always completes.
    void cancel();

    /// The grant a run in `mode` uses: Refresh → "refresh_token" when the profile holds a refresh token,
    /// else the profile's grant; New → the profile's grant.
    static QString grantFor(const Profiles::Profile& profile, Mode mode);

    // ---- pure functions (table-tested) ----

    /// The grant's request to `endpoint`: form body, client authentication, scopes, audience, resources and
    /// extra parameters, and the transport of the profile. `grant` is "client_credentials", "password" or
    /// "refresh_token". A BadInput error when the profile lacks what the grant needs.
    static std::optional<Http::RequestSpec> tokenRequest(const Profiles::Profile& profile, const QString& grant,
                                                         const QUrl& endpoint, Error* error);
    /// Reads a token endpoint's answer (RFC 6749 §5.1, §5.2), whatever it is.
    static TokenResponse parseTokenResponse(const Http::Hop& hop);
    /// What the profile lacks for `grant` (client id, client secret, user and password, refresh token), as
    /// a BadInput error; no error when the grant can be run. tokenRequest() checks the same; the GUI asks
    /// this to decide whether to offer "Get a new token".
    static Error checkGrant(const Profiles::Profile& profile, const QString& grant);

Q_SIGNALS:
    /// A step of a run starts: a discovery fetch, or the token request (`title` as in TokenStep).
    void stepStarted(int index, const QString& title);
    /// authorization_code: the user must sign in at `url` (already handed to the browser when `opened`); the
    /// loopback listens at `redirectUri`. The run waits until the callback, cancel() or the timeout.
    void authorizationUrlReady(const QUrl& url, const QUrl& redirectUri, bool opened);
    /// device_code: show `device` to the user; polling starts.
    void deviceAuthorizationReady(const Authlens::Workspace::DeviceAuthorization& device);
    /// device_code: a poll was answered (authorization_pending, slow_down …); `secondsLeft` until the device
    /// code expires, `interval` the current polling interval.
    void devicePolled(const QString& answer, int secondsLeft, int interval);

private:
    struct Run;
    void start();
    void chooseEndpoint();
    void fetchDocument(const QString& title, const QUrl& url, std::function<void(const QJsonObject&)> use,
                       std::function<void(const QString&)> fail);
    void fetchResourceMetadata(const QUrl& url);
    void tryNextAuthorizationServer();
    void tryIssuerOfToken();
    void noEndpoint();
    void endpointFound(const QUrl& endpoint);
    void sendTokenRequest();
    void tokenAnswered(const Http::Exchange& exchange);
    void storeTokens();
    void finish();
    void clientFinished(const Http::Exchange& exchange);
    // The device authorization grant (RFC 8628), DeviceFlow.cpp.
    void startDeviceGrant();
    void requestDeviceAuthorization(const QUrl& endpoint);
    void deviceAuthorized(int index, const Http::Exchange& exchange);
    void pollDevice();
    void devicePollAnswered(const Http::Exchange& exchange);
    void deviceDeadline();
    // authorization_code (TokenServiceCode.cpp): the browser sign-in, the code in the token request, and
    // the ID token's checks before the tokens are stored.
    void startAuthorizationCode();
    void beginSignIn(const QUrl& authorizationEndpoint);
    void addAuthorizationCode(Http::RequestSpec& spec) const;
    void checkIdTokenThenStore();
    void idTokenChecked(const QByteArray& jwks, const QString& keysSource);

    Profiles::SecretStore* m_store = nullptr;
    std::unique_ptr<Http::HttpClient> m_client;
    std::unique_ptr<Run> m_run;
};

/// Opens `url` for the user: the command named by the AUTHLENS_BROWSER environment variable when it is set
/// (run with the URL as its one argument; a script or a test completes the flow that way), else `fallback`
/// (the GUI's QDesktopServices::openUrl); false when neither opened it.
bool openInBrowser(const QUrl& url, const std::function<bool(const QUrl&)>& fallback);

/// Whether a profile's access token should be refreshed before a send: the method is OAuth 2, a refresh
/// before sending is set (refreshBeforeSeconds ≥ 0), and the token expires within that many seconds of
/// `now` (or is missing). The expiry is accessTokenExpiry(). Pure.
bool shouldRefreshBeforeSend(const Profiles::Profile& profile, qint64 now);

/// When the profile's access token expires, in seconds since the epoch: auth.oauth.accessTokenExpiresAt,
/// else the `exp` claim of the access token when it is a JWT (a token pasted in or imported); 0 unknown.
/// Pure. The composer shows the remaining lifetime from it.
qint64 accessTokenExpiry(const Profiles::Profile& profile);

/// Whether a new token may turn this answer around: the profile uses OAuth 2 (and so can get a token),
/// the exchange ended in a 401, and its findings say the token expired, was revoked, was signed with a
/// key the server no longer knows, or that no credentials were sent (token.expired, token.revoked,
/// token.signature, credentials.missing). Pure.
bool refreshMayHelp(const Profiles::Profile& profile, const Http::Exchange& exchange,
                    const QList<Diagnosis::Finding>& findings);

/// The request with the credentials the profile's auth method placed (as `before` held them) replaced by
/// those of `after`: what a resend after a refresh sends. Credentials from elsewhere (the user's own
/// headers, the URL) stay as they are. Pure.
Http::RequestSpec withProfileCredentials(const Http::RequestSpec& spec, const Profiles::Profile& before,
                                         const Profiles::Profile& after);

} // namespace Authlens::Workspace
