#include "composer/KeyValueTable.h"

#include <QApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QToolButton>

#include <algorithm>

namespace Authlens::Gui {

namespace {

constexpr int NameColumn = 0;
constexpr int ValueColumn = 1;
constexpr int RemoveColumn = 2;
constexpr int DataRole = Qt::UserRole + 1;
constexpr int PlaceholderRole = Qt::UserRole + 2;

// Paints a grey hint ("Add header…") in the empty cells of the trailing row.
class PlaceholderDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);
        const QString placeholder = index.data(PlaceholderRole).toString();
        if (placeholder.isEmpty() || !index.data(Qt::DisplayRole).toString().isEmpty())
            return;
        painter->save();
        QColor color = option.palette.color(QPalette::Text);
        color.setAlpha(110);
        painter->setPen(color);
        painter->drawText(option.rect.adjusted(6, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft, placeholder);
        painter->restore();
    }
};

} // namespace

KeyValueTable::KeyValueTable(QWidget* parent)
    : QTableWidget(0, 3, parent)
{
    setHorizontalHeaderLabels({tr("Name"), tr("Value"), QString()});
    horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Interactive);
    horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(RemoveColumn, QHeaderView::Fixed);
    horizontalHeader()->resizeSection(NameColumn, 220);
    horizontalHeader()->resizeSection(RemoveColumn, 30);
    horizontalHeader()->setHighlightSections(false);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 12);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                    | QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    setItemDelegate(new PlaceholderDelegate(this));
    setContextMenuPolicy(Qt::CustomContextMenu);
    setWordWrap(false);
    setPlaceholders(tr("Add name"), tr("Value"));

    connect(this, &QTableWidget::itemChanged, this, &KeyValueTable::onItemChanged);
    connect(this, &QWidget::customContextMenuRequested, this, &KeyValueTable::showContextMenu);
    ensureTrailingBlankRow();
}

KeyValueTable::~KeyValueTable() = default;

void KeyValueTable::setCheckable(bool checkable)
{
    const QList<KeyValueRow> current = rows();
    m_checkable = checkable;
    setRows(current);
}

bool KeyValueTable::isCheckable() const
{
    return m_checkable;
}

void KeyValueTable::setPlaceholders(const QString& name, const QString& value)
{
    m_namePlaceholder = name;
    m_valuePlaceholder = value;
    if (rowCount() > 0 && isBlankRow(rowCount() - 1)) {
        const QSignalBlocker blocker(this);
        item(rowCount() - 1, NameColumn)->setData(PlaceholderRole, name);
        item(rowCount() - 1, ValueColumn)->setData(PlaceholderRole, value);
    }
}

QString KeyValueTable::cellText(int row, int column) const
{
    const QTableWidgetItem* cell = item(row, column);
    return cell ? cell->text() : QString();
}

bool KeyValueTable::isBlankRow(int row) const
{
    return cellText(row, NameColumn).isEmpty() && cellText(row, ValueColumn).isEmpty();
}

QList<KeyValueRow> KeyValueTable::rows() const
{
    QList<KeyValueRow> result;
    for (int row = 0; row < rowCount(); ++row) {
        if (isBlankRow(row))
            continue;
        const QTableWidgetItem* name = item(row, NameColumn);
        KeyValueRow r;
        r.key = cellText(row, NameColumn);
        r.value = cellText(row, ValueColumn);
        r.enabled = !m_checkable || !name || name->checkState() != Qt::Unchecked;
        r.data = name ? name->data(DataRole) : QVariant();
        result.append(r);
    }
    return result;
}

int KeyValueTable::activeRowCount() const
{
    const QList<KeyValueRow> all = rows();
    return int(std::count_if(all.cbegin(), all.cend(), [](const KeyValueRow& r) { return r.enabled; }));
}

void KeyValueTable::setRows(const QList<KeyValueRow>& newRows)
{
    m_updating = true;
    {
        const QSignalBlocker blocker(this);
        setRowCount(0);
        for (const KeyValueRow& r : newRows)
            insertRowAt(rowCount(), r, false);
    }
    m_updating = false;
    ensureTrailingBlankRow();
}

void KeyValueTable::insertRowAt(int row, const KeyValueRow& content, bool blank)
{
    const QSignalBlocker blocker(this);
    insertRow(row);
    auto* name = new QTableWidgetItem(content.key);
    auto* value = new QTableWidgetItem(content.value);
    name->setData(DataRole, content.data);
    name->setData(PlaceholderRole, m_namePlaceholder);
    value->setData(PlaceholderRole, m_valuePlaceholder);
    setItem(row, NameColumn, name);
    setItem(row, ValueColumn, value);
    auto* removeCell = new QTableWidgetItem();
    removeCell->setFlags(Qt::ItemIsEnabled);
    setItem(row, RemoveColumn, removeCell);
    if (!blank)
        makeRowReal(row, content.enabled);
}

