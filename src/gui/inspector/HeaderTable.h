#pragma once

#include "http/Exchange.h"

#include <QTableWidget>

namespace Authlens::Gui {

/// A read-only table of header fields in wire order, duplicates kept. Auth-relevant fields are bold,
/// secret values masked until setRevealSecrets(true); withheld credentials are listed as extra rows.
class HeaderTable final : public QTableWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeaderTable)
public:
    explicit HeaderTable(QWidget* parent = nullptr);
    ~HeaderTable() override;

    /// `placed`: the hop's credential ledger; a credential it names is masked whatever it is called.
    void setHeaders(const Http::HeaderList& headers, const QList<Http::Withheld>& withheld = {},
                    const QList<Http::Placed>& placed = {});
    void setRevealSecrets(bool reveal);
    void clearHeaders();
    /// Selects the row of the `field`-th header named `name` (counted from 0, case-insensitive), or of
    /// the withheld credential of that name; false when there is none.
    bool selectHeader(QByteArrayView name, int field = 0);

    /// WWW-Authenticate, Proxy-Authenticate, Authorization, Cookie, Set-Cookie, Retry-After, RateLimit-* …
    static bool isAuthRelevant(QByteArrayView name);

private:
    void render();
    void showContextMenu(const QPoint& pos);

    Http::HeaderList m_headers;
    QList<Http::Withheld> m_withheld;
    QList<QByteArray> m_placedNames; ///< header names the ledger placed: masked like any credential
    bool m_reveal = false;
};

} // namespace Authlens::Gui
