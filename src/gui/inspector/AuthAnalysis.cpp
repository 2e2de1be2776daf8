#include "inspector/AuthAnalysis.h"

#include "auth/HeaderParser.h"

namespace Authlens::Gui {

int AuthAnalysis::challengeCount() const
{
    int count = 0;
    for (const ChallengeGroup& group : challenges)
        count += int(group.parsed.challenges.size());
    return count;
}

int AuthAnalysis::diagnosticCount() const
{
    int count = 0;
    for (const ChallengeGroup& group : challenges)
        count += int(group.parsed.diagnostics.size());
    for (const InfoGroup& group : infos)
        count += int(group.parsed.diagnostics.size());
    return count;
}

bool AuthAnalysis::hasErrors() const
{
    for (const ChallengeGroup& group : challenges) {
        if (group.parsed.hasErrors())
            return true;
    }
    for (const InfoGroup& group : infos) {
        if (group.parsed.hasErrors())
            return true;
    }
    for (const SentCredentials& s : sent) {
        for (const Auth::CredentialFinding& f : s.findings) {
            if (f.severity == Auth::Severity::Error)
                return true;
        }
    }
    return false;
}

AuthAnalysis analyzeAuth(const Http::Exchange& exchange)
{
    AuthAnalysis analysis;
    const Http::Hop* hop = exchange.finalResponseHop();
    if (!hop && !exchange.hops.isEmpty())
        hop = &exchange.hops.last();
    if (!hop)
        return analysis;
    analysis.hopIndex = int(hop - exchange.hops.constData());
    analysis.hasResponse = hop->response.received;
    analysis.status = hop->response.status;
    analysis.method = hop->request.method;
    analysis.url = hop->request.url;
    analysis.placed = hop->placed;
    analysis.withheld = hop->withheld;
    analysis.ledgerRecorded = hop->ledgerRecorded;

    for (const char* name : {"WWW-Authenticate", "Proxy-Authenticate"}) {
        const QList<QByteArray> values = Http::headerValues(hop->response.headers, name);
        if (values.isEmpty())
            continue;
        analysis.challenges.append({QByteArray(name), values, Auth::parseChallenges(values)});
    }
    for (const char* name : {"Authentication-Info", "Proxy-Authentication-Info"}) {
        const QList<QByteArray> values = Http::headerValues(hop->response.headers, name);
        if (values.isEmpty())
            continue;
        analysis.infos.append({QByteArray(name), values, Auth::parseAuthenticationInfo(values)});
    }

    // Authorization answers WWW-Authenticate, Proxy-Authorization answers Proxy-Authenticate.
    const auto challengesFor = [&analysis](QByteArrayView challengeHeader) -> QList<Auth::Challenge> {
        for (const ChallengeGroup& group : std::as_const(analysis.challenges)) {
            if (group.headerName.compare(challengeHeader, Qt::CaseInsensitive) == 0)
                return group.parsed.challenges;
        }
        return {};
    };
    const QList<std::pair<const char*, const char*>> credentialHeaders {
        {"Authorization", "WWW-Authenticate"},
        {"Proxy-Authorization", "Proxy-Authenticate"},
    };
    for (const auto& [name, challengeHeader] : credentialHeaders) {
        for (const QByteArray& value : Http::headerValues(hop->request.headers, name)) {
            SentCredentials sent;
            sent.headerName = name;
            sent.value = value;
            sent.parsed = Auth::parseCredentials(value);
            if (sent.parsed.credentials && sent.parsed.credentials->isScheme("Basic"))
                sent.basic = Auth::decodeBasic(value);
            sent.findings = Auth::checkCredentials(value, challengesFor(challengeHeader));
            analysis.sent.append(sent);
        }
    }
    return analysis;
}

} // namespace Authlens::Gui
