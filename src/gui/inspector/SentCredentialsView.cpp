#include "inspector/SentCredentialsView.h"

#include "auth/SchemeKnowledge.h"
#include "common/DisplayFormat.h"
#include "common/SecretMask.h"
#include "inspector/RawFieldView.h"
#include "inspector/SeverityStyle.h"
#include "inspector/WrapDelegate.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Authlens::Gui {

namespace {

enum FindingColumn { FindingSeverityColumn, FindingCodeColumn, FindingMessageColumn };
enum LedgerColumn { CredentialColumn, VerdictColumn, SourceColumn, DetailColumn };
constexpr int FindingLineRole = Qt::UserRole + 1;
constexpr int FindingOffsetRole = Qt::UserRole + 2;
constexpr int FindingLevelRole = Qt::UserRole + 3;

QLabel* valueLabel(const QString& text, const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

// Where the secret part of a credentials value starts: the token68, or everything after the scheme.
// Only well-formed parameter credentials (Digest: username, nonce, a response hash) stay readable; a
// Bearer or Basic value the parser could not read as a token68 (a quoted token…) is still a secret.
int secretStart(const SentCredentials& sent)
{
    if (!sent.parsed.credentials)
        return 0;
    const Auth::Challenge& credentials = *sent.parsed.credentials;
    const int afterScheme = credentials.schemeRange.isValid() ? credentials.schemeRange.end() : 0;
    if (credentials.token68)
        return credentials.token68Range.isValid() ? credentials.token68Range.offset : afterScheme;
    const bool tokenScheme = credentials.isScheme("Basic") || credentials.isScheme("Bearer")
        || credentials.isScheme("DPoP") || credentials.isScheme("Negotiate") || credentials.isScheme("NTLM");
    if (!credentials.params.isEmpty() && !sent.parsed.hasErrors() && !tokenScheme)
        return -1;
    return afterScheme;
}

} // namespace

SentCredentialsView::SentCredentialsView(QWidget* parent)
    : QWidget(parent)
    , m_context(new QLabel(this))
    , m_reveal(new QCheckBox(tr("Reveal secrets"), this))
    , m_details(new QWidget(this))
    , m_empty(new QLabel(this))
    , m_raw(new RawFieldView(this))
    , m_ledgerTitle(new QLabel(this))
    , m_ledger(new QTreeWidget(this))
    , m_findingsTitle(new QLabel(this))
    , m_findings(new QTreeWidget(this))
{
    m_context->setObjectName(QStringLiteral("sentContextLabel"));
    m_context->setWordWrap(true);
    m_context->setForegroundRole(QPalette::PlaceholderText);
    m_context->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reveal->setObjectName(QStringLiteral("revealSentSecretsCheck"));
    m_reveal->setToolTip(tr("Show the password and token of the credentials in clear"));
    m_empty->setObjectName(QStringLiteral("sentEmptyLabel"));
    m_empty->setWordWrap(true);
    m_raw->setObjectName(QStringLiteral("sentRawView"));
    m_raw->setMaximumHeight(m_raw->fontMetrics().lineSpacing() * 5);
    m_ledgerTitle->setObjectName(QStringLiteral("sentLedgerTitle"));
    m_ledgerTitle->setWordWrap(true);
    m_ledger->setObjectName(QStringLiteral("sentLedgerList"));
    m_ledger->setHeaderLabels({tr("Credential"), tr("Sent?"), tr("Source"), tr("Bound to / why not")});
    m_ledger->setRootIsDecorated(false);
    new WrapDelegate(m_ledger, DetailColumn); // reasons are sentences: wrap them
    m_ledger->setAlternatingRowColors(true);
    m_ledger->header()->setSectionResizeMode(CredentialColumn, QHeaderView::ResizeToContents);
    m_ledger->header()->setSectionResizeMode(VerdictColumn, QHeaderView::ResizeToContents);
    m_ledger->header()->setSectionResizeMode(SourceColumn, QHeaderView::ResizeToContents);
    m_ledger->header()->setStretchLastSection(true);
    m_findingsTitle->setObjectName(QStringLiteral("credentialFindingsTitle"));
    m_findingsTitle->setWordWrap(true);
    m_findings->setObjectName(QStringLiteral("credentialFindingsList"));
    m_findings->setHeaderLabels({tr("Severity"), tr("Code"), tr("Finding")});
    m_findings->setRootIsDecorated(false);
    new WrapDelegate(m_findings, FindingMessageColumn); // long messages wrap instead of being cut off
    m_findings->setAlternatingRowColors(true);
    m_findings->header()->setSectionResizeMode(FindingSeverityColumn, QHeaderView::ResizeToContents);
    m_findings->header()->setSectionResizeMode(FindingCodeColumn, QHeaderView::ResizeToContents);
    m_findings->header()->setStretchLastSection(true);
    // The code ("basic.no_colon") is an id, not words: a hidden column and a tooltip.
    m_findings->setColumnHidden(FindingCodeColumn, true);

    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(boldLabel(tr("What you sent"), this));
    titleRow->addStretch();
    titleRow->addWidget(m_reveal);
    m_detailsLayout = new QVBoxLayout(m_details);
    m_detailsLayout->setContentsMargins(0, 0, 0, 0);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(titleRow);
    layout->addWidget(m_context);
    layout->addWidget(m_empty);
    layout->addWidget(m_details);
    layout->addWidget(m_ledgerTitle);
    layout->addWidget(m_ledger, 5);
    layout->addWidget(m_raw);
    layout->addWidget(m_findingsTitle);
    layout->addWidget(m_findings, 10);
    layout->addStretch(1); // keeps the rows together at the top when there is no findings list

    connect(m_reveal, &QCheckBox::toggled, this, [this](bool reveal) {
        m_raw->setRevealSecrets(reveal);
        render();
    });
    connect(m_findings, &QTreeWidget::currentItemChanged, this, &SentCredentialsView::onFindingSelected);
    clear();
}

SentCredentialsView::~SentCredentialsView() = default;

void SentCredentialsView::clear()
{
    setAnalysis(AuthAnalysis());
}

int SentCredentialsView::findingCount() const
{
    int count = 0;
    for (const SentCredentials& sent : m_analysis.sent)
        count += int(sent.findings.size());
    return count;
}

void SentCredentialsView::setAnalysis(const AuthAnalysis& analysis)
{
    m_analysis = analysis;
    QList<RawField> fields;
    for (const SentCredentials& sent : analysis.sent)
        fields.append({sent.headerName, sent.value, secretStart(sent)});
    m_raw->setFields(fields);
    m_raw->setVisible(!fields.isEmpty());

    m_findings->clear();
    for (qsizetype line = 0; line < analysis.sent.size(); ++line) {
        for (const Auth::CredentialFinding& finding : analysis.sent.at(line).findings) {
            auto* item = new QTreeWidgetItem(m_findings);
            const Level level = levelOf(finding.severity);
            item->setText(FindingSeverityColumn, levelText(level));
            item->setForeground(FindingSeverityColumn, levelColor(level));
            item->setText(FindingCodeColumn,
                          finding.reason.isEmpty() ? finding.code
                                                   : QStringLiteral("%1 (%2)").arg(finding.code, finding.reason));
            item->setToolTip(FindingSeverityColumn, tr("Finding id: %1").arg(item->text(FindingCodeColumn)));
            item->setText(FindingMessageColumn, finding.message);
            item->setToolTip(FindingMessageColumn, finding.message);
            item->setData(FindingSeverityColumn, FindingLineRole, int(line));
            item->setData(FindingSeverityColumn, FindingOffsetRole, finding.offset);
            item->setData(FindingSeverityColumn, FindingLevelRole, int(level));
        }
    }
    const int findings = findingCount();
    m_findings->setVisible(findings > 0);
    if (analysis.sent.isEmpty())
        m_findingsTitle->clear();
    else if (findings == 0)
        m_findingsTitle->setText(tr("✓ No problems found: the credentials are well-formed and fit what the server "
                                    "offered."));
    else
        m_findingsTitle->setText(tr("Findings (%1) — select one to see where it is in the value").arg(findings));
    renderLedger();
    render();
}

void SentCredentialsView::renderLedger()
{
    const AuthAnalysis& a = m_analysis;
    m_ledger->clear();
    const QColor withheldColor(0xb3, 0x5c, 0x00);
    for (const Http::Placed& p : a.placed) {
        auto* item = new QTreeWidgetItem(m_ledger);
        item->setText(CredentialColumn, credentialNameText(p.name, p.place));
        item->setText(VerdictColumn, tr("placed"));
        item->setText(SourceColumn, credentialSourceText(p.source));
        const QString bound = p.boundTo.contains(QStringLiteral("*")) ? tr("every origin (redirects trusted)")
                                                                      : p.boundTo.join(QStringLiteral(", "));
        item->setText(DetailColumn, bound);
        item->setToolTip(DetailColumn, p.label.isEmpty() ? bound : p.label + u'\n' + bound);
        item->setToolTip(CredentialColumn, p.label);
    }
    for (const Http::Withheld& w : a.withheld) {
        auto* item = new QTreeWidgetItem(m_ledger);
        item->setText(CredentialColumn,
                      w.name.startsWith('?') ? credentialNameText(w.name.mid(1), Http::CredentialPlace::Query)
                                             : QString::fromLatin1(w.name));
        item->setText(VerdictColumn, tr("withheld"));
        item->setText(SourceColumn, credentialSourceText(w.source));
        item->setText(DetailColumn, w.reason);
        item->setToolTip(DetailColumn, w.reason);
        for (int c = CredentialColumn; c <= DetailColumn; ++c)
            item->setForeground(c, withheldColor);
    }
    const bool any = !a.placed.isEmpty() || !a.withheld.isEmpty();
    m_ledger->setVisible(any);
    if (a.hopIndex < 0) {
        m_ledgerTitle->clear();
    } else if (!a.ledgerRecorded) {
        m_ledgerTitle->setText(tr("This request was recorded by another tool: which credentials it carried is read "
                                  "from its headers, not from a ledger."));
    } else if (!any) {
        m_ledgerTitle->setText(tr("Hop %1 carried no credential, and none was withheld.").arg(a.hopIndex + 1));
    } else {
        m_ledgerTitle->setText(tr("Credentials of hop %1: %2 placed, %3 withheld")
                                   .arg(a.hopIndex + 1)
                                   .arg(a.placed.size())
                                   .arg(a.withheld.size()));
    }
    m_ledgerTitle->setVisible(a.hopIndex >= 0);
}

void SentCredentialsView::render()
{
    // The decoded details are rebuilt on each change (reveal toggles the masked texts).
    delete m_details;
    m_details = new QWidget(this);
    m_details->setObjectName(QStringLiteral("sentDetails"));
    m_detailsLayout = new QVBoxLayout(m_details);
    m_detailsLayout->setContentsMargins(0, 0, 0, 0);

    const AuthAnalysis& a = m_analysis;
    if (a.hopIndex < 0) {
        m_context->clear();
        m_empty->setText(tr("The Authorization header the request carried appears here, decoded."));
    } else {
        m_context->setText(tr("%1 %2 (hop %3)")
                               .arg(QString::fromLatin1(a.method), a.url.toDisplayString(QUrl::RemoveUserInfo))
                               .arg(a.hopIndex + 1));
        m_empty->setText(tr("This request carried no Authorization header: nothing was sent to answer a "
                            "challenge."));
    }
    m_empty->setVisible(a.sent.isEmpty());
    for (qsizetype line = 0; line < a.sent.size(); ++line)
        addCredentials(a.sent.at(line), int(line));
    // Filled while hidden, then shown at once: rows added to a visible widget would appear only
    // from the event loop.
    static_cast<QVBoxLayout*>(layout())->insertWidget(3, m_details);
    m_details->setVisible(!a.sent.isEmpty());
}

void SentCredentialsView::addCredentials(const SentCredentials& sent, int line)
{
    const bool reveal = m_reveal->isChecked();
    m_detailsLayout->addWidget(boldLabel(QString::fromLatin1(sent.headerName), m_details));
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_detailsLayout->addLayout(form);
    const QString suffix = line == 0 ? QString() : QString::number(line);
    if (!sent.parsed.credentials) {
        form->addRow(tr("Scheme"),
                     valueLabel(tr("none — the value has no readable scheme"),
                                QStringLiteral("sentSchemeLabel") + suffix, m_details));
        return;
    }
    const Auth::Challenge& credentials = *sent.parsed.credentials;
    const Auth::SchemeInfo info = Auth::schemeInfo(credentials.scheme);
    const QString scheme = Auth::fieldText(credentials.scheme);
    form->addRow(tr("Scheme"),
                 valueLabel(info.known ? QStringLiteral("%1 — %2").arg(scheme, info.title)
                                       : tr("%1 — a scheme Authlens does not know").arg(scheme),
                            QStringLiteral("sentSchemeLabel") + suffix, m_details));
    if (sent.basic) {
        const Auth::BasicCredentials& basic = *sent.basic;
        form->addRow(tr("User"), valueLabel(basic.user, QStringLiteral("sentUserLabel") + suffix, m_details));
        const QString password = !basic.hasColon ? tr("(none: the decoded value has no “:”)")
            : reveal                             ? basic.password
                                                 : maskSecret(basic.password);
        form->addRow(tr("Password"), valueLabel(password, QStringLiteral("sentPasswordLabel") + suffix, m_details));
    } else if (credentials.token68) {
        const QString token = Auth::fieldText(*credentials.token68);
        QString shown = reveal ? token : maskSecret(token);
        if (credentials.isScheme("Basic"))
            shown += tr(" — not valid base64: it cannot be decoded");
        auto* label = valueLabel(shown, QStringLiteral("sentTokenLabel") + suffix, m_details);
        label->setFont(monospaceFont());
        form->addRow(tr("Token"), label);
        if (credentials.isScheme("Bearer") || credentials.isScheme("DPoP"))
            form->addRow(QString(),
                         valueLabel(tr("Open the Token tab to decode it."), QStringLiteral("sentTokenHint") + suffix,
                                    m_details));
    }
    for (const Auth::AuthParam& param : credentials.params) {
        const Auth::ParamInfo paramInfo = Auth::paramInfo(credentials.scheme, param.name, param.value);
        auto* label = valueLabel(Auth::fieldText(param.value), QString(), m_details);
        label->setToolTip(paramInfo.explanation);
        form->addRow(QString::fromLatin1(param.name), label);
    }
}

void SentCredentialsView::onFindingSelected(QTreeWidgetItem* item)
{
    if (!item) {
        m_raw->unmarkField();
        return;
    }
    const int line = item->data(FindingSeverityColumn, FindingLineRole).toInt();
    const int offset = item->data(FindingSeverityColumn, FindingOffsetRole).toInt();
    if (offset < 0) {
        m_raw->unmarkField();
        return;
    }
    m_raw->markOffset(line, offset,
                      levelBackground(Level(item->data(FindingSeverityColumn, FindingLevelRole).toInt())));
}

} // namespace Authlens::Gui
