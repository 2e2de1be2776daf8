#include "TokenFinder.h"

#include "HttpDate.h"
#include "JwtInspector.h"
#include "TokenLabel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <algorithm>

namespace Authlens::Jwt {

bool isRequestLocation(TokenLocation location)
{
    switch (location) {
    case TokenLocation::RequestAuthorization:
    case TokenLocation::RequestProxyAuthorization:
    case TokenLocation::RequestDpopProof:
    case TokenLocation::RequestHeader:
    case TokenLocation::RequestCookie:
    case TokenLocation::RequestUrl:
        return true;
    case TokenLocation::ResponseBody:
    case TokenLocation::ResponseSetCookie:
    case TokenLocation::ResponseHeader:
    case TokenLocation::ResponseLocation:
        break;
    }
    return false;
}

QString tokenLocationName(TokenLocation location)
{
    switch (location) {
    case TokenLocation::RequestAuthorization:
        return QStringLiteral("request_authorization");
    case TokenLocation::RequestProxyAuthorization:
        return QStringLiteral("request_proxy_authorization");
    case TokenLocation::RequestDpopProof:
        return QStringLiteral("request_dpop_proof");
    case TokenLocation::RequestHeader:
        return QStringLiteral("request_header");
    case TokenLocation::RequestCookie:
        return QStringLiteral("request_cookie");
    case TokenLocation::RequestUrl:
        return QStringLiteral("request_url");
    case TokenLocation::ResponseBody:
        return QStringLiteral("response_body");
    case TokenLocation::ResponseSetCookie:
        return QStringLiteral("response_set_cookie");
    case TokenLocation::ResponseHeader:
        return QStringLiteral("response_header");
    case TokenLocation::ResponseLocation:
        return QStringLiteral("response_location");
    }
    return QStringLiteral("request_header");
}

namespace {

// Bodies larger than this are not searched (a token response is small; a 200 MB download is not one).
constexpr qint64 MaxBodyBytes = 1024 * 1024;
constexpr int MaxJsonDepth = 32;
constexpr int MaxJsonNodes = 20000;

/// Names of members/parameters that hold tokens whatever their shape, and the kind their name implies.
TokenKind kindForName(const QString& name, bool* known)
{
    *known = true;
    const QString n = name.toLower();
    if (n == u"access_token")
        return TokenKind::Access;
    if (n == u"id_token")
        return TokenKind::Id;
    if (n == u"refresh_token")
        return TokenKind::Refresh;
    if (n == u"logout_token")
        return TokenKind::Logout;
    if (n == u"issued_token" || n == u"token")
        return TokenKind::Unknown;
    *known = false;
    return TokenKind::Unknown;
}

bool isSecretLooking(QByteArrayView value)
{
    return JwtInspector::looksLikeJwt(value) || identifyTokenPrefix(value).has_value();
}

class Collector
{
public:
    explicit Collector(int hop)
        : m_hop(hop)
    {
    }

    void add(const QString& token, TokenLocation location, const QString& name, const QString& label,
             TokenKind expected)
    {
        const QString trimmedToken = token.trimmed();
        if (trimmedToken.isEmpty())
            return;
        for (const FoundToken& found : std::as_const(m_found)) {
            if (found.token == trimmedToken && found.location == location && found.name == name)
                return;
        }
        FoundToken found;
        found.token = trimmedToken;
        found.location = location;
        found.hopIndex = m_hop;
        found.name = name;
        found.label = label;
        found.expectedKind = expected;
        found.looksLikeJwt = JwtInspector::looksLikeJwt(trimmedToken.toLatin1());
        m_found.append(found);
    }

