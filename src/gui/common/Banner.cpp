#include "common/Banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace Authlens::Gui {

Banner::Banner(QWidget* parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_buttons(new QHBoxLayout)
    , m_closeButton(new QToolButton(this))
{
    m_label->setObjectName(QStringLiteral("bannerText"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_closeButton->setObjectName(QStringLiteral("bannerCloseButton"));
    m_closeButton->setText(QStringLiteral("✕"));
    m_closeButton->setToolTip(tr("Dismiss"));
    m_closeButton->setAutoRaise(true);
    m_closeButton->hide();
    // Never squeezed below its text: a clipped warning is worse than a taller window.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    connect(m_closeButton, &QToolButton::clicked, this, [this] {
        hide();
        Q_EMIT dismissed();
    });

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->setSpacing(8);
    layout->addWidget(m_label, 1);
    m_buttons->setSpacing(6);
    layout->addLayout(m_buttons);
    layout->addWidget(m_closeButton, 0, Qt::AlignTop);
    applyStyle();
}

Banner::~Banner() = default;

void Banner::setKind(Kind kind)
{
    m_kind = kind;
    applyStyle();
}

void Banner::applyStyle()
{
    // Fixed light colours with dark text: readable on light and dark desktop themes alike.
    QString background;
    QString border;
    switch (m_kind) {
    case Kind::Info:
        background = QStringLiteral("#e8f1fb");
        border = QStringLiteral("#90b8e0");
        break;
    case Kind::Warning:
        background = QStringLiteral("#fff4e0");
        border = QStringLiteral("#e0a030");
        break;
    case Kind::Error:
        background = QStringLiteral("#fdecea");
        border = QStringLiteral("#d9534f");
        break;
    }
    setStyleSheet(QStringLiteral("Authlens--Gui--Banner { background-color: %1; border: 1px solid %2; "
                                 "border-radius: 4px; }")
                      .arg(background, border));
    m_label->setStyleSheet(QStringLiteral("color: #1f1f1f;"));
}

void Banner::setText(const QString& text)
{
    m_label->setText(text);
}

QString Banner::text() const
{
    return m_label->text();
}

QPushButton* Banner::addButton(const QString& text, const QString& objectName)
{
    auto* button = new QPushButton(text, this);
    button->setObjectName(objectName);
    button->setAutoDefault(false);
    m_buttons->addWidget(button, 0, Qt::AlignVCenter);
    button->show(); // at once, also when the banner is already visible
    return button;
}

void Banner::removeButtons()
{
    // Later: the button being clicked may be the one that changed the state that removes it.
    while (QLayoutItem* item = m_buttons->takeAt(0)) {
        if (QWidget* widget = item->widget()) {
            widget->hide();
            widget->setObjectName(QString());
            widget->deleteLater();
        }
        delete item;
    }
}

void Banner::setClosable(bool closable)
{
    m_closeButton->setVisible(closable);
}

} // namespace Authlens::Gui
