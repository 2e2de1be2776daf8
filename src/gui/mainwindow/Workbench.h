#pragma once

#include "session/RequestBook.h"

#include <QObject>

namespace Authlens::Profiles {
struct Profile;
}

namespace Authlens::Gui {

class RequestComposer;
class Session;
class SidebarPanel;

/// Moves the composer between requests without losing work (issue 14): before another request is shown the
/// one on screen is kept as a draft when it differs from what is saved (method, URL, params, headers, body,
/// Auth tab), and coming back shows the draft again. The sidebar marks requests with drafts. The book also
/// holds each request's last response (MainWindow shows and stores them).
class Workbench final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Workbench)
public:
    Workbench(RequestComposer* composer, SidebarPanel* sidebar, Session* session, QObject* parent = nullptr);
    ~Workbench() override;

    RequestBook* book() const { return m_book; }
    /// While one lives, the composer is being filled for another request: its signals are not edits.
    class Switching
    {
    public:
        explicit Switching(Workbench* workbench)
            : m_workbench(workbench)
        {
            ++m_workbench->m_switching;
        }
        ~Switching() { --m_workbench->m_switching; }
        Switching(const Switching&) = delete;
        Switching& operator=(const Switching&) = delete;

    private:
        Workbench* m_workbench;
    };
    /// The request the composer shows.
    RequestBook::Key currentKey() const;
    /// Keeps what the composer shows as the current request's draft (or forgets the draft when it equals
    /// what is saved). Call before the composer shows something else.
    void keepCurrent();
    /// Shows saved request `index` of the profile (the composer already shows the profile): its draft if it
    /// has one, else as saved.
    void openSaved(const Profiles::Profile& profile, int index);
    /// Shows the profile's new, unsaved request (its draft if there is one), the URL field focused.
    void openNew(const Profiles::Profile& profile);
    /// Whether the composer's request differs from what is saved.
    bool isCurrentModified() const;
    /// After a save, or when the profile changed under the composer: re-marks the current request.
    void refreshCurrent();

    /// Requests with unsaved edits, as "Profile · Request" names for a question to the user.
    QStringList modifiedNames() const;

    QVariantList saveDrafts() const { return m_book->saveDrafts(); }
    void restoreDrafts(const QVariantList& drafts);

private:
    void onEdited();
    void markSidebar(const QString& profileId, const QString& requestId, bool modified);

    RequestComposer* m_composer;
    SidebarPanel* m_sidebar;
    Session* m_session;
    RequestBook* m_book;
    int m_switching = 0; ///< Switching guards alive
};

} // namespace Authlens::Gui
