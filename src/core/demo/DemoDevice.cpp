// The demo's device authorization grant (RFC 8628): what a TV or a CLI talks to, and the page the user
// approves it on.
#include "DemoDevice.h"

#include "DemoAuthority.h"
#include "DemoServer.h"

#include <QJsonObject>
#include <QRandomGenerator>

namespace Authlens::Demo {

namespace {

/// An unguessable device code: 32 bytes from the system CSPRNG, base64url.
QString randomDeviceCode()
{
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(words), sizeof words)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

/// RFC 8628 §6.1: a short code from a reduced alphabet (no vowels, no look-alikes), 8 characters ≈ 34.5
/// bits, shown as two groups of four.
QString randomUserCode()
{
    static const QString alphabet = QStringLiteral("BCDFGHJKLMNPQRSTVWXZ");
    QString code;
    for (int i = 0; i < 8; ++i) {
        if (i == 4)
            code += QLatin1Char('-');
        code += alphabet.at(int(QRandomGenerator::system()->bounded(quint32(alphabet.size()))));
    }
    return code;
}

/// §6.1: the user may type the code in lower case, with or without the dash or spaces.
QString normalizedUserCode(const QString& typed)
{
    QString out;
    for (const QChar c : typed) {
        if (c.isLetterOrNumber())
            out += c.toUpper();
    }
    return out;
}

} // namespace

QList<DemoDevice::Client> DemoDevice::clients()
{
    return {
        {QStringLiteral("authlens-device"), 5, 600, 5},
        {QStringLiteral("authlens-device-fast"), 1, 120, 1},
        {QStringLiteral("authlens-device-slow"), 1, 120, 3},
        {QStringLiteral("authlens-device-short"), 1, 2, 1},
    };
}

bool DemoDevice::isDeviceClient(const QString& clientId)
{
    const QList<Client> all = clients();
    return std::any_of(all.cbegin(), all.cend(), [&clientId](const Client& c) { return c.clientId == clientId; });
}

DemoDevice::DemoDevice()
{
    m_clock.start();
}

DemoResponse DemoDevice::authorize(const DemoRequest& request, const QString& issuer)
{
    const QByteArray contentType = request.header("Content-Type").trimmed().toLower();
    if (!contentType.startsWith("application/x-www-form-urlencoded"))
        return DemoResponse::oauthError(
            400, QStringLiteral("invalid_request"),
            QStringLiteral("The device authorization request must be application/x-www-form-urlencoded"));
    QHash<QString, QString> params;
    const auto items = request.formItems();
    for (const auto& item : items) {
        if (params.contains(item.first)) // RFC 6749 §3.2, which RFC 8628 §3.1 follows
            return DemoResponse::oauthError(400, QStringLiteral("invalid_request"),
                                            QStringLiteral("Parameter %1 appears more than once").arg(item.first));
        params.insert(item.first, item.second);
    }
    // §3.1: the client authenticates as at the token endpoint; the demo's device clients are public, so a
    // client_id is all there is.
    const QString clientId = params.value(QStringLiteral("client_id"));
    if (!request.headerValues("Authorization").isEmpty() || params.contains(QStringLiteral("client_secret")))
        return DemoResponse::oauthError(401, QStringLiteral("invalid_client"),
                                        QStringLiteral("The demo's device clients are public: send client_id only"));
    const QList<Client> all = clients();
    const auto client
        = std::find_if(all.cbegin(), all.cend(), [&clientId](const Client& c) { return c.clientId == clientId; });
    if (client == all.cend())
        return DemoResponse::oauthError(401, QStringLiteral("invalid_client"),
                                        clientId.isEmpty()
                                            ? QStringLiteral("client_id is missing")
                                            : QStringLiteral("Unknown device client %1 (the demo's device clients are "
                                                             "authlens-device, -fast, -slow and -short)")
                                                  .arg(clientId));
    QStringList scopes;
    for (const QString& s : params.value(QStringLiteral("scope")).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!DemoAuthority::supportedScopes().contains(s))
            return DemoResponse::oauthError(400, QStringLiteral("invalid_scope"),
                                            QStringLiteral("Unknown scope: %1").arg(s));
        if (!scopes.contains(s))
            scopes.append(s);
    }
    if (scopes.isEmpty())
        scopes = DemoAuthority::defaultScopes();

