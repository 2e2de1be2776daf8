#pragma once

#include "oauth/ResendResult.h"

#include <QWidget>

class QBoxLayout;
class QLabel;
class QScrollArea;

namespace Authlens::Gui {

class ExchangeSummaryView;
class TokenTranscriptView;

/// The second exchange beside the first (issue 10): after "Refresh token & resend" (or "Get a new token",
/// or a refresh before sending), the request before and after side by side — status, the token each
/// carried and its expiry, the top findings — then what changed in the request (the Authorization value
/// masked, "token …ab12 → …9f3c", the expiry before and after, other headers that differ) and the
/// token-endpoint transcript. The columns stack when the panel is narrow; the page scrolls as one.
/// After another fix that acts (ResendResult::fix), the same page without a token: the credential each request
/// carried in words, and what the fix changed in the request (the AWS scope, the signing time, the cookies).
class ResendComparison final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResendComparison)
public:
    explicit ResendComparison(QWidget* parent = nullptr);
    ~ResendComparison() override;

    void setResult(const ResendResult& result);
    void clear();
    bool hasResult() const { return m_hasResult; }

    ExchangeSummaryView* beforeView() const { return m_before; }
    ExchangeSummaryView* afterView() const { return m_after; }
    TokenTranscriptView* transcriptView() const { return m_transcript; }
    /// The "what changed" list, one line per change, as plain text.
    QStringList changes() const { return m_changes; }
    QString summaryText() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void setFixResult(const ResendResult& result);
    void showChanges();
    void updateDirection();

    QScrollArea* m_scroll = nullptr;
    QLabel* m_summary = nullptr;
    QBoxLayout* m_columns = nullptr;
    QLabel* m_arrow = nullptr;
    ExchangeSummaryView* m_before = nullptr;
    ExchangeSummaryView* m_after = nullptr;
    QLabel* m_changesLabel = nullptr;
    QLabel* m_transcriptCaption = nullptr;
    TokenTranscriptView* m_transcript = nullptr;
    QStringList m_changes;
    bool m_hasResult = false;
};

} // namespace Authlens::Gui
