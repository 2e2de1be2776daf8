#include "workspace/AuthorizationCodeFlow.h"

#include "diagnosis/Catalog.h"
#include "jwt/Base64Url.h"
#include "jwt/CompactJws.h"
#include "jwt/NumericDate.h"
#include "jwt/SignatureVerifier.h"
#include "workspace/LoopbackReceiver.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace Authlens::Workspace {

namespace {

using Diagnosis::Evidence;
using Diagnosis::EvidenceKind;
using Diagnosis::Finding;

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), count) != 1)
        qFatal("OpenSSL RAND_bytes failed: no secure random source for the sign-in's state and PKCE verifier");
    return bytes;
}

QByteArray digest(const EVP_MD* md, QByteArrayView data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), size_t(data.size()), out, &size, md, nullptr) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char*>(out), int(size));
}

/// Printable, short: values a server put in its redirect go into explanations.
QString shown(const QString& value, int max = 200)
{
    QString out;
    for (const QChar c : value)
        out.append(c.isPrint() ? c : QChar(u'?'));
    return out.size() > max ? out.left(max - 1) + u'…' : out;
}

Evidence callbackParam(const QString& name, const QString& excerpt, const QString& note = {})
{
    Evidence e;
    e.kind = EvidenceKind::Param;
    e.hop = 0;
    e.side = Diagnosis::Side::Request;
    e.container = QStringLiteral("redirect query");
    e.name = name;
    e.excerpt = excerpt;
    e.note = note;
    return e;
}

Evidence claim(const QString& name, const QString& excerpt, const QString& note)
{
    Evidence e;
    e.kind = EvidenceKind::Claim;
    e.side = Diagnosis::Side::Response;
    e.container = QStringLiteral("id_token");
    e.name = name;
    e.excerpt = excerpt;
    e.note = note;
    return e;
}

Diagnosis::Fix advice(const QString& id, const QString& label)
{
    return Diagnosis::Fix {id, label, Diagnosis::FixKind::Advice, {}};
}

bool audienceHas(const QJsonValue& aud, const QString& clientId)
{
    if (aud.isString())
        return aud.toString() == clientId;
    const QJsonArray list = aud.toArray();
    return std::any_of(list.begin(), list.end(), [&clientId](const QJsonValue& v) { return v.toString() == clientId; });
}

} // namespace

