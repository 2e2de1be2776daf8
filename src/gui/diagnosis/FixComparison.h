#pragma once

#include "diagnosis/Diagnoser.h"
#include "http/Exchange.h"
#include "oauth/ResendResult.h"

#include <QCoreApplication>
#include <QDateTime>

#include <optional>

namespace Authlens::Gui {

/// Waits for the answer to a fix's resend, to set it beside the answer the fix was clicked on (the inspector's
/// Fix tab). The answer is the next exchange shown that started after the resend went out. Any exchange shown
/// ends the wait: an older one means the user went to another request, one with no hop means the request
/// failed before it went out.
class FixComparison
{
    Q_DECLARE_TR_FUNCTIONS(FixComparison)
public:
    /// Waits for the answer to a resend that went out at \a sentAt, made by the fix labelled \a fix on the
    /// answer \a before. Nothing to wait for when \a before has no hop (it was never answered).
    void arm(const Http::Exchange& before, const Diagnosis::Diagnosis& diagnosis, const QString& fix,
             const QDateTime& sentAt);
    void disarm() { m_pending.reset(); }
    bool isArmed() const { return m_pending.has_value(); }

    /// The exchange now shown. When it is the answer the comparison waits for: the comparison, with `fix` set.
    /// The wait ends either way.
    std::optional<ResendResult> take(const Http::Exchange& shown, const Diagnosis::Diagnosis& diagnosis);

private:
    struct Pending
    {
        Http::Exchange before;
        Diagnosis::Diagnosis diagnosis;
        QString fix;
        QDateTime sentAt;
    };
    std::optional<Pending> m_pending;
};

} // namespace Authlens::Gui
