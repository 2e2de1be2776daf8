#pragma once

#include "DemoRequest.h"
#include "DemoResponse.h"

#include <QElapsedTimer>
#include <QHash>
#include <QString>
#include <QStringList>

namespace Authlens::Demo {

class DemoAuthority;

/// The demo's device authorization grant (RFC 8628): the device authorization endpoint (§3.1, §3.2), the
/// approval page the user visits (§3.3: enter or confirm the user_code, Approve or Deny), and the device
/// code's answers at the token endpoint (§3.4, §3.5). Its clients are public (client_id only), each with
/// its own polling interval and device-code lifetime so that tests of slow_down and expired_token run in
/// seconds. Plain state, no I/O: DemoServer routes to it, DemoAuthority hands it the device_code grant.
class DemoDevice
{
public:
    /// A device client of the demo and how its device codes behave.
    struct Client
    {
        QString clientId;
        int interval = 5; ///< seconds between polls, as announced in the answer (§3.2)
        qint64 expiresIn = 600; ///< lifetime of a device code, seconds (§3.2)
        /// The gap the server really wants between polls (seconds): a poll sooner than this (after the
        /// announcement or the previous poll) is answered slow_down (§3.5), and the gap grows by 5 s.
        /// Usually the interval; larger for the client that shows slow_down.
        int requiredGap = 5;
    };

    static constexpr auto GrantType = "urn:ietf:params:oauth:grant-type:device_code"; ///< RFC 8628 §3.4

    /// "authlens-device" (interval 5 s, 10 min: the demo profile), "authlens-device-fast" (1 s, 2 min),
    /// "authlens-device-slow" (announces 1 s but wants 3 s: the first poll gets slow_down),
    /// "authlens-device-short" (1 s, the code expires after 2 s: expired_token).
    static QList<Client> clients();
    static bool isDeviceClient(const QString& clientId);

    DemoDevice();

    /// POST /oauth/device_authorization (RFC 8628 §3.1, §3.2). `issuer` is the demo's base URL.
    DemoResponse authorize(const DemoRequest& request, const QString& issuer);
    /// GET /device: the verification page (user_code prefilled from ?user_code=, §3.3.1); POST /device:
    /// approve or deny the code.
    DemoResponse page(const DemoRequest& request);
    /// The device_code grant at the token endpoint (§3.4, §3.5), `params` the form of the token request.
    DemoResponse token(const QHash<QString, QString>& params, DemoAuthority& authority);

private:
    enum class State { Pending, Approved, Denied };
    struct Grant
    {
        QString clientId;
        QString userCode;
        QStringList scopes;
        qint64 expiresAtMs = 0; ///< on m_clock
        qint64 lastPollMs = 0; ///< the announcement or the last poll, on m_clock
        qint64 requiredGapMs = 0;
        State state = State::Pending;
    };

    QHash<QString, Grant>::iterator findUserCode(const QString& userCode);
    DemoResponse pageHtml(int status, const QString& title, const QString& body) const;

    QElapsedTimer m_clock; ///< monotonic: device codes expire in real time, whatever the demo's clock offset
    QHash<QString, Grant> m_grants; ///< by device code
};

} // namespace Authlens::Demo
