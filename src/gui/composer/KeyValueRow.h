#pragma once

#include <QString>
#include <QVariant>

namespace Authlens::Gui {

/// One row of a key/value table (query parameters, headers).
struct KeyValueRow
{
    bool enabled = true;
    QString key;
    QString value;
    QVariant data; ///< owner-defined; e.g. the raw percent-encoded text of a query parameter

    friend bool operator==(const KeyValueRow& a, const KeyValueRow& b)
    {
        return a.enabled == b.enabled && a.key == b.key && a.value == b.value;
    }
};

} // namespace Authlens::Gui
