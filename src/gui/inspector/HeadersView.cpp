#include "inspector/HeadersView.h"

#include "inspector/HeaderTable.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace Authlens::Gui {

HeadersView::HeadersView(QWidget* parent)
    : QWidget(parent)
    , m_responseTitle(new QLabel(this))
    , m_response(new HeaderTable(this))
    , m_requestToggle(new QToolButton(this))
    , m_reveal(new QCheckBox(tr("Reveal secrets"), this))
    , m_request(new HeaderTable(this))
{
    m_response->setObjectName(QStringLiteral("responseHeadersTable"));
    m_request->setObjectName(QStringLiteral("requestHeadersTable"));
    m_reveal->setObjectName(QStringLiteral("revealSecretsCheck"));
    m_reveal->setToolTip(tr("Show Authorization, Cookie and API-key values in clear"));
    m_requestToggle->setObjectName(QStringLiteral("requestHeadersToggle"));
    m_requestToggle->setCheckable(true);
    m_requestToggle->setChecked(true);
    m_requestToggle->setAutoRaise(true);
    m_requestToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_requestToggle->setArrowType(Qt::DownArrow);
    QFont bold = m_responseTitle->font();
    bold.setBold(true);
    m_responseTitle->setFont(bold);
    m_requestToggle->setFont(bold);
    m_responseTitle->setText(tr("Response headers"));

    auto* responsePane = new QWidget(this);
    auto* responseLayout = new QVBoxLayout(responsePane);
    responseLayout->setContentsMargins(0, 0, 0, 0);
    responseLayout->addWidget(m_responseTitle);
    responseLayout->addWidget(m_response);

    auto* requestPane = new QWidget(this);
    auto* requestLayout = new QVBoxLayout(requestPane);
    requestLayout->setContentsMargins(0, 0, 0, 0);
    auto* requestBar = new QHBoxLayout;
    requestBar->addWidget(m_requestToggle);
    requestBar->addStretch();
    requestBar->addWidget(m_reveal);
    requestLayout->addLayout(requestBar);
    requestLayout->addWidget(m_request);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("headersSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(responsePane);
    splitter->addWidget(requestPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_requestToggle, &QToolButton::toggled, this, [this](bool open) {
        m_request->setVisible(open);
        m_requestToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    connect(m_reveal, &QCheckBox::toggled, this, [this](bool reveal) {
        m_request->setRevealSecrets(reveal);
        m_response->setRevealSecrets(reveal);
    });
    clear();
}

HeadersView::~HeadersView() = default;

void HeadersView::setHop(const Http::Hop& hop)
{
    m_response->setHeaders(hop.response.headers);
    m_request->setHeaders(hop.request.headers, hop.withheld, hop.placed);
    m_responseTitle->setText(tr("Response headers (%1)").arg(hop.response.headers.size()));
    m_requestCount = int(hop.request.headers.size());
    updateRequestTitle();
}

bool HeadersView::selectHeader(bool request, QByteArrayView name, int field)
{
    HeaderTable* table = request ? m_request : m_response;
    if (request)
        m_requestToggle->setChecked(true); // a folded table cannot show the row
    if (!table->selectHeader(name, field))
        return false;
    table->setFocus(Qt::OtherFocusReason);
    return true;
}

void HeadersView::clear()
{
    m_response->clearHeaders();
    m_request->clearHeaders();
    m_responseTitle->setText(tr("Response headers"));
    m_requestCount = 0;
    updateRequestTitle();
}

void HeadersView::updateRequestTitle()
{
    m_requestToggle->setText(m_requestCount > 0 ? tr("Request headers as sent (%1)").arg(m_requestCount)
                                                : tr("Request headers as sent"));
}

} // namespace Authlens::Gui
