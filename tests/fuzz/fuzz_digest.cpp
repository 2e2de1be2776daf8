// Digest: reading challenges, answering them, and verifying answers (the demo server's side) on any input.
// The first line is parsed as WWW-Authenticate, the second as an Authorization to verify.
#include "FuzzInput.h"
#include "auth/DigestChallenge.h"
#include "auth/DigestResponder.h"
#include "auth/DigestVerifier.h"
#include "auth/HeaderParser.h"

using namespace Authlens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QList<QByteArray> lines = Fuzz::splitFields(data, size);
    const Auth::ChallengeParseResult parsed = Auth::parseChallengeField(lines.first());
    Auth::DigestResponder responder;
    for (const Auth::Challenge& challenge : parsed.challenges) {
        QStringList problems;
        const std::optional<Auth::DigestChallenge> digest = Auth::DigestChallenge::fromChallenge(challenge, &problems);
        if (!digest)
            continue;
        Auth::DigestRequest request;
        request.method = "POST";
        request.uri = "/fuzz?q=1";
        request.username = QStringLiteral("J\u00e4s\u00f8n \"Doe\"");
        request.password = QStringLiteral("Secret, or not?");
        request.body = lines.last();
        request.cnonce = "0a4f113b";
        const Auth::DigestResponse answer = responder.next(*digest, request);
        // Whatever the challenge held, our own answer must parse cleanly and verify.
        const Auth::CredentialsParseResult reparsed = Auth::parseCredentials(answer.authorization);
        Fuzz::require(reparsed.credentials.has_value(), "own Authorization does not parse");
        Auth::DigestVerifyContext server;
        server.method = request.method;
        server.body = request.body;
        server.realm = digest->realm;
        server.password = [&](const QString& name) -> std::optional<QString> {
            if (name == request.username)
                return request.password;
            return std::nullopt;
        };
        server.userForHash = [&](const QByteArray& hash, Auth::DigestAlgorithm algorithm) -> std::optional<QString> {
            if (hash == Auth::digestUserhash(algorithm, request.username.toUtf8(), digest->realm))
                return request.username;
            return std::nullopt;
        };
        server.allowRfc2069 = true;
        if (!reparsed.hasErrors() && !digest->charsetUtf8) {
            const Auth::DigestVerification verdict = Auth::verifyDigest(reparsed.credentials->params, server);
            Fuzz::require(verdict.verdict == Auth::DigestVerdict::Ok, "own Digest answer does not verify");
        }
    }
    if (lines.size() > 1) {
        const Auth::CredentialsParseResult credentials = Auth::parseCredentials(lines.at(1));
        if (credentials.credentials) {
            Auth::DigestVerifyContext server;
            server.method = "GET";
            server.realm = "r";
            server.password = [](const QString&) -> std::optional<QString> { return QStringLiteral("pw"); };
            server.nonceState = [](const QByteArray&, quint32 nc) {
                return nc % 2 ? Auth::NonceState::Valid : Auth::NonceState::Stale;
            };
            (void)Auth::verifyDigest(credentials.credentials->params, server);
        }
    }
    return 0;
}
