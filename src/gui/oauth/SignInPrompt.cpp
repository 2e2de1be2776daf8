#include "oauth/SignInPrompt.h"

#include "common/StatusPalette.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Authlens::Gui {

SignInPrompt::SignInPrompt(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("signInPrompt"));
    setFrameShape(QFrame::StyledPanel);
    // A soft blue from StatusPalette: the theme's text stays readable on it, light or dark.
    setStyleSheet(QStringLiteral("#signInPrompt { background: %1; border: 1px solid %2; border-radius: 4px; }")
                      .arg(StatusPalette::background(StatusPalette::Tone::Notice, palette()).name(),
                           StatusPalette::color(StatusPalette::Tone::Notice, palette()).name()));
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(tr("Waiting for you to sign in in your browser"), this);
    m_title->setObjectName(QStringLiteral("signInTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    layout->addWidget(m_title);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("signInMessage"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    auto* urlRow = new QHBoxLayout;
    m_urlField = new QLineEdit(this);
    m_urlField->setObjectName(QStringLiteral("signInUrl"));
    m_urlField->setReadOnly(true);
    m_urlField->setToolTip(tr("The authorization URL: open it in any browser on this computer"));
    urlRow->addWidget(m_urlField, 1);
    m_copy = new QPushButton(tr("Copy"), this);
    m_copy->setObjectName(QStringLiteral("signInCopyButton"));
    urlRow->addWidget(m_copy);
    m_openAgain = new QPushButton(tr("Open again"), this);
    m_openAgain->setObjectName(QStringLiteral("signInOpenAgainButton"));
    urlRow->addWidget(m_openAgain);
    layout->addLayout(urlRow);
    auto* bottom = new QHBoxLayout;
    m_countdown = new QLabel(this);
    m_countdown->setObjectName(QStringLiteral("signInCountdown"));
    bottom->addWidget(m_countdown, 1);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("signInCancelButton"));
    bottom->addWidget(m_cancel);
    layout->addLayout(bottom);

    connect(m_copy, &QPushButton::clicked, this, [this] {
        // The URL carries no secret (state, nonce and the PKCE challenge are public by design).
        QGuiApplication::clipboard()->setText(m_url.toString(QUrl::FullyEncoded));
    });
    connect(m_openAgain, &QPushButton::clicked, this, [this] { Q_EMIT openAgainRequested(m_url); });
    connect(m_cancel, &QPushButton::clicked, this, &SignInPrompt::cancelRequested);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &SignInPrompt::tick);
    hide();
}

SignInPrompt::~SignInPrompt() = default;

void SignInPrompt::start(const QUrl& url, const QUrl& redirectUri, bool opened, int timeoutSeconds)
{
    m_url = url;
    m_urlField->setText(url.toString(QUrl::FullyEncoded));
    m_urlField->setCursorPosition(0);
    m_message->setText(opened ? tr("Your browser shows the sign-in page of %1. Approve there; Authlens receives the "
                                   "answer at %2 and goes on by itself.")
                                    .arg(url.host(), redirectUri.toString(QUrl::RemoveQuery))
                              : tr("No browser could be opened: open this URL in a browser on this computer. "
                                   "Authlens receives the answer at %1.")
                                    .arg(redirectUri.toString(QUrl::RemoveQuery)));
    m_secondsLeft = timeoutSeconds;
    tick();
    m_timer.start();
    show();
}

void SignInPrompt::stop()
{
    m_timer.stop();
    hide();
}

QString SignInPrompt::countdownText() const
{
    return m_countdown->text();
}

QString SignInPrompt::messageText() const
{
    return m_message->text();
}

void SignInPrompt::tick()
{
    if (m_timer.isActive() && m_secondsLeft > 0)
        --m_secondsLeft;
    m_countdown->setText(tr("Gives up in %1:%2").arg(m_secondsLeft / 60).arg(m_secondsLeft % 60, 2, 10, QChar(u'0')));
}

} // namespace Authlens::Gui
