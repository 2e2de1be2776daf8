#pragma once

#include "profiles/Profile.h"
#include "profiles/ProfileValidation.h"

#include <QSet>
#include <QTimer>
#include <QWidget>

#include <memory>

namespace Ui {
class OAuthEditor;
}

class QLabel;
class QLineEdit;

namespace Authlens::Gui {

class SecretEdit;

/// The profile editor's OAuth 2 tab: the token service of a profile — grant (authorization code with PKCE,
/// device code, client credentials, password, refresh token), token endpoint (empty: discovered), the
/// authorization and device authorization endpoints, the loopback redirect URI, PKCE, the issuer, the
/// password grant's user and password, the refresh token, the client (id, secret, authentication — also
/// private_key_jwt with its key, generated here or pasted, and client_secret_jwt — assertion alg and kid),
/// the token request (scopes, audience, RFC 8707 resources, extra parameters, DPoP) and refreshing before
/// sending, with the current token's remaining lifetime. Only the rows the chosen grant and client
/// authentication use are shown. Each field's problem shows under it once the field was visited (or every
/// one, after Save). The secrets are SecretEdits the profile editor fills and reads with its others.
class OAuthEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OAuthEditor)
public:
    explicit OAuthEditor(QWidget* parent = nullptr);
    ~OAuthEditor() override;

    /// Fills the non-secret fields (and the user name) from the profile.
    void setProfile(const Profiles::Profile& profile);
    /// Writes the non-secret OAuth fields into `profile` (the last response's expiry and type stay).
    void applyTo(Profiles::Profile& profile) const;
    /// The secret fields on this tab: client secret, refresh token, the password grant's password, and the
    /// private_key_jwt assertion key.
    QList<std::pair<Auth::SecretField, SecretEdit*>> secretEdits() const;
    /// The password grant's user and password: the profile's one pair, also on the Auth tab's Basic page.
    QLineEdit* usernameEdit() const;
    SecretEdit* passwordEdit() const;

    /// The access token whose remaining lifetime the tab shows (the Auth tab's), and what the profile's last
    /// token response said of it.
    void setAccessToken(const Auth::OAuthSettings& oauth, const QString& token);
    /// Shown (OAuth 2 is the method): the lifetime counts down.
    void setActive(bool active);
    /// The secrets are read (or could not be): the client secret may be typed into.
    void setSecretsReady(bool ready);
    void setReadOnly(bool readOnly);

    /// Shows each problem under its field — every one when `all`, else those of fields visited — and the
    /// grant's note. Returns the first field with a problem (shown or not), or nullptr.
    QWidget* showProblems(const ProfileValidation::OAuthProblems& problems, bool all);
    /// Scrolls `field` into view.
    void reveal(QWidget* field);
    QString tokenStatusText() const;

    /// The public JWK of the assertion key as shown for copying (empty when there is no usable key).
    QString publicJwkText() const;

Q_SIGNALS:
    /// A field changed.
    void edited();
    /// The user left a field (its problems may show now).
    void fieldLeft();

private:
    void updateFields();
    void updateAssertionKey();
    void generateKeyPair();
    void setAssertionKeyPem(const QString& pem, const QString& from);
    void loadPemFile();
    void updateTokenStatus();
    void touch(QWidget* field);

    const std::unique_ptr<Ui::OAuthEditor> m_ui;
    QSet<QWidget*> m_touched; ///< fields the user visited: their problems show
    QTimer m_tokenStatusTimer;
    Auth::OAuthSettings m_tokenOAuth;
    QString m_token; ///< a secret: only its expiry is shown
    bool m_secretsReady = true;
    /// What setProfile() filled in: a field the chosen grant hides keeps this value when its text is no URL
    /// the profile file would read back.
    Auth::OAuthSettings m_loaded;
};

} // namespace Authlens::Gui
