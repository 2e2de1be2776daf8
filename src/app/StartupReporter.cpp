#include "StartupReporter.h"

#include <QEvent>

#include <cstdio>

namespace Authlens {

StartupReporter::StartupReporter(QObject* window, bool print)
    : QObject(window)
    , m_window(window)
    , m_print(print)
{
    window->installEventFilter(this);
}

StartupReporter::~StartupReporter() = default;

bool StartupReporter::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_window && event->type() == QEvent::Paint) {
        m_window->removeEventFilter(this);
        if (m_print) {
            std::fputs("authlens: main window shown\n", stdout);
            std::fflush(stdout);
        }
        Q_EMIT firstPaint();
    }
    return QObject::eventFilter(watched, event);
}

} // namespace Authlens
