#pragma once

#include "jwt/InspectOptions.h"
#include "jwt/KeySet.h"
#include "jwt/TokenReport.h"

#include <QTimer>
#include <QWidget>

#include <QWidget>
#include <optional>

class QCheckBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableWidget;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace Authlens::Jwt {
class KeyDiscovery;
}

namespace Authlens::Gui {

class FieldTable;
class TimeBar;
class TokenInspection;
class TokenRawView;

/// One token, X-rayed (issue 4): kind with its evidence, signature status with "Verify with issuer
/// keys", a time bar with a live countdown to exp (every second), the raw token with its parts
/// coloured, and the header, claims (explained; times as UTC, local and relative) and problems.
/// Renders TokenReports from a TokenInspection; decides nothing itself.
class TokenDetails final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenDetails)
public:
    explicit TokenDetails(QWidget* parent = nullptr);
    ~TokenDetails() override;

    /// Inspects `token`; `origin` says where it was found ("access_token in the response body").
    void inspect(const QString& token, const Jwt::InspectOptions& options, const QString& origin);
    void clear(const QString& message = {});
    void setKeyDiscovery(Jwt::KeyDiscovery* discovery);
    /// The RFC 7638 thumbprint of the DPoP key whose proof went with the token (the profile's key, as the
    /// request's DPoP header shows it); empty when no proof was sent. For a DPoP-bound token (cnf.jkt,
    /// RFC 9449 §6.1) the Token tab says whether the two match. Set before inspect().
    void setDpopProofKey(const QByteArray& thumbprint);

    /// Selects the claim (or header field) `name` in its table — when the report arrives, if it is
    /// not shown yet. A name in neither table with a range (`start` ≥ 0) marks that range of the token
    /// in the Raw tab instead. Used by the findings panel's evidence links.
    void selectField(const QString& name, qsizetype start = -1, qsizetype length = 0);
    /// The name of the selected claim or header field in the visible table; empty when none.
    QString selectedField() const;

    /// Fetches the issuer's keys and checks the signature, as the "Verify with issuer keys" button does —
    /// once the report is shown, if it is not yet. False when the token has no http(s) issuer to ask.
    bool verifySignature();

    bool hasReport() const;
    const Jwt::TokenReport& report() const;
    bool isBusy() const;

Q_SIGNALS:
    /// A report is on screen (after inspect(), and again after verification).
    void reportShown();
    /// "Verify with issuer keys" found the issuer's keys.
    void keysFound(const Authlens::Jwt::KeySet& keys);

private:
    void showReport();
    void renderKind();
    void renderSignature();
    void renderVerifySource();
    void renderProblems();
    void renderBinding();
    void showFieldHelp();
    bool applyFieldSelection();
    void tick();
    void onProblemSelected(QTreeWidgetItem* item);
    void copyReport();

    TokenInspection* m_inspection = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    QLabel* m_origin = nullptr;
    QLabel* m_kind = nullptr;
    QLabel* m_signature = nullptr;
    QPushButton* m_verify = nullptr;
    QLabel* m_verifySource = nullptr;
    QLabel* m_binding = nullptr; ///< "Bound to DPoP key …" for a token with cnf.jkt
    QByteArray m_dpopProofKey;
    TimeBar* m_timeBar = nullptr;
    QLabel* m_countdown = nullptr;
    QCheckBox* m_reveal = nullptr;
    QToolButton* m_copy = nullptr;
    TokenRawView* m_raw = nullptr;
    QTabWidget* m_tabs = nullptr;
    FieldTable* m_claims = nullptr;
    FieldTable* m_header = nullptr;
    QTreeWidget* m_problems = nullptr;
    QLabel* m_fieldHelp = nullptr;
    QTimer m_clock;
    struct FieldSelection
    {
        QString name;
        qsizetype start = -1;
        qsizetype length = 0;
    };
    std::optional<FieldSelection> m_pendingField; ///< selectField() before the report was shown
    QString m_verifyError;
    bool m_verifyWhenShown = false; ///< verifySignature() before the report was shown
    QString m_originText; ///< where the token was found (inspect()'s `origin`)
};

} // namespace Authlens::Gui
