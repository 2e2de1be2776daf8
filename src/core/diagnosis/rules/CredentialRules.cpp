// What the request carried against what the server asked for (RFC 9110 §11): no credentials, the wrong
// scheme, a broken Authorization header, refused Basic or Digest, a refused API key, a 401 without a
// challenge, only schemes this client cannot perform, a proxy's 407.
#include "diagnosis/Rules.h"

#include "auth/SchemeKnowledge.h"

namespace Authlens::Diagnosis::Rules {

namespace {

const QJsonObject schemeParam(const QByteArray& scheme)
{
    return QJsonObject {{QLatin1String("scheme"), QString::fromLatin1(scheme)}};
}

/// Schemes a profile can hold: the performable ones, plus the API-key convention some gateways announce
/// with an "ApiKey" challenge.
bool holdable(const Auth::Challenge& c)
{
    return Auth::canPerform(c.scheme) || c.isScheme("ApiKey") || c.isScheme("DPoP");
}

QStringList schemeNames(const QList<Auth::Challenge>& challenges)
{
    QStringList names;
    for (const Auth::Challenge& c : challenges) {
        if (!names.contains(latin(c.scheme), Qt::CaseInsensitive))
            names.append(latin(c.scheme));
    }
    return names;
}

QString orList(const QStringList& items)
{
    if (items.size() <= 1)
        return items.value(0);
    return QStringList(items.mid(0, items.size() - 1)).join(QStringLiteral(", ")) + QStringLiteral(" or ")
        + items.last();
}

/// An action when the client can do it from here, else the same words as advice.
Fix fixFor(const Facts& facts, const QString& id, const QString& label, const QByteArray& scheme)
{
    const bool can = facts.options.canResend
        && (facts.options.availableSchemes.isEmpty()
            || facts.options.availableSchemes.contains(latin(scheme), Qt::CaseInsensitive));
    return can ? action(id, label, schemeParam(scheme))
               : advice(QStringLiteral("advice.") + id.section(u'.', 1), label, schemeParam(scheme));
}

Severity fromAuth(Auth::Severity s, bool refused)
{
    switch (s) {
    case Auth::Severity::Error:
        return refused ? Severity::Cause : Severity::Hint;
    case Auth::Severity::Warning:
        return refused ? Severity::Likely : Severity::Hint;
    case Auth::Severity::Info:
        return Severity::Info;
    }
    return Severity::Hint;
}

QLatin1String knownCode(const QString& code)
{
    for (const CodeInfo& info : catalog()) {
        if (code == info.code)
            return info.code;
    }
    return {};
}

Evidence authorizationEvidence(const HopFacts& hop, const SentAuthorization& sent, int offset = -1)
{
    Evidence e;
    e.kind = EvidenceKind::Header;
    e.hop = hop.index;
    e.side = Side::Request;
    e.name = latin(sent.headerName);
    e.excerpt = maskSecret(sent.value);
    if (sent.basic)
        e.excerpt += QStringLiteral(", user “%1”").arg(sent.basic->user.left(80));
    e.start = offset >= 0 ? offset : 0;
    e.length = offset >= 0 ? 1 : sent.value.size();
    return e;
}

/// The checks of checkCredentials(): malformed headers, Basic encodings, Digest mismatches.
void credentialChecks(const Facts& facts, const HopFacts& hop, const SentAuthorization& sent, bool refused,
                      Findings& out)
{
    Q_UNUSED(facts);
    for (const Auth::CredentialFinding& c : sent.checks) {
        const QLatin1String code = knownCode(c.code);
        // On a 401 the scheme comparison is wwwRules' own, with the challenges as evidence.
        if (code.isEmpty() || (code == Code::SchemeMismatch && hop.status == 401))
            continue;
        Finding f = makeFinding(code, hop.index);
        f.reason = c.reason;
        f.severity = fromAuth(c.severity, refused);
        f.explanation = c.message;
        f.evidence.append(authorizationEvidence(hop, sent, c.offset));
        if (code == Code::HeaderMalformed)
            f.fixes.append(advice(QStringLiteral("advice.reenter_credentials"),
                                  QStringLiteral("Re-enter the credentials in the Auth tab instead of typing the "
                                                 "header: Authlens writes \"%1 <credentials>\" exactly")
                                      .arg(sent.scheme.isEmpty() ? QStringLiteral("Scheme") : latin(sent.scheme))));
        else if (code == Code::BasicEncoding)
            f.fixes.append(advice(QStringLiteral("advice.ascii_credentials"),
                                  QStringLiteral("Use an ASCII password, or ask the server to announce "
                                                 "charset=\"UTF-8\" (RFC 7617 §2.1)")));
        else if (code == Code::DigestRejected)
            f.fixes.append(advice(QStringLiteral("advice.digest_settings"),
                                  QStringLiteral("Answer the challenge of this response: realm, nonce and algorithm "
                                                 "must be the ones it names")));
        out.append(f);
    }
}

void wwwRules(const Facts& facts, const HopFacts& hop, Findings& out)
{
    const QList<Auth::Challenge>& challenges = hop.www.parsed.challenges;
    const bool sentAuthorization = hop.authorization.has_value();
    const bool carriesAny = hop.carriesCredentials();
    const QStringList offered = schemeNames(challenges);

    if (hop.www.isEmpty()) {
        const QList<const Carried*> keyHeaders = hop.carriedIn(Http::CredentialPlace::Header);
        const QList<const Carried*> keyQuery = hop.carriedIn(Http::CredentialPlace::Query);
        const bool apiKeyOnly = !sentAuthorization && (!keyHeaders.isEmpty() || !keyQuery.isEmpty());
        Finding f = makeFinding(Code::ServerNoChallenge, hop.index);
        // Many APIs that take a key in their own header answer 401 without a challenge: the refused key is
        // then the cause, the missing challenge only a remark. Likewise when Authorization went out.
        if (apiKeyOnly || sentAuthorization)
            f.severity = Severity::Hint;
        f.explanation
            = QStringLiteral("The server answered 401 without a WWW-Authenticate header. HTTP requires every 401 to "
                             "name at least one scheme (RFC 9110 §11.6.1), so nothing says which credentials it "
                             "wants: the server is misconfigured, or a proxy or gateway removed the header.");
        Evidence e = headerEvidence(hop, Side::Response, "WWW-Authenticate", QStringLiteral("absent"));
        f.evidence.append(e);
        f.fixes.append(advice(QStringLiteral("advice.read_api_docs"),
                              QStringLiteral("Look up the expected credentials in the API documentation (Bearer "
                                             "token, API key header, Basic, or a cookie session)")));
        f.fixes.append(
            advice(QStringLiteral("advice.report_server"),
                   QStringLiteral("Ask the API owners to send a WWW-Authenticate challenge with every 401")));
        out.append(f);
        if (sentAuthorization && !hop.authorization->redacted) {
            // The server refused what was sent and said nothing about why; a token rule may know more.
            Finding r = makeFinding(Code::CredentialsRejected, hop.index);
            r.severity = Severity::Likely;
            r.reason = QStringLiteral("no_challenge");
            r.explanation = QStringLiteral("The request sent %1 credentials and the server refused them with a 401 "
                                           "that names no scheme and gives no reason: they are wrong, expired, "
                                           "revoked, or not meant for this API.")
                                .arg(hop.authorization->scheme.isEmpty() ? QStringLiteral("its")
                                                                         : latin(hop.authorization->scheme));
            r.evidence.append(authorizationEvidence(hop, *hop.authorization));
            if (!hop.body.trimmed().isEmpty())
                r.evidence.append(bodyEvidence(hop, {}, QStringLiteral("what the server says")));
            r.fixes.append(advice(QStringLiteral("advice.check_credentials"),
                                  QStringLiteral("Check that the credentials are current and meant for this API")));
            out.append(r);
        }
        if (!carriesAny) {
            Finding m = makeFinding(Code::CredentialsMissing, hop.index);
            m.severity = Severity::Likely;
            m.reason = QStringLiteral("no_challenge");
            m.explanation = QStringLiteral("The request carried no credentials at all (no Authorization, no API-key "
                                           "header or parameter, no cookie), and the server refused it as "
                                           "unauthenticated.");
            m.evidence.append(headerEvidence(hop, Side::Request, "Authorization", QStringLiteral("not sent")));
            m.fixes.append(advice(QStringLiteral("advice.add_credentials"),
                                  QStringLiteral("Add the credentials the API documents, or pick a profile that has "
                                                 "them")));
            out.append(m);
        } else if (!sentAuthorization) {
            // An API key (or another custom credential) went out and was refused, the server says nothing more.
            const QList<const Carried*> headers = hop.carriedIn(Http::CredentialPlace::Header);
            const QList<const Carried*> query = hop.carriedIn(Http::CredentialPlace::Query);
            const Carried* key = !headers.isEmpty() ? headers.first() : (!query.isEmpty() ? query.first() : nullptr);
            if (key) {
                Finding k = makeFinding(Code::ApiKeyRejected, hop.index);
                k.reason = QStringLiteral("refused");
                k.explanation = QStringLiteral("The request carried %1 and nothing else, and the server refused it "
                                               "(401) without naming a scheme: the key is wrong, revoked, for another "
                                               "environment, or expected under another name.")
                                    .arg(key->placed.label);
                k.evidence.append(key->placed.place == Http::CredentialPlace::Header
                                      ? headerEvidence(hop, Side::Request, key->placed.name)
                                      : hopEvidence(hop, latin(key->placed.name), maskSecret(key->value),
                                                    QStringLiteral("query parameter")));
                k.fixes.append(advice(QStringLiteral("advice.check_api_key"),
                                      QStringLiteral("Check the key and the header or parameter name the API "
                                                     "documents")));
                out.append(k);
            }
        }
        return;
    }

    // Negotiate, NTLM, Mutual …: schemes that need the platform's machinery.
    const bool anyHoldable = std::any_of(challenges.cbegin(), challenges.cend(), holdable);
    if (!challenges.isEmpty() && !anyHoldable) {
        Finding f = makeFinding(Code::ServerUnsupportedScheme, hop.index);
        f.explanation = QStringLiteral("The server offers only %1. Authlens cannot perform %2: %3")
                            .arg(orList(offered), offered.size() == 1 ? QStringLiteral("it") : QStringLiteral("them"),
                                 Auth::schemeInfo(challenges.first().scheme).clientAdvice);
        for (const Auth::Challenge& c : challenges)
            f.evidence.append(challengeEvidence(hop, hop.www, c));
        f.fixes.append(advice(QStringLiteral("advice.other_client"),
                              QStringLiteral("Use a client with %1 support (curl --negotiate with a Kerberos ticket), "
                                             "or ask for another credential the API accepts")
                                  .arg(orList(offered))));
        out.append(f);
        return;
    }

    if (!sentAuthorization) {
        // An API key the challenge names counts as a credential the server asked for.
        const Auth::Challenge* apiKey = hop.www.scheme("ApiKey");
        const QList<const Carried*> headers = hop.carriedIn(Http::CredentialPlace::Header);
        const QList<const Carried*> query = hop.carriedIn(Http::CredentialPlace::Query);
        const Carried* key = !headers.isEmpty() ? headers.first() : (!query.isEmpty() ? query.first() : nullptr);
        if (apiKey && key) {
            Finding k = makeFinding(Code::ApiKeyRejected, hop.index);
            k.reason = QStringLiteral("refused");
            const QByteArray wanted = apiKey->value("header");
            const bool wrongPlace = !wanted.isEmpty() && key->placed.name.compare(wanted, Qt::CaseInsensitive) != 0;
            if (wrongPlace)
                k.reason = QStringLiteral("wrong_place");
            k.explanation = wrongPlace
                ? QStringLiteral("The request carried %1, but the server's challenge asks for the key in the %2 "
                                 "header.")
                      .arg(key->placed.label, latin(wanted))
                : QStringLiteral("The request carried %1 and the server refused it: the key is wrong, revoked or for "
                                 "another environment.")
                      .arg(key->placed.label);
            k.evidence.append(key->placed.place == Http::CredentialPlace::Header
                                  ? headerEvidence(hop, Side::Request, key->placed.name)
                                  : hopEvidence(hop, latin(key->placed.name), maskSecret(key->value),
                                                QStringLiteral("query parameter")));
            k.evidence.append(challengeEvidence(hop, hop.www, *apiKey));
            k.fixes.append(advice(QStringLiteral("advice.check_api_key"),
                                  QStringLiteral("Check the key, and send it where the challenge says")));
            out.append(k);
            return;
        }
        // Cookies of a session are not what a 401 challenge asks for; other carried headers might be.
        if (key && !apiKey) {
            Finding k = makeFinding(Code::ApiKeyRejected, hop.index);
            k.severity = Severity::Likely;
            k.reason = QStringLiteral("not_asked");
            k.explanation = QStringLiteral("The request carried %1, but the server asks for %2 credentials in the "
                                           "Authorization header instead.")
                                .arg(key->placed.label, orList(offered));
            k.evidence.append(key->placed.place == Http::CredentialPlace::Header
                                  ? headerEvidence(hop, Side::Request, key->placed.name)
                                  : hopEvidence(hop, latin(key->placed.name), maskSecret(key->value)));
            for (const Auth::Challenge& c : challenges)
                k.evidence.append(challengeEvidence(hop, hop.www, c));
            out.append(k);
        }
        Finding f = makeFinding(Code::CredentialsMissing, hop.index);
        f.explanation = QStringLiteral("The request carried no Authorization header, so the server asks who you are. "
                                       "It offers %1.")
                            .arg(orList(offered));
        if (!hop.withheld.isEmpty())
            f.explanation += QStringLiteral(" Authlens withheld %1 on this hop (see the redirect finding).")
                                 .arg(latin(hop.withheld.first().name));
        if (hop.recordedElsewhere)
            f.explanation += QStringLiteral(" (As recorded: a HAR saved with Chrome's \"Export HAR (sanitized)\" "
                                            "leaves Authorization and cookies out, so check how it was exported.)");
        f.evidence.append(headerEvidence(hop, Side::Request, "Authorization", QStringLiteral("not sent")));
        for (const Auth::Challenge& c : challenges)
            f.evidence.append(challengeEvidence(hop, hop.www, c, QStringLiteral("what the server asks for")));
        for (const Auth::Challenge& c : challenges) {
            if (c.hasParam("resource_metadata"))
                f.evidence.append(paramEvidence(hop, hop.www, c, "resource_metadata",
                                                QStringLiteral("where this API says its tokens come from (RFC 9728)")));
        }
        // A profile that can get a Bearer token by itself (OAuth 2) gets one: that is the fix to offer first;
        // one that cannot yet may be set up from the API's resource metadata (RFC 9728).
        if (hop.www.scheme("Bearer") && !addTokenServiceFixes(f, facts))
            addOAuthSetupFix(f, facts, hop);
        for (const Auth::Challenge& c : challenges) {
            if (!holdable(c) || c.isScheme("ApiKey"))
                continue;
            f.fixes.append(fixFor(facts, QStringLiteral("auth.add_credential"),
                                  QStringLiteral("Add %1 credentials").arg(latin(c.scheme)), c.scheme));
        }
        out.append(f);
        return;
    }

    const SentAuthorization& sent = *hop.authorization;
    credentialChecks(facts, hop, sent, true, out);
    const bool malformed = std::any_of(sent.checks.cbegin(), sent.checks.cend(), [](const Auth::CredentialFinding& c) {
        return c.code == Code::HeaderMalformed && c.severity == Auth::Severity::Error;
    });
    const Auth::Challenge* same = sent.scheme.isEmpty() ? nullptr : hop.www.scheme(sent.scheme);

    if (!same && !sent.scheme.isEmpty()) {
        Finding f = makeFinding(Code::SchemeMismatch, hop.index);
        f.explanation = QStringLiteral("The request sent %1 credentials, but the server offers only %2. Credentials "
                                       "in a scheme the server did not offer are ignored.")
                            .arg(latin(sent.scheme), orList(offered));
        f.evidence.append(authorizationEvidence(hop, sent));
        for (const Auth::Challenge& c : challenges)
            f.evidence.append(challengeEvidence(hop, hop.www, c, QStringLiteral("offered")));
        for (const Auth::Challenge& c : challenges) {
            if (holdable(c) && !c.isScheme("ApiKey"))
                f.fixes.append(fixFor(facts, QStringLiteral("auth.use_scheme"),
                                      QStringLiteral("Switch to %1").arg(latin(c.scheme)), c.scheme));
        }
        out.append(f);
        return;
    }
    if (!same || malformed)
        return;

    if (same->isScheme("Digest")) {
        if (same->value("stale").compare("true", Qt::CaseInsensitive) == 0)
            return; // digest.stale, below
        const bool mismatch
            = std::any_of(sent.checks.cbegin(), sent.checks.cend(),
                          [](const Auth::CredentialFinding& c) { return c.code == Code::DigestRejected; });
        if (mismatch)
            return;
        Finding f = makeFinding(Code::DigestRejected, hop.index);
        f.reason = QStringLiteral("refused");
        f.explanation = QStringLiteral("The Digest response matched the challenge (realm, nonce, algorithm, qop) and "
                                       "the server challenged again without stale=true: it computed a different "
                                       "response, so the password (or the user name) is wrong.");
        f.evidence.append(authorizationEvidence(hop, sent));
        f.evidence.append(challengeEvidence(hop, hop.www, *same, QStringLiteral("challenged again")));
        f.fixes.append(advice(QStringLiteral("advice.check_password"), QStringLiteral("Check user name and password")));
        out.append(f);
    } else if (same->isScheme("Basic") && !tokenRequest(*hop.hop)) {
        // At a token endpoint, Basic carries the client's id and secret: oauth.invalid_client says it.
        Finding f = makeFinding(Code::BasicRejected, hop.index);
        f.explanation = sent.basic
            ? QStringLiteral("Well-formed Basic credentials for user “%1” were refused: the password is wrong, the "
                             "user name is (user names are often case-sensitive), or the account is locked or "
                             "disabled.")
                  .arg(sent.basic->user.left(80))
            : QStringLiteral("Basic credentials were refused.");
        f.evidence.append(authorizationEvidence(hop, sent));
        f.evidence.append(challengeEvidence(hop, hop.www, *same, QStringLiteral("asked again")));
        f.fixes.append(advice(QStringLiteral("advice.check_password"),
                              sent.basic ? QStringLiteral("Check the password of “%1”").arg(sent.basic->user.left(80))
                                         : QStringLiteral("Check user name and password")));
        out.append(f);
    }
}

/// The parser's diagnostics of the server's challenges (RFC 9110 §11): invalid but recoverable forms,
/// read the way browsers read them. Not why the request failed, but why another client may fail where
/// this one did not (or the reverse): one hint per header, every problem as evidence.
void malformedChallenges(const HopFacts& hop, const ParsedChallenges& challenges, Findings& out)
{
    QList<const Auth::Diagnostic*> problems;
    for (const Auth::Diagnostic& d : challenges.parsed.diagnostics) {
        if (d.severity != Auth::Severity::Info)
            problems.append(&d);
    }
    if (problems.isEmpty())
        return;
    Finding f = makeFinding(Code::ChallengeMalformed, hop.index);
    f.reason = problems.first()->code;
    QStringList messages;
    for (const Auth::Diagnostic* d : std::as_const(problems)) {
        messages.append(d->message);
        Evidence e;
        e.kind = EvidenceKind::Header;
        e.hop = hop.index;
        e.side = Side::Response;
        e.name = latin(challenges.headerName);
        e.field = d->fieldIndex;
        e.start = d->offset;
        e.length = 1;
        const QByteArray& value = challenges.fieldValues.value(d->fieldIndex);
        e.excerpt = headerText(value.mid(std::max(0, d->offset - 30), 60));
        e.note = QStringLiteral("%1 at byte %2: %3").arg(QString(d->code)).arg(d->offset).arg(d->message);
        f.evidence.append(e);
    }
    messages.removeDuplicates();
    f.explanation = QStringLiteral("The server's %1 is not valid HTTP (RFC 9110 §11.6.1): %2 Authlens read it the way "
                                   "browsers do; a stricter client may find no challenge at all, or another scheme.")
                        .arg(latin(challenges.headerName), messages.join(u' '));
    f.fixes.append(advice(QStringLiteral("advice.fix_challenge"),
                          QStringLiteral("Ask the server's owners to send a valid %1 (the Auth tab marks each problem)")
                              .arg(latin(challenges.headerName))));
    out.append(f);
}

/// stale=true on any hop: on the final one the client did not retry; on earlier ones it did.
void staleRules(const Facts& facts, Findings& out)
{
    for (const HopFacts& hop : facts.hops) {
        const Auth::Challenge* digest = hop.answered && hop.status == 401 ? hop.www.scheme("Digest") : nullptr;
        if (!digest || digest->value("stale").compare("true", Qt::CaseInsensitive) != 0)
            continue;
        const bool final = hop.index == facts.finalIndex;
        Finding f = makeFinding(Code::DigestStale, hop.index);
        if (!final) {
            f.severity = Severity::Info;
            f.explanation = QStringLiteral("The server answered the Digest response with stale=true: the password was "
                                           "right, only the nonce had expired. Authlens answered again with the "
                                           "new nonce (hop %1).")
                                .arg(hop.index + 2);
        } else {
            f.explanation = QStringLiteral("The server says stale=true: the password was right, only the nonce had "
                                           "expired. Sending again with the new nonce from this challenge "
                                           "succeeds.");
            f.fixes.append(facts.options.canResend
                               ? action(QStringLiteral("digest.resend"), QStringLiteral("Resend with the new nonce"))
                               : advice(QStringLiteral("advice.resend"), QStringLiteral("Send the request again")));
        }
        f.evidence.append(paramEvidence(hop, hop.www, *digest, "stale"));
        f.evidence.append(paramEvidence(hop, hop.www, *digest, "nonce", QStringLiteral("the new nonce")));
        out.append(f);
    }
}

void proxyRules(const Facts& facts, const HopFacts& hop, Findings& out)
{
    Finding f = makeFinding(Code::ProxyAuthRequired, hop.index);
    const QStringList schemes = schemeNames(hop.proxy.parsed.challenges);
    const bool sent = hop.proxyAuthorization.has_value();
    f.reason = sent ? QStringLiteral("refused") : QStringLiteral("missing");
    f.explanation = QStringLiteral("A proxy between you and the server wants %1 credentials before it forwards the "
                                   "request; the API never saw it. %2")
                        .arg(schemes.isEmpty() ? QStringLiteral("its own") : orList(schemes),
                             sent ? QStringLiteral("It refused the Proxy-Authorization that was sent.")
                                  : QStringLiteral("No proxy credentials were sent (your Authorization header is for "
                                                   "the server; proxies ignore it)."));
    for (const Auth::Challenge& c : hop.proxy.parsed.challenges)
        f.evidence.append(challengeEvidence(hop, hop.proxy, c));
    if (sent)
        f.evidence.append(authorizationEvidence(hop, *hop.proxyAuthorization));
    else
        f.evidence.append(headerEvidence(hop, Side::Request, "Proxy-Authorization", QStringLiteral("not sent")));
    Q_UNUSED(facts);
    f.fixes.append(advice(QStringLiteral("advice.proxy_credentials"),
                          QStringLiteral("Set the proxy's user and password in the profile's Connection tab (or "
                                         "--proxy-user)")));
    if (schemes.contains(QStringLiteral("Negotiate"), Qt::CaseInsensitive)
        || schemes.contains(QStringLiteral("NTLM"), Qt::CaseInsensitive))
        f.fixes.append(advice(QStringLiteral("advice.proxy_negotiate"),
                              QStringLiteral("This proxy wants your OS login (Negotiate/NTLM): Qt answers it only "
                                             "with a user and password set")));
    out.append(f);
}

} // namespace

void credentialRules(const Facts& facts, Findings& out)
{
    staleRules(facts, out);
    const HopFacts* hop = facts.finalHop();
    if (!hop)
        return;
    malformedChallenges(*hop, hop->www, out);
    malformedChallenges(*hop, hop->proxy, out);
    if (hop->status == 407) {
        proxyRules(facts, *hop, out);
        return;
    }
    if (hop->status == 401) {
        wwwRules(facts, *hop, out);
        return;
    }
    // Accepted or refused for other reasons: a broken Authorization is still worth a hint (a server that
    // accepts "Bearer  token" today may not tomorrow), and on a 403/400 it may be the cause.
    if (hop->authorization)
        credentialChecks(facts, *hop, *hop->authorization, hop->status == 400, out);
}

} // namespace Authlens::Diagnosis::Rules
