#pragma once

#include <QObject>

class QSocketNotifier;

namespace Authlens {

/// Turns SIGINT and SIGTERM (Ctrl+C, `kill`) into a clean end of the application's event loop, so every
/// destructor runs: a spilled response body's QTemporaryFile removes its file, the keychain jobs end.
/// The handler only writes the signal number to a socket pair (write(2) is async-signal-safe, signal-safety(7));
/// a QSocketNotifier reads it in the event loop, emits interrupted() and exits the loop with 128 + signal, the
/// shell's convention for a process ended by a signal. The Qt way: https://doc.qt.io/qt-6/unix-signals.html
/// One instance at a time; the default handlers come back when it is destroyed.
class QuitOnSignals final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuitOnSignals)
public:
    explicit QuitOnSignals(QObject* parent = nullptr);
    ~QuitOnSignals() override;

    /// False when the socket pair could not be made or another instance is active (the signals then keep
    /// their default action).
    bool isInstalled() const { return m_notifier != nullptr; }
    /// The first signal received (SIGINT, SIGTERM), 0 for none yet.
    int received() const { return m_received; }

Q_SIGNALS:
    void interrupted(int signal);

private:
    void onReadable();

    QSocketNotifier* m_notifier = nullptr;
    int m_received = 0;
};

} // namespace Authlens
