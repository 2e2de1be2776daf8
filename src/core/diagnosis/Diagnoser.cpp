#include "diagnosis/Diagnoser.h"

#include "diagnosis/Catalog.h"
#include "diagnosis/Facts.h"
#include "diagnosis/Headline.h"
#include "diagnosis/Rules.h"

#include <QJsonArray>

#include <algorithm>

namespace Authlens::Diagnosis {

namespace {

using RuleFamily = void (*)(const Facts&, QList<Finding>&);

// Every family runs on every exchange; each decides for itself whether it has something to say.
// Order matters only for ties in the ranking.
constexpr RuleFamily s_families[] = {
    &Rules::transportRules,     &Rules::credentialRules, &Rules::tokenRules,    &Rules::bearerErrorRules,
    &Rules::oauthRules,         &Rules::redirectRules,   &Rules::cookieRules,   &Rules::middlemanRules,
    &Rules::vendorMessageRules, &Rules::statusRules,     &Rules::metadataRules, &Rules::awsRules,
};

int specificity(const Finding& f)
{
    const CodeInfo* info = codeInfo(f.code);
    return info ? info->specificity : 0;
}

/// Findings of one code about one hop are one finding: the strongest severity, its title and
/// explanation, and the evidence and fixes of all (a local exp check and the server's "Jwt is expired"
/// prove the same thing).
QList<Finding> merged(const QList<Finding>& findings)
{
    QList<Finding> out;
    for (const Finding& f : findings) {
        auto it = std::find_if(out.begin(), out.end(), [&f](const Finding& o) {
            return o.code == f.code && o.hop == f.hop
                && (o.reason == f.reason || o.reason.isEmpty() || f.reason.isEmpty());
        });
        if (it == out.end()) {
            out.append(f);
            continue;
        }
        Finding& into = *it;
        if (int(f.severity) < int(into.severity)) {
            into.severity = f.severity;
            into.title = f.title;
            into.explanation = f.explanation;
            into.reason = f.reason;
        }
        for (const Evidence& e : f.evidence) {
            // The same place seen by two rules (one with a byte range, one without) is one piece of evidence.
            const bool known = std::any_of(into.evidence.cbegin(), into.evidence.cend(), [&e](const Evidence& o) {
                return o.kind == e.kind && o.hop == e.hop && o.side == e.side && o.container == e.container
                    && o.name == e.name && o.excerpt == e.excerpt;
            });
            if (!known)
                into.evidence.append(e);
        }
        for (const Fix& x : f.fixes) {
            if (std::none_of(into.fixes.cbegin(), into.fixes.cend(), [&x](const Fix& y) { return y.id == x.id; }))
                into.fixes.append(x);
        }
        if (!f.source.isEmpty() && !into.source.contains(f.source))
            into.source = into.source.isEmpty() ? f.source : into.source + QStringLiteral("; ") + f.source;
    }
    return out;
}

/// A proven cause makes the broad findings beside it noise: "authenticated" on a login page, "no
/// permission" on a 403 that a WAF or an expired token explains, "probably revoked" when something
/// else is proven wrong with the request.
void dropExplained(QList<Finding>& findings)
{
    const bool cause = Authlens::Diagnosis::hasCause(findings);
    if (!cause)
        return;
    findings.removeIf([](const Finding& f) {
        return f.code == Code::AuthOk
            || ((f.code == Code::PermissionDenied || f.code == Code::TokenRevoked
                 || f.code == Code::CredentialsRejected)
                && f.severity != Severity::Cause);
    });
}

} // namespace

bool Diagnosis::hasCause() const
{
    return Authlens::Diagnosis::hasCause(findings);
}

QJsonObject Diagnosis::toJson() const
{
    QJsonArray list;
    for (const Finding& f : findings)
        list.append(f.toJson());
    return QJsonObject {{QLatin1String("headline"), headline.toJson()}, {QLatin1String("findings"), list}};
}

void rankFindings(QList<Finding>& findings)
{
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        if (a.severity != b.severity)
            return int(a.severity) < int(b.severity);
        return specificity(a) > specificity(b);
    });
}

Diagnosis diagnose(const Http::Exchange& exchange, const DiagnoseOptions& options, const DiagnoseContext& context)
{
    const Facts facts = buildFacts(exchange, options, context);
    QList<Finding> findings;
    for (RuleFamily family : s_families)
        family(facts, findings);
    Diagnosis result;
    result.findings = merged(findings);
    dropExplained(result.findings);
    rankFindings(result.findings);
    result.headline = headlineFor(facts);
    return result;
}

} // namespace Authlens::Diagnosis
