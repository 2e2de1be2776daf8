#include "inspector/WrapDelegate.h"

#include <QHeaderView>
#include <QTimer>
#include <QTreeView>

#include <algorithm>

namespace Authlens::Gui {

WrapDelegate::WrapDelegate(QTreeView* view, int wrapColumn)
    : QStyledItemDelegate(view)
    , m_view(view)
    , m_wrapColumn(wrapColumn)
{
    view->setItemDelegate(this);
    view->setWordWrap(true);
    view->setUniformRowHeights(false);
    view->setTextElideMode(Qt::ElideNone);
    // Row heights depend on column widths: measure again after a resize (once, when resizing settles).
    auto* relayout = new QTimer(this);
    relayout->setSingleShot(true);
    relayout->setInterval(0);
    connect(relayout, &QTimer::timeout, view, &QTreeView::doItemsLayout);
    connect(view->header(), &QHeaderView::sectionResized, relayout, qOverload<>(&QTimer::start));
}

WrapDelegate::~WrapDelegate() = default;

QSize WrapDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (index.column() != m_wrapColumn)
        return QStyledItemDelegate::sizeHint(option, index);
    QStyleOptionViewItem measured = option;
    int width = m_view->columnWidth(index.column());
    if (index.column() == 0 && width > 0) {
        // The first column of a tree draws its text right of the branch indentation: a child's text is narrower.
        int depth = m_view->rootIsDecorated() ? 1 : 0;
        for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
            ++depth;
        width = std::max(1, width - depth * m_view->indentation());
    }
    // The style wraps only within a valid rectangle: give it the column's width (the height is ignored).
    if (width > 0)
        measured.rect = QRect(0, 0, width, 1);
    measured.features |= QStyleOptionViewItem::WrapText;
    return QStyledItemDelegate::sizeHint(measured, index);
}

} // namespace Authlens::Gui
