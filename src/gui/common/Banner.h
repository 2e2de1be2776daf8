#pragma once

#include <QFrame>

class QHBoxLayout;
class QLabel;
class QPushButton;
class QToolButton;

namespace Authlens::Gui {

/// A non-modal message strip (Wireshark-style "hint area"): a coloured frame with text, optional
/// action buttons and an optional close button. Used instead of message boxes for states the user
/// should see but need not answer at once: unreadable profile files, a missing keychain.
class Banner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Banner)
public:
    enum class Kind { Info, Warning, Error };

    explicit Banner(QWidget* parent = nullptr);
    ~Banner() override;

    void setKind(Kind kind);
    Kind kind() const { return m_kind; }
    /// Plain text; line breaks are kept.
    void setText(const QString& text);
    QString text() const;
    /// Adds an action button at the right (named `objectName` for tests).
    QPushButton* addButton(const QString& text, const QString& objectName);
    void removeButtons();
    /// Shows a ✕ that hides the banner and emits dismissed().
    void setClosable(bool closable);

Q_SIGNALS:
    void dismissed();

private:
    void applyStyle();

    Kind m_kind = Kind::Info;
    QLabel* m_label = nullptr;
    QHBoxLayout* m_buttons = nullptr;
    QToolButton* m_closeButton = nullptr;
};

} // namespace Authlens::Gui
