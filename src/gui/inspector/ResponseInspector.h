#pragma once

#include "common/StatusPalette.h"
#include "diagnosis/Finding.h"
#include "http/Exchange.h"
#include "jwt/InspectOptions.h"
#include "jwt/KeySet.h"

#include <QWidget>

#include <memory>

namespace Ui {
class ResponseInspector;
}

namespace Authlens::Gui {

struct ResendResult;

/// The response inspector: a status line (status, time, size, hops — or the transport error) over
/// the Body, Headers, Auth, Token, Cookies, Redirects and TLS tabs, and after a token refresh the
/// Refresh tab (ResendComparison: the request before and after). Renders an Exchange; decides nothing.
class ResponseInspector final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResponseInspector)
public:
    explicit ResponseInspector(QWidget* parent = nullptr);
    ~ResponseInspector() override;

    void showExchange(const Http::Exchange& exchange);
    /// A request is on its way; `index` counts hops from 0.
    void showHopStarted(int index, const QUrl& url);
    void clear();
    /// On a narrow window the Diagnosis panel folds into the inspector as its first tab (`panel`, or nullptr to
    /// take it out again: it is then the caller's to reparent).
    void setFoldedPanel(QWidget* panel, const QString& title);
    QWidget* foldedPanel() const { return m_folded; }
    /// Brings the folded panel's tab to the front.
    void showFoldedPanel();
    /// What the diagnosis of the shown exchange decided (DiagnosisPanel::verdictChanged): the status line
    /// takes its colour, so a 200 that is a login page is amber and says so, not green. Ignored while
    /// nothing is shown.
    void setVerdict(Authlens::Gui::StatusPalette::Outcome verdict);
    /// The outcome the status line is coloured by, and that colour on this widget's palette.
    StatusPalette::Outcome statusOutcome() const;
    QColor statusColor() const;
    /// The exchange shown came from a token refresh and resend: the Refresh tab shows the first
    /// request beside it and the token-endpoint transcript, and opens. A new request hides it again.
    /// After another fix that acts (ResendResult::fix), the same tab is called Fix and has no transcript.
    void showResend(const ResendResult& result);

    /// What the profile expects of tokens (audience, issuer, leeway): the base of every inspection in
    /// the Token tab.
    void setTokenOptions(const Jwt::InspectOptions& options);
    /// Opens the Token tab on `token` (e.g. a token the Diagnosis panel talks about).
    void inspectToken(const QString& token);
    /// Selects the place a finding's evidence points at in the shown exchange: a header row (Headers
    /// tab, or the hop's tables in Redirects for an earlier hop), a challenge parameter in the Auth tab
    /// with its bytes marked, a claim of the token that carried it in the Token tab, a hop, a cookie,
    /// a range of the body, the TLS details. False when the exchange has no such place.
    bool showEvidence(const Diagnosis::Evidence& evidence);
    /// Opens the Token tab on the token a claim evidence points at and checks its signature with the
    /// issuer's keys (OpenID discovery from its iss). False when there is no such token or issuer.
    bool verifyTokenSignature(const Diagnosis::Evidence& claim);

Q_SIGNALS:
    /// The user wants the shown exchange saved as HAR; `withSecrets` after a confirmation elsewhere.
    void saveHarRequested(bool withSecrets);
    /// The Token tab found an issuer's keys (the user asked it to verify a signature).
    void issuerKeysFound(const Authlens::Jwt::KeySet& keys);

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* m_folded = nullptr;
    void setStatus(const QString& text, StatusPalette::Outcome outcome);
    void renderStatus();
    void setTabTitles(const Http::Exchange& exchange);
    void updateAuthTitles();
    void hideResend();

    int shownHop() const; ///< the hop the Body, Headers and Auth tabs show (the final response's)

    const std::unique_ptr<Ui::ResponseInspector> m_ui;
    Http::Exchange m_exchange;
    QString m_statusText;
    StatusPalette::Outcome m_statusOutcome = StatusPalette::Outcome::Pending;
    bool m_awaitingExchange = false; ///< between showHopStarted() and showExchange(): no verdict applies
};

} // namespace Authlens::Gui
