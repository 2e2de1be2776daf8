// libFuzzer: the cookie evaluation (CookieExplainer's jar verdicts, DESIGN.md §8) on jars and requests the
// fuzzer chooses. fuzz_setcookie grows a jar from Set-Cookie lines and checks the verdict count for three fixed
// URLs; here the request URL is outside input too (line 1), the jar is also filled the way a HAR file's
// `cookies` array fills it (QNetworkCookie::parseCookies, then the QNetworkCookie overload), and the verdicts
// are checked against the rules of RFC 6265 §5.4 by relations a correct evaluation must keep:
// - one verdict per jar cookie, in jar order, each with an explanation;
// - a server can always read back what it stored: a cookie stored from URL s is never a DomainMismatch on s;
// - path-match is by prefix (§5.1.4): a cookie sent to /p is sent to /p/deeper too;
// - Secure only narrows (§5.4 step 1): a cookie sent over http is sent over https to the same host and path;
// - time only expires: a cookie sent at `now` is sent a minute earlier;
// - "resend without cookies" withholds exactly what would have been sent (UserPreferences), nothing else;
// - the Cookie header holds the sent cookies, longer paths first (§5.4 step 2), and never CR, LF or NUL
//   (a stored cookie cannot inject a header line).
#include "http/CookieExplainer.h"

#include <QByteArray>
#include <QNetworkCookie>
#include <QUrl>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Authlens::Http;

namespace {

void require(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
        std::abort();
    }
}

QList<CookieSendStatus> statuses(const QList<JarCookieVerdict>& verdicts)
{
    QList<CookieSendStatus> out;
    for (const JarCookieVerdict& v : verdicts)
        out.append(v.status);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QList<QByteArray> lines = QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)).split('\n');
    const QDateTime now(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC);
    QUrl request(QString::fromUtf8(lines.value(0)), QUrl::StrictMode);
    if (!request.isValid() || request.host().isEmpty()
        || (request.scheme() != QLatin1String("http") && request.scheme() != QLatin1String("https")))
        request = QUrl(QStringLiteral("http://api.example.com/v1/items"));
    const QList<QUrl> setters {request, QUrl(QStringLiteral("https://login.example.com/auth/")),
                               QUrl(QStringLiteral("http://127.0.0.1:8080/app"))};

    QList<QNetworkCookie> jar;
    QList<QPair<QNetworkCookie, QUrl>> storedFrom; // each stored cookie (as the jar holds it) and its setter
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QUrl& setter = setters.at(i % setters.size());
        QList<SetCookieVerdict> verdicts {explainSetCookie(lines.at(i), setter, jar, now)};
        // The HAR path: a cookie another parser read, judged by the same rules.
        for (const QNetworkCookie& parsed : QNetworkCookie::parseCookies(lines.at(i)))
            verdicts.append(explainSetCookie(parsed, setter, jar, now));
        for (const SetCookieVerdict& v : verdicts) {
            require(!v.explanation.isEmpty(), "a Set-Cookie verdict without words");
            if (applySetCookie(jar, v) && v.status == SetCookieStatus::Stored)
                storedFrom.append({v.cookie, setter});
        }
    }

    const QList<JarCookieVerdict> verdicts = explainJarCookies(jar, request, now);
    require(verdicts.size() == jar.size(), "a jar cookie without a verdict");
    for (qsizetype i = 0; i < verdicts.size(); ++i) {
        require(verdicts.at(i).cookie == jar.at(i), "verdicts out of jar order");
        require(!verdicts.at(i).explanation.isEmpty(), "a jar verdict without words");
    }

    // Read back by its own server.
    for (const auto& [cookie, setter] : std::as_const(storedFrom)) {
        if (!jar.contains(cookie))
            continue; // replaced or deleted by a later field
        for (const JarCookieVerdict& v : explainJarCookies({cookie}, setter, now))
            require(v.status != CookieSendStatus::DomainMismatch, "a stored cookie is refused to its own host");
    }

    // Deeper path, https instead of http, a minute earlier: never fewer cookies.
    // (In its encoded form: QUrl::path() decodes %2F, which would make another path.)
    QUrl deeper = request;
    const QString encodedPath = request.path(QUrl::FullyEncoded);
    deeper.setPath(encodedPath + (encodedPath.endsWith(u'/') ? QStringLiteral("deeper") : QStringLiteral("/deeper")),
                   QUrl::TolerantMode);
    QUrl secure = request;
    secure.setScheme(QStringLiteral("https"));
    if (request.port() == -1 || request.port() == 80)
        secure.setPort(-1);
    const QList<JarCookieVerdict> deeperVerdicts = explainJarCookies(jar, deeper, now);
    const QList<JarCookieVerdict> secureVerdicts = explainJarCookies(jar, secure, now);
    const QList<JarCookieVerdict> earlierVerdicts = explainJarCookies(jar, request, now.addSecs(-60));
    for (qsizetype i = 0; i < verdicts.size(); ++i) {
        if (!verdicts.at(i).sent())
            continue;
        require(deeperVerdicts.at(i).sent(), "a cookie sent to a path is withheld from a path below it");
        require(secureVerdicts.at(i).sent(), "a cookie sent over http is withheld over https");
        require(earlierVerdicts.at(i).sent(), "a cookie sent now was withheld a minute earlier");
    }

    // Resending without cookies.
    const QList<JarCookieVerdict> withheld = explainJarCookies(jar, request, now, false);
    QList<CookieSendStatus> expected = statuses(verdicts);
    for (CookieSendStatus& s : expected) {
        if (s == CookieSendStatus::Sent)
            s = CookieSendStatus::UserPreferences;
    }
    require(statuses(withheld) == expected, "resend without cookies withholds something else");

    // The Cookie header.
    const QList<QNetworkCookie> sent = cookiesToSend(verdicts);
    qsizetype sentCount = 0;
    for (const JarCookieVerdict& v : verdicts)
        sentCount += v.sent() ? 1 : 0;
    require(sent.size() == sentCount, "the header does not carry the sent cookies");
    for (qsizetype i = 1; i < sent.size(); ++i)
        require(sent.at(i - 1).path().size() >= sent.at(i).path().size(), "shorter paths before longer ones");
    const QByteArray header = cookieHeaderValue(sent);
    require(!header.contains('\r') && !header.contains('\n') && !header.contains('\0'),
            "the Cookie header can break its line");
    return 0;
}
