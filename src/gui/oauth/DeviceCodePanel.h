#pragma once

#include "workspace/TokenService.h"

#include <QDialog>
#include <QElapsedTimer>

class QLabel;
class QPushButton;
class QTimer;

namespace Authlens::Gui {

/// The device sign-in (RFC 8628 §3.3) while the token service polls: the user code, large and copyable;
/// the verification URI as a link with "Open in browser"; a QR code of verification_uri_complete (the code
/// filled in) for a phone; a countdown to the code's expiry; the last poll's answer in words; Cancel.
/// Shown when the token service emits deviceAuthorizationReady; closes itself when the token arrived.
class DeviceCodePanel final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceCodePanel)
public:
    explicit DeviceCodePanel(const Workspace::DeviceAuthorization& device, QWidget* parent = nullptr);
    ~DeviceCodePanel() override;

    /// The URL the QR code and "Open in browser" lead to: verification_uri_complete, else verification_uri.
    QUrl pageUrl() const;
    int secondsLeft() const; ///< until the code expires, as the countdown shows it

public Q_SLOTS:
    /// The token service's devicePolled: the answer in words, the countdown set from `secondsLeft`.
    void polled(const QString& answer, int secondsLeft, int interval);
    /// The run ended: closes on success; otherwise says why and offers Close.
    void finished(bool ok, const QString& message);

Q_SIGNALS:
    /// Cancel was pressed while the service polls: the caller cancels the run.
    void cancelRequested();

protected:
    void reject() override;

private:
    void tick();
    void copyCode();
    void openPage();

    Workspace::DeviceAuthorization m_device;
    QElapsedTimer m_since; ///< since m_expiresIn was last set
    qint64 m_expiresIn = 0;
    bool m_done = false;
    QLabel* m_code = nullptr;
    QLabel* m_countdown = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_cancel = nullptr;
    QTimer* m_timer = nullptr;
};

} // namespace Authlens::Gui
