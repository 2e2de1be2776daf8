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

/// For input no importer reads but that is recognisable (a PowerShell web request): the error that names
/// it and says what to bring instead. Empty for anything else. importFile() gives it too; callers that try
/// the Authlens profile format on unknown input ask first, so the user does not read "Not JSON".
QString unsupportedInputError(const QByteArray& content);

} // namespace Authlens::Formats
