#pragma once

#include "jwt/TokenReport.h"

#include <QColor>
#include <QPlainTextEdit>

namespace Authlens::Gui {

/// The token as text with its parts coloured (header, payload, signature; the five JWE parts), malformed
/// positions underlined, and a mark for the selected part or problem (markRange(), like Wireshark's
/// markField()). The signature (the last part; all but a documented prefix of an opaque token) is a
/// secret: it is shown as a mask block until setRevealSecrets(true). Without it the token is useless to
/// anyone reading over a shoulder or a screenshot; header and payload are decoded in the tables anyway.
class TokenRawView final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenRawView)
public:
    explicit TokenRawView(QWidget* parent = nullptr);
    ~TokenRawView() override;

    void setReport(const Jwt::TokenReport& report);
    void clearReport();
    void setRevealSecrets(bool reveal);

    /// Marks `length` characters of the token at `offset` (positions in the inspected token).
    void markRange(qsizetype offset, qsizetype length, const QColor& background);
    /// Marks the part named `name` ("header", "payload", "signature"…); false when there is none.
    bool markPart(const QString& name);
    void unmark();
    QString markedText() const;

    /// Colours of the parts, also used for the legend.
    static QColor partColor(int index, Jwt::TokenFormat format);

private:
    void render();
    qsizetype maskStart() const;
    int toDocument(qsizetype tokenOffset, bool end) const;

    Jwt::TokenReport m_report;
    bool m_reveal = false;
    bool m_hasReport = false;
    qsizetype m_markOffset = -1;
    qsizetype m_markLength = 0;
    QColor m_markColor;
};

} // namespace Authlens::Gui
