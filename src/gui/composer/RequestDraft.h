#pragma once

#include "composer/KeyValueRow.h"

#include <QList>
#include <QString>
#include <QVariantMap>

namespace Authlens::Gui {

/// What the composer holds, as plain values: persisted between runs and filled from saved requests.
/// Auth settings are not part of it: they come from the profile, and secrets never go to disk.
struct RequestDraft
{
    QString method = QStringLiteral("GET");
    QString url;
    QList<KeyValueRow> headers;
    QString body;
    QString contentType; ///< empty: no body
    QString profileId;
    QString savedRequestId; ///< the profile's saved request this draft was loaded from (empty: a new one)

    /// For QSettings. Values of credential headers (Authorization, Cookie, API keys …) are dropped:
    /// the header stays, disabled and empty, so the user sees what to fill in again.
    QVariantMap toVariantMap() const;
    static RequestDraft fromVariantMap(const QVariantMap& map);

    friend bool operator==(const RequestDraft&, const RequestDraft&) = default;
};

} // namespace Authlens::Gui
