#pragma once

#include <QStringList>

namespace Authlens::Cli {

/// `authlens-cli diagnose (--har FILE | --exchange FILE) [--jwks FILE_OR_URL] [--expect-aud A]
/// [--expect-iss I] [--now T]`: the cause catalog over recorded exchanges (DESIGN.md §6).
int runDiagnose(const QStringList& arguments);

/// `authlens-cli codes [--markdown]`: the cause catalog, every finding code with its default severity,
/// when it applies and the usual fix (the README's table is this command's --markdown output).
int runCodes(const QStringList& arguments);

} // namespace Authlens::Cli
