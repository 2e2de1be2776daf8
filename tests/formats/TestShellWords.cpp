// Splitting command lines the way bash and cmd.exe + the MS C runtime do, without running anything.
#include "profiles/formats/ShellWords.h"

#include <QTest>

using namespace Authlens::Formats;

class TestShellWords : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void split_data();
    void split();
    void errors_data();
    void errors();
    void guessDialect_data();
    void guessDialect();
};

void TestShellWords::split_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QByteArrayList>("words");
    QTest::addColumn<QString>("warning"); ///< a substring of one warning, or empty for none

    const int bash = int(ShellDialect::Bash);
    const int cmd = int(ShellDialect::Cmd);
    // clang-format off
    QTest::newRow("bash plain") << "curl https://x/a -k" << bash << QByteArrayList {"curl", "https://x/a", "-k"} << "";
    QTest::newRow("bash single quotes") << "curl 'a  b' c" << bash << QByteArrayList {"curl", "a  b", "c"} << "";
    QTest::newRow("bash double quotes") << R"(curl "a \"b\" \\ \x \`")" << bash
                                        << QByteArrayList {"curl", R"(a "b" \ \x `)"} << "";
    QTest::newRow("bash adjacent parts") << R"(curl 'a'"b"$'c'd\ e)" << bash << QByteArrayList {"curl", "abcd e"} << "";
    QTest::newRow("bash empty words") << "curl '' \"\" x" << bash << QByteArrayList {"curl", "", "", "x"} << "";
    QTest::newRow("bash ansi-c") << R"(curl $'a\nb\t\'c\' \x41\u00e9 \101\e\\ \"')" << bash
                                 << QByteArrayList {"curl", "a\nb\t'c' A\xC3\xA9 A\x1b\\ \""} << "";
    QTest::newRow("bash ansi-c astral and control") << R"(curl $'\U0001F600\cA\?\z')" << bash
                                                    << QByteArrayList {"curl", "\xF0\x9F\x98\x80\x01?\\z"} << "";
    QTest::newRow("bash ansi-c hex bytes") << R"(curl $'caf\xc3\xa9')" << bash << QByteArrayList {"curl", "caf\xC3\xA9"} << "";
    QTest::newRow("bash NUL ends the argument") << R"(curl $'ab\0cd' x)" << bash << QByteArrayList {"curl", "ab", "x"} << "";
    QTest::newRow("bash continuation") << "curl 'u' \\\n  -H 'A: b' \\\n  -k\n" << bash
                                       << QByteArrayList {"curl", "u", "-H", "A: b", "-k"} << "";
    QTest::newRow("bash CRLF continuation") << "curl 'u' \\\r\n  -k\r\n" << bash << QByteArrayList {"curl", "u", "-k"} << "";
    QTest::newRow("bash escaped blank") << R"(curl a\ b)" << bash << QByteArrayList {"curl", "a b"} << "";
    QTest::newRow("bash comment before") << "# copied from the docs\n\ncurl x" << bash << QByteArrayList {"curl", "x"} << "";
    QTest::newRow("bash variables kept") << R"(curl -H "Authorization: Bearer $TOKEN" ${URL})" << bash
                                         << QByteArrayList {"curl", "-H", "Authorization: Bearer $TOKEN", "${URL}"}
                                         << "$TOKEN, ${URL}";
    QTest::newRow("bash & ends the command") << "curl https://x/?a=1&b=2" << bash << QByteArrayList {"curl", "https://x/?a=1"}
                                             << "unquoted '&'";
    QTest::newRow("bash pipe") << "curl -s 'https://x/' | jq ." << bash << QByteArrayList {"curl", "-s", "https://x/"} << "'|'";
    QTest::newRow("bash fd redirect") << "curl x 2>/dev/null" << bash << QByteArrayList {"curl", "x"} << "'>'";
    QTest::newRow("bash lost continuation") << "curl 'https://x/'\n  -H 'A: b'" << bash
                                            << QByteArrayList {"curl", "https://x/", "-H", "A: b"} << "line break";
    QTest::newRow("bash second command ignored") << "curl a\necho done" << bash << QByteArrayList {"curl", "a"} << "Ignored the text";
    QTest::newRow("cmd chrome") << "curl ^\"https://x/?a=1^&b=2^\" ^\n  -H ^\"X: ^\\^\"q^\\^\"^\"" << cmd
                                << QByteArrayList {"curl", "https://x/?a=1&b=2", "-H", "X: \"q\""} << "";
    QTest::newRow("cmd chrome newline in value") << "curl --data-raw ^\"a^\n\nb^\"" << cmd
                                                 << QByteArrayList {"curl", "--data-raw", "a\nb"} << "";
    QTest::newRow("cmd chrome CRLF") << "curl ^\"u^\" ^\r\n  --data-raw ^\"a^\r\n\r\nb^\"\r\n" << cmd
                                     << QByteArrayList {"curl", "u", "--data-raw", "a\nb"} << "";
    QTest::newRow("cmd chrome percent") << "curl ^\"a^%^PATH^%^\"" << cmd << QByteArrayList {"curl", "a%PATH%"} << "";
    QTest::newRow("cmd firefox doubled quotes") << R"(curl "a""b" "x"%"y")" << cmd << QByteArrayList {"curl", "a\"b", "x%y"} << "";
    QTest::newRow("cmd crt backslashes") << R"(curl "a\\\"b" "c\\" d\e \\\\"f g")" << cmd
                                         << QByteArrayList {"curl", R"(a\"b)", R"(c\)", R"(d\e)", R"(\\f g)"} << "";
    QTest::newRow("cmd caret literal in quotes") << R"(curl "a^b" c^^d)" << cmd << QByteArrayList {"curl", "a^b", "c^d"} << "";
    QTest::newRow("cmd operator") << "curl x & calc.exe" << cmd << QByteArrayList {"curl", "x"} << "'&'";
    QTest::newRow("cmd variable kept") << "curl -H \"X-Key: %API_KEY%\"" << cmd
                                       << QByteArrayList {"curl", "-H", "X-Key: %API_KEY%"} << "%API_KEY%";
    QTest::newRow("cmd empty quotes") << R"(curl "" x)" << cmd << QByteArrayList {"curl", "", "x"} << "";
    // clang-format on
}

