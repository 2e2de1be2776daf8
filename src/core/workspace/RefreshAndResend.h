#pragma once

#include "diagnosis/Diagnoser.h"
#include "http/Exchange.h"
#include "http/RequestSpec.h"
#include "profiles/Profile.h"
#include "workspace/TokenService.h"
#include "workspace/WorkspaceError.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace Authlens::Http {
class HttpClient;
}

namespace Authlens::Workspace {

/// One request the flow sent (or was given): the request as it went out, its exchange and its diagnosis.
struct FlowSend
{
    Http::RequestSpec spec;
    Http::Exchange exchange;
    Diagnosis::Diagnosis diagnosis;
};

/// What "Refresh token & resend" (GUI) and `send --refresh` (CLI) did: the first exchange and the second,
/// and the token run between them, so both can be shown side by side with the token-endpoint transcript.
struct ResendOutcome
{
    /// The 401 the flow started from: the failed exchange it was given, or its own first send when that
    /// answered 401 with a token finding. Empty when no resend was needed or the refresh came first.
    std::optional<FlowSend> before;
    /// The last send: the resend after the refresh, or the only send when none was needed. Empty when the
    /// token run failed (resending the same token would only repeat the 401) or nothing could be sent.
    std::optional<FlowSend> after;
    /// The token run, when there was one (at most one per flow: never a loop).
    std::optional<TokenOutcome> token;
    /// The token run happened before the first send (the token was expired or about to expire).
    bool refreshedFirst = false;
    /// Refused: the token endpoint said no (token->findings() explain; token->reauthenticate for a dead
    /// refresh token); BadInput, Network: the token run or the send could not be made. A 401 of the API
    /// after the resend is not an error here: `after` shows it.
    Error error;
    /// What the flow did, in one or two sentences for people ("The access token expired 2 h ago: refreshed
    /// before sending.", "The API answered 401 (token.expired): refreshed the token and resent once.").
    QString summary;
    /// The profile after the flow (new tokens in sessionSecrets, expiry and token type updated): the caller
    /// keeps it, and saves its non-secret part through its profile repository.
    Profiles::Profile profile;

    /// Every exchange of the flow in the order it happened: the first send, each token-endpoint step, the
    /// resend (for a HAR of the whole flow).
    QList<Http::Exchange> exchanges() const;
};

/// The resend flow the GUI and the CLI share (issue 10): given a profile and a request, refresh first when
/// the token is expired or about to expire; send; when the answer is still a 401 with a token finding
/// (refreshMayHelp()), refresh and resend once. Given the failed exchange instead, refresh at once and
/// resend. At most one token run per flow, and the resend starts only after the new tokens are stored
/// (TokenService confirms the keychain write before it reports).
class RefreshAndResend final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RefreshAndResend)
public:
    struct Request
    {
        Profiles::Profile profile; ///< with its secrets loaded into sessionSecrets
        /// The request as assembled from the profile and the draft, the profile's credentials applied.
        Http::RequestSpec spec;
        /// The 401 the user asks to fix ("Refresh token & resend"): the flow refreshes at once, then
        /// resends. Without it the flow sends first (after a refresh when the token is expired).
        std::optional<Http::Exchange> failed;
        /// For the diagnoses of the sends (the profile's expected audience and issuer are added when empty).
        Diagnosis::DiagnoseOptions diagnoseOptions;
        /// Also refresh first when the token is already expired (or missing) although the profile does not
        /// ask for refreshes before sending (refreshBeforeSeconds -1): what `send --refresh` means.
        bool refreshIfExpired = true;
        TokenService::Mode mode = TokenService::Mode::Refresh;
        QDateTime now; ///< invalid: the current time
        /// Interactive grants (issue 11): as TokenService::Request's, handed to the token run.
        std::function<bool(const QUrl&)> openBrowser;
        int interactionTimeoutSeconds = 300;
    };
    using Done = std::function<void(const ResendOutcome&)>;

    /// `store` as for TokenService (nullptr: tokens only in memory). `client` sends the API requests (the
    /// profile's cookie jar and connections apply); nullptr: the flow owns one. Both must outlive the flow.
    explicit RefreshAndResend(Profiles::SecretStore* store, QObject* parent = nullptr,
                              Http::HttpClient* client = nullptr);
    ~RefreshAndResend() override;

    /// Runs the flow; `done` runs on the event loop, bound to `context`. One flow at a time (a second run()
    /// is refused with a Usage error).
    void run(const Request& request, QObject* context, Done done);
    bool isRunning() const;
    /// Stops the flow (a store write in progress still completes); `done` reports what was done so far.
    void cancel();

    TokenService* tokenService() const;

Q_SIGNALS:
    /// The token run starts (before the first send, or between the sends).
    void tokenRunStarted();
    /// The token run ended, tokens stored (or the failure known): always before the resend starts.
    void tokenRunFinished(const Authlens::Workspace::TokenOutcome& outcome);
    /// Send `index` (0: the first, 1: the resend) starts a hop.
    void hopStarted(int index, int hop, const QUrl& url);

private:
    struct Flow;
    void startSend(int index);
    void startRefresh();
    void sendFinished(const Http::Exchange& exchange);
    void refreshFinished(const TokenOutcome& outcome);
    void finish();

    std::unique_ptr<TokenService> m_tokens;
    QPointer<Http::HttpClient> m_client;
    std::unique_ptr<Http::HttpClient> m_ownClient;
    std::unique_ptr<Flow> m_flow;
};

} // namespace Authlens::Workspace
