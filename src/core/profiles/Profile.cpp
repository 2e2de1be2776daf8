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

QString Profile::substitute(const QString& text) const
{
    if (variables.isEmpty() || !text.contains(u"{{"))
        return text;
    QString out;
    out.reserve(text.size());
    qsizetype pos = 0;
    while (pos < text.size()) {
        const qsizetype open = text.indexOf(u"{{", pos);
        const qsizetype close = open < 0 ? -1 : text.indexOf(u"}}", open + 2);
        if (open < 0 || close < 0) {
            out += QStringView(text).mid(pos);
            break;
        }
        out += QStringView(text).mid(pos, open - pos);
        const QString name = text.mid(open + 2, close - open - 2).trimmed();
        const auto it
            = std::find_if(variables.cbegin(), variables.cend(), [&name](const Variable& v) { return v.name == name; });
        out += it != variables.cend() ? it->value : QStringView(text).mid(open, close + 2 - open).toString();
        pos = close + 2;
    }
    return out;
}

QByteArray Profile::substitute(const QByteArray& bytes) const
{
    if (variables.isEmpty() || !bytes.contains("{{"))
        return bytes;
    return substitute(QString::fromUtf8(bytes)).toUtf8();
}

} // namespace Authlens::Profiles
