#include "mainwindow/Workbench.h"

#include "composer/RequestComposer.h"
#include "session/Session.h"
#include "sidebar/SidebarPanel.h"
#include "workspace/RequestAssembly.h"

namespace Authlens::Gui {

namespace {

/// The profile's saved request with this id, or nullptr.
const Profiles::SavedRequest* savedRequest(const Profiles::Profile* profile, const QString& id)
{
    if (!profile || id.isEmpty())
        return nullptr;
    for (const Profiles::SavedRequest& r : profile->requests) {
        if (r.id == id)
            return &r;
    }
    return nullptr;
}

} // namespace

Workbench::Workbench(RequestComposer* composer, SidebarPanel* sidebar, Session* session, QObject* parent)
    : QObject(parent)
    , m_composer(composer)
    , m_sidebar(sidebar)
    , m_session(session)
    , m_book(new RequestBook(this))
{
    connect(m_composer, &RequestComposer::edited, this, &Workbench::onEdited);
    connect(m_book, &RequestBook::modifiedChanged, this, &Workbench::markSidebar);
}

Workbench::~Workbench() = default;

RequestBook::Key Workbench::currentKey() const
{
    return {m_composer->profileId(), m_composer->savedRequestId()};
}

bool Workbench::isCurrentModified() const
{
    const RequestBook::Key key = currentKey();
    const Profiles::Profile* profile = m_session->findProfile(key.profileId);
    const Profiles::SavedRequest* saved = savedRequest(profile, key.requestId);
    if (!saved && !key.requestId.isEmpty())
        return true; // the request is gone from its profile: what the composer holds is all there is
    // Compared as it would be saved: a credential header typed into the Headers tab is never saved (the
    // profile file holds no secret), so it is no unsaved change either.
    Profiles::SavedRequest baseline = saved ? *saved : Profiles::SavedRequest {};
    if (baseline.contentType.isEmpty() && !baseline.body.isEmpty())
        baseline.contentType = QStringLiteral("text/plain"); // as the composer shows such a body
    const Profiles::SavedRequest now = m_composer->savedRequest(nullptr);
    if (now.method != baseline.method || now.url != baseline.url.trimmed() || now.headers != baseline.headers
        || now.body != baseline.body || now.contentType != baseline.contentType)
        return true;
    // The Auth tab against what the request is sent with: the profile's, or the request's own.
    Auth::AuthSettings authSettings;
    Auth::AuthSecrets authSecrets;
    if (profile) {
        authSettings = profile->auth;
        authSecrets = profile->sessionSecrets;
        if (saved) {
            if (const auto own = Workspace::savedRequestAuth(*profile, *saved)) {
                authSettings = own->settings;
                authSecrets = own->secrets;
            }
        }
    }
    // Signing by AWS's clock is this session's state (AwsSettings::clockOffsetSeconds), never saved: no unsaved change.
    Auth::AuthSettings shown = m_composer->authSettings();
    shown.aws.clockOffsetSeconds = authSettings.aws.clockOffsetSeconds;
    return shown != authSettings || m_composer->authSecrets() != authSecrets;
}

void Workbench::keepCurrent()
{
    const RequestBook::Key key = currentKey();
    if (!m_session->findProfile(key.profileId))
        return; // a request without a profile is the composer itself (and the settings' last request); a
                // profile not loaded yet (the demo's, before it starts) keeps the draft it has
    RequestBook::Draft draft;
    draft.request = m_composer->draft();
    draft.authSettings = m_composer->authSettings();
    draft.authSecrets = m_composer->authSecrets();
    m_book->keepDraft(key, draft, isCurrentModified());
}

void Workbench::openSaved(const Profiles::Profile& profile, int index)
{
    const Profiles::SavedRequest& request = profile.requests.at(index);
    const Switching switching(this);
    m_composer->loadSavedRequest(request);
    if (const auto draft = m_book->draft({profile.id, request.id})) {
        m_composer->setDraft(draft->request);
        if (draft->authSettings && draft->authSecrets)
            m_composer->setAuth(*draft->authSettings, *draft->authSecrets);
    }
}

void Workbench::openNew(const Profiles::Profile& profile)
{
    {
        const Switching switching(this);
        RequestDraft blank;
        blank.profileId = profile.id;
        m_composer->setDraft(blank);
        m_composer->setAuth(profile.auth, profile.sessionSecrets);
        if (const auto draft = m_book->draft({profile.id, {}})) {
            m_composer->setDraft(draft->request);
            if (draft->authSettings && draft->authSecrets)
                m_composer->setAuth(*draft->authSettings, *draft->authSecrets);
        }
    }
    m_composer->focusUrl();
}

void Workbench::refreshCurrent()
{
    if (m_switching == 0)
        keepCurrent();
}

void Workbench::onEdited()
{
    refreshCurrent();
}

void Workbench::markSidebar(const QString& profileId, const QString& requestId, bool modified)
{
    if (!requestId.isEmpty())
        m_sidebar->setRequestModified(profileId, requestId, modified);
}

QStringList Workbench::modifiedNames() const
{
    QStringList names;
    const QList<RequestBook::Key> keys = m_book->modifiedKeys();
    for (const RequestBook::Key& key : keys) {
        const Profiles::Profile* profile = m_session->findProfile(key.profileId);
        const Profiles::SavedRequest* saved = savedRequest(profile, key.requestId);
        const QString profileName = profile ? profile->name : tr("(no profile)");
        names.append(saved ? tr("%1 · %2").arg(profileName, saved->name) : tr("%1 · new request").arg(profileName));
    }
    names.sort();
    return names;
}

void Workbench::restoreDrafts(const QVariantList& drafts)
{
    m_book->restoreDrafts(drafts);
}

} // namespace Authlens::Gui
