#pragma once

#include "auth/Challenge.h"

#include <QList>
#include <QString>

// Compact, readable renderings of parser results, so that table rows can state the whole expected result
// in one string: `Basic{realm="foo"} | Negotiate[abc==]` and `E:param.duplicate@0:19 W:comma.missing@0:30`.
namespace Authlens::Test {

/// `Scheme`, `Scheme[token68]` or `Scheme{name="value",…}`, challenges joined by " | ". Values are shown as
/// text (UTF-8, else ISO-8859-1) with `"` and `\` escaped.
QString describe(const QList<Auth::Challenge>& challenges);
QString describe(const Auth::Challenge& challenge);
/// `{name="value",…}` for a bare parameter list.
QString describe(const QList<Auth::AuthParam>& params);
/// `E:code@field:offset` (E, W or I), space-separated, in the order reported.
QString describe(const QList<Auth::Diagnostic>& diagnostics);

} // namespace Authlens::Test