    Grant grant;
    grant.clientId = clientId;
    grant.userCode = randomUserCode();
    grant.scopes = scopes;
    const qint64 now = m_clock.elapsed();
    grant.expiresAtMs = now + client->expiresIn * 1000;
    grant.lastPollMs = now;
    grant.requiredGapMs = client->requiredGap * 1000;
    // Forget the codes that expired long ago (they only answer expired_token for a while).
    m_grants.removeIf([now](const QHash<QString, Grant>::iterator it) { return it->expiresAtMs + 600000 < now; });
    const QString deviceCode = randomDeviceCode();
    m_grants.insert(deviceCode, grant);

    const QString verification = issuer + QStringLiteral("/device");
    DemoResponse response
        = DemoResponse::json(200,
                             QJsonObject {
                                 {QStringLiteral("device_code"), deviceCode},
                                 {QStringLiteral("user_code"), grant.userCode},
                                 {QStringLiteral("verification_uri"), verification},
                                 {QStringLiteral("verification_uri_complete"),
                                  QString(verification + QStringLiteral("?user_code=") + grant.userCode)},
                                 {QStringLiteral("expires_in"), client->expiresIn},
                                 {QStringLiteral("interval"), client->interval},
                             });
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.addHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    return response;
}

QHash<QString, DemoDevice::Grant>::iterator DemoDevice::findUserCode(const QString& userCode)
{
    const QString wanted = normalizedUserCode(userCode);
    if (wanted.isEmpty())
        return m_grants.end();
    for (auto it = m_grants.begin(); it != m_grants.end(); ++it) {
        if (normalizedUserCode(it->userCode) == wanted)
            return it;
    }
    return m_grants.end();
}

DemoResponse DemoDevice::pageHtml(int status, const QString& title, const QString& body) const
{
    DemoResponse response = DemoResponse::html(
        status,
        QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title></head>"
                       "<body><h1>%1</h1>\n%2</body></html>\n")
            .arg(title.toHtmlEscaped(), body));
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

DemoResponse DemoDevice::page(const DemoRequest& request)
{
    const QString title = QStringLiteral("Authlens demo · connect a device");
    if (request.method == "GET") {
        // §3.3.1: verification_uri_complete carries the code, so the user only confirms it.
        const QString code = request.queryItem(QStringLiteral("user_code")).value_or(QString());
        return pageHtml(
            200, title,
            QStringLiteral("<p>Signed in to the demo as <b>%1</b>. Enter the code your device shows, and approve it "
                           "only if you started the sign-in there.</p>\n"
                           "<form method=\"post\" action=\"/device\"><p><label>Code <input name=\"user_code\" "
                           "value=\"%2\" autocomplete=\"off\" autofocus></label></p>\n"
                           "<p><button name=\"action\" value=\"approve\">Approve</button> "
                           "<button name=\"action\" value=\"deny\">Deny</button></p></form>\n")
                .arg(DemoServer::basicUser().toHtmlEscaped(), code.left(20).toHtmlEscaped()));
    }
    QHash<QString, QString> params;
    for (const auto& item : request.formItems())
        params.insert(item.first, item.second);
    const QString action = params.value(QStringLiteral("action"));
    if (action != u"approve" && action != u"deny")
        return pageHtml(400, title,
                        QStringLiteral("<p>Choose Approve or Deny.</p><p><a href=\"/device\">Back</a></p>"));
    const auto it = findUserCode(params.value(QStringLiteral("user_code")));
    if (it == m_grants.end() || it->expiresAtMs <= m_clock.elapsed() || it->state != State::Pending)
        return pageHtml(400, title,
                        QStringLiteral("<p>That code is unknown, expired or already used. Start the sign-in on the "
                                       "device again.</p><p><a href=\"/device\">Back</a></p>"));
    it->state = action == u"approve" ? State::Approved : State::Denied;
    return pageHtml(200, title,
                    it->state == State::Approved
                        ? QStringLiteral("<p>Device approved. You can return to your device.</p>")
                        : QStringLiteral("<p>Device denied. It will not get access.</p>"));
}

