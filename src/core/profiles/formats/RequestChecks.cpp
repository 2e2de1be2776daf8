#include "profiles/formats/RequestChecks.h"

#include "util/Chars.h"

namespace Authlens::Formats {

namespace {

bool isToken(QByteArrayView text, qsizetype maxSize)
{
    return !text.isEmpty() && text.size() <= maxSize && std::all_of(text.begin(), text.end(), Util::isTchar);
}

} // namespace

QString headerProblem(QByteArrayView name, QByteArrayView value)
{
    if (!isToken(name, 256))
        return QStringLiteral("\"%1\" is not a valid header name.").arg(QString::fromUtf8(name.toByteArray().left(80)));
    if (value.contains('\r') || value.contains('\n') || value.contains('\0'))
        return QStringLiteral("The value of header \"%1\" contains a line break or NUL.")
            .arg(QString::fromLatin1(name.toByteArray()));
    return {};
}

QString methodProblem(QByteArrayView method)
{
    if (isToken(method, 32))
        return {};
    return QStringLiteral("\"%1\" is not an HTTP method.").arg(QString::fromUtf8(method.toByteArray().left(40)));
}

std::optional<QString> droppedHeaderNote(QByteArrayView name)
{
    if (name.startsWith(':'))
        return QString(); // HTTP/2 pseudo-headers: method, URL and status say the same
    static constexpr QByteArrayView silent[]
        = {"Content-Length", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Upgrade", "Proxy-Connection"};
    for (QByteArrayView s : silent) {
        if (name.compare(s, Qt::CaseInsensitive) == 0)
            return QString();
    }
    if (name.compare("Host", Qt::CaseInsensitive) == 0)
        return QStringLiteral("The Host header was dropped: Authlens sends the host of the URL.");
    if (name.compare("Accept-Encoding", Qt::CaseInsensitive) == 0)
        return QStringLiteral("The Accept-Encoding header was dropped: Authlens negotiates compression itself and "
                              "shows responses decompressed.");
    return std::nullopt;
}

QString requestName(QByteArrayView method, const QUrl& url)
{
    QString path = url.path(QUrl::FullyDecoded);
    if (path.isEmpty())
        path = QStringLiteral("/");
    const QString name = QString::fromLatin1(method.toByteArray()) + u' ' + path;
    return name.size() > 80 ? name.left(79) + u'…' : name;
}

} // namespace Authlens::Formats
