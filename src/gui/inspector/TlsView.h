#pragma once

#include "http/Exchange.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTreeWidget;

namespace Authlens::Gui {

/// The TLS tab: protocol, cipher, peer chain and SSL errors of a hop (the final one by default).
class TlsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsView)
public:
    explicit TlsView(QWidget* parent = nullptr);
    ~TlsView() override;

    void setExchange(const Http::Exchange& exchange);
    void clear();
    /// Shows the TLS details of hop `index`.
    bool selectHop(int index);

private:
    void showHop(int index);

    QComboBox* m_hop = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_protocol = nullptr;
    QLabel* m_cipher = nullptr;
    QLabel* m_errors = nullptr;
    QLabel* m_ignored = nullptr;
    QTreeWidget* m_chain = nullptr;
    QWidget* m_details = nullptr;
    Http::Exchange m_exchange;
};

} // namespace Authlens::Gui
