#pragma once

#include "diagnosis/Finding.h"

#include <QLabel>

namespace Authlens::Gui {

/// One piece of a finding's evidence as a link: where it is ("exp claim of the token in
/// Authorization"), the excerpt (secrets already masked by the rule) and what it shows. Clicking it, or
/// Return/Space when it has the focus, asks the inspector to select that place — as a click in
/// Wireshark's expert info selects the packet and the field.
class EvidenceLink final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvidenceLink)
public:
    /// `hopCount`: the hops of the exchange, to name the hop only when there are several.
    EvidenceLink(const Diagnosis::Evidence& evidence, int hopCount, QWidget* parent = nullptr);
    ~EvidenceLink() override;

    const Diagnosis::Evidence& evidence() const { return m_evidence; }
    /// "exp claim of the token in Authorization", "Date (response header)", …
    static QString placeText(const Diagnosis::Evidence& evidence, int hopCount);

Q_SIGNALS:
    void activated();

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    Diagnosis::Evidence m_evidence;
};

/// `text` with invisible break opportunities (U+200B) inside runs of more than `run` characters without
/// a space — URLs, header values, token excerpts — so that word-wrapped labels in a narrow dock wrap
/// them instead of growing wider than the dock.
QString breakableText(const QString& text, int run = 12);

} // namespace Authlens::Gui
