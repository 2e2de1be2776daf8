// Who answered? A 401 or 403 often comes from something in front of the application: a WAF or CDN
// (Cloudflare, Akamai, AWS WAF, Imperva, Sucuri, Azure Front Door), an API gateway (Amazon API Gateway,
// Azure API Management, Kong, Apigee), the web server itself (nginx, Apache, IIS and its sub-statuses), a
// cache that replays an old failure, a rate limiter, or a captive portal. Each rule below recognises one
// of them from its documented answer (the document is cited next to the rule) and says so plainly: the
// application may never have seen the request.
//
// Every rule reads only the facts of the exchange. Findings are made per hop (the hop whose response is
// explained); several signals for the same code on one hop become one finding with all the evidence.
#include "diagnosis/Rules.h"

#include "http/SecretPolicy.h"
#include "jwt/HttpDate.h"

#include <QJsonValue>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <optional>

namespace Authlens::Diagnosis::Rules {

namespace {

using L = QLatin1String;

/// How much of a body the middleman rules search: error pages of WAFs, gateways and web servers are small.
constexpr qsizetype kScanBytes = 32 * 1024;

constexpr auto kNeverSawIt = u"The application behind it may never have seen the request.";

// ---- one answered hop, as these rules read it -----------------------------------------------------

struct Response
{
    const Facts& facts;
    const HopFacts& hop;
    QByteArray lower; ///< the head of the body, ASCII lower-cased: byte offsets are those of hop.body

    Response(const Facts& f, const HopFacts& h)
        : facts(f)
        , hop(h)
        , lower(h.body.left(kScanBytes).toLower())
    {
    }

    int status() const { return hop.status; }
    QByteArray header(QByteArrayView name) const { return hop.responseHeader(name); }
    bool has(QByteArrayView name) const { return !hop.responseHeaders(name).isEmpty(); }
    /// The header's value lower-cased ("" when absent).
    QByteArray lowerHeader(QByteArrayView name) const { return header(name).trimmed().toLower(); }
    /// Where `needle` (lower-case) starts in the body, or -1.
    qsizetype find(QByteArrayView needle) const { return lower.indexOf(needle); }
    bool contains(QByteArrayView needle) const { return find(needle) >= 0; }
    QByteArray method() const { return hop.hop->request.method.toUpper(); }
    QUrl url() const { return hop.hop->request.url; }
};

/// Evidence pointing at exactly `length` bytes of the response body at `at`.
Evidence bodyAt(const HopFacts& hop, qsizetype at, qsizetype length, const QString& note)
{
    Evidence e;
    e.kind = EvidenceKind::Body;
    e.hop = hop.index;
    e.side = Side::Response;
    e.name = QStringLiteral("body");
    e.start = at;
    e.length = length;
    // Block pages write some characters as numeric entities (Akamai's "Reference&#32;&#35;18&#46;…"); the
    // excerpt shows the characters, the range stays on the bytes as received.
    static const QRegularExpression s_entity(QStringLiteral(R"(&#(\d{2,3});)"));
    QString text = QString::fromUtf8(hop.body.mid(at, length));
    QRegularExpressionMatch m;
    while ((m = s_entity.match(text)).hasMatch())
        text.replace(m.capturedStart(0), m.capturedLength(0), QChar(char16_t(m.captured(1).toUShort())));
    e.excerpt = scrubSecrets(hop, text.simplified().left(240));
    e.note = note;
    return e;
}

/// Evidence for the first occurrence of a lower-case needle in the body (nothing when absent).
std::optional<Evidence> bodyMatch(const Response& r, QByteArrayView needle, const QString& note)
{
    const qsizetype at = r.find(needle);
    if (at < 0)
        return std::nullopt;
    return bodyAt(r.hop, at, needle.size(), note);
}

/// Evidence for a regular-expression match in the lower-cased body (capture 0).
std::optional<Evidence> bodyRegex(const Response& r, const QRegularExpression& re, const QString& note,
                                  QRegularExpressionMatch* matchOut = nullptr)
{
    const QString text = QString::fromLatin1(r.lower); // Latin-1: one character per byte, offsets stay
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    if (matchOut)
        *matchOut = m;
    return bodyAt(r.hop, m.capturedStart(0), m.capturedLength(0), note);
}

Evidence responseHeader(const Response& r, QByteArrayView name, const QString& note)
{
    return headerEvidence(r.hop, Side::Response, name, note);
}

Evidence statusEvidence(const Response& r, const QString& note)
{
    const Http::ResponseRecord& rec = r.hop.hop->response;
    return hopEvidence(r.hop, QStringLiteral("status"),
                       QStringLiteral("%1 %2").arg(rec.status).arg(QString::fromLatin1(rec.reason)).trimmed(), note);
}

/// A request header: a credential masked (cookies by name only), anything else as sent.
Evidence requestHeader(const Response& r, QByteArrayView name, const QString& note)
{
    Evidence e;
    e.kind = EvidenceKind::Header;
    e.hop = r.hop.index;
    e.side = Side::Request;
    e.name = QString::fromLatin1(name);
    for (const Http::Header& h : r.hop.hop->request.headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        e.name = QString::fromLatin1(h.first);
        e.start = 0;
        e.length = h.second.size();
        if (h.first.compare("Cookie", Qt::CaseInsensitive) == 0) {
            QStringList names;
            for (const QByteArray& pair : h.second.split(';')) {
                const QByteArray t = pair.trimmed();
                if (!t.isEmpty())
                    names.append(QString::fromLatin1(t.left(t.indexOf('=') < 0 ? t.size() : t.indexOf('=')))
                                 + QStringLiteral("=••••"));
            }
            e.excerpt = names.join(QStringLiteral("; "));
        } else if (Http::SecretPolicy::standard().isSecretHeader(h.first) || r.hop.carriedHeader(h.first)) {
            e.excerpt = maskSecret(h.second);
        } else {
            e.excerpt = headerText(h.second);
        }
        break;
    }
    if (e.start < 0)
        e.excerpt = QStringLiteral("(absent)");
    e.note = note;
    return e;
}

bool requestHas(const Response& r, QByteArrayView name)
{
    return Http::hasHeader(r.hop.hop->request.headers, name);
}

// ---- building one finding per code per hop -------------------------------------------------------

class HopFindings
{
public:
    explicit HopFindings(int hop)
        : m_hop(hop)
    {
    }

    /// Adds a signal for `code`: the strongest signal's severity, reason and explanation win; evidence,
    /// fixes and sources accumulate.
    Finding& add(QLatin1String code, Severity severity, const QString& reason, const QString& source,
                 const QString& explanation)
    {
        auto it = std::find_if(m_list.begin(), m_list.end(), [code](const Finding& f) { return f.code == code; });
        if (it == m_list.end()) {
            m_list.append(makeFinding(code, m_hop));
            it = m_list.end() - 1;
            it->severity = severity;
            it->reason = reason;
            it->explanation = explanation;
        } else if (int(severity) < int(it->severity)) {
            it->severity = severity;
            it->reason = reason;
            it->explanation = explanation;
        }
        if (!source.isEmpty() && !it->source.contains(source))
            it->source = it->source.isEmpty() ? source : it->source + QStringLiteral("; ") + source;
        return *it;
    }

