#pragma once

#include "http/Exchange.h"
#include "inspector/AuthAnalysis.h"

#include <QFutureWatcher>
#include <QWidget>

#include <optional>

class QLabel;
class QModelIndex;
class QSplitter;
class QTextBrowser;
class QTreeView;
class QTreeWidget;
class QTreeWidgetItem;

namespace Authlens::Gui {

class AuthTreeModel;
class RawFieldView;
class SentCredentialsView;

/// The inspector's Auth tab (issue 3): the final response's challenges as a tree (scheme → parameters,
/// each explained with a link to its RFC section), the raw header fields with the selected node's
/// bytes marked, the parser's diagnostics (select one to mark its offset), and beside them "What you
/// sent". Parsing runs on a worker thread (a header can be huge); the widgets only render the result.
class AuthView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthView)
public:
    explicit AuthView(QWidget* parent = nullptr);
    ~AuthView() override;

    void setExchange(const Http::Exchange& exchange);
    void clear();

    /// True from setExchange() until the analysis is shown (analysisReady()).
    bool isAnalyzing() const { return m_analyzing; }
    const AuthAnalysis& analysis() const { return m_analysis; }
    int challengeCount() const { return m_analysis.challengeCount(); }
    /// Error diagnostics, or error findings about the credentials sent.
    bool hasErrors() const { return m_analysis.hasErrors(); }

    /// Selects the node of parameter (or challenge scheme) `name` of the `field`-th `header` field
    /// ("WWW-Authenticate") and marks `length` bytes at `start` of that field in the raw view. Waits
    /// for an analysis in progress. False when the final response has no such field.
    bool selectParam(const QByteArray& header, const QString& name, int field, qsizetype start, qsizetype length);
    /// The raw view (its mark() says what is marked).
    const RawFieldView* rawView() const { return m_raw; }
    /// The name of the selected tree node.
    QString selectedNode() const;

Q_SIGNALS:
    /// The analysis of the last setExchange() is shown: counts for the tab title are up to date.
    void analysisReady();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    static constexpr int MediumTree = 480; ///< from this width the tree shows the specification column
    static constexpr int WideTree = 760; ///< from this width the tree shows the meaning column too
    void onAnalysisFinished();
    void render();
    void renderDiagnostics();
    QString summaryText() const;
    void onNodeSelected(const QModelIndex& current);
    void onNodeClicked(const QModelIndex& index);
    void onDiagnosticSelected(QTreeWidgetItem* item);
    QModelIndex findParamNode(int line, qsizetype start, const QString& name, const QModelIndex& under = {}) const;

    QLabel* m_summary = nullptr;
    QSplitter* m_splitter = nullptr;
    QSplitter* m_side = nullptr;
    QSplitter* m_challengePane = nullptr;
    QTreeView* m_tree = nullptr;
    AuthTreeModel* m_model = nullptr;
    RawFieldView* m_raw = nullptr;
    QLabel* m_diagnosticsTitle = nullptr;
    QTreeWidget* m_diagnostics = nullptr;
    QTextBrowser* m_details = nullptr;
    SentCredentialsView* m_sent = nullptr;
    QFutureWatcher<AuthAnalysis> m_watcher;
    AuthAnalysis m_analysis;
    bool m_analyzing = false;
    struct ParamSelection
    {
        QByteArray header;
        QString name;
        int field = 0;
        qsizetype start = -1;
        qsizetype length = 0;
    };
    std::optional<ParamSelection> m_pendingParam; ///< selectParam() during an analysis
};

} // namespace Authlens::Gui
