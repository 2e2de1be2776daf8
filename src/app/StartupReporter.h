#pragma once

#include <QObject>

namespace Authlens {

/// Signals the first paint of the watched window, and with `print` (AUTHLENS_REPORT_STARTUP=1, read
/// by the startup benchmark) prints "authlens: main window shown" then. Work that can wait until the
/// window is on screen (starting the demo API, which generates an RSA key) hangs off firstPaint().
class StartupReporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StartupReporter)
public:
    StartupReporter(QObject* window, bool print);
    ~StartupReporter() override;

Q_SIGNALS:
    void firstPaint();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QObject* m_window = nullptr;
    bool m_print = false;
};

} // namespace Authlens
