#pragma once

#include "jwt/Field.h"

#include <QTableWidget>

namespace Authlens::Gui {

/// A token's claims or header fields: name, value (times as relative, UTC and local, kept current by
/// updateTimes()) and the short meaning ("Expiration time"); helpText() gives the full explanation
/// of a row, which the Token tab shows under the table for the selected one.
class FieldTable final : public QTableWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FieldTable)
public:
    enum Column { NameColumn, ValueColumn, MeaningColumn, ColumnCount };

    /// `timeAware`: NumericDate values (exp, nbf, iat…) are shown relative to now.
    explicit FieldTable(bool timeAware, QWidget* parent = nullptr);
    ~FieldTable() override;

    void setFields(const QList<Jwt::Field>& fields);
    /// Rewrites the relative times for `now` (seconds since the epoch).
    void updateTimes(qint64 now);
    /// The row of field `name`, -1 when there is none.
    int rowOf(const QString& name) const;
    QString nameAt(int row) const;
    /// "Expiration time: The token must not be accepted on or after this time."
    QString helpText(int row) const;

private:
    bool m_timeAware = false;
};

} // namespace Authlens::Gui
