#pragma once

#include "jwt/InspectOptions.h"
#include "jwt/KeyLookup.h"
#include "jwt/KeySet.h"
#include "jwt/TokenReport.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

namespace Authlens::Jwt {
class KeyDiscovery;
}

namespace Authlens::Gui {

/// The token shown in the Token tab and the work on it: JwtInspector runs on a worker thread (a pasted
/// token may be a megabyte), and "Verify with issuer keys" discovers the issuer's JWKS asynchronously
/// (KeyDiscovery) and inspects again with those keys. Only after an explicit verify() does it fetch.
class TokenInspection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenInspection)
public:
    explicit TokenInspection(QObject* parent = nullptr);
    ~TokenInspection() override;

    /// Shares a discovery (and its JWKS cache) owned elsewhere; it must outlive this object. Without
    /// one, a private KeyDiscovery is made on first use.
    void setKeyDiscovery(Jwt::KeyDiscovery* discovery);

    /// Inspects `token` with `options` (signature unverified until verify()).
    void inspect(const QString& token, const Jwt::InspectOptions& options);
    void clear();

    bool hasReport() const { return m_hasReport; }
    const Jwt::TokenReport& report() const { return m_report; }
    const Jwt::InspectOptions& options() const { return m_options; }
    bool isInspecting() const { return m_inspecting; }
    bool isVerifying() const { return m_verifyId != 0; }

    /// The discovery document verify() would fetch for the shown token; invalid when the token has no
    /// usable http(s) `iss` (or is not a JWS).
    QUrl discoveryUrl() const;
    /// The key lookup of the last verify(), when it finished.
    const std::optional<Jwt::KeyLookup>& lookup() const { return m_lookup; }

    /// Fetches the issuer's keys (`<iss>/.well-known/openid-configuration` → jwks_uri) and inspects again
    /// with them. Does nothing when discoveryUrl() is invalid.
    void verify();

Q_SIGNALS:
    /// A new report is ready (after inspect(), and again after verify() found keys).
    void reportReady();
    void verifyStarted(const QUrl& discoveryUrl);
    /// Keys could not be fetched; `message` says why. The report stays unverified.
    void verifyFailed(const QString& message);
    /// verify() found the issuer's keys (before the report checked with them is ready): the findings
    /// panel diagnoses the exchange again with them.
    void keysFound(const Authlens::Jwt::KeySet& keys);

private:
    void start(const std::optional<Jwt::KeyLookup>& keys);
    void onInspected();
    void onKeysFound(int requestId, const Jwt::KeyLookup& result);

    QPointer<Jwt::KeyDiscovery> m_discovery;
    QFutureWatcher<Jwt::TokenReport> m_watcher;
    QString m_token;
    Jwt::InspectOptions m_options;
    Jwt::TokenReport m_report;
    std::optional<Jwt::KeyLookup> m_lookup;
    bool m_hasReport = false;
    bool m_inspecting = false;
    int m_verifyId = 0;
};

} // namespace Authlens::Gui
