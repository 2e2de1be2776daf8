#pragma once

#include "diagnosis/Diagnoser.h"
#include "http/Exchange.h"

#include <QFrame>

class QLabel;

namespace Authlens::Gui {

/// One side of the before/after comparison: the status of an exchange, its request, the token it
/// carried (only its last characters) and when that token expires, and its top findings. Or, when that
/// side never happened, why ("Not resent: the token endpoint refused").
class ExchangeSummaryView final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExchangeSummaryView)
public:
    explicit ExchangeSummaryView(const QString& caption, QWidget* parent = nullptr);
    ~ExchangeSummaryView() override;

    /// `token` is the access token the request carried (a secret: only "…ab12" is shown); `expiryText`
    /// says when it expires.
    void setExchange(const Http::Exchange& exchange, const Diagnosis::Diagnosis& diagnosis, const QString& token,
                     const QString& expiryText);
    /// This side has no exchange: `status` in place of one ("Not sent"), `why` below it.
    void setAbsent(const QString& status, const QString& why, const QString& token, const QString& expiryText);
    /// In place of the token line, for a comparison that is not about a token: what credential the request
    /// carried, in words that hold no secret.
    void setCredentialText(const QString& text);

    QString statusText() const;
    QString tokenText() const;
    /// Everything it says, as plain text.
    QString plainText() const;

    /// "…ab12" (the last four characters) for a long token; "•••" for a short one; "none" for none.
    static QString tokenTail(const QString& token);

private:
    void setToken(const QString& token, const QString& expiryText);

    QLabel* m_caption = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_request = nullptr;
    QLabel* m_token = nullptr;
    QLabel* m_findings = nullptr;
};

} // namespace Authlens::Gui