    QList<FoundToken> take() { return std::move(m_found); }

private:
    int m_hop;
    QList<FoundToken> m_found;
};

void scanCookiePairs(Collector& out, QByteArrayView header, TokenLocation location, bool setCookie)
{
    // Cookie: "a=1; b=2"; Set-Cookie: "name=value; Path=/; HttpOnly" (only the first pair is the cookie).
    const QList<QByteArray> pairs = header.toByteArray().split(';');
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        if (setCookie && i > 0)
            break;
        const QByteArray pair = pairs.at(i).trimmed();
        const qsizetype eq = pair.indexOf('=');
        if (eq <= 0)
            continue;
        const QString name = QString::fromLatin1(pair.left(eq).trimmed());
        QByteArray value = pair.mid(eq + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        if (!isSecretLooking(value))
            continue;
        out.add(QString::fromLatin1(value), location, name,
                setCookie ? QStringLiteral("Set-Cookie \"%1\" in the response").arg(name)
                          : QStringLiteral("cookie \"%1\" sent with the request").arg(name),
                TokenKind::Unknown);
    }
}

void scanQueryItems(Collector& out, const QList<QPair<QString, QString>>& items, TokenLocation location,
                    const QString& where)
{
    for (const auto& item : items) {
        bool known = false;
        const TokenKind kind = kindForName(item.first, &known);
        if (!known && !isSecretLooking(item.second.toLatin1()))
            continue;
        out.add(item.second, location, item.first, QStringLiteral("%1 in %2").arg(item.first, where), kind);
    }
}

void scanUrl(Collector& out, const QUrl& url, TokenLocation location, const QString& where)
{
    scanQueryItems(out, QUrlQuery(url).queryItems(QUrl::FullyDecoded), location,
                   QStringLiteral("the query of %1").arg(where));
    // The implicit and hybrid flows return tokens in the fragment, formatted like a query.
    if (url.hasFragment())
        scanQueryItems(out, QUrlQuery(url.fragment(QUrl::FullyEncoded)).queryItems(QUrl::FullyDecoded), location,
                       QStringLiteral("the fragment of %1").arg(where));
}

void scanJson(Collector& out, const QJsonValue& value, const QString& path, int depth, int* budget)
{
    if (depth > MaxJsonDepth || --*budget < 0)
        return;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const QString childPath = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
            if (it.value().isString()) {
                bool known = false;
                const TokenKind kind = kindForName(it.key(), &known);
                const QString text = it.value().toString();
                if (known || isSecretLooking(text.toLatin1()))
                    out.add(text, TokenLocation::ResponseBody, childPath,
                            QStringLiteral("%1 in the response body").arg(childPath), kind);
            } else {
                scanJson(out, it.value(), childPath, depth + 1, budget);
            }
        }
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString childPath = QStringLiteral("%1[%2]").arg(path).arg(i);
            if (array.at(i).isString()) {
                const QString text = array.at(i).toString();
                if (isSecretLooking(text.toLatin1()))
                    out.add(text, TokenLocation::ResponseBody, childPath,
                            QStringLiteral("%1 in the response body").arg(childPath), TokenKind::Unknown);
            } else {
                scanJson(out, array.at(i), childPath, depth + 1, budget);
            }
        }
    }
}

void scanBody(Collector& out, const QByteArray& body, const QByteArray& contentType)
{
    const QByteArray trimmedBody = body.trimmed();
    if (trimmedBody.isEmpty())
        return;
    const QByteArray type = contentType.toLower();
    const char first = trimmedBody.front();
    if (type.contains("json") || first == '{' || first == '[') {
        const QJsonDocument document = QJsonDocument::fromJson(trimmedBody);
        if (!document.isNull()) {
            int budget = MaxJsonNodes;
            scanJson(out, document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array()), {}, 0,
                     &budget);
            return;
        }
    }
    if (type.contains("x-www-form-urlencoded")
        || (trimmedBody.contains('=') && !trimmedBody.contains(' ') && !trimmedBody.contains('<') && first != '{')) {
        // GitHub's token endpoint answers form-encoded unless asked for JSON.
        QUrlQuery query(QString::fromUtf8(trimmedBody));
        scanQueryItems(out, query.queryItems(QUrl::FullyDecoded), TokenLocation::ResponseBody,
                       QStringLiteral("the response body"));
        return;
    }
    // application/jwt, token-introspection+jwt, or a plain-text token.
    if (JwtInspector::looksLikeJwt(trimmedBody))
        out.add(QString::fromLatin1(trimmedBody), TokenLocation::ResponseBody, QStringLiteral("body"),
                QStringLiteral("the whole response body"), TokenKind::Unknown);
}

QString hopSuffix(int hop, int hops)
{
    return hops > 1 && hop >= 0 ? QStringLiteral(" (hop %1)").arg(hop + 1) : QString();
}

} // namespace

QList<FoundToken> TokenFinder::findInRequestHeaders(const Http::HeaderList& headers, int hopIndex)
{
    Collector out(hopIndex);
    for (const Http::Header& header : headers) {
        const QByteArray name = header.first.toLower();
        const QByteArray value = header.second.trimmed();
        const QString headerName = QString::fromLatin1(header.first);
        if (name == "authorization" || name == "proxy-authorization") {
            const qsizetype space = value.indexOf(' ');
            if (space <= 0)
                continue;
            const QByteArray scheme = value.left(space);
            const QByteArray credentials = value.mid(space + 1).trimmed();
            const bool proxy = name == "proxy-authorization";
            if (scheme.compare("Bearer", Qt::CaseInsensitive) == 0 || scheme.compare("DPoP", Qt::CaseInsensitive) == 0)
                out.add(
                    QString::fromLatin1(credentials),
                    proxy ? TokenLocation::RequestProxyAuthorization : TokenLocation::RequestAuthorization, headerName,
                    QStringLiteral("%1 token in the request's %2 header").arg(QString::fromLatin1(scheme), headerName),
                    TokenKind::Access);
        } else if (name == "dpop") {
            out.add(QString::fromLatin1(value), TokenLocation::RequestDpopProof, headerName,
                    QStringLiteral("DPoP proof in the request's DPoP header"), TokenKind::DpopProof);
        } else if (name == "cookie") {
            scanCookiePairs(out, value, TokenLocation::RequestCookie, false);
        } else if (isSecretLooking(value)) {
            out.add(QString::fromLatin1(value), TokenLocation::RequestHeader, headerName,
                    QStringLiteral("token in the request's %1 header").arg(headerName), TokenKind::Unknown);
        }
    }
    return out.take();
}

