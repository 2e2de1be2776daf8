#include "profiles/Profile.h"

namespace Authlens::Profiles {

QUrl Profile::resolve(const QString& url) const
{
    const QUrl given(url.trimmed(), QUrl::TolerantMode);
    if (!given.scheme().isEmpty() || baseUrl.isEmpty())
        return given;
    QUrl base(baseUrl, QUrl::TolerantMode);
    // A base URL with a path ("https://api.example.com/v2") keeps it: "/users" → "/v2/users".
    QString basePath = base.path();
    if (basePath.endsWith(u'/'))
        basePath.chop(1);
    const QString rel = given.path();
    if (rel.startsWith(u'/'))
        base.setPath(basePath + rel);
    else
        base.setPath(basePath + u'/' + rel);
    base.setQuery(given.query(QUrl::FullyEncoded), QUrl::StrictMode);
    base.setFragment(given.fragment());
    return base;
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
