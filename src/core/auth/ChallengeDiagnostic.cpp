#include "ChallengeDiagnostic.h"

#include <algorithm>

namespace Authlens::Auth {

QLatin1String severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QLatin1String("error");
    case Severity::Warning:
        return QLatin1String("warning");
    case Severity::Info:
        break;
    }
    return QLatin1String("info");
}

bool hasErrors(const QList<Diagnostic>& diagnostics)
{
    return std::any_of(diagnostics.cbegin(), diagnostics.cend(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

} // namespace Authlens::Auth
