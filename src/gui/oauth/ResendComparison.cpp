#include "oauth/ResendComparison.h"

#include "auth/AwsSigV4.h"
#include "common/DisplayFormat.h"
#include "common/SecretMask.h"
#include "common/StatusPalette.h"
#include "common/TokenLifetime.h"
#include "jwt/TimeText.h"
#include "oauth/ExchangeSummaryView.h"
#include "oauth/TokenTranscriptView.h"

#include <QDateTime>
#include <QLabel>
#include <QResizeEvent>
#include <QScrollArea>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

namespace Authlens::Gui {

namespace {

/// Below this width the two columns stack (each needs room for a status line and a URL).
constexpr int SideBySideMinWidth = 520;

/// "expired 2 h ago", "expires in 59 min"; empty when nothing says.
QString expiryText(const Auth::OAuthSettings& oauth, const QString& token, qint64 now)
{
    const TokenLifetime lifetime = TokenLifetime::of(oauth, token);
    return lifetime.isKnown() ? Jwt::TimeText::relative(QStringLiteral("exp"), lifetime.expiresAt, now) : QString();
}

QString expiryDetail(const Auth::OAuthSettings& oauth, const QString& token, qint64 now)
{
    const TokenLifetime lifetime = TokenLifetime::of(oauth, token);
    if (!lifetime.isKnown())
        return QObject::tr("unknown");
    return QStringLiteral("%1 (%2)").arg(Jwt::TimeText::relative(QStringLiteral("exp"), lifetime.expiresAt, now),
                                         Jwt::TimeText::utc(lifetime.expiresAt));
}

/// The request headers of the first hop other than Authorization that differ, values masked by the policy.
QStringList headerChanges(const Http::Hop& before, const Http::Hop& after)
{
    QStringList lines;
    const auto names = [](const Http::HeaderList& headers) {
        QList<QByteArray> list;
        for (const auto& [name, value] : headers) {
            Q_UNUSED(value);
            const QByteArray lower = name.toLower();
            if (!list.contains(lower) && lower != "authorization")
                list.append(lower);
        }
        return list;
    };
    QList<QByteArray> all = names(before.request.headers);
    for (const QByteArray& name : names(after.request.headers)) {
        if (!all.contains(name))
            all.append(name);
    }
    const Http::SecretPolicy& policy = Http::SecretPolicy::standard();
    for (const QByteArray& name : std::as_const(all)) {
        const QList<QByteArray> was = Http::headerValues(before.request.headers, name);
        const QList<QByteArray> now = Http::headerValues(after.request.headers, name);
        if (was == now)
            continue;
        // The name as the request spelled it: the later one's, else the earlier one's ("Cookie", not "cookie").
        const QByteArray shown = [&] {
            for (const Http::HeaderList* headers : {&after.request.headers, &before.request.headers}) {
                for (const auto& [n, v] : *headers) {
                    Q_UNUSED(v);
                    if (n.compare(name, Qt::CaseInsensitive) == 0)
                        return n;
                }
            }
            return name;
        }();
        const QString label = QString::fromLatin1(shown);
        const auto text = [&](const QList<QByteArray>& values) {
            QStringList parts;
            for (const QByteArray& v : values)
                parts.append(displayHeaderValue(name, v, false, policy));
            return parts.join(QStringLiteral(", "));
        };
        if (was.isEmpty())
            lines.append(QObject::tr("%1: added (%2)").arg(label, text(now)));
        else if (now.isEmpty())
            lines.append(QObject::tr("%1: no longer sent").arg(label));
        else if (policy.isSecretHeader(name))
            lines.append(QObject::tr("%1: changed (a credential: values masked)").arg(label));
        else
            lines.append(QObject::tr("%1: %2 → %3").arg(label, text(was), text(now)));
    }
    return lines;
}

QString schemeOf(const QByteArray& authorization)
{
    const qsizetype space = authorization.indexOf(' ');
    return QString::fromLatin1(space < 0 ? authorization : authorization.left(space));
}

/// The credentials a request carried, in words that hold no secret: what the client placed ("AWS Signature
/// v4 (AKIA…, us-east-1/s3) (Authorization)") and, for an AWS signature, the time it was signed at.
QString credentialText(const Http::Hop& hop)
{
    QStringList parts;
    for (const Http::Placed& placed : hop.placed)
        parts.append(QObject::tr("%1 (%2)").arg(placed.label, credentialNameText(placed.name, placed.place)));
    const QDateTime signedAt = Auth::awsDateTime(Http::headerValue(hop.request.headers, "X-Amz-Date"));
    if (Auth::parseAwsAuthorization(Http::headerValue(hop.request.headers, "Authorization")).valid
        && signedAt.isValid())
        parts.append(QObject::tr("signed at %1").arg(Jwt::TimeText::utc(signedAt.toSecsSinceEpoch())));
    return parts.isEmpty() ? QObject::tr("No credential sent") : QObject::tr("Credential: %1").arg(parts.join(u"; "));
}

/// What a fix changed in the first request: its method and URL, and the Authorization header described
/// without its secret (its scheme; an AWS signature's scope and key ID, which AWS does not count as secret).
QStringList requestChanges(const Http::Hop& before, const Http::Hop& after)
{
    QStringList lines;
    const Http::RequestRecord& was = before.request;
    const Http::RequestRecord& now = after.request;
    if (was.method != now.method || was.url != now.url)
        lines.append(QObject::tr("Request: %1 %2 → %3 %4")
                         .arg(QString::fromLatin1(was.method), displayUrl(was.url, false),
                              QString::fromLatin1(now.method), displayUrl(now.url, false)));
    const QByteArray authWas = Http::headerValue(was.headers, "Authorization");
    const QByteArray authNow = Http::headerValue(now.headers, "Authorization");
    if (authWas == authNow)
        return lines;
    if (authWas.isEmpty()) {
        lines.append(QObject::tr("Authorization: added (%1)").arg(schemeOf(authNow)));
        return lines;
    }
    if (authNow.isEmpty()) {
        lines.append(QObject::tr("Authorization: no longer sent"));
        return lines;
    }
    const Auth::AwsAuthorization awsWas = Auth::parseAwsAuthorization(authWas);
    const Auth::AwsAuthorization awsNow = Auth::parseAwsAuthorization(authNow);
    if (awsWas.valid && awsNow.valid) {
        if (awsWas.region != awsNow.region || awsWas.service != awsNow.service)
            lines.append(QObject::tr("Signed for: %1/%2 → %3/%4")
                             .arg(awsWas.region, awsWas.service, awsNow.region, awsNow.service));
        if (awsWas.accessKeyId != awsNow.accessKeyId)
            lines.append(QObject::tr("Access key ID: %1 → %2").arg(awsWas.accessKeyId, awsNow.accessKeyId));
        lines.append(QObject::tr("Authorization: signed again (the signature is masked)"));
        return lines;
    }
    const QString schemeWas = schemeOf(authWas);
    const QString schemeNow = schemeOf(authNow);
    lines.append(schemeWas.compare(schemeNow, Qt::CaseInsensitive) != 0
                     ? QObject::tr("Authorization: %1 → %2 (values masked)").arg(schemeWas, schemeNow)
                     : QObject::tr("Authorization: another %1 value (masked)").arg(schemeNow));
    return lines;
}

} // namespace

ResendComparison::ResendComparison(QWidget* parent)
    : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("resendScroll"));
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    outer->addWidget(m_scroll);

    auto* content = new QWidget(m_scroll);
    content->setObjectName(QStringLiteral("resendContent"));
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    m_summary = new QLabel(content);
    m_summary->setObjectName(QStringLiteral("resendSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);

    m_columns = new QBoxLayout(QBoxLayout::LeftToRight);
    m_columns->setSpacing(6);
    m_before = new ExchangeSummaryView(tr("BEFORE"), content);
    m_before->setObjectName(QStringLiteral("beforeView"));
    m_after = new ExchangeSummaryView(tr("AFTER"), content);
    m_after->setObjectName(QStringLiteral("afterView"));
    m_arrow = new QLabel(QStringLiteral("→"), content);
    m_arrow->setAlignment(Qt::AlignCenter);
    QFont arrowFont = m_arrow->font();
    arrowFont.setPointSizeF(arrowFont.pointSizeF() * 1.6);
    m_arrow->setFont(arrowFont);
    m_arrow->setForegroundRole(QPalette::PlaceholderText);
    m_columns->addWidget(m_before, 1);
    m_columns->addWidget(m_arrow, 0);
    m_columns->addWidget(m_after, 1);
    layout->addLayout(m_columns);

    layout->addWidget(boldLabel(tr("What changed in the request"), content));
    m_changesLabel = new QLabel(content);
    m_changesLabel->setObjectName(QStringLiteral("changesLabel"));
    m_changesLabel->setWordWrap(true);
    m_changesLabel->setTextFormat(Qt::RichText);
    m_changesLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_changesLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(m_changesLabel);

    m_transcriptCaption = boldLabel(tr("Token endpoint transcript"), content);
    layout->addWidget(m_transcriptCaption);
    m_transcript = new TokenTranscriptView(content);
    m_transcript->setObjectName(QStringLiteral("transcriptView"));
    layout->addWidget(m_transcript);
    layout->addStretch(1);
    m_scroll->setWidget(content);
    clear();
}

ResendComparison::~ResendComparison() = default;

QString ResendComparison::summaryText() const
{
    return QTextDocumentFragment::fromHtml(m_summary->text()).toPlainText();
}

void ResendComparison::clear()
{
    m_hasResult = false;
    m_summary->clear();
    m_changes.clear();
    m_changesLabel->clear();
    m_transcript->clear();
}

void ResendComparison::setResult(const ResendResult& result)
{
    const Workspace::ResendOutcome& o = result.outcome;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    m_hasResult = true;
    // The headline: what the answer was and what it is now; the flow's own words below it.
    // Each status in the colour of its verdict (StatusPalette: a 2xx with a problem is amber, not green).
    const QPalette pal = palette();
    const auto status = [&pal](const std::optional<Workspace::FlowSend>& send) {
        const Http::Hop* hop = send ? send->exchange.finalResponseHop() : nullptr;
        if (!hop)
            return QString();
        return QStringLiteral("<span style=\"color:%1;\">%2</span>")
            .arg(StatusPalette::color(StatusPalette::outcomeOf(send->diagnosis), pal).name(),
                 Gui::statusText(hop->response.status, hop->response.reason).toHtmlEscaped());
    };
    QString headline;
    if (o.before && o.after)
        headline = tr("%1 → %2").arg(status(o.before), status(o.after));
    else if (o.after)
        headline = tr("Refreshed first, then sent: %1").arg(status(o.after));
    else
        headline = tr("%1, not resent: no new token").arg(o.before ? status(o.before) : tr("Not sent"));
    m_summary->setText(QStringLiteral("<b>%1</b><br>%2").arg(headline, o.summary.toHtmlEscaped()));

    const bool newToken = o.token && o.token->ok;
    const QString tokenAfter = newToken ? o.profile.sessionSecrets.token : result.tokenBefore;
    const Auth::OAuthSettings oauthAfter = newToken ? o.profile.auth.oauth : result.oauthBefore;
    const QString expiryBefore = expiryText(result.oauthBefore, result.tokenBefore, now);
    const QString expiryAfter = expiryText(oauthAfter, tokenAfter, now);

    const bool fixResult = !result.fix.isEmpty();
    m_transcriptCaption->setVisible(!fixResult);
    m_transcript->setVisible(!fixResult);
    if (fixResult) {
        setFixResult(result);
        return;
    }
    if (o.before)
        m_before->setExchange(o.before->exchange, o.before->diagnosis, result.tokenBefore, expiryBefore);
    else
        m_before->setAbsent(tr("Not sent"),
                            o.refreshedFirst ? tr("The token was refreshed before the request went out.")
                                             : tr("No earlier request."),
                            result.tokenBefore, expiryBefore);
    if (o.after)
        m_after->setExchange(o.after->exchange, o.after->diagnosis, tokenAfter, expiryAfter);
    else
        m_after->setAbsent(tr("Not resent"),
                           o.token && !o.token->ok
                               ? tr("The token run failed: resending the same token would only be refused again.")
                               : o.error.message,
                           tokenAfter, expiryAfter);

    m_changes.clear();
    if (newToken) {
        const QString scheme = oauthAfter.tokenType.isEmpty() ? QStringLiteral("Bearer") : oauthAfter.tokenType;
        m_changes.append(tr("Authorization: %1 token %2 → %3")
                             .arg(scheme, ExchangeSummaryView::tokenTail(result.tokenBefore),
                                  ExchangeSummaryView::tokenTail(tokenAfter)));
        m_changes.append(tr("Token expiry: %1 → %2")
                             .arg(expiryDetail(result.oauthBefore, result.tokenBefore, now),
                                  expiryDetail(oauthAfter, tokenAfter, now)));
        const QString typeBefore = result.oauthBefore.tokenType;
        if (!typeBefore.isEmpty() && typeBefore.compare(oauthAfter.tokenType, Qt::CaseInsensitive) != 0)
            m_changes.append(tr("Token type: %1 → %2").arg(typeBefore, oauthAfter.tokenType));
    }
    if (o.before && o.after && !o.before->exchange.hops.isEmpty() && !o.after->exchange.hops.isEmpty())
        m_changes += headerChanges(o.before->exchange.hops.constFirst(), o.after->exchange.hops.constFirst());
    if (m_changes.isEmpty())
        m_changes.append(o.after ? tr("Nothing: the same request was sent.") : tr("Nothing was resent."));
    showChanges();

    if (o.token)
        m_transcript->setOutcome(*o.token, result.storeName, result.demo);
    else
        m_transcript->clear();
    m_scroll->ensureVisible(0, 0);
}

void ResendComparison::setFixResult(const ResendResult& result)
{
    const Workspace::ResendOutcome& o = result.outcome;
    // No token here: each side says which credential its request carried instead.
    const auto side = [](ExchangeSummaryView* view, const std::optional<Workspace::FlowSend>& send) {
        if (!send) {
            view->setAbsent(tr("Not sent"), QString(), QString(), QString());
            view->setCredentialText(QString());
            return;
        }
        view->setExchange(send->exchange, send->diagnosis, QString(), QString());
        view->setCredentialText(send->exchange.hops.isEmpty() ? tr("No request went out")
                                                              : credentialText(send->exchange.hops.constFirst()));
    };
    side(m_before, o.before);
    side(m_after, o.after);
    m_changes.clear();
    if (o.before && o.after && !o.before->exchange.hops.isEmpty() && !o.after->exchange.hops.isEmpty()) {
        const Http::Hop& before = o.before->exchange.hops.constFirst();
        const Http::Hop& after = o.after->exchange.hops.constFirst();
        m_changes = requestChanges(before, after) + headerChanges(before, after);
    }
    if (m_changes.isEmpty())
        m_changes.append(tr("Nothing: the same request was sent."));
    showChanges();
    m_scroll->ensureVisible(0, 0);
}

void ResendComparison::showChanges()
{
    QString html = QStringLiteral("<ul style=\"margin-left: 12px; -qt-list-indent: 0;\">");
    for (const QString& change : std::as_const(m_changes))
        html += QStringLiteral("<li>%1</li>").arg(change.toHtmlEscaped());
    html += QStringLiteral("</ul>");
    m_changesLabel->setText(html);
}

void ResendComparison::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    updateDirection();
}

void ResendComparison::updateDirection()
{
    const bool sideBySide = width() >= SideBySideMinWidth;
    m_columns->setDirection(sideBySide ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    m_arrow->setText(sideBySide ? QStringLiteral("→") : QStringLiteral("↓"));
}

} // namespace Authlens::Gui