namespace AuthorizationCode {

QString randomValue()
{
    return QString::fromLatin1(Jwt::base64UrlEncode(randomBytes(32)));
}

QString challengeFor(const QString& verifier)
{
    // RFC 7636 §4.2: code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier))).
    return QString::fromLatin1(Jwt::base64UrlEncode(digest(EVP_sha256(), verifier.toLatin1())));
}

Pkce makePkce()
{
    // RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]; 32 random octets base64url-encoded give 43.
    Pkce pkce;
    pkce.verifier = randomValue();
    pkce.challenge = challengeFor(pkce.verifier);
    return pkce;
}

QUrl authorizationUrl(const AuthorizationRequest& request)
{
    QUrl url = request.endpoint;
    // RFC 6749 §3.1: the endpoint's own query is kept; parameters are added in the form encoding.
    QUrlQuery query(url);
    const auto add = [&query](const QString& name, const QString& value) {
        query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    add(QStringLiteral("response_type"), QStringLiteral("code")); // §4.1.1
    add(QStringLiteral("client_id"), request.clientId);
    add(QStringLiteral("redirect_uri"), request.redirectUri.toString(QUrl::FullyEncoded));
    if (!request.scopes.isEmpty())
        add(QStringLiteral("scope"), request.scopes.join(u' ')); // §3.3
    add(QStringLiteral("state"), request.state); // §10.12
    if (!request.codeChallenge.isEmpty()) {
        add(QStringLiteral("code_challenge"), request.codeChallenge); // RFC 7636 §4.3
        add(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    }
    if (!request.nonce.isEmpty())
        add(QStringLiteral("nonce"), request.nonce); // OIDC Core §3.1.2.1
    if (!request.audience.isEmpty())
        add(QStringLiteral("audience"), request.audience);
    for (const QString& resource : request.resources)
        add(QStringLiteral("resource"), resource); // RFC 8707 §2
    url.setQuery(query.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return url;
}

std::optional<QUrl> loopbackRedirect(const QString& configured, Error* error)
{
    const QString text = configured.trimmed();
    if (text.isEmpty())
        return QUrl(QStringLiteral("http://127.0.0.1:0/callback"));
    const QUrl url(text, QUrl::StrictMode);
    const QString host = url.host();
    const auto fail = [error](const QString& message) {
        if (error)
            *error = {ErrorKind::BadInput, message};
        return std::nullopt;
    };
    if (!url.isValid() || url.scheme() != u"http")
        return fail(QStringLiteral("The redirect URI \"%1\" is not an http:// loopback URL: Authlens receives the "
                                   "sign-in on 127.0.0.1 (RFC 8252 §7.3)")
                        .arg(shown(text)));
    if (host == u"localhost")
        return fail(QStringLiteral("The redirect URI uses \"localhost\": use http://127.0.0.1:PORT/… instead, as RFC "
                                   "8252 §8.3 advises (localhost may resolve to another address)"));
    if (host != u"127.0.0.1" && host != u"::1")
        return fail(QStringLiteral("The redirect URI \"%1\" is not on 127.0.0.1 or [::1]: Authlens only listens on "
                                   "the loopback interface (RFC 8252 §7.3)")
                        .arg(shown(text)));
    if (url.hasFragment() || !url.userInfo().isEmpty())
        return fail(QStringLiteral("The redirect URI must not have a fragment or user info (RFC 6749 §3.1.2)"));
    QUrl result = url;
    if (result.port() < 0)
        result.setPort(0); // no port: any free one (RFC 8252 §7.3)
    if (result.path().isEmpty())
        result.setPath(QStringLiteral("/"));
    return result;
}

CallbackResult readCallback(const QUrlQuery& query, const QString& expectedState, const QString& expectedIssuer)
{
    CallbackResult r;
    const auto value = [&query](const QString& name) { return query.queryItemValue(name, QUrl::FullyDecoded); };
    const QString state = value(QStringLiteral("state"));
    const QString error = value(QStringLiteral("error"));
    const QString description = value(QStringLiteral("error_description"));
    const QString iss = value(QStringLiteral("iss"));

    // RFC 6749 §10.12: a redirect whose state is not this run's is not an answer to it, error or not.
    if (state != expectedState) {
        Finding f = Diagnosis::makeFinding(Diagnosis::Code::OAuthStateMismatch, 0);
        f.explanation = state.isEmpty()
            ? QStringLiteral("The redirect carries no state, but this sign-in sent one: it is not the answer to "
                             "Authlens's request (a forged redirect, or a server that drops state). Nothing from it "
                             "was used.")
            : QStringLiteral("The redirect's state is not the one this sign-in sent: it answers another (older) "
                             "sign-in, or someone tried to inject their own authorization code (CSRF, RFC 6749 "
                             "§10.12). Nothing from it was used.");
        f.evidence.append(callbackParam(QStringLiteral("state"), shown(state, 80),
                                        QStringLiteral("expected the state Authlens generated for this sign-in")));
        f.fixes.append(advice(QStringLiteral("advice.sign_in_again"), QStringLiteral("Start the sign-in again")));
        f.source = QStringLiteral("RFC 6749 §10.12");
        r.finding = f;
        r.error = {ErrorKind::Refused,
                   QStringLiteral("The sign-in redirect's state does not match this sign-in: refused (RFC 6749 "
                                  "§10.12)")};
        r.page = QStringLiteral("This redirect does not belong to the sign-in Authlens started (its state differs), "
                                "so it was ignored. Start the sign-in again from Authlens.");
        return r;
    }
    // RFC 9207 §2.4: when the server names itself, it must be the issuer the request went to (mix-up attack).
    if (!iss.isEmpty() && !expectedIssuer.isEmpty() && iss != expectedIssuer) {
        Finding f = Diagnosis::makeFinding(Diagnosis::Code::OAuthAuthorizationError, 0);
        f.reason = QStringLiteral("iss_mismatch");
        f.explanation = QStringLiteral("The redirect names the issuer \"%1\", but the sign-in went to \"%2\": an "
                                       "answer of another authorization server (a mix-up attack, RFC 9207 §2.4). "
                                       "Nothing from it was used.")
                            .arg(shown(iss), shown(expectedIssuer));
        f.evidence.append(callbackParam(QStringLiteral("iss"), shown(iss), QStringLiteral("not the expected issuer")));
        f.source = QStringLiteral("RFC 9207 §2.4");
        r.finding = f;
        r.error
            = {ErrorKind::Refused, QStringLiteral("The sign-in redirect names another issuer (%1)").arg(shown(iss))};
        r.page = QStringLiteral("The answer came from another authorization server than the one Authlens asked, so "
                                "it was ignored.");
        return r;
    }
    if (!error.isEmpty()) {
        // RFC 6749 §4.1.2.1: the error codes of an authorization response.
        QLatin1String code = Diagnosis::Code::OAuthAuthorizationError;
        QString explanation;
        if (error == u"access_denied") {
            code = Diagnosis::Code::OAuthAccessDenied;
            explanation = QStringLiteral("The sign-in was denied: the user pressed Deny (or cancelled) on the "
                                         "consent page, or a policy of the authorization server refused this "
                                         "client for this user. No code was issued.");
        } else if (error == u"invalid_scope") {
            code = Diagnosis::Code::OAuthInvalidScope;
            explanation = QStringLiteral("The authorization server refused a requested scope: unknown, or not "
                                         "allowed for this client. Request only scopes the client has.");
        } else if (error == u"invalid_request" && description.contains(u"redirect", Qt::CaseInsensitive)) {
            code = Diagnosis::Code::OAuthRedirectUriRefused;
            explanation = QStringLiteral("The authorization server refused the redirect URI: it is not registered "
                                         "for this client (for a native app, register http://127.0.0.1/callback "
                                         "and allow any port, RFC 8252 §7.3), or set the registered one in the "
                                         "profile.");
        } else if (error == u"unauthorized_client") {
            explanation = QStringLiteral("The client may not use the authorization code grant: enable it for the "
                                         "client at the authorization server.");
        } else if (error == u"unsupported_response_type") {
            explanation = QStringLiteral("The authorization server does not issue codes (response_type=code) to this "
                                         "client.");
        } else if (error == u"server_error" || error == u"temporarily_unavailable") {
            explanation = QStringLiteral("The authorization server failed or is overloaded: try again later.");
        } else {
            explanation = QStringLiteral("The authorization server refused the request with %1.").arg(shown(error, 60));
        }
        Finding f = Diagnosis::makeFinding(code, 0);
        if (code == Diagnosis::Code::OAuthAuthorizationError)
            f.reason = shown(error, 60);
        if (!description.isEmpty())
            explanation += QStringLiteral(" The server said: \"%1\".").arg(shown(description, 300));
        f.explanation = explanation;
        f.evidence.append(callbackParam(QStringLiteral("error"), shown(error, 60)));
        if (!description.isEmpty())
            f.evidence.append(callbackParam(QStringLiteral("error_description"), shown(description, 300)));
        f.fixes.append(advice(QStringLiteral("advice.sign_in_again"), QStringLiteral("Sign in again")));
        f.source = QStringLiteral("RFC 6749 §4.1.2.1");
        r.finding = f;
        r.error = {ErrorKind::Refused,
                   description.isEmpty()
                       ? QStringLiteral("The sign-in ended with %1").arg(shown(error, 60))
                       : QStringLiteral("The sign-in ended with %1 (%2)").arg(shown(error, 60), shown(description))};
        r.page = QStringLiteral("The sign-in did not succeed (%1). Return to Authlens: it explains what happened.")
                     .arg(shown(error, 60));
        return r;
    }
    const QString code = value(QStringLiteral("code"));
    if (code.isEmpty()) {
        Finding f = Diagnosis::makeFinding(Diagnosis::Code::OAuthAuthorizationError, 0);
        f.reason = QStringLiteral("no_code");
        f.explanation = QStringLiteral("The redirect came back with neither a code nor an error (RFC 6749 §4.1.2): "
                                       "the server does not speak the authorization code grant here.");
        f.source = QStringLiteral("RFC 6749 §4.1.2");
        r.finding = f;
        r.error = {ErrorKind::Refused, QStringLiteral("The sign-in redirect has no code")};
        r.page = QStringLiteral("The redirect carried no authorization code. Return to Authlens.");
        return r;
    }
    r.code = code;
    r.page = QStringLiteral("You are signed in. You can close this tab and return to Authlens.");
    return r;
}

Diagnosis::Finding noCallbackFinding(const QUrl& authorizationUrl, int timeoutSeconds)
{
    Finding f = Diagnosis::makeFinding(Diagnosis::Code::OAuthNoCallback);
    f.explanation = QStringLiteral("No redirect reached Authlens within %1 s. Either the sign-in was abandoned, or "
                                   "the authorization server refused the request before redirecting — a redirect "
                                   "URI or client id it does not know makes it show an error page in the browser "
                                   "instead (RFC 6749 §4.1.2.1). Look at the browser tab.")
                        .arg(timeoutSeconds);
    Evidence e;
    e.kind = EvidenceKind::Hop;
    e.name = QStringLiteral("authorization URL");
    e.excerpt = authorizationUrl.toDisplayString(QUrl::RemoveQuery);
    f.evidence.append(e);
    f.fixes.append(advice(QStringLiteral("advice.check_redirect_uri"),
                          QStringLiteral("Check the redirect URI and client id registered at the server")));
    f.source = QStringLiteral("RFC 6749 §4.1.2.1");
    return f;
}

QString atHash(const QString& accessToken, const QString& alg)
{
    const EVP_MD* md = alg.endsWith(u"256") ? EVP_sha256()
        : alg.endsWith(u"384")              ? EVP_sha384()
        : alg.endsWith(u"512")              ? EVP_sha512()
                                            : nullptr;
    if (!md)
        return {};
    const QByteArray hash = digest(md, accessToken.toLatin1());
    return QString::fromLatin1(Jwt::base64UrlEncode(hash.left(hash.size() / 2)));
}

QList<Diagnosis::Finding> checkIdToken(const QString& idToken, const IdTokenExpectations& expected,
                                       const Jwt::KeySet& keys, const QString& keysSource)
{
    QList<Finding> findings;
    QString parseError;
    const auto jws = Jwt::CompactJws::parse(idToken.toLatin1(), &parseError);
    const auto claims = jws ? jws->claims() : std::nullopt;
    if (!claims) {
        Finding f = Diagnosis::makeFinding(Diagnosis::Code::TokenMalformed);
        f.explanation = QStringLiteral("The id_token of the token response is not a signed JWT (%1): it cannot be "
                                       "checked or trusted (OpenID Connect Core §3.1.3.7).")
                            .arg(jws ? QStringLiteral("its payload is not a JSON object") : parseError);
        f.source = QStringLiteral("OpenID Connect Core §3.1.3.7");
        return {f};
    }
    const QJsonObject& c = *claims;
    const QString alg = jws->header.value(u"alg").toString();

    // §3.1.3.7 item 6: the signature, with the issuer's keys (jwks_uri).
    if (keys.isEmpty()) {
        Finding f = Diagnosis::makeFinding(Diagnosis::Code::TokenSignature);
        f.severity = Diagnosis::Severity::Hint;
        f.reason = QStringLiteral("unverified");
        f.explanation = QStringLiteral("The ID token's signature was not checked: %1. It came straight from the token "
                                       "endpoint over this run's own connection, which OpenID Connect Core "
                                       "§3.1.3.7 item 6 accepts in place of the signature.")
                            .arg(keysSource);
        findings.append(f);
    } else {
        const Jwt::SignatureResult sig
            = Jwt::SignatureVerifier::verify(jws->header, jws->signingInput, jws->signature, keys);
        if (sig.status != Jwt::SignatureStatus::Valid) {
            Finding f = Diagnosis::makeFinding(Diagnosis::Code::TokenSignature);
            f.reason = QStringLiteral("id_token");
            QStringList why;
            for (const Jwt::Problem& p : sig.problems)
                why.append(p.message);
            f.explanation = QStringLiteral("The ID token's signature does not verify with the issuer's keys (%1)%2. "
                                           "Its claims cannot be trusted (OpenID Connect Core §3.1.3.7).")
                                .arg(keysSource, why.isEmpty() ? QString() : u": " + why.join(u' '));
            f.evidence.append(claim(QStringLiteral("kid"), sig.kid, QStringLiteral("alg %1").arg(sig.alg)));
            f.source = QStringLiteral("OpenID Connect Core §3.1.3.7");
            findings.append(f);
        }
    }
    // Item 2: iss exactly the issuer.
    const QString iss = c.value(u"iss").toString();
    if (!expected.issuer.isEmpty() && iss != expected.issuer) {
        Finding f = Diagnosis::makeFinding(Diagnosis::Code::TokenIssuer);
        f.explanation = QStringLiteral("The ID token's iss is \"%1\", not the issuer Authlens signed in with (\"%2\"): "
                                       "it must be rejected (OpenID Connect Core §3.1.3.7 item 2).")
                            .arg(shown(iss), expected.issuer);
        f.evidence.append(claim(QStringLiteral("iss"), shown(iss), QStringLiteral("expected %1").arg(expected.issuer)));
        f.source = QStringLiteral("OpenID Connect Core §3.1.3.7");
        findings.append(f);
    }
    // Items 3–5: aud contains the client id; with several audiences azp names the client.
    const QJsonValue aud = c.value(u"aud");
    const bool several = aud.isArray() && aud.toArray().size() > 1;
    if (!audienceHas(aud, expected.clientId)
        || (several && c.contains(u"azp") && c.value(u"azp").toString() != expected.clientId)) {
        Finding f = Diagnosis::makeFinding(Diagnosis::Code::TokenAudience);
        f.explanation = QStringLiteral("The ID token is not meant for this client (%1): aud must contain the client "
                                       "id (OpenID Connect Core §3.1.3.7 items 3–5).")
                            .arg(expected.clientId);
        f.evidence.append(
            claim(QStringLiteral("aud"),
                  shown(QString::fromUtf8(QJsonDocument(QJsonArray {aud}).toJson(QJsonDocument::Compact))),
                  QStringLiteral("expected %1").arg(expected.clientId)));
        f.source = QStringLiteral("OpenID Connect Core §3.1.3.7");
        findings.append(f);
    }
    // Item 9: exp in the future (with leeway).
    const std::optional<qint64> exp = Jwt::numericDate(c.value(u"exp"));
    if (!exp || *exp + expected.leewaySeconds < expected.now) {
        Finding f = Diagnosis::makeFinding(Diagnosis::Code::TokenExpired);
        f.explanation = exp
            ? QStringLiteral("The ID token was already expired when it arrived (OpenID Connect Core §3.1.3.7 item 9).")
            : c.contains(u"exp")
            ? QStringLiteral("The ID token's exp is not a NumericDate (RFC 7519 §2: seconds since the epoch).")
            : QStringLiteral("The ID token has no exp claim, which OpenID Connect Core §2 requires.");
        f.evidence.append(
            claim(QStringLiteral("exp"),
                  exp ? QString::number(*exp)
                      : QString::fromUtf8(QJsonDocument(QJsonArray {c.value(u"exp")}).toJson(QJsonDocument::Compact))
                            .mid(1)
                            .chopped(1),
                  QString()));
        f.source = QStringLiteral("OpenID Connect Core §3.1.3.7");
        findings.append(f);
    }
    // Item 11: the nonce of this sign-in.
    if (!expected.nonce.isEmpty() && c.value(u"nonce").toString() != expected.nonce) {
        Finding f = Diagnosis::makeFinding(Diagnosis::Code::OidcNonceMismatch);
        f.explanation = c.contains(u"nonce")
            ? QStringLiteral("The ID token carries another nonce than this sign-in sent: it was issued for another "
                             "sign-in (replayed or injected). It must be rejected (OpenID Connect Core §3.1.3.7 item "
                             "11).")
            : QStringLiteral("This sign-in sent a nonce, but the ID token has none: the server ignored it, or the "
                             "token belongs to another sign-in (OpenID Connect Core §3.1.3.7 item 11).");
        f.evidence.append(claim(QStringLiteral("nonce"), shown(c.value(u"nonce").toString(), 60),
                                QStringLiteral("not the nonce of this sign-in")));
        f.source = QStringLiteral("OpenID Connect Core §3.1.3.7");
        findings.append(f);
    }
    // §3.1.3.8: at_hash, when present, binds the access token issued with it.
    if (c.contains(u"at_hash") && !expected.accessToken.isEmpty()) {
        const QString want = atHash(expected.accessToken, alg);
        if (!want.isEmpty() && want != c.value(u"at_hash").toString()) {
            Finding f = Diagnosis::makeFinding(Diagnosis::Code::OidcAtHashMismatch);
            f.explanation = QStringLiteral("The ID token's at_hash is not the hash of the access token that came with "
                                           "it: the two tokens do not belong together (OpenID Connect Core "
                                           "§3.1.3.8).");
            f.evidence.append(claim(QStringLiteral("at_hash"), shown(c.value(u"at_hash").toString(), 60),
                                    QStringLiteral("expected %1").arg(want)));
            f.source = QStringLiteral("OpenID Connect Core §3.1.3.8");
            findings.append(f);
        }
    }
    if (expected.issuer.isEmpty()) {
        Finding f = Diagnosis::makeFinding(Diagnosis::Code::TokenIssuer);
        f.severity = Diagnosis::Severity::Hint;
        f.reason = QStringLiteral("not_pinned");
        f.explanation = QStringLiteral("The profile names no issuer, so the ID token's iss (\"%1\") could not be "
                                       "compared with one. Set the issuer in the profile.")
                            .arg(shown(iss));
        findings.append(f);
    }
    if (!idTokenRejected(findings)) {
        Finding f = Diagnosis::makeFinding(Diagnosis::Code::OidcIdTokenValid);
        f.explanation = QStringLiteral("The ID token of %1 (sub %2) checked out: %3iss, aud, exp%4%5.")
                            .arg(shown(iss), shown(c.value(u"sub").toString(), 80),
                                 keys.isEmpty() ? QString() : QStringLiteral("signature (%1), ").arg(alg),
                                 expected.nonce.isEmpty() ? QString() : QStringLiteral(", nonce"),
                                 c.contains(u"at_hash") ? QStringLiteral(", at_hash") : QString());
        f.source = QStringLiteral("OpenID Connect Core §3.1.3.7");
        findings.append(f);
    }
    return findings;
}

bool idTokenRejected(const QList<Diagnosis::Finding>& findings)
{
    return std::any_of(findings.cbegin(), findings.cend(),
                       [](const Finding& f) { return f.severity == Diagnosis::Severity::Cause; });
}

} // namespace AuthorizationCode

AuthorizationCodeFlow::AuthorizationCodeFlow(QObject* parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_done)
            return;
        m_done = true;
        stop();
        CallbackResult result;
        result.finding = AuthorizationCode::noCallbackFinding(m_url, m_timeoutSeconds);
        result.error = {ErrorKind::Network,
                        QStringLiteral("Timed out after %1 s waiting for the browser sign-in (no redirect reached %2)")
                            .arg(m_timeoutSeconds)
                            .arg(m_request.redirectUri.toString())};
        Q_EMIT finished(result, {}, true);
    });
}

