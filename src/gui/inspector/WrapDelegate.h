#pragma once

#include <QStyledItemDelegate>

class QTreeView;

namespace Authlens::Gui {

/// Lets the rows of a list (diagnostics, findings, token problems) grow to show long messages in full:
/// QTreeView measures rows without knowing the column width, so wrapped text would be cut off. This
/// delegate measures with the column's width and relayouts the rows when a column is resized.
class WrapDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WrapDelegate)
public:
    /// Installs itself on `view` (which owns it) and wraps the text of column `wrapColumn`.
    explicit WrapDelegate(QTreeView* view, int wrapColumn);
    ~WrapDelegate() override;

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    QTreeView* m_view = nullptr;
    int m_wrapColumn = 0;
};

} // namespace Authlens::Gui
