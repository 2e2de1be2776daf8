#include "inspector/TokenView.h"

#include "common/DisplayFormat.h"
#include "inspector/TokenDetails.h"
#include "jwt/CompactJws.h"
#include "jwt/PrivateKey.h"
#include "jwt/TokenFinder.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPromise>
#include <QPushButton>
#include <QThreadPool>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Authlens::Gui {

namespace {

enum Column { TokenColumn, WhereColumn };
constexpr int MaxVisibleTokens = 4; ///< the list shows this many rows before it scrolls
constexpr int IndexRole = Qt::UserRole + 1; ///< index into the found tokens; -1 for the pasted one
constexpr int PastedIndex = -1;

// The start of a token, enough to tell two apart: a JWT's header part is not secret; of anything else
// only a few characters are shown.
QString preview(const Jwt::FoundToken& token)
{
    const qsizetype shown = token.looksLikeJwt ? 16 : 4;
    return token.token.size() <= shown ? QStringLiteral("…") : token.token.left(shown) + QStringLiteral("…");
}

} // namespace

TokenView::TokenView(QWidget* parent)
    : QWidget(parent)
    , m_paste(new QLineEdit(this))
    , m_inspect(new QPushButton(tr("Inspect"), this))
    , m_summary(new QLabel(this))
    , m_list(new QTreeWidget(this))
    , m_details(new TokenDetails(this))
{
    m_paste->setObjectName(QStringLiteral("tokenPasteEdit"));
    m_paste->setPlaceholderText(tr("Inspect a token… paste a JWT, an opaque token or an API key"));
    m_paste->setClearButtonEnabled(true);
    // A pasted token is a secret: keep it out of screen recordings until it is X-rayed below.
    m_paste->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_inspect->setObjectName(QStringLiteral("inspectTokenButton"));
    m_summary->setObjectName(QStringLiteral("tokenSummaryLabel"));
    m_summary->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("foundTokensList"));
    m_list->setHeaderLabels({tr("Token"), tr("Where it was found")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setUniformRowHeights(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideMiddle); // the full text is the row's tooltip
    m_list->header()->setSectionResizeMode(TokenColumn, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    m_list->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_details->setObjectName(QStringLiteral("tokenDetails"));
    connect(m_details, &TokenDetails::keysFound, this, &TokenView::keysFound);

    // The list runs across the top, as high as its rows (up to MaxVisibleTokens): the token's details
    // below get the whole width for the claims table, which a side list used to squeeze.
    auto* pasteRow = new QHBoxLayout;
    pasteRow->addWidget(m_paste, 1);
    pasteRow->addWidget(m_inspect);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(pasteRow);
    layout->addWidget(m_summary);
    layout->addWidget(m_list);
    layout->addWidget(m_details, 1);

    connect(m_paste, &QLineEdit::returnPressed, this, &TokenView::inspectPasted);
    connect(m_inspect, &QPushButton::clicked, this, &TokenView::inspectPasted);
    connect(m_paste, &QLineEdit::textChanged, this,
            [this](const QString& text) { m_inspect->setEnabled(!text.trimmed().isEmpty()); });
    connect(m_list, &QTreeWidget::currentItemChanged, this, &TokenView::onCurrentChanged);
    connect(&m_watcher, &QFutureWatcher<QList<Jwt::FoundToken>>::finished, this, &TokenView::onFound);
    m_inspect->setEnabled(false);
    clear();
}

TokenView::~TokenView() = default;

void TokenView::setBaseOptions(const Jwt::InspectOptions& options)
{
    m_base = options;
}

void TokenView::setKeyDiscovery(Jwt::KeyDiscovery* discovery)
{
    m_details->setKeyDiscovery(discovery);
}

void TokenView::clear()
{
    m_watcher.cancel();
    m_finding = false;
    m_pendingClaim.reset();
    m_pendingVerify.reset();
    m_exchange = Http::Exchange();
    m_found.clear();
    renderList();
}

void TokenView::setExchange(const Http::Exchange& exchange)
{
    m_exchange = exchange;
    m_preferPasted = false;
    m_finding = true;
    m_summary->setText(tr("Looking for tokens…"));
    auto promise = std::make_shared<QPromise<QList<Jwt::FoundToken>>>();
    QFuture<QList<Jwt::FoundToken>> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, exchange] {
        promise->addResult(Jwt::TokenFinder::find(exchange));
        promise->finish();
    });
    m_watcher.setFuture(future);
}

