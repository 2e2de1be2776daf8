#include "inspector/RedirectsView.h"

#include "common/DisplayFormat.h"
#include "common/SecretMask.h"
#include "common/StatusPalette.h"
#include "inspector/HeaderTable.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Authlens::Gui {

namespace {

enum Column { Number, Method, Url, Status, Time, Withheld, Placed, ColumnCount };

QWidget* titled(const QString& title, QWidget* content, QWidget* parent)
{
    auto* pane = new QWidget(parent);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* label = new QLabel(title, pane);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    layout->addWidget(label);
    layout->addWidget(content);
    return pane;
}

} // namespace

RedirectsView::RedirectsView(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_hops(new QTableWidget(0, ColumnCount, this))
    , m_hopTitle(new QLabel(this))
    , m_hopLedger(new QLabel(this))
    , m_reveal(new QCheckBox(tr("Reveal secrets"), this))
    , m_request(new HeaderTable(this))
    , m_response(new HeaderTable(this))
{
    m_summary->setObjectName(QStringLiteral("redirectsSummaryLabel"));
    m_summary->setWordWrap(true);
    m_hops->setObjectName(QStringLiteral("hopsTable"));
    m_request->setObjectName(QStringLiteral("hopRequestHeadersTable"));
    m_response->setObjectName(QStringLiteral("hopResponseHeadersTable"));
    m_reveal->setObjectName(QStringLiteral("revealHopSecretsCheck"));
    m_hops->setHorizontalHeaderLabels(
        {tr("#"), tr("Method"), tr("URL"), tr("Status"), tr("Time"), tr("Withheld"), tr("Placed")});
    m_hops->verticalHeader()->hide();
    m_hops->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_hops->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_hops->setSelectionMode(QAbstractItemView::SingleSelection);
    // The withheld reason is the point of this table: wrap it rather than cut it off.
    m_hops->setWordWrap(true);
    // A URL too long for its column keeps its host and its end (the tooltip has the whole of it).
    m_hops->setTextElideMode(Qt::ElideMiddle);
    m_hops->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    QHeaderView* header = m_hops->horizontalHeader();
    header->setHighlightSections(false);
    for (int c : {Number, Method, Status, Time})
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(Url, QHeaderView::Interactive);
    header->resizeSection(Url, 220); // the ledger columns beside it need the room more
    header->setSectionResizeMode(Withheld, QHeaderView::Stretch);
    header->setSectionResizeMode(Placed, QHeaderView::Stretch);
    m_hopLedger->setObjectName(QStringLiteral("hopLedgerLabel"));
    m_hopLedger->setWordWrap(true);
    m_hopLedger->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_hopTitle->font();
    bold.setBold(true);
    m_hopTitle->setFont(bold);

    auto* details = new QSplitter(Qt::Horizontal, this);
    details->setChildrenCollapsible(false);
    details->addWidget(titled(tr("Request headers as sent"), m_request, details));
    details->addWidget(titled(tr("Response headers"), m_response, details));
    auto* detailPane = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_hopTitle, 1);
    bar->addWidget(m_reveal);
    detailLayout->addLayout(bar);
    detailLayout->addWidget(m_hopLedger);
    detailLayout->addWidget(details, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_hops);
    splitter->addWidget(detailPane);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(splitter);

    connect(m_hops, &QTableWidget::currentCellChanged, this, [this](int row) { showHop(row); });
    connect(m_reveal, &QCheckBox::toggled, this, [this](bool reveal) {
        m_request->setRevealSecrets(reveal);
        m_response->setRevealSecrets(reveal);
        const Http::SecretPolicy policy = Http::SecretPolicy::standard().withLedgerOf(m_exchange);
        for (int row = 0; row < m_hops->rowCount() && row < m_exchange.hops.size(); ++row) {
            if (QTableWidgetItem* url = m_hops->item(row, Url)) {
                url->setText(displayUrl(m_exchange.hops.at(row).request.url, reveal, policy));
                url->setToolTip(url->text());
            }
        }
        showHop(m_hops->currentRow());
    });
    clear();
}

