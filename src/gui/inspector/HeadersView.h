#pragma once

#include "http/Exchange.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QToolButton;

namespace Authlens::Gui {

class HeaderTable;

/// The Headers tab: the final response's headers, and (collapsible) the request headers as sent on
/// that hop, with credentials masked until "Reveal secrets".
class HeadersView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadersView)
public:
    explicit HeadersView(QWidget* parent = nullptr);
    ~HeadersView() override;

    void setHop(const Http::Hop& hop);
    void clear();
    /// Selects the `field`-th header `name` of the request (as sent) or of the response, and focuses it.
    bool selectHeader(bool request, QByteArrayView name, int field = 0);

private:
    void updateRequestTitle();

    QLabel* m_responseTitle = nullptr;
    HeaderTable* m_response = nullptr;
    QToolButton* m_requestToggle = nullptr;
    QCheckBox* m_reveal = nullptr;
    HeaderTable* m_request = nullptr;
    int m_requestCount = 0;
};

} // namespace Authlens::Gui
