#pragma once

#include "http/Exchange.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QTreeWidget;

namespace Authlens::Gui {

/// The Cookies tab: per hop, the jar cookies sent, the cookies received (Set-Cookie) and the ones the
/// jar rejected. Values are masked until revealed.
class CookiesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CookiesView)
public:
    explicit CookiesView(QWidget* parent = nullptr);
    ~CookiesView() override;

    void setExchange(const Http::Exchange& exchange);
    void clear();
    int cookieCount() const;

    /// Selects and scrolls to the row of cookie `name` on hop `hop`. `container` is a finding evidence's:
    /// "jar" or "Cookie" for the request's cookies (sent or withheld), "Set-Cookie" for the response's.
    /// False when there is no such row. The tree is "cookiesTree".
    bool selectCookie(int hop, const QString& container, const QString& name);

private:
    void render();

    QLabel* m_summary = nullptr;
    QCheckBox* m_reveal = nullptr;
    QTreeWidget* m_tree = nullptr;
    Http::Exchange m_exchange;
    int m_count = 0;
};

} // namespace Authlens::Gui