RedirectsView::~RedirectsView() = default;

void RedirectsView::clear()
{
    setExchange(Http::Exchange());
}

void RedirectsView::setExchange(const Http::Exchange& exchange)
{
    m_exchange = exchange;
    // Query credentials (a profile's API key, an OAuth code) are masked in the URLs like headers are.
    const Http::SecretPolicy policy = Http::SecretPolicy::standard().withLedgerOf(exchange);
    const QSignalBlocker blocker(m_hops);
    m_hops->setRowCount(0);
    m_hops->setRowCount(int(exchange.hops.size()));
    using StatusPalette::Outcome;
    const QPalette& pal = m_hops->palette();
    const QColor withheldForeground = StatusPalette::color(StatusPalette::Tone::Caution, pal);
    const QColor withheldBackground = StatusPalette::background(StatusPalette::Tone::Caution, pal);
    const Http::Hop* finalHop = exchange.finalResponseHop();
    int withheldHops = 0;
    for (int row = 0; row < exchange.hops.size(); ++row) {
        const Http::Hop& hop = exchange.hops.at(row);
        auto* number = new QTableWidgetItem(QString::number(row + 1));
        auto* method = new QTableWidgetItem(QString::fromLatin1(hop.request.method));
        auto* url = new QTableWidgetItem(displayUrl(hop.request.url, m_reveal->isChecked(), policy));
        url->setToolTip(url->text());
        auto* status = new QTableWidgetItem;
        if (hop.response.received) {
            status->setText(statusText(hop.response.status, hop.response.reason));
            // The final answer is coloured as the status line colours it: a 2xx after withheld credentials is
            // amber, not green.
            const Outcome outcome = &hop == finalHop ? StatusPalette::outcomeOf(exchange)
                                                     : StatusPalette::outcomeOfStatus(hop.response.status);
            status->setForeground(StatusPalette::color(outcome, pal));
            status->setToolTip(StatusPalette::outcomeText(outcome));
        } else if (hop.error.isError()) {
            status->setText(Http::errorKindText(hop.error.kind));
            status->setForeground(StatusPalette::color(Outcome::TransportFailure, pal));
            status->setToolTip(hop.error.message);
        } else {
            status->setText(tr("no response"));
        }
        QFont bold = m_hops->font();
        bold.setBold(true);
        status->setFont(bold);
        auto* time = new QTableWidgetItem(humanDuration(hop.timing.totalMs));
        QStringList withheldText;
        QStringList withheldReasons;
        for (const Http::Withheld& w : hop.withheld) {
            const QString name = w.name.startsWith('?') ? tr("query “%1”").arg(QString::fromLatin1(w.name.mid(1)))
                                                        : QString::fromLatin1(w.name);
            // Names and sources in the cell; the reasons in the tooltip and in the hop's details below.
            withheldText.append(tr("%1 (%2)").arg(name, credentialSourceText(w.source)));
            withheldReasons.append(tr("%1 withheld: %2").arg(name, w.reason));
        }
        auto* withheld = new QTableWidgetItem(withheldText.join(QStringLiteral("; ")));
        // The ledger's other column: what went out on this hop, from where, bound to which origins.
        QStringList placedText;
        QStringList placedDetails;
        for (const Http::Placed& p : hop.placed) {
            const QString name = credentialNameText(p.name, p.place);
            placedText.append(tr("%1 (%2)").arg(name, credentialSourceText(p.source)));
            placedDetails.append(tr("%1 — %2, from the %3, bound to %4")
                                     .arg(name, p.label, credentialSourceText(p.source),
                                          p.boundTo.contains(QStringLiteral("*"))
                                              ? tr("every origin (redirects trusted)")
                                              : p.boundTo.join(QStringLiteral(", "))));
        }
        auto* placed = new QTableWidgetItem(placedText.join(QStringLiteral("; ")));
        placed->setToolTip(placedDetails.join(u'\n'));
        if (!hop.withheld.isEmpty()) {
            ++withheldHops;
            withheld->setToolTip(withheldReasons.join(u'\n'));
            withheld->setFont(bold);
            for (QTableWidgetItem* item : {number, method, url, status, time, withheld, placed})
                item->setBackground(withheldBackground);
            withheld->setForeground(withheldForeground);
        }
        m_hops->setItem(row, Number, number);
        m_hops->setItem(row, Method, method);
        m_hops->setItem(row, Url, url);
        m_hops->setItem(row, Status, status);
        m_hops->setItem(row, Time, time);
        m_hops->setItem(row, Withheld, withheld);
        m_hops->setItem(row, Placed, placed);
    }
    if (exchange.hops.isEmpty()) {
        m_summary->setText(tr("Every hop of a request — redirects included — appears here, with the credentials "
                              "Authlens placed on it (and from where) and those it withheld, and why."));
    } else {
        QString text = countText(exchange.hops.size(), tr("hop."), tr("hops."));
        text += withheldHops > 0 ? tr(" Credentials were withheld on %1: select a hop for details.")
                                       .arg(countText(withheldHops, tr("hop"), tr("hops")))
                                 : tr(" No credentials were withheld.");
        m_summary->setText(text);
    }
    // Start on the first hop that lost credentials (the interesting one), else on the final hop.
    int initial = int(exchange.hops.size()) - 1;
    for (int row = 0; row < exchange.hops.size(); ++row) {
        if (!exchange.hops.at(row).withheld.isEmpty()) {
            initial = row;
            break;
        }
    }
    if (initial >= 0)
        m_hops->setCurrentCell(initial, Number);
    showHop(initial);
}