QList<FoundToken> TokenFinder::findInRequestUrl(const QUrl& url, int hopIndex)
{
    Collector out(hopIndex);
    scanUrl(out, url, TokenLocation::RequestUrl, QStringLiteral("the request URL"));
    QList<FoundToken> found = out.take();
    // RFC 6750 §2.3: access_token in the query is a bearer credential being sent.
    for (FoundToken& token : found) {
        if (token.name == u"access_token")
            token.expectedKind = TokenKind::Access;
    }
    return found;
}

QList<FoundToken> TokenFinder::findInResponseHeaders(const Http::HeaderList& headers, int hopIndex)
{
    Collector out(hopIndex);
    for (const Http::Header& header : headers) {
        const QByteArray name = header.first.toLower();
        const QByteArray value = header.second.trimmed();
        if (name == "set-cookie") {
            scanCookiePairs(out, value, TokenLocation::ResponseSetCookie, true);
        } else if (name == "location") {
            scanUrl(out, QUrl::fromEncoded(value), TokenLocation::ResponseLocation,
                    QStringLiteral("the redirect Location"));
        } else if (isSecretLooking(value)) {
            const QString headerName = QString::fromLatin1(header.first);
            out.add(QString::fromLatin1(value), TokenLocation::ResponseHeader, headerName,
                    QStringLiteral("token in the response's %1 header").arg(headerName), TokenKind::Unknown);
        }
    }
    return out.take();
}

QList<FoundToken> TokenFinder::findInResponseBody(const QByteArray& body, const QByteArray& contentType, int hopIndex)
{
    Collector out(hopIndex);
    if (body.size() <= MaxBodyBytes)
        scanBody(out, body, contentType);
    return out.take();
}

QList<FoundToken> TokenFinder::findInCookies(const QList<QNetworkCookie>& cookies, TokenLocation location, int hopIndex)
{
    Collector out(hopIndex);
    const bool response = location == TokenLocation::ResponseSetCookie;
    for (const QNetworkCookie& cookie : cookies) {
        if (!isSecretLooking(cookie.value()))
            continue;
        const QString name = QString::fromLatin1(cookie.name());
        out.add(QString::fromLatin1(cookie.value()), location, name,
                response ? QStringLiteral("Set-Cookie \"%1\" in the response").arg(name)
                         : QStringLiteral("cookie \"%1\" sent with the request").arg(name),
                TokenKind::Unknown);
    }
    return out.take();
}

QList<FoundToken> TokenFinder::find(const Http::Exchange& exchange)
{
    QList<FoundToken> all;
    const int hops = int(exchange.hops.size());
    const auto merge = [&all, hops](QList<FoundToken> found) {
        for (FoundToken& token : found) {
            const bool duplicate = std::any_of(all.cbegin(), all.cend(), [&token](const FoundToken& other) {
                return other.token == token.token && other.location == token.location && other.name == token.name
                    && other.hopIndex == token.hopIndex;
            });
            if (duplicate)
                continue;
            token.label += hopSuffix(token.hopIndex, hops);
            all.append(token);
        }
    };
    for (int i = 0; i < hops; ++i) {
        const Http::Hop& hop = exchange.hops.at(i);
        merge(findInRequestHeaders(hop.request.headers, i));
        merge(findInRequestUrl(hop.request.url, i));
        merge(findInCookies(hop.cookies.sent, TokenLocation::RequestCookie, i));
        if (!hop.response.received)
            continue;
        merge(findInResponseHeaders(hop.response.headers, i));
        merge(findInCookies(hop.cookies.received, TokenLocation::ResponseSetCookie, i));
        if (hop.response.body.size() <= MaxBodyBytes)
            merge(findInResponseBody(hop.response.body.head(MaxBodyBytes),
                                     Http::headerValue(hop.response.headers, "Content-Type"), i));
    }
    return all;
}

InspectOptions TokenFinder::optionsFor(const Http::Exchange& exchange, const FoundToken& token, InspectOptions base)
{
    if (token.expectedKind != TokenKind::Unknown)
        base.expectedKind = token.expectedKind;
    const Http::Hop* hop = token.hopIndex >= 0 && token.hopIndex < exchange.hops.size()
        ? &exchange.hops.at(token.hopIndex)
        : exchange.finalResponseHop();
    if (hop && hop->response.received) {
        if (const auto date = parseHttpDate(Http::headerValue(hop->response.headers, "Date")))
            base.serverDate = *date;
    }
    return base;
}

} // namespace Authlens::Jwt
