#pragma once

#include "http/Exchange.h"
#include "inspector/BodyPreview.h"

#include <QFutureWatcher>
#include <QWidget>

class QButtonGroup;
class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace Authlens::Gui {

class JsonHighlighter;
class MarkupHighlighter;

/// The response body: Pretty (JSON re-indented and highlighted), Raw, and HTML source. Decoding and
/// formatting run on a worker thread; large bodies show their first megabytes with a note.
class BodyView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BodyView)
public:
    enum class Mode { Pretty, Raw, Html };

    explicit BodyView(QWidget* parent = nullptr);
    ~BodyView() override;

    void setBody(const Http::Body& body, const QByteArray& contentType);
    void clear(const QString& message = {});
    Mode mode() const;
    void setMode(Mode mode);
    bool isPreparing() const;

    /// Bodies are highlighted only below this many characters (highlighting runs on the UI thread).
    static constexpr qsizetype HighlightLimit = 512 * 1024;

Q_SIGNALS:
    void previewReady();

private:
    void onPreviewFinished();
    void render();
    void updateModeButtons();

    QButtonGroup* m_modes = nullptr;
    QToolButton* m_pretty = nullptr;
    QToolButton* m_raw = nullptr;
    QToolButton* m_html = nullptr;
    QToolButton* m_wrap = nullptr;
    QToolButton* m_copy = nullptr;
    QLabel* m_note = nullptr;
    QPlainTextEdit* m_text = nullptr;
    JsonHighlighter* m_json = nullptr;
    MarkupHighlighter* m_markup = nullptr;
    QFutureWatcher<BodyPreview> m_watcher;
    BodyPreview m_preview;
    bool m_preparing = false;
    bool m_userChoseMode = false;
};

} // namespace Authlens::Gui
