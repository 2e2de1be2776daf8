#include "auth/DigestSession.h"

#include "auth/DigestChallenge.h"
#include "auth/DigestResponder.h"
#include "auth/HeaderParser.h"

#include <memory>

namespace Authlens::Auth {

namespace {

int strength(DigestAlgorithm a)
{
    switch (a) {
    case DigestAlgorithm::Sha512_256:
    case DigestAlgorithm::Sha512_256Sess:
        return 3;
    case DigestAlgorithm::Sha256:
    case DigestAlgorithm::Sha256Sess:
        return 2;
    case DigestAlgorithm::Md5:
    case DigestAlgorithm::Md5Sess:
        return 1;
    }
    return 0;
}

std::optional<DigestChallenge> strongestDigest(const Http::Hop& hop)
{
    const auto parsed = parseChallenges(Http::headerValues(hop.response.headers, "WWW-Authenticate"));
    std::optional<DigestChallenge> best;
    for (const Challenge& c : parsed.challenges) {
        if (!c.isScheme("Digest"))
            continue;
        auto digest = DigestChallenge::fromChallenge(c);
        if (digest && (!best || strength(digest->algorithm) > strength(best->algorithm)))
            best = digest;
    }
    return best;
}

} // namespace

Http::ChallengeResponder digestChallengeResponder(const QString& username, const QString& password)
{
    auto responder = std::make_shared<DigestResponder>();
    return [responder, username, password](const Http::Hop& hop, const QByteArray& body,
                                           int answersGiven) -> std::optional<Http::ChallengeAnswer> {
        const std::optional<DigestChallenge> challenge = strongestDigest(hop);
        if (!challenge)
            return std::nullopt;
        // After our answer, only stale=true earns another try: anything else means the credentials are wrong.
        if (answersGiven > 0 && !challenge->isStale())
            return std::nullopt;
        DigestRequest request;
        request.method = hop.request.method;
        request.uri = hop.request.url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
        if (request.uri.isEmpty())
            request.uri = "/";
        request.username = username;
        request.password = password;
        request.body = body;
        const DigestResponse response = responder->next(*challenge, request);
        const QString what
            = QStringLiteral("realm “%1”, %2, qop %3, nc %4")
                  .arg(QString::fromUtf8(challenge->realm),
                       QString::fromLatin1(digestAlgorithmName(challenge->algorithm)),
                       response.qop.isEmpty() ? QStringLiteral("none (RFC 2069)") : QString::fromLatin1(response.qop),
                       QString::fromLatin1(response.nc));
        const QString note = answersGiven == 0
            ? QStringLiteral("Answered the Digest challenge of the previous hop (%1)").arg(what)
            : QStringLiteral("The server said stale=true (nonce expired): answered once more with its new nonce (%1)")
                  .arg(what);
        return Http::ChallengeAnswer {
            {Http::Credential::Place::Header, QByteArrayLiteral("Authorization"), response.authorization,
             QStringLiteral("Digest credentials for %1").arg(username), Http::CredentialSource::ChallengeAnswer},
            note};
    };
}

} // namespace Authlens::Auth
