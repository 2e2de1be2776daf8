#include "DemoDpop.h"

#include "DemoAuthority.h"
#include "jwt/DpopProof.h"
#include "jwt/NumericDate.h"

#include <QRandomGenerator>

namespace Authlens::Demo {

namespace {

const QByteArray NonceHeader = QByteArrayLiteral("DPoP-Nonce");
const QByteArray Algs = QByteArrayLiteral("ES256 RS256 PS256");

QString randomNonce()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(words), sizeof words)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

/// The proof of a request: exactly one DPoP header (RFC 9449 §4.3 point 1).
std::optional<QByteArray> singleProof(const DemoRequest& request, QString* problem)
{
    const QList<QByteArray> proofs = request.headerValues("DPoP");
    if (proofs.size() > 1) {
        *problem = QStringLiteral("The request has more than one DPoP header");
        return std::nullopt;
    }
    if (proofs.isEmpty()) {
        *problem = QStringLiteral("The request has no DPoP proof");
        return std::nullopt;
    }
    return proofs.first();
}

bool isNonceProblem(Jwt::DpopCheck::Outcome outcome)
{
    return outcome == Jwt::DpopCheck::Outcome::NonceMissing || outcome == Jwt::DpopCheck::Outcome::NonceWrong;
}

} // namespace

DemoDpop::DemoDpop(std::function<QDateTime()> clock)
    : m_clock(std::move(clock))
{
}

QString DemoDpop::nonceOf(Nonces& nonces)
{
    // Rotating nonces (RFC 9449 §8, §9): replaced every NonceLifetimeSeconds; the one before stays valid so
    // a proof made just before the rotation still passes.
    const QDateTime now = m_clock();
    if (nonces.current.isEmpty() || nonces.issued.secsTo(now) >= NonceLifetimeSeconds || nonces.issued > now) {
        nonces.previous = nonces.current;
        nonces.current = randomNonce();
        nonces.issued = now;
    }
    return nonces.current;
}

QString DemoDpop::currentNonce(bool resourceServer)
{
    return nonceOf(resourceServer ? m_rsNonces : m_asNonces);
}

bool DemoDpop::jtiReplayed(const QString& jti, qint64 iat)
{
    // RFC 9449 §11.1: a proof is used once. Only proofs that could still pass the iat window are kept.
    const qint64 now = m_clock().toSecsSinceEpoch();
    m_seenJti.removeIf(
        [now](const QHash<QString, qint64>::iterator it) { return now - it.value() > 2 * MaxProofAgeSeconds; });
    if (m_seenJti.contains(jti))
        return true;
    m_seenJti.insert(jti, iat);
    return false;
}

DemoDpop::Gate DemoDpop::tokenRequest(const DemoRequest& request, const QUrl& tokenUrl)
{
    Gate gate;
    if (request.headerValues("DPoP").isEmpty())
        return gate; // RFC 9449 §5: without a proof the client gets ordinary Bearer tokens
    const auto refuse
        = [](const QString& error, const QString& description) { return DemoResponse::error(400, error, description); };
    QString problem;
    const std::optional<QByteArray> proof = singleProof(request, &problem);
    if (!proof) {
        gate.refusal = refuse(QStringLiteral("invalid_dpop_proof"), problem);
        return gate;
    }
    Jwt::DpopExpectation expect;
    expect.method = request.method;
    expect.url = tokenUrl;
    expect.now = m_clock().toSecsSinceEpoch();
    expect.maxAgeSeconds = MaxProofAgeSeconds;
    expect.nonce = nonceOf(m_asNonces);
    expect.acceptedNonces = {m_asNonces.previous};
    const Jwt::DpopCheck check = Jwt::checkDpopProof(*proof, expect);
    if (isNonceProblem(check.outcome)) {
        // RFC 9449 §8: 400 use_dpop_nonce with the nonce to use in DPoP-Nonce.
        DemoResponse response = refuse(QStringLiteral("use_dpop_nonce"),
                                       QStringLiteral("Authorization server requires nonce in DPoP proof"));
        response.addHeader(NonceHeader, expect.nonce.toLatin1());
        gate.refusal = response;
        return gate;
    }
    if (!check.ok()) {
        gate.refusal = refuse(QStringLiteral("invalid_dpop_proof"), check.message);
        return gate;
    }
    if (jtiReplayed(check.claims.value(u"jti").toString(), Jwt::numericDate(check.claims.value(u"iat")).value_or(0))) {
        gate.refusal = refuse(QStringLiteral("invalid_dpop_proof"),
                              QStringLiteral("The DPoP proof was already used (jti seen before)"));
        return gate;
    }
    gate.jkt = QString::fromLatin1(check.jkt);
    return gate;
}

