#include "common/SecretEdit.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

namespace Authlens::Gui {

SecretEdit::SecretEdit(QWidget* parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_reveal(new QToolButton(this))
{
    m_edit->setObjectName(QStringLiteral("secretLineEdit"));
    m_edit->setEchoMode(QLineEdit::Password);
    m_reveal->setObjectName(QStringLiteral("revealButton"));
    m_reveal->setCheckable(true);
    m_reveal->setText(tr("Show"));
    m_reveal->setToolTip(tr("Show or hide the value"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_reveal);
    setFocusProxy(m_edit);
    connect(m_reveal, &QToolButton::toggled, this, &SecretEdit::setRevealed);
    connect(m_edit, &QLineEdit::textEdited, this, &SecretEdit::textEdited);
}

SecretEdit::~SecretEdit() = default;

QString SecretEdit::text() const
{
    return m_edit->text();
}

void SecretEdit::setText(const QString& text)
{
    m_edit->setText(text);
    m_edit->setModified(false);
    setRevealed(false);
}

void SecretEdit::setPlaceholderText(const QString& text)
{
    m_edit->setPlaceholderText(text);
}

void SecretEdit::setReadOnly(bool readOnly)
{
    m_edit->setReadOnly(readOnly);
}

bool SecretEdit::isRevealed() const
{
    return m_edit->echoMode() == QLineEdit::Normal;
}

void SecretEdit::setRevealed(bool revealed)
{
    m_edit->setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    const QSignalBlocker blocker(m_reveal);
    m_reveal->setChecked(revealed);
    m_reveal->setText(revealed ? tr("Hide") : tr("Show"));
}

bool SecretEdit::isModified() const
{
    return m_edit->isModified();
}

} // namespace Authlens::Gui
