#include "workspace/RefreshAndResend.h"

#include "http/HttpClient.h"

#include <QTimer>

namespace Authlens::Workspace {

struct RefreshAndResend::Flow
{
    Request request;
    QPointer<QObject> context;
    Done done;
    ResendOutcome outcome;
};

RefreshAndResend::RefreshAndResend(Profiles::SecretStore* store, QObject* parent, Http::HttpClient* client)
    : QObject(parent)
    , m_tokens(std::make_unique<TokenService>(store))
    , m_client(client)
{
    if (!m_client) {
        m_ownClient = std::make_unique<Http::HttpClient>();
        m_client = m_ownClient.get();
    }
}

RefreshAndResend::~RefreshAndResend() = default;

void RefreshAndResend::run(const Request& request, QObject* context, Done done)
{
    // Skeleton: the flow comes in the next commit.
    ResendOutcome outcome;
    outcome.profile = request.profile;
    outcome.error = {ErrorKind::Usage, QStringLiteral("The resend flow is not implemented yet")};
    QTimer::singleShot(0, context, [outcome, done = std::move(done)] { done(outcome); });
}

bool RefreshAndResend::isRunning() const
{
    return m_flow != nullptr;
}

void RefreshAndResend::cancel() { }

TokenService* RefreshAndResend::tokenService() const
{
    return m_tokens.get();
}

void RefreshAndResend::startSend(int) { }

void RefreshAndResend::startRefresh() { }

void RefreshAndResend::sendFinished(const Http::Exchange&) { }

void RefreshAndResend::refreshFinished(const TokenOutcome&) { }

void RefreshAndResend::finish() { }

} // namespace Authlens::Workspace
