#pragma once

#include "http/Exchange.h"
#include "http/RequestSpec.h"
#include "oauth/ResendResult.h"
#include "workspace/TokenService.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>
#include <optional>

namespace Authlens::Http {
class HttpClient;
}
namespace Authlens::Profiles {
class SecretStore;
}
namespace Authlens::Workspace {
class RefreshAndResend;
}

namespace Authlens::Gui {

class DeviceCodePanel;
class DiagnosisPanel;
class RequestComposer;
class RequestController;
class Session;
class SignInPrompt;

/// The window's side of the token service (issue 10): runs the core resend flow (Workspace::RefreshAndResend)
/// for the composer's profile and request — "Refresh token & resend" and "Get a new token" on a 401, and
/// every send of a profile that refreshes before sending — with the profile's cookie jar. When new tokens
/// arrive (stored by the service before anything is resent) it updates the session: the cached secrets,
/// and for a stored profile the non-secret token facts through Session::saveProfile (demo profiles stay in
/// memory); the composer's Auth tab takes the new token. Then it hands the exchange to show and the
/// before/after result to the window.
class TokenRefresher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenRefresher)
public:
    TokenRefresher(RequestComposer* composer, RequestController* controller, Session* session, DiagnosisPanel* panel,
                   QObject* parent = nullptr);
    ~TokenRefresher() override;

    /// Whether the composer's profile gets access tokens by itself for this exchange: OAuth 2 (in the
    /// profile and the Auth tab) with a token endpoint, given or discoverable (the 401's resource_metadata,
    /// the token's iss, or one discovered earlier this session). DiagnoseOptions::canRefreshToken.
    bool canGetTokens(const Http::Exchange& exchange) const;
    /// Whether "Refresh token & resend" (Mode::Refresh) or "Get a new token" (Mode::New) would run here and
    /// now: nothing else running, and the profile holds what the grant needs. "Get a new token" is the
    /// profile's own grant, so a profile whose grant is the refresh token has none.
    bool canRun(Workspace::TokenService::Mode mode, const Http::Exchange& exchange) const;
    /// Gets a token (refresh grant or the profile's) and sends the composer's request again. `shown` is the
    /// exchange the fix was picked on: the API's 401, or the token endpoint's refusal of an earlier run
    /// (then the 401 that run started from is the one fixed).
    void refreshAndResend(Workspace::TokenService::Mode mode, const Http::Exchange& shown);
    /// The send path: a profile that refreshes before sending (OAuthSettings::refreshBeforeSeconds) sends
    /// through the core flow — refresh first when the token expires soon, and once more after a 401 with a
    /// token finding. False when the request should go out as it is.
    bool send(const Http::RequestSpec& spec);
    bool isRunning() const;
    void cancel();

Q_SIGNALS:
    void runningChanged(bool running);
    /// A request of the flow goes out (its first hop): the window clears the inspector and the findings.
    void sendStarted(const Authlens::Http::RequestSpec& spec);
    void hopStarted(int index, const QUrl& url);
    /// The exchange to show now: the answer to the (re)sent request, or the token endpoint's when the token
    /// run failed (its findings say why; nothing was resent).
    void exchangeFinished(const Authlens::Http::Exchange& exchange);
    /// What the flow did, for the before/after comparison; after exchangeFinished, when a token run happened.
    void resendFinished(const Authlens::Gui::ResendResult& result);
    void statusMessage(const QString& message);

private:
    struct Pending
    {
        QString profileId;
        Http::RequestSpec spec;
        std::optional<Http::Exchange> failed;
        Workspace::TokenService::Mode mode = Workspace::TokenService::Mode::Refresh;
    };
    void start(const Pending& pending);
    void run(const Pending& pending, const Profiles::Profile& profile, Profiles::SecretStore* store,
             const QString& storeProblem);
    void tokensArrived(const QString& profileId, const Workspace::TokenOutcome& token);
    /// device_code (RFC 8628): the code, link and QR code while the service polls; Cancel cancels the run.
    void showDeviceCode(const Workspace::DeviceAuthorization& device);
    void finished(const ResendResult& result);
    /// The composer's profile as the Auth tab would send it: the session's (with secrets) and the Auth tab's token.
    std::optional<Profiles::Profile> composerProfile() const;

    RequestComposer* m_composer = nullptr;
    RequestController* m_controller = nullptr;
    Session* m_session = nullptr;
    DiagnosisPanel* m_panel = nullptr;
    SignInPrompt* m_signIn = nullptr; ///< in the panel while a browser sign-in waits (issue 11)
    Http::HttpClient* m_client = nullptr; ///< the flow's API requests, with the profile's cookie jar
    std::unique_ptr<Workspace::RefreshAndResend> m_flow;
    QPointer<DeviceCodePanel> m_devicePanel; ///< the device sign-in of the running flow
    bool m_starting = false; ///< secrets or the keychain are being waited for
    ResendResult m_result; ///< of the flow that runs
    QHash<QString, QUrl> m_discovered; ///< token endpoints discovered this session, by profile id
    /// The API's 401 of the last flow whose token run failed, by profile id: "Get a new token" on the token
    /// endpoint's refusal fixes that request.
    QHash<QString, Http::Exchange> m_lastFailed;
};

} // namespace Authlens::Gui
