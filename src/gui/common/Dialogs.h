#pragma once

#include <QMessageBox>
#include <QString>

#include <optional>

class QWidget;

namespace Authlens::Gui {

/// The one place that shows blocking modal dialogs (confirmations, a name prompt, file pickers), so
/// tests never block: they queue the answer first (setNextAnswer, setNextText, setNextFileName), as
/// KeePassXC's MessageBox/FileDialog do. In test mode a call without a queued answer fails loudly
/// instead of waiting for a click that never comes.
class Dialogs final
{
public:
    Dialogs() = delete;

    /// Asks a question; `acceptText` renames the Yes button ("Delete"). Returns Yes or Cancel.
    static QMessageBox::StandardButton confirm(QWidget* parent, const QString& title, const QString& text,
                                               const QString& informativeText, const QString& acceptText);
    /// A one-line text prompt; std::nullopt when cancelled.
    static std::optional<QString> getText(QWidget* parent, const QString& title, const QString& label,
                                          const QString& text);
    /// Empty when cancelled.
    static QString getOpenFileName(QWidget* parent, const QString& caption, const QString& directory,
                                   const QString& filter);
    static QString getSaveFileName(QWidget* parent, const QString& caption, const QString& path, const QString& filter);

    // ---- for tests ----
    static void setTestMode(bool enabled);
    static void setNextAnswer(QMessageBox::StandardButton answer);
    /// std::nullopt answers "Cancel".
    static void setNextText(const std::optional<QString>& text);
    /// An empty name answers "Cancel".
    static void setNextFileName(const QString& fileName);
    /// What the last dialog asked (title and text), for tests to check.
    static QString lastQuestion();
};

} // namespace Authlens::Gui
