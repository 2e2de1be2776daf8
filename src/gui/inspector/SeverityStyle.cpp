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

QColor levelColor(Level level)
{
    switch (level) {
    case Level::Error:
        return {0xc6, 0x28, 0x28};
    case Level::Warning:
        return {0xb2, 0x5e, 0x00};
    case Level::Info:
        return {0x15, 0x65, 0xc0};
    }
    return {};
}

QColor levelBackground(Level level)
{
    switch (level) {
    case Level::Error:
        return {0xff, 0xcd, 0xd2};
    case Level::Warning:
        return {0xff, 0xe0, 0xb2};
    case Level::Info:
        return {0xbb, 0xde, 0xfb};
    }
    return {};
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
