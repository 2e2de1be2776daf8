#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

#include "profiles/Profile.h"

class QWidget;

namespace Authlens::Gui {

class ExportDialog;
class ImportDialog;
class ProfileEditor;
class RequestComposer;
class Session;

/// What the user can do with profiles — create, edit, rename, duplicate, delete, export, import,
/// save the composer's request — carried out against the session, with the dialogs it takes.
/// Confirmations and file choices go through the Dialogs seam; the editor and the share dialogs
/// open non-modally. Results are reported through statusMessage().
class ProfileActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileActions)
public:
    ProfileActions(Session* session, QWidget* window);
    ~ProfileActions() override;

    ProfileEditor* newProfile();
    /// Opens (or raises) the editor of a profile; read-only for demo profiles.
    ProfileEditor* editProfile(const QString& profileId);
    void duplicateProfile(const QString& profileId, bool thenEdit = false);
    /// Asks first; deletes the file and the profile's keychain secrets.
    void deleteProfile(const QString& profileId);
    void renameProfile(const QString& profileId, const QString& name);
    void deleteRequest(const QString& profileId, int index);
    ExportDialog* exportProfiles(const QStringList& profileIds);
    /// Opens the import dialog, with `path` already read when given.
    ImportDialog* importFile(const QString& path = {});
    /// Saves the composer's request into its profile: updates the request it was loaded from, or
    /// (new, or `asNew`) adds one under a name the user gives.
    void saveRequest(RequestComposer* composer, bool asNew);

Q_SIGNALS:
    void statusMessage(const QString& message);
    /// A profile was created (new, duplicated, imported): the window selects it.
    void profileCreated(const QString& profileId);
    void requestSaved(const QString& profileId, int index);

private:
    ProfileEditor* openEditor(const QString& key, ProfileEditor* editor);
    /// saveRequest() for a request whose auth is its own or none: stores the Auth tab as its auth.
    void saveRequestWithOwnAuth(RequestComposer* composer, const Profiles::Profile& profile,
                                Profiles::SavedRequest request, const QStringList& dropped);

    Session* m_session = nullptr;
    QWidget* m_window = nullptr;
    QHash<QString, QPointer<ProfileEditor>> m_editors;
};

} // namespace Authlens::Gui
