#pragma once

#include "auth/ChallengeDiagnostic.h"
#include "jwt/Problem.h"

#include <QColor>
#include <QString>

// How the inspector shows severities of auth diagnostics, credential findings and token problems:
// one colour (text) and one light background (raw-view marks) per level, readable on a light theme.
namespace Authlens::Gui {

enum class Level { Error, Warning, Info };

Level levelOf(Auth::Severity severity);
Level levelOf(Jwt::Severity severity);
QColor levelColor(Level level); ///< text colour: red, orange, blue
QColor levelBackground(Level level); ///< background for marks in raw views
QString levelText(Level level); ///< "✖ error", "⚠ warning", "ℹ info"

} // namespace Authlens::Gui