void DemoDpop::addTokenNonce(DemoResponse& response)
{
    response.addHeader(NonceHeader, nonceOf(m_asNonces).toLatin1());
}

DemoResponse DemoDpop::resourceError(const QString& error, const QString& description, bool withNonce)
{
    // RFC 9449 §7.1: the DPoP challenge, with the algorithms the server accepts.
    QByteArray challenge = QByteArrayLiteral("DPoP algs=\"") + Algs + '"';
    if (!error.isEmpty()) {
        challenge += QByteArrayLiteral(", error=") + quotedString(error);
        challenge += QByteArrayLiteral(", error_description=") + quotedString(description);
    }
    DemoResponse response = DemoResponse::error(error == u"invalid_request" ? 400 : 401,
                                                error.isEmpty() ? QStringLiteral("unauthorized") : error, description);
    response.addHeader(QByteArrayLiteral("WWW-Authenticate"), challenge);
    if (withNonce)
        response.addHeader(NonceHeader, nonceOf(m_rsNonces).toLatin1());
    return response;
}

DemoResponse DemoDpop::resource(const DemoRequest& request, const QUrl& url, const DemoAuthority& authority)
{
    using Outcome = DemoAuthority::BearerCheck::Outcome;
    const QByteArray authorization = request.header("Authorization");
    const qsizetype space = authorization.indexOf(' ');
    const QByteArray scheme = space < 0 ? authorization : authorization.first(space);
    if (authorization.isNull())
        return resourceError(QString(), QStringLiteral("This resource needs a DPoP-bound access token (RFC 9449)"),
                             false);
    if (scheme.compare("DPoP", Qt::CaseInsensitive) != 0)
        return resourceError(QStringLiteral("invalid_token"),
                             QStringLiteral("This resource accepts only DPoP-bound tokens with Authorization: DPoP, "
                                            "not %1")
                                 .arg(QString::fromLatin1(scheme.left(20)).remove(u'"').remove(u'\\')),
                             false);
    const DemoAuthority::BearerCheck token = authority.checkBearer(request, true);
    if (token.outcome == Outcome::InvalidRequest)
        return resourceError(QStringLiteral("invalid_request"), token.description, false);
    if (token.outcome != Outcome::Valid)
        return resourceError(QStringLiteral("invalid_token"), token.description, false);
    const QString jkt = token.claims.value(u"cnf").toObject().value(u"jkt").toString();
    if (jkt.isEmpty())
        return resourceError(QStringLiteral("invalid_token"),
                             QStringLiteral("The access token is not DPoP-bound (no cnf.jkt claim)"), false);

    QString problem;
    const std::optional<QByteArray> proof = singleProof(request, &problem);
    if (!proof)
        return resourceError(QStringLiteral("invalid_dpop_proof"), problem, false);
    Jwt::DpopExpectation expect;
    expect.method = request.method;
    expect.url = url;
    expect.now = m_clock().toSecsSinceEpoch();
    expect.maxAgeSeconds = MaxProofAgeSeconds;
    expect.nonce = nonceOf(m_rsNonces);
    expect.acceptedNonces = {m_rsNonces.previous};
    expect.accessToken = authorization.sliced(space + 1).trimmed();
    expect.boundJkt = jkt;
    const Jwt::DpopCheck check = Jwt::checkDpopProof(*proof, expect);
    if (isNonceProblem(check.outcome))
        // RFC 9449 §9: 401 with error="use_dpop_nonce" and the nonce in DPoP-Nonce.
        return resourceError(QStringLiteral("use_dpop_nonce"),
                             QStringLiteral("Resource server requires nonce in DPoP proof"), true);
    if (check.outcome == Jwt::DpopCheck::Outcome::JktMismatch)
        return resourceError(QStringLiteral("invalid_token"), check.message, false);
    if (!check.ok())
        return resourceError(QStringLiteral("invalid_dpop_proof"), check.message, false);
    if (jtiReplayed(check.claims.value(u"jti").toString(), Jwt::numericDate(check.claims.value(u"iat")).value_or(0)))
        return resourceError(QStringLiteral("invalid_dpop_proof"),
                             QStringLiteral("The DPoP proof was already used (jti seen before)"), false);

    DemoResponse response = DemoResponse::json(200,
                                               QJsonObject {
                                                   {QStringLiteral("subject"), token.subject},
                                                   {QStringLiteral("scope"), token.scopes.join(u' ')},
                                                   {QStringLiteral("bound_to"), jkt},
                                                   {QStringLiteral("dpop"), true},
                                               });
    response.addHeader(NonceHeader, nonceOf(m_rsNonces).toLatin1());
    return response;
}

} // namespace Authlens::Demo
