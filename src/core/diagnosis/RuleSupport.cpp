#include "diagnosis/Rules.h"

#include "jwt/FieldCatalog.h"
#include "jwt/NumericDate.h"
#include "jwt/TimeText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRegularExpression>

namespace Authlens::Diagnosis::Rules {

namespace {

QString claimValueText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return u'"' + value.toString().left(120) + u'"';
    case QJsonValue::Double:
        return Jwt::FieldCatalog::displayValue(value); // integers as integers, others as %g, never a cast out of range
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array: {
        QStringList items;
        const QJsonArray array = value.toArray();
        for (const QJsonValue& v : array)
            items.append(claimValueText(v));
        return u'[' + items.join(QStringLiteral(", ")).left(200) + u']';
    }
    case QJsonValue::Object:
        return QStringLiteral("{…}");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("(absent)");
}

} // namespace

QString maskSecret(QByteArrayView value)
{
    const QByteArray trimmed = value.trimmed().toByteArray();
    if (trimmed.isEmpty())
        return QStringLiteral("(empty)");
    const qsizetype space = trimmed.indexOf(' ');
    // "Scheme credentials": the scheme is what a reader needs; the credentials never appear.
    if (space > 0 && space < 20) {
        const QByteArray rest = trimmed.mid(space + 1).trimmed();
        return QString::fromLatin1(trimmed.left(space)) + QStringLiteral(" •••• (%1 chars)").arg(rest.size());
    }
    return QStringLiteral("•••• (%1 chars)").arg(trimmed.size());
}

QString scrubSecrets(const HopFacts& hop, QString text)
{
    for (const Carried& c : hop.carried) {
        const qsizetype space = c.value.indexOf(' ');
        for (const QByteArray& secret : {c.value, space > 0 ? c.value.mid(space + 1).trimmed() : QByteArray()}) {
            if (secret.size() >= 8)
                text.replace(QString::fromUtf8(secret), maskSecret(secret));
        }
    }
    return text;
}

bool looksLikeLoginUrl(const QUrl& url)
{
    static const QRegularExpression re(
        QStringLiteral("(log-?in|log_in|log-?on|sign-?in|sign_in|/sso(/|$)|/authorize|/oauth2?/|/cas/|/auth(/|$)|"
                       "session/new|/saml2?/|/adfs/)"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(url.path()).hasMatch();
}

QUrl locationOf(const HopFacts& hop)
{
    const QByteArray location = hop.responseHeader("Location");
    if (location.isEmpty())
        return {};
    return hop.hop->request.url.resolved(QUrl(QString::fromUtf8(location), QUrl::TolerantMode));
}

QString headerText(QByteArrayView bytes, int max)
{
    QString out;
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u == '\r')
            out += QStringLiteral("\\r");
        else if (u == '\n')
            out += QStringLiteral("\\n");
        else if (u < 0x20 || u == 0x7f)
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
        else
            out += QChar(char16_t(u));
        if (out.size() >= max) {
            out += u'…';
            break;
        }
    }
    return out;
}

Evidence headerEvidence(const HopFacts& hop, Side side, QByteArrayView name, const QString& note)
{
    Evidence e;
    e.kind = EvidenceKind::Header;
    e.hop = hop.index;
    e.side = side;
    const Http::HeaderList& headers = side == Side::Request ? hop.hop->request.headers : hop.hop->response.headers;
    e.name = QString::fromLatin1(name);
    for (const Http::Header& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            e.name = QString::fromLatin1(h.first); // as sent
            const bool secret = side == Side::Request && hop.carriedHeader(h.first);
            e.excerpt = secret ? maskSecret(h.second) : headerText(h.second);
            e.start = 0;
            e.length = h.second.size();
            break;
        }
    }
    if (e.excerpt.isEmpty() && e.start < 0)
        e.excerpt = QStringLiteral("(absent)");
    e.note = note;
    return e;
}

Evidence paramEvidence(const HopFacts& hop, const ParsedChallenges& challenges, const Auth::Challenge& challenge,
                       QByteArrayView param, const QString& note)
{
    Evidence e;
    e.kind = EvidenceKind::Param;
    e.hop = hop.index;
    e.side = Side::Response;
    e.container = QString::fromLatin1(challenges.headerName);
    e.name = QString::fromLatin1(param);
    const Auth::AuthParam* p = challenge.param(param);
    if (p) {
        e.excerpt = QString::fromLatin1(p->name) + u'=' + (p->quoted ? u"\"" : u"") + headerText(p->value)
            + (p->quoted ? u"\"" : u"");
        if (p->nameRange.isValid()) {
            e.field = p->nameRange.fieldIndex;
            e.start = p->nameRange.offset;
            e.length = (p->valueRange.isValid() ? p->valueRange.end() : p->nameRange.end()) - p->nameRange.offset;
        }
    } else {
        e.excerpt = QStringLiteral("(absent)");
    }
    e.note = note;
    return e;
}

