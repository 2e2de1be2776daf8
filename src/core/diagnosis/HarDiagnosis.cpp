#include "diagnosis/HarDiagnosis.h"

#include "http/CookieExplainer.h"
#include "profiles/formats/HarImport.h"

namespace Authlens::Diagnosis {

namespace {

/// A field a redaction tool replaced whole ("[REDACTED]", "***"): there is no cookie left to judge.
/// A field whose value alone was redacted ("sid=…[redacted, 40 bytes]; Path=/") is judged as usual: the
/// verdict does not depend on the value.
bool isRedactedField(const QByteArray& field)
{
    if (field.contains('='))
        return false;
    const QByteArray lower = field.toLower();
    return lower.contains("redacted") || lower.contains("***") || lower.contains("filtered") || lower.contains("hidden")
        || lower.contains("removed");
}

bool hasCookieHeaders(const QList<Http::Exchange>& exchanges)
{
    return std::any_of(exchanges.cbegin(), exchanges.cend(), [](const Http::Exchange& e) {
        return std::any_of(e.hops.cbegin(), e.hops.cend(), [](const Http::Hop& hop) {
            return Http::hasHeader(hop.request.headers, "Cookie")
                || Http::hasHeader(hop.response.headers, "Set-Cookie");
        });
    });
}

bool sameCookie(const QNetworkCookie& a, const QNetworkCookie& b)
{
    return a.name() == b.name() && a.domain().compare(b.domain(), Qt::CaseInsensitive) == 0 && a.path() == b.path();
}

/// Cookies the browser already held when the recording started show up in the requests. Chrome's HAR
/// lists them with their domain and path (from its cookie store): they join the jar, so later entries
/// can be judged against them. Their expiry says nothing (the browser sent them, so they were valid,
/// and Chrome writes 1969-12-31 for session cookies): they are kept as session cookies.
void seedFromRequest(QList<QNetworkCookie>& jar, const Http::Hop& hop)
{
    for (QNetworkCookie cookie : hop.cookies.sent) {
        if (cookie.name().isEmpty() || cookie.domain().isEmpty())
            continue;
        if (cookie.path().isEmpty())
            cookie.setPath(QStringLiteral("/"));
        cookie.setExpirationDate({});
        if (std::none_of(jar.cbegin(), jar.cend(),
                         [&cookie](const QNetworkCookie& c) { return sameCookie(c, cookie); }))
            jar.append(cookie);
    }
}

/// A HAR response `cookies` entry, for a response whose Set-Cookie headers are gone. Chrome writes
/// 1969-12-31T23:59:59 for "no expiry"; only a date from 1970 on is a real expiry (a deletion says
/// 1970-01-01 or later).
QNetworkCookie fromHarResponseCookie(QNetworkCookie cookie)
{
    if (cookie.expirationDate().isValid() && cookie.expirationDate().date().year() < 1970)
        cookie.setExpirationDate({});
    return cookie;
}

/// Replays one entry as the browser lived it: the jar before the request, the verdict on every jar
/// cookie, then the response's Set-Cookie fields judged and applied in order.
void replayCookies(Http::Hop& hop, QList<QNetworkCookie>& jar, QList<Http::SetCookieVerdict>& refused,
                   const QDateTime& when, int entryIndex, QStringList& warnings)
{
    seedFromRequest(jar, hop);
    hop.cookies.jar = Http::explainJarCookies(jar, hop.request.url, when);
    hop.cookies.setCookies.clear();
    // exchangesFromHar() already split Chrome's "\n"-joined HTTP/2 Set-Cookie header into fields.
    const QList<QByteArray> fields = Http::headerValues(hop.response.headers, "Set-Cookie");
    int redacted = 0;
    const auto judge = [&](const Http::SetCookieVerdict& verdict) {
        hop.cookies.setCookies.append(verdict);
        if (!verdict.accepted()) {
            refused.append(verdict);
            if (refused.size() > 64) // a 5,000-entry HAR must not drag every refusal along
                refused.removeFirst();
        }
        Http::applySetCookie(jar, verdict);
    };
    if (!fields.isEmpty()) {
        for (const QByteArray& field : fields) {
            if (isRedactedField(field)) {
                ++redacted;
                continue;
            }
            judge(Http::explainSetCookie(field, hop.request.url, jar, when));
        }
    } else {
        for (const QNetworkCookie& cookie : std::as_const(hop.cookies.received))
            judge(Http::explainSetCookie(fromHarResponseCookie(cookie), hop.request.url, jar, when));
    }
    if (redacted > 0)
        warnings.append(
            QStringLiteral("Entry %1: %2 Set-Cookie field(s) are redacted whole; their cookies are unknown.")
                .arg(entryIndex)
                .arg(redacted));
}

} // namespace

bool HarDiagnosis::hasCause() const
{
    return std::any_of(entries.cbegin(), entries.cend(),
                       [](const EntryDiagnosis& e) { return e.diagnosis.hasCause(); });
}

HarDiagnosis diagnoseHar(const QByteArray& json, const DiagnoseOptions& options)
{
    HarDiagnosis result;
    Formats::HarExchanges har = Formats::exchangesFromHar(json);
    result.warnings = har.warnings;
    if (!har.ok()) {
        result.error = har.error;
        return result;
    }
    const bool cookieHeaders = hasCookieHeaders(har.exchanges);
    // Put redirect chains back together: one exchange, one hop per entry.
    QList<EntryDiagnosis> exchanges;
    for (qsizetype i = 0; i < har.exchanges.size(); ++i) {
        if (har.continuesPrevious.value(i) && !exchanges.isEmpty()) {
            EntryDiagnosis& into = exchanges.last();
            into.entryIndexes.append(har.entryIndexes.at(i));
            into.exchange.hops.append(har.exchanges.at(i).hops);
            into.exchange.error = har.exchanges.at(i).error;
            continue;
        }
        EntryDiagnosis entry;
        entry.entryIndex = har.entryIndexes.at(i);
        entry.entryIndexes = {entry.entryIndex};
        entry.exchange = std::move(har.exchanges[i]);
        exchanges.append(std::move(entry));
    }
    // The entries are replayed as the browser lived them: the cookies earlier entries set are the jar of
    // later ones (RFC 6265 §5.3 storage, §5.4 retrieval), so a login flow spread over several entries is
    // judged as one. Each entry is judged at the time it started: cookies expire between entries.
    DiagnoseContext context;
    context.jarKnown = true;
    context.cookieHeadersRecorded = cookieHeaders;
    QList<QNetworkCookie> jar;
    QList<Http::SetCookieVerdict> refused;
    for (EntryDiagnosis& entry : exchanges) {
        context.jar = jar;
        context.refusedEarlier = refused;
        for (qsizetype h = 0; h < entry.exchange.hops.size(); ++h) {
            Http::Hop& hop = entry.exchange.hops[h];
            const QDateTime when = hop.timing.started.isValid() ? hop.timing.started
                : options.now.isValid()                         ? options.now
                                                                : QDateTime::currentDateTimeUtc();
            replayCookies(hop, jar, refused, when, entry.entryIndexes.value(h, entry.entryIndex), result.warnings);
        }
        entry.diagnosis = diagnose(entry.exchange, options, context);
        result.entries.append(std::move(entry));
    }
    return result;
}

} // namespace Authlens::Diagnosis