bool RedirectsView::selectHop(int index, QByteArrayView header, bool request, int field)
{
    if (index < 0 || index >= m_hops->rowCount())
        return false;
    m_hops->setCurrentCell(index, Number);
    m_hops->scrollToItem(m_hops->item(index, Number));
    if (header.isEmpty())
        return true;
    return (request ? m_request : m_response)->selectHeader(header, field);
}

void RedirectsView::showHop(int index)
{
    if (index < 0 || index >= m_exchange.hops.size()) {
        m_hopTitle->setText(tr("No hop selected"));
        m_hopLedger->clear();
        m_request->clearHeaders();
        m_response->clearHeaders();
        return;
    }
    const Http::Hop& hop = m_exchange.hops.at(index);
    m_hopTitle->setText(tr("Hop #%1: %2 %3")
                            .arg(index + 1)
                            .arg(QString::fromLatin1(hop.request.method),
                                 displayUrl(hop.request.url, m_reveal->isChecked(),
                                            Http::SecretPolicy::standard().withLedgerOf(m_exchange))));
    m_request->setHeaders(hop.request.headers, hop.withheld, hop.placed);
    // The hop's ledger in words: what was placed, from where, bound to which origins; what was not.
    QStringList ledger;
    for (const Http::Placed& p : hop.placed)
        ledger.append(tr("✓ %1 placed (from the %2), bound to %3")
                          .arg(credentialNameText(p.name, p.place), credentialSourceText(p.source),
                               p.boundTo.contains(QStringLiteral("*")) ? tr("every origin (redirects trusted)")
                                                                       : p.boundTo.join(QStringLiteral(", "))));
    for (const Http::Withheld& w : hop.withheld)
        ledger.append(tr("✗ %1 withheld (from the %2): %3")
                          .arg(w.name.startsWith('?') ? credentialNameText(w.name.mid(1), Http::CredentialPlace::Query)
                                                      : QString::fromLatin1(w.name),
                               credentialSourceText(w.source), w.reason));
    if (ledger.isEmpty())
        ledger.append(hop.ledgerRecorded ? tr("No credential was placed on this hop, none was withheld.")
                                         : tr("Recorded by another tool: no credential ledger."));
    m_hopLedger->setText(ledger.join(u'\n'));
    m_response->setHeaders(hop.response.headers);
}

} // namespace Authlens::Gui
