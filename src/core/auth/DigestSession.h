#pragma once

#include "http/RequestSpec.h"

#include <QString>

namespace Authlens::Auth {

/// Performs Digest for HttpClient: answers the first Digest challenge of a 401 (the strongest
/// algorithm offered that we support), and when the server then says stale=true, answers once more
/// with its new nonce; a second refusal without stale is left as the answer (wrong password). Keeps
/// the nonce count across the requests of one responder.
Http::ChallengeResponder digestChallengeResponder(const QString& username, const QString& password);

} // namespace Authlens::Auth
