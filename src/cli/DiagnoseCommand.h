#pragma once

#include <QStringList>

namespace Authlens::Cli {

/// `authlens-cli diagnose (--har FILE | --exchange FILE) [--jwks FILE_OR_URL] [--expect-aud A]
/// [--expect-iss I] [--now T]`: the cause catalog over recorded exchanges (DESIGN.md §6).
int runDiagnose(const QStringList& arguments);

} // namespace Authlens::Cli
