// What a resource server said in its Bearer or DPoP challenge (RFC 6750 §3, RFC 9449 §7.1/§9): a
// missing scope, a malformed request, a token that did not arrive, and DPoP: nonce required, proof
// missing, a proof for another request, too old, or made with another key than the token is bound to.
#include "diagnosis/Rules.h"

#include "jwt/DpopProof.h"
#include "jwt/PrivateKey.h"
#include "jwt/TimeText.h"

#include <QJsonArray>
#include <QSet>
#include <QUrlQuery>

namespace Authlens::Diagnosis::Rules {

namespace {

const Auth::Challenge* bearerChallenge(const HopFacts& hop)
{
    const Auth::Challenge* c = hop.www.scheme("Bearer");
    return c ? c : hop.www.scheme("DPoP");
}

/// The scopes a token grants: "scope" (RFC 8693 §4.2, RFC 9068 §2.2.3, space-separated) or "scp" (Okta,
/// Microsoft Entra: a list or a space-separated string).
QStringList tokenScopes(const Jwt::TokenReport& report, QString* claim)
{
    for (const QString& name : {QStringLiteral("scope"), QStringLiteral("scp")}) {
        const QJsonValue v = report.claims.value(name);
        if (v.isUndefined())
            continue;
        *claim = name;
        if (v.isString())
            return v.toString().split(u' ', Qt::SkipEmptyParts);
        QStringList out;
        for (const QJsonValue& item : v.toArray())
            out.append(item.toString());
        return out;
    }
    return {};
}

void insufficientScope(const Facts& facts, const HopFacts& hop, const Auth::Challenge& c, Findings& out)
{
    Finding f = makeFinding(Code::ScopeInsufficient, hop.index);
    const QStringList required = QString::fromUtf8(c.value("scope")).split(u' ', Qt::SkipEmptyParts);
    f.evidence.append(paramEvidence(hop, hop.www, c, "error", QStringLiteral("the server's verdict")));
    if (c.hasParam("scope"))
        f.evidence.append(paramEvidence(hop, hop.www, c, "scope", QStringLiteral("what this resource needs")));
    const TokenFact* token = facts.authorizationToken(hop.index);
    QString claim;
    const QStringList granted = token ? tokenScopes(token->report, &claim) : QStringList();
    QStringList missing;
    for (const QString& s : required) {
        if (!granted.contains(s))
            missing.append(s);
    }
    if (token && !claim.isEmpty())
        f.evidence.append(claimEvidence(*token, claim, QStringLiteral("what the token grants")));
    if (!missing.isEmpty() && !claim.isEmpty()) {
        f.reason = QStringLiteral("missing_scope");
        f.explanation
            = QStringLiteral("The token was accepted, but it does not grant what this request needs: the "
                             "resource requires %1; the token's %2 claim grants %3, so %4 is missing "
                             "(error=\"insufficient_scope\", RFC 6750 §3.1).")
                  .arg(required.join(u' '), claim, granted.isEmpty() ? QStringLiteral("nothing") : granted.join(u' '),
                       missing.join(u' '));
    } else {
        f.explanation
            = QStringLiteral("The token was accepted, but it does not grant what this request needs "
                             "(error=\"insufficient_scope\", RFC 6750 §3.1)%1.")
                  .arg(required.isEmpty() ? QString()
                                          : QStringLiteral(": the resource requires %1").arg(required.join(u' ')));
    }
    f.source = QStringLiteral("RFC 6750 §3.1");
    f.fixes.append(advice(QStringLiteral("advice.request_scope"),
                          required.isEmpty()
                              ? QStringLiteral("Request a token with the scope this resource documents")
                              : QStringLiteral("Request a new token that includes the scope %1; if the "
                                               "authorization server refuses it, the client or user lacks the grant")
                                    .arg((missing.isEmpty() ? required : missing).join(u' ')),
                          QJsonObject {{QLatin1String("scope"), (missing.isEmpty() ? required : missing).join(u' ')}}));
    out.append(f);
}

void invalidRequest(const HopFacts& hop, const Auth::Challenge& c, Findings& out)
{
    Finding f = makeFinding(Code::RequestInvalid, hop.index);
    f.source = QStringLiteral("RFC 6750 §3.1");
    f.evidence.append(paramEvidence(hop, hop.www, c, "error", QStringLiteral("the server's verdict")));
    if (c.hasParam("error_description"))
        f.evidence.append(paramEvidence(hop, hop.www, c, "error_description"));
    // RFC 6750 §2: a client must not use more than one method to transmit the token.
    int ways = hop.authorization ? 1 : 0;
    const QUrlQuery query(hop.hop->request.url);
    if (query.hasQueryItem(QStringLiteral("access_token"))) {
        ++ways;
        f.evidence.append(hopEvidence(hop, QStringLiteral("access_token"), QStringLiteral("access_token=••••"),
                                      QStringLiteral("the token in the URL too")));
    }
    if (hop.hop->request.body.contains("access_token=")) {
        ++ways;
        f.evidence.append(hopEvidence(hop, QStringLiteral("access_token"), QStringLiteral("access_token=•••• (body)"),
                                      QStringLiteral("the token in the form body too")));
    }
    if (ways > 1) {
        f.severity = Severity::Cause;
        f.reason = QStringLiteral("token_twice");
        f.explanation = QStringLiteral("The request sent the access token in more than one way (%1 places); RFC 6750 "
                                       "§2 allows exactly one, and the server answered error=\"invalid_request\".")
                            .arg(ways);
    } else {
        f.explanation = QStringLiteral("The server says error=\"invalid_request\": a required parameter is missing or "
                                       "repeated, the request is malformed, or the token was sent in more than one "
                                       "way (RFC 6750 §3.1).");
    }
    f.fixes.append(advice(QStringLiteral("advice.token_once"),
                          QStringLiteral("Send the token once, in the Authorization header only")));
    out.append(f);
}

/// RFC 6750 §3.1: a challenge without an error code means the request lacked any authentication
/// information. If Authorization went out, something on the way removed it.
void tokenDidNotArrive(const HopFacts& hop, const Auth::Challenge& c, Findings& out)
{
    if (!hop.authorization
        || !(hop.authorization->scheme.compare("Bearer", Qt::CaseInsensitive) == 0
             || hop.authorization->scheme.compare("DPoP", Qt::CaseInsensitive) == 0))
        return;
    Finding f = makeFinding(Code::CredentialsMissing, hop.index);
    f.severity = Severity::Likely;
    f.reason = QStringLiteral("not_received");
    f.explanation = QStringLiteral("A %1 token went out, yet the server's challenge carries no error code, which RFC "
                                   "6750 §3.1 reserves for requests that lack any authentication information. A proxy, "
                                   "gateway or the web server in front of the application most likely removed the "
                                   "Authorization header (Apache with mod_wsgi or CGI, some CDNs and load balancers "
                                   "do unless configured).")
                        .arg(latin(hop.authorization->scheme));
    f.evidence.append(headerEvidence(hop, Side::Request, "Authorization", QStringLiteral("sent")));
    f.evidence.append(challengeEvidence(hop, hop.www, c, QStringLiteral("no error code: nothing arrived")));
    f.fixes.append(advice(QStringLiteral("advice.header_stripped"),
                          QStringLiteral("Check that the proxy or web server passes Authorization on (Apache: "
                                         "WSGIPassAuthorization On / CGIPassAuth On)")));
    f.source = QStringLiteral("RFC 6750 §3.1");
    out.append(f);
}

// ---- DPoP (RFC 9449) ----

/// htu compares without query and fragment (RFC 9449 §4.3 point 9, §4.2): Jwt::dpopHtu, the client's own.
QString normalisedHtu(const QUrl& url)
{
    return Jwt::dpopHtu(url);
}

/// A hop before `hop` whose answer asked for a DPoP nonce (use_dpop_nonce, RFC 9449 §8/§9), or nullptr.
const HopFacts* earlierNonceRequest(const Facts& facts, const HopFacts& hop)
{
    for (const HopFacts& h : facts.hops) {
        if (h.index >= hop.index)
            break;
        if (h.status != 400 && h.status != 401)
            continue;
        if (h.responseHeader("DPoP-Nonce").isEmpty())
            continue;
        const bool inBody = h.bodyJson && h.bodyJson->value(u"error").toString() == u"use_dpop_nonce";
        const Auth::Challenge* c = h.www.scheme("DPoP");
        if (inBody || (c && c->value("error") == "use_dpop_nonce"))
            return &h;
    }
    return nullptr;
}

/// invalid_dpop_proof whose description says the proof's time is the problem: the server's own words
/// for "proof too old" (iat outside its window, RFC 9449 §11.1).
bool describesOldProof(const QString& description)
{
    const QString d = description.toLower();
    return d.contains(u"too old") || d.contains(u"expired") || d.contains(u"stale") || d.contains(u"too far")
        || d.contains(u"in the future") || d.contains(u"outside") || d.contains(u"window");
}

void dpopRules(const Facts& facts, const HopFacts& hop, Findings& out)
{
    const TokenFact* access = facts.authorizationToken(hop.index);
    const TokenFact* proof = nullptr;
    for (const TokenFact* t : facts.requestTokens(hop.index)) {
        if (t->found.location == Jwt::TokenLocation::RequestDpopProof)
            proof = t;
    }
    const bool refused = hop.status == 401 || hop.status == 400;
    const QJsonObject cnf = access ? access->report.claims.value(u"cnf").toObject() : QJsonObject();
    const QString jkt = cnf.value(u"jkt").toString();
    const QByteArray scheme = hop.authorization ? hop.authorization->scheme : QByteArray();

    // RFC 9449 §7.1 / §9: use_dpop_nonce with the nonce in DPoP-Nonce.
    const Auth::Challenge* dpop = hop.www.scheme("DPoP");
    const Auth::Challenge* bearer = hop.www.scheme("Bearer");
    const Auth::Challenge* withError = dpop && dpop->hasParam("error") ? dpop : bearer;
    const QByteArray error = withError ? withError->value("error") : QByteArray();
    const bool nonceInBody = hop.bodyJson && hop.bodyJson->value(u"error").toString() == u"use_dpop_nonce";
    if (error == "use_dpop_nonce" || nonceInBody) {
        Finding f = makeFinding(Code::DpopNonceRequired, hop.index);
        f.source = nonceInBody ? QStringLiteral("RFC 9449 §8") : QStringLiteral("RFC 9449 §9");
        const HopFacts* asked = earlierNonceRequest(facts, hop);
        const QString sentNonce
            = proof && proof->report.claimsReadable ? proof->report.claims.value(u"nonce").toString() : QString();
        if (asked) {
            // The client answered an earlier use_dpop_nonce and the server still wants one: the resend did
            // not satisfy it (a nonce that rotated again, or one the proof did not carry).
            f.reason = QStringLiteral("retry_refused");
            f.explanation
                = QStringLiteral("The server asked for a DPoP nonce (hop %1), the request was sent again with a new "
                                 "proof%2, and the server still answers use_dpop_nonce: it does not accept the "
                                 "nonce it was given back. A server whose nonces change on every answer, or a "
                                 "proxy between the client and two servers, causes this.")
                      .arg(asked->index + 1)
                      .arg(sentNonce.isEmpty() ? QStringLiteral(" (without a nonce claim)")
                                               : QStringLiteral(" carrying the nonce “%1”").arg(sentNonce.left(60)));
            f.evidence.append(
                headerEvidence(*asked, Side::Response, "DPoP-Nonce", QStringLiteral("the nonce asked for first")));
            if (proof)
                f.evidence.append(
                    claimEvidence(*proof, QStringLiteral("nonce"), QStringLiteral("the nonce the resend carried")));
        } else {
            f.explanation
                = QStringLiteral("The server wants a DPoP proof that carries its nonce (error=\"use_dpop_nonce\"). "
                                 "The nonce is in the DPoP-Nonce header of this answer: make a new proof with "
                                 "it and send again. This is a normal step of DPoP, not a failure.");
        }
        if (withError && error == "use_dpop_nonce")
            f.evidence.append(paramEvidence(hop, hop.www, *withError, "error"));
        else
            f.evidence.append(bodyEvidence(hop, "use_dpop_nonce"));
        f.evidence.append(headerEvidence(hop, Side::Response, "DPoP-Nonce", QStringLiteral("the nonce to use")));
        f.fixes.append(
            advice(QStringLiteral("advice.dpop_nonce"),
                   QStringLiteral("Resend with a new DPoP proof whose \"nonce\" claim is the DPoP-Nonce value")));
        out.append(f);
    }
    const QString description = withError ? QString::fromUtf8(withError->value("error_description"))
        : hop.bodyJson                    ? hop.bodyJson->value(u"error_description").toString()
                                          : QString();
    const bool invalidProof = error == "invalid_dpop_proof"
        || (hop.bodyJson && hop.bodyJson->value(u"error").toString() == u"invalid_dpop_proof");
    if (invalidProof && describesOldProof(description)) {
        // The server's words: the proof's time is outside its window (RFC 9449 §11.1).
        Finding f = makeFinding(Code::DpopProofTooOld, hop.index);
        f.reason = QStringLiteral("server_says");
        f.source = QStringLiteral("RFC 9449 §11.1");
        f.explanation = QStringLiteral("The server refused the DPoP proof because of its time (“%1”): a proof is "
                                       "accepted only for a short while after its iat. Make a fresh proof for every "
                                       "request, and check the clock.")
                            .arg(description.left(200));
        if (withError && withError->hasParam("error_description"))
            f.evidence.append(paramEvidence(hop, hop.www, *withError, "error_description"));
        else
            f.evidence.append(bodyEvidence(hop, description.left(60).toUtf8(), QStringLiteral("error_description")));
        if (proof && proof->report.times.iat)
            f.evidence.append(claimEvidence(*proof, QStringLiteral("iat"), QStringLiteral("in the DPoP proof")));
        if (hop.serverTime)
            f.evidence.append(headerEvidence(hop, Side::Response, "Date", QStringLiteral("the server's clock")));
        f.fixes.append(advice(QStringLiteral("advice.dpop_proof"), QStringLiteral("Send again with a fresh proof")));
        out.append(f);
    }
    if (error == "invalid_dpop_proof") {
        Finding f = makeFinding(Code::DpopProofInvalid, hop.index);
        f.source = QStringLiteral("RFC 9449 §7.1");
        f.explanation
            = QStringLiteral("The server refused the DPoP proof (error=\"invalid_dpop_proof\"): its signature, "
                             "typ (dpop+jwt), jwk, htm, htu, iat, jti or nonce did not pass.");
        f.evidence.append(paramEvidence(hop, hop.www, *withError, "error"));
        if (withError->hasParam("error_description"))
            f.evidence.append(paramEvidence(hop, hop.www, *withError, "error_description"));
        out.append(f);
    }

    // A DPoP-bound token (cnf.jkt, RFC 9449 §6.1) sent as a Bearer token, or without a proof.
    if (!jkt.isEmpty() && (!proof || scheme.compare("DPoP", Qt::CaseInsensitive) != 0)) {
        Finding f = makeFinding(Code::DpopProofMissing, hop.index);
        f.severity = refused ? Severity::Cause : Severity::Hint;
        f.reason = proof ? QStringLiteral("sent_as_bearer") : QStringLiteral("no_proof");
        f.source = QStringLiteral("RFC 9449 §7");
        f.explanation = proof ? QStringLiteral("The access token is bound to a key (cnf.jkt) and must be sent with "
                                               "\"Authorization: DPoP\", not \"%1\".")
                                    .arg(latin(scheme))
                              : QStringLiteral("The access token is bound to a key (cnf.jkt, RFC 9449 §6.1), but the "
                                               "request carried no DPoP header with a proof of possession of that "
                                               "key.");
        f.evidence.append(claimEvidence(*access, QStringLiteral("cnf"), QStringLiteral("bound to key %1").arg(jkt)));
        f.evidence.append(
            headerEvidence(hop, Side::Request, "DPoP", proof ? QStringLiteral("sent") : QStringLiteral("not sent")));
        f.fixes.append(advice(QStringLiteral("advice.dpop_proof"),
                              QStringLiteral("Send \"Authorization: DPoP <token>\" with a DPoP proof made with the key "
                                             "the token is bound to")));
        out.append(f);
    }
    // A resource that asks for DPoP only (a DPoP challenge, no Bearer one) got no proof (RFC 9449 §7.1).
    if (hop.status == 401 && dpop && !bearer && !proof && jkt.isEmpty() && hop.authorization) {
        Finding f = makeFinding(Code::DpopProofMissing, hop.index);
        f.reason = QStringLiteral("dpop_challenge");
        f.source = QStringLiteral("RFC 9449 §7.1");
        f.explanation = QStringLiteral("The server accepts only DPoP (its challenge is \"DPoP\", it offers no Bearer), "
                                       "and the request carried no DPoP header: a DPoP-bound token and a proof made "
                                       "with its key must go together.");
        f.evidence.append(challengeEvidence(hop, hop.www, *dpop, QStringLiteral("DPoP only")));
        f.evidence.append(headerEvidence(hop, Side::Request, "Authorization", QStringLiteral("sent without a proof")));
        f.fixes.append(advice(QStringLiteral("advice.dpop_proof"),
                              QStringLiteral("Turn DPoP on in the profile and get a DPoP-bound token")));
        out.append(f);
    }
    if (!proof || !proof->report.claimsReadable)
        return;

    // The proof itself (RFC 9449 §4.3): htm/htu for this request, fresh iat, the key the token is bound to.
    const QJsonObject& claims = proof->report.claims;
    const QString htm = claims.value(u"htm").toString();
    const QString htu = claims.value(u"htu").toString();
    const QString method = latin(hop.hop->request.method);
    const QString url = normalisedHtu(hop.hop->request.url);
    if (!htm.isEmpty() && htm != method) {
        Finding f = makeFinding(Code::DpopHtmMismatch, hop.index);
        f.severity = refused ? Severity::Cause : Severity::Hint;
        f.reason = QStringLiteral("htm");
        f.source = QStringLiteral("RFC 9449 §4.3");
        f.explanation = QStringLiteral("The DPoP proof was made for the method %1 (htm), but this request is %2. A "
                                       "proof is valid for exactly one method and URL.")
                            .arg(htm, method);
        f.evidence.append(claimEvidence(*proof, QStringLiteral("htm"), QStringLiteral("in the DPoP proof")));
        f.evidence.append(hopEvidence(hop, QStringLiteral("request"), method + u' ' + url));
        f.fixes.append(
            advice(QStringLiteral("advice.dpop_proof"), QStringLiteral("Make a new proof for %1 %2").arg(method, url)));
        out.append(f);
    }
    if (!htu.isEmpty() && normalisedHtu(QUrl(htu)) != url) {
        Finding f = makeFinding(Code::DpopHtuMismatch, hop.index);
        f.severity = refused ? Severity::Cause : Severity::Hint;
        f.reason = QStringLiteral("htu");
        f.source = QStringLiteral("RFC 9449 §4.3");
        f.explanation = QStringLiteral("The DPoP proof was made for another request: htm %1 and htu %2, but this "
                                       "request is %3 %4. A proof is valid for exactly one method and URL (without "
                                       "query and fragment).")
                            .arg(htm, htu, method, url);
        f.evidence.append(claimEvidence(*proof, f.reason, QStringLiteral("in the DPoP proof")));
        f.evidence.append(hopEvidence(hop, QStringLiteral("request"), method + u' ' + url));
        f.fixes.append(
            advice(QStringLiteral("advice.dpop_proof"), QStringLiteral("Make a new proof for %1 %2").arg(method, url)));
        out.append(f);
    }
    if (proof->report.times.iat) {
        // RFC 9449 §11.1: servers accept proofs only within a short window; a few minutes is common.
        constexpr qint64 maxAge = 300;
        const qint64 age = hop.localTime - *proof->report.times.iat;
        const qint64 serverAge = hop.serverTime ? *hop.serverTime - *proof->report.times.iat : age;
        if (age > maxAge || serverAge > maxAge || age < -facts.options.leewaySeconds) {
            Finding f = makeFinding(Code::DpopProofTooOld, hop.index);
            f.severity = refused ? Severity::Cause : Severity::Hint;
            f.reason = age < 0 ? QStringLiteral("future") : QStringLiteral("old");
            f.source = QStringLiteral("RFC 9449 §11.1");
            f.explanation = age < 0
                ? QStringLiteral("The DPoP proof's iat lies %1 in the future: the clock that made it is ahead.")
                      .arg(durationText(-age))
                : QStringLiteral("The DPoP proof was made %1 before the request (iat); servers accept proofs only "
                                 "for a few minutes (and each jti only once). Make a fresh proof for every request.")
                      .arg(durationText(std::max(age, serverAge)));
            f.evidence.append(claimEvidence(*proof, QStringLiteral("iat"), QStringLiteral("in the DPoP proof")));
            out.append(f);
        }
    }
    const QByteArray proofJkt = Jwt::jwkThumbprint(proof->report.header.value(u"jwk").toObject());
    if (!jkt.isEmpty() && !proofJkt.isEmpty() && proofJkt != jkt.toLatin1()) {
        Finding f = makeFinding(Code::DpopJktMismatch, hop.index);
        f.severity = refused ? Severity::Cause : Severity::Hint;
        f.source = QStringLiteral("RFC 9449 §6.1");
        f.explanation = QStringLiteral("The access token is bound to the key with thumbprint %1 (cnf.jkt), but the "
                                       "DPoP proof was signed with the key %2. Use the key pair the token was issued "
                                       "for.")
                            .arg(jkt, QString::fromLatin1(proofJkt));
        f.evidence.append(claimEvidence(*access, QStringLiteral("cnf"), QStringLiteral("jkt %1").arg(jkt)));
        Evidence e = claimEvidence(*proof, QStringLiteral("jwk"), QStringLiteral("thumbprint %1").arg(latin(proofJkt)));
        e.excerpt = QStringLiteral("jwk (header of the proof)");
        f.evidence.append(e);
        out.append(f);
    }
}

} // namespace

void bearerErrorRules(const Facts& facts, Findings& out)
{
    const HopFacts* hop = facts.finalHop();
    if (!hop)
        return;
    dpopRules(facts, *hop, out);
    const Auth::Challenge* c = bearerChallenge(*hop);
    if (!c)
        return;
    const QByteArray error = c->value("error");
    if (error == "insufficient_scope")
        insufficientScope(facts, *hop, *c, out);
    else if (error == "invalid_request")
        invalidRequest(*hop, *c, out);
    else if (error.isEmpty() && hop->status == 401)
        tokenDidNotArrive(*hop, *c, out);
}

} // namespace Authlens::Diagnosis::Rules
