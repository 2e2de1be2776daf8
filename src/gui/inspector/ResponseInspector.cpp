#include "inspector/ResponseInspector.h"

#include "common/DisplayFormat.h"
#include "common/StatusPalette.h"
#include "inspector/AuthView.h"
#include "inspector/TokenView.h"
#include "oauth/ResendComparison.h"
#include "ui_ResponseInspector.h"

#include <QEvent>
#include <QMenu>

namespace Authlens::Gui {

ResponseInspector::ResponseInspector(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ResponseInspector>())
{
    m_ui->setupUi(this);
    m_ui->metricsLabel->setForegroundRole(QPalette::PlaceholderText);
    m_ui->detailLabel->setForegroundRole(QPalette::PlaceholderText);
    // Auth and Token analyse on worker threads: their counts arrive after showExchange().
    connect(m_ui->authView, &AuthView::analysisReady, this, &ResponseInspector::updateAuthTitles);
    connect(m_ui->tokenView, &TokenView::tokensReady, this, &ResponseInspector::updateAuthTitles);
    connect(m_ui->tokenView, &TokenView::keysFound, this, &ResponseInspector::issuerKeysFound);
    auto* harMenu = new QMenu(this);
    harMenu->addAction(tr("Save as HAR…"), this, [this] { Q_EMIT saveHarRequested(false); });
    harMenu->addAction(tr("Save as HAR with Secrets…"), this, [this] { Q_EMIT saveHarRequested(true); });
    m_ui->saveHarButton->setMenu(harMenu);
    connect(m_ui->saveHarButton, &QToolButton::clicked, this, [this] { Q_EMIT saveHarRequested(false); });
    clear();
}

ResponseInspector::~ResponseInspector() = default;

void ResponseInspector::clear()
{
    setStatus(tr("No response yet"), StatusPalette::Outcome::Pending);
    m_ui->metricsLabel->clear();
    m_ui->detailLabel->setText(tr("Send a request (Ctrl+Return) to see its status, body, headers, cookies, every "
                                  "redirect hop and the TLS connection here."));
    m_ui->bodyView->clear();
    m_ui->headersView->clear();
    m_ui->authView->clear();
    m_ui->tokenView->clear();
    m_ui->cookiesView->clear();
    m_ui->redirectsView->clear();
    m_ui->tlsView->clear();
    hideResend();
    m_exchange = Http::Exchange();
    m_awaitingExchange = false;
    m_ui->saveHarButton->setEnabled(false);
    setTabTitles(Http::Exchange());
}

void ResponseInspector::showHopStarted(int index, const QUrl& url)
{
    if (index == 0)
        hideResend(); // a new request: the comparison was about the last one
    m_ui->saveHarButton->setEnabled(false);
    m_awaitingExchange = true;
    setStatus(tr("Sending…"), StatusPalette::Outcome::Pending);
    m_ui->detailLabel->setStyleSheet(QString());
    m_ui->metricsLabel->setText(index > 0 ? tr("following redirect, hop %1").arg(index + 1) : QString());
    m_ui->detailLabel->setText(url.toDisplayString(QUrl::RemoveUserInfo));
}

void ResponseInspector::showExchange(const Http::Exchange& exchange)
{
    m_exchange = exchange;
    m_awaitingExchange = false;
    m_ui->saveHarButton->setEnabled(!exchange.hops.isEmpty());
    const Http::Hop* finalHop = exchange.finalResponseHop();
    double totalMs = 0;
    for (const Http::Hop& hop : exchange.hops)
        totalMs += std::max(0.0, hop.timing.totalMs);

    QStringList metrics;
    if (exchange.error.isError()) {
        const QString kind = exchange.error.kind == Http::ErrorKind::Cancelled
            ? tr("Cancelled")
            : tr("Failed: %1").arg(Http::errorKindText(exchange.error.kind));
        setStatus(kind, StatusPalette::outcomeOf(exchange));
        m_ui->detailLabel->setText(exchange.error.message);
        m_ui->detailLabel->setStyleSheet(
            QStringLiteral("color: %1;")
                .arg(StatusPalette::color(StatusPalette::Outcome::TransportFailure, palette()).name()));
        if (finalHop)
            metrics.append(tr("last status %1").arg(finalHop->response.status));
    } else if (finalHop) {
        // By the exchange for now (credentials withheld on the way make a 2xx suspect); setVerdict() refines
        // it when the diagnosis is known.
        setStatus(statusText(finalHop->response.status, finalHop->response.reason), StatusPalette::outcomeOf(exchange));
        m_ui->detailLabel->setStyleSheet(QString());
        m_ui->detailLabel->setText(tr("%1 %2").arg(QString::fromLatin1(finalHop->request.method),
                                                   finalHop->request.url.toDisplayString(QUrl::RemoveUserInfo)));
    } else {
        setStatus(tr("No response"), StatusPalette::Outcome::TransportFailure);
        m_ui->detailLabel->setText(QString());
    }
    metrics.append(humanDuration(totalMs));
    if (finalHop)
        metrics.append(humanSize(finalHop->response.body.size()));
    metrics.append(countText(exchange.hops.size(), tr("hop"), tr("hops")));
    if (finalHop && !finalHop->response.httpVersion.isEmpty())
        metrics.append(QStringLiteral("HTTP/%1").arg(QString::fromLatin1(finalHop->response.httpVersion)));
    m_ui->metricsLabel->setText(metrics.join(QStringLiteral("  ·  ")));

    if (finalHop) {
        m_ui->bodyView->setBody(finalHop->response.body, Http::headerValue(finalHop->response.headers, "Content-Type"));
        m_ui->headersView->setHop(*finalHop);
    } else {
        m_ui->bodyView->clear(tr("No response body: the request failed before a response arrived."));
        if (!exchange.hops.isEmpty())
            m_ui->headersView->setHop(exchange.hops.last());
        else
            m_ui->headersView->clear();
    }
    m_ui->authView->setExchange(exchange);
    m_ui->tokenView->setExchange(exchange);
    m_ui->cookiesView->setExchange(exchange);
    m_ui->redirectsView->setExchange(exchange);
    m_ui->tlsView->setExchange(exchange);
    setTabTitles(exchange);
}

void ResponseInspector::setFoldedPanel(QWidget* panel, const QString& title)
{
    QTabWidget* tabs = m_ui->inspectorTabs;
    if (m_folded) {
        const bool wasCurrent = tabs->currentWidget() == m_folded;
        tabs->removeTab(tabs->indexOf(m_folded));
        if (wasCurrent)
            tabs->setCurrentWidget(m_ui->bodyView);
    }
    m_folded = panel;
    if (panel)
        tabs->insertTab(0, panel, title);
}

void ResponseInspector::showFoldedPanel()
{
    if (m_folded)
        m_ui->inspectorTabs->setCurrentWidget(m_folded);
}

void ResponseInspector::setVerdict(StatusPalette::Outcome verdict)
{
    if (m_awaitingExchange || (m_exchange.hops.isEmpty() && !m_exchange.error.isError()))
        return; // nothing shown (cleared, or a new request on its way): the verdict is about something else
    m_statusOutcome = verdict;
    renderStatus();
}

StatusPalette::Outcome ResponseInspector::statusOutcome() const
{
    return m_statusOutcome;
}

QColor ResponseInspector::statusColor() const
{
    return StatusPalette::color(m_statusOutcome, palette());
}

void ResponseInspector::setStatus(const QString& text, StatusPalette::Outcome outcome)
{
    m_statusText = text;
    m_statusOutcome = outcome;
    renderStatus();
}

void ResponseInspector::renderStatus()
{
    const QColor color = StatusPalette::color(m_statusOutcome, palette());
    QString html = QStringLiteral("<span style=\"color:%1; font-size:large; font-weight:600;\">%2</span>")
                       .arg(color.name(), m_statusText.toHtmlEscaped());
    // Colour is never the only signal: a success that is not one says so in words.
    if (m_statusOutcome == StatusPalette::Outcome::SuccessWithProblem)
        html += QStringLiteral(" <span style=\"color:%1; font-weight:600;\">%2</span>")
                    .arg(color.name(), tr("⚠ but with a problem").toHtmlEscaped());
    m_ui->statusLabel->setText(html);
    m_ui->statusLabel->setToolTip(StatusPalette::outcomeText(m_statusOutcome));
}

void ResponseInspector::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange && m_ui && m_ui->statusLabel && !m_statusText.isEmpty())
        renderStatus(); // colours live in the label's rich text: follow a theme change
    QWidget::changeEvent(event);
}

