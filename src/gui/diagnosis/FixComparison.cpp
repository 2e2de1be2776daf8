#include "diagnosis/FixComparison.h"

namespace Authlens::Gui {

void FixComparison::arm(const Http::Exchange& before, const Diagnosis::Diagnosis& diagnosis, const QString& fix,
                        const QDateTime& sentAt)
{
    if (before.hops.isEmpty()) {
        m_pending.reset();
        return;
    }
    m_pending = Pending {before, diagnosis, fix, sentAt};
}

std::optional<ResendResult> FixComparison::take(const Http::Exchange& shown, const Diagnosis::Diagnosis& diagnosis)
{
    if (!m_pending)
        return std::nullopt;
    Pending pending = std::move(*m_pending);
    m_pending.reset();
    // The answer to the resend started after it went out; an exchange with no hop failed before one could
    // start, and only a new send makes such an exchange. An older one is another request's: the user moved on.
    if (!shown.hops.isEmpty() && shown.hops.constFirst().timing.started < pending.sentAt)
        return std::nullopt;
    ResendResult result;
    result.fix = pending.fix;
    Workspace::FlowSend before;
    before.exchange = std::move(pending.before);
    before.diagnosis = std::move(pending.diagnosis);
    Workspace::FlowSend after;
    after.exchange = shown;
    after.diagnosis = diagnosis;
    result.outcome.before = std::move(before);
    result.outcome.after = std::move(after);
    // The label may quote a name itself (Sign for “execute-api” and send again): not quoted again.
    result.outcome.summary = tr("Sent again by the fix: %1.").arg(pending.fix);
    return result;
}

} // namespace Authlens::Gui
