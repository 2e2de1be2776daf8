#pragma once

#include <QLatin1String>
#include <QList>
#include <QString>

namespace Authlens::Auth {

/// How bad a diagnostic is. Errors mean the input breaks the grammar (the result is a best effort);
/// warnings mark input we accepted the way browsers do although it is not valid; info is a remark.
enum class Severity { Error, Warning, Info };

/// "error", "warning", "info": the names used in CLI JSON.
QLatin1String severityName(Severity severity);

/// A problem found while parsing an authentication header field.
struct Diagnostic
{
    Severity severity = Severity::Error;
    int fieldIndex = 0; ///< which field value (header line) of the parsed list
    int offset = 0; ///< byte offset in that field value; the field's length when at its end
    QLatin1String code; ///< stable machine-readable identifier, e.g. "param.duplicate"
    QString message; ///< one sentence for a human
};

/// True when any diagnostic has severity Error.
bool hasErrors(const QList<Diagnostic>& diagnostics);

} // namespace Authlens::Auth
