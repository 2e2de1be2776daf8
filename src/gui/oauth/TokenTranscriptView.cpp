#include "oauth/TokenTranscriptView.h"

#include "common/DisplayFormat.h"
#include "common/StatusPalette.h"
#include "diagnosis/FindingCard.h"
#include "http/Redaction.h"
#include "jwt/TimeText.h"
#include "workspace/ClientAuthentication.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QResizeEvent>
#include <QScrollBar>

namespace Authlens::Gui {

namespace {

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

/// A form body one field per line, decoded, the secret fields' values redacted: a token request reads
/// better as "refresh_token=6Z8f…[redacted, 43 bytes]" than percent-encoded.
QString formText(const QByteArray& body, const Http::SecretPolicy& policy)
{
    QStringList lines;
    for (const QByteArray& pair : body.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        const auto decode = [](QByteArray part) { return QUrl::fromPercentEncoding(part.replace('+', ' ')); };
        const QString name = decode(eq < 0 ? pair : pair.left(eq));
        const QString value = eq < 0 ? QString() : decode(pair.mid(eq + 1));
        lines.append(
            name + u'='
            + (policy.isSecretBodyField(name) ? QString::fromUtf8(Http::redactValue({}, value.toUtf8())) : value));
    }
    return lines.join(u'\n');
}

/// A body for the transcript: secret fields redacted, at most a screenful.
QString bodyText(const QByteArray& body, const QByteArray& contentType, const Http::SecretPolicy& policy)
{
    constexpr qsizetype MaxShown = 4000;
    if (contentType.toLower().startsWith("application/x-www-form-urlencoded") && body.size() <= MaxShown)
        return formText(body, policy);
    QByteArray shown = Http::redactBody(body, contentType, policy);
    const bool cut = shown.size() > MaxShown;
    if (cut)
        shown.truncate(MaxShown);
    QString text = QString::fromUtf8(shown);
    if (cut)
        text += QStringLiteral("\n… (%1 of %2 shown)").arg(humanSize(MaxShown), humanSize(body.size()));
    return text;
}

QString headersText(const Http::HeaderList& headers, const Http::SecretPolicy& policy)
{
    QStringList lines;
    for (const auto& [name, value] : headers)
        lines.append(QString::fromLatin1(name) + QStringLiteral(": ")
                     + headerText(Http::redactHeaderValue(name, value, policy)));
    return lines.join(u'\n');
}

QString pre(const QString& text)
{
    // Wrapped <pre>: long tokens and URLs break instead of widening the page.
    return QStringLiteral("<pre style=\"white-space: pre-wrap; margin: 2px 0 6px 12px;\">%1</pre>").arg(esc(text));
}

QString hopHtml(const Http::Hop& hop, int index, int count, const Http::SecretPolicy& policy)
{
    QString html;
    const QString status = hop.response.received
        ? QStringLiteral("<span style=\"color:%1; font-weight:600;\">%2</span>")
              .arg(statusColor(hop.response.status).name(), esc(statusText(hop.response.status, hop.response.reason)))
        : QStringLiteral("<span style=\"color:#c62828;\">%1</span>").arg(esc(QObject::tr("no response")));
    html += QStringLiteral("<p style=\"margin: 4px 0 0 0;\">%1<b>%2</b> %3 → %4 · %5</p>")
                .arg(count > 1 ? QObject::tr("Hop %1: ").arg(index + 1) : QString(),
                     esc(QString::fromLatin1(hop.request.method)),
                     esc(Http::redactUrl(hop.request.url, policy).toDisplayString(QUrl::RemoveUserInfo)), status,
                     esc(humanDuration(hop.timing.totalMs)));
    QString request = headersText(hop.request.headers, policy);
    if (!hop.request.body.isEmpty())
        request += QStringLiteral("\n\n")
            + bodyText(hop.request.body, Http::headerValue(hop.request.headers, "Content-Type"), policy);
    html += QStringLiteral("<p style=\"margin: 2px 0 0 12px; color:#616161;\">%1</p>").arg(QObject::tr("Request"));
    html += pre(request);
    if (hop.response.received) {
        html += QStringLiteral("<p style=\"margin: 2px 0 0 12px; color:#616161;\">%1</p>").arg(QObject::tr("Response"));
        QString response = headersText(hop.response.headers, policy);
        const QByteArray body = hop.response.body.head(64 * 1024);
        if (!body.isEmpty())
            response += QStringLiteral("\n\n")
                + bodyText(body, Http::headerValue(hop.response.headers, "Content-Type"), policy);
        html += pre(response);
    }
    return html;
}

/// The transcript is written with the light theme's red (#c62828) and grey (#616161); they become the
/// StatusPalette colours of the palette it is shown on (readable on a dark theme too).
QString themed(QString html, const QPalette& palette)
{
    return html.replace(QLatin1String("#c62828"), StatusPalette::color(StatusPalette::Tone::Bad, palette).name())
        .replace(QLatin1String("#616161"), StatusPalette::color(StatusPalette::Tone::Neutral, palette).name());
}

QString findingsHtml(const QList<Diagnosis::Finding>& findings)
{
    QString html;
    for (const Diagnosis::Finding& f : findings) {
        // The finding's code stays out of the text (an id, not words); the chip takes the theme's palette.
        const StatusPalette::Chip chip = StatusPalette::chip(StatusPalette::toneOf(f.severity));
        html += QStringLiteral("<p style=\"margin: 2px 0 2px 12px;\"><span style=\"color:%1; background:%2;\">"
                               "&nbsp;%3&nbsp;</span> <b>%4</b> %5</p>")
                    .arg(chip.text.name(), chip.fill.name(), FindingCard::badgeText(f.severity), esc(f.title),
                         esc(f.explanation));
    }
    return html;
}

QString storageText(const Workspace::TokenOutcome& o, const QString& storeName, bool demo)
{
    if (!o.ok)
        return QObject::tr("No new tokens: nothing was stored, and the stored refresh token (if any) is unchanged.");
    if (!o.storeError.isEmpty())
        return QObject::tr("Not stored: %1 The new tokens are kept in memory for this session only, never on disk.")
            .arg(o.storeError);
    if (demo)
        return QObject::tr("Kept in memory: a demo profile's secrets are never written to the keychain or a file.");
    const QString backend = storeName.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(storeName);
    if (o.stored && !o.sessionOnly)
        return QObject::tr("Stored in the keychain%1, and the write confirmed before the request was resent.")
            .arg(backend);
    if (o.stored)
        return QObject::tr("Stored in the session's secret store%1, and the write confirmed before the request was "
                           "resent; session-only secrets are gone when Authlens quits.")
            .arg(backend);
    return QObject::tr("Kept in memory for this session only%1.").arg(backend);
}

} // namespace

TokenTranscriptView::TokenTranscriptView(QWidget* parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false);
    setFrameShape(QFrame::NoFrame);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    viewport()->setAutoFillBackground(false);
    document()->setDocumentMargin(2);
    QFont fixed = monospaceFont();
    document()->setDefaultStyleSheet(
        QStringLiteral("pre { font-family: \"%1\"; } h4 { margin: 10px 0 2px 0; }").arg(fixed.family()));
}