void TokenView::onFound()
{
    if (!m_finding || m_watcher.isCanceled() || m_watcher.future().resultCount() == 0)
        return;
    m_found = m_watcher.result();
    m_finding = false;
    renderList();
    if (m_pendingClaim) {
        const ClaimSelection wanted = *m_pendingClaim;
        m_pendingClaim.reset();
        selectClaim(wanted.hop, wanted.requestSide, wanted.container, wanted.claim, wanted.start, wanted.length);
    }
    if (m_pendingVerify) {
        const ClaimSelection wanted = *m_pendingVerify;
        m_pendingVerify.reset();
        verifyToken(wanted.hop, wanted.requestSide, wanted.container);
    }
    Q_EMIT tokensReady();
}

void TokenView::renderList()
{
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    if (!m_pasted.isEmpty()) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(TokenColumn, tr("Pasted token"));
        item->setText(WhereColumn, tr("typed or pasted above"));
        item->setData(TokenColumn, IndexRole, PastedIndex);
    }
    for (qsizetype i = 0; i < m_found.size(); ++i) {
        const Jwt::FoundToken& token = m_found.at(i);
        auto* item = new QTreeWidgetItem(m_list);
        QString where = token.label;
        if (token.hopIndex >= 0 && m_exchange.hops.size() > 1)
            where += tr(" (hop %1)").arg(token.hopIndex + 1);
        item->setText(TokenColumn, token.name.isEmpty() ? preview(token) : token.name);
        item->setText(WhereColumn, where);
        for (int column : {TokenColumn, WhereColumn})
            item->setToolTip(column, tr("%1\nStarts with %2").arg(where, preview(token)));
        item->setData(TokenColumn, IndexRole, int(i));
    }
    if (m_exchange.hops.isEmpty())
        m_summary->setText(tr("Tokens of an exchange appear here: the request's Authorization, access_token, "
                              "id_token and refresh_token in JSON responses, cookies and Set-Cookie."));
    else if (m_found.isEmpty())
        m_summary->setText(tr("No token in this exchange: none in the request's Authorization, the response "
                              "body, cookies or Set-Cookie. Paste one above to inspect it."));
    else
        m_summary->setText(tr("%1 in this exchange:").arg(countText(m_found.size(), tr("token"), tr("tokens"))));
    // The list says it all once it has rows (the tab title counts them).
    m_summary->setVisible(m_list->topLevelItemCount() == 0);
    m_list->setVisible(m_list->topLevelItemCount() > 0);
    fitListHeight();

    if (m_list->topLevelItemCount() == 0) {
        m_details->clear(m_exchange.hops.isEmpty()
                             ? tr("Paste a token above, or send a request: its tokens are X-rayed here.")
                             : tr("No token found in this exchange. Paste one above to X-ray it."));
        return;
    }
    // Open the first found token (a fresh exchange is what the user looks at), or the one just pasted.
    QTreeWidgetItem* first = m_list->topLevelItem(m_preferPasted || m_pasted.isEmpty() || m_found.isEmpty() ? 0 : 1);
    m_list->setCurrentItem(first);
    onCurrentChanged(first);
}

void TokenView::fitListHeight()
{
    const int rows = std::clamp(m_list->topLevelItemCount(), 1, MaxVisibleTokens);
    const int row = std::max(m_list->sizeHintForRow(0), fontMetrics().height() + 4);
    m_list->setFixedHeight(m_list->header()->sizeHint().height() + rows * row + 2 * m_list->frameWidth());
}

void TokenView::selectToken(int index)
{
    for (int row = 0; row < m_list->topLevelItemCount(); ++row) {
        QTreeWidgetItem* item = m_list->topLevelItem(row);
        if (item->data(TokenColumn, IndexRole).toInt() == index) {
            m_list->setCurrentItem(item);
            return;
        }
    }
}

