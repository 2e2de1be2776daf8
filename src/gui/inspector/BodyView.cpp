#include "inspector/BodyView.h"

#include "common/DisplayFormat.h"
#include "common/StatusPalette.h"
#include "inspector/JsonHighlighter.h"
#include "inspector/MarkupHighlighter.h"

#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPromise>
#include <QTextCursor>
#include <QThreadPool>
#include <QToolButton>
#include <QVBoxLayout>

#include <memory>

namespace Authlens::Gui {

namespace {

QToolButton* modeButton(const QString& text, const QString& name, const QString& tip, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setObjectName(name);
    button->setToolTip(tip);
    button->setCheckable(true);
    button->setAutoRaise(true);
    return button;
}

} // namespace

BodyView::BodyView(QWidget* parent)
    : QWidget(parent)
    , m_modes(new QButtonGroup(this))
    , m_pretty(modeButton(tr("Pretty"), QStringLiteral("bodyModePretty"), tr("JSON re-indented and highlighted"), this))
    , m_raw(modeButton(tr("Raw"), QStringLiteral("bodyModeRaw"), tr("The body as received"), this))
    , m_html(modeButton(tr("HTML"), QStringLiteral("bodyModeHtml"), tr("HTML or XML source, highlighted"), this))
    , m_wrap(modeButton(tr("Wrap"), QStringLiteral("bodyWrapButton"), tr("Wrap long lines"), this))
    , m_copy(new QToolButton(this))
    , m_note(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
    , m_json(new JsonHighlighter(this))
    , m_markup(new MarkupHighlighter(this))
{
    m_modes->addButton(m_pretty, int(Mode::Pretty));
    m_modes->addButton(m_raw, int(Mode::Raw));
    m_modes->addButton(m_html, int(Mode::Html));
    m_modes->setExclusive(true);
    m_pretty->setChecked(true);
    m_copy->setText(tr("Copy"));
    m_copy->setObjectName(QStringLiteral("bodyCopyButton"));
    m_copy->setToolTip(tr("Copy the shown body to the clipboard"));
    m_copy->setAutoRaise(true);
    m_note->setObjectName(QStringLiteral("bodyNoteLabel"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setStyleSheet(
        QStringLiteral("color: %1;").arg(StatusPalette::color(StatusPalette::Tone::Caution, palette()).name()));
    m_note->hide();
    m_text->setObjectName(QStringLiteral("bodyText"));
    m_text->setReadOnly(true);
    m_text->setFont(monospaceFont());
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    auto* toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(0, 0, 0, 0);
    toolbar->addWidget(m_pretty);
    toolbar->addWidget(m_raw);
    toolbar->addWidget(m_html);
    toolbar->addStretch();
    toolbar->addWidget(m_wrap);
    toolbar->addWidget(m_copy);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(toolbar);
    layout->addWidget(m_note);
    layout->addWidget(m_text);

    connect(m_modes, &QButtonGroup::idClicked, this, [this] {
        m_userChoseMode = true;
        render();
    });
    connect(m_wrap, &QToolButton::toggled, m_text, [this](bool wrap) {
        m_text->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    });
    connect(m_copy, &QToolButton::clicked, this, [this] { QApplication::clipboard()->setText(m_text->toPlainText()); });
    connect(&m_watcher, &QFutureWatcher<BodyPreview>::finished, this, &BodyView::onPreviewFinished);
    clear();
}

BodyView::~BodyView() = default;

BodyView::Mode BodyView::mode() const
{
    return Mode(m_modes->checkedId());
}

void BodyView::setMode(Mode mode)
{
    m_modes->button(int(mode))->setChecked(true);
    m_userChoseMode = true;
    render();
}

bool BodyView::isPreparing() const
{
    return m_preparing;
}

void BodyView::selectBytes(const QByteArray& head, qsizetype start, qsizetype length)
{
    // Byte offsets into characters of the decoded text (UTF-8, as the preview decodes text bodies).
    m_selectStart = QString::fromUtf8(head.left(start)).size();
    m_selectLength = QString::fromUtf8(head.mid(start, length)).size();
    if (!m_preparing)
        applySelection();
}

void BodyView::applySelection()
{
    if (m_selectStart < 0)
        return;
    const qsizetype start = m_selectStart;
    const qsizetype length = m_selectLength;
    m_selectStart = -1;
    if (m_preview.kind == BodyPreview::Kind::Binary || m_preview.kind == BodyPreview::Kind::Empty)
        return;
    // Offsets count the body as received: show it raw (without making Raw the user's choice).
    if (mode() != Mode::Raw) {
        m_raw->setChecked(true);
        render();
    }
    QTextCursor cursor(m_text->document());
    const int end = int(std::min<qsizetype>(start + length, m_text->document()->characterCount() - 1));
    cursor.setPosition(int(std::min<qsizetype>(start, end)));
    cursor.setPosition(end, QTextCursor::KeepAnchor);
    m_text->setTextCursor(cursor);
    m_text->ensureCursorVisible();
}

QString BodyView::selectedText() const
{
    return m_text->textCursor().selectedText();
}

void BodyView::clear(const QString& message)
{
    m_selectStart = -1;
    m_watcher.cancel();
    m_preparing = false;
    m_preview = BodyPreview();
    m_json->setDocument(nullptr);
    m_markup->setDocument(nullptr);
    m_text->clear();
    m_text->setPlaceholderText(message.isEmpty() ? tr("No response yet.") : message);
    m_note->hide();
    updateModeButtons();
}

void BodyView::setBody(const Http::Body& body, const QByteArray& contentType)
{
    clear();
    m_preparing = true;
    m_text->setPlaceholderText(tr("Formatting %1…").arg(humanSize(body.size())));
    // The preview reads the (possibly spilled) body and formats it on a pool thread; the promise outlives
    // this view if it is destroyed first, and a newer setBody() simply replaces the watched future.
    auto promise = std::make_shared<QPromise<BodyPreview>>();
    QFuture<BodyPreview> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, body, contentType] {
        promise->addResult(preparePreview(body, contentType));
        promise->finish();
    });
    m_watcher.setFuture(future);
}

void BodyView::onPreviewFinished()
{
    // A preview that arrives after clear() (the exchange was replaced) is stale.
    if (!m_preparing || m_watcher.isCanceled() || m_watcher.future().resultCount() == 0)
        return;
    m_preview = m_watcher.result();
    m_preparing = false;
    if (!m_userChoseMode) {
        const bool markup = m_preview.kind == BodyPreview::Kind::Html || m_preview.kind == BodyPreview::Kind::Xml;
        m_modes->button(int(markup ? Mode::Html : Mode::Pretty))->setChecked(true);
    }
    render();
    applySelection();
    Q_EMIT previewReady();
}

void BodyView::updateModeButtons()
{
    const BodyPreview::Kind kind = m_preview.kind;
    const bool text = kind != BodyPreview::Kind::Binary && kind != BodyPreview::Kind::Empty;
    m_pretty->setEnabled(text);
    m_html->setEnabled(kind == BodyPreview::Kind::Html || kind == BodyPreview::Kind::Xml);
    m_copy->setEnabled(kind != BodyPreview::Kind::Empty);
}

void BodyView::render()
{
    updateModeButtons();
    if (m_preview.kind == BodyPreview::Kind::Empty) {
        if (!m_preparing)
            m_text->setPlaceholderText(tr("The response has no body."));
        m_text->clear();
        return;
    }
    Mode shown = mode();
    if (!m_pretty->isEnabled() && shown == Mode::Pretty)
        shown = Mode::Raw;
    if (!m_html->isEnabled() && shown == Mode::Html)
        shown = m_pretty->isEnabled() ? Mode::Pretty : Mode::Raw;

    const bool json = m_preview.kind == BodyPreview::Kind::Json;
    const bool markup = m_preview.kind == BodyPreview::Kind::Html || m_preview.kind == BodyPreview::Kind::Xml;
    const QString text
        = shown == Mode::Pretty && json && !m_preview.pretty.isEmpty() ? m_preview.pretty : m_preview.raw;

    QStringList notes;
    if (m_preview.kind == BodyPreview::Kind::Binary)
        notes.append(tr("Binary body (%1, %2): hex dump of the first %3.")
                         .arg(m_preview.mimeType.isEmpty() ? tr("unknown type") : m_preview.mimeType,
                              humanSize(m_preview.totalSize), humanSize(m_preview.shownBytes)));
    else if (m_preview.isTruncated())
        notes.append(
            tr("Showing the first %1 of %2.").arg(humanSize(m_preview.shownBytes), humanSize(m_preview.totalSize)));
    if (m_preview.isTruncated() && !m_preview.spillPath.isEmpty())
        notes.append(tr("Full body at %1.").arg(m_preview.spillPath));
    if (shown == Mode::Pretty && json && !m_preview.prettyNote.isEmpty())
        notes.append(m_preview.prettyNote);
    const bool highlight = text.size() <= HighlightLimit;
    if (!highlight && shown != Mode::Raw)
        notes.append(tr("Syntax highlighting is off for bodies over %1.").arg(humanSize(HighlightLimit)));
    m_note->setText(notes.join(u' '));
    m_note->setVisible(!notes.isEmpty());

    // Detach the highlighters before replacing the text so that it is highlighted once, not twice.
    m_json->setDocument(nullptr);
    m_markup->setDocument(nullptr);
    m_text->setPlainText(text);
    if (highlight && shown == Mode::Pretty && json)
        m_json->setDocument(m_text->document());
    else if (highlight && shown != Mode::Raw && markup)
        m_markup->setDocument(m_text->document());
}

} // namespace Authlens::Gui