Evidence challengeEvidence(const HopFacts& hop, const ParsedChallenges& challenges, const Auth::Challenge& challenge,
                           const QString& note)
{
    Evidence e;
    e.kind = EvidenceKind::Param;
    e.hop = hop.index;
    e.side = Side::Response;
    e.container = QString::fromLatin1(challenges.headerName);
    e.name = QString::fromLatin1(challenge.scheme);
    if (challenge.range.isValid()) {
        e.field = challenge.range.fieldIndex;
        e.start = challenge.range.offset;
        e.length = challenge.range.length;
        const QByteArray& value = challenges.fieldValues.value(challenge.range.fieldIndex);
        e.excerpt = headerText(value.mid(e.start, e.length));
    } else {
        e.excerpt = QString::fromLatin1(challenge.scheme);
    }
    e.note = note;
    return e;
}

Evidence claimEvidence(const TokenFact& token, const QString& claim, const QString& note)
{
    Evidence e;
    e.kind = EvidenceKind::Claim;
    e.hop = token.found.hopIndex;
    e.side = Jwt::isRequestLocation(token.found.location) ? Side::Request : Side::Response;
    e.container = token.found.name;
    e.name = claim;
    const QJsonValue value = token.report.claims.value(claim);
    e.excerpt = claim + QStringLiteral(" = ") + claimValueText(value);
    const std::optional<qint64> seconds = Jwt::numericDate(value);
    if (seconds && (claim == u"exp" || claim == u"nbf" || claim == u"iat" || claim == u"auth_time"))
        e.excerpt += QStringLiteral(" (%1)").arg(Jwt::TimeText::utc(*seconds));
    for (const Jwt::TokenPart& part : token.report.parts) {
        if (part.name == u"payload") {
            e.start = part.offset;
            e.length = part.length;
        }
    }
    e.note = note;
    return e;
}

Evidence hopEvidence(const HopFacts& hop, const QString& name, const QString& excerpt, const QString& note)
{
    Evidence e;
    e.kind = EvidenceKind::Hop;
    e.hop = hop.index;
    e.name = name;
    e.excerpt = excerpt;
    e.note = note;
    return e;
}

Evidence bodyEvidence(const HopFacts& hop, QByteArrayView needle, const QString& note)
{
    Evidence e;
    e.kind = EvidenceKind::Body;
    e.hop = hop.index;
    e.side = Side::Response;
    e.name = QStringLiteral("body");
    const qsizetype at = needle.isEmpty() ? -1 : hop.body.indexOf(needle);
    if (at >= 0) {
        e.start = at;
        e.length = needle.size();
        const qsizetype from = std::max<qsizetype>(0, at - 40);
        e.excerpt = scrubSecrets(hop, QString::fromUtf8(hop.body.mid(from, needle.size() + 80)).simplified());
    } else {
        e.excerpt = scrubSecrets(hop, QString::fromUtf8(hop.body.left(160)).simplified());
    }
    e.note = note;
    return e;
}

std::optional<QUrlQuery> tokenRequest(const Http::Hop& hop)
{
    if (hop.request.method != "POST" || hop.request.body.isEmpty())
        return std::nullopt;
    const QByteArray body = hop.request.body.trimmed();
    QUrlQuery params;
    if (body.startsWith('{')) {
        const QJsonObject o = QJsonDocument::fromJson(body).object();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            params.addQueryItem(it.key(), it.value().toString());
    } else {
        params = QUrlQuery(QString::fromUtf8(body).replace(u'+', u' '));
    }
    if (!params.hasQueryItem(QStringLiteral("grant_type")))
        return std::nullopt;
    return params;
}

Fix action(const QString& id, const QString& label, const QJsonObject& params)
{
    return Fix {id, label, FixKind::Action, params};
}

Fix advice(const QString& id, const QString& label, const QJsonObject& params)
{
    return Fix {id, label, FixKind::Advice, params};
}

bool addTokenServiceFixes(Finding& f, const Facts& facts)
{
    if (!facts.options.canRefreshToken)
        return false;
    f.fixes.append(action(QStringLiteral("token.refresh"), QStringLiteral("Refresh token & resend")));
    f.fixes.append(action(QStringLiteral("token.new"), QStringLiteral("Get a new token")));
    return true;
}

bool addOAuthSetupFix(Finding& f, const Facts& facts, const HopFacts& hop)
{
    if (!facts.options.canSetUpOAuth || hop.status != 401)
        return false;
    for (const Auth::Challenge& c : hop.www.parsed.challenges) {
        const QByteArray metadata = c.value("resource_metadata");
        if (metadata.isEmpty())
            continue;
        // RFC 9728 §5.1: the URL of the resource's metadata; resolved against the request as a lenient
        // client does (the setup says which URL it fetched).
        const QUrl requested = hop.hop->request.url;
        const QUrl url = requested.resolved(QUrl(QString::fromUtf8(metadata), QUrl::StrictMode));
        f.fixes.append(action(QStringLiteral("oauth.setup"), QStringLiteral("Set up OAuth for this API"),
                              {{QStringLiteral("resource_metadata"), url.toString(QUrl::FullyEncoded)},
                               {QStringLiteral("resource"), requested.toString(QUrl::FullyEncoded)}}));
        return true;
    }
    return false;
}

QString durationText(qint64 seconds)
{
    return Jwt::TimeText::duration(seconds);
}

} // namespace Authlens::Diagnosis::Rules
