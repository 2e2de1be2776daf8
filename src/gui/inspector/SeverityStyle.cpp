#include "inspector/SeverityStyle.h"

#include <QCoreApplication>

namespace Authlens::Gui {

Level levelOf(Auth::Severity severity)
{
    switch (severity) {
    case Auth::Severity::Error:
        return Level::Error;
    case Auth::Severity::Warning:
        return Level::Warning;
    case Auth::Severity::Info:
        return Level::Info;
    }
    return Level::Info;
}

Level levelOf(Jwt::Severity severity)
{
    switch (severity) {
    case Jwt::Severity::Error:
        return Level::Error;
    case Jwt::Severity::Warning:
        return Level::Warning;
    case Jwt::Severity::Info:
        return Level::Info;
    }
    return Level::Info;
}

StatusPalette::Tone levelTone(Level level)
{
    switch (level) {
    case Level::Error:
        return StatusPalette::Tone::Bad;
    case Level::Warning:
        return StatusPalette::Tone::Caution;
    case Level::Info:
        return StatusPalette::Tone::Notice;
    }
    return StatusPalette::Tone::Neutral;
}

QColor levelColor(Level level, const QPalette& palette)
{
    return StatusPalette::color(levelTone(level), palette);
}

QColor levelBackground(Level level, const QPalette& palette)
{
    return StatusPalette::background(levelTone(level), palette);
}

QString levelText(Level level)
{
    switch (level) {
    case Level::Error:
        return QCoreApplication::translate("Authlens::Gui::Severity", "✖ error");
    case Level::Warning:
        return QCoreApplication::translate("Authlens::Gui::Severity", "⚠ warning");
    case Level::Info:
        return QCoreApplication::translate("Authlens::Gui::Severity", "ℹ info");
    }
    return {};
}

} // namespace Authlens::Gui