void ResponseInspector::showResend(const ResendResult& result)
{
    m_ui->resendView->setResult(result);
    QTabWidget* tabs = m_ui->inspectorTabs;
    const int index = tabs->indexOf(m_ui->resendView);
    if (result.fix.isEmpty()) {
        tabs->setTabText(index, tr("Refresh"));
        tabs->setTabToolTip(index,
                            tr("The request before and after the token refresh, and the token endpoint's "
                               "transcript"));
    } else {
        tabs->setTabText(index, tr("Fix"));
        tabs->setTabToolTip(index,
                            tr("The request before and after “%1”, and what the fix changed in it").arg(result.fix));
    }
    tabs->setTabVisible(index, true);
    tabs->setCurrentWidget(m_ui->resendView);
}

void ResponseInspector::hideResend()
{
    QTabWidget* tabs = m_ui->inspectorTabs;
    const bool wasCurrent = tabs->currentWidget() == m_ui->resendView;
    tabs->setTabVisible(tabs->indexOf(m_ui->resendView), false);
    m_ui->resendView->clear();
    if (wasCurrent)
        tabs->setCurrentWidget(m_ui->bodyView);
}

void ResponseInspector::setTabTitles(const Http::Exchange& exchange)
{
    QTabWidget* tabs = m_ui->inspectorTabs;
    const Http::Hop* finalHop = exchange.finalResponseHop();
    const qsizetype headerCount = finalHop ? finalHop->response.headers.size() : 0;
    tabs->setTabText(tabs->indexOf(m_ui->headersView),
                     headerCount > 0 ? tr("Headers (%1)").arg(headerCount) : tr("Headers"));
    const int cookies = m_ui->cookiesView->cookieCount();
    QString cookiesTitle = cookies > 0 ? tr("Cookies (%1)").arg(cookies) : tr("Cookies");
    if (m_ui->cookiesView->problemCount() > 0) // a cookie withheld or a Set-Cookie rejected
        cookiesTitle += QStringLiteral(" ⚠");
    tabs->setTabText(tabs->indexOf(m_ui->cookiesView), cookiesTitle);
    bool withheld = false;
    bool tlsErrors = false;
    for (const Http::Hop& hop : exchange.hops) {
        withheld = withheld || !hop.withheld.isEmpty();
        tlsErrors = tlsErrors || !hop.tls.errors.isEmpty() || hop.error.kind == Http::ErrorKind::Tls;
    }
    QString redirects = exchange.hops.size() > 1 ? tr("Redirects (%1)").arg(exchange.hops.size()) : tr("Redirects");
    if (withheld)
        redirects += QStringLiteral(" ⚠");
    tabs->setTabText(tabs->indexOf(m_ui->redirectsView), redirects);
    tabs->setTabText(tabs->indexOf(m_ui->tlsView), tlsErrors ? tr("TLS ⚠") : tr("TLS"));
    updateAuthTitles();
}

