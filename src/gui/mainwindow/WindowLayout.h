#pragma once

#include <QObject>
#include <QSettings>

class QAction;
class QDockWidget;
class QMainWindow;
class QSplitter;

namespace Authlens::Gui {

class DiagnosisPanel;
class RequestComposer;
class ResponseInspector;
class SidebarPanel;

/// The main window's adaptive layout (issue 14): the sidebar as wide as its names need until the user drags it,
/// the request pane as tall as its tabs need, the Diagnosis dock folded into the inspector below 1200 px, and
/// the splitters, dock and sidebar visibility kept across starts. MainWindow forwards its show and resize events.
class WindowLayout final : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        QMainWindow* window = nullptr;
        QSplitter* mainSplitter = nullptr; ///< sidebar | work area
        QSplitter* workSplitter = nullptr; ///< composer over inspector
        SidebarPanel* sidebar = nullptr;
        RequestComposer* composer = nullptr;
        ResponseInspector* inspector = nullptr;
        QDockWidget* diagnosisDock = nullptr;
        DiagnosisPanel* diagnosisPanel = nullptr;
        QAction* showSidebar = nullptr; ///< View ▸ Show Sidebar (checkable)
    };
    WindowLayout(const Parts& parts, QObject* parent);

    /// Below this window width the Diagnosis dock folds into the inspector as a tab: beside a sidebar and the
    /// request, a dock of its own would be squeezed to a column nobody can read.
    static constexpr int FoldDiagnosisBelow = 1200;
    static constexpr int DiagnosisDockWidth = 360;
    static constexpr int SidebarWidth = 300;

    void restore(const QSettings& settings);
    void save(QSettings& settings) const;
    void shown();
    void resized();
    /// The sidebar's names changed: its preferred width is measured again.
    void sidebarContentChanged();
    /// Shows the sidebar (it may have been hidden with Ctrl+B).
    void revealSidebar();

private:
    void placeDiagnosis();
    void fitSidebar();

    Parts m_parts;
    int m_sidebarPreferred = -1; ///< measured once per change of the names, not on every resize
    bool m_splitterRestored = false; ///< the sidebar's width came from the settings
    bool m_sidebarSizedByUser = false;
    bool m_workSplitterRestored = false; ///< the request pane's height came from the settings
    bool m_dockWanted = true; ///< the dock's visibility before it folded into the inspector
};

} // namespace Authlens::Gui
