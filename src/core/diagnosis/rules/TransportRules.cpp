// When no usable answer came: the network, the proxy, TLS. And TLS errors the profile chose to ignore.
#include "diagnosis/Rules.h"

namespace Authlens::Diagnosis::Rules {

namespace {

QString where(const Facts& facts)
{
    if (facts.hops.isEmpty())
        return QStringLiteral("the server");
    return Http::Origin::fromUrl(facts.hops.last().hop->request.url).toString();
}

/// What a TLS error list says, as a stable reason and a sentence. Qt's QSslError strings (OpenSSL's
/// verify results) are the source.
std::pair<QString, QString> tlsReason(const QStringList& errors, const QString& message)
{
    // Qt's QSslError texts (OpenSSL verify results), and Chromium's net error names in browser HARs
    // (net/base/net_error_list.h: ERR_CERT_DATE_INVALID, ERR_CERT_COMMON_NAME_INVALID, …).
    const QString all = (errors.join(u' ') + u' ' + message).toLower();
    if (all.contains(u"certificate required") || all.contains(u"alert 116")
        || all.contains(u"peer did not return a certificate") || all.contains(u"client_auth_cert"))
        return {QStringLiteral("client_certificate"), QString()};
    if (all.contains(u"cert_date_invalid"))
        return {
            QStringLiteral("expired"),
            QStringLiteral("The server's certificate is expired or not valid yet (or this machine's clock is off).")};
    if (all.contains(u"cert_common_name_invalid"))
        return {QStringLiteral("hostname"),
                QStringLiteral("The certificate was issued for another host name than the one in the URL.")};
    if (all.contains(u"cert_authority_invalid"))
        return {QStringLiteral("untrusted_issuer"),
                QStringLiteral("The certificate's issuer is not trusted here: a private CA, a TLS-inspecting company "
                               "proxy, or an incomplete chain sent by the server.")};
    if (all.contains(u"expired"))
        return {QStringLiteral("expired"), QStringLiteral("The server's certificate has expired.")};
    if (all.contains(u"not yet valid"))
        return {QStringLiteral("not_yet_valid"),
                QStringLiteral("The server's certificate is not valid yet (or this machine's clock is behind).")};
    if (all.contains(u"host name") || all.contains(u"hostname"))
        return {QStringLiteral("hostname"),
                QStringLiteral("The certificate was issued for another host name than the one in the URL.")};
    if (all.contains(u"self signed") || all.contains(u"self-signed"))
        return {QStringLiteral("self_signed"),
                QStringLiteral("The server presents a self-signed certificate that nothing here trusts.")};
    if (all.contains(u"issuer") || all.contains(u"local issuer") || all.contains(u"untrusted")
        || all.contains(u"unable to get"))
        return {QStringLiteral("untrusted_issuer"),
                QStringLiteral("The certificate's issuer is not trusted here: a private CA, a TLS-inspecting "
                               "company proxy, or an incomplete chain sent by the server.")};
    if (all.contains(u"protocol version") || all.contains(u"unsupported protocol"))
        return {QStringLiteral("protocol"),
                QStringLiteral("Client and server share no TLS version (a server that speaks only TLS 1.0/1.1).")};
    return {QStringLiteral("handshake"), QStringLiteral("The TLS handshake failed.")};
}

/// A server that broke HTTP/1.1 itself (RFC 9112): what broke, in words, and that the bytes are kept.
Finding brokenResponse(const Facts& facts, int hop)
{
    const Http::Error& e = facts.exchange->error;
    Finding f = makeFinding(Code::ServerBrokenResponse, hop);
    f.reason = Http::errorKindName(e.kind);
    QString fixText = QStringLiteral("Fix the server or the proxy in front of it (a crash or a timeout while it was "
                                     "sending); resend to see whether it happens every time");
    switch (e.kind) {
    case Http::ErrorKind::NotHttp:
        f.source = QStringLiteral("RFC 9112 §4");
        f.explanation = QStringLiteral("What listens at %1 is not an HTTP server: it spoke first, before any request, "
                                       "which HTTP servers never do (RFC 9112 §4: the answer starts with a status "
                                       "line such as \"HTTP/1.1 200 OK\", after the request). The port belongs to "
                                       "another service (SSH, SMTP, a database). The bytes it sent are kept. (%2)")
                            .arg(where(facts), e.message);
        break;
    case Http::ErrorKind::InvalidChunkedEncoding:
        f.source = QStringLiteral("RFC 9112 §7.1");
        f.explanation = QStringLiteral("%1 sent a chunked body that breaks the chunked transfer coding. A lenient "
                                       "client (browsers, Qt) quietly ends the body at that point and shows a "
                                       "complete answer; what follows the break is lost or misread, and a proxy "
                                       "in between may read the stream differently (response splitting). The "
                                       "status, headers and the body as decoded up to the break are kept. (%2)")
                            .arg(where(facts), e.message);
        fixText = QStringLiteral("Fix the code that writes the chunked body (each chunk: its size in hex, CRLF, "
                                 "exactly that many bytes, CRLF; a last chunk of size 0), or send a "
                                 "Content-Length instead");
        break;
    case Http::ErrorKind::ConnectionReset:
        f.source = QStringLiteral("RFC 9112 §8");
        f.explanation = QStringLiteral("%1 reset the connection (TCP RST) before its answer was complete: the "
                                       "server process crashed, was killed, or gave up on the connection. Even a "
                                       "body without a Content-Length, which ends when the connection does, is "
                                       "incomplete when it ends with a reset. The part that arrived is kept. (%2)")
                            .arg(where(facts), e.message);
        break;
    case Http::ErrorKind::Protocol:
        f.source = QStringLiteral("RFC 9112 §6.3");
        f.explanation = QStringLiteral("The length of the answer from %1 cannot be known: RFC 9112 §6.3 makes "
                                       "conflicting Content-Length values, or Content-Length next to "
                                       "Transfer-Encoding, an error, since clients and proxies could disagree on "
                                       "where the message ends. (%2)")
                            .arg(where(facts), e.message);
        fixText = QStringLiteral("Make the server send either one Content-Length or Transfer-Encoding: chunked, "
                                 "never both");
        break;
    default:
        f.source = e.message.contains(u"chunk") ? QStringLiteral("RFC 9112 §7.1") : QStringLiteral("RFC 9112 §8");
        f.explanation = QStringLiteral("%1 ended the connection before the body was complete: fewer bytes arrived "
                                       "than its Content-Length announced, or a chunked body ended before its "
                                       "last chunk. RFC 9112 §8 calls such a message incomplete; a lenient client "
                                       "would show the part as if it were the whole. The part that arrived is "
                                       "kept. (%2)")
                            .arg(where(facts), e.message);
        break;
    }
    if (hop >= 0)
        f.evidence.append(
            hopEvidence(facts.hops.at(hop), QStringLiteral("error"), e.message, Http::errorKindName(e.kind)));
    f.fixes.append(e.kind == Http::ErrorKind::NotHttp
                       ? advice(QStringLiteral("advice.check_port"),
                                QStringLiteral("Check the URL's port: it reaches another service, not the API"))
                       : advice(QStringLiteral("advice.fix_server"), fixText));
    return f;
}

void noAnswer(const Facts& facts, Findings& out)
{
    const Http::Error& e = facts.exchange->error;
    const int hop = facts.hops.isEmpty() ? -1 : int(facts.hops.size()) - 1;
    switch (e.kind) {
    case Http::ErrorKind::ConnectionRefused:
    case Http::ErrorKind::HostNotFound:
    case Http::ErrorKind::ConnectTimeout:
    case Http::ErrorKind::TotalTimeout:
    case Http::ErrorKind::IdleTimeout:
    case Http::ErrorKind::RemoteClosed:
    case Http::ErrorKind::Network: {
        Finding f = makeFinding(Code::NetworkUnreachable, hop);
        f.reason = Http::errorKindName(e.kind);
        const QString target = where(facts);
        switch (e.kind) {
        case Http::ErrorKind::ConnectionRefused:
            f.explanation = QStringLiteral("Nothing accepted a connection at %1: no server listens there. The request "
                                           "never reached an application, so this is not about credentials.")
                                .arg(target);
            break;
        case Http::ErrorKind::HostNotFound:
            f.explanation = QStringLiteral("The host name of %1 could not be resolved (DNS). Internal hosts often "
                                           "resolve only on the company network or VPN.")
                                .arg(target);
            break;
        case Http::ErrorKind::RemoteClosed:
            f.explanation = QStringLiteral("%1 closed the connection before a complete answer arrived.").arg(target);
            break;
        case Http::ErrorKind::IdleTimeout:
            f.explanation = QStringLiteral("%1 accepted the request, then stopped sending: the answer stalled (a "
                                           "busy or stuck server, or one that drips a byte at a time). What did "
                                           "arrive is kept.")
                                .arg(target);
            break;
        default:
            f.explanation = QStringLiteral("%1 did not answer in time.").arg(target);
            break;
        }
        f.explanation += QStringLiteral(" (%1)").arg(e.message);
        if (hop >= 0)
            f.evidence.append(
                hopEvidence(facts.hops.at(hop), QStringLiteral("error"), e.message, Http::errorKindName(e.kind)));
        f.fixes.append(advice(QStringLiteral("advice.check_network"),
                              QStringLiteral("Check the URL's host and port, that the server runs, and the network "
                                             "(VPN, firewall, proxy)")));
        out.append(f);
        break;
    }
    case Http::ErrorKind::Proxy: {
        const bool wants407 = e.message.startsWith(u"407");
        Finding f = makeFinding(wants407 ? Code::ProxyAuthRequired : Code::ProxyUnreachable, hop);
        const QString proxy = hop >= 0 ? facts.hops.at(hop).hop->request.proxy : QString();
        f.reason = wants407 ? (e.message.contains(u"refused") ? QStringLiteral("refused") : QStringLiteral("missing"))
                            : QStringLiteral("unreachable");
        f.explanation = wants407
            ? QStringLiteral("The proxy %1 answered 407 before anything reached the server: %2")
                  .arg(proxy.isEmpty() ? QStringLiteral("in use") : proxy, e.message)
            : QStringLiteral("The proxy %1 could not be reached or gave up, so the request never left for the server "
                             "(%2).")
                  .arg(proxy.isEmpty() ? QStringLiteral("in use") : proxy, e.message);
        if (hop >= 0)
            f.evidence.append(hopEvidence(facts.hops.at(hop), QStringLiteral("proxy"), proxy, e.message));
        f.fixes.append(
            advice(wants407 ? QStringLiteral("advice.proxy_credentials") : QStringLiteral("advice.check_proxy"),
                   wants407 ? QStringLiteral("Set the proxy's user and password in the profile's "
                                             "Connection tab (or --proxy-user)")
                            : QStringLiteral("Check the proxy host and port, or set the profile's proxy to "
                                             "None if this host is reached directly")));
        out.append(f);
        break;
    }
    case Http::ErrorKind::Tls: {
        const QStringList errors = hop >= 0 ? facts.hops.at(hop).hop->tls.errors : QStringList();
        const auto [reason, sentence] = tlsReason(errors, e.message);
        if (reason == u"client_certificate") {
            Finding f = makeFinding(Code::MtlsRequired, hop);
            const bool offered = hop >= 0 && facts.hops.at(hop).hop->request.clientCertificate;
            f.reason = offered ? QStringLiteral("refused") : QStringLiteral("missing");
            f.explanation = offered
                ? QStringLiteral("The server ended the TLS handshake because it did not accept the client certificate "
                                 "that was offered (%1).")
                      .arg(e.message)
                : QStringLiteral("The server wants a TLS client certificate (mutual TLS) and none was offered (%1).")
                      .arg(e.message);
            if (hop >= 0)
                f.evidence.append(hopEvidence(facts.hops.at(hop), QStringLiteral("tls"), e.message));
            f.fixes.append(advice(QStringLiteral("advice.client_certificate"),
                                  QStringLiteral("Set a client certificate and key in the profile's Connection tab "
                                                 "(curl: --cert/--key)")));
            out.append(f);
            break;
        }
        // One finding per problem, each with the certificate's facts and its fix (TlsRules.cpp).
        const QList<TlsProblem> problems = hop >= 0 ? tlsProblems(facts.hops.at(hop), e.message) : QList<TlsProblem>();
        if (!problems.isEmpty()) {
            for (const TlsProblem& problem : problems) {
                Finding f
                    = makeFinding(problem.reason == u"protocol" ? Code::TlsProtocolVersion : Code::TlsUntrusted, hop);
                f.reason = problem.reason;
                f.explanation = problem.explanation + QStringLiteral(" No HTTP request was sent.");
                f.evidence = problem.evidence;
                f.fixes = problem.fixes;
                f.source = problem.source;
                out.append(f);
            }
            break;
        }
        Finding f = makeFinding(reason == u"protocol" ? Code::TlsProtocolVersion : Code::TlsUntrusted, hop);
        f.reason = reason;
        f.explanation = sentence + QStringLiteral(" No HTTP request was sent.");
        f.fixes.append(advice(QStringLiteral("advice.tls_trust"),
                              QStringLiteral("Fix the server's certificate, or trust its CA in the profile's CA "
                                             "certificates (curl: --cacert)")));
        out.append(f);
        break;
    }
    case Http::ErrorKind::TruncatedBody:
    case Http::ErrorKind::ConnectionReset:
    case Http::ErrorKind::InvalidChunkedEncoding:
    case Http::ErrorKind::NotHttp:
        out.append(brokenResponse(facts, hop));
        break;
    case Http::ErrorKind::Protocol:
        // Qt's own protocol failures stay as they were; the framing relay's verdict is a broken answer.
        if (e.message.startsWith(u"Invalid message framing"))
            out.append(brokenResponse(facts, hop));
        break;
    case Http::ErrorKind::None:
    case Http::ErrorKind::Cancelled:
    case Http::ErrorKind::TooManyRedirects:
    case Http::ErrorKind::RedirectLoop:
    case Http::ErrorKind::InvalidRedirect:
    case Http::ErrorKind::InvalidRequest:
    case Http::ErrorKind::BodyStorage:
        break;
    }
}

} // namespace

/// nginx answers a missing or refused client certificate with its own 400 page (the non-standard codes
/// 495/496 are shown as 400): http://nginx.org/en/docs/http/ngx_http_ssl_module.html#errors
void clientCertificatePage(const Facts& facts, Findings& out)
{
    const HopFacts* hop = facts.finalHop();
    if (!hop || hop->status != 400)
        return;
    const bool missing = hop->body.contains("No required SSL certificate was sent");
    const bool refused = hop->body.contains("The SSL certificate error");
    if (!missing && !refused)
        return;
    Finding f = makeFinding(Code::MtlsRequired, hop->index);
    f.reason = missing ? QStringLiteral("missing") : QStringLiteral("refused");
    f.source = QStringLiteral("nginx ngx_http_ssl_module (496/495)");
    f.explanation = missing
        ? QStringLiteral("nginx requires a TLS client certificate (ssl_verify_client on) and the connection offered "
                         "none, so it answered its \"No required SSL certificate was sent\" page (code 496, shown "
                         "as 400).")
        : QStringLiteral("nginx could not verify the TLS client certificate that was offered (code 495, shown as "
                         "400): it is expired, or not issued by a CA nginx trusts (ssl_client_certificate).");
    f.evidence.append(bodyEvidence(*hop,
                                   missing ? QByteArrayView("No required SSL certificate was sent")
                                           : QByteArrayView("The SSL certificate error")));
    f.fixes.append(advice(QStringLiteral("advice.client_certificate"),
                          QStringLiteral("Set a client certificate and key in the profile's Connection tab (curl: "
                                         "--cert/--key)")));
    out.append(f);
}

void transportRules(const Facts& facts, Findings& out)
{
    noAnswer(facts, out);
    clientCertificatePage(facts, out);
    for (const HopFacts& hop : facts.hops) {
        const Http::ResponseRecord& response = hop.hop->response;
        if (response.received && response.status >= 200 && response.headers.isEmpty()) {
            // RFC 9110 §6.6.1: an origin server with a clock sends Date; a field-less answer is almost always
            // a header section the transport dropped (see ExchangeRun: Qt's limits), or a broken server.
            Finding f = makeFinding(Code::ServerBrokenResponse, hop.index);
            f.severity = Severity::Likely;
            f.reason = QStringLiteral("no_header_fields");
            f.explanation = QStringLiteral("The answer came with a status line and no header field at all. Either "
                                           "the server sent none (then it even omits Date, RFC 9110 §6.6.1), or "
                                           "it sent more than the client's HTTP/1 parser accepts (more than 100 "
                                           "fields, a field over 100 KiB, over 256 KiB in all), which drops them "
                                           "all. Without Content-Length, the body is what arrived until the "
                                           "connection ended, and may be cut short.");
            f.evidence.append(hopEvidence(hop, QStringLiteral("status"), QString::number(response.status),
                                          QStringLiteral("no header fields")));
            f.fixes.append(advice(QStringLiteral("advice.fix_server"),
                                  QStringLiteral("Check the server's (or proxy's) response headers with "
                                                 "curl -v; fix whatever emits so many or such long fields")));
            out.append(f);
        }
        const Http::TlsInfo& tls = hop.hop->tls;
        if (!tls.errorsIgnored || tls.errors.isEmpty())
            continue;
        // The same problems as when the handshake is refused, each still reported: the answer came over a
        // connection nobody verified.
        for (const TlsProblem& problem : tlsProblems(hop, {})) {
            Finding f = makeFinding(Code::TlsErrorsIgnored, hop.index);
            f.reason = problem.reason;
            f.explanation = problem.explanation
                + QStringLiteral(" The switch to ignore TLS errors is on (curl: -k), so the request went ahead: "
                                 "anyone on the network path could have answered instead of the server.");
            f.evidence = problem.evidence;
            f.fixes = problem.fixes;
            f.fixes.append(advice(QStringLiteral("advice.tls_stop_ignoring"),
                                  QStringLiteral("Turn \"ignore TLS errors\" off once the certificate is fixed")));
            f.source = problem.source;
            out.append(f);
        }
    }
}

} // namespace Authlens::Diagnosis::Rules
