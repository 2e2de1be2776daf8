#pragma once

#include "http/Exchange.h"
#include "jwt/FoundToken.h"
#include "jwt/InspectOptions.h"
#include "jwt/KeySet.h"

#include <QFutureWatcher>
#include <QList>
#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace Authlens::Jwt {
class KeyDiscovery;
}

namespace Authlens::Gui {

class TokenDetails;

/// The inspector's Token tab (issue 4): every token TokenFinder finds in the exchange — the request's
/// Authorization, access_token / id_token / refresh_token in JSON bodies, cookies, Set-Cookie — listed
/// with where it came from, plus any token pasted into "Inspect a token…". Selecting one X-rays it in
/// a TokenDetails. Finding runs on a worker thread (it reads the response body).
class TokenView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenView)
public:
    explicit TokenView(QWidget* parent = nullptr);
    ~TokenView() override;

    void setExchange(const Http::Exchange& exchange);
    void clear();
    /// What the profile expects (audience, issuer, leeway): the base of every inspection.
    void setBaseOptions(const Jwt::InspectOptions& options);
    /// Shares a KeyDiscovery (and its JWKS cache) owned elsewhere; it must outlive this view.
    void setKeyDiscovery(Jwt::KeyDiscovery* discovery);

    /// Inspects a token given by the user (as if pasted) and selects it.
    void inspectToken(const QString& token);

    bool isFinding() const { return m_finding; }
    /// Tokens found in the exchange (pasted ones not counted).
    int tokenCount() const { return int(m_found.size()); }
    const QList<Jwt::FoundToken>& foundTokens() const { return m_found; }
    /// Selects the found token at `index` (order of foundTokens()).
    void selectToken(int index);
    /// Selects the token that `hop`'s request (or response) carried in `container` (the header, cookie,
    /// query parameter or JSON member it was found in) and, in its details, the claim `claim` (see
    /// TokenDetails::selectField). Waits for the tokens when they are still being looked for. False
    /// when no found token matches.
    bool selectClaim(int hop, bool requestSide, const QString& container, const QString& claim, qsizetype start = -1,
                     qsizetype length = 0);
    /// Selects the token of `hop`, side and container (as selectClaim() finds it) and checks its
    /// signature with the issuer's keys. False when there is no such token or no issuer to ask.
    bool verifyToken(int hop, bool requestSide, const QString& container);
    /// The found token selected in the list (index into foundTokens()), -1 for none or the pasted one.
    int selectedToken() const;
    TokenDetails* details() const { return m_details; }

Q_SIGNALS:
    /// The tokens of the last setExchange() are listed: tokenCount() is up to date.
    void tokensReady();
    /// "Verify with issuer keys" found the issuer's keys for the shown token.
    void keysFound(const Authlens::Jwt::KeySet& keys);

private:
    void onFound();
    void renderList();
    void fitListHeight();
    int findToken(int hop, bool requestSide, const QString& container) const;
    void onCurrentChanged(QTreeWidgetItem* current);
    void inspectPasted();

    QLineEdit* m_paste = nullptr;
    QPushButton* m_inspect = nullptr;
    QLabel* m_summary = nullptr;
    QTreeWidget* m_list = nullptr;
    TokenDetails* m_details = nullptr;
    QFutureWatcher<QList<Jwt::FoundToken>> m_watcher;
    Http::Exchange m_exchange;
    QList<Jwt::FoundToken> m_found;
    QString m_pasted;
    Jwt::InspectOptions m_base;
    bool m_finding = false;
    bool m_preferPasted = false; ///< the pasted token was the last thing asked for: keep it selected
    struct ClaimSelection
    {
        int hop = -1;
        bool requestSide = true;
        QString container;
        QString claim;
        qsizetype start = -1;
        qsizetype length = 0;
    };
    std::optional<ClaimSelection> m_pendingClaim; ///< selectClaim() while the tokens were being found
    std::optional<ClaimSelection> m_pendingVerify; ///< verifyToken() while the tokens were being found
};

} // namespace Authlens::Gui
