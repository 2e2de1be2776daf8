#pragma once

#include "inspector/AuthAnalysis.h"

#include <QWidget>

class QCheckBox;
class QFormLayout;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;
class QVBoxLayout;

namespace Authlens::Gui {

class RawFieldView;

/// "What you sent": the Authorization / Proxy-Authorization of the shown hop, decoded (scheme, Basic
/// user with the password masked until "Reveal secrets", token68 or parameters), the raw value with
/// findings marked at their offset, the findings of Auth::checkCredentials with their codes, and the
/// hop's credential ledger: each credential placed (where, from which source, bound to which
/// origins) beside each one withheld and why.
class SentCredentialsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SentCredentialsView)
public:
    explicit SentCredentialsView(QWidget* parent = nullptr);
    ~SentCredentialsView() override;

    void setAnalysis(const AuthAnalysis& analysis);
    void clear();
    int findingCount() const;

private:
    void render();
    void addCredentials(const SentCredentials& sent, int line);
    void renderLedger();
    void onFindingSelected(QTreeWidgetItem* item);

    QLabel* m_context = nullptr;
    QCheckBox* m_reveal = nullptr;
    QWidget* m_details = nullptr;
    QVBoxLayout* m_detailsLayout = nullptr;
    QLabel* m_empty = nullptr;
    RawFieldView* m_raw = nullptr;
    QLabel* m_ledgerTitle = nullptr;
    QTreeWidget* m_ledger = nullptr;
    QLabel* m_findingsTitle = nullptr;
    QTreeWidget* m_findings = nullptr;
    AuthAnalysis m_analysis;
};

} // namespace Authlens::Gui
