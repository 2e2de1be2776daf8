#include "diagnosis/DiagnosisPanel.h"

#include "common/DisplayFormat.h"
#include "diagnosis/StatusMeaning.h"
#include "ui_DiagnosisPanel.h"

namespace Authlens::Gui {

namespace {

QString escaped(const QString& text)
{
    return text.toHtmlEscaped();
}

} // namespace

DiagnosisPanel::DiagnosisPanel(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::DiagnosisPanel>())
{
    m_ui->setupUi(this);
    QFont titleFont = m_ui->diagnosisTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_ui->diagnosisTitle->setFont(titleFont);
    m_ui->diagnosisBrowser->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_ui->diagnosisBrowser->viewport()->setAutoFillBackground(false);
    m_ui->diagnosisBrowser->document()->setDocumentMargin(2);
    showWelcome();
}

DiagnosisPanel::~DiagnosisPanel() = default;

QString DiagnosisPanel::title() const
{
    return m_ui->diagnosisTitle->text();
}

QString DiagnosisPanel::bodyText() const
{
    return m_ui->diagnosisBrowser->toPlainText();
}

void DiagnosisPanel::setTitle(const QString& title, const QColor& color)
{
    m_ui->diagnosisTitle->setText(title);
    m_ui->diagnosisTitle->setStyleSheet(color.isValid() ? QStringLiteral("color: %1;").arg(color.name()) : QString());
}

void DiagnosisPanel::showWelcome()
{
    setTitle(tr("How to use Authlens"), {});
    m_ui->diagnosisBrowser->setHtml(
        tr("<p>Authlens sends a request and explains what the answer means for authentication: which header matters, "
           "what it says, and what to do next.</p>"
           "<ol>"
           "<li><b>Help → Start demo API</b> (or start with <code>authlens --demo</code>). A local API with real 401s, "
           "403s and redirects starts on 127.0.0.1 and its profiles appear in the sidebar.</li>"
           "<li>Pick a request under a profile, e.g. <i>Demo · Bearer (expired token)</i> → <i>/api/profile</i>. The "
           "profile's credentials fill the <b>Auth</b> tab.</li>"
           "<li>Press <b>Send</b> (Ctrl+Return). Status, body, headers, cookies, every redirect hop and the TLS "
           "connection appear under the composer.</li>"
           "<li>This panel then explains the status and lists the next steps.</li>"
           "</ol>"
           "<p>Credentials only go to the origins a profile allows. The <b>Redirects</b> tab shows, hop by hop, what "
           "Authlens withheld and why.</p>"));
}

void DiagnosisPanel::showSending()
{
    setTitle(tr("Waiting for the response…"), QColor(0x61, 0x61, 0x61));
    m_ui->diagnosisBrowser->setHtml(tr("<p>The explanation appears when the response arrives.</p>"));
}

void DiagnosisPanel::showExchange(const Http::Exchange& exchange)
{
    const Diagnosis::StatusMeaning meaning = Diagnosis::explainStatus(exchange);
    QColor color;
    if (exchange.error.isError())
        color = QColor(0xc6, 0x28, 0x28);
    else if (meaning.status > 0)
        color = statusColor(meaning.status);
    setTitle(meaning.title, color);

    QString html = QStringLiteral("<p>%1</p>").arg(escaped(meaning.summary));
    if (!meaning.headers.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4>").arg(escaped(tr("Headers that matter")));
        for (const Diagnosis::KeyHeader& key : meaning.headers) {
            const QString name = escaped(QString::fromLatin1(key.name));
            if (key.present) {
                html += QStringLiteral("<p><b>%1</b><br/><code>%2</code><br/>%3</p>")
                            .arg(name, escaped(headerText(key.value)), escaped(key.meaning));
            } else {
                html += QStringLiteral("<p><b>%1</b> <span style=\"color:#c62828;\">%2</span><br/>%3</p>")
                            .arg(name, escaped(tr("— absent")), escaped(key.meaning));
            }
        }
    }
    if (!meaning.nextSteps.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><ol>").arg(escaped(tr("Next steps")));
        for (const QString& step : meaning.nextSteps)
            html += QStringLiteral("<li>%1</li>").arg(escaped(step));
        html += QStringLiteral("</ol>");
    }
    m_ui->diagnosisBrowser->setHtml(html);
}

} // namespace Authlens::Gui