int TokenView::selectedToken() const
{
    const QTreeWidgetItem* item = m_list->currentItem();
    return item ? item->data(TokenColumn, IndexRole).toInt() : -1;
}

int TokenView::findToken(int hop, bool requestSide, const QString& container) const
{
    // The exact place first (hop, side, container), then the same container on any hop, then the first
    // token of that side of the hop.
    const auto find = [&](auto&& matches) -> int {
        for (qsizetype i = 0; i < m_found.size(); ++i) {
            if (matches(m_found.at(i)))
                return int(i);
        }
        return -1;
    };
    const auto sameContainer = [&container](const Jwt::FoundToken& t) -> bool {
        return !container.isEmpty() && t.name.compare(container, Qt::CaseInsensitive) == 0;
    };
    int index = find([&](const Jwt::FoundToken& t) {
        return t.hopIndex == hop && Jwt::isRequestLocation(t.location) == requestSide && sameContainer(t);
    });
    if (index < 0)
        index = find([&](const Jwt::FoundToken& t) {
            return Jwt::isRequestLocation(t.location) == requestSide && sameContainer(t);
        });
    if (index < 0)
        index = find([&](const Jwt::FoundToken& t) {
            return t.hopIndex == hop && Jwt::isRequestLocation(t.location) == requestSide;
        });
    return index;
}

bool TokenView::selectClaim(int hop, bool requestSide, const QString& container, const QString& claim, qsizetype start,
                            qsizetype length)
{
    if (m_finding) {
        m_pendingClaim = ClaimSelection {hop, requestSide, container, claim, start, length};
        return true;
    }
    const int index = findToken(hop, requestSide, container);
    if (index < 0)
        return false;
    m_preferPasted = false;
    selectToken(index);
    m_details->selectField(claim, start, length);
    return true;
}

bool TokenView::verifyToken(int hop, bool requestSide, const QString& container)
{
    if (m_finding) {
        // The finder still runs (a big exchange, a busy machine): verify once the tokens are known, as a
        // claim selection does; a click must not be lost to the race.
        m_pendingVerify = ClaimSelection {hop, requestSide, container, {}, 0, 0};
        return true;
    }
    const int index = findToken(hop, requestSide, container);
    if (index < 0)
        return false;
    m_preferPasted = false;
    selectToken(index);
    return m_details->verifySignature();
}

void TokenView::onCurrentChanged(QTreeWidgetItem* current)
{
    if (!current)
        return;
    const int index = current->data(TokenColumn, IndexRole).toInt();
    if (index == PastedIndex) {
        m_details->setDpopProofKey({});
        m_details->inspect(m_pasted, m_base, tr("Pasted token"));
        return;
    }
    if (index < 0 || index >= m_found.size())
        return;
    const Jwt::FoundToken& token = m_found.at(index);
    QString origin = token.label;
    if (token.hopIndex >= 0 && token.hopIndex < m_exchange.hops.size())
        origin += tr(" — %1 %2")
                      .arg(QString::fromLatin1(m_exchange.hops.at(token.hopIndex).request.method),
                           m_exchange.hops.at(token.hopIndex).request.url.toDisplayString(QUrl::RemoveUserInfo));
    // The DPoP proof that went with it (the request of the same hop): the Token tab shows the binding.
    QByteArray proofKey;
    if (token.hopIndex >= 0 && token.hopIndex < m_exchange.hops.size()) {
        const auto proof = Jwt::CompactJws::parse(
            Http::headerValue(m_exchange.hops.at(token.hopIndex).request.headers, "DPoP").trimmed());
        if (proof)
            proofKey = Jwt::jwkThumbprint(proof->header.value(u"jwk").toObject());
    }
    m_details->setDpopProofKey(proofKey);
    m_details->inspect(token.token, Jwt::TokenFinder::optionsFor(m_exchange, token, m_base), origin);
}

void TokenView::inspectToken(const QString& token)
{
    if (token.trimmed().isEmpty())
        return;
    m_pasted = token.trimmed();
    m_preferPasted = true;
    renderList();
}

void TokenView::inspectPasted()
{
    const QString text = m_paste->text().trimmed();
    if (text.isEmpty())
        return;
    m_paste->clear();
    inspectToken(text);
}

} // namespace Authlens::Gui
