// The cause catalog is a public contract (DESIGN.md §5): codes are unique, well formed, complete, and the
// README lists every one of them.
#include "diagnosis/Catalog.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Authlens::Diagnosis;

class TestCatalog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void codesAreUniqueAndWellFormed();
    void everyEntryIsComplete();
    void makeFindingTakesTheCatalogDefaults();
    void readmeListsEveryCode();
};

void TestCatalog::codesAreUniqueAndWellFormed()
{
    static const QRegularExpression form(QStringLiteral("^[a-z]+(\\.[a-z_]+)+$"));
    QSet<QString> seen;
    for (const CodeInfo& info : catalog()) {
        const QString code = info.code;
        QVERIFY2(form.match(code).hasMatch(), qPrintable(code));
        QVERIFY2(!seen.contains(code), qPrintable(u"twice: " + code));
        seen.insert(code);
    }
    // The starting catalog of DESIGN.md §5 is all there.
    for (const char* code : {"credentials.missing", "scheme.mismatch", "header.malformed", "basic.rejected",
                             "basic.encoding", "digest.stale", "digest.rejected", "token.expired",
                             "token.not_yet_valid", "clock.skew", "token.audience", "token.issuer", "token.signature",
                             "token.wrong_kind", "token.revoked", "token.malformed", "apikey.rejected",
                             "session.expired", "cookie.not_sent", "redirect.credentials_dropped", "redirect.login",
                             "redirect.downgrade", "proxy.auth_required", "server.no_challenge",
                             "server.unsupported_scheme", "dpop.nonce_required", "mtls.required", "scope.insufficient",
                             "permission.denied", "ip.blocked", "waf.blocked", "gateway.rejected", "csrf.failed",
                             "rate.limited", "cache.stale_auth", "network.intercepted", "headers.too_large",
                             "oauth.invalid_grant", "oauth.invalid_client", "oauth.unauthorized_client",
                             "oauth.invalid_scope", "oauth.unsupported_grant_type", "oauth.invalid_request",
                             "oauth.rotated"})
        QVERIFY2(seen.contains(QString::fromLatin1(code)), code);
}

void TestCatalog::everyEntryIsComplete()
{
    for (const CodeInfo& info : catalog()) {
        QVERIFY2(!info.title.isEmpty() && !info.when.isEmpty() && !info.fix.isEmpty(), info.code.data());
        QVERIFY(info.specificity >= 0 && info.specificity <= 100);
    }
}

void TestCatalog::makeFindingTakesTheCatalogDefaults()
{
    const Finding f = makeFinding(Code::TokenExpired, 2);
    QCOMPARE(f.code, QStringLiteral("token.expired"));
    QCOMPARE(f.severity, Severity::Cause);
    QCOMPARE(f.hop, 2);
    QVERIFY(!f.title.isEmpty());
    const QJsonObject json = f.toJson();
    QCOMPARE(json.value(u"severity").toString(), QStringLiteral("cause"));
    QCOMPARE(json.value(u"hop").toInt(), 2);
}

void TestCatalog::readmeListsEveryCode()
{
    QFile readme(QStringLiteral(AUTHLENS_README));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(readme.readAll());
    QStringList missing;
    for (const CodeInfo& info : catalog()) {
        if (!text.contains(QStringLiteral("| `%1` |").arg(QString(info.code))))
            missing.append(info.code);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(u"README lacks (authlens-cli codes --markdown): " + missing.join(u", ")));
}

QTEST_APPLESS_MAIN(TestCatalog)
#include "TestCatalog.moc"
