// Credential checking: the first line is the Authorization value, the rest are WWW-Authenticate values.
#include "FuzzInput.h"
#include "auth/CredentialCheck.h"
#include "auth/HeaderParser.h"

using namespace Authlens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    QList<QByteArray> lines = Fuzz::splitFields(data, size);
    const QByteArray authorization = lines.takeFirst();
    const QList<Auth::Challenge> challenges = Auth::parseChallenges(lines).challenges;
    const QList<Auth::CredentialFinding> findings = Auth::checkCredentials(authorization, challenges);
    for (const Auth::CredentialFinding& f : findings) {
        Fuzz::require(!f.code.isEmpty() && !f.reason.isEmpty() && !f.message.isEmpty(), "finding without words");
        Fuzz::require(f.offset >= -1 && f.offset <= authorization.size(), "finding offset");
    }
    if (const std::optional<Auth::BasicCredentials> basic = Auth::decodeBasic(authorization))
        Fuzz::require(basic->hasColon || basic->passwordBytes.isEmpty(), "password without colon");
    return 0;
}
