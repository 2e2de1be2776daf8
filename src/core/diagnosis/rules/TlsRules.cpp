// What each TLS problem of a hop is, shown with the facts of the certificate concerned and the fix: an expired
// or not yet valid certificate, a host name it does not cover, a self-signed certificate, a chain that does not
// reach a trusted root (an incomplete chain, an untrusted root), and no TLS version in common.
//
// Sources: RFC 5280 §6.1 (certification path validation: every certificate within its validity, each issued by
// the next, ending at a trust anchor), RFC 6125 §6.4 (host names are matched against the subjectAltName; the CN
// only when there is none), RFC 8446 §4.4.2 / RFC 5246 §7.4.2 (the server sends its chain, leaf first),
// RFC 8446 §6.2 / RFC 5246 §7.2 (the protocol_version alert), RFC 8996 (TLS 1.0 and 1.1 deprecated). The error
// texts are Qt's QSslError strings (https://doc.qt.io/qt-6/qsslerror.html, OpenSSL's verify results), OpenSSL's
// handshake errors, and Chromium's net error names in a browser's HAR (net/base/net_error_list.h).
#include "diagnosis/Rules.h"

#include <QDateTime>
#include <QJsonArray>

namespace Authlens::Diagnosis::Rules {

namespace {

/// The reason one error text names.
QString classify(const QString& error)
{
    const QString e = error.toLower();
    if (e.contains(u"cert_date_invalid"))
        return QStringLiteral("expired"); // Chromium: expired or not yet valid; the dates decide below
    if (e.contains(u"cert_common_name_invalid"))
        return QStringLiteral("hostname");
    if (e.contains(u"cert_authority_invalid"))
        return QStringLiteral("untrusted_issuer");
    if (e.contains(u"expired"))
        return QStringLiteral("expired");
    if (e.contains(u"not yet valid"))
        return QStringLiteral("not_yet_valid");
    if (e.contains(u"host name") || e.contains(u"hostname"))
        return QStringLiteral("hostname");
    // Qt: "The root certificate of the certificate chain is self-signed, and untrusted";
    // OpenSSL: "self signed certificate in certificate chain".
    if (e.contains(u"root certificate of the certificate chain") || e.contains(u"in certificate chain"))
        return QStringLiteral("untrusted_root");
    if (e.contains(u"self signed") || e.contains(u"self-signed"))
        return QStringLiteral("self_signed");
    // Qt: "The issuer certificate of a locally looked up certificate could not be found", "The issuer
    // certificate could not be found", "No certificates could be verified" (OpenSSL: unable to get local
    // issuer certificate, unable to verify the first certificate).
    if (e.contains(u"issuer certificate") || e.contains(u"local issuer") || e.contains(u"unable to get")
        || e.contains(u"no certificates could be verified") || e.contains(u"unable to verify"))
        return QStringLiteral("issuer_not_found");
    if (e.contains(u"untrusted") || e.contains(u"not trusted"))
        return QStringLiteral("untrusted_issuer");
    if (e.contains(u"protocol version") || e.contains(u"unsupported protocol") || e.contains(u"version_fallback")
        || e.contains(u"ssl_version_or_cipher_mismatch") || e.contains(u"obsolete_version"))
        return QStringLiteral("protocol");
    return QStringLiteral("handshake");
}

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QString quoted(const QString& name)
{
    return name.isEmpty() ? QStringLiteral("(no name)") : u'"' + name + u'"';
}

/// The certificate facts a finding carries (CertificateSummary): subject, issuer, names, validity, fingerprint.
void addCertificateEvidence(const HopFacts& hop, int index, const QString& note, QList<Evidence>& out)
{
    const QList<Http::CertificateSummary>& chain = hop.hop->tls.peerChain;
    if (index < 0 || index >= chain.size())
        return;
    const Http::CertificateSummary& c = chain.at(index);
    const auto add = [&](const QString& name, const QString& excerpt, const QString& fieldNote) {
        Evidence e;
        e.kind = EvidenceKind::Tls;
        e.hop = hop.index;
        e.side = Side::Response;
        e.container = QStringLiteral("peer_chain[%1]").arg(index);
        e.name = name;
        e.excerpt = excerpt;
        e.note = fieldNote;
        out.append(e);
    };
    add(QStringLiteral("subject"), c.subject, note);
    add(QStringLiteral("issuer"), c.issuer, c.selfSigned ? QStringLiteral("self-signed") : QString());
    add(QStringLiteral("subject_alt_names"), c.subjectAltNames.join(QStringLiteral(", ")), QString());
    add(QStringLiteral("not_before"), iso(c.notBefore), QString());
    add(QStringLiteral("not_after"), iso(c.notAfter), QString());
    add(QStringLiteral("sha256"), c.sha256, QStringLiteral("SHA-256 fingerprint"));
}

Evidence errorEvidence(const HopFacts& hop, const QString& text)
{
    Evidence e = hopEvidence(hop, QStringLiteral("tls_error"), text);
    e.kind = EvidenceKind::Tls;
    return e;
}

/// Index of the first certificate of the chain outside its validity at `now` (too late or too early), or -1.
int outOfDate(const QList<Http::CertificateSummary>& chain, const QDateTime& now, bool expired)
{
    for (int i = 0; i < chain.size(); ++i) {
        const Http::CertificateSummary& c = chain.at(i);
        if (expired && c.notAfter.isValid() && c.notAfter < now)
            return i;
        if (!expired && c.notBefore.isValid() && c.notBefore > now)
            return i;
    }
    return -1;
}

Fix trustFix(const QString& what, const QString& sha256)
{
    QJsonObject params;
    if (!sha256.isEmpty())
        params[u"sha256"] = sha256;
    return advice(QStringLiteral("advice.tls_trust"),
                  QStringLiteral("If %1 is yours, add it to the profile's CA certificates (Connection tab; curl: "
                                 "--cacert)%2")
                      .arg(what,
                           sha256.isEmpty() ? QString()
                                            : QStringLiteral(" after comparing its SHA-256 fingerprint %1 with the "
                                                             "one on the server (openssl x509 -noout -fingerprint "
                                                             "-sha256 -in cert.pem)")
                                                  .arg(sha256)),
                  params);
}

TlsProblem expiredProblem(const HopFacts& hop, const QString& text, bool expired)
{
    const QList<Http::CertificateSummary>& chain = hop.hop->tls.peerChain;
    const QDateTime now = QDateTime::fromSecsSinceEpoch(hop.localTime, Qt::UTC);
    int index = outOfDate(chain, now, expired);
    TlsProblem p;
    if (index < 0 && outOfDate(chain, now, !expired) >= 0) { // Chromium's CERT_DATE_INVALID covers both
        expired = !expired;
        index = outOfDate(chain, now, expired);
    }
    p.reason = expired ? QStringLiteral("expired") : QStringLiteral("not_yet_valid");
    p.source = QStringLiteral("RFC 5280 §4.1.2.5, §6.1.3");
    if (index >= 0) {
        const Http::CertificateSummary& c = chain.at(index);
        const QString who = index == 0 ? QStringLiteral("The server's certificate %1").arg(quoted(c.subject))
                                       : QStringLiteral("The CA certificate %1 in the server's chain (issuer of %2)")
                                             .arg(quoted(c.subject), quoted(chain.at(index - 1).subject));
        if (expired) {
            p.explanation = QStringLiteral("%1 expired on %2, %3 ago by this machine's clock. A certificate is "
                                           "valid only between its notBefore and notAfter dates (RFC 5280 "
                                           "§4.1.2.5); if %2 is still ahead, this machine's clock is wrong.")
                                .arg(who, iso(c.notAfter), durationText(now.secsTo(c.notAfter) * -1));
            p.fixes.append(advice(QStringLiteral("advice.tls_renew"),
                                  QStringLiteral("Renew the certificate %1 (it expired on %2) and install the new one "
                                                 "with its chain on the server")
                                      .arg(quoted(c.subject), iso(c.notAfter)),
                                  {{QStringLiteral("not_after"), iso(c.notAfter)}}));
        } else {
            p.explanation = QStringLiteral("%1 is valid only from %2, %3 from now by this machine's clock (RFC 5280 "
                                           "§4.1.2.5). Either the certificate was issued with a future date or this "
                                           "machine's clock is behind.")
                                .arg(who, iso(c.notBefore), durationText(now.secsTo(c.notBefore)));
            p.fixes.append(advice(QStringLiteral("advice.check_clock"),
                                  QStringLiteral("Check this machine's clock (NTP); if it is right, reissue the "
                                                 "certificate %1 with a notBefore in the past")
                                      .arg(quoted(c.subject)),
                                  {{QStringLiteral("not_before"), iso(c.notBefore)}}));
        }
        p.evidence.append(errorEvidence(hop, text));
        addCertificateEvidence(hop, index, expired ? QStringLiteral("expired") : QStringLiteral("not valid yet"),
                               p.evidence);
    } else {
        p.explanation = expired ? QStringLiteral("The server's certificate has expired (or this machine's clock "
                                                 "is off): %1.")
                                      .arg(text)
                                : QStringLiteral("The server's certificate is not valid yet (or this machine's "
                                                 "clock is behind): %1.")
                                      .arg(text);
        p.evidence.append(errorEvidence(hop, text));
        p.fixes.append(advice(QStringLiteral("advice.tls_renew"),
                              QStringLiteral("Renew the server's certificate and install it with its chain; check "
                                             "this machine's clock")));
    }
    return p;
}

TlsProblem hostnameProblem(const HopFacts& hop, const QString& text)
{
    const QList<Http::CertificateSummary>& chain = hop.hop->tls.peerChain;
    const QString host = hop.hop->request.url.host();
    TlsProblem p;
    p.reason = QStringLiteral("hostname");
    p.source = QStringLiteral("RFC 6125 §6.4; RFC 9110 §4.3.4");
    p.evidence.append(errorEvidence(hop, text));
    QStringList names;
    if (!chain.isEmpty()) {
        names = chain.constFirst().subjectAltNames;
        if (names.isEmpty() && !chain.constFirst().subject.isEmpty())
            names.append(chain.constFirst().subject);
        names.sort(); // the order of Qt's subjectAlternativeNames() is not the certificate's
        addCertificateEvidence(hop, 0, QStringLiteral("the names the certificate covers"), p.evidence);
    }
    Evidence asked = hopEvidence(hop, QStringLiteral("host"), host, QStringLiteral("the host name in the URL"));
    asked.kind = EvidenceKind::Tls;
    asked.side = Side::Request;
    p.evidence.append(asked);
    const QString covered = names.isEmpty() ? QStringLiteral("other names") : names.join(QStringLiteral(", "));
    p.explanation = QStringLiteral("The certificate covers %1, but the URL asks for %2. A client checks the URL's "
                                   "host against the certificate's subjectAltName entries (RFC 6125 §6.4: DNS names, "
                                   "and IP addresses for an IP literal; the subject CN counts only when there are "
                                   "none), so the server could be anyone holding a certificate for those names.")
                        .arg(covered, host);
    if (!names.isEmpty())
        p.fixes.append(advice(QStringLiteral("advice.tls_use_certificate_name"),
                              QStringLiteral("Send the request to a name the certificate covers: %1").arg(covered),
                              {{QStringLiteral("names"), QJsonArray::fromStringList(names)}}));
    p.fixes.append(advice(QStringLiteral("advice.tls_reissue"),
                          QStringLiteral("Or reissue the server's certificate with %1 in its subjectAltName").arg(host),
                          {{QStringLiteral("host"), host}}));
    return p;
}

TlsProblem selfSignedProblem(const HopFacts& hop, const QString& text)
{
    const QList<Http::CertificateSummary>& chain = hop.hop->tls.peerChain;
    TlsProblem p;
    p.reason = QStringLiteral("self_signed");
    p.source = QStringLiteral("RFC 5280 §6.1");
    p.evidence.append(errorEvidence(hop, text));
    if (chain.isEmpty()) {
        p.explanation = QStringLiteral("The server presents a self-signed certificate that nothing here trusts.");
        p.fixes.append(trustFix(QStringLiteral("the server's certificate"), {}));
        return p;
    }
    const Http::CertificateSummary& c = chain.constFirst();
    addCertificateEvidence(hop, 0, QStringLiteral("self-signed"), p.evidence);
    p.explanation = QStringLiteral("The server presents a self-signed certificate, %1 (SHA-256 fingerprint %2): it "
                                   "vouches for itself and no CA trusted here issued it, so no certification path "
                                   "ends at a trust anchor (RFC 5280 §6.1).")
                        .arg(quoted(c.subject), c.sha256);
    p.fixes.append(trustFix(QStringLiteral("this certificate"), c.sha256));
    p.fixes.append(advice(QStringLiteral("advice.tls_public_ca"),
                          QStringLiteral("Or give the server a certificate from a CA its clients trust")));
    return p;
}

TlsProblem chainProblem(const HopFacts& hop, const QString& text, const QString& reason)
{
    const QList<Http::CertificateSummary>& chain = hop.hop->tls.peerChain;
    TlsProblem p;
    p.source = QStringLiteral("RFC 5280 §6.1; RFC 8446 §4.4.2");
    p.evidence.append(errorEvidence(hop, text));
    const int top = int(chain.size()) - 1;
    if (top < 0 || (reason == u"issuer_not_found" && chain.at(top).selfSigned)) {
        p.reason = QStringLiteral("untrusted_issuer");
        p.explanation = QStringLiteral("The certificate's issuer is not trusted here: a private CA, a "
                                       "TLS-inspecting company proxy, or an incomplete chain sent by the server.");
        addCertificateEvidence(hop, top, QStringLiteral("top of the chain the server sent"), p.evidence);
        p.fixes.append(
            advice(QStringLiteral("advice.tls_trust"),
                   QStringLiteral("Add the CA certificate to the profile's CA certificates (curl: --cacert); "
                                  "behind a TLS-inspecting proxy, its CA")));
        return p;
    }
    const Http::CertificateSummary& c = chain.at(top);
    addCertificateEvidence(hop, top, QStringLiteral("the last certificate the server sent"), p.evidence);
    if (reason == u"untrusted_root") {
        p.reason = QStringLiteral("untrusted_root");
        p.explanation = QStringLiteral("The server's chain ends at the root CA %1 (SHA-256 fingerprint %2), which "
                                       "is not trusted here: a private CA, or the CA of a TLS-inspecting proxy "
                                       "(RFC 5280 §6.1: a path must end at a trust anchor).")
                            .arg(quoted(c.subject), c.sha256);
        p.fixes.append(trustFix(QStringLiteral("the root CA ") + quoted(c.subject), c.sha256));
        return p;
    }
    // The last certificate the server sent is not self-signed and its issuer is neither sent nor trusted.
    p.reason = QStringLiteral("incomplete_chain");
    p.explanation = QStringLiteral("The server sent %1, ending with %2 issued by %3, but not the certificate of %3, "
                                   "and no CA trusted here is %3: no path leads from the server's certificate to a "
                                   "trusted root (RFC 5280 §6.1). A server must send its certificate followed by "
                                   "every intermediate CA (RFC 8446 §4.4.2, RFC 5246 §7.4.2). Browsers often hide a "
                                   "missing intermediate by fetching or caching it; curl, Qt and most API clients "
                                   "do not.")
                        .arg(chain.size() == 1 ? QStringLiteral("only its own certificate")
                                               : QStringLiteral("%1 certificates").arg(chain.size()),
                             quoted(c.subject), quoted(c.issuer));
    p.fixes.append(advice(QStringLiteral("advice.tls_full_chain"),
                          QStringLiteral("Have the server send the full chain: its certificate, then %1 (nginx: "
                                         "ssl_certificate with the fullchain file; Apache: SSLCertificateFile with "
                                         "the chain appended)")
                              .arg(quoted(c.issuer)),
                          {{QStringLiteral("missing_issuer"), c.issuer}}));
    p.fixes.append(trustFix(quoted(c.issuer) + QStringLiteral(" (a private CA)"), {}));
    return p;
}

TlsProblem protocolProblem(const HopFacts& hop, const QString& text)
{
    const QStringList offered = hop.hop->tls.offeredProtocols;
    TlsProblem p;
    p.reason = QStringLiteral("protocol");
    p.source = QStringLiteral("RFC 8446 §6.2; RFC 8996");
    p.evidence.append(errorEvidence(hop, text));
    if (!offered.isEmpty()) {
        Evidence e = hopEvidence(hop, QStringLiteral("offered_protocols"), offered.join(QStringLiteral(", ")),
                                 QStringLiteral("the TLS versions this client offered"));
        e.kind = EvidenceKind::Tls;
        e.side = Side::Request;
        p.evidence.append(e);
    }
    p.explanation
        = QStringLiteral("Client and server share no TLS version: this client offered %1, and the "
                         "server ended the handshake (alert protocol_version, RFC 8446 §6.2 and RFC 5246 "
                         "§7.2), as a server that speaks only TLS 1.0 or 1.1 does. Those versions are "
                         "deprecated (RFC 8996) and OpenSSL 3 refuses them at its default security "
                         "level.")
              .arg(offered.isEmpty() ? QStringLiteral("TLS 1.2 and later") : offered.join(QStringLiteral(" and ")));
    p.fixes.append(advice(QStringLiteral("advice.tls_upgrade"),
                          QStringLiteral("Upgrade the server to TLS 1.2 or later (enable TLSv1.2 and TLSv1.3 in its "
                                         "TLS settings)")));
    return p;
}

} // namespace

QList<TlsProblem> tlsProblems(const HopFacts& hop, const QString& handshakeMessage)
{
    QList<TlsProblem> out;
    QStringList seen;
    QStringList texts = hop.hop->tls.errors;
    if (texts.isEmpty() && !handshakeMessage.isEmpty())
        texts.append(handshakeMessage);
    for (const QString& text : texts) {
        QString reason = classify(text);
        // "unable to verify the first certificate" comes with "unable to get the local issuer": one problem.
        if (reason == u"issuer_not_found" || reason == u"untrusted_issuer")
            reason = seen.contains(QStringLiteral("issuer_not_found")) ? QString() : QStringLiteral("issuer_not_found");
        if (reason.isEmpty() || seen.contains(reason))
            continue;
        seen.append(reason);
        if (reason == u"expired" || reason == u"not_yet_valid")
            out.append(expiredProblem(hop, text, reason == u"expired"));
        else if (reason == u"hostname")
            out.append(hostnameProblem(hop, text));
        else if (reason == u"self_signed")
            out.append(selfSignedProblem(hop, text));
        else if (reason == u"issuer_not_found" || reason == u"untrusted_root")
            out.append(chainProblem(hop, text, reason));
        else if (reason == u"protocol")
            out.append(protocolProblem(hop, text));
        else {
            TlsProblem p;
            p.reason = QStringLiteral("handshake");
            p.explanation = QStringLiteral("The TLS handshake failed: %1.").arg(text);
            p.evidence.append(errorEvidence(hop, text));
            p.fixes.append(advice(QStringLiteral("advice.tls_trust"),
                                  QStringLiteral("Fix the server's certificate; for a test server you control, the "
                                                 "profile's \"ignore TLS errors\" switch goes on (errors stay "
                                                 "reported)")));
            out.append(p);
        }
    }
    return out;
}

} // namespace Authlens::Diagnosis::Rules
