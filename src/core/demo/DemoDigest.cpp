#include "demo/DemoDigest.h"

#include "auth/DigestVerifier.h"
#include "auth/HeaderParser.h"
#include "demo/DemoServer.h"

#include <QJsonObject>
#include <QRandomGenerator>

namespace Authlens::Demo {

using namespace Authlens::Auth;

namespace {
QByteArray randomToken(int bytes)
{
    QByteArray raw(bytes, '\0');
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(raw.data()), bytes / 4);
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}
} // namespace

DemoDigest::DemoDigest(Clock clock)
    : m_clock(std::move(clock))
    , m_opaque(randomToken(16))
{
}

QByteArray DemoDigest::newNonce(bool staleFirst)
{
    // Old nonces go once they are past any use, so the table stays small however long the demo runs.
    const QDateTime now = m_clock();
    for (auto it = m_nonces.begin(); it != m_nonces.end();) {
        if (it->issued.secsTo(now) > 2 * kNonceLifetimeSeconds)
            it = m_nonces.erase(it);
        else
            ++it;
    }
    const QByteArray nonce = randomToken(24);
    m_nonces.insert(nonce, {now, 0, staleFirst});
    return nonce;
}

DemoResponse DemoDigest::challenge(DigestAlgorithm algorithm, bool stale, bool staleFirst, const QString& why)
{
    QByteArray value = "Digest realm=\"" + DemoServer::digestRealm().toUtf8() + "\", qop=\"auth\", algorithm="
        + digestAlgorithmName(algorithm) + ", nonce=\"" + newNonce(staleFirst) + "\", opaque=\"" + m_opaque + '"';
    if (stale)
        value += ", stale=true";
    DemoResponse response
        = DemoResponse::error(401, stale ? QStringLiteral("stale_nonce") : QStringLiteral("unauthorized"), why);
    response.addHeader("WWW-Authenticate", value);
    return response;
}

DemoResponse DemoDigest::handle(const DemoRequest& request, DigestAlgorithm algorithm, bool staleFirst)
{
    const QByteArray authorization = request.header("Authorization");
    if (authorization.isEmpty())
        return challenge(algorithm, false, staleFirst, QStringLiteral("This resource needs Digest credentials"));
    const CredentialsParseResult parsed = parseCredentials(authorization);
    if (!parsed.credentials || !parsed.credentials->isScheme("Digest"))
        return challenge(algorithm, false, staleFirst, QStringLiteral("Only Digest is accepted here"));

    DigestVerifyContext context;
    context.method = request.method;
    context.body = request.body;
    context.realm = DemoServer::digestRealm().toUtf8();
    context.requestTarget = request.url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    context.algorithms = {algorithm};
    context.password = [](const QString& user) -> std::optional<QString> {
        if (user == DemoServer::basicUser())
            return DemoServer::basicPassword();
        return std::nullopt;
    };
    const QDateTime now = m_clock();
    context.nonceState = [this, now](const QByteArray& nonce, quint32 count) {
        const auto it = m_nonces.find(nonce);
        if (it == m_nonces.end() || it->issued.secsTo(now) > kNonceLifetimeSeconds)
            return NonceState::Stale;
        if (count <= it->lastCount)
            return NonceState::Replayed;
        return NonceState::Valid;
    };
    const DigestVerification verdict = verifyDigest(parsed.credentials->params, context);
    if (verdict.verdict == DigestVerdict::Stale)
        return challenge(algorithm, true, false, verdict.reason);
    if (verdict.verdict == DigestVerdict::Bad)
        return challenge(algorithm, false, staleFirst, verdict.reason);

    const QByteArray nonce = parsed.credentials->value("nonce");
    Nonce& state = m_nonces[nonce];
    if (state.staleFirst) {
        // A correct answer, refused once on purpose: the client should retry with the new nonce.
        m_nonces.remove(nonce);
        return challenge(algorithm, true, false,
                         QStringLiteral("The nonce is stale (this resource refuses the first nonce on purpose)"));
    }
    state.lastCount = parsed.credentials->value("nc").toUInt(nullptr, 16);
    DemoResponse ok = DemoResponse::json(
        200,
        QJsonObject {{QStringLiteral("authenticated"), true},
                     {QStringLiteral("user"), verdict.username},
                     {QStringLiteral("scheme"), QStringLiteral("Digest")},
                     {QStringLiteral("algorithm"), QString::fromLatin1(digestAlgorithmName(algorithm))}});
    ok.addHeader("Authentication-Info",
                 "rspauth=\"" + verdict.rspauth + "\", qop=auth, cnonce=\"" + parsed.credentials->value("cnonce")
                     + "\", nc=" + parsed.credentials->value("nc"));
    return ok;
}

} // namespace Authlens::Demo
