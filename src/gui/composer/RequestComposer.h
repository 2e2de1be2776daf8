#pragma once

#include "composer/RequestDraft.h"
#include "http/RequestSpec.h"
#include "profiles/Profile.h"
#include "profiles/formats/CurlExport.h"

#include <QWidget>

#include <memory>
#include <optional>

namespace Ui {
class RequestComposer;
}

namespace Authlens::Gui {

/// The request composer: method, URL, Params (synced both ways with the URL's query), Headers,
/// Body and Auth. Produces an Http::RequestSpec; knows nothing about sending.
class RequestComposer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestComposer)
public:
    explicit RequestComposer(QWidget* parent = nullptr);
    ~RequestComposer() override;

    RequestDraft draft() const;
    /// Fills method, URL, params, headers and body. The profile is set separately (setProfile).
    void setDraft(const RequestDraft& draft);
    void loadSavedRequest(const Profiles::SavedRequest& request);
    /// The Auth tab as `request` (of the composer's profile) has it: its own auth or none, else the profile's.
    void showSavedRequestAuth(const Profiles::SavedRequest& request);
    /// A saved request as the composer's draft (what loadSavedRequest() shows).
    static RequestDraft draftOf(const Profiles::SavedRequest& request);

    /// The current profile: its base URL resolves relative URLs, its auth goes into the Auth tab,
    /// its origins receive the credentials.
    void setProfile(const Profiles::Profile& profile);
    /// Takes the profile's new base URL, variables and origins but keeps the Auth tab as it is
    /// (after a rename, or when a request was saved to it).
    void updateProfile(const Profiles::Profile& profile);
    /// The profile's secrets arrived (from the keychain): fills the secret fields the user has not
    /// typed into since.
    void setProfileSecrets(const QString& profileId, const Auth::AuthSecrets& secrets);
    /// A note under the Auth tab on where the secrets stand ("Reading secrets from the keychain…").
    void setSecretsNote(const QString& note);
    void clearProfile();
    QString profileId() const;
    /// Puts method, settings and secrets into the Auth tab (a draft's, when the user comes back to a request).
    void setAuth(const Auth::AuthSettings& settings, const Auth::AuthSecrets& secrets);
    /// The Auth tab's method and settings as they stand: the profile's, with the user's edits.
    Auth::AuthSettings authSettings() const;
    /// The Auth tab's secrets as they stand (the profile's, with what the user typed).
    Auth::AuthSecrets authSecrets() const;
    /// A token the token service got for the profile: the Auth tab takes it, also over a token typed by
    /// hand (the user asked for a new one), with the expiry and type of the response it came in.
    void setRefreshedToken(const QString& profileId, const QString& token, const Auth::OAuthSettings& oauth);
    /// What the Auth tab says about the token's remaining lifetime.
    QString tokenLifetimeText() const;

    /// The request as a profile's saved request, without credential headers (a profile file never
    /// holds a secret): `dropped` gets the names of the headers left out.
    Profiles::SavedRequest savedRequest(QStringList* dropped) const;
    /// The saved request the composer shows (empty when it is a new one).
    QString savedRequestId() const;
    void setSavedRequestId(const QString& id);

    /// The request to send, or std::nullopt with a message for the user.
    std::optional<Http::RequestSpec> buildSpec(QString* error) const;
    /// The request as a runnable curl command (Formats::exportCurl): with the profile's base URL,
    /// variables, TLS and proxy, and the Auth tab's method. Secrets are environment variable
    /// references unless `options.revealSecrets`.
    QString curlCommand(const Formats::CurlExportOptions& options) const;

    /// Opens the Auth tab on `method` (a finding's "use this scheme" or "add the credential") and puts
    /// the focus into its first empty field; for an API key with the name and place given.
    void showAuthMethod(Auth::Method method, const QString& apiKeyName = {}, bool apiKeyInQuery = false);

    void setRunning(bool running);
    bool isRunning() const;

Q_SIGNALS:
    void sendRequested(const Authlens::Http::RequestSpec& spec);
    /// Something for the status bar ("curl command copied").
    void statusMessage(const QString& message);
    void cancelRequested();
    /// The user wants the request kept in the current profile.
    void saveRequested();
    /// The user changed something: method, URL, params, headers, body or auth.
    void edited();

public Q_SLOTS:
    /// Validates and emits sendRequested(); shows a message under the URL when the request is incomplete.
    void requestSend();
    /// Puts the keyboard focus into the URL line with its text selected.
    void focusUrl();
    /// Copies curlCommand() to the clipboard; with secrets only after the user confirms.
    void copyAsCurl(Authlens::Formats::CurlExportOptions::Shell shell, bool withSecrets);

private:
    void syncParamsFromUrl();
    void syncUrlFromParams();
    void updateBodyControls();
    void updateTabTitles();
    void updateContextText();
    void updateCredentialWarning();
    void showMessage(const QString& message);
    QString contentType() const;
    void setContentType(const QString& contentType);
    /// The request as the composer shows it; `keepSecretHeaders` keeps Authorization, Cookie, … rows.
    Profiles::SavedRequest currentRequest(bool keepSecretHeaders, QStringList* dropped) const;

    const std::unique_ptr<Ui::RequestComposer> m_ui;
    std::optional<Profiles::Profile> m_profile;
    QString m_savedRequestId;
    /// The loaded saved request's own auth (none, or its own method): the Auth tab shows it instead of the
    /// profile's, and saving the request keeps it.
    Profiles::RequestAuth m_savedAuth;
    QString m_secretsNote;
    bool m_running = false;
};

} // namespace Authlens::Gui
