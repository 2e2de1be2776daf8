#include "workspace/TokenService.h"

#include "profiles/SecretStore.h"

#include <QPointer>
#include <QTimer>

namespace Authlens::Workspace {

struct TokenService::Run
{
    QPointer<QObject> context;
    Done done;
};

TokenService::TokenService(Profiles::SecretStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{
}

TokenService::~TokenService() = default;

void TokenService::run(const Request& request, QObject* context, Done done)
{
    // Skeleton: the network half comes in the next commit.
    TokenOutcome outcome;
    outcome.profile = request.profile;
    outcome.grantType = grantFor(request.profile, request.mode);
    outcome.error = {ErrorKind::Usage, QStringLiteral("The token service is not implemented yet")};
    QTimer::singleShot(0, context, [outcome, done = std::move(done)] { done(outcome); });
}

bool TokenService::isRunning() const
{
    return m_run != nullptr;
}

void TokenService::cancel() { }

} // namespace Authlens::Workspace
