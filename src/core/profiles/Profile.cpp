#include "profiles/Profile.h"

#include <QRegularExpression>

namespace Authlens::Profiles {

QUrl Profile::resolve(const QString& url) const
{
    // Parsed by hand, not with QUrl::resolved(): a relative URL keeps its percent-encoding exactly as
    // saved ("/files/a%2Fb" is not "/files/a/b"), "//x" is a path under the base, not another host,
    // and a base URL with a path keeps it ("https://api.example.com/v2" + "/users" → "/v2/users").
    static const QRegularExpression schemePrefix(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*:"));
    QString relative = url.trimmed();
    if (baseUrl.isEmpty() || schemePrefix.match(relative).hasMatch())
        return QUrl(relative, QUrl::TolerantMode);
    QString fragment;
    if (const qsizetype hash = relative.indexOf(u'#'); hash >= 0) {
        fragment = relative.mid(hash + 1);
        relative.truncate(hash);
    }
    const qsizetype question = relative.indexOf(u'?');
    const QString path = question < 0 ? relative : relative.left(question);
    QUrl resolved(baseUrl.trimmed(), QUrl::TolerantMode);
    QString basePath = resolved.path(QUrl::FullyEncoded);
    if (basePath.endsWith(u'/'))
        basePath.chop(1);
    resolved.setPath(path.startsWith(u'/') ? QString(basePath + path) : QString(basePath + u'/' + path),
                     QUrl::TolerantMode);
    resolved.setQuery(question < 0 ? QString() : relative.mid(question + 1), QUrl::TolerantMode);
    resolved.setFragment(fragment.isEmpty() ? QString() : fragment, QUrl::TolerantMode);
    return resolved;
}

namespace {
/// Calls `visit(name, open, close)` for each `{{name}}` in `text` (close: the index past "}}").
template <typename Visit> void forEachReference(QStringView text, Visit visit)
{
    qsizetype pos = 0;
    while (pos < text.size()) {
        const qsizetype open = text.indexOf(u"{{", pos);
        const qsizetype close = open < 0 ? -1 : text.indexOf(u"}}", open + 2);
        if (open < 0 || close < 0)
            return;
        visit(text.mid(open + 2, close - open - 2).trimmed(), open, close + 2);
        pos = close + 2;
    }
}
} // namespace

QString Profile::substitute(const QString& text, Secrets secrets) const
{
    if (variables.isEmpty() || !text.contains(u"{{"))
        return text;
    QString out;
    out.reserve(text.size());
    qsizetype copied = 0;
    forEachReference(text, [&](QStringView name, qsizetype open, qsizetype close) {
        const auto it
            = std::find_if(variables.cbegin(), variables.cend(), [&name](const Variable& v) { return v.name == name; });
        if (it == variables.cend())
            return;
        QString value = it->value;
        if (it->secret) {
            value = secrets == Secrets::Reveal ? Auth::secretVariable(sessionSecrets, it->name) : QString();
            if (value.isNull())
                return; // kept as `{{name}}`: not revealed here, or no value in the keychain
        }
        out += QStringView(text).mid(copied, open - copied);
        out += value;
        copied = close;
    });
    out += QStringView(text).mid(copied);
    return out;
}

QByteArray Profile::substitute(const QByteArray& bytes, Secrets secrets) const
{
    if (variables.isEmpty() || !bytes.contains("{{"))
        return bytes;
    return substitute(QString::fromUtf8(bytes), secrets).toUtf8();
}

bool Profile::usesSecretVariable(QStringView text) const
{
    bool found = false;
    forEachReference(text, [&](QStringView name, qsizetype, qsizetype) {
        found = found || std::any_of(variables.cbegin(), variables.cend(), [&name](const Variable& v) {
                    return v.secret && v.name == name;
                });
    });
    return found;
}

} // namespace Authlens::Profiles
