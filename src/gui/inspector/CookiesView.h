#pragma once

#include "http/Exchange.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace Authlens::Gui {

/// The Cookies tab: the cookie explainer's verdicts, hop by hop. Every cookie the jar held is shown sent
/// or withheld with the rule that decided (domain, path, Secure, expiry, size, your choice); every
/// Set-Cookie of the response stored, deleted or rejected with why. Values are masked until revealed.
/// The verdicts come from core (Http::CookieRecord); this view only shows them.
class CookiesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CookiesView)
public:
    explicit CookiesView(QWidget* parent = nullptr);
    ~CookiesView() override;

    void setExchange(const Http::Exchange& exchange);
    void clear();
    /// Cookie rows shown (jar cookies and Set-Cookie fields of every hop).
    int cookieCount() const;
    /// Jar cookies withheld from a host of their own site plus Set-Cookie fields rejected: what deserves a look.
    int problemCount() const;

    /// Selects and scrolls to the row of cookie `name` on hop `hop`. `container` is a finding evidence's:
    /// "jar" or "Cookie" for the request's cookies (sent or withheld), "Set-Cookie" for the response's.
    /// False when there is no such row. The tree is "cookiesTree".
    bool selectCookie(int hop, const QString& container, const QString& name);

private:
    void render();
    QTreeWidgetItem* addRow(QTreeWidgetItem* hopItem, int hop, const QString& container, const QNetworkCookie& cookie);

    QLabel* m_summary = nullptr;
    QCheckBox* m_reveal = nullptr;
    QTreeWidget* m_tree = nullptr;
    Http::Exchange m_exchange;
    int m_count = 0;
    int m_problems = 0;
};

} // namespace Authlens::Gui
