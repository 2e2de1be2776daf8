#include "inspector/TokenInspection.h"

#include "jwt/JwtInspector.h"
#include "jwt/KeyDiscovery.h"

#include <QPromise>
#include <QThreadPool>

namespace Authlens::Gui {

namespace {

/// A failed key lookup in words (KeyLookup::statusName() is the CLI's machine name).
QString lookupFailureText(Jwt::KeyLookup::Status status)
{
    using Status = Jwt::KeyLookup::Status;
    switch (status) {
    case Status::Ok:
        break;
    case Status::InvalidUrl:
        return TokenInspection::tr("the issuer's address is not an http(s) URL");
    case Status::Network:
        return TokenInspection::tr("the issuer could not be reached");
    case Status::Http:
        return TokenInspection::tr("the issuer answered with an error");
    case Status::BadDocument:
        return TokenInspection::tr("the issuer's key document is not valid");
    }
    return TokenInspection::tr("the keys could not be fetched");
}

} // namespace

TokenInspection::TokenInspection(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Jwt::TokenReport>::finished, this, &TokenInspection::onInspected);
}

TokenInspection::~TokenInspection() = default;

void TokenInspection::setKeyDiscovery(Jwt::KeyDiscovery* discovery)
{
    if (m_discovery)
        disconnect(m_discovery, nullptr, this, nullptr);
    m_discovery = discovery;
    if (m_discovery)
        connect(m_discovery, &Jwt::KeyDiscovery::finished, this, &TokenInspection::onKeysFound);
}

void TokenInspection::clear()
{
    m_watcher.cancel();
    m_token.clear();
    m_options = {};
    m_report = {};
    m_lookup.reset();
    m_hasReport = false;
    m_inspecting = false;
    m_verifyId = 0;
}

void TokenInspection::inspect(const QString& token, const Jwt::InspectOptions& options)
{
    clear();
    m_token = token;
    m_options = options;
    start(std::nullopt);
}

void TokenInspection::start(const std::optional<Jwt::KeyLookup>& keys)
{
    m_inspecting = true;
    // Inspection (and signature checks) run on a pool thread; the promise outlives this object if it is
    // destroyed first, and a newer start() replaces the watched future.
    auto promise = std::make_shared<QPromise<Jwt::TokenReport>>();
    QFuture<Jwt::TokenReport> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, token = m_token.toUtf8(), options = m_options, keys] {
        if (keys) {
            const Jwt::VerificationContext context {keys->refetched, keys->issuer};
            promise->addResult(Jwt::JwtInspector::inspect(token, options, keys->keys, context));
        } else {
            promise->addResult(Jwt::JwtInspector::inspect(token, options));
        }
        promise->finish();
    });
    m_watcher.setFuture(future);
}

void TokenInspection::onInspected()
{
    if (!m_inspecting || m_watcher.isCanceled() || m_watcher.future().resultCount() == 0)
        return;
    m_report = m_watcher.result();
    m_hasReport = true;
    m_inspecting = false;
    Q_EMIT reportReady();
}

QUrl TokenInspection::discoveryUrl() const
{
    if (!m_hasReport || m_report.format != Jwt::TokenFormat::Jws || m_report.issuer().isEmpty())
        return {};
    return Jwt::KeyDiscovery::discoveryUrlFor(m_report.issuer());
}

void TokenInspection::verify()
{
    const QUrl url = discoveryUrl();
    if (!url.isValid() || isVerifying())
        return;
    if (!m_discovery) {
        auto* own = new Jwt::KeyDiscovery(this);
        setKeyDiscovery(own);
    }
    m_lookup.reset();
    m_verifyId = m_discovery->discover(m_report.issuer(), m_report.kid());
    Q_EMIT verifyStarted(url);
}

void TokenInspection::onKeysFound(int requestId, const Jwt::KeyLookup& result)
{
    if (requestId != m_verifyId)
        return; // another inspection's request on a shared discovery, or a stale one
    m_verifyId = 0;
    m_lookup = result;
    if (!result.ok()) {
        Q_EMIT verifyFailed(result.error.isEmpty() ? lookupFailureText(result.status) : result.error);
        return;
    }
    Q_EMIT keysFound(result.keys);
    start(result);
}

} // namespace Authlens::Gui
