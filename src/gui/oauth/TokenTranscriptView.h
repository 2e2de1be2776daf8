#pragma once

#include "workspace/TokenService.h"

#include <QTextBrowser>

namespace Authlens::Gui {

/// The token-endpoint transcript of a token run, as a document: where the endpoint came from, the grant,
/// what the answer held (expiry, scopes, rotation) and where the tokens went (the keychain, or memory only
/// and why); then every step — discovery fetches and the token request — with each hop's request and
/// response, secrets masked through the one secret policy (Http::SecretPolicy: Authorization, the form's
/// client_secret, refresh_token and password, the answer's tokens), and the step's findings. Grows to its
/// content's height, so the panel around it scrolls as one page.
class TokenTranscriptView final : public QTextBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenTranscriptView)
public:
    explicit TokenTranscriptView(QWidget* parent = nullptr);
    ~TokenTranscriptView() override;

    /// `storeName`: the keychain backend the tokens went to (empty: none).
    void setOutcome(const Workspace::TokenOutcome& outcome, const QString& storeName, bool demo);
    void clear();
    /// Discovery fetches without a token request ("Set up OAuth for this API"): `summary` (plain text) above
    /// the steps, each shown as in a token run's transcript.
    void setSteps(const QString& summary, const QList<Workspace::TokenStep>& steps);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitHeight();
};

} // namespace Authlens::Gui