TokenTranscriptView::~TokenTranscriptView() = default;

void TokenTranscriptView::clear()
{
    QTextBrowser::clear();
    fitHeight();
}

void TokenTranscriptView::setOutcome(const Workspace::TokenOutcome& o, const QString& storeName, bool demo)
{
    QString html;
    const QString where = o.tokenEndpoint.isValid()
        ? QStringLiteral("<b>%1</b>").arg(esc(o.tokenEndpoint.toDisplayString(QUrl::RemoveUserInfo)))
        : tr("<i>not found</i>");
    QString source;
    switch (o.endpointSource) {
    case Workspace::EndpointSource::Profile:
        source = tr("from the profile");
        break;
    case Workspace::EndpointSource::ResourceMetadata:
        source = tr("discovered from the 401's resource_metadata (RFC 9728) and the authorization server's metadata");
        break;
    case Workspace::EndpointSource::Issuer:
        source = tr("discovered from the token's issuer (OpenID / RFC 8414 metadata)");
        break;
    }
    // The service's own note says it best ("set in the profile", "the 401's resource_metadata → …").
    html += tr("<p><b>Token endpoint:</b> %1 — %2</p>")
                .arg(where, esc(o.endpointNote.isEmpty() ? source : o.endpointNote));
    if (!o.grantType.isEmpty())
        html += tr("<p><b>Grant:</b> %1</p>").arg(esc(o.grantType));
    if (o.ok) {
        QStringList facts;
        if (o.expiresAt > 0)
            facts.append(tr("the access token %1 (%2)")
                             .arg(Jwt::TimeText::relative(QStringLiteral("exp"), o.expiresAt,
                                                          QDateTime::currentSecsSinceEpoch()),
                                  Jwt::TimeText::utc(o.expiresAt)));
        if (!o.response.tokenType.isEmpty())
            facts.append(tr("type %1").arg(o.response.tokenType));
        if (!o.response.scopes.isEmpty())
            facts.append(tr("scopes granted: %1").arg(o.response.scopes.join(u' ')));
        html += tr("<p><b>Answer:</b> %1.</p>")
                    .arg(esc(facts.isEmpty() ? tr("a new access token") : facts.join(QStringLiteral("; "))));
        html += tr("<p><b>Rotation:</b> %1</p>")
                    .arg(o.refreshTokenRotated
                             ? tr("the server issued a new refresh token; the old one is now dead.")
                             : (o.response.refreshToken.isEmpty() ? tr("no refresh token in the answer.")
                                                                  : tr("the same refresh token came back.")));
    } else {
        html += QStringLiteral("<p style=\"color:#c62828;\"><b>%1</b> %2</p>")
                    .arg(esc(tr("Failed:")), esc(o.error.message));
    }
    html += tr("<p><b>Tokens:</b> %1</p>").arg(esc(storageText(o, storeName, demo)));

    for (qsizetype i = 0; i < o.transcript.size(); ++i) {
        const Workspace::TokenStep& step = o.transcript.at(i);
        html += QStringLiteral("<h4>%1. %2</h4>").arg(i + 1).arg(esc(step.title));
        // The policy knows the credential names this exchange placed (Basic client authentication …).
        const Http::SecretPolicy policy = Http::SecretPolicy::standard().withLedgerOf(step.exchange);
        const qsizetype hops = step.exchange.hops.size();
        for (qsizetype h = 0; h < hops; ++h)
            html += hopHtml(step.exchange.hops.at(h), int(h), int(hops), policy);
        // RFC 7523: the client assertion's header and claims, decoded; its signature never (the body shows it
        // redacted).
        if (const QJsonObject assertion = Workspace::clientAssertionSummary(step.exchange); !assertion.isEmpty())
            html += QStringLiteral(
                        "<p style=\"margin-left:12px;\"><b>%1</b></p><pre style=\"margin-left:12px;\">%2</pre>")
                        .arg(esc(tr("Client assertion (RFC 7523) — header and claims; the signature is not shown:")),
                             esc(QString::fromUtf8(QJsonDocument(assertion).toJson(QJsonDocument::Indented))));
        if (step.exchange.error.isError())
            html += QStringLiteral("<p style=\"color:#c62828; margin-left:12px;\">%1</p>")
                        .arg(esc(step.exchange.error.message));
        html += findingsHtml(step.findings);
    }
    setHtml(themed(html, palette()));
    fitHeight();
}

