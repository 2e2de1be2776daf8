// authlens_test_browser URL: the "browser" of the sign-in tests, run through AUTHLENS_BROWSER. It does what a
// person does on the demo's consent page, with QNetworkAccessManager and only on 127.0.0.1: GET the
// authorization URL, submit the consent form (Approve, or Deny when AUTHLENS_TEST_BROWSER_DECISION=deny),
// and follow the redirect to the loopback callback. Given a device verification URL (/device?user_code=…) it
// approves (or denies) that code on the demo's device page instead. AUTHLENS_TEST_BROWSER_TAMPER_STATE=1 changes the
// state on the way (a forged redirect); AUTHLENS_TEST_BROWSER_PAGE=FILE saves the last page the "tab" shows. Exit 0
// when the callback answered, 1 when the flow stopped on a page of the server, 2 on misuse.
#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

#include <cstdio>
#include <functional>

namespace {

bool loopback(const QUrl& url)
{
    return url.scheme() == u"http" && (url.host() == u"127.0.0.1" || url.host() == u"::1");
}

void say(const QString& text)
{
    std::fprintf(stderr, "authlens_test_browser: %s\n", qPrintable(text));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 2) {
        say(QStringLiteral("usage: authlens_test_browser URL"));
        return 2;
    }
    const QUrl start(args.at(1), QUrl::StrictMode);
    if (!loopback(start)) {
        say(QStringLiteral("refusing a URL that is not on 127.0.0.1"));
        return 2;
    }
    const bool deny = qEnvironmentVariable("AUTHLENS_TEST_BROWSER_DECISION") == u"deny";
    const bool tamper = qEnvironmentVariable("AUTHLENS_TEST_BROWSER_TAMPER_STATE") == u"1";
    const QString pageFile = qEnvironmentVariable("AUTHLENS_TEST_BROWSER_PAGE");

    QNetworkAccessManager nam;
    nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    int exitCode = 1;
    std::function<void(const QUrl&, const QByteArray&)> go;
    const auto finish = [&](int code, const QByteArray& page) {
        if (!pageFile.isEmpty()) {
            QFile f(pageFile);
            if (f.open(QIODevice::WriteOnly))
                f.write(page);
        }
        exitCode = code;
        QCoreApplication::quit();
    };
    go = [&](const QUrl& url, const QByteArray& form) {
        if (!loopback(url)) {
            say(QStringLiteral("not following %1: not on 127.0.0.1").arg(url.toString(QUrl::RemoveQuery)));
            finish(2, {});
            return;
        }
        QNetworkRequest request(url);
        QNetworkReply* reply = nullptr;
        if (form.isNull()) {
            reply = nam.get(request);
        } else {
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/x-www-form-urlencoded"));
            reply = nam.post(request, form);
        }
        QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply, url] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->readAll();
            if (status == 0) {
                say(QStringLiteral("%1: %2").arg(url.toString(QUrl::RemoveQuery), reply->errorString()));
                finish(1, body);
                return;
            }
            if (status == 302 || status == 303) {
                QUrl next = url.resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
                if (tamper && next.path() != u"/authorize") {
                    QUrlQuery query(next);
                    const QString state = query.queryItemValue(QStringLiteral("state"));
                    query.removeAllQueryItems(QStringLiteral("state"));
                    query.addQueryItem(QStringLiteral("state"), state + QStringLiteral("-forged"));
                    next.setQuery(query);
                }
                go(next, {});
                return;
            }
            if (url.path() == u"/authorize" && status == 200) {
                // The consent page: its form's hidden consent id, then the user's button.
                static const QRegularExpression consent(QStringLiteral("name=\"consent\" value=\"([^\"]+)\""));
                const QRegularExpressionMatch m = consent.match(QString::fromUtf8(body));
                if (!m.hasMatch()) {
                    say(QStringLiteral("no consent form on the page"));
                    finish(1, body);
                    return;
                }
                QUrlQuery fields;
                fields.addQueryItem(QStringLiteral("consent"), m.captured(1));
                fields.addQueryItem(QStringLiteral("decision"),
                                    deny ? QStringLiteral("deny") : QStringLiteral("approve"));
                go(url.resolved(QUrl(QStringLiteral("/authorize"))), fields.query(QUrl::FullyEncoded).toLatin1());
                return;
            }
            if (url.path() == u"/device" && status == 200
                && reply->operation() == QNetworkAccessManager::GetOperation) {
                // The device approval page (RFC 8628 §3.3): the code is filled in from
                // verification_uri_complete; the user presses Approve (or Deny).
                QUrlQuery fields;
                fields.addQueryItem(QStringLiteral("user_code"),
                                    QUrlQuery(url).queryItemValue(QStringLiteral("user_code"), QUrl::FullyDecoded));
                fields.addQueryItem(QStringLiteral("action"),
                                    deny ? QStringLiteral("deny") : QStringLiteral("approve"));
                go(url.resolved(QUrl(QStringLiteral("/device"))), fields.query(QUrl::FullyEncoded).toLatin1());
                return;
            }
            // The loopback's answer (or an error page of the server): the tab shows it, the run is over.
            say(QStringLiteral("%1 answered %2").arg(url.toString(QUrl::RemoveQuery)).arg(status));
            finish(url.path() == u"/authorize" ? 1 : 0, body);
        });
    };
    QTimer::singleShot(0, &app, [&] { go(start, {}); });
    QTimer::singleShot(30000, &app, [&] {
        say(QStringLiteral("gave up after 30 s"));
        finish(1, {});
    });
    app.exec();
    return exitCode;
}
