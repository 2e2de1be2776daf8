#include "oauth/ExchangeSummaryView.h"

#include "common/DisplayFormat.h"
#include "common/StatusPalette.h"
#include "diagnosis/EvidenceLink.h"
#include "diagnosis/FindingCard.h"

#include <QLabel>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

namespace Authlens::Gui {

namespace {

QLabel* line(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // wraps to any column width
    return label;
}

} // namespace

ExchangeSummaryView::ExchangeSummaryView(const QString& caption, QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("exchangeSummary"));
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(3);
    m_caption = new QLabel(caption, this);
    QFont captionFont = m_caption->font();
    captionFont.setBold(true);
    captionFont.setPointSizeF(captionFont.pointSizeF() * 0.9);
    m_caption->setFont(captionFont);
    m_caption->setForegroundRole(QPalette::PlaceholderText);
    m_status = line(QStringLiteral("statusLine"), this);
    m_status->setTextFormat(Qt::RichText);
    m_request = line(QStringLiteral("requestLine"), this);
    m_request->setTextFormat(Qt::PlainText);
    m_request->setForegroundRole(QPalette::PlaceholderText);
    m_token = line(QStringLiteral("tokenLine"), this);
    m_token->setTextFormat(Qt::PlainText);
    m_findings = line(QStringLiteral("findingsLine"), this);
    m_findings->setTextFormat(Qt::RichText);
    for (QWidget* w : std::initializer_list<QWidget*> {m_caption, m_status, m_request, m_token, m_findings})
        layout->addWidget(w);
    layout->addStretch(1);
}

ExchangeSummaryView::~ExchangeSummaryView() = default;

QString ExchangeSummaryView::tokenTail(const QString& token)
{
    if (token.isEmpty())
        return tr("none");
    if (token.size() < 16)
        return QStringLiteral("•••");
    return u'…' + token.right(4);
}

void ExchangeSummaryView::setToken(const QString& token, const QString& expiryText)
{
    m_token->setText(expiryText.isEmpty() ? tr("Token %1").arg(tokenTail(token))
                                          : tr("Token %1 · %2").arg(tokenTail(token), expiryText));
}

void ExchangeSummaryView::setExchange(const Http::Exchange& exchange, const Diagnosis::Diagnosis& diagnosis,
                                      const QString& token, const QString& expiryText)
{
    const Http::Hop* finalHop = exchange.finalResponseHop();
    QString status;
    // The verdict of the diagnosis (a 2xx with a cause or likely finding is amber), as the status line and
    // the Diagnosis title colour it.
    const StatusPalette::Outcome outcome = StatusPalette::outcomeOf(diagnosis);
    if (exchange.error.isError() && !finalHop) {
        status = tr("Failed: %1").arg(exchange.error.message);
    } else if (finalHop) {
        status = Gui::statusText(finalHop->response.status, finalHop->response.reason);
        if (outcome == StatusPalette::Outcome::SuccessWithProblem)
            status = tr("%1 — but with a problem").arg(status);
    } else {
        status = tr("No response");
    }
    const QColor color = StatusPalette::color(outcome, palette());
    m_status->setText(QStringLiteral("<span style=\"color:%1; font-size:large; font-weight:600;\">%2</span>")
                          .arg(color.name(), status.toHtmlEscaped()));
    double totalMs = 0;
    for (const Http::Hop& hop : exchange.hops)
        totalMs += std::max(0.0, hop.timing.totalMs);
    const Http::Hop* first = exchange.hops.isEmpty() ? nullptr : &exchange.hops.constFirst();
    m_request->setText(first ? breakableText(tr("%1 %2 · %3")
                                                 .arg(QString::fromLatin1(first->request.method),
                                                      first->request.url.toDisplayString(QUrl::RemoveUserInfo),
                                                      humanDuration(totalMs)))
                             : QString());
    setToken(token, expiryText);
    QStringList findings;
    for (qsizetype i = 0; i < diagnosis.findings.size() && i < 2; ++i) {
        const Diagnosis::Finding& f = diagnosis.findings.at(i);
        findings.append(QStringLiteral("<span style=\"color:%1; font-weight:600;\">%2</span> %3")
                            .arg(StatusPalette::color(StatusPalette::toneOf(f.severity), palette()).name(),
                                 FindingCard::badgeText(f.severity), f.title.toHtmlEscaped()));
    }
    if (diagnosis.findings.size() > 2)
        findings.append(tr("and %1 more").arg(diagnosis.findings.size() - 2));
    m_findings->setText(findings.isEmpty() ? tr("No finding.") : findings.join(QStringLiteral("<br>")));
}

void ExchangeSummaryView::setAbsent(const QString& status, const QString& why, const QString& token,
                                    const QString& expiryText)
{
    m_status->setText(
        QStringLiteral("<span style=\"color:%1; font-size:large; font-weight:600;\">%2</span>")
            .arg(StatusPalette::color(StatusPalette::Outcome::Pending, palette()).name(), status.toHtmlEscaped()));
    m_request->setText(why);
    setToken(token, expiryText);
    m_findings->clear();
}

void ExchangeSummaryView::setCredentialText(const QString& text)
{
    m_token->setText(text);
}

QString ExchangeSummaryView::statusText() const
{
    return QTextDocumentFragment::fromHtml(m_status->text()).toPlainText();
}

QString ExchangeSummaryView::tokenText() const
{
    return m_token->text();
}

QString ExchangeSummaryView::plainText() const
{
    QStringList parts {m_caption->text(), statusText(), m_request->text(), m_token->text(),
                       QTextDocumentFragment::fromHtml(m_findings->text()).toPlainText()};
    parts.removeAll(QString());
    return parts.join(u'\n').remove(QChar(0x200B));
}

} // namespace Authlens::Gui