void TokenTranscriptView::setSteps(const QString& summary, const QList<Workspace::TokenStep>& steps)
{
    QString html = QStringLiteral("<p>%1</p>").arg(esc(summary));
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const Workspace::TokenStep& step = steps.at(i);
        html += QStringLiteral("<h4>%1. %2</h4>").arg(i + 1).arg(esc(step.title));
        const Http::SecretPolicy policy = Http::SecretPolicy::standard().withLedgerOf(step.exchange);
        const qsizetype hops = step.exchange.hops.size();
        for (qsizetype h = 0; h < hops; ++h)
            html += hopHtml(step.exchange.hops.at(h), int(h), int(hops), policy);
        if (step.exchange.error.isError())
            html += QStringLiteral("<p style=\"color:#c62828; margin-left:12px;\">%1</p>")
                        .arg(esc(step.exchange.error.message));
        html += findingsHtml(step.findings);
    }
    setHtml(themed(html, palette()));
    fitHeight();
}

QSize TokenTranscriptView::sizeHint() const
{
    return {QTextBrowser::sizeHint().width(), height()};
}

QSize TokenTranscriptView::minimumSizeHint() const
{
    return {120, height()};
}

void TokenTranscriptView::resizeEvent(QResizeEvent* event)
{
    QTextBrowser::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        fitHeight();
}

void TokenTranscriptView::fitHeight()
{
    document()->setTextWidth(viewport()->width());
    const int height = int(std::ceil(document()->size().height())) + frameWidth() * 2 + 4;
    if (height != this->height())
        setFixedHeight(height);
}

} // namespace Authlens::Gui
