// When no usable response arrived: connection, TLS, proxy, redirect and timeout failures.
#include "diagnosis/StatusRules.h"

namespace Authlens::Diagnosis::Rules {

StatusMeaning explainTransportError(const Exchange& exchange)
{
    StatusMeaning m;
    m.status = exchange.finalStatus();
    const Http::Error& e = exchange.error;
    const QUrl url = exchange.hops.isEmpty() ? QUrl() : exchange.hops.last().request.url;
    const QString where = url.isValid()
        ? url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
        : QStringLiteral("the server");
    const QString detail = e.message.isEmpty() ? QString() : QStringLiteral(" The transport said: %1").arg(e.message);
    switch (e.kind) {
    case Http::ErrorKind::Cancelled:
        m.title = QStringLiteral("Cancelled");
        m.summary = QStringLiteral(
            "You cancelled the request before it completed. Nothing was concluded about authentication.");
        m.nextSteps = {QStringLiteral("Send the request again when you are ready.")};
        break;
    case Http::ErrorKind::ConnectionRefused:
        m.title = QStringLiteral("Connection refused — nothing is listening");
        m.summary
            = QStringLiteral("No server accepted a connection at %1. The request never reached an application, so "
                             "this is not an authentication problem yet.%2")
                  .arg(where, detail);
        m.nextSteps = {QStringLiteral("Check that the server is running and listening on that port."),
                       QStringLiteral("Check host and port in the URL (http vs https ports: 80/443 or the dev port)."),
                       QStringLiteral("For the demo API: Help → Start demo API, then pick a demo request.")};
        break;
    case Http::ErrorKind::HostNotFound:
        m.title = QStringLiteral("Host not found");
        m.summary = QStringLiteral("The host name in %1 could not be resolved.%2").arg(where, detail);
        m.nextSteps = {QStringLiteral("Check the spelling of the host name."),
                       QStringLiteral("Check DNS or VPN: internal hosts often resolve only on the company network.")};
        break;
    case Http::ErrorKind::ConnectTimeout:
    case Http::ErrorKind::TotalTimeout:
        m.title = e.kind == Http::ErrorKind::ConnectTimeout ? QStringLiteral("Timed out while connecting")
                                                            : QStringLiteral("Timed out waiting for the response");
        m.summary = QStringLiteral("%1 did not answer in time.%2").arg(where, detail);
        m.nextSteps = {QStringLiteral("Check that the host is reachable (firewall, VPN, proxy)."),
                       QStringLiteral("A server that hangs on the auth step (e.g. a slow token introspection) can also "
                                      "cause this: try a public endpoint of the same API.")};
        break;
    case Http::ErrorKind::Tls: {
        m.title = QStringLiteral("TLS handshake failed");
        QStringList errors;
        for (const Hop& hop : exchange.hops)
            errors += hop.tls.errors;
        m.summary
            = QStringLiteral("The secure connection to %1 could not be established, so no HTTP request was sent.%2")
                  .arg(where, detail);
        if (!errors.isEmpty())
            m.summary += QStringLiteral(" Certificate problems: %1.").arg(errors.join(u"; "));
        m.nextSteps = {
            QStringLiteral(
                "Look at the TLS tab: expired, self-signed or wrong-host certificates are the usual causes."),
            QStringLiteral("A company proxy that inspects TLS presents its own certificate: install its CA."),
            QStringLiteral("If the server asks for a client certificate (mutual TLS), configure one for the profile."),
            QStringLiteral("Only for a test server you control: enable the profile's “ignore TLS errors” switch.")};
        break;
    }
    case Http::ErrorKind::TooManyRedirects:
    case Http::ErrorKind::RedirectLoop:
        m.title = e.kind == Http::ErrorKind::RedirectLoop ? QStringLiteral("Redirect loop")
                                                          : QStringLiteral("Too many redirects");
        m.summary
            = QStringLiteral("The server kept redirecting (%1 hops).%2 A loop between an application and its login "
                             "page usually means a session cookie is not accepted or not sent back.")
                  .arg(exchange.hops.size())
                  .arg(detail);
        m.nextSteps
            = {QStringLiteral("Open the Redirects tab and look for the hop where the cycle starts."),
               QStringLiteral("Check the Cookies tab: was a Set-Cookie rejected, or withheld (Secure over http, "
                              "domain, path)?")};
        break;
    case Http::ErrorKind::InvalidRedirect:
        m.title = QStringLiteral("Invalid redirect");
        m.summary = QStringLiteral("The server redirected to a Location Authlens cannot follow.%1").arg(detail);
        m.nextSteps = {QStringLiteral("Look at the Location header of the last hop in the Redirects tab.")};
        break;
    case Http::ErrorKind::InvalidRequest:
        m.title = QStringLiteral("The request could not be sent");
        m.summary = QStringLiteral("The request is not valid.%1").arg(detail);
        m.nextSteps = {QStringLiteral("Check the URL (scheme http or https, host) and the header names.")};
        break;
    case Http::ErrorKind::Proxy: {
        const QString proxy = exchange.hops.isEmpty() ? QString() : exchange.hops.last().request.proxy;
        const QString via = proxy.isEmpty() ? QStringLiteral("the proxy") : QStringLiteral("the proxy %1").arg(proxy);
        if (e.message.startsWith(u"407")) {
            m.status = 407;
            m.isAuthFailure = true;
            m.title = QStringLiteral("407 — the proxy wants credentials");
            m.summary = QStringLiteral("The request went to %1, which answered 407 before anything reached %2: the "
                                       "proxy, not the API, refused it.%3")
                            .arg(via, where, detail);
            m.nextSteps = {QStringLiteral("Set the proxy user in the profile's Connection tab and its password "
                                          "(kept in the keychain); in authlens-cli, --proxy-user USER:PASSWORD."),
                           QStringLiteral("If the proxy asks for NTLM or Negotiate (Kerberos), use the system "
                                          "proxy settings with a local authenticating proxy.")};
        } else {
            m.title = QStringLiteral("The proxy failed");
            m.summary = QStringLiteral("The request went to %1, which could not be reached or gave up before %2 "
                                       "answered.%3")
                            .arg(via, where, detail);
            m.nextSteps = {QStringLiteral("Check the proxy host and port in the profile's Connection tab."),
                           QStringLiteral("If this host should be reached directly, set the profile's proxy to None "
                                          "(or add the host to no_proxy for the system settings).")};
        }
        break;
    }
    case Http::ErrorKind::RemoteClosed:
        m.title = QStringLiteral("The server closed the connection");
        m.summary = QStringLiteral("%1 closed the connection before a complete response arrived.%2").arg(where, detail);
        m.nextSteps = {QStringLiteral("Check whether the server expects https on this port (or http)."),
                       QStringLiteral("Very large headers (many cookies, a huge token) make some servers drop the "
                                      "connection: check the request headers' size.")};
        break;
    default:
        m.title = QStringLiteral("The request failed (%1)").arg(Http::errorKindName(e.kind));
        m.summary = QStringLiteral("No usable response arrived.%1").arg(detail);
        m.nextSteps = {QStringLiteral("Check the network path to %1 and retry.").arg(where)};
        break;
    }
    if (exchange.hasResponse() && e.kind != Http::ErrorKind::Cancelled)
        m.summary += QStringLiteral(" The last response that did arrive had status %1.").arg(exchange.finalStatus());
    return m;
}

} // namespace Authlens::Diagnosis::Rules
