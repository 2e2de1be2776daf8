#pragma once

#include "auth/ChallengeDiagnostic.h"
#include "common/StatusPalette.h"
#include "jwt/Problem.h"

#include <QColor>
#include <QString>

// How the inspector shows severities of auth diagnostics, credential findings and token problems:
// one colour (text) and one soft background (raw-view marks) per level, from StatusPalette: readable on
// light and dark themes alike.
namespace Authlens::Gui {

enum class Level { Error, Warning, Info };

Level levelOf(Auth::Severity severity);
Level levelOf(Jwt::Severity severity);
StatusPalette::Tone levelTone(Level level); ///< error red, warning amber, info blue (StatusPalette)
QColor levelColor(Level level, const QPalette& palette = QPalette()); ///< text colour for `palette`
QColor levelBackground(Level level, const QPalette& palette = QPalette()); ///< background for marks in raw views
QString levelText(Level level); ///< "✖ error", "⚠ warning", "ℹ info"

} // namespace Authlens::Gui
