#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Authlens::Formats {

/// The shell a command line was written for. Browser DevTools offer "Copy as cURL (bash)" and
/// "Copy as cURL (cmd)"; both quote every argument, in very different ways.
enum class ShellDialect { Auto, Bash, Cmd };

/// The words of one command line, as the shell would hand them to the program.
struct ShellWords
{
    ShellDialect dialect = ShellDialect::Bash; ///< the dialect used (never Auto)
    QList<QByteArray> words; ///< UTF-8 bytes: `$'\xff'` can produce any byte
    QStringList warnings;
    QString error; ///< unbalanced quote etc., with line and column; words is then empty
    bool ok() const { return error.isEmpty(); }
};

/// Cmd when the text uses caret escapes the way DevTools' cmd flavour does (`^"`, or a line that ends
/// in `^`), bash otherwise.
ShellDialect guessShellDialect(QStringView command);

/// Splits one command into words without running anything: no variable, command or glob
/// expansion (such references stay as text and are reported in `warnings`).
///
/// Bash: blanks separate words; single quotes; `$'…'` with ANSI-C escapes; double quotes with `\`
/// before `$ \` " \` and newline; backslash escapes and backslash-newline continuations. An unquoted
/// `|`, `;`, `&`, `<`, `>` or a line break ends the command (a following line that starts with an
/// option is taken as a forgotten continuation, with a warning).
///
/// Cmd: first cmd.exe's pass (`^` escapes the next character outside double quotes, `^` at the end
/// of a line continues it, a second line break right after is a literal newline), then the
/// Microsoft C runtime's argument rules (`"` groups, `\"` is a quote, `""` inside quotes is a quote,
/// 2n backslashes before a quote are n backslashes).
ShellWords splitShellWords(const QString& command, ShellDialect dialect = ShellDialect::Auto);

} // namespace Authlens::Formats
