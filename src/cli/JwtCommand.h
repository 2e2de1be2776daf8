#pragma once

#include <QStringList>

namespace Authlens::Cli {

/// `authlens-cli jwt TOKEN|- [--secret S | --secret-file F | --key FILE | --jwks FILE_OR_URL | --discover]
/// [--expect-aud A]... [--expect-iss I] [--now UNIX_SECONDS] [--server-date DATE] [--leeway S]
/// [--json|--text]` (DESIGN.md §6). `arguments` starts with the program name and "jwt".
/// Exit codes: 0 the token was analysed (whatever the verdict), 2 usage, 3 malformed token or unreadable
/// key, 4 keys could not be fetched (JWKS URL or discovery).
int runJwt(const QStringList& arguments);

} // namespace Authlens::Cli