    bool has(QLatin1String code) const
    {
        return std::any_of(m_list.cbegin(), m_list.cend(), [code](const Finding& f) { return f.code == code; });
    }
    bool any() const { return !m_list.isEmpty(); }
    QList<Finding>& list() { return m_list; }

private:
    int m_hop;
    QList<Finding> m_list;
};

void addEvidence(Finding& f, const Evidence& e)
{
    // The same bytes found by two signals are one piece of evidence (the first note stays).
    const bool known = std::any_of(f.evidence.cbegin(), f.evidence.cend(), [&e](const Evidence& o) {
        return o.kind == e.kind && o.hop == e.hop && o.side == e.side && o.name == e.name && o.field == e.field
            && o.start == e.start && o.length == e.length && o.container == e.container;
    });
    if (!known)
        f.evidence.append(e);
}

void addEvidence(Finding& f, const std::optional<Evidence>& e)
{
    if (e)
        addEvidence(f, *e);
}

void addFix(Finding& f, const Fix& x)
{
    if (std::none_of(f.fixes.cbegin(), f.fixes.cend(), [&x](const Fix& y) { return y.id == x.id; }))
        f.fixes.append(x);
}

QJsonObject params(std::initializer_list<std::pair<QString, QJsonValue>> items)
{
    QJsonObject o;
    for (const auto& [key, value] : items)
        o.insert(key, value);
    return o;
}

// ---- request ids: what the operators need to find this request in their logs ---------------------

struct RequestIdHeader
{
    L name;
    L vendor;
};

// Each vendor documents the header its support asks for:
// CF-RAY https://developers.cloudflare.com/fundamentals/reference/cloudflare-ray-id/ ;
// X-Amz-Cf-Id https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-403-permission-denied.html ;
// x-amzn-RequestId, x-amz-apigw-id, apigw-requestid
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html ;
// x-azure-ref
// https://learn.microsoft.com/en-us/azure/web-application-firewall/afds/waf-front-door-configure-custom-response-code ;
// X-Sucuri-ID https://docs.sucuri.net/website-firewall/sucuri-firewall-troubleshooting-guide/ ;
// X-Kong-Request-Id, the request id Kong adds (Kong Gateway 3.5 and later).
constexpr RequestIdHeader s_requestIdHeaders[] = {
    {L("CF-RAY"), L("Cloudflare")},
    {L("X-Amz-Cf-Id"), L("Amazon CloudFront")},
    {L("x-amzn-RequestId"), L("Amazon API Gateway")},
    {L("x-amz-apigw-id"), L("Amazon API Gateway")},
    {L("apigw-requestid"), L("Amazon API Gateway")},
    {L("x-azure-ref"), L("Azure Front Door")},
    {L("X-Iinfo"), L("Imperva")},
    {L("X-Sucuri-ID"), L("Sucuri")},
    {L("X-Kong-Request-Id"), L("Kong")},
    {L("X-Request-Id"), L("")},
    {L("X-Correlation-Id"), L("")},
};

Fix requestIdFix(const QString& vendor, const QString& what, const QString& id)
{
    const QString who = vendor.isEmpty() ? QStringLiteral("the operators") : vendor + QStringLiteral("'s operators");
    return advice(
        QStringLiteral("advice.give_request_id"), QStringLiteral("Give %1 the %2: %3").arg(who, what, id.left(80)),
        params({{QStringLiteral("vendor"), vendor}, {QStringLiteral("name"), what}, {QStringLiteral("id"), id}}));
}

/// Adds the request ids found in the response (headers, then ids printed on block pages) to a finding.
void addRequestIds(const Response& r, Finding& f)
{
    for (const RequestIdHeader& h : s_requestIdHeaders) {
        const QByteArray value = r.header(QByteArrayView(h.name.data(), h.name.size())).trimmed();
        if (value.isEmpty())
            continue;
        addEvidence(f,
                    responseHeader(r, QByteArrayView(h.name.data(), h.name.size()),
                                   QStringLiteral("identifies this request in the operators' logs")));
        addFix(f, requestIdFix(h.vendor, h.name, QString::fromLatin1(value)));
        return; // one id is enough to find the request
    }
    // Akamai prints "Reference #18.…" on its block page
    // (https://techdocs.akamai.com/application-security/reference/get-error-translator-lookup); Imperva prints
    // "Incapsula incident ID: …"
    // (https://support.incapsula.com/hc/en-us/articles/200627880-How-Incapsula-Handles-Threats).
    static const QRegularExpression s_bodyIds(
        QStringLiteral(R"(reference(?:\s|&#32;)*(?:#|&#35;)\s*([0-9a-f]+(?:(?:\.|&#46;)[0-9a-f]+)+)|)"
                       R"(incident id:?\s*([0-9][0-9-]+)|ray id:?\s*(?:<[^>]*>)?\s*([0-9a-f]{16}))"));
    QRegularExpressionMatch m;
    if (const auto e = bodyRegex(r, s_bodyIds, QStringLiteral("identifies this request in the operators' logs"), &m)) {
        addEvidence(f, *e);
        const int group = m.capturedLength(1) > 0 ? 1 : m.capturedLength(2) > 0 ? 2 : 3;
        // Akamai writes the dots of its reference as "&#46;".
        const QString id = QString::fromLatin1(r.hop.body.mid(m.capturedStart(group), m.capturedLength(group)))
                               .replace(QStringLiteral("&#46;"), QStringLiteral("."));
        const QString vendor = group == 1 ? QStringLiteral("Akamai")
            : group == 2                  ? QStringLiteral("Imperva")
                                          : QStringLiteral("Cloudflare");
        const QString what = group == 1 ? QStringLiteral("reference number")
            : group == 2                ? QStringLiteral("incident ID")
                                        : QStringLiteral("Ray ID");
        addFix(f, requestIdFix(vendor, what, id));
    }
}

// ---- WAFs and CDNs ----------------------------------------------------------------------------------

Finding& waf(HopFindings& out, const QString& reason, const QString& vendor, const QString& what,
             Severity severity = Severity::Cause)
{
    Finding& f = out.add(Code::WafBlocked, severity, reason, vendor,
                         QStringLiteral("%1 blocked the request before it reached the API: %2 %3 This is not an "
                                        "answer about your credentials; sending other credentials will not help.")
                             .arg(vendor, what, kNeverSawIt));
    addFix(f,
           advice(QStringLiteral("advice.waf_allowlist"),
                  QStringLiteral("Ask the site's operators to allow this request in %1 (a rule exception for "
                                 "this path, client or IP address)")
                      .arg(vendor)));
    return f;
}

bool isCloudflare(const Response& r)
{
    return r.has("CF-RAY") || r.lowerHeader("Server") == "cloudflare";
}

// Cloudflare. Challenge pages carry `cf-mitigated: challenge` ("challenge is the only valid value"):
// https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response/
// Block pages carry a 1xxx error code in the body (HTML, or "error code: 1020" as plain text); 1020 is a
// firewall rule, 1010 the browser signature (User-Agent), 1012 access denied, 1005–1009 an ASN, IP or
// country ban, 1015 rate limiting:
// https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/
// WAF, IP/country and challenge pages answer 403, rate limiting 429:
// https://developers.cloudflare.com/rules/custom-errors/reference/error-page-types/
void cloudflare(const Response& r, HopFindings& out)
{
    if (r.status() < 400) // a page about Cloudflare's errors, served through Cloudflare, is not one
        return;
    const QString source = QStringLiteral("Cloudflare");
    if (r.lowerHeader("cf-mitigated") == "challenge") {
        Finding& f = waf(out, QStringLiteral("cloudflare_challenge"), source,
                         QStringLiteral("it answered with a challenge page (cf-mitigated: challenge), which only a "
                                        "browser running its JavaScript can pass."));
        addEvidence(f, responseHeader(r, "cf-mitigated", QStringLiteral("Cloudflare's documented challenge marker")));
    }
    const bool cloudflareBody = r.contains("cloudflare");
    if (!isCloudflare(r) && !cloudflareBody)
        return;
    static const QRegularExpression s_code(
        QStringLiteral(R"(^\s*error code:?\s*(1\d{3})\b|cf-error-code[^>]*>\s*(1\d{3})|)"
                       R"(\berror\s*(?:</span>\s*<span[^>]*>\s*)?(1\d{3})\b)"));
    QRegularExpressionMatch m;
    const auto e = bodyRegex(r, s_code, QStringLiteral("Cloudflare's error code"), &m);
    if (e) {
        const int group = m.capturedLength(1) > 0 ? 1 : m.capturedLength(2) > 0 ? 2 : 3;
        // The third form ("Error 1020") is only Cloudflare's when the page says Cloudflare.
        if (group != 3 || cloudflareBody) {
            const int code = m.captured(group).toInt();
            const QString reason = QStringLiteral("cloudflare_%1").arg(code);
            Finding* f = nullptr;
            if (code == 1020 || code == 1010 || code == 1012 || code == 1011) {
                const QString what = code == 1020 ? QStringLiteral("error 1020, a firewall rule of the site matched "
                                                                   "the request.")
                    : code == 1010 ? QStringLiteral("error 1010, the site bans the client's signature (its "
                                                    "User-Agent); send a User-Agent that names your application.")
                    : code == 1011 ? QStringLiteral("error 1011, hotlink protection.")
                                   : QStringLiteral("error 1012, access denied by the site's policy.");
                f = &waf(out, reason, source, what);
            } else if (code >= 1005 && code <= 1009) {
                f = &out.add(Code::IpBlocked, Severity::Cause, reason, source,
                             QStringLiteral("Cloudflare refused the request with error %1: the site's owner bans the "
                                            "network, IP address or country the request came from. %2")
                                 .arg(code)
                                 .arg(kNeverSawIt));
                addFix(*f,
                       advice(QStringLiteral("advice.change_network"),
                              QStringLiteral("Use another network or ask the site's owner to allow yours")));
            } else if (code == 1015) {
                f = &out.add(Code::RateLimited, Severity::Cause, QString(), source,
                             QStringLiteral("Cloudflare's rate limiting refused the request (error 1015): too many "
                                            "requests from this client in a short time. %1")
                                 .arg(kNeverSawIt));
            }
            if (f)
                addEvidence(*f, *e);
        }
    }
    if (r.status() == 403 && cloudflareBody
        && (r.contains("sorry, you have been blocked") || r.contains("attention required! | cloudflare"))) {
        Finding& f = waf(out, QStringLiteral("cloudflare_block"), source,
                         QStringLiteral("its block page (“Sorry, you have been blocked”) answered."));
        addEvidence(f, bodyMatch(r, "sorry, you have been blocked", QStringLiteral("Cloudflare's block page")));
        addEvidence(f, bodyMatch(r, "attention required! | cloudflare", QStringLiteral("Cloudflare's block page")));
    }
}

// Akamai: a customer's security policy denies with an "Access Denied … Reference #18.…" page; the reference
// is the key to Akamai's Error Translator:
// https://techdocs.akamai.com/application-security/reference/get-error-translator-lookup
// https://community.akamai.com/community/cloud-security/blog/2016/04/07/why-is-akamai-blocking-me
void akamai(const Response& r, HopFindings& out)
{
    // The page writes "Reference&#32;&#35;18&#46;…": the entities are matched as the characters they stand for.
    static const QRegularExpression s_reference(
        QStringLiteral(R"(reference(?:\s|&#32;)*(?:#|&#35;)\s*[0-9a-f]+(?:(?:\.|&#46;)[0-9a-f]+)+)"));
    const bool denied = r.contains("access denied") || r.contains("you don't have permission to access");
    if (r.status() < 400 || !denied)
        return;
    QRegularExpressionMatch m;
    const auto e = bodyRegex(r, s_reference, QStringLiteral("Akamai's reference number"), &m);
    if (!e) // the application's own "Access denied" through Akamai has no reference number
        return;
    Finding& f = waf(out, QStringLiteral("akamai"), QStringLiteral("Akamai"),
                     QStringLiteral("its “Access Denied” page with a reference number answered: the site's security "
                                    "policy (WAF, bot manager, IP reputation or rate controls) denied it."));
    addEvidence(f, e);
    if (r.has("Server"))
        addEvidence(f, responseHeader(r, "Server", QString()));
}

bool isCloudFront(const Response& r)
{
    return r.lowerHeader("Server") == "cloudfront" || r.has("X-Amz-Cf-Id")
        || r.lowerHeader("Via").contains("cloudfront");
}

// AWS WAF in front of CloudFront: 403 "Request blocked. We can't connect to the server for this app or
// website at this time." with Server: CloudFront; geographic restrictions answer "The Amazon CloudFront
// distribution is configured to block access from your country."
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-403-permission-denied.html
// https://repost.aws/knowledge-center/cloudfront-troubleshoot-403-errors
// AWS WAF in front of an Application Load Balancer: the load balancer (Server: awselb/2.0) answers 403
// "when a web ACL blocked a request":
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html
// https://repost.aws/knowledge-center/waf-block-respond-403-forbidden-error
void awsWaf(const Response& r, HopFindings& out)
{
    if (r.status() != 403)
        return;
    // CloudFront's own error page; an application's 403 passed through CloudFront is not one.
    if (isCloudFront(r) && r.contains("the request could not be satisfied")) {
        if (r.contains("request blocked")) {
            Finding& f = waf(out, QStringLiteral("aws_waf_cloudfront"), QStringLiteral("AWS WAF (CloudFront)"),
                             QStringLiteral("CloudFront's “Request blocked” page answered, which it shows when an AWS "
                                            "WAF web ACL blocks a request."));
            addEvidence(f, bodyMatch(r, "request blocked", QStringLiteral("CloudFront's WAF block page")));
            addEvidence(f, responseHeader(r, "Server", QString()));
        }
        if (r.contains("configured to block access from your country")) {
            Finding& f = out.add(Code::IpBlocked, Severity::Cause, QStringLiteral("cloudfront_geo"),
                                 QStringLiteral("Amazon CloudFront"),
                                 QStringLiteral("CloudFront's geographic restriction refused the request: the "
                                                "distribution blocks the country your IP address is in. %1")
                                     .arg(kNeverSawIt));
            addEvidence(f,
                        bodyMatch(r, "configured to block access from your country",
                                  QStringLiteral("CloudFront's geo-restriction page")));
            addFix(f,
                   advice(QStringLiteral("advice.change_network"),
                          QStringLiteral("Use a network in an allowed country, or ask for the restriction to "
                                         "be lifted")));
        }
    } else if (r.lowerHeader("Server").startsWith("awselb")) {
        Finding& f = waf(out, QStringLiteral("aws_waf_alb"), QStringLiteral("AWS WAF (Application Load Balancer)"),
                         QStringLiteral("the Application Load Balancer (Server: awselb) answered 403 itself, which it "
                                        "does when an AWS WAF web ACL blocks a request."));
        addEvidence(f, responseHeader(r, "Server", QStringLiteral("the load balancer, not the application")));
    }
}

// Imperva (Incapsula): blocked requests get a 403 page "Request unsuccessful. Incapsula incident ID: …" and
// X-Iinfo / X-CDN headers:
// https://support.incapsula.com/hc/en-us/articles/200627880-How-Incapsula-Handles-Threats
void imperva(const Response& r, HopFindings& out)
{
    if (r.status() < 400)
        return;
    // Imperva's headers (X-CDN, X-Iinfo) are on every answer it proxies; only its block page is its own.
    if (!r.contains("incapsula incident id") && !r.contains("_incapsula_resource"))
        return;
    Finding& f = waf(out, QStringLiteral("imperva"), QStringLiteral("Imperva"),
                     QStringLiteral("Imperva's (Incapsula's) block page answered: its WAF or bot protection "
                                    "blocked the request."));
    addEvidence(f, bodyMatch(r, "incapsula incident id", QStringLiteral("Imperva's block page")));
    addEvidence(f, bodyMatch(r, "_incapsula_resource", QStringLiteral("Imperva's challenge resource")));
    if (r.has("X-CDN"))
        addEvidence(f, responseHeader(r, "X-CDN", QString()));
    if (r.has("X-Iinfo"))
        addEvidence(f, responseHeader(r, "X-Iinfo", QStringLiteral("Imperva's request information")));
}

// Sucuri: "Access Denied - Sucuri Website Firewall" with X-Sucuri-ID and X-Sucuri-Block (the block reason):
// https://docs.sucuri.net/website-firewall/sucuri-firewall-troubleshooting-guide/
void sucuri(const Response& r, HopFindings& out)
{
    if (r.status() < 400)
        return;
    const bool body = r.contains("sucuri website firewall") || r.contains("godaddy website firewall");
    if (!r.has("X-Sucuri-Block") && !body)
        return;
    Finding& f = waf(out, QStringLiteral("sucuri"), QStringLiteral("Sucuri"),
                     QStringLiteral("the Sucuri Website Firewall's “Access Denied” page answered."));
    if (r.has("X-Sucuri-Block"))
        addEvidence(f, responseHeader(r, "X-Sucuri-Block", QStringLiteral("Sucuri's block reason")));
    addEvidence(f, bodyMatch(r, "sucuri website firewall", QStringLiteral("Sucuri's block page")));
}

// Azure Front Door WAF: "returns a 403 status code with the message "The request is blocked."" and a
// tracking reference (x-azure-ref):
// https://learn.microsoft.com/en-us/azure/web-application-firewall/afds/waf-front-door-configure-custom-response-code
// Azure Application Gateway WAF answers 403 itself, with its own page and Server header
// (Microsoft-Azure-Application-Gateway/v2):
// https://learn.microsoft.com/en-us/azure/web-application-firewall/ag/web-application-firewall-troubleshoot
void azureWaf(const Response& r, HopFindings& out)
{
    if (r.status() != 403)
        return;
    if (r.has("x-azure-ref") && r.contains("the request is blocked")) {
        Finding& f = waf(out, QStringLiteral("azure_front_door_waf"), QStringLiteral("Azure Front Door WAF"),
                         QStringLiteral("Front Door's web application firewall answered “The request is blocked.”"));
        addEvidence(f, bodyMatch(r, "the request is blocked", QStringLiteral("Front Door's WAF block message")));
    } else if (r.lowerHeader("Server").startsWith("microsoft-azure-application-gateway")
               && r.contains("microsoft-azure-application-gateway")) {
        Finding& f
            = waf(out, QStringLiteral("azure_application_gateway_waf"), QStringLiteral("Azure Application Gateway WAF"),
                  QStringLiteral("the Application Gateway answered 403 itself, which it does when its WAF "
                                 "policy blocks a request."));
        addEvidence(f, responseHeader(r, "Server", QStringLiteral("the gateway, not the application")));
        addEvidence(f, bodyMatch(r, "microsoft-azure-application-gateway", QStringLiteral("the gateway's own page")));
    }
}

// ---- API gateways -------------------------------------------------------------------------------------

Finding& gateway(HopFindings& out, const QString& reason, const QString& vendor, const QString& what,
                 Severity severity = Severity::Cause)
{
    Finding& f = out.add(Code::GatewayRejected, severity, reason, vendor,
                         QStringLiteral("%1 rejected the request before it reached the API's code: %2 %3")
                             .arg(vendor, what, kNeverSawIt));
    return f;
}

// Amazon API Gateway names its own errors in x-amzn-ErrorType; the gateway responses and their default
// status codes (MISSING_AUTHENTICATION_TOKEN 403, UNAUTHORIZED 401, ACCESS_DENIED 403, INVALID_API_KEY 403,
// WAF_FILTERED 403, INVALID_SIGNATURE 403, EXPIRED_TOKEN 403, THROTTLED 429):
// https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
// "Missing Authentication Token" is returned for a method or resource that does not exist, as well as for an
// unsigned request to an IAM-protected method:
// https://repost.aws/knowledge-center/api-gateway-authentication-token-errors
void awsApiGateway(const Response& r, HopFindings& out)
{
    // A signature refusal AWS explained in words: awsRules() says which input was wrong, with the fix.
    if (r.status() < 400 || awsSignatureRefused(r.hop))
        return;
    QByteArray type = r.header("x-amzn-ErrorType").trimmed();
    type = type.left(type.indexOf(':') < 0 ? type.size() : type.indexOf(':'));
    const bool awsIds = r.has("x-amzn-RequestId") || r.has("x-amz-apigw-id") || r.has("apigw-requestid");
    if (type.isEmpty() && awsIds && r.contains("missing authentication token"))
        type = "MissingAuthenticationTokenException";
    if (type.isEmpty())
        return;
    // x-amzn-ErrorType is AWS's error header in general; the gateway's own ids or host name say it was the gateway.
    const QString source = awsIds || r.url().host().contains(u".execute-api.") ? QStringLiteral("Amazon API Gateway")
                                                                               : QStringLiteral("AWS");
    const QString note = QStringLiteral("AWS's own error type");
    Finding* f = nullptr;
    if (type == "MissingAuthenticationTokenException") {
        f = &gateway(out, QStringLiteral("aws_missing_authentication_token"), source,
                     QStringLiteral("“Missing Authentication Token”. Despite its wording, this usually means that no "
                                    "resource and method of the deployed API match the request: a wrong path or "
                                    "stage, or a method (%1) the resource does not define. Only for a method protected "
                                    "by IAM does it mean the request lacks an AWS Signature Version 4.")
                         .arg(QString::fromLatin1(r.method())));
        addFix(*f,
               advice(QStringLiteral("advice.check_path_method"),
                      QStringLiteral("Check the URL path, the stage name and the HTTP method against the deployed "
                                     "API")));
        addFix(*f,
               advice(QStringLiteral("advice.sign_sigv4"),
                      QStringLiteral("If the method uses IAM authorization, sign the request with AWS Signature "
                                     "Version 4")));
    } else if (type == "UnauthorizedException") {
        f = &gateway(out, QStringLiteral("aws_unauthorized"), source,
                     r.hop.authorization || r.hop.carriesCredentials()
                         ? QStringLiteral("its authorizer (Lambda, Cognito or JWT authorizer) refused the credentials "
                                          "the request carried.")
                         : QStringLiteral("its authorizer requires a token and the request carried none."));
        if (r.hop.authorization)
            addEvidence(*f, requestHeader(r, "Authorization", QStringLiteral("what the authorizer refused")));
        addFix(*f,
               advice(QStringLiteral("advice.check_authorizer_token"),
                      QStringLiteral("Send the token the API's authorizer expects (its header, audience and "
                                     "issuer)")));
    } else if (type == "AccessDeniedException") {
        f = &gateway(out, QStringLiteral("aws_access_denied"), source,
                     QStringLiteral("an authorizer or the API's resource policy explicitly denied this caller."));
        addFix(*f,
               advice(QStringLiteral("advice.check_policy"),
                      QStringLiteral("Ask the API's owners which authorizer policy or resource policy denies "
                                     "you")));
    } else if (type == "ForbiddenException") {
        f = &gateway(out, QStringLiteral("aws_forbidden"), source,
                     requestHas(r, "x-api-key")
                         ? QStringLiteral("“Forbidden”: the API key sent in x-api-key is not valid for this stage "
                                          "(no usage plan), or AWS WAF or a private API's policy refused the request.")
                         : QStringLiteral("“Forbidden”: the method requires an API key in the x-api-key header and "
                                          "none was sent; otherwise AWS WAF or a private API's policy refused the "
                                          "request."));
        addEvidence(*f, requestHeader(r, "x-api-key", QStringLiteral("the API key header the gateway reads")));
        addFix(*f,
               advice(QStringLiteral("advice.send_api_key"),
                      QStringLiteral("Send the API key of a usage plan for this stage in the x-api-key header")));
    } else if (type == "InvalidSignatureException" || type == "IncompleteSignatureException") {
        f = &gateway(out, QStringLiteral("aws_signature"), source,
                     QStringLiteral("the AWS Signature Version 4 of the request does not verify (wrong secret key, "
                                    "region or service, a header changed after signing, or a clock off by more than "
                                    "5 minutes)."));
        addFix(*f,
               advice(QStringLiteral("advice.sign_sigv4"),
                      QStringLiteral("Sign the request again with the right credentials, region and service")));
    } else if (type == "ExpiredTokenException") {
        f = &gateway(out, QStringLiteral("aws_expired_token"), source,
                     QStringLiteral("the AWS security token (temporary credentials) the request was signed with has "
                                    "expired."));
        addFix(*f,
               advice(QStringLiteral("advice.refresh_aws_credentials"),
                      QStringLiteral("Get new temporary AWS credentials and sign again")));
    } else if (type == "TooManyRequestsException" || type == "LimitExceededException") {
        f = &out.add(Code::RateLimited, Severity::Cause, QString(), source,
                     QStringLiteral("%1 throttled the request (usage plan, stage or account limits). %2")
                         .arg(source, kNeverSawIt));
    } else {
        f = &gateway(out, QStringLiteral("aws_%1").arg(QString::fromLatin1(type).toLower()), source,
                     QStringLiteral("it answered with its own error type %1.").arg(QString::fromLatin1(type)),
                     Severity::Likely);
    }
    if (r.has("x-amzn-ErrorType"))
        addEvidence(*f, responseHeader(r, "x-amzn-ErrorType", note));
    addEvidence(*f, bodyMatch(r, "missing authentication token", QStringLiteral("the gateway's message")));
}

// Azure API Management: a missing or wrong subscription key is refused by the gateway with 401
// {"statusCode": 401, "message": "Access denied due to missing subscription key. …"} / "… invalid
// subscription key. …"; calls are "immediately rejected by the API Management gateway" and "not forwarded
// to backend services":
// https://learn.microsoft.com/en-us/troubleshoot/azure/api-management/availability/unauthorized-errors-invoke-apis
// https://learn.microsoft.com/en-us/azure/api-management/api-management-subscriptions
// Its rate-limit and quota policies answer 429 "Rate limit is exceeded" and 403 "Out of call volume quota":
// https://learn.microsoft.com/en-us/azure/api-management/rate-limit-policy
// https://learn.microsoft.com/en-us/azure/api-management/quota-policy
void azureApim(const Response& r, HopFindings& out)
{
    if (r.status() < 400)
        return;
    const QString source = QStringLiteral("Azure API Management");
    const bool missing = r.contains("access denied due to missing subscription key");
    const bool invalid = r.contains("access denied due to invalid subscription key");
    if (missing || invalid) {
        Finding& f = gateway(
            out, missing ? QStringLiteral("azure_apim_missing_key") : QStringLiteral("azure_apim_invalid_key"), source,
            missing ? QStringLiteral("the request carried no subscription key "
                                     "(Ocp-Apim-Subscription-Key header or subscription-key query "
                                     "parameter).")
                    : QStringLiteral("the subscription key it carried is wrong, or its subscription "
                                     "is not active for this API."));
        addEvidence(f,
                    bodyMatch(r,
                              missing ? "access denied due to missing subscription key"
                                      : "access denied due to invalid subscription key",
                              QStringLiteral("the gateway's message")));
        addEvidence(f,
                    requestHeader(r, "Ocp-Apim-Subscription-Key",
                                  QStringLiteral("the subscription key header the gateway reads")));
        addFix(f,
               advice(QStringLiteral("advice.send_subscription_key"),
                      QStringLiteral("Send the primary or secondary key of an active subscription in the "
                                     "Ocp-Apim-Subscription-Key header")));
    }
    if (r.contains("rate limit is exceeded") || r.contains("out of call volume quota")) {
        Finding& f = out.add(Code::RateLimited, Severity::Cause, QString(), source,
                             QStringLiteral("Azure API Management's rate-limit or quota policy refused the request. %1")
                                 .arg(kNeverSawIt));
        addEvidence(f, bodyMatch(r, "rate limit is exceeded", QStringLiteral("the gateway's message")));
        addEvidence(f, bodyMatch(r, "out of call volume quota", QStringLiteral("the gateway's message")));
    }
}

bool isKong(const Response& r)
{
    if (r.lowerHeader("Server").startsWith("kong/") || r.lowerHeader("Via").contains("kong/"))
        return true;
    for (const Http::Header& h : r.hop.hop->response.headers) {
        if (h.first.toLower().startsWith("x-kong-"))
            return true;
    }
    return false;
}

/// Kong produced the answer itself (a plugin short-circuited the request): X-Kong-Response-Latency, and
/// no upstream latency; answers it proxied carry X-Kong-Upstream-Latency and Via instead:
/// https://developer.konghq.com/support/how-can-the-latency-and-rate-limit-plugin-header-names-be-changed/
/// and the key-auth example with X-Kong-Response-Latency on its own 401:
/// https://developer.konghq.com/operator/get-started/konnect-crds/key-authentication
bool kongAnswered(const Response& r)
{
    return !r.has("X-Kong-Upstream-Latency")
        && (r.has("X-Kong-Response-Latency") || r.lowerHeader("Server").startsWith("kong/"));
}

// Kong Gateway's key-auth plugin answers 401 {"message":"No API key found in request"} (with
// WWW-Authenticate: Key realm="kong") and {"message":"Invalid authentication credentials"}; its JWT, OAuth 2
// and basic-auth plugins answer {"message":"Unauthorized"}; rate limiting {"message":"API rate limit
// exceeded"}:
// https://developer.konghq.com/plugins/key-auth/
// https://developer.konghq.com/operator/get-started/konnect-crds/key-authentication
void kong(const Response& r, HopFindings& out)
{
    if (r.status() < 400)
        return;
    const QString source = QStringLiteral("Kong Gateway");
    const bool kong = isKong(r);
    if (r.contains("no api key found in request")) {
        Finding& f = gateway(out, QStringLiteral("kong_no_api_key"), source,
                             QStringLiteral("its key-auth plugin found no API key in the request (it reads the header "
                                            "or query parameter named in its key_names, “apikey” by default)."));
        addEvidence(f, bodyMatch(r, "no api key found in request", QStringLiteral("Kong's message")));
        addFix(f,
               advice(QStringLiteral("advice.send_api_key"),
                      QStringLiteral("Send the consumer's key in the header Kong expects (apikey unless "
                                     "configured otherwise)")));
    } else if (r.contains("invalid authentication credentials") && kongAnswered(r)) {
        Finding& f = gateway(out, QStringLiteral("kong_invalid_credentials"), source,
                             QStringLiteral("its authentication plugin does not know the key or credentials sent."));
        addEvidence(f, bodyMatch(r, "invalid authentication credentials", QStringLiteral("Kong's message")));
        addFix(f,
               advice(QStringLiteral("advice.check_api_key"),
                      QStringLiteral("Check the key: it must belong to a Kong consumer of this service")));
    } else if (kongAnswered(r) && r.status() == 401 && r.contains("\"unauthorized\"")) {
        Finding& f = gateway(out, QStringLiteral("kong_unauthorized"), source,
                             QStringLiteral("one of its authentication plugins (JWT, OAuth 2, basic-auth) refused the "
                                            "request."));
        addEvidence(f, bodyMatch(r, "\"unauthorized\"", QStringLiteral("Kong's message")));
    }
    if (kong && r.contains("api rate limit exceeded")) {
        Finding& f = out.add(Code::RateLimited, Severity::Cause, QString(), source,
                             QStringLiteral("Kong's rate-limiting plugin refused the request. %1").arg(kNeverSawIt));
        addEvidence(f, bodyMatch(r, "api rate limit exceeded", QStringLiteral("Kong's message")));
    }
    for (Finding& f : out.list()) {
        if (f.source.contains(source) && kong && r.has("Server"))
            addEvidence(f, responseHeader(r, "Server", QString()));
    }
}

// Apigee: policy errors are {"fault":{"faultstring":"…","detail":{"errorcode":"…"}}}. VerifyAPIKey:
// oauth.v2.InvalidApiKey, oauth.v2.InvalidApiKeyForGivenResource, oauth.v2.FailedToResolveAPIKey,
// keymanagement.service.consumer_key_expired …:
// https://cloud.google.com/apigee/docs/api-platform/reference/policies/verify-api-key-policy#runtime-errors
// OAuthV2 VerifyAccessToken: keymanagement.service.invalid_access_token, keymanagement.service.access_token_expired,
// keymanagement.service.InvalidAPICallAsNoApiProductMatchFound, oauth.v2.InvalidAccessToken …:
// https://cloud.google.com/apigee/docs/api-platform/reference/policies/oauthv2-policy#runtime-errors
// SpikeArrest and Quota: policies.ratelimit.SpikeArrestViolation, policies.ratelimit.QuotaViolation:
// https://cloud.google.com/apigee/docs/api-platform/reference/policies/spike-arrest-policy#runtime-errors
void apigee(const Response& r, HopFindings& out)
{
    if (r.status() < 400 || !r.hop.bodyJson)
        return;
    const QJsonObject fault = r.hop.bodyJson->value(u"fault").toObject();
    if (fault.isEmpty())
        return;
    const QString faultstring = fault.value(u"faultstring").toString();
    const QString errorcode = fault.value(u"detail").toObject().value(u"errorcode").toString();
    const QString lowerCode = errorcode.toLower();
    const QString source = QStringLiteral("Apigee");
    const auto evidence = [&r, &errorcode, &faultstring](Finding& f) {
        const QByteArray needle = (errorcode.isEmpty() ? faultstring : errorcode).toLower().toUtf8();
        addEvidence(f, bodyMatch(r, needle, QStringLiteral("Apigee's fault")));
    };
    if (lowerCode.contains(u"spikearrestviolation") || lowerCode.contains(u"quotaviolation")) {
        Finding& f = out.add(
            Code::RateLimited, Severity::Cause, QString(), source,
            QStringLiteral("Apigee's %1 policy refused the request (%2). %3")
                .arg(lowerCode.contains(u"spike") ? QStringLiteral("SpikeArrest") : QStringLiteral("Quota"), errorcode)
                .arg(kNeverSawIt));
        evidence(f);
        return;
    }
    QString what;
    QString reason = QStringLiteral("apigee");
    if (lowerCode.contains(u"apikey") || lowerCode.contains(u"consumer_key")
        || lowerCode.contains(u"app_not_approved")) {
        reason = QStringLiteral("apigee_api_key");
        what = QStringLiteral("its VerifyAPIKey policy refused the API key (“%1”, %2): missing, unknown, expired, "
                              "or not approved for an API product that contains this proxy.")
                   .arg(faultstring, errorcode);
    } else if (lowerCode.contains(u"noapiproductmatchfound")) {
        reason = QStringLiteral("apigee_no_product_match");
        what = QStringLiteral("the token or key is valid but none of its API products allows this path and method "
                              "(“%1”, %2).")
                   .arg(faultstring, errorcode);
    } else if (lowerCode.contains(u"access_token") || lowerCode.contains(u"accesstoken")) {
        reason = QStringLiteral("apigee_access_token");
        what = QStringLiteral("its OAuthV2 policy refused the access token (“%1”, %2).").arg(faultstring, errorcode);
    } else {
        what = QStringLiteral("a policy raised a fault (“%1”%2).")
                   .arg(faultstring, errorcode.isEmpty() ? QString() : QStringLiteral(", ") + errorcode);
    }
    Finding& f = gateway(out, reason, source, what,
                         errorcode.isEmpty() && reason == u"apigee" ? Severity::Likely : Severity::Cause);
    evidence(f);
    if (lowerCode.contains(u"access_token_expired")) {
        // The gateway says the token expired: that is proof by the server's own words.
        Finding& t = out.add(Code::TokenExpired, Severity::Cause, QString(), source,
                             QStringLiteral("Apigee says the access token has expired (%1). Refresh the token, or get "
                                            "a new one, and resend.")
                                 .arg(errorcode));
        evidence(t);
    }
}

// ---- the web server's own answers: IIS sub-statuses and default error pages -------------------------

// IIS shows the sub-status on its detailed error page ("HTTP Error 401.1 - Unauthorized"); the log records
// it too. 401.1 logon failed, 401.2 logon failed due to server configuration, 401.3 ACL on the resource,
// 401.501/401.502 Dynamic IP Restriction rate limits, 401.503/401.504 IP and host deny lists (and the same
// .501–.504 for 403 and 404), 403.6 IP address rejected, 403.7 client certificate required, 403.8 site
// access denied (DNS name), 403.13/403.16/403.17 client certificate revoked, untrusted, expired, 404.10
// request header too long:
// https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/iis/www-administration-management/http-status-code
void iis(const Response& r, HopFindings& out)
{
    if (r.status() < 400)
        return;
    static const QRegularExpression s_heading(QStringLiteral(R"(http error\s*(\d{3})\.(\d{1,3})\b)"));
    static const QRegularExpression s_title(QStringLiteral(R"(detailed error -\s*(\d{3})\.(\d{1,3})\b)"));
    QRegularExpressionMatch m;
    auto e = bodyRegex(r, s_heading, QStringLiteral("IIS's sub-status"), &m);
    if (!e)
        e = bodyRegex(r, s_title, QStringLiteral("IIS's sub-status"), &m);
    if (!e || m.captured(1).toInt() != r.status())
        return;
    const int status = r.status();
    const int sub = m.captured(2).toInt();
    const QString code = QStringLiteral("%1.%2").arg(status).arg(sub);
    const QString source = QStringLiteral("IIS %1").arg(code);
    const QString reason = QStringLiteral("iis_%1_%2").arg(status).arg(sub);
    Finding* f = nullptr;
    const QByteArray sentScheme = r.hop.authorization ? r.hop.authorization->scheme : QByteArray();
    if (status == 401 && sub == 1) {
        const bool basic = sentScheme.compare("Basic", Qt::CaseInsensitive) == 0;
        const bool digest = sentScheme.compare("Digest", Qt::CaseInsensitive) == 0;
        const QLatin1String c = basic ? Code::BasicRejected : digest ? Code::DigestRejected : Code::CredentialsRejected;
        f = &out.add(c, Severity::Cause, reason, source,
                     QStringLiteral("IIS says 401.1, “Logon failed”: the %1 credentials reached IIS and Windows "
                                    "refused them (wrong user name, password or domain, or a locked or disabled "
                                    "account).")
                         .arg(sentScheme.isEmpty() ? QStringLiteral("sent") : QString::fromLatin1(sentScheme)));
        if (r.hop.authorization)
            addEvidence(*f, requestHeader(r, "Authorization", QStringLiteral("the credentials refused")));
        addFix(*f,
               advice(QStringLiteral("advice.check_password"),
                      QStringLiteral("Check the user name (with its domain), the password and the account")));
    } else if (status == 401 && sub == 2) {
        const bool offered = !sentScheme.isEmpty() && r.hop.www.scheme(sentScheme);
        if (!sentScheme.isEmpty() && !offered) {
            f = &out.add(Code::SchemeMismatch, Severity::Cause, reason, source,
                         QStringLiteral("IIS says 401.2, “Logon failed due to server configuration”: the request "
                                        "used %1, which this site does not have enabled.")
                             .arg(QString::fromLatin1(sentScheme)));
            addEvidence(*f, requestHeader(r, "Authorization", QStringLiteral("the scheme the site does not offer")));
        } else if (sentScheme.isEmpty() && !r.hop.www.isEmpty()) {
            f = &out.add(Code::CredentialsMissing, Severity::Cause, reason, source,
                         QStringLiteral("IIS says 401.2: the request carried no credentials and anonymous access is "
                                        "off for this site; it offers the schemes in WWW-Authenticate."));
            addEvidence(*f, responseHeader(r, "WWW-Authenticate", QStringLiteral("the schemes the site offers")));
        } else if (r.hop.www.isEmpty()) {
            f = &out.add(Code::ServerNoChallenge, Severity::Cause, reason, source,
                         QStringLiteral("IIS says 401.2, “Logon failed due to server configuration”, and offers no "
                                        "scheme at all: no authentication method is enabled for this site."));
        } else {
            f = &out.add(Code::SchemeMismatch, Severity::Likely, reason, source,
                         QStringLiteral("IIS says 401.2, “Logon failed due to server configuration”: %1 is offered "
                                        "but its configuration (providers, extended protection, SPN) rejects the "
                                        "handshake.")
                             .arg(QString::fromLatin1(sentScheme)));
        }
    } else if (status == 401 && (sub == 3 || sub == 4 || sub == 5)) {
        f = &out.add(Code::PermissionDenied, sub == 3 ? Severity::Cause : Severity::Likely, reason, source,
                     sub == 3 ? QStringLiteral("IIS says 401.3, “Unauthorized due to ACL on resource”: you logged on, "
                                               "but the NTFS permissions of the file do not let your account (or the "
                                               "anonymous IUSR account) read it.")
                              : QStringLiteral("IIS says %1: an ISAPI filter or application refused the request for "
                                               "an authorization reason.")
                                    .arg(code));
        addFix(*f,
               advice(QStringLiteral("advice.check_permissions"),
                      QStringLiteral("Ask the server's administrators to grant your account access to the "
                                     "resource")));
    } else if ((status == 401 || status == 403 || status == 404) && (sub == 501 || sub == 502)) {
        f = &out.add(Code::RateLimited, Severity::Cause, QString(), source,
                     QStringLiteral("IIS says %1: Dynamic IP Restrictions refused the request, too many %2 requests "
                                    "from your IP address. %3")
                         .arg(code, sub == 501 ? QStringLiteral("concurrent") : QStringLiteral("recent"))
                         .arg(kNeverSawIt));
    } else if (((status == 401 || status == 403 || status == 404) && (sub == 503 || sub == 504))
               || (status == 403 && (sub == 6 || sub == 8))) {
        f = &out.add(Code::IpBlocked, Severity::Cause, reason, source,
                     QStringLiteral("IIS says %1: %2 %3")
                         .arg(code,
                              sub == 504 || sub == 8
                                  ? QStringLiteral("the client's host name is on the site's deny list (IP and Domain "
                                                   "Restrictions).")
                                  : QStringLiteral("the client's IP address is on the site's deny list (IP and "
                                                   "Domain Restrictions)."))
                         .arg(kNeverSawIt));
        addFix(*f,
               advice(QStringLiteral("advice.allowlist_ip"),
                      QStringLiteral("Use an allowed network, or ask for your IP address to be allowed")));
    } else if (status == 403 && (sub == 7 || sub == 13 || sub == 16 || sub == 17)) {
        const QString what = sub == 7 ? QStringLiteral("a client certificate is required")
            : sub == 13               ? QStringLiteral("the client certificate was revoked")
            : sub == 16               ? QStringLiteral("the client certificate is untrusted or invalid")
                                      : QStringLiteral("the client certificate has expired or is not valid yet");
        f = &out.add(Code::MtlsRequired, Severity::Cause, reason, source,
                     QStringLiteral("IIS says %1: %2.").arg(code, what));
        addFix(*f,
               advice(QStringLiteral("advice.client_certificate"),
                      QStringLiteral("Configure a valid TLS client certificate in the profile")));
    } else if (status == 404 && sub == 10) {
        f = &out.add(Code::HeadersTooLarge, Severity::Cause, QString(), source,
                     QStringLiteral("IIS says 404.10, “Request header too long”: request filtering refused a header "
                                    "longer than its limit."));
    }
    if (f) {
        addEvidence(*f, *e);
        if (r.lowerHeader("Server").startsWith("microsoft-iis"))
            addEvidence(*f, responseHeader(r, "Server", QString()));
    }
}

// nginx answers from its own built-in pages ("<center>nginx</center>") when one of its modules refuses:
// `deny` (ngx_http_access_module, 403 and "access forbidden by rule" in its error log), auth_basic (401) or
// auth_request: https://nginx.org/en/docs/http/ngx_http_access_module.html
// https://nginx.org/en/docs/http/ngx_http_auth_basic_module.html
// Apache's built-in pages say "You don't have permission to access this resource." (Require rules, 403) and
// "This server could not verify that you are authorized …" (401):
// https://httpd.apache.org/docs/2.4/howto/access.html https://httpd.apache.org/docs/2.4/howto/auth.html
// IIS's generic pages say "401 - Unauthorized: Access is denied due to invalid credentials." and
// "403 - Forbidden: Access is denied.":
// https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/iis/www-administration-management/http-status-code
void defaultPages(const Response& r, HopFindings& out)
{
    // Built-in pages are HTML; an application's JSON 403 that says "You don't have permission" is its own.
    if ((r.status() != 401 && r.status() != 403) || !r.hop.bodyIsHtml || out.has(Code::WafBlocked))
        return;
    QString server;
    std::optional<Evidence> e;
    if ((e = bodyMatch(r, "<center>nginx", QStringLiteral("nginx's built-in error page")))
        || (e = bodyMatch(r, "<center>openresty", QStringLiteral("OpenResty's (nginx's) built-in error page")))) {
        server = QStringLiteral("nginx");
    } else if ((e = bodyMatch(r, "<address>apache", QStringLiteral("Apache's built-in error page")))
               || (r.status() == 403 && r.contains("<h1>forbidden</h1>")
                   && (e = bodyMatch(r, "you don't have permission to access",
                                     QStringLiteral("Apache's built-in 403 text"))))
               || (r.status() == 401 && r.contains("<h1>unauthorized</h1>")
                   && (e = bodyMatch(r, "this server could not verify that you",
                                     QStringLiteral("Apache's built-in 401 text"))))) {
        server = QStringLiteral("Apache");
    } else if ((e = bodyMatch(r, "access is denied due to invalid credentials",
                              QStringLiteral("IIS's built-in 401 page")))
               || (e = bodyMatch(r, "403 - forbidden: access is denied", QStringLiteral("IIS's built-in 403 page")))) {
        server = QStringLiteral("IIS");
    }
    if (server.isEmpty())
        return;
    QString what;
    if (r.status() == 403) {
        what = server == u"nginx"
            ? QStringLiteral("This is nginx's built-in 403 page, not an answer of the API: nginx itself refused — "
                             "usually a deny/allow rule (an IP restriction; its error log says “access forbidden by "
                             "rule”), a failed auth_request, or files it may not read.")
            : server == u"Apache"
            ? QStringLiteral("This is Apache's built-in 403 page, not an answer of the API: Apache itself refused — "
                             "usually a Require rule (IP or host restriction, “client denied by server "
                             "configuration” in its error log) or file permissions.")
            : QStringLiteral("This is IIS's built-in 403 page, not an answer of the API: IIS itself refused (IP and "
                             "domain restrictions, request filtering or NTFS permissions).");
    } else {
        what = server == u"nginx"
            ? QStringLiteral("This is nginx's built-in 401 page: nginx's own auth_basic (or auth_request) asked for "
                             "credentials, not the application. Use the user and password of that realm.")
            : server == u"Apache"
            ? QStringLiteral("This is Apache's built-in 401 page: Apache's own authentication (AuthType) asked for "
                             "credentials, not the application. Use the user and password of that realm.")
            : QStringLiteral("This is IIS's built-in 401 page: IIS authentication refused, not the application.");
    }
    Finding& f = out.add(Code::ServerDefaultPage, Severity::Likely, server.toLower(), server,
                         what + QStringLiteral(" The application never saw the request."));
    addEvidence(f, *e);
    if (r.has("Server"))
        addEvidence(f, responseHeader(r, "Server", QString()));
    addFix(f,
           advice(QStringLiteral("advice.ask_server_admin"),
                  QStringLiteral("Ask the server's administrators which %1 rule refused (its error log names it)")
                      .arg(server)));
}

// ---- rate limits ------------------------------------------------------------------------------------

/// Seconds to wait as Retry-After says: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), the date read
/// against the server's Date (else the local clock).
std::optional<qint64> retryAfterSeconds(const HopFacts& hop)
{
    const QByteArray value = hop.responseHeader("Retry-After").trimmed();
    if (value.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = value.toLongLong(&ok);
    if (ok)
        return seconds >= 0 ? std::optional<qint64>(seconds) : std::nullopt;
    if (const auto date = Jwt::parseHttpDate(value)) {
        const qint64 now = hop.serverTime ? *hop.serverTime : hop.localTime;
        return std::max<qint64>(0, date->toSecsSinceEpoch() - now);
    }
    return std::nullopt;
}

// The rate-limit header fields: RateLimit / RateLimit-Policy (draft-ietf-httpapi-ratelimit-headers,
// https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/), their earlier RateLimit-Limit /
// -Remaining / -Reset form, and the common X-RateLimit-* headers (GitHub:
// https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api).
constexpr L s_rateLimitHeaders[] = {
    L("Retry-After"),         L("RateLimit"),        L("RateLimit-Policy"),   L("RateLimit-Limit"),
    L("RateLimit-Remaining"), L("RateLimit-Reset"),  L("X-RateLimit-Limit"),  L("X-RateLimit-Remaining"),
    L("X-RateLimit-Reset"),   L("X-RateLimit-Used"), L("X-Rate-Limit-Limit"), L("X-Rate-Limit-Remaining"),
    L("X-Rate-Limit-Reset"),
};

/// Seconds until a rate limit resets: X-RateLimit-Reset is a Unix time at GitHub (documented above), the
/// RateLimit-Reset of the draft's earlier versions a number of seconds; a value past 10^9 is a Unix time.
std::optional<qint64> rateLimitResetSeconds(const HopFacts& hop)
{
    for (const char* name : {"X-RateLimit-Reset", "RateLimit-Reset", "X-Rate-Limit-Reset"}) {
        bool ok = false;
        const qint64 value = hop.responseHeader(name).trimmed().toLongLong(&ok);
        if (!ok || value < 0)
            continue;
        if (value < 1000000000)
            return value;
        const qint64 now = hop.serverTime ? *hop.serverTime : hop.localTime;
        return std::max<qint64>(0, value - now);
    }
    return std::nullopt;
}

void addRateLimitEvidenceAndFixes(const Response& r, Finding& f)
{
    for (L name : s_rateLimitHeaders) {
        const QByteArrayView n(name.data(), name.size());
        if (r.has(n))
            addEvidence(f,
                        responseHeader(r, n,
                                       name == L("Retry-After") ? QStringLiteral("how long to wait")
                                                                : QStringLiteral("the rate limit's state")));
    }
    if (const auto wait = retryAfterSeconds(r.hop)) {
        const QString inWords = durationText(*wait);
        if (r.facts.options.canResend) {
            addFix(f,
                   action(QStringLiteral("request.resend_after"), QStringLiteral("Resend in %1").arg(inWords),
                          params({{QStringLiteral("seconds"), *wait}})));
        }
        addFix(f,
               advice(QStringLiteral("advice.wait"),
                      QStringLiteral("Wait %1 (Retry-After) before sending again").arg(inWords),
                      params({{QStringLiteral("seconds"), *wait}})));
    } else if (const auto reset = rateLimitResetSeconds(r.hop)) {
        addFix(f,
               advice(QStringLiteral("advice.wait"),
                      QStringLiteral("Wait %1, until the limit resets").arg(durationText(*reset)),
                      params({{QStringLiteral("seconds"), *reset}})));
    } else {
        addFix(f,
               advice(QStringLiteral("advice.back_off"),
                      QStringLiteral("Slow down: wait, then retry with exponential back-off")));
    }
}

// 429 Too Many Requests: "the user has sent too many requests in a given amount of time"; it may include
// Retry-After: RFC 6585 §4 https://www.rfc-editor.org/rfc/rfc6585#section-4
// GitHub answers a spent primary rate limit with 403 (or 429) and x-ratelimit-remaining: 0:
// https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
void rateLimits(const Response& r, HopFindings& out)
{
    if (r.status() == 429) {
        out.add(Code::RateLimited, Severity::Cause, QString(), QStringLiteral("RFC 6585 §4"),
                QStringLiteral("The server answered 429 Too Many Requests: this client sent too many requests in "
                               "a given time. Nothing is wrong with the credentials; wait and send again."));
    } else if (r.status() == 403
               && (r.header("X-RateLimit-Remaining").trimmed() == "0"
                   || r.header("RateLimit-Remaining").trimmed() == "0")) {
        out.add(Code::RateLimited, Severity::Cause, QString(), QStringLiteral("X-RateLimit-Remaining"),
                QStringLiteral("The server answered 403 with X-RateLimit-Remaining: 0: the rate limit is spent "
                               "(GitHub's API, for one, answers a spent limit this way). Wait until it resets."));
    }
    for (Finding& f : out.list()) {
        if (f.code == Code::RateLimited) {
            addEvidence(f, statusEvidence(r, QString()));
            addRateLimitEvidenceAndFixes(r, f);
        }
    }
}

// ---- captive portals ----------------------------------------------------------------------------------

bool looksLikePortalHost(const QUrl& url)
{
    static const QRegularExpression s_words(
        QStringLiteral(R"(captive|portal|hotspot|wifi|wi-fi|guest|splash|wlan|login\.|auth\.|connect\.)"),
        QRegularExpression::CaseInsensitiveOption);
    const QString host = url.host();
    if (s_words.match(host).hasMatch() || s_words.match(url.path()).hasMatch())
        return true;
    // A redirect to a private address literal is a local network device, never a public API.
    static const QRegularExpression s_private(
        QStringLiteral(R"(^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|1\.1\.1\.1$))"));
    return s_private.match(host).hasMatch();
}

/// An HTML page answered a request that asked for JSON (and not for HTML).
bool htmlWhereJsonWasAsked(const HopFacts& hop)
{
    const QByteArray accept = Http::headerValue(hop.hop->request.headers, "Accept").toLower();
    return hop.bodyIsHtml && accept.contains("json") && !accept.contains("html");
}

// 511 Network Authentication Required: "the client needs to authenticate to gain network access"; it is
// "used by intercepting proxies that are interposed as a means of controlling access to the network" and
// should include a link to a page to log in: RFC 6585 §6 https://www.rfc-editor.org/rfc/rfc6585#section-6
// Captive portals otherwise intercept plain-HTTP requests, redirecting them to their login page or
// answering with it: RFC 8952 §1 https://www.rfc-editor.org/rfc/rfc8952#section-1
void captivePortal(const Response& r, HopFindings& out)
{
    const QString source = QStringLiteral("RFC 6585 §6");
    const QUrl requested = r.url();
    if (r.status() == 511) {
        Finding& f = out.add(Code::NetworkIntercepted, Severity::Cause, QStringLiteral("511"), source,
                             QStringLiteral("The network answered 511 Network Authentication Required: a captive "
                                            "portal (hotel, airport, office guest Wi-Fi) intercepted the request "
                                            "and wants you to sign in to the network first. The API never saw the "
                                            "request."));
        addEvidence(f, statusEvidence(r, QStringLiteral("the network, not the API")));
        static const QRegularExpression s_link(QStringLiteral(R"((?:href|url)\s*=\s*["']?https?://[^"'\s>]+)"));
        addEvidence(f, bodyRegex(r, s_link, QStringLiteral("the portal's sign-in page")));
        addFix(f,
               advice(QStringLiteral("advice.sign_in_network"),
                      QStringLiteral("Open a browser and sign in to the network (the captive portal), or switch "
                                     "network")));
        return;
    }
    if (r.status() >= 300 && r.status() < 400 && requested.scheme() == u"http") {
        const QUrl location = requested.resolved(QUrl(QString::fromLatin1(r.header("Location").trimmed())));
        if (!location.host().isEmpty() && location.host().compare(requested.host(), Qt::CaseInsensitive) != 0
            && looksLikePortalHost(location)) {
            Finding& f = out.add(Code::NetworkIntercepted, Severity::Likely, QStringLiteral("portal_redirect"),
                                 QStringLiteral("RFC 8952 §1"),
                                 QStringLiteral("A plain-HTTP request to %1 was redirected to %2, which looks like a "
                                                "captive portal's sign-in page rather than the API: something on the "
                                                "network intercepted the request.")
                                     .arg(requested.host(), location.host()));
            addEvidence(f, responseHeader(r, "Location", QStringLiteral("where the network sent the request")));
            addFix(f,
                   advice(QStringLiteral("advice.sign_in_network"),
                          QStringLiteral("Sign in to the network in a browser, or switch network; use https so "
                                         "interception shows as an error")));
        }
        return;
    }
    // An HTML sign-in page answering an API request that asked for JSON.
    if (!htmlWhereJsonWasAsked(r.hop))
        return;
    static const QRegularExpression s_portal(
        QStringLiteral(R"(captive portal|hotspot|wi-?fi (?:login|access)|network (?:login|access)|accept the terms|)"
                       R"(terms of (?:use|service) to (?:connect|access))"));
    QRegularExpressionMatch m;
    auto e = bodyRegex(r, s_portal, QStringLiteral("a network sign-in page, not the API's answer"), &m);
    if (!e && requested.scheme() == u"http") {
        static const QRegularExpression s_foreignForm(
            QStringLiteral(R"(<form[^>]+action\s*=\s*["']https?://([^/"']+))"));
        QRegularExpressionMatch fm;
        const auto form = bodyRegex(r, s_foreignForm, QStringLiteral("a sign-in form posting to another host"), &fm);
        if (form && fm.captured(1).compare(requested.host(), Qt::CaseInsensitive) != 0 && r.contains("password"))
            e = form;
    }
    if (!e)
        return;
    Finding& f = out.add(
        Code::NetworkIntercepted, Severity::Likely, QStringLiteral("portal_page"), QStringLiteral("RFC 8952 §1"),
        QStringLiteral("The request asked for JSON but an HTML sign-in page answered, one that belongs "
                       "to the network (a captive portal or a filtering proxy) rather than to the "
                       "API. The API probably never saw the request."));
    addEvidence(f, *e);
    addEvidence(f, requestHeader(r, "Accept", QStringLiteral("what the request asked for")));
    addFix(f,
           advice(QStringLiteral("advice.sign_in_network"),
                  QStringLiteral("Sign in to the network in a browser, or switch network")));
}

// ---- caches ---------------------------------------------------------------------------------------------

// A response served from a cache says so: Age (RFC 9111 §5.1 https://www.rfc-editor.org/rfc/rfc9111#section-5.1),
// Cache-Status with "hit" (RFC 9211 https://www.rfc-editor.org/rfc/rfc9211), CF-Cache-Status: HIT
// (https://developers.cloudflare.com/cache/concepts/cache-responses/), X-Cache: Hit from cloudfront / TCP_HIT /
// HIT, X-Cache-Hits (Fastly), X-Cache-Status / X-Proxy-Cache (nginx's $upstream_cache_status).
// A stored 401/403 replayed to a later request was never checked against that request's credentials.
void cachedFailure(const Response& r, HopFindings& out)
{
    if (r.status() != 401 && r.status() != 403 && r.status() != 407)
        return;
    QList<Evidence> evidence;
    const auto hit = [&r, &evidence](QByteArrayView name, bool isHit) {
        if (isHit)
            evidence.append(responseHeader(r, name, QStringLiteral("served from a cache")));
    };
    const qint64 age = r.header("Age").trimmed().toLongLong();
    hit("X-Cache", r.lowerHeader("X-Cache").contains("hit"));
    hit("CF-Cache-Status", r.lowerHeader("CF-Cache-Status") == "hit" || r.lowerHeader("CF-Cache-Status") == "stale");
    static const QRegularExpression s_cacheStatusHit(QStringLiteral(R"(;\s*hit\b)"));
    hit("Cache-Status", s_cacheStatusHit.match(QString::fromLatin1(r.lowerHeader("Cache-Status"))).hasMatch());
    hit("X-Cache-Status",
        r.lowerHeader("X-Cache-Status").startsWith("hit") || r.lowerHeader("X-Cache-Status") == "stale");
    hit("X-Proxy-Cache", r.lowerHeader("X-Proxy-Cache").startsWith("hit"));
    bool hits = false;
    for (const QByteArray& n : r.lowerHeader("X-Cache-Hits").split(','))
        hits = hits || n.trimmed().toInt() > 0;
    hit("X-Cache-Hits", hits);
    hit("Age", age > 0);
    if (evidence.isEmpty())
        return;
    Finding& f
        = out.add(Code::CacheStaleAuth, Severity::Cause, QString(), QStringLiteral("RFC 9111 §5.1"),
                  QStringLiteral("This %1 came out of a cache (%2), not fresh from the server: an earlier "
                                 "failure was stored and replayed. The server never checked this request's "
                                 "credentials.%3")
                      .arg(r.status())
                      .arg(evidence.first().name + QStringLiteral(": ") + evidence.first().excerpt)
                      .arg(age > 0 ? QStringLiteral(" It was stored %1 ago.").arg(durationText(age)) : QString()));
    for (const Evidence& e : evidence)
        addEvidence(f, e);
    if (r.has("Set-Cookie")) {
        Evidence cookie = responseHeader(r, "Set-Cookie",
                                         QStringLiteral("a cached Set-Cookie: every client of the "
                                                        "cache receives the same stale cookie"));
        cookie.excerpt = QString::fromLatin1(r.header("Set-Cookie").left(r.header("Set-Cookie").indexOf('=')))
            + QStringLiteral("=•••• (cached)");
        addEvidence(f, cookie);
    }
    if (r.has("Cache-Control"))
        addEvidence(f, responseHeader(r, "Cache-Control", QStringLiteral("what the origin allowed caches to do")));
    addFix(f,
           advice(QStringLiteral("advice.bypass_cache"),
                  QStringLiteral("Resend with Cache-Control: no-cache (or a cache-busting query) to reach the "
                                 "server")));
    addFix(f,
           advice(QStringLiteral("advice.fix_cache_control"),
                  QStringLiteral("Ask the API's owners to send 401/403 with Cache-Control: no-store (or private) "
                                 "and Vary: Authorization")));
}

// ---- oversized request headers ------------------------------------------------------------------------

// 431 Request Header Fields Too Large: RFC 6585 §5 https://www.rfc-editor.org/rfc/rfc6585#section-5
// nginx answers 400 "Request Header Or Cookie Too Large" when a header line exceeds a
// large_client_header_buffers buffer:
// https://nginx.org/en/docs/http/ngx_http_core_module.html#large_client_header_buffers Apache: 400 "Size of a request
// header field exceeds server limit." (LimitRequestFieldSize):
// https://httpd.apache.org/docs/2.4/mod/core.html#limitrequestfieldsize
// HTTP.sys/IIS: "HTTP Error 400. The size of the request headers is too long." (MaxFieldLength,
// MaxRequestBytes; Kerberos tokens of users in many groups):
// https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/iis/www-administration-management/http-bad-request-response-kerberos
void headersTooLarge(const Response& r, HopFindings& out)
{
    std::optional<Evidence> e;
    QString source;
    if (r.status() == 431) {
        source = QStringLiteral("RFC 6585 §5");
        e = statusEvidence(r, QStringLiteral("Request Header Fields Too Large"));
    } else if (r.status() == 400 || r.status() == 494) {
        if ((e = bodyMatch(r, "request header or cookie too large", QStringLiteral("nginx's message"))))
            source = QStringLiteral("nginx");
        else if ((e = bodyMatch(r, "size of a request header field exceeds server limit",
                                QStringLiteral("Apache's message"))))
            source = QStringLiteral("Apache");
        else if ((e = bodyMatch(r, "the size of the request headers is too long", QStringLiteral("HTTP.sys's message")))
                 || (e = bodyMatch(r, "request header too long", QStringLiteral("HTTP.sys's message"))))
            source = QStringLiteral("HTTP.sys (IIS)");
    }
    if (!e && !out.has(Code::HeadersTooLarge))
        return;
    // Which request headers weigh most.
    qsizetype total = 0;
    const Http::Header* largest = nullptr;
    for (const Http::Header& h : r.hop.hop->request.headers) {
        total += h.first.size() + h.second.size() + 4;
        if (!largest || h.second.size() > largest->second.size())
            largest = &h;
    }
    const bool cookieLargest = largest && largest->first.compare("Cookie", Qt::CaseInsensitive) == 0;
    Finding& f = out.add(Code::HeadersTooLarge, Severity::Cause, QString(), source,
                         QStringLiteral("The server refused the request because its headers are too large (%1 bytes "
                                        "of headers; the largest is %2 with %3 bytes). %4 The request was refused "
                                        "before any authentication ran.")
                             .arg(total)
                             .arg(largest ? QString::fromLatin1(largest->first) : QStringLiteral("—"))
                             .arg(largest ? largest->second.size() : 0)
                             .arg(cookieLargest ? QStringLiteral("Too many or too large cookies are the usual cause.")
                                                : QStringLiteral("A long token or many cookies are the usual cause.")));
    if (e)
        addEvidence(f, *e);
    if (largest) {
        Evidence big = requestHeader(r, largest->first, QStringLiteral("%1 bytes").arg(largest->second.size()));
        addEvidence(f, big);
    }
    if (cookieLargest && r.facts.options.hasProfile && r.facts.options.canResend)
        addFix(f,
               action(QStringLiteral("cookies.clear_and_resend"), QStringLiteral("Clear the cookie jar and resend")));
    addFix(f,
           advice(cookieLargest ? QStringLiteral("advice.clear_cookies") : QStringLiteral("advice.shorter_headers"),
                  cookieLargest ? QStringLiteral("Clear this site's cookies")
                                : QStringLiteral("Send fewer or shorter headers (a shorter token)")));
}

// ---- CSRF ---------------------------------------------------------------------------------------------

struct CsrfMessage
{
    const char* needle; ///< lower-case
    L framework;
    Severity severity;
    L fix;
};

// Django's CsrfViewMiddleware: 403 "CSRF verification failed. Request aborted." with the reason ("CSRF cookie
// not set.", "CSRF token missing or incorrect.", "Origin checking failed …"):
// https://docs.djangoproject.com/en/stable/ref/csrf/ ; Django REST framework's SessionAuthentication:
// {"detail": "CSRF Failed: CSRF token missing."}: https://www.django-rest-framework.org/topics/ajax-csrf-cors/
// Rails: ActionController::InvalidAuthenticityToken, "Can't verify CSRF token authenticity.", rendered as
// 422 (public/422.html "The change you wanted was rejected."):
// https://api.rubyonrails.org/classes/ActionController/RequestForgeryProtection.html
// Spring Security: 403 "Invalid CSRF Token …", "Could not verify the provided CSRF token because your session
// was not found.": https://docs.spring.io/spring-security/reference/servlet/exploits/csrf.html
// Laravel: TokenMismatchException rendered as 419 "Page Expired" ("CSRF token mismatch." for JSON):
// https://laravel.com/docs/csrf
const CsrfMessage s_csrfMessages[] = {
    {"csrf verification failed", L("Django"), Severity::Cause,
     L("Send the csrftoken cookie's value in an X-CSRFToken header (and a Referer/Origin the site trusts)")},
    {"csrf failed:", L("Django REST framework"), Severity::Cause,
     L("Send the csrftoken cookie's value in an X-CSRFToken header, or authenticate with a token instead of the "
       "session")},
    {"actioncontroller::invalidauthenticitytoken", L("Rails"), Severity::Cause,
     L("Send the page's authenticity token (X-CSRF-Token header or authenticity_token parameter)")},
    {"can't verify csrf token authenticity", L("Rails"), Severity::Cause,
     L("Send the page's authenticity token (X-CSRF-Token header or authenticity_token parameter)")},
    {"invalid csrf token", L("Spring Security"), Severity::Cause,
     L("Send the CSRF token in the X-CSRF-TOKEN (or X-XSRF-TOKEN) header or the _csrf parameter")},
    {"could not verify the provided csrf token", L("Spring Security"), Severity::Cause,
     L("Send the CSRF token with the session it belongs to (X-CSRF-TOKEN / X-XSRF-TOKEN header)")},
    {"expected csrf token not found", L("Spring Security"), Severity::Cause,
     L("Send the CSRF token in the X-CSRF-TOKEN (or X-XSRF-TOKEN) header or the _csrf parameter")},
    {"csrf token mismatch", L("Laravel"), Severity::Cause,
     L("Send X-CSRF-TOKEN (or X-XSRF-TOKEN from the XSRF-TOKEN cookie) with the request")},
    {"the change you wanted was rejected", L("Rails"), Severity::Hint,
     L("If this was a form post, send the page's authenticity token (X-CSRF-Token)")},
};

void csrf(const Response& r, HopFindings& out)
{
    const int status = r.status();
    if (status != 400 && status != 403 && status != 419 && status != 422)
        return;
    const CsrfMessage* found = nullptr;
    std::optional<Evidence> e;
    for (const CsrfMessage& m : s_csrfMessages) {
        if (m.severity == Severity::Hint && status != 422)
            continue;
        if ((e = bodyMatch(r, m.needle, QStringLiteral("the CSRF message of %1").arg(m.framework)))) {
            found = &m;
            break;
        }
    }
    if (!found && status == 419 && (e = bodyMatch(r, "page expired", QStringLiteral("Laravel's 419 page")))) {
        static const CsrfMessage s_laravel {"page expired", L("Laravel"), Severity::Cause,
                                            L("Send X-CSRF-TOKEN (or X-XSRF-TOKEN from the XSRF-TOKEN cookie) with "
                                              "the request")};
        found = &s_laravel;
    }
    if (!found)
        return;
    bool tokenHeader = false;
    QByteArray tokenHeaderName;
    for (const Http::Header& h : r.hop.hop->request.headers) {
        const QByteArray n = h.first.toLower();
        if (n.contains("csrf") || n.contains("xsrf")) {
            tokenHeader = true;
            tokenHeaderName = h.first;
        }
    }
    const bool cookies = requestHas(r, "Cookie");
    Finding& f = out.add(Code::CsrfFailed, found->severity, QString(found->framework).toLower().replace(u' ', u'_'),
                         found->framework,
                         QStringLiteral("The cross-site request forgery check of %1 refused this %2 request%3. %4 A "
                                        "cookie-session request that changes state must carry the token the site "
                                        "issued with its page or cookie.")
                             .arg(found->framework, QString::fromLatin1(r.method()),
                                  cookies ? QStringLiteral(" made with a session cookie") : QString(),
                                  tokenHeader ? QStringLiteral("The request sent %1, but the server did not accept it "
                                                               "(stale, from another session, or the wrong header).")
                                                    .arg(QString::fromLatin1(tokenHeaderName))
                                              : QStringLiteral("The request carried no CSRF token header.")));
    addEvidence(f, *e);
    addEvidence(f,
                hopEvidence(r.hop, QStringLiteral("method"), QString::fromLatin1(r.method()),
                            QStringLiteral("a state-changing request")));
    if (cookies)
        addEvidence(f, requestHeader(r, "Cookie", QStringLiteral("the cookie session")));
    if (tokenHeader)
        addEvidence(f, requestHeader(r, tokenHeaderName, QStringLiteral("the CSRF token sent")));
    addFix(f, advice(QStringLiteral("advice.send_csrf_token"), found->fix));
    addFix(f,
           advice(QStringLiteral("advice.use_token_auth"),
                  QStringLiteral("For API calls, authenticate with a token (Authorization) instead of the cookie "
                                 "session")));
}

} // namespace

void middlemanRules(const Facts& facts, Findings& out)
{
    for (const HopFacts& hop : facts.hops) {
        // Middlemen speak in error answers, redirects (captive portals) and HTML pages where an API
        // answer was expected; a plain 2xx answer (a browser's pages in a HAR too) has nothing to say here.
        if (!hop.answered || (hop.status < 300 && !htmlWhereJsonWasAsked(hop)))
            continue;
        const Response r(facts, hop);
        HopFindings found(hop.index);
        cloudflare(r, found);
        akamai(r, found);
        awsWaf(r, found);
        imperva(r, found);
        sucuri(r, found);
        azureWaf(r, found);
        awsApiGateway(r, found);
        azureApim(r, found);
        kong(r, found);
        apigee(r, found);
        iis(r, found);
        captivePortal(r, found);
        cachedFailure(r, found);
        headersTooLarge(r, found);
        csrf(r, found);
        rateLimits(r, found);
        defaultPages(r, found);
        // Whoever answered in front of the application: give the operators the id of this request.
        for (Finding& f : found.list()) {
            if (f.code == Code::WafBlocked || f.code == Code::GatewayRejected || f.code == Code::IpBlocked
                || f.code == Code::RateLimited || f.code == Code::CacheStaleAuth)
                addRequestIds(r, f);
        }
        out.append(found.list());
    }
}

} // namespace Authlens::Diagnosis::Rules
