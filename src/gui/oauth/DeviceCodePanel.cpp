#include "oauth/DeviceCodePanel.h"

#include "oauth/QrCode.h"
#include "workspace/DeviceFlow.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace Authlens::Gui {

DeviceCodePanel::DeviceCodePanel(const Workspace::DeviceAuthorization& device, QWidget* parent)
    : QDialog(parent)
    , m_device(device)
    , m_expiresIn(device.expiresIn)
{
    setWindowTitle(tr("Sign in on another device"));
    setObjectName(QStringLiteral("deviceCodePanel"));
    setMinimumWidth(480); // the verification URI on one line
    auto* layout = new QVBoxLayout(this);

    const QString uri = device.verificationUri.toDisplayString();
    auto* intro
        = new QLabel(tr("On a phone or computer, open <a href=\"%1\">%2</a> and enter this code "
                        "(RFC 8628 device sign-in):")
                         .arg(device.verificationUri.toString(QUrl::FullyEncoded).toHtmlEscaped(), uri.toHtmlEscaped()),
                     this);
    intro->setObjectName(QStringLiteral("deviceVerificationLink"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);
    // The link goes through openPage(): only the server's http(s) URL, checked by the token service.
    intro->setOpenExternalLinks(false);
    connect(intro, &QLabel::linkActivated, this, [this] { openPage(); });
    layout->addWidget(intro);

    auto* codeRow = new QHBoxLayout;
    m_code = new QLabel(device.userCode, this);
    m_code->setObjectName(QStringLiteral("deviceUserCode"));
    QFont big = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    big.setPointSizeF(big.pointSizeF() * 2.2);
    big.setBold(true);
    m_code->setFont(big);
    m_code->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_code->setAccessibleName(tr("User code"));
    m_code->setAlignment(Qt::AlignCenter);
    codeRow->addWidget(m_code, 1);
    auto* copy = new QPushButton(tr("Copy code"), this);
    copy->setObjectName(QStringLiteral("deviceCopyCode"));
    connect(copy, &QPushButton::clicked, this, &DeviceCodePanel::copyCode);
    codeRow->addWidget(copy);
    auto* open = new QPushButton(tr("Open in browser"), this);
    open->setObjectName(QStringLiteral("deviceOpenBrowser"));
    open->setToolTip(pageUrl().toDisplayString());
    connect(open, &QPushButton::clicked, this, &DeviceCodePanel::openPage);
    codeRow->addWidget(open);
    layout->addLayout(codeRow);

    auto* qr = new QLabel(this);
    qr->setObjectName(QStringLiteral("deviceQr"));
    qr->setAlignment(Qt::AlignCenter);
    QString qrError;
    const QImage image = qrCodeImage(pageUrl().toString(QUrl::FullyEncoded), 4, &qrError);
    if (image.isNull()) {
        qr->setText(tr("No QR code: %1").arg(qrError));
    } else {
        qr->setPixmap(QPixmap::fromImage(image));
        qr->setToolTip(pageUrl().toDisplayString());
        qr->setAccessibleName(tr("QR code of %1").arg(pageUrl().toDisplayString()));
    }
    layout->addWidget(qr);
    auto* qrCaption = new QLabel(device.verificationUriComplete.isEmpty()
                                     ? tr("Scan to open the sign-in page, then enter the code.")
                                     : tr("Scan to open the sign-in page with the code filled in."),
                                 this);
    qrCaption->setAlignment(Qt::AlignCenter);
    layout->addWidget(qrCaption);

    m_countdown = new QLabel(this);
    m_countdown->setObjectName(QStringLiteral("deviceCountdown"));
    layout->addWidget(m_countdown);
    m_status
        = new QLabel(tr("Waiting for you to approve the code; Authlens asks every %1 s.").arg(device.interval), this);
    m_status->setObjectName(QStringLiteral("deviceStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("deviceCancel"));
    connect(m_cancel, &QPushButton::clicked, this, &DeviceCodePanel::reject);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);

    m_since.start();
    m_timer = new QTimer(this);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &DeviceCodePanel::tick);
    m_timer->start();
    tick();
}

DeviceCodePanel::~DeviceCodePanel() = default;

QUrl DeviceCodePanel::pageUrl() const
{
    return m_device.verificationUriComplete.isEmpty() ? m_device.verificationUri : m_device.verificationUriComplete;
}

int DeviceCodePanel::secondsLeft() const
{
    return int(std::max<qint64>(0, m_expiresIn - m_since.elapsed() / 1000));
}

void DeviceCodePanel::tick()
{
    const int left = secondsLeft();
    m_countdown->setText(left > 0
                             ? tr("The code expires in %1:%2").arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0'))
                             : tr("The code has expired."));
    if (left == 0)
        m_timer->stop();
}

void DeviceCodePanel::polled(const QString& answer, int secondsLeft, int interval)
{
    if (m_done)
        return;
    m_expiresIn = secondsLeft;
    m_since.restart();
    m_status->setText(Workspace::devicePollAnswerText(answer, interval));
    tick();
}

void DeviceCodePanel::finished(bool ok, const QString& message)
{
    m_done = true;
    m_timer->stop();
    if (ok) {
        accept();
        return;
    }
    m_status->setText(message);
    m_countdown->clear();
    m_cancel->setText(tr("Close"));
}

void DeviceCodePanel::reject()
{
    if (!m_done) {
        m_done = true;
        m_timer->stop();
        Q_EMIT cancelRequested();
    }
    QDialog::reject();
}

void DeviceCodePanel::copyCode()
{
    QApplication::clipboard()->setText(m_device.userCode);
    m_status->setText(tr("Code %1 copied to the clipboard.").arg(m_device.userCode));
}

void DeviceCodePanel::openPage()
{
    if (!QDesktopServices::openUrl(pageUrl()))
        m_status->setText(tr("No browser opened %1: open it yourself.").arg(pageUrl().toDisplayString()));
}

} // namespace Authlens::Gui
