#pragma once

#include "http/Exchange.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QTableWidget;

namespace Authlens::Gui {

class HeaderTable;

/// The Redirects tab: every hop (#, method, URL, status, time, the credential ledger: withheld
/// credentials and why, placed credentials with their source and bound origins);
/// selecting a hop shows its request and response headers.
class RedirectsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedirectsView)
public:
    explicit RedirectsView(QWidget* parent = nullptr);
    ~RedirectsView() override;

    void setExchange(const Http::Exchange& exchange);
    void clear();
    /// Selects hop `index` and, when `header` is given, that header in its request or response table.
    bool selectHop(int index, QByteArrayView header = {}, bool request = false, int field = 0);

private:
    void showHop(int index);

    QLabel* m_summary = nullptr;
    QTableWidget* m_hops = nullptr;
    QLabel* m_hopTitle = nullptr;
    QLabel* m_hopLedger = nullptr; ///< the selected hop's ledger: placed (source, bound origins) and withheld
    QCheckBox* m_reveal = nullptr;
    HeaderTable* m_request = nullptr;
    HeaderTable* m_response = nullptr;
    Http::Exchange m_exchange;
};

} // namespace Authlens::Gui
