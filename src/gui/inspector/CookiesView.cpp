#include "inspector/CookiesView.h"

#include "common/DisplayFormat.h"
#include "common/SecretMask.h"
#include "inspector/SeverityStyle.h"
#include "inspector/WrapDelegate.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QNetworkCookie>
#include <QPalette>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Authlens::Gui {

namespace {

enum Column { Name, Verdict, ColumnCount };

enum Role {
    HopRole = Qt::UserRole, ///< int: the hop index
    ContainerRole, ///< "jar", "Cookie" (the request's, not from the jar) or "Set-Cookie"
    CookieNameRole, ///< the cookie name
};

/// How a verdict looks: a short label, and whether it deserves the reader's eye.
struct Look
{
    QString label;
    Level level = Level::Info;
    bool attention = false; ///< coloured; counted as a problem
    bool muted = false; ///< greyed: a cookie of another site, irrelevant to this request
};

Look lookOf(const Http::JarCookieVerdict& v, const QString& requestHost)
{
    using S = Http::CookieSendStatus;
    switch (v.status) {
    case S::Sent:
        return {CookiesView::tr("✓ Sent")};
    case S::DomainMismatch: {
        QString domain = v.cookie.domain().toLower();
        if (domain.startsWith(u'.'))
            domain = domain.mid(1);
        const bool sameSite = Http::registrableDomain(domain) == Http::registrableDomain(requestHost.toLower());
        if (!sameSite)
            return {CookiesView::tr("Not sent · another site"), Level::Info, false, true};
        return {v.hostOnly() ? CookiesView::tr("✗ Not sent · host-only cookie of another host")
                             : CookiesView::tr("✗ Not sent · domain does not match"),
                Level::Warning, true};
    }
    case S::NotOnPath:
        return {CookiesView::tr("✗ Not sent · not on its path"), Level::Warning, true};
    case S::SecureOnly:
        return {CookiesView::tr("✗ Not sent · Secure cookie over http"), Level::Warning, true};
    case S::Expired:
        return {CookiesView::tr("✗ Not sent · expired"), Level::Warning, true};
    case S::NameValuePairExceedsMaxSize:
        return {CookiesView::tr("✗ Not sent · too large"), Level::Warning, true};
    case S::UserPreferences:
        return {CookiesView::tr("✗ Withheld · you chose to send without cookies"), Level::Info, true};
    }
    return {};
}

Look lookOf(const Http::SetCookieVerdict& v)
{
    using S = Http::SetCookieStatus;
    switch (v.status) {
    case S::Stored:
        return {v.replaced ? CookiesView::tr("✓ Stored · replaced the old value") : CookiesView::tr("✓ Stored")};
    case S::Expired:
        return {CookiesView::tr("⌫ Deleted · expiry in the past"), Level::Info};
    case S::InvalidDomain:
        return {CookiesView::tr("✗ Rejected · invalid Domain"), Level::Error, true};
    case S::InvalidPrefix:
        return {CookiesView::tr("✗ Rejected · __Secure-/__Host- rules broken"), Level::Error, true};
    case S::SecureOnly:
        return {CookiesView::tr("✗ Rejected · Secure over http"), Level::Error, true};
    case S::OverwriteSecure:
        return {CookiesView::tr("✗ Rejected · would overwrite a Secure cookie"), Level::Error, true};
    case S::NameValuePairExceedsMaxSize:
        return {CookiesView::tr("✗ Rejected · too large"), Level::Error, true};
    case S::SyntaxError:
        return {CookiesView::tr("✗ Rejected · syntax error"), Level::Error, true};
    case S::DisallowedCharacter:
        return {CookiesView::tr("✗ Rejected · control character"), Level::Error, true};
    case S::NoCookieContent:
        return {CookiesView::tr("✗ Rejected · no name, no value"), Level::Error, true};
    }
    return {};
}

/// Where the cookie goes: "127.0.0.1 /session" for a host-only cookie, "*.example.com /" for a domain cookie.
QString scopeText(const QNetworkCookie& c)
{
    const QString domain = c.domain().startsWith(u'.') ? u'*' + c.domain() : c.domain();
    return (domain.isEmpty() ? CookiesView::tr("(no domain)") : domain) + u' '
        + (c.path().isEmpty() ? QStringLiteral("/") : c.path());
}

QString expiresText(const QNetworkCookie& c)
{
    return c.isSessionCookie()
        ? CookiesView::tr("session")
        : CookiesView::tr("until %1")
              .arg(c.expirationDate().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
}

/// A value for the cell: masked unless revealed, and never so long that it pushes the verdict away.
QString valueText(const QByteArray& value, bool reveal)
{
    const QString text = QString::fromUtf8(value);
    if (!reveal)
        return maskSecret(text);
    return text.size() > 24 ? text.left(20) + QStringLiteral("…") : text;
}

QString flagsText(const QNetworkCookie& c)
{
    QStringList flags;
    if (c.isSecure())
        flags.append(QStringLiteral("Secure"));
    if (c.isHttpOnly())
        flags.append(QStringLiteral("HttpOnly"));
    switch (c.sameSitePolicy()) {
    case QNetworkCookie::SameSite::Strict:
        flags.append(QStringLiteral("Strict"));
        break;
    case QNetworkCookie::SameSite::Lax:
        flags.append(QStringLiteral("Lax"));
        break;
    case QNetworkCookie::SameSite::None:
        flags.append(QStringLiteral("SameSite=None"));
        break;
    case QNetworkCookie::SameSite::Default:
        break;
    }
    return flags.join(QStringLiteral(" · "));
}

void paint(QTreeWidgetItem* item, const Look& look, const QColor& muted)
{
    if (look.muted) {
        for (int c = 0; c < ColumnCount; ++c)
            item->setForeground(c, muted);
    } else if (look.attention) {
        item->setForeground(Verdict, levelColor(look.level));
        item->setForeground(Name, levelColor(look.level));
    } else if (look.level == Level::Info && !look.label.startsWith(u'✓')) {
        item->setForeground(Verdict, levelColor(Level::Info));
    }
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
    m_tree->setHeaderLabels({tr("Cookie"), tr("Verdict")});
    m_tree->setRootIsDecorated(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Two columns, so the tab reads at 1280×800 where the inspector is ~550 px wide: the cookie (name,
    // value, scope, expiry on their own lines) and the verdict, which takes the room left and wraps.
    new WrapDelegate(m_tree, Verdict);
    QHeaderView* header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(Name, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(Verdict, QHeaderView::Stretch);

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

int CookiesView::problemCount() const
{
    return m_problems;
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
    const bool response = container.compare(u"Set-Cookie", Qt::CaseInsensitive) == 0;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* hopItem = m_tree->topLevelItem(i);
        if (hopItem->data(Name, HopRole).toInt() != hop)
            continue;
        for (int c = 0; c < hopItem->childCount(); ++c) {
            QTreeWidgetItem* item = hopItem->child(c);
            const bool isResponse = item->data(Name, ContainerRole).toString() == u"Set-Cookie";
            if (isResponse != response || item->data(Name, CookieNameRole).toString() != name)
                continue;
            m_tree->setCurrentItem(item);
            m_tree->scrollToItem(item);
            return true;
        }
    }
    return false;
}

QTreeWidgetItem* CookiesView::addRow(QTreeWidgetItem* hopItem, int hop, const QString& container,
                                     const QNetworkCookie& cookie)
{
    auto* item = new QTreeWidgetItem(hopItem);
    const bool response = container == u"Set-Cookie";
    const QString name = QString::fromUtf8(cookie.name());
    const QString flags = flagsText(cookie);
    QString details = expiresText(cookie);
    if (!flags.isEmpty())
        details += QStringLiteral(" · ") + flags;
    item->setText(Name,
                  (response ? QStringLiteral("← ") : QStringLiteral("→ ")) + (name.isEmpty() ? tr("(no name)") : name)
                      + QStringLiteral(" = ") + valueText(cookie.value(), m_reveal->isChecked()) + u'\n'
                      + scopeText(cookie) + u'\n' + details);
    item->setData(Name, HopRole, hop);
    item->setData(Name, ContainerRole, container);
    item->setData(Name, CookieNameRole, name);
    item->setToolTip(
        Name,
        tr("%1\nDomain: %2\nPath: %3\n%4")
            .arg(name, cookie.domain(), cookie.path().isEmpty() ? QStringLiteral("/") : cookie.path(), details));
    ++m_count;
    return item;
}

void CookiesView::render()
{
    m_tree->clear();
    m_count = 0;
    m_problems = 0;
    int sent = 0;
    int withheld = 0;
    int stored = 0;
    int rejected = 0;
    const QColor muted = palette().color(QPalette::PlaceholderText);
    QFont bold = m_tree->font();
    bold.setBold(true);
    for (qsizetype i = 0; i < m_exchange.hops.size(); ++i) {
        const Http::Hop& hop = m_exchange.hops.at(i);
        const Http::CookieRecord& c = hop.cookies;
        const bool explained = !c.jar.isEmpty() || !c.setCookies.isEmpty();
        if (!explained && c.sent.isEmpty() && c.received.isEmpty() && c.rejected.isEmpty())
            continue;
        auto* hopItem = new QTreeWidgetItem(m_tree);
        // Scheme and query left out, long paths shortened: the row must fit the narrow inspector.
        QString where = hop.request.url.toDisplayString(QUrl::RemoveScheme | QUrl::RemoveQuery | QUrl::RemoveUserInfo);
        if (where.startsWith(QStringLiteral("//")))
            where = where.mid(2);
        if (where.size() > 60)
            where = where.left(28) + QStringLiteral("…") + where.right(28);
        QString hopText = tr("#%1 %2 %3").arg(i + 1).arg(QString::fromLatin1(hop.request.method), where);
        if (hop.response.received)
            hopText += QStringLiteral("  →  %1").arg(hop.response.status);
        hopItem->setText(Name, hopText);
        hopItem->setToolTip(Name, hop.request.url.toDisplayString(QUrl::RemoveUserInfo));
        hopItem->setData(Name, HopRole, int(i));
        hopItem->setFont(Name, bold);
        hopItem->setFirstColumnSpanned(true);

        if (explained) {
            const QString host = hop.request.url.host();
            for (const Http::JarCookieVerdict& v : c.jar) {
                QTreeWidgetItem* item = addRow(hopItem, int(i), QStringLiteral("jar"), v.cookie);
                const Look look = lookOf(v, host);
                item->setText(Verdict, v.sent() ? look.label : look.label + u'\n' + v.explanation);
                item->setToolTip(Verdict, Http::cookieSendStatusName(v.status) + QStringLiteral(": ") + v.explanation);
                paint(item, look, muted);
                (v.sent() ? sent : withheld)++;
                m_problems += look.attention ? 1 : 0;
            }
            for (const Http::SetCookieVerdict& v : c.setCookies) {
                QTreeWidgetItem* item = addRow(hopItem, int(i), QStringLiteral("Set-Cookie"), v.cookie);
                const Look look = lookOf(v);
                item->setText(Verdict, look.label + u'\n' + v.explanation);
                item->setToolTip(Verdict, Http::setCookieStatusName(v.status) + QStringLiteral(": ") + v.explanation);
                paint(item, look, muted);
                (v.accepted() ? stored : rejected)++;
                m_problems += look.attention ? 1 : 0;
            }
        } else {
            // A recorded exchange without verdicts (another tool's HAR): what was sent and received.
            for (const QNetworkCookie& cookie : c.sent) {
                addRow(hopItem, int(i), QStringLiteral("Cookie"), cookie)->setText(Verdict, tr("✓ Sent"));
                ++sent;
            }
            for (const QNetworkCookie& cookie : c.received) {
                addRow(hopItem, int(i), QStringLiteral("Set-Cookie"), cookie)->setText(Verdict, tr("Received"));
                ++stored;
            }
            for (const QString& reason : c.rejected) {
                auto* item = new QTreeWidgetItem(hopItem);
                item->setText(Name, tr("✗ rejected"));
                item->setText(Verdict, reason);
                item->setForeground(Name, levelColor(Level::Error));
                item->setForeground(Verdict, levelColor(Level::Error));
                ++rejected;
                ++m_problems;
            }
        }
    }
    m_tree->expandAll();
    if (m_exchange.hops.isEmpty())
        m_summary->setText(tr("Every cookie of every hop appears here: sent or withheld by the jar, and every "
                              "Set-Cookie stored or rejected, with the rule that decided."));
    else if (m_count == 0 && rejected == 0)
        m_summary->setText(
            tr("No cookies: the profile's cookie jar is empty for this origin and no response set one."));
    else
        m_summary->setText(tr("Request: %1 sent, %2 withheld.  Response: %3 stored or deleted, %4 rejected.")
                               .arg(sent)
                               .arg(withheld)
                               .arg(stored)
                               .arg(rejected));
}

} // namespace Authlens::Gui
