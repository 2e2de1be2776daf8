#include "diagnosis/Facts.h"

#include "auth/HeaderParser.h"
#include "http/Redaction.h"
#include "http/SecretPolicy.h"
#include "jwt/HttpDate.h"
#include "jwt/JwtInspector.h"
#include "jwt/TokenFinder.h"
#include "util/Chars.h"

#include <QJsonDocument>
#include <QUrlQuery>

namespace Authlens::Diagnosis {

namespace {

ParsedChallenges parseChallengeHeaders(const Http::HeaderList& headers, QByteArrayView name)
{
    ParsedChallenges out;
    out.headerName = name.toByteArray();
    out.fieldValues = Http::headerValues(headers, name);
    if (!out.fieldValues.isEmpty())
        out.parsed = Auth::parseChallenges(out.fieldValues);
    return out;
}

std::optional<SentAuthorization> sentAuthorization(const Http::HeaderList& headers, QByteArrayView name,
                                                   const ParsedChallenges& challenges)
{
    const QList<QByteArray> values = Http::headerValues(headers, name);
    if (values.isEmpty())
        return std::nullopt;
    SentAuthorization sent;
    sent.headerName = name.toByteArray();
    sent.value = values.first();
    sent.redacted = Http::isRedactedValue(sent.value);
    sent.parsed = Auth::parseCredentials(sent.value);
    if (sent.parsed.credentials)
        sent.scheme = sent.parsed.credentials->scheme;
    if (Util::sameName(sent.scheme, "Basic"))
        sent.basic = Auth::decodeBasic(sent.value.trimmed());
    if (!sent.redacted)
        sent.checks = Auth::checkCredentials(sent.value, challenges.parsed.challenges);
    return sent;
}

/// What a request recorded by another tool carried: every header, query parameter and cookie the
/// secret policy calls a credential.
QList<Carried> carriedFromRequest(const Http::Hop& hop)
{
    const Http::SecretPolicy& policy = Http::SecretPolicy::standard();
    QList<Carried> out;
    for (const Http::Header& h : hop.request.headers) {
        if (Util::sameName(h.first, "Cookie")) {
            for (const QByteArray& pair : h.second.split(';')) {
                const QByteArray trimmed = pair.trimmed();
                const qsizetype eq = trimmed.indexOf('=');
                if (trimmed.isEmpty())
                    continue;
                Carried c;
                c.placed = {eq < 0 ? trimmed : trimmed.left(eq),
                            Http::CredentialPlace::Cookie,
                            Http::CredentialSource::Recorded,
                            QStringLiteral("cookie"),
                            {}};
                c.value = eq < 0 ? QByteArray() : trimmed.mid(eq + 1);
                out.append(c);
            }
            continue;
        }
        if (!policy.isSecretHeader(h.first))
            continue;
        Carried c;
        c.placed = {h.first,
                    Http::CredentialPlace::Header,
                    Http::CredentialSource::Recorded,
                    QStringLiteral("%1 header").arg(QString::fromLatin1(h.first)),
                    {}};
        c.value = h.second;
        out.append(c);
    }
    const QUrlQuery query(hop.request.url);
    for (const auto& item : query.queryItems(QUrl::FullyDecoded)) {
        if (!policy.isSecretQueryParam(item.first))
            continue;
        Carried c;
        c.placed = {item.first.toUtf8(),
                    Http::CredentialPlace::Query,
                    Http::CredentialSource::Recorded,
                    QStringLiteral("query parameter %1").arg(item.first),
                    {}};
        c.value = item.second.toUtf8();
        out.append(c);
    }
    return out;
}

/// The ledger of a hop recorded by Authlens, with the values looked up in the request as sent.
QList<Carried> carriedFromLedger(const Http::Hop& hop)
{
    QList<Carried> out;
    const QUrlQuery query(hop.request.url);
    for (const Http::Placed& p : hop.placed) {
        Carried c;
        c.placed = p;
        switch (p.place) {
        case Http::CredentialPlace::Header:
            c.value = Http::headerValue(hop.request.headers, p.name);
            break;
        case Http::CredentialPlace::Query:
            c.value = query.queryItemValue(QString::fromUtf8(p.name), QUrl::FullyDecoded).toUtf8();
            break;
        case Http::CredentialPlace::Cookie:
            for (const QByteArray& pair : Http::headerValue(hop.request.headers, "Cookie").split(';')) {
                const QByteArray trimmed = pair.trimmed();
                if (trimmed.startsWith(QByteArray(p.name + '=')))
                    c.value = trimmed.mid(p.name.size() + 1);
            }
            break;
        case Http::CredentialPlace::TlsClientCertificate:
            break;
        }
        out.append(c);
    }
    return out;
}

qint64 hopLocalTime(const Http::Hop& hop, const DiagnoseOptions& options)
{
    if (options.now.isValid())
        return options.now.toSecsSinceEpoch();
    if (hop.timing.started.isValid())
        return hop.timing.started.toSecsSinceEpoch();
    return QDateTime::currentSecsSinceEpoch();
}

QByteArray mediaType(const QByteArray& contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

} // namespace

const Auth::Challenge* ParsedChallenges::scheme(QByteArrayView name) const
{
    for (const Auth::Challenge& c : parsed.challenges) {
        if (c.isScheme(name))
            return &c;
    }
    return nullptr;
}

QList<const Carried*> HopFacts::carriedIn(Http::CredentialPlace place) const
{
    QList<const Carried*> out;
    for (const Carried& c : carried) {
        if (c.placed.place == place)
            out.append(&c);
    }
    return out;
}

const Carried* HopFacts::carriedHeader(QByteArrayView name) const
{
    for (const Carried& c : carried) {
        if (c.placed.place == Http::CredentialPlace::Header && Util::sameName(c.placed.name, name))
            return &c;
    }
    return nullptr;
}

QList<QByteArray> HopFacts::responseHeaders(QByteArrayView name) const
{
    return Http::headerValues(hop->response.headers, name);
}

QByteArray HopFacts::responseHeader(QByteArrayView name) const
{
    return Http::headerValue(hop->response.headers, name);
}

QByteArray HopFacts::requestHeader(QByteArrayView name) const
{
    return Http::headerValue(hop->request.headers, name);
}

QList<const TokenFact*> Facts::requestTokens(int hop) const
{
    QList<const TokenFact*> out;
    for (const TokenFact& t : tokens) {
        if (t.found.hopIndex != hop)
            continue;
        if (Jwt::isRequestLocation(t.found.location))
            out.append(&t);
    }
    return out;
}

const TokenFact* Facts::authorizationToken(int hop) const
{
    for (const TokenFact& t : tokens) {
        if (t.found.hopIndex == hop && t.found.location == Jwt::TokenLocation::RequestAuthorization)
            return &t;
    }
    return nullptr;
}

Facts buildFacts(const Http::Exchange& exchange, const DiagnoseOptions& options, const DiagnoseContext& context)
{
    Facts facts;
    facts.exchange = &exchange;
    facts.options = options;
    facts.context = context;
    for (int i = 0; i < exchange.hops.size(); ++i) {
        const Http::Hop& hop = exchange.hops.at(i);
        HopFacts h;
        h.index = i;
        h.hop = &hop;
        h.localTime = hopLocalTime(hop, options);
        h.carried = hop.ledgerRecorded ? carriedFromLedger(hop) : carriedFromRequest(hop);
        h.recordedElsewhere = !hop.ledgerRecorded;
        for (Carried& c : h.carried)
            c.redacted = Http::isRedactedValue(c.value);
        h.withheld = hop.withheld;
        h.answered = hop.response.received;
        h.status = hop.response.status;
        if (h.answered) {
            h.www = parseChallengeHeaders(hop.response.headers, "WWW-Authenticate");
            h.proxy = parseChallengeHeaders(hop.response.headers, "Proxy-Authenticate");
            if (const auto date = Jwt::parseHttpDate(Http::headerValue(hop.response.headers, "Date"))) {
                h.serverTime = date->toSecsSinceEpoch();
                h.skewSeconds = *h.serverTime - h.localTime;
            }
            h.contentType = mediaType(Http::headerValue(hop.response.headers, "Content-Type"));
            h.body = hop.response.body.head(kMaxBodyBytes);
            h.bodyTruncated = hop.response.body.size() > h.body.size();
            const QByteArray trimmed = h.body.trimmed();
            if (!h.bodyTruncated && trimmed.startsWith('{')) {
                QJsonParseError error;
                const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &error);
                if (error.error == QJsonParseError::NoError && doc.isObject())
                    h.bodyJson = doc.object();
            }
            h.bodyIsHtml = Http::looksLikeHtml(h.body, h.contentType);
        }
        h.authorization = sentAuthorization(hop.request.headers, "Authorization", h.www);
        h.proxyAuthorization = sentAuthorization(hop.request.headers, "Proxy-Authorization", h.proxy);
        facts.hops.append(h);
        if (h.answered)
            facts.finalIndex = i;
    }