void ResponseInspector::updateAuthTitles()
{
    QTabWidget* tabs = m_ui->inspectorTabs;
    const AuthView* auth = m_ui->authView;
    const int challenges = auth->isAnalyzing() ? 0 : auth->challengeCount();
    QString authTitle = challenges > 0 ? tr("Auth (%1)").arg(challenges) : tr("Auth");
    if (!auth->isAnalyzing() && auth->hasErrors())
        authTitle += QStringLiteral(" ⚠");
    tabs->setTabText(tabs->indexOf(m_ui->authView), authTitle);
    const TokenView* token = m_ui->tokenView;
    const int tokens = token->isFinding() ? 0 : token->tokenCount();
    tabs->setTabText(tabs->indexOf(m_ui->tokenView), tokens > 0 ? tr("Token (%1)").arg(tokens) : tr("Token"));
}

void ResponseInspector::setTokenOptions(const Jwt::InspectOptions& options)
{
    m_ui->tokenView->setBaseOptions(options);
}

void ResponseInspector::inspectToken(const QString& token)
{
    m_ui->inspectorTabs->setCurrentWidget(m_ui->tokenView);
    m_ui->tokenView->inspectToken(token);
}

int ResponseInspector::shownHop() const
{
    // As showExchange() and analyzeAuth() choose: the final response, else the last hop.
    const Http::Hop* hop = m_exchange.finalResponseHop();
    if (hop)
        return int(hop - m_exchange.hops.constData());
    return int(m_exchange.hops.size()) - 1;
}

