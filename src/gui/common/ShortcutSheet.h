#pragma once

#include <QDialog>

class QMenuBar;

namespace Authlens::Gui {

/// Help ▸ Keyboard Shortcuts: every menu command that has a shortcut, by menu, and the keys of the composer's
/// tables and the quick switcher. Built from the menu bar, so it never disagrees with it.
class ShortcutSheet final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutSheet)
public:
    explicit ShortcutSheet(const QMenuBar* menuBar, QWidget* parent = nullptr);
    ~ShortcutSheet() override;
};

} // namespace Authlens::Gui
