#pragma once

#include "http/Exchange.h"

#include <QByteArray>
#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace Authlens::Formats {

/// `log.entries` of a HAR document, after the import limits and a structure check. Writes an error
/// a user can act on and returns nullopt for anything that is not a HAR.
std::optional<QJsonArray> harEntries(const QByteArray& json, QString* error, QStringList* warnings);

/// A HAR `headers` array as a header list, in order. Entries without a valid name, or with a line
/// break in the value, are left out (counted in `skipped`).
Http::HeaderList harHeaders(const QJsonArray& headers, int* skipped = nullptr);

} // namespace Authlens::Formats