DemoResponse DemoDevice::token(const QHash<QString, QString>& params, DemoAuthority& authority)
{
    const QString clientId = params.value(QStringLiteral("client_id"));
    if (params.value(QStringLiteral("grant_type")) != QLatin1String(GrantType))
        return DemoResponse::oauthError(
            400, QStringLiteral("unauthorized_client"),
            QStringLiteral("The device client %1 may only use the device_code grant").arg(clientId));
    const QString deviceCode = params.value(QStringLiteral("device_code"));
    if (deviceCode.isEmpty())
        return DemoResponse::oauthError(400, QStringLiteral("invalid_request"),
                                        QStringLiteral("device_code is missing"));
    const auto it = m_grants.find(deviceCode);
    if (it == m_grants.end() || it->clientId != clientId)
        return DemoResponse::oauthError(
            400, QStringLiteral("invalid_grant"),
            QStringLiteral("The device code is unknown, already used, or was issued to another client"));
    const qint64 now = m_clock.elapsed();
    // RFC 8628 §3.5, in the order a device must read them.
    if (now >= it->expiresAtMs)
        return DemoResponse::oauthError(400, QStringLiteral("expired_token"),
                                        QStringLiteral("The device code expired before the user approved it"));
    if (it->state == State::Denied) {
        m_grants.erase(it);
        return DemoResponse::oauthError(400, QStringLiteral("access_denied"),
                                        QStringLiteral("The user denied the device"));
    }
    if (it->state == State::Pending) {
        // A poll sooner than the gap the server wants (a quarter second of jitter allowed) is slow_down, and
        // from then on the device must wait 5 s longer (§3.5).
        const bool tooSoon = now - it->lastPollMs < it->requiredGapMs - 250;
        it->lastPollMs = now;
        if (tooSoon) {
            it->requiredGapMs += 5000;
            return DemoResponse::oauthError(
                400, QStringLiteral("slow_down"),
                QStringLiteral("Polled too often: wait %1 s between polls").arg(it->requiredGapMs / 1000));
        }
        return DemoResponse::oauthError(400, QStringLiteral("authorization_pending"),
                                        QStringLiteral("The user has not approved the device yet"));
    }
    // Approved: the device code is spent by this answer.
    const Grant grant = *it;
    m_grants.erase(it);
    const qint64 lifetime = authority.accessTokenLifetime();
    QJsonObject body {
        {QStringLiteral("access_token"),
         authority.mintAccessToken(DemoServer::basicUser(), grant.scopes, lifetime, DemoServer::audience(),
                                   grant.clientId)},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("expires_in"), lifetime},
        {QStringLiteral("scope"), grant.scopes.join(QLatin1Char(' '))},
    };
    // A device keeps its access (RFC 8628 §3.5 ends in a normal token response, RFC 6749 §5.1).
    body.insert(QStringLiteral("refresh_token"),
                authority.issueRefreshToken(grant.clientId, DemoServer::basicUser(), grant.scopes));
    if (grant.scopes.contains(QStringLiteral("openid")))
        body.insert(QStringLiteral("id_token"),
                    authority.mintIdToken(DemoServer::basicUser(), grant.clientId, lifetime));
    DemoResponse response = DemoResponse::json(200, body);
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.addHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    return response;
}

} // namespace Authlens::Demo