AuthorizationCodeFlow::~AuthorizationCodeFlow() = default;

bool AuthorizationCodeFlow::start(AuthorizationRequest request, const QUrl& redirect, const QString& expectedIssuer,
                                  int timeoutSeconds, Error* error)
{
    m_request = std::move(request);
    m_expectedIssuer = expectedIssuer;
    m_timeoutSeconds = qMax(1, timeoutSeconds);
    m_receiver = std::make_unique<LoopbackReceiver>();
    const QHostAddress address(redirect.host() == u"::1" ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost);
    QString listenError;
    const QString path = redirect.path().isEmpty() ? QStringLiteral("/") : redirect.path();
    const bool listening = m_receiver->listen(
        address, quint16(qMax(0, redirect.port())), path,
        [this](const QUrl& target, const QByteArray& head) {
            CallbackResult result
                = AuthorizationCode::readCallback(QUrlQuery(target), m_request.state, m_expectedIssuer);
            const LoopbackReceiver::Page page {
                result.ok() ? 200 : 400,
                LoopbackReceiver::page(result.ok() ? QStringLiteral("Signed in") : QStringLiteral("Sign-in failed"),
                                       result.page)};
            // The callback as a hop of the transcript: the request the browser made, the page it got. The
            // code in its query is the secret policy's to redact when it is shown.
            Http::Hop hop;
            hop.request.method = QByteArrayLiteral("GET");
            QUrl full = m_request.redirectUri;
            full.setQuery(target.query(QUrl::FullyEncoded), QUrl::StrictMode);
            hop.request.url = full;
            const QList<QByteArray> lines = head.split('\n');
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    hop.request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            }
            hop.response.received = true;
            hop.response.status = page.status;
            hop.response.reason = page.status == 200 ? QByteArrayLiteral("OK") : QByteArrayLiteral("Bad Request");
            hop.response.httpVersion = QByteArrayLiteral("1.1");
            hop.response.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/html; charset=utf-8")}};
            hop.response.body = Http::Body::fromBytes(page.html.toUtf8());
            hop.timing.started = QDateTime::currentDateTimeUtc();
            hop.note = QStringLiteral("the browser's redirect to the loopback (RFC 8252 §7.3)");
            Http::Exchange exchange;
            exchange.hops.append(hop);
            m_done = true;
            m_timeout.stop();
            // Reported after the page is written, from the event loop.
            QMetaObject::invokeMethod(
                this, [this, result, exchange] { Q_EMIT finished(result, exchange, false); }, Qt::QueuedConnection);
            return page;
        },
        &listenError);
    if (!listening) {
        if (error)
            *error = {ErrorKind::Network,
                      QStringLiteral("Cannot listen for the sign-in redirect on %1:%2: %3")
                          .arg(address.toString())
                          .arg(qMax(0, redirect.port()))
                          .arg(listenError)};
        return false;
    }
    QUrl actual = redirect;
    actual.setPort(m_receiver->port());
    // RFC 8252 §7.3: the port is part of the URI sent; the server must accept any.
    m_request.redirectUri = actual;
    m_url = AuthorizationCode::authorizationUrl(m_request);
    m_timeout.start(m_timeoutSeconds * 1000);
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT urlReady(m_url, m_request.redirectUri); }, Qt::QueuedConnection);
    return true;
}

void AuthorizationCodeFlow::stop()
{
    m_done = true;
    m_timeout.stop();
    if (m_receiver)
        m_receiver->close();
}

} // namespace Authlens::Workspace
