#include "CliWorkspace.h"

#include "workspace/SecretsCache.h"

#include <QTimer>

namespace Authlens::Cli {

using Workspace::Error;
using Workspace::ErrorKind;

CliWorkspace::CliWorkspace()
    : m_gate({}, -1)
    , m_repository({}, &m_gate)
{
}

void CliWorkspace::withStoredProfile(const QString& idOrName, QObject* context, ProfileDone done)
{
    m_repository.load();
    QStringList ambiguous;
    const Profiles::Profile* found = m_repository.findByIdOrName(idOrName, &ambiguous);
    if (!found && !ambiguous.isEmpty()) {
        const Error error {ErrorKind::BadInput, Workspace::ProfileRepository::ambiguousNameError(idOrName, ambiguous)};
        QTimer::singleShot(0, context, [done, error] { done(std::nullopt, error); });
        return;
    }
    if (!found) {
        QTimer::singleShot(0, context, [done] { done(std::nullopt, {}); });
        return;
    }
    m_repository.secrets()->withSecrets(
        {found->id}, context, [this, done](const QList<Profiles::Profile>& profiles, const QStringList& errors) {
            if (profiles.isEmpty()) {
                done(std::nullopt, {});
                return;
            }
            const Profiles::Profile& p = profiles.constFirst();
            if (!errors.isEmpty()) {
                done(std::nullopt,
                     Error {ErrorKind::Keychain,
                            QStringLiteral("profile %1: %2").arg(p.name, m_repository.secrets()->error(p.id))});
                return;
            }
            done(p, {});
        });
}

} // namespace Authlens::Cli
