#pragma once

#include "profiles/formats/ImportResult.h"

#include <QByteArray>
#include <QString>

namespace Authlens::Formats {

/// Detects the format of `content` (see detectFormat) and runs its importer: a curl command, a Postman
/// collection or a HAR file. The formats that do not give profiles by themselves get an error that
/// says what to do instead, with `format` set so the caller can route them: the native
/// `.authlens.json` (read by the profile store's importer) and a Postman environment (variables to
/// merge into an existing profile: importPostmanEnvironment()).
ImportResult importFile(const QByteArray& content, const QString& fileName = {});

} // namespace Authlens::Formats
