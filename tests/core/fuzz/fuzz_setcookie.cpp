// Set-Cookie fields from a server: judged against a jar that grows with what was accepted, then the jar
// judged for a request. No crash, no hang, and the verdicts stay consistent with what the jar does.
#include "http/CookieExplainer.h"

#include <QByteArray>
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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    const QDateTime now(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC);
    const QList<QUrl> urls
        = {QUrl(QStringLiteral("https://api.example.com/v1/items")), QUrl(QStringLiteral("http://127.0.0.1:8080/app")),
           QUrl(QStringLiteral("http://www.example.co.uk/"))};
    QList<QNetworkCookie> jar;
    int i = 0;
    for (const QByteArray& field : input.split('\n')) {
        const QUrl& url = urls.at(i++ % urls.size());
        const SetCookieVerdict v = explainSetCookie(field, url, jar, now);
        require(!v.explanation.isEmpty(), "a verdict without words");
        require(!setCookieStatusName(v.status).isEmpty(), "a status without a name");
        const qsizetype before = jar.size();
        const bool changed = applySetCookie(jar, v);
        require(v.accepted() || !changed, "a rejected cookie changed the jar");
        require(jar.size() <= before + 1, "one field stored more than one cookie");
        if (v.status == SetCookieStatus::Stored)
            require(!v.cookie.name().isEmpty() && v.cookie.name().size() + v.cookie.value().size() <= 4096,
                    "a stored cookie breaks the limits");
        (void)parseCookieDate(field);
    }
    for (const QUrl& url : urls) {
        const QList<JarCookieVerdict> verdicts = explainJarCookies(jar, url, now);
        require(verdicts.size() == jar.size(), "a jar cookie without a verdict");
        (void)cookieHeaderValue(cookiesToSend(verdicts));
    }
    return 0;
}