void TestShellWords::split()
{
    QFETCH(QString, command);
    QFETCH(int, dialect);
    QFETCH(QByteArrayList, words);
    QFETCH(QString, warning);
    const ShellWords result = splitShellWords(command, ShellDialect(dialect));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.words, words);
    if (warning.isEmpty()) {
        QVERIFY2(result.warnings.isEmpty(), qPrintable(result.warnings.join(u'\n')));
    } else {
        QVERIFY2(result.warnings.join(u'\n').contains(warning), qPrintable(result.warnings.join(u'\n')));
    }
}

void TestShellWords::errors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QString>("error");
    QTest::newRow("bash single") << "curl 'https://x/' \\\n  -H 'A: b' \\\n  -H 'C: d" << int(ShellDialect::Bash)
                                 << "opened at line 3, column 6";
    QTest::newRow("bash double") << "curl \"abc" << int(ShellDialect::Bash)
                                 << "double quote: the quote opened at line 1, column 6";
    QTest::newRow("bash ansi-c") << "curl x $'abc\\'" << int(ShellDialect::Bash)
                                 << "$' quote opened at line 1, column 8";
    QTest::newRow("cmd double") << "curl ^\"a^\" \"b" << int(ShellDialect::Cmd) << "opened at line 1, column 12";
    QTest::newRow("column counts characters") << "curl é 'x" << int(ShellDialect::Bash) << "line 1, column 8";
}

void TestShellWords::errors()
{
    QFETCH(QString, command);
    QFETCH(int, dialect);
    QFETCH(QString, error);
    const ShellWords result = splitShellWords(command, ShellDialect(dialect));
    QVERIFY(!result.ok());
    QVERIFY(result.words.isEmpty());
    QVERIFY2(result.error.contains(error), qPrintable(result.error));
}

void TestShellWords::guessDialect_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("dialect");
    QTest::newRow("chrome cmd") << "curl ^\"https://x/^\" ^\n  -H ^\"a: b^\"" << int(ShellDialect::Cmd);
    QTest::newRow("caret continuation only") << "curl \"https://x/\" ^\n  -k" << int(ShellDialect::Cmd);
    QTest::newRow("firefox windows") << R"(curl "https://x/" --data-raw "{""a"":1}")" << int(ShellDialect::Cmd);
    QTest::newRow("bash") << "curl 'https://x/' \\\n  -H 'a: b'" << int(ShellDialect::Bash);
    QTest::newRow("bash double quoted") << R"(curl "https://x/" -H "a: b")" << int(ShellDialect::Bash);
    QTest::newRow("bash with caret in data") << "curl 'https://x/' --data 'a^b'" << int(ShellDialect::Bash);
}

void TestShellWords::guessDialect()
{
    QFETCH(QString, command);
    QFETCH(int, dialect);
    QCOMPARE(int(guessShellDialect(command)), dialect);
}

QTEST_APPLESS_MAIN(TestShellWords)
#include "TestShellWords.moc"
