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
    /// Shows the body as received (Raw) with `length` bytes at byte `start` selected; `head` is the start
    /// of the body bytes (at least start + length), to count characters. Waits for a preview in progress.
    void selectBytes(const QByteArray& head, qsizetype start, qsizetype length);
    /// The selected text of the body view (tests).
    QString selectedText() const;

    /// Bodies are highlighted only below this many characters (highlighting runs on the UI thread).
    static constexpr qsizetype HighlightLimit = 512 * 1024;

Q_SIGNALS:
    void previewReady();

private:
    void onPreviewFinished();
    void render();
    void updateModeButtons();
    void applySelection();

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
    qsizetype m_selectStart = -1; ///< characters into the raw text; -1 for no selection to make
    qsizetype m_selectLength = 0;
};

} // namespace Authlens::Gui
