#include "profiles/ProfileActions.h"

#include "common/Dialogs.h"
#include "composer/RequestComposer.h"
#include "profiles/ExportDialog.h"
#include "profiles/ImportDialog.h"
#include "profiles/ProfileEditor.h"
#include "profiles/ProfileJson.h"
#include "profiles/TokenScanner.h"
#include "session/Session.h"
#include "workspace/RequestAssembly.h"

#include <QPointer>
#include <QUrl>
#include <QWidget>

namespace Authlens::Gui {

using Profiles::Profile;

ProfileActions::ProfileActions(Session* session, QWidget* window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
{
}

ProfileActions::~ProfileActions() = default;

ProfileEditor* ProfileActions::openEditor(const QString& key, ProfileEditor* editor)
{
    m_editors.insert(key, editor);
    connect(editor, &ProfileEditor::saved, this, [this, key](const QString& id) {
        const Profile* p = m_session->findProfile(id);
        Q_EMIT statusMessage(tr("Profile “%1” saved.").arg(p ? p->name : id));
        if (key.isEmpty())
            Q_EMIT profileCreated(id);
    });
    connect(editor, &ProfileEditor::duplicateRequested, this,
            [this](const QString& id) { duplicateProfile(id, true); });
    editor->open();
    return editor;
}

ProfileEditor* ProfileActions::newProfile()
{
    Profile blank;
    blank.name = m_session->uniqueName(tr("New profile"));
    return openEditor({}, new ProfileEditor(m_session, blank, m_window));
}

ProfileEditor* ProfileActions::editProfile(const QString& profileId)
{
    if (ProfileEditor* open = m_editors.value(profileId)) {
        open->raise();
        open->activateWindow();
        return open;
    }
    const Profile* profile = m_session->findProfile(profileId);
    if (!profile) {
        Q_EMIT statusMessage(tr("Pick a profile in the sidebar first."));
        return nullptr;
    }
    return openEditor(profileId, new ProfileEditor(m_session, *profile, m_window));
}

void ProfileActions::duplicateProfile(const QString& profileId, bool thenEdit)
{
    const Profile* source = m_session->findProfile(profileId);
    if (!source) {
        Q_EMIT statusMessage(tr("Pick a profile in the sidebar first."));
        return;
    }
    const QString name = source->name;
    m_session->duplicateProfile(profileId, this, [this, name, thenEdit](const QString& id, const QString& error) {
        if (!error.isEmpty()) {
            Q_EMIT statusMessage(tr("“%1” was not duplicated: %2").arg(name, error));
            return;
        }
        const Profile* copy = m_session->findProfile(id);
        Q_EMIT statusMessage(tr("“%1” duplicated as “%2”.").arg(name, copy ? copy->name : id));
        Q_EMIT profileCreated(id);
        if (thenEdit)
            editProfile(id);
    });
}

void ProfileActions::deleteProfile(const QString& profileId)
{
    const Profile* profile = m_session->findProfile(profileId);
    if (!profile || profile->demo) {
        Q_EMIT statusMessage(profile ? tr("Demo profiles are built in and cannot be deleted.")
                                     : tr("Pick a profile in the sidebar first."));
        return;
    }
    const QString name = profile->name;
    const auto answer = Dialogs::confirm(
        m_window, tr("Delete Profile"), tr("Delete the profile “%1”?").arg(name),
        tr("Its file, its %1 and the secrets stored for it in the keychain are deleted. This cannot be undone.")
            .arg(profile->requests.size() == 1 ? tr("saved request")
                                               : tr("%1 saved requests").arg(profile->requests.size())),
        tr("Delete"));
    if (answer != QMessageBox::Yes)
        return;
    if (ProfileEditor* editor = m_editors.value(profileId))
        editor->reject();
    m_session->removeProfile(profileId, this, [this, name](const QString& error) {
        Q_EMIT statusMessage(error.isEmpty() ? tr("Profile “%1” and its secrets deleted.").arg(name)
                                             : tr("“%1”: %2").arg(name, error));
    });
}

void ProfileActions::renameProfile(const QString& profileId, const QString& name)
{
    QString error;
    if (!m_session->renameProfile(profileId, name, &error))
        Q_EMIT statusMessage(tr("Not renamed: %1").arg(error));
    else
        Q_EMIT statusMessage(tr("Profile renamed to “%1”.").arg(name.trimmed()));
}

void ProfileActions::deleteRequest(const QString& profileId, int index)
{
    const Profile* profile = m_session->findProfile(profileId);
    if (!profile || index < 0 || index >= profile->requests.size())
        return;
    const QString name = profile->requests.at(index).name;
    if (Dialogs::confirm(m_window, tr("Delete Request"), tr("Delete the saved request “%1”?").arg(name),
                         tr("It is removed from the profile “%1”.").arg(profile->name), tr("Delete"))
        != QMessageBox::Yes)
        return;
    QString error;
    Q_EMIT statusMessage(m_session->removeRequest(profileId, index, &error) ? tr("Request “%1” deleted.").arg(name)
                                                                            : error);
}

ExportDialog* ProfileActions::exportProfiles(const QStringList& profileIds)
{
    auto* dialog = new ExportDialog(m_session, profileIds, m_window);
    connect(dialog, &ExportDialog::exported, this, [this](const QString& path, int count, bool withSecrets) {
        Q_EMIT statusMessage(withSecrets ? tr("Exported %1 to %2, secrets encrypted with your passphrase.")
                                               .arg(count == 1 ? tr("1 profile") : tr("%1 profiles").arg(count), path)
                                         : tr("Exported %1 to %2, without secrets.")
                                               .arg(count == 1 ? tr("1 profile") : tr("%1 profiles").arg(count), path));
    });
    dialog->open();
    return dialog;
}

ImportDialog* ProfileActions::importFile(const QString& path)
{
    auto* dialog = new ImportDialog(m_session, m_window);
    connect(dialog, &ImportDialog::imported, this, [this](const QStringList& ids) {
        Q_EMIT statusMessage(ids.size() == 1 ? tr("1 profile imported.") : tr("%1 profiles imported.").arg(ids.size()));
        if (!ids.isEmpty())
            Q_EMIT profileCreated(ids.first());
    });
    dialog->open();
    if (!path.isEmpty())
        dialog->loadFile(path);
    return dialog;
}

void ProfileActions::saveRequest(RequestComposer* composer, bool asNew)
{
    const Profile* profile = m_session->findProfile(composer->profileId());
    if (!profile) {
        Q_EMIT statusMessage(tr("Pick a profile in the sidebar (or create one) to save the request to."));
        return;
    }
    if (profile->demo) {
        Q_EMIT statusMessage(
            tr("“%1” is a built-in demo profile: duplicate it to save requests to it.").arg(profile->name));
        return;
    }
    QStringList dropped;
    Profiles::SavedRequest request = composer->savedRequest(&dropped);
    if (request.url.isEmpty()) {
        Q_EMIT statusMessage(tr("Enter a URL before saving the request."));
        return;
    }
    const auto existing = std::find_if(profile->requests.cbegin(), profile->requests.cend(),
                                       [&request](const Profiles::SavedRequest& r) { return r.id == request.id; });
    const QString profileName = profile->name;
    if (asNew || request.id.isEmpty() || existing == profile->requests.cend()) {
        const QString path = QUrl(request.url).path();
        const auto name = Dialogs::getText(
            m_window, asNew ? tr("Save Request As") : tr("Save Request"),
            tr("Name of the request in “%1”:").arg(profileName),
            QStringLiteral("%1 %2").arg(QString::fromLatin1(request.method), path.isEmpty() ? request.url : path));
        if (!name || name->trimmed().isEmpty())
            return;
        request.id.clear();
        request.name = name->trimmed();
    } else {
        request.name = existing->name;
    }
    if (request.auth.mode != Profiles::RequestAuth::Mode::Profile) {
        saveRequestWithOwnAuth(composer, *profile, request, dropped);
        return;
    }
    QString error;
    const QString profileId = profile->id;
    const int index = m_session->saveRequest(profileId, request, &error);
    if (index < 0) {
        Q_EMIT statusMessage(tr("The request was not saved: %1").arg(error));
        return;
    }
    composer->setSavedRequestId(m_session->findProfile(profileId)->requests.at(index).id);
    QString message = tr("Request “%1” saved to “%2”.").arg(request.name, profileName);
    if (!dropped.isEmpty())
        message += u' '
            + tr("Left out: %1 — credentials belong in the profile's Auth settings, which keep them in the keychain.")
                  .arg(dropped.join(QStringLiteral(", ")));
    if (!Profiles::findTokenLikeValues(request.url).isEmpty()
        || !Profiles::findTokenLikeValues(QString::fromUtf8(request.body)).isEmpty())
        message += u' ' + tr("Careful: its URL or body holds something that looks like a token, saved as typed.");
    Q_EMIT statusMessage(message);
    Q_EMIT requestSaved(profileId, index);
}

void ProfileActions::saveRequestWithOwnAuth(RequestComposer* composer, const Profile& profile,
                                            Profiles::SavedRequest request, const QStringList& dropped)
{
    // The request's own auth is what its Auth tab shows now; its secrets become the profile's secret variables,
    // so the profile is saved whole, secrets first. That needs the secrets already in the keychain: saving
    // without them would store the profile's secrets as empty.
    if (m_session->secretsStatus(profile.id) != Session::SecretsStatus::Loaded) {
        m_session->loadSecrets(profile.id);
        Q_EMIT statusMessage(tr("The request was not saved: the secrets of “%1” are still being read from the "
                                "keychain. Save again once they are there.")
                                 .arg(profile.name));
        return;
    }
    Profile updated = profile;
    Workspace::setOwnAuth(updated, request, {composer->authSettings(), composer->authSecrets()});
    if (request.id.isEmpty())
        request.id = Profiles::ProfileJson::newId();
    const auto same = [&request](const Profiles::SavedRequest& r) { return r.id == request.id; };
    const auto at = std::find_if(updated.requests.begin(), updated.requests.end(), same);
    if (at == updated.requests.end())
        updated.requests.append(request);
    else
        *at = request;
    const QString requestId = request.id;
    const QString requestName = request.name;
    const QString profileName = profile.name;
    const bool none = request.auth.mode == Profiles::RequestAuth::Mode::None;
    QPointer<RequestComposer> target(composer);
    m_session->saveProfile(
        updated, this,
        [this, target, requestId, requestName, profileName, none, dropped](const QString& id, const QString& error) {
            if (!error.isEmpty()) {
                Q_EMIT statusMessage(tr("The request was not saved: %1").arg(error));
                return;
            }
            const Profile* saved = m_session->findProfile(id);
            if (!saved)
                return;
            const auto it = std::find_if(saved->requests.cbegin(), saved->requests.cend(),
                                         [&requestId](const Profiles::SavedRequest& r) { return r.id == requestId; });
            if (it == saved->requests.cend())
                return;
            if (target && target->profileId() == id) {
                target->setSavedRequestId(requestId);
                target->showSavedRequestAuth(*it); // as stored, with the profile's new secrets
            }
            QString message = none ? tr("Request “%1” saved to “%2”, sent without auth.").arg(requestName, profileName)
                                   : tr("Request “%1” saved to “%2” with its own auth; its secrets are in the "
                                        "keychain.")
                                         .arg(requestName, profileName);
            if (!dropped.isEmpty())
                message += u' ' + tr("Left out: %1.").arg(dropped.join(QStringLiteral(", ")));
            Q_EMIT statusMessage(message);
            Q_EMIT requestSaved(id, int(it - saved->requests.cbegin()));
        });
}

} // namespace Authlens::Gui
