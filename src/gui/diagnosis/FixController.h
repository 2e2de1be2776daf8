#pragma once

#include "diagnosis/Diagnoser.h"
#include "diagnosis/FixComparison.h"
#include "http/Exchange.h"
#include "http/RequestSpec.h"
#include "oauth/ResendResult.h"
#include "workspace/TokenService.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

class QAction;
class QWidget;

namespace Authlens::Gui {

class DiagnosisPanel;
class OAuthSetupDialog;
class RequestComposer;
class ResponseInspector;
class RequestController;
class Session;
class TokenRefresher;

/// The parts of the window a fix acts on.
struct FixTargets
{
    RequestComposer* composer = nullptr;
    RequestController* controller = nullptr;
    Session* session = nullptr;
    DiagnosisPanel* panel = nullptr; ///< shows the buttons, the countdown and what a fix found out
    ResponseInspector* inspector = nullptr; ///< checks a token's signature (Token tab)
    QWidget* window = nullptr; ///< parent of confirmations
    TokenRefresher* tokens = nullptr; ///< gets new tokens and resends (token.refresh, token.new)
};

/// Performs the findings' fixes by id (a Fix is data: clang's fix-its, ESLint's fixers): switch the
/// composer's Auth tab to a scheme, resend (also without the jar's cookies, or after a wait), clear the
/// profile's cookie jar, allow an origin for the profile, show the clock offset, get a new token and resend
/// (through the TokenRefresher), set up the profile's OAuth 2 from the API's metadata (OAuthSetupDialog). It also says
/// which actions it can perform — the panel makes buttons only for those — and fills the DiagnoseOptions that tell the
/// Diagnoser what can be offered.
class FixController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FixController)
public:
    FixController(const FixTargets& targets, QObject* parent = nullptr);
    ~FixController() override;

    /// The action ids performed here.
    static const QStringList& actionIds();
    /// True when `fix` is an action this controller performs with its parameters, here and now.
    bool canPerform(const Diagnosis::Fix& fix) const;
    /// The options for diagnosing an exchange of the composer's current profile: its expected audience
    /// and issuer, and what can be done from here (resend, the profile's jar and origins, the schemes
    /// the Auth tab can switch to, new tokens from the profile's token service).
    Diagnosis::DiagnoseOptions diagnoseOptions() const;

    /// The exchange the panel's findings are about (the clock offset is read from it), and its diagnosis. When
    /// it is the answer to a fix's resend, fixCompared() brings the request before and after the fix.
    void setExchange(const Http::Exchange& exchange, const Diagnosis::Diagnosis& diagnosis);
    /// The request shown has no answer (not sent yet): no finding, nothing for a fix to compare with.
    void clearExchange();
    /// Keys the user fetched (an issuer's JWKS, by "Verify with issuer keys" or the
    /// token.verify_signature action): every later diagnosis checks token signatures with them.
    void addKeys(const Jwt::KeySet& keys);
    void perform(const Diagnosis::Finding& finding, const Diagnosis::Fix& fix);
    /// "Set Up OAuth for This API…" for the Request menu: the setup of the shown exchange's 401 on the user's
    /// word, also for a profile whose token service works already (the findings offer it only where none
    /// does). Enabled when that 401 names resource_metadata (RFC 9728 §5.1) and a profile is in use.
    QAction* setUpOAuthAction();

    bool isCountingDown() const { return m_countdown.isActive(); }
    int secondsLeft() const { return m_secondsLeft; }
    void cancelCountdown();

Q_SIGNALS:
    /// Send this request (a resend the composer cannot express, e.g. without the jar's cookies).
    void sendRequested(const Authlens::Http::RequestSpec& spec);
    void statusMessage(const QString& message);
    /// "Set up OAuth for this API" opened its dialog (non-modal; it deletes itself when closed).
    void oauthSetupOpened(Authlens::Gui::OAuthSetupDialog* dialog);
    /// A fix changed the request and sent it again (the AWS scope or clock, the cookies, a resend): the
    /// exchange before it and the answer after it, for the inspector's comparison. The token fixes have their
    /// own, with the token run (TokenRefresher::resendFinished).
    void fixCompared(const Authlens::Gui::ResendResult& result);

private:
    void useScheme(const QJsonObject& params);
    void resend(bool withJarCookies);
    void clearCookiesAndResend();
    void allowOrigin(const QJsonObject& params);
    void showClockOffset(const Diagnosis::Finding& finding, const QJsonObject& params);
    void useAwsServerClock(const QJsonObject& params);
    void resendAfter(int seconds);
    void verifySignature(const Diagnosis::Finding& finding);
    void getToken(Workspace::TokenService::Mode mode);
    void setUpOAuth(const QJsonObject& params);
    void setAwsScope(const QJsonObject& params);
    void updateSetUpOAuthAction();
    void tick();
    QString profileName() const;

    FixTargets m_targets;
    Http::Exchange m_exchange;
    Diagnosis::Diagnosis m_diagnosis;
    QString m_performing; ///< the label of the fix being performed (a resend after a countdown comes later)
    FixComparison m_comparison; ///< the fix whose resend is on its way, and what the panel showed when clicked
    QAction* m_setUpOAuth = nullptr;
    Jwt::KeySet m_keys; ///< issuers' keys fetched this session (JWKS are public: no secret here)
    QTimer m_countdown;
    int m_secondsLeft = 0;
};

} // namespace Authlens::Gui
