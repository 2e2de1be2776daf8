#pragma once

#include "profiles/formats/ImportResult.h"

#include <QByteArray>
#include <QString>

namespace Authlens::Formats {

/// Which importer understands `content`. Looks at the content first (a curl command line, the
/// top-level keys of a JSON document) and falls back to the file name (`.har`,
/// `.postman_collection.json`, `.authlens.json`) only when the content alone does not say, e.g. for
/// a truncated file, so that the right importer reports the syntax error. Pure and cheap on text;
/// JSON is parsed once within the import limits.
ImportFormat detectFormat(const QByteArray& content, const QString& fileName = {});

} // namespace Authlens::Formats
