#pragma once

#include <QFrame>
#include <QTimer>
#include <QUrl>

class QLabel;
class QLineEdit;
class QPushButton;

namespace Authlens::Gui {

/// What the findings panel shows while the token service waits for a browser sign-in (the authorization
/// code grant, issue 11): "Waiting for you to sign in in your browser", the authorization URL (copyable,
/// "Open again" for a tab that was closed), the time left until the run gives up, and Cancel.
class SignInPrompt final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInPrompt)
public:
    explicit SignInPrompt(QWidget* parent = nullptr);
    ~SignInPrompt() override;

    /// Shows `url` (already handed to the browser when `opened`) and counts down from `timeoutSeconds`.
    void start(const QUrl& url, const QUrl& redirectUri, bool opened, int timeoutSeconds);
    void stop();
    QUrl url() const { return m_url; }
    int secondsLeft() const { return m_secondsLeft; }
    QString countdownText() const;
    QString messageText() const;

Q_SIGNALS:
    void openAgainRequested(const QUrl& url);
    void cancelRequested();

private:
    void tick();

    QLabel* m_title = nullptr;
    QLabel* m_message = nullptr;
    QLineEdit* m_urlField = nullptr;
    QPushButton* m_copy = nullptr;
    QPushButton* m_openAgain = nullptr;
    QLabel* m_countdown = nullptr;
    QPushButton* m_cancel = nullptr;
    QTimer m_timer;
    QUrl m_url;
    int m_secondsLeft = 0;
};

} // namespace Authlens::Gui
