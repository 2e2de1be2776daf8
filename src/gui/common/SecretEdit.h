#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace Authlens::Gui {

/// A masked line edit with its own Show/Hide toggle, for one secret value (password, token, key).
/// The value is shown only after an explicit click, and masked again when a new value is set.
class SecretEdit final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretEdit)
public:
    explicit SecretEdit(QWidget* parent = nullptr);
    ~SecretEdit() override;

    QString text() const;
    /// Sets the value and masks it again.
    void setText(const QString& text);
    void setPlaceholderText(const QString& text);
    void setReadOnly(bool readOnly);
    bool isRevealed() const;
    void setRevealed(bool revealed);
    /// True when the user typed since the last setText().
    bool isModified() const;
    QLineEdit* lineEdit() const { return m_edit; }
    QToolButton* revealButton() const { return m_reveal; }

Q_SIGNALS:
    void textEdited(const QString& text);

private:
    QLineEdit* m_edit = nullptr;
    QToolButton* m_reveal = nullptr;
};

} // namespace Authlens::Gui
