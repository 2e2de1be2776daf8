#pragma once

#include "auth/AuthSettings.h"

#include <QTimer>
#include <QWidget>

#include <memory>

namespace Ui {
class AuthEditor;
}

class QComboBox;
class QLineEdit;
class QToolButton;

namespace Authlens::Gui {

/// The Auth tab: None / Basic / Digest / Bearer / OAuth 2 / API key / AWS Signature v4, with secrets masked until
/// revealed.
/// For a token, its remaining lifetime, live (the JWT's exp, else the last token response's expires_in).
class AuthEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthEditor)
public:
    explicit AuthEditor(QWidget* parent = nullptr);
    ~AuthEditor() override;

    void setAuth(const Auth::AuthSettings& settings, const Auth::AuthSecrets& secrets);
    /// Secrets that arrived later (from the keychain): fills each secret field unless the user has
    /// typed into it since setAuth().
    void setSecrets(const Auth::AuthSecrets& secrets);
    Auth::AuthSettings settings() const;
    Auth::AuthSecrets secrets() const;
    Auth::Method method() const;
    /// Switches to `method`, keeping what was typed; for an API key also its name and place when given.
    void setMethod(Auth::Method method, const QString& apiKeyName = {}, bool apiKeyInQuery = false);
    /// Puts the keyboard focus into the first empty field of the method's page (else its first field).
    void focusFirstEmptyField();
    /// Where the values came from and which origins receive them ("From profile …").
    void setSourceText(const QString& text);
    /// Replaces the access token (a refreshed one), also when the user typed another, and the non-secret
    /// facts of the token response it came with.
    void setAccessToken(const QString& token, const Auth::OAuthSettings& oauth);
    /// "Expires in 42 min (the token's exp, …)": what the token line says now.
    QString tokenLifetimeText() const;

    /// AWS Signature v4, shared with the profile editor: the common service names (editable), the session
    /// token field's placeholder and what the signature covers, in words.
    static void setupAwsServiceCombo(QComboBox* combo);
    static QString awsSessionTokenPlaceholder();
    static QString awsSigningHint();

Q_SIGNALS:
    void changed();

private:
    void setupAwsPage();
    /// The AWS page's line about signing by AWS's clock (AwsSettings::clockOffsetSeconds), shown while it is set.
    void updateAwsClock();
    void showMethodPage();
    void updateTokenLifetime();
    static void bindReveal(QToolButton* button, QLineEdit* edit);

    const std::unique_ptr<Ui::AuthEditor> m_ui;
    // What setAuth() was given: fields this editor does not show (OAuth endpoints, client secret …) pass through.
    Auth::AuthSettings m_settings;
    Auth::AuthSecrets m_secrets;
    QTimer m_lifetimeTimer; ///< ticks while a token page is shown
};

} // namespace Authlens::Gui
