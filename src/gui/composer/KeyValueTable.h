#pragma once

#include "composer/KeyValueRow.h"

#include <QList>
#include <QTableWidget>

namespace Authlens::Gui {

/// A name/value table for query parameters and headers. A blank row at the end takes new entries;
/// rows are removed with the ✕ button, the context menu or the Delete key. With setCheckable(true)
/// the name cell carries an "enabled" checkbox.
class KeyValueTable final : public QTableWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyValueTable)
public:
    explicit KeyValueTable(QWidget* parent = nullptr);
    ~KeyValueTable() override;

    void setCheckable(bool checkable);
    bool isCheckable() const;
    void setPlaceholders(const QString& name, const QString& value);

    /// The filled rows (the trailing blank row is not included).
    QList<KeyValueRow> rows() const;
    /// Replaces the content. Does not emit rowsEdited().
    void setRows(const QList<KeyValueRow>& rows);
    /// Filled rows that are enabled.
    int activeRowCount() const;

Q_SIGNALS:
    /// The user changed, added, enabled/disabled or removed a row.
    void rowsEdited();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;

private:
    void onItemChanged(QTableWidgetItem* item);
    void insertRowAt(int row, const KeyValueRow& content, bool blank);
    void makeRowReal(int row, bool enabled);
    void ensureTrailingBlankRow();
    void removeRowsAndNotify(QList<int> rows);
    void showContextMenu(const QPoint& pos);
    bool isBlankRow(int row) const;
    QString cellText(int row, int column) const;

    bool m_checkable = false;
    bool m_updating = false;
    QString m_namePlaceholder;
    QString m_valuePlaceholder;
};

} // namespace Authlens::Gui
