#pragma once

#include "profiles/Profile.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ProfileEditor;
}

class QLabel;
class QLineEdit;

namespace Authlens::Gui {

class SecretEdit;
class Session;

/// Edits every field of a profile: name, description, base URL, variables, auth method and its
/// settings (OAuth 2 on a tab of its own, OAuthEditor), the secret fields (masked, each with its own reveal
/// toggle), expected issuer and audiences, allowed origins, TLS, proxy and timeouts. Validates inline. Save writes the
/// secrets to the keychain first, then the profile file; if the keychain fails the dialog stays open with the message
/// and nothing typed is lost. Demo profiles open read-only, with a way to duplicate them. Opened non-modally (open()),
/// so nothing waits on it.
class ProfileEditor final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileEditor)
public:
    /// `profile` with an empty id is a new profile.
    ProfileEditor(Session* session, const Profiles::Profile& profile, QWidget* parent = nullptr);
    ~ProfileEditor() override;

    /// The edited profile's id (empty for a new profile until it is saved).
    QString profileId() const;
    bool isReadOnly() const { return m_readOnly; }
    /// What the form holds now, secrets included (sessionSecrets).
    Profiles::Profile profile() const;

Q_SIGNALS:
    void saved(const QString& profileId);
    /// "Duplicate to edit" on a demo profile.
    void duplicateRequested(const QString& profileId);

private:
    void setupChoices();
    void makeReadOnly();
    void connectFields();
    void fill(const Profiles::Profile& profile);
    void fillSecrets(const Auth::AuthSecrets& secrets, bool keepEdits);
    void setupSecrets();
    void setSecretsEditable(bool editable);
    QList<std::pair<Auth::SecretField, SecretEdit*>> secretEdits() const;
    bool validate(bool focusFirstProblem);
    void save();
    void updateAuthPage();
    void updateProxyFields();
    void updateTokenStatus();
    void updateSecretsStatus();
    void chooseFile(QLineEdit* target, const QString& caption, const QString& filter);
    void loadClientKey();
    void showMessage(const QString& message);
    static void showFieldError(QLabel* label, const QString& message);

    const std::unique_ptr<Ui::ProfileEditor> m_ui;
    Session* m_session = nullptr;
    Profiles::Profile m_original;
    bool m_readOnly = false;
    bool m_saving = false;
    bool m_secretsReady = true;
    /// Secret variables (an import's passwords and keys): not in the variables table, whose values are
    /// saved in the file; kept as they are, their values with the keychain's (AuthSecrets::variables).
    QList<Profiles::Variable> m_secretVariables;
    QString m_secretVariableValues;
    bool m_showErrors = false; ///< after the first Save, or once a checked field was left
    bool m_saveTried = false; ///< Save was pressed: every problem shows
};

} // namespace Authlens::Gui
