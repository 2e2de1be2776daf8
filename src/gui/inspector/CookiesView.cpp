#include "inspector/CookiesView.h"

#include "common/DisplayFormat.h"
#include "common/SecretMask.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QNetworkCookie>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Authlens::Gui {

namespace {

enum Column { Direction, Name, Value, Domain, Path, Expires, Secure, HttpOnly, SameSite, ColumnCount };

QString sameSiteText(QNetworkCookie::SameSite policy)
{
    switch (policy) {
    case QNetworkCookie::SameSite::Default:
        return QString();
    case QNetworkCookie::SameSite::None:
        return QStringLiteral("None");
    case QNetworkCookie::SameSite::Lax:
        return QStringLiteral("Lax");
    case QNetworkCookie::SameSite::Strict:
        return QStringLiteral("Strict");
    }
    return QString();
}

QString yes(bool on)
{
    return on ? QStringLiteral("✓") : QString();
}

} // namespace

CookiesView::CookiesView(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_reveal(new QCheckBox(tr("Reveal values"), this))
    , m_tree(new QTreeWidget(this))
{
    m_tree->setObjectName(QStringLiteral("cookiesTree"));
    m_reveal->setObjectName(QStringLiteral("revealCookiesCheck"));
    m_summary->setObjectName(QStringLiteral("cookiesSummaryLabel"));
    m_summary->setWordWrap(true);
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Hop / direction"), tr("Name"), tr("Value"), tr("Domain"), tr("Path"), tr("Expires"),
                             tr("Secure"), tr("HttpOnly"), tr("SameSite")});
    m_tree->setRootIsDecorated(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(Value, QHeaderView::Interactive);
    m_tree->header()->resizeSection(Value, 180);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_reveal);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_tree);
    connect(m_reveal, &QCheckBox::toggled, this, &CookiesView::render);
    clear();
}

CookiesView::~CookiesView() = default;

int CookiesView::cookieCount() const
{
    return m_count;
}

void CookiesView::setExchange(const Http::Exchange& exchange)
{
    m_exchange = exchange;
    render();
}

void CookiesView::clear()
{
    m_exchange = Http::Exchange();
    render();
}

bool CookiesView::selectCookie(int hop, const QString& container, const QString& name)
{
    // Interim, until the cookie verdicts (another branch) replace this view: hop rows read "#<n> …",
    // request cookies are "sent", Set-Cookie ones "received".
    const QString hopPrefix = QStringLiteral("#%1 ").arg(hop + 1);
    const bool response = container.compare(u"Set-Cookie", Qt::CaseInsensitive) == 0;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* hopItem = m_tree->topLevelItem(i);
        if (!hopItem->text(Direction).startsWith(hopPrefix))
            continue;
        for (int c = 0; c < hopItem->childCount(); ++c) {
            QTreeWidgetItem* item = hopItem->child(c);
            const bool isResponse = item->text(Direction).contains(tr("received"));
            if (isResponse != response || item->text(Name) != name)
                continue;
            m_tree->setCurrentItem(item);
            m_tree->scrollToItem(item);
            return true;
        }
    }
    return false;
}

void CookiesView::render()
{
    m_tree->clear();
    m_count = 0;
    int sent = 0;
    int received = 0;
    int rejected = 0;
    const bool reveal = m_reveal->isChecked();
    const QColor rejectedColor(0xc6, 0x28, 0x28);
    for (qsizetype i = 0; i < m_exchange.hops.size(); ++i) {
        const Http::Hop& hop = m_exchange.hops.at(i);
        const Http::CookieRecord& c = hop.cookies;
        if (c.sent.isEmpty() && c.received.isEmpty() && c.rejected.isEmpty())
            continue;
        auto* hopItem = new QTreeWidgetItem(m_tree);
        hopItem->setText(Direction,
                         tr("#%1 %2 %3")
                             .arg(i + 1)
                             .arg(QString::fromLatin1(hop.request.method),
                                  hop.request.url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo)));
        hopItem->setFirstColumnSpanned(true);
        const auto addCookie = [&](const QNetworkCookie& cookie, const QString& direction) -> void {
            auto* item = new QTreeWidgetItem(hopItem);
            item->setText(Direction, direction);
            item->setText(Name, QString::fromUtf8(cookie.name()));
            const QString value = QString::fromUtf8(cookie.value());
            item->setText(Value, reveal ? value : maskSecret(value));
            item->setText(Domain, cookie.domain());
            item->setText(Path, cookie.path());
            item->setText(Expires,
                          cookie.isSessionCookie() ? tr("session")
                                                   : cookie.expirationDate().toUTC().toString(Qt::ISODate));
            item->setText(Secure, yes(cookie.isSecure()));
            item->setText(HttpOnly, yes(cookie.isHttpOnly()));
            item->setText(SameSite, sameSiteText(cookie.sameSitePolicy()));
            ++m_count;
        };
        for (const QNetworkCookie& cookie : c.sent) {
            addCookie(cookie, tr("→ sent"));
            ++sent;
        }
        for (const QNetworkCookie& cookie : c.received) {
            addCookie(cookie, tr("← received"));
            ++received;
        }
        for (const QString& reason : c.rejected) {
            auto* item = new QTreeWidgetItem(hopItem);
            item->setText(Direction, tr("✗ rejected"));
            item->setText(Name, reason);
            item->setFirstColumnSpanned(false);
            item->setForeground(Direction, rejectedColor);
            item->setForeground(Name, rejectedColor);
            item->setToolTip(Name, reason);
            ++rejected;
        }
    }
    m_tree->expandAll();
    if (m_exchange.hops.isEmpty())
        m_summary->setText(tr("Cookies sent and received on every hop appear here."));
    else if (m_count == 0 && rejected == 0)
        m_summary->setText(tr("No cookies were sent or received. The profile's cookie jar is empty for this origin."));
    else
        m_summary->setText(tr("%1 sent, %2 received, %3 rejected by the jar.").arg(sent).arg(received).arg(rejected));
}

} // namespace Authlens::Gui
