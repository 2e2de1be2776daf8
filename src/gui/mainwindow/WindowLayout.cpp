#include "mainwindow/WindowLayout.h"

#include "composer/RequestComposer.h"
#include "diagnosis/DiagnosisPanel.h"
#include "inspector/ResponseInspector.h"
#include "sidebar/SidebarPanel.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QScreen>
#include <QSplitter>

#include <algorithm>

namespace Authlens::Gui {

namespace {
// QSettings keys.
const QString GeometryKey = QStringLiteral("window/geometry");
const QString StateKey = QStringLiteral("window/state");
const QString MainSplitterKey = QStringLiteral("window/mainSplitter");
const QString WorkSplitterKey = QStringLiteral("window/workSplitter");
const QString SidebarVisibleKey = QStringLiteral("window/sidebarVisible");
} // namespace

WindowLayout::WindowLayout(const Parts& parts, QObject* parent)
    : QObject(parent)
    , m_parts(parts)
{
    connect(m_parts.showSidebar, &QAction::toggled, m_parts.sidebar, &QWidget::setVisible);
    connect(m_parts.mainSplitter, &QSplitter::splitterMoved, this, [this] { m_sidebarSizedByUser = true; });
    // Extra width goes to the request and response, not the sidebar.
    m_parts.mainSplitter->setStretchFactor(0, 0);
    m_parts.mainSplitter->setStretchFactor(1, 1);
}

void WindowLayout::restore(const QSettings& settings)
{
    QMainWindow* window = m_parts.window;
    if (!window->restoreGeometry(settings.value(GeometryKey).toByteArray())) {
        const QRect available = window->screen()->availableGeometry();
        window->resize(std::min(1400, available.width() * 9 / 10), std::min(900, available.height() * 9 / 10));
    }
    m_splitterRestored = m_parts.mainSplitter->restoreState(settings.value(MainSplitterKey).toByteArray());
    m_sidebarSizedByUser = m_splitterRestored;
    m_workSplitterRestored = m_parts.workSplitter->restoreState(settings.value(WorkSplitterKey).toByteArray());
    if (!window->restoreState(settings.value(StateKey).toByteArray()))
        window->resizeDocks({m_parts.diagnosisDock}, {DiagnosisDockWidth}, Qt::Horizontal);
    const bool sidebarVisible = settings.value(SidebarVisibleKey, true).toBool();
    m_parts.showSidebar->setChecked(sidebarVisible);
    m_parts.sidebar->setVisible(sidebarVisible);
}

void WindowLayout::save(QSettings& settings) const
{
    settings.setValue(GeometryKey, m_parts.window->saveGeometry());
    settings.setValue(StateKey, m_parts.window->saveState());
    settings.setValue(MainSplitterKey, m_parts.mainSplitter->saveState());
    settings.setValue(WorkSplitterKey, m_parts.workSplitter->saveState());
    settings.setValue(SidebarVisibleKey, m_parts.showSidebar->isChecked());
}

void WindowLayout::shown()
{
    if (!m_splitterRestored) {
        // First start: the sidebar as wide as its names need, the rest for the request and response.
        m_splitterRestored = true;
        const int total = m_parts.mainSplitter->width();
        m_parts.mainSplitter->setSizes({SidebarWidth, std::max(total - SidebarWidth, SidebarWidth)});
        fitSidebar();
    }
    if (!m_workSplitterRestored) {
        // The request pane as tall as its tabs need (an empty Params table is no reason for half the window);
        // the response gets the rest.
        m_workSplitterRestored = true;
        const int total = m_parts.workSplitter->height();
        const int composer = m_parts.composer->minimumSizeHint().height() + 40;
        m_parts.workSplitter->setSizes({composer, std::max(total - composer, composer)});
    }
}

void WindowLayout::resized()
{
    placeDiagnosis();
    fitSidebar();
}

void WindowLayout::sidebarContentChanged()
{
    m_sidebarPreferred = -1;
    fitSidebar();
}

void WindowLayout::revealSidebar()
{
    m_parts.showSidebar->setChecked(true);
}

void WindowLayout::fitSidebar()
{
    // Until the user drags the splitter (or a saved layout exists), the sidebar is as wide as its names need,
    // within bounds: never more than a quarter of the window, never less than its default.
    if (m_sidebarSizedByUser || !m_parts.window->isVisible())
        return;
    if (m_sidebarPreferred < 0)
        m_sidebarPreferred = m_parts.sidebar->preferredWidth();
    const int total = m_parts.mainSplitter->width();
    const int wanted = std::clamp(m_sidebarPreferred, SidebarWidth, std::max(SidebarWidth, total / 4));
    m_parts.mainSplitter->setSizes({wanted, std::max(total - wanted, 0)});
}

void WindowLayout::placeDiagnosis()
{
    const bool narrow = m_parts.window->width() < FoldDiagnosisBelow;
    QDockWidget* dock = m_parts.diagnosisDock;
    DiagnosisPanel* panel = m_parts.diagnosisPanel;
    if (narrow == (m_parts.inspector->foldedPanel() != nullptr))
        return;
    if (narrow) {
        m_dockWanted = dock->isVisibleTo(m_parts.window);
        m_parts.inspector->setFoldedPanel(panel, tr("Diagnosis"));
        dock->hide();
        dock->toggleViewAction()->setEnabled(false);
    } else {
        m_parts.inspector->setFoldedPanel(nullptr, {});
        dock->setWidget(panel);
        panel->show();
        dock->toggleViewAction()->setEnabled(true);
        if (m_dockWanted) {
            dock->show();
            // Back to a readable width: the dock does not stay squeezed after the window grew again.
            m_parts.window->resizeDocks({dock}, {DiagnosisDockWidth}, Qt::Horizontal);
        }
    }
}

} // namespace Authlens::Gui
