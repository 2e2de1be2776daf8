// `authlens-cli challenge` run as a user runs it: JSON as DESIGN.md §6 shows it, text, and exit codes 0/2/3.
#include "ProcessRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

using Result = Authlens::Test::ProcessResult;

Result runCli(const QStringList& args)
{
    return Authlens::Test::runProcess(QStringLiteral(AUTHLENS_CLI_PATH),
                                      QStringList {QStringLiteral("challenge")} + args);
}

} // namespace

class TestCliChallenge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonContract();
    void severalValues();
    void token68AndCase();
    void errorExitsThree();
    void warningsExitZero();
    void recoverableErrorsExitThree();
    void repeatedParameterKeepsEveryValue();
    void emptyRealmIsToken68();
    void usageErrors_data();
    void usageErrors();
    void text();
    void help();
};

void TestCliChallenge::jsonContract()
{
    // Not a terminal (a pipe): JSON by default.
    const Result r = runCli({QStringLiteral("Basic realm=\"x\"")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = r.json();
    const QJsonArray challenges = json[u"challenges"].toArray();
    QCOMPARE(challenges.size(), 1);
    const QJsonObject basic = challenges.first().toObject();
    QCOMPARE(basic[u"scheme"].toString(), QStringLiteral("Basic"));
    QCOMPARE(basic[u"params"].toObject(), (QJsonObject {{QStringLiteral("realm"), QStringLiteral("x")}}));
    QVERIFY(basic[u"token68"].isNull());
    QVERIFY(json[u"diagnostics"].isArray());
    QVERIFY(json[u"diagnostics"].toArray().isEmpty());
    QCOMPARE(runCli({QStringLiteral("--json"), QStringLiteral("Basic realm=\"x\"")}).json(), json);
}

void TestCliChallenge::severalValues()
{
    const Result r = runCli({QStringLiteral("Negotiate"), QStringLiteral("NTLM"),
                             QStringLiteral("Basic realm=\"simple\", Newauth realm=\"apps\", type=1")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray challenges = r.json()[u"challenges"].toArray();
    QCOMPARE(challenges.size(), 4);
    QCOMPARE(challenges.at(3).toObject()[u"scheme"].toString(), QStringLiteral("Newauth"));
    QCOMPARE(challenges.at(3).toObject()[u"params"].toObject()[u"type"].toString(), QStringLiteral("1"));
}

void TestCliChallenge::token68AndCase()
{
    const QJsonArray challenges
        = runCli({QStringLiteral("Negotiate abc==, BASIC REALM=\"Intranet\"")}).json()[u"challenges"].toArray();
    QCOMPARE(challenges.size(), 2);
    QCOMPARE(challenges.at(0).toObject()[u"token68"].toString(), QStringLiteral("abc=="));
    QCOMPARE(challenges.at(1).toObject()[u"scheme"].toString(), QStringLiteral("BASIC")); // as sent
    QCOMPARE(challenges.at(1).toObject()[u"params"].toObject()[u"realm"].toString(), QStringLiteral("Intranet"));
}

void TestCliChallenge::errorExitsThree()
{
    const Result r = runCli({QStringLiteral("Bearer realm=\"a\""), QStringLiteral("Basic realm=\"x")});
    QCOMPARE(r.exitCode, 3);
    const QJsonArray diagnostics = r.json()[u"diagnostics"].toArray();
    QCOMPARE(diagnostics.size(), 1);
    const QJsonObject d = diagnostics.first().toObject();
    QCOMPARE(d[u"severity"].toString(), QStringLiteral("error"));
    QCOMPARE(d[u"field"].toInt(), 1);
    QCOMPARE(d[u"offset"].toInt(), 12);
    QCOMPARE(d[u"code"].toString(), QStringLiteral("quote.unterminated"));
    QVERIFY(!d[u"message"].toString().isEmpty());
    QCOMPARE(r.json()[u"challenges"].toArray().size(), 2); // best effort
}

void TestCliChallenge::warningsExitZero()
{
    // A tab between scheme and parameters: the grammar wants a space, but every reader agrees (a warning).
    const Result r = runCli({QStringLiteral("Bearer\tscope=\"\", error=\"invalid_token\"")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray diagnostics = r.json()[u"diagnostics"].toArray();
    QCOMPARE(diagnostics.size(), 1);
    QCOMPARE(diagnostics.first().toObject()[u"severity"].toString(), QStringLiteral("warning"));
}

void TestCliChallenge::recoverableErrorsExitThree()
{
    // Invalid per RFC 9110 but recoverable (AWS API Gateway sends parameters without commas): an error, and
    // the recovered parse a lenient client would make.
    const Result r = runCli({QStringLiteral("Bearer scope=\"\" error=\"invalid_token\"")});
    QCOMPARE(r.exitCode, 3);
    const QJsonObject bearer = r.json()[u"challenges"].toArray().first().toObject();
    QCOMPARE(bearer[u"params"].toObject()[u"error"].toString(), QStringLiteral("invalid_token"));
    const QJsonObject d = r.json()[u"diagnostics"].toArray().first().toObject();
    QCOMPARE(d[u"severity"].toString(), QStringLiteral("error"));
    QCOMPARE(d[u"code"].toString(), QStringLiteral("comma.missing"));
}

void TestCliChallenge::repeatedParameterKeepsEveryValue()
{
    const Result r = runCli({QStringLiteral("Bearer realm=\"a\", error=\"x\", realm=\"b\"")});
    QCOMPARE(r.exitCode, 3);
    const QJsonObject bearer = r.json()[u"challenges"].toArray().first().toObject();
    QCOMPARE(bearer[u"params"].toObject()[u"realm"].toString(), QStringLiteral("a")); // the value used
    const QJsonArray list = bearer[u"param_list"].toArray();
    QCOMPARE(list.size(), 3);
    auto entry = [](const QString& name, const QString& value, bool used) {
        return QJsonObject {
            {QStringLiteral("name"), name}, {QStringLiteral("value"), value}, {QStringLiteral("used"), used}};
    };
    QCOMPARE(list.at(0).toObject(), entry(QStringLiteral("realm"), QStringLiteral("a"), true));
    QCOMPARE(list.at(1).toObject(), entry(QStringLiteral("error"), QStringLiteral("x"), true));
    QCOMPARE(list.at(2).toObject(), entry(QStringLiteral("realm"), QStringLiteral("b"), false));
    QCOMPARE(r.json()[u"diagnostics"].toArray().first().toObject()[u"code"].toString(),
             QStringLiteral("param.duplicate"));
}

void TestCliChallenge::emptyRealmIsToken68()
{
    const Result r = runCli({QStringLiteral("Basic realm=")});
    QCOMPARE(r.exitCode, 0); // valid grammar, flagged
    const QJsonObject basic = r.json()[u"challenges"].toArray().first().toObject();
    QCOMPARE(basic[u"token68"].toString(), QStringLiteral("realm="));
    QVERIFY(basic[u"params"].toObject().isEmpty());
    QCOMPARE(r.json()[u"diagnostics"].toArray().first().toObject()[u"code"].toString(),
             QStringLiteral("token68.looks_like_param"));
}

void TestCliChallenge::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no value") << QStringList {};
    QTest::newRow("unknown option") << QStringList {QStringLiteral("--bogus"), QStringLiteral("Basic")};
    QTest::newRow("json and text") << QStringList {QStringLiteral("--json"), QStringLiteral("--text"),
                                                   QStringLiteral("Basic")};
}

void TestCliChallenge::usageErrors()
{
    QFETCH(QStringList, args);
    const Result r = runCli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY(!r.err.isEmpty());
}

void TestCliChallenge::text()
{
    const Result r = runCli({QStringLiteral("--text"), QStringLiteral("Basic realm=\"x\", charset=\"UTF-8\"")});
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY(out.startsWith(u"WWW-Authenticate: 1 challenge in 1 field value"));
    QVERIFY(out.contains(u"RFC 7617"));
    QVERIFY(out.contains(u"https://www.rfc-editor.org/rfc/rfc7617#section-2.1"));
    QVERIFY(out.contains(u"realm = \"x\""));

    const Result proxy
        = runCli({QStringLiteral("--proxy"), QStringLiteral("--text"), QStringLiteral("Basic realm=\"x")});
    QCOMPARE(proxy.exitCode, 3);
    const QString proxyOut = QString::fromUtf8(proxy.out);
    QVERIFY(proxyOut.startsWith(u"Proxy-Authenticate:"));
    QVERIFY(proxyOut.contains(u"Diagnostics"));
    QVERIFY(proxyOut.contains(u"            ^")); // the caret under byte 12
}

void TestCliChallenge::help()
{
    const Result r = runCli({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--proxy"));
}

QTEST_GUILESS_MAIN(TestCliChallenge)
#include "TestCliChallenge.moc"
