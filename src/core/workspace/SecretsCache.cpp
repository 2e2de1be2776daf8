#include "workspace/SecretsCache.h"

#include "profiles/ProfileSecrets.h"
#include "workspace/KeychainGate.h"
#include "workspace/ProfileRepository.h"

#include <QPointer>
#include <QTimer>

#include <memory>

namespace Authlens::Workspace {

using Profiles::Profile;
using Profiles::SecretStore;
namespace ProfileSecrets = Profiles::ProfileSecrets;

SecretsCache::SecretsCache(ProfileRepository* repository, KeychainGate* gate)
    : QObject(repository)
    , m_repository(repository)
    , m_gate(gate)
{
    connect(m_gate, &KeychainGate::stateChanged, this, &SecretsCache::onGateStateChanged);
}

SecretsCache::~SecretsCache() = default;

SecretsCache::Status SecretsCache::status(const QString& id) const
{
    return m_entries.value(id).status;
}

QString SecretsCache::error(const QString& id) const
{
    return m_entries.value(id).error;
}

void SecretsCache::load(const QString& id)
{
    fetch(id, {});
}

void SecretsCache::fetch(const QString& id, std::function<void()> then)
{
    const Profile* profile = m_repository->find(id);
    Entry& entry = m_entries[id];
    if (!profile || profile->demo || entry.status == Status::Loaded || entry.status == Status::Failed) {
        if (then)
            QTimer::singleShot(0, this, then);
        return;
    }
    if (then)
        entry.waiters.append(std::move(then));
    if (entry.status == Status::Loading)
        return;
    entry.status = Status::Loading;
    const int generation = entry.generation;
    m_gate->whenSettled(this, [this, id, generation](SecretStore* store, const Error& why) {
        if (!store) {
            finishFetch(id, generation, {}, why.message);
            return;
        }
        ProfileSecrets::load(*store, id, this, [this, id, generation](const ProfileSecrets::Outcome& outcome) {
            const QString error = outcome.ok()
                ? QString()
                : QStringLiteral("The secrets could not be read: %1").arg(outcome.errors.constFirst().message);
            finishFetch(id, generation, outcome.secrets, error);
        });
    });
}

void SecretsCache::finishFetch(const QString& id, int generation, const Auth::AuthSecrets& secrets,
                               const QString& error)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end())
        return;
    const QList<std::function<void()>> waiters = std::exchange(it->waiters, {});
    const bool known = m_repository->find(id) != nullptr;
    // A save since the read started has written newer values: keep those.
    if (known && it->generation == generation) {
        m_repository->setSessionSecrets(id, secrets);
        it->status = error.isEmpty() ? Status::Loaded : Status::Failed;
        it->error = error;
    } else if (it->status == Status::Loading) {
        it->status = Status::NotLoaded;
    }
    const Entry entry = *it;
    if (known && entry.status == Status::Loaded)
        Q_EMIT loaded(id);
    else if (known && entry.status == Status::Failed)
        Q_EMIT failed(id, entry.error);
    for (const auto& waiter : waiters)
        waiter();
}

void SecretsCache::withSecrets(const QStringList& ids, QObject* context, WithSecrets done)
{
    QPointer<QObject> guard(context);
    auto pending = std::make_shared<qsizetype>(ids.size() + 1);
    auto finish = [this, ids, guard, done, pending] {
        if (--*pending > 0 || !guard)
            return;
        QList<Profile> found;
        QStringList errors;
        for (const QString& id : ids) {
            const Profile* p = m_repository->find(id);
            if (!p)
                continue;
            found.append(*p);
            if (status(id) == Status::Failed)
                errors.append(QStringLiteral("“%1”: %2").arg(p->name, error(id)));
        }
        done(found, errors);
    };
    for (const QString& id : ids)
        fetch(id, finish);
    QTimer::singleShot(0, this, finish);
}

void SecretsCache::noteHeldInMemory(const QString& id)
{
    m_entries[id].status = Status::Loaded;
}

void SecretsCache::noteWritten(const QString& id)
{
    Entry& entry = m_entries[id];
    ++entry.generation;
    entry.status = Status::Loaded;
    entry.error.clear();
}

void SecretsCache::noteChangedWithoutSecrets(const QString& id, bool keepStatus)
{
    Entry& entry = m_entries[id];
    ++entry.generation;
    if (!keepStatus)
        entry.status = Status::NotLoaded;
}

void SecretsCache::forget(const QString& id)
{
    const QList<std::function<void()>> waiters = m_entries.take(id).waiters;
    for (const auto& waiter : waiters)
        waiter();
}

void SecretsCache::onGateStateChanged()
{
    const KeychainGate::State state = m_gate->state();
    if (state != KeychainGate::State::Ready && state != KeychainGate::State::SessionOnly)
        return;
    // The store changed: what was read (or failed) before is read again from the new one.
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        const Profile* p = m_repository->find(it.key());
        if (p && !p->demo && it->status != Status::Loading) {
            it->status = Status::NotLoaded;
            it->error.clear();
        }
    }
    Q_EMIT storeChanged();
}

} // namespace Authlens::Workspace
