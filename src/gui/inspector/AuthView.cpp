#include "inspector/AuthView.h"

#include "common/DisplayFormat.h"
#include "inspector/AuthTreeModel.h"
#include "inspector/RawFieldView.h"
#include "inspector/SentCredentialsView.h"
#include "inspector/SeverityStyle.h"
#include "inspector/WrapDelegate.h"

#include <QDesktopServices>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPromise>
#include <QSplitter>
#include <QTextBrowser>
#include <QThreadPool>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Authlens::Gui {

namespace {

enum DiagnosticColumn { SeverityColumn, CodeColumn, WhereColumn, MessageColumn };
constexpr int LineRole = Qt::UserRole + 1;
constexpr int OffsetRole = Qt::UserRole + 2;
constexpr int LevelRole = Qt::UserRole + 3;

QWidget* titled(QLabel* title, QWidget* content, QWidget* parent)
{
    auto* pane = new QWidget(parent);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    layout->addWidget(title);
    layout->addWidget(content, 1);
    return pane;
}

} // namespace

AuthView::AuthView(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_challengePane(new QSplitter(Qt::Vertical, this))
    , m_tree(new QTreeView(this))
    , m_model(new AuthTreeModel(this))
    , m_raw(new RawFieldView(this))
    , m_diagnosticsTitle(new QLabel(this))
    , m_diagnostics(new QTreeWidget(this))
    , m_details(new QTextBrowser(this))
    , m_sent(new SentCredentialsView(this))
{
    m_summary->setObjectName(QStringLiteral("authSummaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tree->setObjectName(QStringLiteral("challengeTree"));
    m_tree->setModel(m_model);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setTextElideMode(Qt::ElideRight);
    QHeaderView* header = m_tree->header();
    // The link stays in sight in a narrow window; the meaning takes what is left (all of it is in the
    // details pane).
    // Nothing scrolls sideways: the value takes the width left by the name and the link, and the meaning
    // column shows only when the tree is wide enough for it (the details pane always has it).
    header->setStretchLastSection(false);
    header->setSectionResizeMode(AuthTreeModel::NameColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(AuthTreeModel::ValueColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(AuthTreeModel::SpecColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(AuthTreeModel::MeaningColumn, QHeaderView::Stretch);
    m_tree->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_tree->setColumnHidden(AuthTreeModel::MeaningColumn, true);
    m_tree->installEventFilter(this);
    m_raw->setObjectName(QStringLiteral("rawHeaderView"));
    m_diagnosticsTitle->setObjectName(QStringLiteral("diagnosticsTitle"));
    m_diagnosticsTitle->setWordWrap(true); // its long "none" line set the Auth tab's minimum width
    m_diagnostics->setObjectName(QStringLiteral("diagnosticsList"));
    m_diagnostics->setHeaderLabels({tr("Severity"), tr("Code"), tr("Where"), tr("Diagnostic")});
    m_diagnostics->setRootIsDecorated(false);
    m_diagnostics->setAlternatingRowColors(true);
    new WrapDelegate(m_diagnostics, MessageColumn); // long messages wrap instead of being cut off
    for (int column : {SeverityColumn, CodeColumn, WhereColumn})
        m_diagnostics->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_diagnostics->header()->setStretchLastSection(true);
    // The code ("missing_space") is an id for tests and bug reports, not words: a hidden column and a tooltip.
    m_diagnostics->setColumnHidden(CodeColumn, true);
    m_details->setObjectName(QStringLiteral("authDetails"));
    m_details->setOpenExternalLinks(true); // QDesktopServices::openUrl: tests intercept it with setUrlHandler
    m_details->setFrameShape(QFrame::StyledPanel);
    m_sent->setObjectName(QStringLiteral("sentCredentialsView"));

    m_challengePane->setObjectName(QStringLiteral("challengeSplitter"));
    m_challengePane->setChildrenCollapsible(false);
    m_challengePane->addWidget(m_tree);
    m_challengePane->addWidget(titled(new QLabel(tr("Raw header fields"), this), m_raw, this));
    m_challengePane->addWidget(titled(m_diagnosticsTitle, m_diagnostics, this));
    m_challengePane->setStretchFactor(0, 3);
    m_challengePane->setStretchFactor(1, 1);
    m_challengePane->setStretchFactor(2, 1);

    m_side = new QSplitter(Qt::Vertical, this);
    QSplitter* side = m_side;
    side->setObjectName(QStringLiteral("authSideSplitter"));
    side->setChildrenCollapsible(false);
    side->addWidget(m_details);
    side->addWidget(m_sent);
    side->setStretchFactor(0, 1);
    side->setStretchFactor(1, 2);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    QSplitter* splitter = m_splitter;
    splitter->setObjectName(QStringLiteral("authSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_challengePane);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AuthView::onNodeSelected);
    connect(m_tree, &QTreeView::clicked, this, &AuthView::onNodeClicked);
    connect(m_diagnostics, &QTreeWidget::currentItemChanged, this, &AuthView::onDiagnosticSelected);
    connect(m_diagnostics, &QTreeWidget::itemClicked, this, &AuthView::onDiagnosticSelected);
    connect(&m_watcher, &QFutureWatcher<AuthAnalysis>::finished, this, &AuthView::onAnalysisFinished);
    clear();
}

AuthView::~AuthView() = default;

void AuthView::clear()
{
    m_watcher.cancel();
    m_analyzing = false;
    m_pendingParam.reset();
    m_analysis = AuthAnalysis();
    render();
}

void AuthView::setExchange(const Http::Exchange& exchange)
{
    m_analyzing = true;
    m_summary->setText(tr("Reading the authentication headers…"));
    // The analysis runs on a pool thread: a hostile server may send megabytes of WWW-Authenticate. The
    // promise outlives this view if it is destroyed first; a newer call replaces the watched future.
    auto promise = std::make_shared<QPromise<AuthAnalysis>>();
    QFuture<AuthAnalysis> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, exchange] {
        promise->addResult(analyzeAuth(exchange));
        promise->finish();
    });
    m_watcher.setFuture(future);
}

void AuthView::onAnalysisFinished()
{
    if (!m_analyzing || m_watcher.isCanceled() || m_watcher.future().resultCount() == 0)
        return;
    m_analysis = m_watcher.result();
    m_analyzing = false;
    render();
    if (m_pendingParam) {
        const ParamSelection wanted = *m_pendingParam;
        m_pendingParam.reset();
        selectParam(wanted.header, wanted.name, wanted.field, wanted.start, wanted.length);
    }
    Q_EMIT analysisReady();
}

QString AuthView::summaryText() const
{
    const AuthAnalysis& a = m_analysis;
    if (a.hopIndex < 0)
        return tr("The challenges of the response (WWW-Authenticate, Proxy-Authenticate) appear here, each "
                  "parameter explained, next to the credentials the request sent.");
    if (!a.hasResponse)
        return tr("No response: the request failed before the server answered, so there is no challenge to read.");
    const QString status = statusText(a.status, {});
    if (a.challenges.isEmpty() && a.infos.isEmpty()) {
        if (a.status == 401)
            return tr("401 without WWW-Authenticate: a misconfigured server — see the Diagnosis panel. RFC 9110 "
                      "§15.5.2 requires every 401 to carry at least one challenge that says how to authenticate.");
        if (a.status == 407)
            return tr("407 without Proxy-Authenticate: a misconfigured proxy — see the Diagnosis panel. RFC 9110 "
                      "§15.5.8 requires every 407 to carry a challenge.");
        if (a.status == 403)
            return tr("No challenge in this response: the server answered %1. It knows (or does not need) who "
                      "you are and refuses anyway; other credentials will not change that — see the Diagnosis "
                      "panel.")
                .arg(status);
        return tr("No challenge in this response: the server answered %1.").arg(status);
    }
    QStringList schemes;
    for (const ChallengeGroup& group : a.challenges) {
        for (const Auth::Challenge& challenge : group.parsed.challenges)
            schemes.append(Auth::fieldText(challenge.scheme));
    }
    QString text;
    if (!schemes.isEmpty())
        text = tr("%1: the server offers %2 — %3.")
                   .arg(status, countText(schemes.size(), tr("challenge"), tr("challenges")),
                        schemes.join(QStringLiteral(", ")));
    else
        text = tr("%1 with Authentication-Info.").arg(status);
    const int diagnostics = a.diagnosticCount();
    if (diagnostics > 0)
        text += u' ' + tr("%1 in the header fields.").arg(countText(diagnostics, tr("diagnostic"), tr("diagnostics")));
    return text;
}

void AuthView::render()
{
    m_summary->setText(summaryText());
    const bool hasFields = !m_analysis.challenges.isEmpty() || !m_analysis.infos.isEmpty();
    QFont summaryFont = font();
    summaryFont.setBold(!hasFields && m_analysis.hopIndex >= 0);
    m_summary->setFont(summaryFont);
    // A 401/407 without its challenge is a server fault: shown as a warning strip, not as plain text.
    const bool missingChallenge = !hasFields && (m_analysis.status == 401 || m_analysis.status == 407);
    m_summary->setStyleSheet(missingChallenge ? QStringLiteral("color: #8a4b00; background: #ffe9c7; padding: 6px;")
                                              : QString());
    const bool wasHidden = m_challengePane->isHidden();
    m_challengePane->setVisible(hasFields);
    m_details->setVisible(hasFields);
    if (hasFields && wasHidden) {
        // A splitter gives a pane that was hidden while it laid out no room when it reappears.
        const int width = std::max(m_splitter->width(), 600);
        m_splitter->setSizes({width * 3 / 5, width * 2 / 5});
        const int height = std::max(m_side->height(), 300);
        m_side->setSizes({height / 3, height * 2 / 3});
    }
    m_raw->setFields(authRawFields(m_analysis));
    m_model->setAnalysis(m_analysis);
    m_tree->expandAll();
    renderDiagnostics();
    m_sent->setAnalysis(m_analysis);
    m_details->setHtml(tr("<p>Select a scheme or a parameter to see what it means and where the specification "
                          "defines it.</p>"));
    // Start on the first challenge: its explanation is what a user looks for first.
    const QModelIndex first = m_model->index(0, 0, m_model->index(0, 0));
    if (first.isValid())
        m_tree->setCurrentIndex(first);
}

void AuthView::renderDiagnostics()
{
    m_diagnostics->clear();
    int line = 0;
    const auto add = [this, &line](const QByteArray& headerName, const QList<Auth::Diagnostic>& diagnostics) {
        for (const Auth::Diagnostic& d : diagnostics) {
            auto* item = new QTreeWidgetItem(m_diagnostics);
            const Level level = levelOf(d.severity);
            item->setText(SeverityColumn, levelText(level));
            item->setForeground(SeverityColumn, levelColor(level));
            item->setText(CodeColumn, QString(d.code));
            item->setText(
                WhereColumn,
                tr("%1 #%2, byte %3").arg(QString::fromLatin1(headerName)).arg(d.fieldIndex + 1).arg(d.offset));
            item->setText(MessageColumn, d.message);
            item->setToolTip(MessageColumn, d.message);
            item->setToolTip(SeverityColumn, tr("Diagnostic id: %1").arg(QString(d.code)));
            item->setData(SeverityColumn, LineRole, line + d.fieldIndex);
            item->setData(SeverityColumn, OffsetRole, d.offset);
            item->setData(SeverityColumn, LevelRole, int(level));
        }
    };
    for (const ChallengeGroup& group : m_analysis.challenges) {
        add(group.headerName, group.parsed.diagnostics);
        line += int(group.fieldValues.size());
    }
    for (const InfoGroup& group : m_analysis.infos) {
        add(group.headerName, group.parsed.diagnostics);
        line += int(group.fieldValues.size());
    }
    const int count = m_diagnostics->topLevelItemCount();
    m_diagnostics->setVisible(count > 0);
    // Room for the list only when there is something in it; the splitter does not rebalance by itself.
    const int height = std::max(m_challengePane->height(), 400);
    const int title = m_diagnosticsTitle->sizeHint().height();
    if (count > 0)
        m_challengePane->setSizes({height / 2, height / 4, height / 4});
    else
        m_challengePane->setSizes({height * 2 / 3, height / 3 - title, title});
    m_diagnosticsTitle->setText(count > 0 ? tr("Diagnostics (%1) — select one to mark its position").arg(count)
                                          : tr("Diagnostics: none — the fields follow the RFC 9110 §11 grammar."));
}

QModelIndex AuthView::findParamNode(int line, qsizetype start, const QString& name, const QModelIndex& under) const
{
    // The node that starts at those bytes (a parameter starts at its name, a challenge at its scheme),
    // else the first node of that name on that line.
    QModelIndex byName;
    for (int row = 0; row < m_model->rowCount(under); ++row) {
        const QModelIndex node = m_model->index(row, 0, under);
        const bool sameLine = node.data(AuthTreeModel::LineRole).toInt() == line;
        const bool isField = node.data(AuthTreeModel::KindRole).toInt() == int(AuthTreeModel::NodeKind::Field);
        if (sameLine && !isField && start >= 0 && node.data(AuthTreeModel::OffsetRole).toInt() == start)
            return node;
        if (sameLine && !byName.isValid() && node.data().toString().compare(name, Qt::CaseInsensitive) == 0)
            byName = node;
        const QModelIndex inside = findParamNode(line, start, name, node);
        if (inside.isValid() && (start < 0 || inside.data(AuthTreeModel::OffsetRole).toInt() == start))
            return inside;
        if (inside.isValid() && !byName.isValid())
            byName = inside;
    }
    return byName;
}

bool AuthView::selectParam(const QByteArray& header, const QString& name, int field, qsizetype start, qsizetype length)
{
    if (m_analyzing) {
        m_pendingParam = ParamSelection {header, name, field, start, length};
        return true;
    }
    // Raw-view lines are numbered over the challenge fields, then the Authentication-Info ones.
    int line = -1;
    int first = 0;
    const auto find = [&](const QByteArray& headerName, qsizetype fields) -> void {
        if (line < 0 && headerName.compare(header, Qt::CaseInsensitive) == 0 && field < fields)
            line = first + field;
        first += int(fields);
    };
    for (const ChallengeGroup& group : std::as_const(m_analysis.challenges))
        find(group.headerName, group.fieldValues.size());
    for (const InfoGroup& group : std::as_const(m_analysis.infos))
        find(group.headerName, group.fieldValues.size());
    if (line < 0)
        return false;
    const QModelIndex node = findParamNode(line, start, name);
    if (node.isValid()) {
        m_tree->setCurrentIndex(node);
        m_tree->scrollTo(node);
    }
    // The evidence's own range, which may be wider than the node (a parameter with its value).
    if (start >= 0)
        m_raw->markField(line, int(start), int(std::max<qsizetype>(length, 1)));
    return node.isValid() || start >= 0;
}

QString AuthView::selectedNode() const
{
    return m_tree->currentIndex().siblingAtColumn(0).data().toString();
}

void AuthView::onNodeSelected(const QModelIndex& current)
{
    if (!current.isValid()) {
        m_raw->unmarkField();
        return;
    }
    const QModelIndex node = current.siblingAtColumn(0);
    const int line = node.data(AuthTreeModel::LineRole).toInt();
    if (line >= 0)
        m_raw->markField(line, node.data(AuthTreeModel::OffsetRole).toInt(),
                         node.data(AuthTreeModel::LengthRole).toInt());
    else
        m_raw->unmarkField();

    QString html
        = QStringLiteral("<p><b>%1</b></p>").arg(node.data(AuthTreeModel::TitleRole).toString().toHtmlEscaped());
    const QString value = node.siblingAtColumn(AuthTreeModel::ValueColumn).data().toString();
    if (node.data(AuthTreeModel::KindRole).toInt() == int(AuthTreeModel::NodeKind::Param))
        html += QStringLiteral("<p><code>%1</code></p>").arg(value.toHtmlEscaped());
    html += QStringLiteral("<p>%1</p>").arg(node.data(AuthTreeModel::ExplanationRole).toString().toHtmlEscaped());
    const QString url = node.data(AuthTreeModel::SpecUrlRole).toString();
    const QString label = node.data(AuthTreeModel::SpecLabelRole).toString();
    if (!url.isEmpty())
        html += QStringLiteral("<p>%1 <a href=\"%2\">%3</a></p>")
                    .arg(tr("Defined in"), url.toHtmlEscaped(), label.toHtmlEscaped());
    else if (!label.isEmpty())
        html += QStringLiteral("<p>%1 %2</p>").arg(tr("Defined in"), label.toHtmlEscaped());
    m_details->setHtml(html);
}

void AuthView::onNodeClicked(const QModelIndex& index)
{
    onNodeSelected(index); // clicking the current row again marks it again (after a diagnostic was marked)
    if (index.column() != AuthTreeModel::SpecColumn)
        return;
    const QString url = index.data(AuthTreeModel::SpecUrlRole).toString();
    if (!url.isEmpty())
        QDesktopServices::openUrl(QUrl(url));
}

void AuthView::onDiagnosticSelected(QTreeWidgetItem* item)
{
    if (!item)
        return;
    m_raw->markOffset(item->data(SeverityColumn, LineRole).toInt(), item->data(SeverityColumn, OffsetRole).toInt(),
                      levelBackground(Level(item->data(SeverityColumn, LevelRole).toInt())));
}

bool AuthView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_tree && event->type() == QEvent::Resize) {
        // Narrow, the value keeps the room: the link and the meaning are in the details pane too.
        m_tree->setColumnHidden(AuthTreeModel::SpecColumn, m_tree->width() < MediumTree);
        m_tree->setColumnHidden(AuthTreeModel::MeaningColumn, m_tree->width() < WideTree);
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Authlens::Gui
