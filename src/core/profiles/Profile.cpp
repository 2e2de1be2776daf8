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

} // namespace Authlens::Profiles