    // Every token, inspected against the clock of its hop, the server's Date, the expectations and keys.
    const QList<Jwt::FoundToken> found = Jwt::TokenFinder::find(exchange);
    for (const Jwt::FoundToken& token : found) {
        // A token a recording redacted ("eyJh…[redacted, 812 bytes]") is not a malformed token.
        if (Http::isRedactedValue(token.token.toUtf8()))
            continue;
        Jwt::InspectOptions base;
        const int hopIndex = token.hopIndex >= 0 && token.hopIndex < facts.hops.size() ? token.hopIndex : -1;
        base.now = QDateTime::fromSecsSinceEpoch(
            hopIndex >= 0 ? facts.hops.at(hopIndex).localTime : hopLocalTime(Http::Hop(), options), Qt::UTC);
        base.leewaySeconds = options.leewaySeconds;
        base.expectedAudiences = options.expectedAudiences;
        base.expectedIssuer = options.expectedIssuer;
        const Jwt::InspectOptions inspect = Jwt::TokenFinder::optionsFor(exchange, token, base);
        TokenFact fact;
        fact.found = token;
        fact.report = options.keys.isEmpty() ? Jwt::JwtInspector::inspect(token.token.toUtf8(), inspect)
                                             : Jwt::JwtInspector::inspect(token.token.toUtf8(), inspect, options.keys);
        facts.tokens.append(fact);
    }
    return facts;
}

} // namespace Authlens::Diagnosis
