#include "diagnosis/StatusMeaning.h"

#include "diagnosis/StatusRules.h"

// What a status code means for authentication, in plain words. The cause catalog (DESIGN.md §5) goes
// deeper; this reads only the final response, the request that produced it and the hop ledger. The
// rules per status live in StatusMeaning{Transport,Refusals,Responses}.cpp, their evidence in
// StatusEvidence.cpp.

namespace Authlens::Diagnosis {

using namespace Rules;

StatusMeaning explainStatus(const Http::Exchange& exchange)
{
    if (exchange.error.isError())
        return explainTransportError(exchange);
    const Hop* hop = exchange.finalResponseHop();
    if (!hop) {
        StatusMeaning m;
        m.title = QStringLiteral("No response");
        m.summary = exchange.hops.isEmpty() ? QStringLiteral("No request was sent.")
                                            : QStringLiteral("The request was sent but no response arrived.");
        m.nextSteps = {QStringLiteral("Send the request again.")};
        return m;
    }

    const SentCredentials sent = sentCredentials(*hop);
    const int status = hop->response.status;
    StatusMeaning m;
    if (status == 401)
        m = explain401(*hop, sent);
    else if (status == 403)
        m = explain403(*hop, sent);
    else if (status == 407)
        m = explain407(*hop, sent);
    else if (status == 429)
        m = explain429(*hop, sent);
    else if (status == 400)
        m = explain400(*hop, sent);
    else if (status >= 300 && status < 400)
        m = explainRedirect(*hop, sent);
    else if (status >= 200 && status < 300)
        m = explainSuccess(exchange, *hop, sent);
    else
        m = explainOther(*hop, sent);
    m.status = status;
    return m;
}

} // namespace Authlens::Diagnosis
