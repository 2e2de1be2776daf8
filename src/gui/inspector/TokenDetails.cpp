#include "inspector/TokenDetails.h"

#include "common/DisplayFormat.h"
#include "inspector/FieldTable.h"
#include "inspector/SeverityStyle.h"
#include "inspector/TimeBar.h"
#include "inspector/TokenInspection.h"
#include "inspector/TokenRawView.h"
#include "inspector/WrapDelegate.h"
#include "jwt/ReportJson.h"
#include "jwt/TimeText.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Authlens::Gui {

namespace {

enum ProblemColumn { ProblemSeverityColumn, ProblemCodeColumn, ProblemMessageColumn };
constexpr int ProblemOffsetRole = Qt::UserRole + 3;
constexpr int PartRole = Qt::UserRole + 4;
constexpr int ProblemLevelRole = Qt::UserRole + 5;

const QColor goodColor(0x2e, 0x7d, 0x32);

QString coloured(const QString& text, const QColor& color, bool bold = true)
{
    return QStringLiteral("<span style=\"color:%1;%2\">%3</span>")
        .arg(color.name(), bold ? QStringLiteral(" font-weight:600;") : QString(), text.toHtmlEscaped());
}

// "0:59:58": the exact time left, so the countdown visibly moves every second.
QString clock(qint64 seconds)
{
    const qint64 s = std::abs(seconds);
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg((s % 3600) / 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QLabel* smallLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

TokenDetails::TokenDetails(QWidget* parent)
    : QWidget(parent)
    , m_inspection(new TokenInspection(this))
    , m_stack(new QStackedWidget(this))
    , m_placeholder(smallLabel(QStringLiteral("tokenPlaceholderLabel"), this))
    , m_origin(smallLabel(QStringLiteral("tokenOriginLabel"), this))
    , m_kind(smallLabel(QStringLiteral("tokenKindLabel"), this))
    , m_signature(smallLabel(QStringLiteral("signatureStatusLabel"), this))
    , m_verify(new QPushButton(tr("Verify with issuer keys"), this))
    , m_verifySource(smallLabel(QStringLiteral("verifySourceLabel"), this))
    , m_binding(smallLabel(QStringLiteral("dpopBindingLabel"), this))
    , m_timeBar(new TimeBar(this))
    , m_countdown(smallLabel(QStringLiteral("countdownLabel"), this))
    , m_reveal(new QCheckBox(tr("Reveal signature"), this))
    , m_copy(new QToolButton(this))
    , m_raw(new TokenRawView(this))
    , m_tabs(new QTabWidget(this))
    , m_claims(new FieldTable(true, this))
    , m_header(new FieldTable(false, this))
    , m_problems(new QTreeWidget(this))
    , m_fieldHelp(smallLabel(QStringLiteral("fieldHelpLabel"), this))
{
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_origin->setForegroundRole(QPalette::PlaceholderText);
    m_kind->setTextFormat(Qt::RichText);
    m_signature->setTextFormat(Qt::RichText);
    m_countdown->setTextFormat(Qt::RichText);
    m_binding->setTextFormat(Qt::RichText);
    m_binding->hide();
    m_verify->setObjectName(QStringLiteral("verifyButton"));
    m_verify->setToolTip(tr("Fetch the issuer's OpenID configuration and its JWKS, then check the signature"));
    m_verifySource->setForegroundRole(QPalette::PlaceholderText);
    m_timeBar->setObjectName(QStringLiteral("tokenTimeBar"));
    m_reveal->setObjectName(QStringLiteral("revealTokenCheck"));
    m_reveal->setToolTip(tr("The signature makes the token usable: it is hidden until you reveal it"));
    m_copy->setObjectName(QStringLiteral("copyReportButton"));
    m_copy->setText(tr("Copy report as JSON"));
    m_copy->setToolTip(tr("The report as `authlens-cli jwt` prints it — without the token itself"));
    m_copy->setAutoRaise(true);
    m_raw->setObjectName(QStringLiteral("tokenRawView"));
    m_claims->setObjectName(QStringLiteral("claimsTable"));
    m_header->setObjectName(QStringLiteral("tokenHeaderTable"));
    m_tabs->setObjectName(QStringLiteral("tokenDetailTabs"));
    m_tabs->setDocumentMode(true);
    m_problems->setObjectName(QStringLiteral("tokenProblemsList"));
    m_problems->setHeaderLabels({tr("Severity"), tr("Code"), tr("Problem")});
    m_problems->setRootIsDecorated(false);
    new WrapDelegate(m_problems, ProblemMessageColumn); // long messages wrap instead of being cut off
    m_problems->setAlternatingRowColors(true);
    m_problems->header()->setSectionResizeMode(ProblemSeverityColumn, QHeaderView::ResizeToContents);
    m_problems->header()->setSectionResizeMode(ProblemCodeColumn, QHeaderView::ResizeToContents);
    m_problems->header()->setStretchLastSection(true);
    // The code ("token.expired") is an id, not words: a hidden column and a tooltip.
    m_problems->setColumnHidden(ProblemCodeColumn, true);
    QFont big = m_kind->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    m_kind->setFont(big);
    m_fieldHelp->setForegroundRole(QPalette::PlaceholderText);

    // Raw tab: where the token came from, why it is taken for its kind, and the token text itself.
    auto* rawBar = new QHBoxLayout;
    rawBar->addWidget(m_reveal);
    rawBar->addStretch();
    rawBar->addWidget(m_copy);
    auto* rawPane = new QWidget(this);
    rawPane->setObjectName(QStringLiteral("tokenRawPane"));
    auto* rawLayout = new QVBoxLayout(rawPane);
    rawLayout->setContentsMargins(4, 4, 4, 4);
    rawLayout->addWidget(m_origin);
    rawLayout->addLayout(rawBar);
    rawLayout->addWidget(m_raw, 1);
    // A few lines of token are enough to start reading; the tab must fit a 1280x800 window.
    m_raw->setMinimumHeight(m_raw->fontMetrics().height() * 2 + 2 * m_raw->frameWidth() + 6);
    m_tabs->addTab(m_claims, tr("Claims"));
    m_tabs->addTab(m_header, tr("Header"));
    m_tabs->addTab(m_problems, tr("Problems"));
    m_tabs->addTab(rawPane, tr("Raw"));

    // The signature status over where its keys come from, the Verify button beside both.
    auto* signatureRow = new QGridLayout;
    signatureRow->setVerticalSpacing(2);
    signatureRow->addWidget(m_signature, 0, 0);
    signatureRow->addWidget(m_verifySource, 1, 0);
    signatureRow->addWidget(m_verify, 0, 1, 2, 1, Qt::AlignTop);
    signatureRow->setColumnStretch(0, 1);

    // The summary on top stays short (kind, signature, lifetime); everything long lives in the tabs,
    // which take the rest (the tables keep room for a few rows: the inspector is never shorter).
    auto* content = new QWidget(this);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->setSpacing(3);
    contentLayout->addWidget(m_kind);
    contentLayout->addLayout(signatureRow);
    contentLayout->addWidget(m_binding);
    contentLayout->addWidget(m_timeBar);
    contentLayout->addWidget(m_countdown);
    contentLayout->addWidget(m_tabs, 1);
    contentLayout->addWidget(m_fieldHelp);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &TokenDetails::tick);
    connect(m_inspection, &TokenInspection::reportReady, this, &TokenDetails::showReport);
    connect(m_inspection, &TokenInspection::verifyStarted, this, [this] {
        m_verifyError.clear();
        renderVerifySource();
    });
    connect(m_inspection, &TokenInspection::verifyFailed, this, [this](const QString& message) {
        m_verifyError = message;
        renderVerifySource();
    });
    connect(m_verify, &QPushButton::clicked, m_inspection, &TokenInspection::verify);
    connect(m_inspection, &TokenInspection::keysFound, this, &TokenDetails::keysFound);
    connect(m_reveal, &QCheckBox::toggled, m_raw, &TokenRawView::setRevealSecrets);
    connect(m_copy, &QToolButton::clicked, this, &TokenDetails::copyReport);
    connect(m_problems, &QTreeWidget::currentItemChanged, this, &TokenDetails::onProblemSelected);
    connect(m_claims, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (row >= 0)
            m_raw->markPart(QStringLiteral("payload"));
        showFieldHelp();
    });
    connect(m_header, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (row >= 0)
            m_raw->markPart(QStringLiteral("header"));
        showFieldHelp();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &TokenDetails::showFieldHelp);
    clear();
}

TokenDetails::~TokenDetails() = default;

void TokenDetails::setKeyDiscovery(Jwt::KeyDiscovery* discovery)
{
    m_inspection->setKeyDiscovery(discovery);
}

bool TokenDetails::hasReport() const
{
    return m_inspection->hasReport();
}

const Jwt::TokenReport& TokenDetails::report() const
{
    return m_inspection->report();
}

bool TokenDetails::isBusy() const
{
    return m_inspection->isInspecting() || m_inspection->isVerifying();
}

void TokenDetails::clear(const QString& message)
{
    m_clock.stop();
    m_pendingField.reset();
    m_inspection->clear();
    m_raw->clearReport();
    m_placeholder->setText(message.isEmpty() ? tr("Select a token to X-ray it, or paste one above.") : message);
    m_stack->setCurrentWidget(m_placeholder);
}

void TokenDetails::inspect(const QString& token, const Jwt::InspectOptions& options, const QString& origin)
{
    m_clock.stop();
    m_verifyError.clear();
    m_originText = origin;
    m_origin->setText(origin);
    m_placeholder->setText(tr("Inspecting the token…"));
    m_stack->setCurrentWidget(m_placeholder);
    m_inspection->inspect(token, options);
}

bool TokenDetails::verifySignature()
{
    if (m_inspection->isInspecting() || !m_inspection->hasReport()) {
        m_verifyWhenShown = true;
        return true;
    }
    if (!m_inspection->discoveryUrl().isValid())
        return false;
    m_inspection->verify();
    return true;
}

void TokenDetails::showReport()
{
    const Jwt::TokenReport& report = m_inspection->report();
    if (std::exchange(m_verifyWhenShown, false) && m_inspection->discoveryUrl().isValid()
        && report.signature.status == Jwt::SignatureStatus::Unverified)
        QTimer::singleShot(0, m_inspection, &TokenInspection::verify);
    m_stack->setCurrentIndex(1);
    m_raw->setReport(report);
    renderKind();
    renderSignature();
    renderVerifySource();
    renderBinding();
    m_claims->setFields(report.claimFields);
    m_header->setFields(report.headerFields);
    renderProblems();
    const bool readable = report.claimsReadable || report.headerReadable;
    m_tabs->setTabText(m_tabs->indexOf(m_claims), tr("Claims (%1)").arg(report.claimFields.size()));
    m_tabs->setTabText(m_tabs->indexOf(m_header), tr("Header (%1)").arg(report.headerFields.size()));
    m_tabs->setTabEnabled(m_tabs->indexOf(m_claims), report.claimsReadable);
    m_tabs->setTabEnabled(m_tabs->indexOf(m_header), report.headerReadable);
    if (!readable || !report.claimsReadable)
        m_tabs->setCurrentWidget(report.headerReadable ? static_cast<QWidget*>(m_header) : m_problems);
    else if (!m_tabs->isTabEnabled(m_tabs->currentIndex()))
        m_tabs->setCurrentWidget(m_claims);
    const Jwt::TokenTimes& t = report.times;
    m_timeBar->setVisible(t.exp || t.nbf || t.iat);
    m_timeBar->setTimes(t.nbf ? t.nbf : t.iat, t.exp, report.time.skewSeconds);
    tick();
    if (t.exp || t.nbf || t.iat)
        m_clock.start();
    else
        m_clock.stop();
    applyFieldSelection();
    showFieldHelp();
    Q_EMIT reportShown();
}

void TokenDetails::renderKind()
{
    const Jwt::TokenReport& report = m_inspection->report();
    QString kind = report.kind.kind == Jwt::TokenKind::Unknown ? tr("token of unknown kind")
                                                               : Jwt::tokenKindTitle(report.kind.kind);
    QStringList facts;
    if (report.label)
        kind = report.label->title();
    switch (report.format) {
    case Jwt::TokenFormat::Jws:
        facts.append(tr("JWS"));
        break;
    case Jwt::TokenFormat::Jwe:
        facts.append(tr("JWE — content encrypted"));
        break;
    case Jwt::TokenFormat::Unsecured:
        facts.append(tr("unsecured JWT (alg none)"));
        break;
    case Jwt::TokenFormat::Opaque:
        facts.append(report.label ? tr("opaque %1").arg(Jwt::tokenKindTitle(report.label->kind)) : tr("opaque token"));
        if (!report.opaqueShape.isEmpty())
            facts.append(report.opaqueShape);
        break;
    }
    if (!report.alg().isEmpty())
        facts.append(report.alg());
    if (!report.kid().isEmpty())
        facts.append(tr("kid %1").arg(report.kid()));
    m_kind->setText(QStringLiteral("<b>%1</b> <span style=\"font-size:small;\">%2</span>")
                        .arg(kind.toHtmlEscaped(), facts.join(QStringLiteral(" · ")).toHtmlEscaped()));
    m_kind->setProperty("kind", Jwt::tokenKindName(report.kind.kind));
    QStringList evidence;
    if (!report.kind.evidence.isEmpty())
        evidence.append(tr("Why: %1.").arg(report.kind.evidence.join(QStringLiteral("; "))));
    if (!report.kind.conflicts.isEmpty())
        evidence.append(tr("But: %1.").arg(report.kind.conflicts.join(QStringLiteral("; "))));
    if (report.label && !report.label->note.isEmpty())
        evidence.append(report.label->note);
    // Where the token was found, then why it is taken for this kind (Raw tab; also the kind's tooltip).
    m_origin->setText(evidence.isEmpty() ? m_originText : m_originText + u'\n' + evidence.join(u' '));
    m_kind->setToolTip(evidence.join(u' '));
}

void TokenDetails::setDpopProofKey(const QByteArray& thumbprint)
{
    m_dpopProofKey = thumbprint;
}

void TokenDetails::renderBinding()
{
    // RFC 9449 §6.1: a DPoP-bound token names the thumbprint of its key in cnf.jkt; only a proof signed
    // with that key makes it usable.
    const Jwt::TokenReport& report = m_inspection->report();
    const QString jkt
        = report.claimsReadable ? report.claims.value(u"cnf").toObject().value(u"jkt").toString() : QString();
    m_binding->setVisible(!jkt.isEmpty());
    m_binding->setProperty("binding", QString());
    if (jkt.isEmpty())
        return;
    const QString bound = tr("Bound to DPoP key %1").arg(jkt.toHtmlEscaped());
    QString verdict;
    QString state;
    if (m_dpopProofKey.isEmpty()) {
        state = QStringLiteral("no_proof");
        verdict = coloured(tr("⚠ no DPoP proof was sent with it: the token is useless without one"),
                           levelColor(Level::Warning));
    } else if (m_dpopProofKey == jkt.toLatin1()) {
        state = QStringLiteral("match");
        verdict = coloured(tr("✔ the profile's key (the DPoP proof sent with it was signed by this key)"), goodColor);
    } else {
        state = QStringLiteral("mismatch");
        verdict = coloured(tr("✖ not the profile's key: the DPoP proof sent with it was signed by %1")
                               .arg(QString::fromLatin1(m_dpopProofKey).toHtmlEscaped()),
                           levelColor(Level::Error));
    }
    m_binding->setProperty("binding", state);
    // A mismatch names a second thumbprint: on a line of its own, so neither is cut off.
    m_binding->setText(QStringLiteral("<b>%1</b>%2%3")
                           .arg(bound, state == u"match" ? QStringLiteral(" — ") : QStringLiteral("<br>"), verdict));
    m_binding->setToolTip(tr("RFC 9449 §6.1: cnf.jkt is the SHA-256 thumbprint (RFC 7638) of the public key the "
                             "token is bound to; every request must carry a DPoP proof signed with that key."));
}

void TokenDetails::renderSignature()
{
    const Jwt::TokenReport& report = m_inspection->report();
    const Jwt::SignatureResult& sig = report.signature;
    m_signature->setProperty("status", Jwt::signatureStatusName(sig.status));
    const QString firstProblem = sig.problems.isEmpty() ? QString() : sig.problems.first().message;
    switch (sig.status) {
    case Jwt::SignatureStatus::Valid:
        m_signature->setText(coloured(tr("✔ Signature valid"), goodColor)
                             + tr(" — verified with %1").arg(sig.verifiedBy).toHtmlEscaped());
        break;
    case Jwt::SignatureStatus::Invalid:
        m_signature->setText(
            coloured(tr("✖ Signature invalid"), levelColor(Level::Error)) + QStringLiteral(" — ")
            + (firstProblem.isEmpty() ? sig.attempts.join(QStringLiteral("; ")) : firstProblem).toHtmlEscaped());
        break;
    case Jwt::SignatureStatus::Unverified:
        m_signature->setText(coloured(tr("? Signature not verified"), levelColor(Level::Warning))
                             + tr(" — no key yet: verify with the issuer's published keys.").toHtmlEscaped());
        break;
    case Jwt::SignatureStatus::Unsupported: {
        QString reason = firstProblem;
        if (report.format == Jwt::TokenFormat::Jwe)
            reason = tr("the content is encrypted (JWE); only its recipient can decrypt and check it");
        else if (report.format == Jwt::TokenFormat::Opaque)
            reason = tr("an opaque token carries no signature; only its issuer can check it");
        else if (reason.isEmpty())
            reason = tr("algorithm %1 is not supported").arg(sig.alg);
        m_signature->setText(coloured(tr("— Signature not checkable"), QColor(0x61, 0x61, 0x61)) + QStringLiteral(": ")
                             + reason.toHtmlEscaped());
        break;
    }
    }
    m_signature->setToolTip(sig.attempts.join(u'\n'));
}

void TokenDetails::renderVerifySource()
{
    const QUrl url = m_inspection->discoveryUrl();
    const bool jws = m_inspection->report().format == Jwt::TokenFormat::Jws;
    m_verify->setVisible(jws);
    m_verifySource->setVisible(jws);
    m_verify->setEnabled(url.isValid() && !m_inspection->isVerifying() && !m_inspection->isInspecting());
    if (!jws)
        return;
    m_verifySource->setStyleSheet(QString());
    if (!url.isValid()) {
        m_verifySource->setText(tr("No http(s) issuer (iss) to discover keys from: give the profile a key or "
                                   "a JWKS URL."));
    } else if (m_inspection->isVerifying()) {
        m_verifySource->setText(tr("Fetching %1 …").arg(url.toDisplayString()));
    } else if (!m_verifyError.isEmpty()) {
        m_verifySource->setText(tr("Could not fetch the keys from %1: %2").arg(url.toDisplayString(), m_verifyError));
        m_verifySource->setStyleSheet(QStringLiteral("color: %1;").arg(levelColor(Level::Error).name()));
    } else if (const auto& lookup = m_inspection->lookup(); lookup && lookup->ok()) {
        QString text
            = tr("Keys from %1 (%2)")
                  .arg(lookup->jwksUrl.toDisplayString(), countText(lookup->keys.size(), tr("key"), tr("keys")));
        if (lookup->fromCache)
            text += tr(", cached");
        if (lookup->refetched)
            text += tr(", fetched again because the kid was unknown");
        m_verifySource->setText(text);
    } else {
        m_verifySource->setText(tr("“Verify” fetches %1, then the JWKS it names.").arg(url.toDisplayString()));
    }
}

void TokenDetails::renderProblems()
{
    m_problems->clear();
    const QList<Jwt::Problem> problems = m_inspection->report().allProblems();
    bool errors = false;
    for (const Jwt::Problem& problem : problems) {
        auto* item = new QTreeWidgetItem(m_problems);
        const Level level = levelOf(problem.severity);
        errors = errors || level == Level::Error;
        item->setText(ProblemSeverityColumn, levelText(level));
        item->setForeground(ProblemSeverityColumn, levelColor(level));
        item->setText(ProblemCodeColumn,
                      problem.subcode.isEmpty() ? problem.code
                                                : QStringLiteral("%1 (%2)").arg(problem.code, problem.subcode));
        item->setToolTip(ProblemSeverityColumn, tr("Problem id: %1").arg(item->text(ProblemCodeColumn)));
        item->setText(ProblemMessageColumn, problem.message);
        item->setToolTip(ProblemMessageColumn, problem.message);
        item->setData(ProblemSeverityColumn, ProblemOffsetRole, qlonglong(problem.offset));
        item->setData(ProblemSeverityColumn, PartRole, problem.part);
        item->setData(ProblemSeverityColumn, ProblemLevelRole, int(level));
    }
    QString title = problems.isEmpty() ? tr("Problems (none)") : tr("Problems (%1)").arg(problems.size());
    if (errors)
        title += QStringLiteral(" ⚠");
    m_tabs->setTabText(m_tabs->indexOf(m_problems), title);
}

void TokenDetails::tick()
{
    if (!m_inspection->hasReport())
        return;
    const Jwt::TokenReport& report = m_inspection->report();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    m_timeBar->setNow(now);
    m_claims->updateTimes(now);

    const Jwt::TokenTimes& t = report.times;
    const qint64 leeway = m_inspection->options().leewaySeconds;
    const Jwt::TimeStatus status = report.time.status == Jwt::TimeStatus::Unknown
        ? Jwt::TimeStatus::Unknown
        : Jwt::TimeCheck::statusAt(t, now, leeway);
    m_countdown->setProperty("timeStatus", Jwt::timeStatusName(status));
    QString text;
    switch (status) {
    case Jwt::TimeStatus::Valid:
        text = coloured(tr("✔ Valid now"), goodColor);
        if (t.exp)
            text += QStringLiteral(" — %1 <span style=\"font-family:monospace;\">(%2 left)</span>")
                        .arg(Jwt::TimeText::relative(QStringLiteral("exp"), *t.exp, now).toHtmlEscaped(),
                             clock(*t.exp - now));
        break;
    case Jwt::TimeStatus::Expired:
        text = coloured(tr("✖ Not valid"), levelColor(Level::Error)) + QStringLiteral(" — ")
            + Jwt::TimeText::relative(QStringLiteral("exp"), *t.exp, now).toHtmlEscaped();
        break;
    case Jwt::TimeStatus::NotYetValid: {
        const qint64 start = t.nbf ? *t.nbf : t.iat.value_or(now);
        text = coloured(tr("⏳ Not valid yet"), levelColor(Level::Warning)) + QStringLiteral(" — ")
            + Jwt::TimeText::relative(t.nbf ? QStringLiteral("nbf") : QStringLiteral("iat"), start, now)
                  .toHtmlEscaped();
        break;
    }
    case Jwt::TimeStatus::NoExpiry:
        text = coloured(tr("⚠ No expiry"), levelColor(Level::Warning))
            + tr(" — valid until revoked; a stolen copy works forever.").toHtmlEscaped();
        break;
    case Jwt::TimeStatus::Unknown:
        text = tr("Time: unknown — the token has no readable time claims.").toHtmlEscaped();
        break;
    }
    if (report.time.skewSeconds && std::abs(*report.time.skewSeconds) > leeway) {
        const qint64 skew = *report.time.skewSeconds;
        text += QStringLiteral("<br>")
            + coloured(tr("The server's clock is %1 this machine's").arg(clockOffsetText(skew)),
                       levelColor(Level::Warning), false);
        if (report.time.serverStatus)
            text += tr("; by the server's clock the token is %1.")
                        .arg(Jwt::timeStatusName(*report.time.serverStatus).replace(u'_', u' '))
                        .toHtmlEscaped();
    }
    m_countdown->setText(text);
}

void TokenDetails::showFieldHelp()
{
    auto* table = qobject_cast<FieldTable*>(m_tabs->currentWidget());
    m_fieldHelp->setVisible(table != nullptr);
    if (!table)
        return;
    m_fieldHelp->setText(table->currentRow() >= 0 ? table->helpText(table->currentRow())
                             : table == m_claims  ? tr("Select a claim to see what it means.")
                                                  : tr("Select a header field to see what it means."));
}

void TokenDetails::selectField(const QString& name, qsizetype start, qsizetype length)
{
    m_pendingField = FieldSelection {name, start, length};
    if (m_inspection->hasReport() && !m_inspection->isInspecting() && m_stack->currentIndex() == 1)
        applyFieldSelection();
}

bool TokenDetails::applyFieldSelection()
{
    if (!m_pendingField)
        return false;
    const FieldSelection wanted = *m_pendingField;
    m_pendingField.reset();
    for (FieldTable* table : {m_claims, m_header}) {
        const int row = table->rowOf(wanted.name);
        if (row < 0)
            continue;
        m_tabs->setCurrentWidget(table);
        table->setCurrentCell(row, FieldTable::NameColumn);
        table->scrollToItem(table->item(row, FieldTable::NameColumn));
        return true;
    }
    if (wanted.start >= 0) {
        m_tabs->setCurrentWidget(m_raw->parentWidget());
        m_raw->markRange(wanted.start, std::max<qsizetype>(wanted.length, 1), levelBackground(Level::Error));
        return true;
    }
    return false;
}

QString TokenDetails::selectedField() const
{
    auto* table = qobject_cast<FieldTable*>(m_tabs->currentWidget());
    return table ? table->nameAt(table->currentRow()) : QString();
}

void TokenDetails::onProblemSelected(QTreeWidgetItem* item)
{
    if (!item) {
        m_raw->unmark();
        return;
    }
    const qsizetype offset = item->data(ProblemSeverityColumn, ProblemOffsetRole).toLongLong();
    const QString part = item->data(ProblemSeverityColumn, PartRole).toString();
    const QColor color = levelBackground(Level(item->data(ProblemSeverityColumn, ProblemLevelRole).toInt()));
    if (offset >= 0)
        m_raw->markRange(offset, 1, color);
    else if (part.isEmpty() || !m_raw->markPart(part))
        // A claim's problem points at the payload that holds it.
        m_raw->markPart(m_inspection->report().claims.contains(part) ? QStringLiteral("payload") : QString());
}

void TokenDetails::copyReport()
{
    if (!m_inspection->hasReport())
        return;
    const QJsonObject json = Jwt::reportToJson(m_inspection->report());
    QApplication::clipboard()->setText(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));
}

} // namespace Authlens::Gui
