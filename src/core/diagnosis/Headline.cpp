#include "diagnosis/Headline.h"
#include "diagnosis/Rules.h"

#include "diagnosis/Facts.h"

namespace Authlens::Diagnosis {

namespace {

QString reasonOf(const HopFacts& hop, const char* fallback)
{
    const QByteArray reason = hop.hop->response.reason.trimmed();
    return reason.isEmpty() ? QString::fromLatin1(fallback) : QString::fromLatin1(reason);
}

} // namespace

QJsonObject Headline::toJson() const
{
    return QJsonObject {{QLatin1String("status"), status},
                        {QLatin1String("title"), title},
                        {QLatin1String("summary"), summary},
                        {QLatin1String("auth_failure"), isAuthFailure},
                        {QLatin1String("error"), isError}};
}

Headline headlineFor(const Facts& facts)
{
    Headline h;
    const Http::Exchange& exchange = *facts.exchange;
    if (exchange.error.isError()) {
        h.isError = true;
        const HopFacts* last = facts.finalHop();
        h.status = last ? last->status : 0;
        if (exchange.error.kind == Http::ErrorKind::Cancelled) {
            h.title = QStringLiteral("Cancelled");
            h.summary = QStringLiteral("The request was cancelled before it completed.");
        } else {
            h.title = QStringLiteral("No usable answer — %1").arg(Http::errorKindText(exchange.error.kind));
            h.summary = exchange.error.message;
        }
        return h;
    }
    const HopFacts* hop = facts.finalHop();
    if (!hop) {
        h.isError = true;
        h.title = QStringLiteral("No response");
        h.summary = exchange.hops.isEmpty() ? QStringLiteral("No request was sent.")
                                            : QStringLiteral("The request was sent but no response arrived.");
        return h;
    }
    const int status = hop->status;
    h.status = status;
    if (status == 401) {
        h.isAuthFailure = true;
        h.title = QStringLiteral("401 %1 — who are you?").arg(reasonOf(*hop, "Unauthorized"));
        h.summary = hop->carriesCredentials()
            ? QStringLiteral("The server does not accept the credentials the request carried: to it, you are still "
                             "nobody. The findings below say why.")
            : QStringLiteral("The server does not know who you are: the request carried no credentials. Its "
                             "WWW-Authenticate header says which ones it wants.");
    } else if (status == 403 && Rules::awsSignatureRefused(*hop)) {
        // AWS answers 403, not 401, when it cannot authenticate a signed request.
        h.isAuthFailure = true;
        h.title = QStringLiteral("403 %1 — AWS did not accept the signature").arg(reasonOf(*hop, "Forbidden"));
        h.summary = QStringLiteral("AWS answers 403 when it cannot verify who signed the request: despite the status, "
                                   "this is about the credentials, not a permission. The findings below say which "
                                   "input of the signature was wrong.");
    } else if (status == 403) {
        h.isAuthFailure = true;
        h.title = QStringLiteral("403 %1 — I know you, and no").arg(reasonOf(*hop, "Forbidden"));
        h.summary = QStringLiteral(
            "The server (or something in front of it) refuses the request. Unlike 401 this is not a question: "
            "sending the same credentials again will not help unless something changes.");
    } else if (status == 407) {
        h.isAuthFailure = true;
        h.title = QStringLiteral("407 %1 — the proxy asks who you are")
                      .arg(reasonOf(*hop, "Proxy Authentication Required"));
        h.summary = QStringLiteral("A proxy between you and the server wants its own credentials before it forwards "
                                   "the request. The API never saw it.");
    } else if (status == 429) {
        h.title = QStringLiteral("429 %1 — slow down").arg(reasonOf(*hop, "Too Many Requests"));
        h.summary = QStringLiteral("You are over a rate limit. Your credentials are not the problem.");
    } else if (status >= 300 && status < 400) {
        h.title = QStringLiteral("%1 %2 — sent elsewhere").arg(status).arg(reasonOf(*hop, "Redirect"));
        h.summary = QStringLiteral("The server answered with a redirect that was not followed.");
    } else if (status >= 200 && status < 300) {
        h.title = QStringLiteral("%1 %2").arg(status).arg(reasonOf(*hop, "OK"));
        h.summary = exchange.hops.size() > 1
            ? QStringLiteral("The server answered after %1 hops.").arg(exchange.hops.size())
            : QStringLiteral("The server accepted the request.");
    } else if (status >= 500) {
        h.title = QStringLiteral("%1 %2 — the server failed").arg(status).arg(reasonOf(*hop, "Server Error"));
        h.summary = QStringLiteral("The server (or a gateway) failed to answer; authentication was not decided.");
    } else {
        h.title = QStringLiteral("%1 %2").arg(status).arg(reasonOf(*hop, ""));
        h.summary = QStringLiteral("The server refused the request as sent.");
    }
    return h;
}

} // namespace Authlens::Diagnosis
