#include "inspector/HeaderTable.h"

#include "common/DisplayFormat.h"
#include "common/SecretMask.h"
#include "common/StatusPalette.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QMenu>

namespace Authlens::Gui {

namespace {
constexpr int RawValueRole = Qt::UserRole + 1;
}

HeaderTable::HeaderTable(QWidget* parent)
    : QTableWidget(0, 2, parent)
{
    setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setHighlightSections(false);
    verticalHeader()->hide();
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    // Long challenge and cookie values wrap instead of being cut off; rows follow their content.
    setWordWrap(true);
    setTextElideMode(Qt::ElideNone);
    verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    setAlternatingRowColors(true);
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, &HeaderTable::showContextMenu);
}

HeaderTable::~HeaderTable() = default;

bool HeaderTable::isAuthRelevant(QByteArrayView name)
{
    static constexpr QByteArrayView names[] = {
        "WWW-Authenticate", "Proxy-Authenticate", "Authorization",       "Proxy-Authorization",       "Cookie",
        "Set-Cookie",       "Retry-After",        "Authentication-Info", "Proxy-Authentication-Info", "DPoP-Nonce",
        "Location",
    };
    for (QByteArrayView n : names) {
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return true;
    }
    const QByteArray lower = name.toByteArray().toLower();
    return lower.startsWith("ratelimit") || lower.startsWith("x-ratelimit")
        || Http::SecretPolicy::standard().isSecretHeader(name);
}

void HeaderTable::setHeaders(const Http::HeaderList& headers, const QList<Http::Withheld>& withheld,
                             const QList<Http::Placed>& placed)
{
    m_headers = headers;
    m_withheld = withheld;
    m_placedNames.clear();
    for (const Http::Placed& p : placed) {
        if (p.place == Http::CredentialPlace::Header)
            m_placedNames.append(p.name);
    }
    render();
}

void HeaderTable::clearHeaders()
{
    m_headers.clear();
    m_withheld.clear();
    m_placedNames.clear();
    render();
}

bool HeaderTable::selectHeader(QByteArrayView name, int field)
{
    int row = -1;
    int seen = 0;
    for (qsizetype i = 0; i < m_headers.size() && row < 0; ++i) {
        if (m_headers.at(i).first.compare(name, Qt::CaseInsensitive) == 0 && seen++ == field)
            row = int(i);
    }
    for (qsizetype i = 0; i < m_withheld.size() && row < 0; ++i) {
        if (m_withheld.at(i).name.compare(name, Qt::CaseInsensitive) == 0)
            row = int(m_headers.size() + i);
    }
    if (row < 0)
        return false;
    setCurrentCell(row, 1);
    scrollToItem(item(row, 1), QAbstractItemView::PositionAtCenter);
    return true;
}

void HeaderTable::setRevealSecrets(bool reveal)
{
    m_reveal = reveal;
    render();
}

void HeaderTable::render()
{
    setRowCount(0);
    setRowCount(int(m_headers.size() + m_withheld.size()));
    int row = 0;
    const Http::SecretPolicy policy = Http::SecretPolicy::standard().withHeaderNames(m_placedNames);
    for (const Http::Header& h : std::as_const(m_headers)) {
        auto* name = new QTableWidgetItem(QString::fromLatin1(h.first));
        auto* value = new QTableWidgetItem(displayHeaderValue(h.first, h.second, m_reveal, policy));
        value->setData(RawValueRole, headerText(h.second));
        value->setToolTip(value->text());
        if (isAuthRelevant(h.first)) {
            QFont bold = font();
            bold.setBold(true);
            name->setFont(bold);
            value->setFont(bold);
        }
        setItem(row, 0, name);
        setItem(row, 1, value);
        ++row;
    }
    // StatusPalette's amber: #e67e00 read at 2.9:1 on white; this reads on light and dark themes alike.
    const QColor withheldColor = StatusPalette::color(StatusPalette::Tone::Caution, palette());
    for (const Http::Withheld& w : std::as_const(m_withheld)) {
        const QString label = w.name.startsWith('?') ? tr("query “%1”").arg(QString::fromLatin1(w.name.mid(1)))
                                                     : QString::fromLatin1(w.name);
        auto* name = new QTableWidgetItem(label);
        auto* value = new QTableWidgetItem(tr("withheld — %1").arg(w.reason));
        value->setToolTip(w.reason);
        for (QTableWidgetItem* item : {name, value}) {
            QFont italic = font();
            italic.setItalic(true);
            italic.setBold(true);
            item->setFont(italic);
            item->setForeground(withheldColor);
        }
        setItem(row, 0, name);
        setItem(row, 1, value);
        ++row;
    }
}

void HeaderTable::showContextMenu(const QPoint& pos)
{
    const int row = rowAt(pos.y());
    if (row < 0 || row >= m_headers.size())
        return;
    const QString name = item(row, 0)->text();
    // Copy what is shown: a masked secret stays masked unless revealed.
    const QString value = m_reveal ? item(row, 1)->data(RawValueRole).toString() : item(row, 1)->text();
    QMenu menu(this);
    const QAction* copyValue = menu.addAction(tr("Copy value"));
    const QAction* copyLine = menu.addAction(tr("Copy “Name: value”"));
    const QAction* chosen = menu.exec(viewport()->mapToGlobal(pos));
    if (chosen == copyValue)
        QApplication::clipboard()->setText(value);
    else if (chosen == copyLine)
        QApplication::clipboard()->setText(name + QStringLiteral(": ") + value);
}

} // namespace Authlens::Gui
