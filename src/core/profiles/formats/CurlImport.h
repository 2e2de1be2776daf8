#pragma once

#include "profiles/formats/ImportResult.h"
#include "profiles/formats/ShellWords.h"

#include <QString>

namespace Authlens::Formats {

/// Imports one curl command line, as browser DevTools copy it ("Copy as cURL", bash or cmd) or as a
/// user types it, into one profile (named after the host, base URL = its origin) with one saved
/// request (relative URL, headers without credentials, body, content type).
///
/// Credentials (-u, --oauth2-bearer, Authorization, API-key headers, key-like query parameters) set
/// the profile's auth method, their values go to `sessionSecrets`; cookies (-b, Cookie:) become an
/// extra credential. Unknown or unsupported options are warnings, never failures. Errors (no URL,
/// a non-http(s) URL, an unbalanced quote, input over 50 MB) name the problem and where it is.
ImportResult importCurl(const QString& command, ShellDialect dialect = ShellDialect::Auto);

} // namespace Authlens::Formats
