#include "inspector/FieldTable.h"

#include "jwt/TimeText.h"

#include <QDateTime>
#include <QHeaderView>

namespace Authlens::Gui {

namespace {

constexpr int ClaimRole = Qt::UserRole + 1; ///< on time values: the claim name
constexpr int TimeRole = Qt::UserRole + 2; ///< on time values: seconds since the epoch
constexpr int HelpRole = Qt::UserRole + 3; ///< on names: the field's explanation

QString timeValue(const QString& claim, qint64 seconds, qint64 now)
{
    return QStringLiteral("%1 — %2 (%3)")
        .arg(Jwt::TimeText::relative(claim, seconds, now), Jwt::TimeText::utc(seconds), Jwt::TimeText::local(seconds));
}

} // namespace

FieldTable::FieldTable(bool timeAware, QWidget* parent)
    : QTableWidget(0, ColumnCount, parent)
    , m_timeAware(timeAware)
{
    setHorizontalHeaderLabels({tr("Name"), tr("Value"), tr("Meaning")});
    verticalHeader()->hide();
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAlternatingRowColors(true);
    setWordWrap(true);
    setTextElideMode(Qt::ElideNone);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The value takes the width and wraps; the meaning column holds the short name ("Expiration time"),
    // the full explanation of the selected row is shown under the table.
    horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(MeaningColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->setHighlightSections(false);
    setMinimumHeight(fontMetrics().height() * 6);
}

FieldTable::~FieldTable() = default;

void FieldTable::setFields(const QList<Jwt::Field>& fields)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    setRowCount(0);
    setRowCount(int(fields.size()));
    for (int row = 0; row < fields.size(); ++row) {
        const Jwt::Field& field = fields.at(row);
        auto* name = new QTableWidgetItem(field.name);
        name->setToolTip(field.title);
        QFont bold = font();
        bold.setBold(field.registered);
        name->setFont(bold);
        const bool time = m_timeAware && field.time;
        auto* value = new QTableWidgetItem(time ? timeValue(field.name, *field.time, now) : field.display);
        value->setToolTip(field.display);
        if (time) {
            value->setData(ClaimRole, field.name);
            value->setData(TimeRole, *field.time);
        }
        const QString help = field.explanation.isEmpty() ? tr("%1: not a registered claim.").arg(field.name)
                                                         : field.title + QStringLiteral(": ") + field.explanation;
        auto* meaning
            = new QTableWidgetItem(field.title.isEmpty() || field.title == field.name ? tr("—") : field.title);
        meaning->setToolTip(help);
        name->setData(HelpRole, help);
        if (field.explanation.isEmpty())
            meaning->setForeground(palette().color(QPalette::PlaceholderText));
        setItem(row, NameColumn, name);
        setItem(row, ValueColumn, value);
        setItem(row, MeaningColumn, meaning);
    }
}

void FieldTable::updateTimes(qint64 now)
{
    for (int row = 0; row < rowCount(); ++row) {
        QTableWidgetItem* value = item(row, ValueColumn);
        if (value && value->data(TimeRole).isValid())
            value->setText(timeValue(value->data(ClaimRole).toString(), value->data(TimeRole).toLongLong(), now));
    }
}

int FieldTable::rowOf(const QString& name) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (nameAt(row) == name)
            return row;
    }
    return -1;
}

QString FieldTable::nameAt(int row) const
{
    const QTableWidgetItem* name = item(row, NameColumn);
    return name ? name->text() : QString();
}

QString FieldTable::helpText(int row) const
{
    const QTableWidgetItem* name = item(row, NameColumn);
    return name ? name->data(HelpRole).toString() : QString();
}

} // namespace Authlens::Gui
