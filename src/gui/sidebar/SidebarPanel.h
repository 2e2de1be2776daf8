#pragma once

#include "profiles/Profile.h"

#include <QSet>
#include <QWidget>

#include <memory>

namespace Ui {
class SidebarPanel;
}

class QTreeWidgetItem;

namespace Authlens::Gui {

/// The left sidebar: profiles and their saved requests, with a filter, a small toolbar and a
/// context menu (new, edit, rename, duplicate, delete, export). Selecting a profile makes it
/// current; selecting a request loads it. Profile files that could not be read are reported in a
/// banner above the list. The panel only turns clicks into intent signals.
class SidebarPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SidebarPanel)
public:
    explicit SidebarPanel(QWidget* parent = nullptr);
    ~SidebarPanel() override;

    /// Rebuilds the tree, keeping the selection when its profile/request still exists.
    void setProfiles(const QList<Profiles::Profile>& profiles);
    /// Shows unreadable profile files in a banner (hidden when `errors` is empty).
    void setLoadErrors(const QStringList& errors, const QString& directory);
    /// Selects the profile's item; emits profileSelected() when the selection changes.
    bool selectProfile(const QString& profileId);
    /// Selects the request's item; emits requestSelected() when the selection changes.
    bool selectRequest(const QString& profileId, int index);
    /// The profile of the selected item (profile or request); empty when none.
    QString selectedProfileId() const;
    /// Starts inline renaming of the profile's item.
    void startRename(const QString& profileId);

    /// Marks a saved request as having unsaved edits (or not); the mark survives setProfiles().
    void setRequestModified(const QString& profileId, const QString& requestId, bool modified);
    bool isRequestModified(const QString& profileId, const QString& requestId) const;
    /// The width that shows every name whole (at least the minimum).
    int preferredWidth() const;
    /// Puts the keyboard focus into the filter, its text selected (Ctrl+F).
    void focusFilter();

Q_SIGNALS:
    void profileSelected(const QString& profileId);
    void requestSelected(const QString& profileId, int index);
    void demoRequested();
    void newProfileRequested();
    /// A new, unsaved request in the profile (its base URL's root).
    void newRequestRequested(const QString& profileId);
    void importRequested();
    void editProfileRequested(const QString& profileId);
    void duplicateProfileRequested(const QString& profileId);
    void deleteProfileRequested(const QString& profileId);
    void renameProfileRequested(const QString& profileId, const QString& name);
    void exportProfileRequested(const QString& profileId);
    void deleteRequestRequested(const QString& profileId, int index);

private:
    void onCurrentItemChanged(QTreeWidgetItem* current);
    void onItemChanged(QTreeWidgetItem* item, int column);
    void showContextMenu(const QPoint& pos);
    void applyFilter(const QString& text);
    void updateEmptyState();
    void updateButtons();
    bool isDemo(const QString& profileId) const;
    QTreeWidgetItem* findItem(const QString& profileId, int index) const;
    void showModified(QTreeWidgetItem* item, bool modified);

    const std::unique_ptr<Ui::SidebarPanel> m_ui;
    QString m_profileDirectory;
    QSet<QString> m_modified; ///< "<profile id>\x1f<request id>" of requests with unsaved edits
    QAction* m_newRequestAction = nullptr;
    QAction* m_duplicateAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_deleteAction = nullptr;
};

} // namespace Authlens::Gui
