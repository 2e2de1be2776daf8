#pragma once

#include <QWidget>

#include <optional>

namespace Authlens::Gui {

/// A token's lifetime drawn as a bar: from nbf (or iat) to exp, with a marker for "now" (and for the
/// server's clock when it differs). Green while valid, red once expired, grey before nbf. The caller
/// moves "now" every second (a live countdown); this widget only paints.
class TimeBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimeBar)
public:
    explicit TimeBar(QWidget* parent = nullptr);
    ~TimeBar() override;

    /// Seconds since the epoch; any may be absent. `serverSkew` = server clock − local clock.
    void setTimes(std::optional<qint64> start, std::optional<qint64> expiry, std::optional<qint64> serverSkew);
    void setNow(qint64 now);
    void clearTimes();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::optional<qint64> m_start;
    std::optional<qint64> m_expiry;
    std::optional<qint64> m_skew;
    qint64 m_now = 0;
};

} // namespace Authlens::Gui
