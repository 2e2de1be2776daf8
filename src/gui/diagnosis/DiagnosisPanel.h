#pragma once

#include "http/Exchange.h"

#include <QWidget>

#include <memory>

namespace Ui {
class DiagnosisPanel;
}

namespace Authlens::Gui {

/// The Diagnosis dock: renders Diagnosis::explainStatus() for the last exchange — title, summary,
/// the headers that matter (present or absent) and next steps. Before any request: how to start.
class DiagnosisPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiagnosisPanel)
public:
    explicit DiagnosisPanel(QWidget* parent = nullptr);
    ~DiagnosisPanel() override;

    void showExchange(const Http::Exchange& exchange);
    void showSending();
    void showWelcome();

    QString title() const;
    QString bodyText() const; ///< the explanation as plain text

private:
    void setTitle(const QString& title, const QColor& color);

    const std::unique_ptr<Ui::DiagnosisPanel> m_ui;
};

} // namespace Authlens::Gui