bool ResponseInspector::verifyTokenSignature(const Diagnosis::Evidence& claim)
{
    if (claim.kind != Diagnosis::EvidenceKind::Claim)
        return false;
    m_ui->inspectorTabs->setCurrentWidget(m_ui->tokenView);
    return m_ui->tokenView->verifyToken(claim.hop, claim.side == Diagnosis::Side::Request, claim.container);
}

bool ResponseInspector::showEvidence(const Diagnosis::Evidence& evidence)
{
    using Kind = Diagnosis::EvidenceKind;
    QTabWidget* tabs = m_ui->inspectorTabs;
    const int shown = shownHop();
    const int hop = evidence.hop >= 0 ? evidence.hop : shown;
    if (hop < 0 || hop >= m_exchange.hops.size())
        return false;
    const bool request = evidence.side == Diagnosis::Side::Request;
    // An earlier hop's headers are in the Redirects tab, beside that hop.
    const auto inRedirects = [&](const QString& header, bool requestSide, int field) -> bool {
        tabs->setCurrentWidget(m_ui->redirectsView);
        return m_ui->redirectsView->selectHop(hop, header.toLatin1(), requestSide, field);
    };
    switch (evidence.kind) {
    case Kind::Header:
        if (hop != shown)
            return inRedirects(evidence.name, request, evidence.field);
        tabs->setCurrentWidget(m_ui->headersView);
        return m_ui->headersView->selectHeader(request, evidence.name.toLatin1(), evidence.field);
    case Kind::Param:
        if (hop != shown)
            return inRedirects(evidence.container, false, evidence.field);
        tabs->setCurrentWidget(m_ui->authView);
        return m_ui->authView->selectParam(evidence.container.toLatin1(), evidence.name, evidence.field, evidence.start,
                                           evidence.length);
    case Kind::Claim:
        tabs->setCurrentWidget(m_ui->tokenView);
        return m_ui->tokenView->selectClaim(hop, evidence.side != Diagnosis::Side::Response, evidence.container,
                                            evidence.name, evidence.start, evidence.length);
    case Kind::Cookie:
        tabs->setCurrentWidget(m_ui->cookiesView);
        return m_ui->cookiesView->selectCookie(hop, evidence.container, evidence.name);
    case Kind::Body:
        if (hop != shown || request)
            return inRedirects({}, false, 0);
        tabs->setCurrentWidget(m_ui->bodyView);
        if (evidence.hasRange())
            m_ui->bodyView->selectBytes(m_exchange.hops.at(hop).response.body.head(evidence.start + evidence.length),
                                        evidence.start, evidence.length);
        return true;
    case Kind::Tls:
        tabs->setCurrentWidget(m_ui->tlsView);
        return m_ui->tlsView->selectHop(hop);
    case Kind::Hop:
    case Kind::Timing:
        return inRedirects({}, false, 0);
    }
    return false;
}

} // namespace Authlens::Gui