void KeyValueTable::makeRowReal(int row, bool enabled)
{
    const QSignalBlocker blocker(this);
    QTableWidgetItem* name = item(row, NameColumn);
    name->setData(PlaceholderRole, QVariant());
    item(row, ValueColumn)->setData(PlaceholderRole, QVariant());
    if (m_checkable) {
        name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
        name->setCheckState(enabled ? Qt::Checked : Qt::Unchecked);
    }
    auto* removeButton = new QToolButton(this);
    removeButton->setText(QStringLiteral("✕"));
    removeButton->setAutoRaise(true);
    removeButton->setToolTip(tr("Remove this row"));
    removeButton->setObjectName(QStringLiteral("removeRowButton"));
    // A mouse target: Tab never lands on it (the keyboard removes a row with Delete).
    removeButton->setFocusPolicy(Qt::NoFocus);
    const QPersistentModelIndex index(model()->index(row, RemoveColumn));
    connect(removeButton, &QToolButton::clicked, this, [this, index] {
        if (index.isValid())
            removeRowsAndNotify({index.row()});
    });
    setCellWidget(row, RemoveColumn, removeButton);
}

void KeyValueTable::ensureTrailingBlankRow()
{
    if (rowCount() > 0 && isBlankRow(rowCount() - 1) && !cellWidget(rowCount() - 1, RemoveColumn))
        return;
    insertRowAt(rowCount(), KeyValueRow {}, true);
}

void KeyValueTable::onItemChanged(QTableWidgetItem* changed)
{
    if (m_updating || !changed || changed->column() == RemoveColumn)
        return;
    const int row = changed->row();
    const bool wasTrailing = row == rowCount() - 1 && !cellWidget(row, RemoveColumn);
    if (wasTrailing && !isBlankRow(row)) {
        // The blank row became a real one: give it a checkbox and a remove button, then add a new blank row.
        makeRowReal(row, true);
        ensureTrailingBlankRow();
    }
    Q_EMIT rowsEdited();
}

void KeyValueTable::removeRowsAndNotify(QList<int> rowsToRemove)
{
    std::sort(rowsToRemove.begin(), rowsToRemove.end(), std::greater<>());
    bool removed = false;
    for (int row : rowsToRemove) {
        if (row < 0 || row >= rowCount() || (row == rowCount() - 1 && !cellWidget(row, RemoveColumn)))
            continue; // the trailing blank row stays
        removeRow(row);
        removed = true;
    }
    if (!removed)
        return;
    ensureTrailingBlankRow();
    Q_EMIT rowsEdited();
}

void KeyValueTable::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Delete && state() != QAbstractItemView::EditingState) {
        QList<int> selected;
        const QModelIndexList indexes = selectionModel()->selectedRows();
        for (const QModelIndex& index : indexes)
            selected.append(index.row());
        if (!selected.isEmpty()) {
            removeRowsAndNotify(selected);
            return;
        }
    }
    QTableWidget::keyPressEvent(event);
}

QModelIndex KeyValueTable::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    // Tab walks name → value → the next row's name, Shift+Tab back; never onto the remove column. Past the
    // last cell the focus leaves the table (an invalid index hands it to the next widget).
    const QModelIndex current = currentIndex();
    if ((action == MoveNext || action == MovePrevious) && current.isValid()) {
        int row = current.row();
        int column = current.column() == ValueColumn ? ValueColumn : NameColumn;
        if (action == MoveNext) {
            if (column == NameColumn)
                column = ValueColumn;
            else if (++row < rowCount())
                column = NameColumn;
            else
                return {};
        } else {
            if (column == ValueColumn)
                column = NameColumn;
            else if (--row >= 0)
                column = ValueColumn;
            else
                return {};
        }
        return model()->index(row, column);
    }
    return QTableWidget::moveCursor(action, modifiers);
}

void KeyValueTable::showContextMenu(const QPoint& pos)
{
    const int row = rowAt(pos.y());
    QMenu menu(this);
    QAction* remove = menu.addAction(tr("Remove row"));
    remove->setEnabled(row >= 0 && cellWidget(row, RemoveColumn));
    QAction* clear = menu.addAction(tr("Remove all rows"));
    clear->setEnabled(rowCount() > 1);
    const QAction* chosen = menu.exec(viewport()->mapToGlobal(pos));
    if (chosen == remove) {
        removeRowsAndNotify({row});
    } else if (chosen == clear) {
        QList<int> all;
        for (int r = 0; r < rowCount(); ++r)
            all.append(r);
        removeRowsAndNotify(all);
    }
}

} // namespace Authlens::Gui
