#include "http/Exchange.h"

#include "util/Chars.h"

#include <QFile>
#include <QTemporaryFile>

namespace Authlens::Http {

QString credentialSourceName(CredentialSource source)
{
    switch (source) {
    case CredentialSource::Profile:
        return QStringLiteral("profile");
    case CredentialSource::UserHeader:
        return QStringLiteral("user_header");
    case CredentialSource::CookieJar:
        return QStringLiteral("cookie_jar");
    case CredentialSource::ChallengeAnswer:
        return QStringLiteral("challenge_answer");
    case CredentialSource::UrlUserInfo:
        return QStringLiteral("url_userinfo");
    case CredentialSource::Recorded:
        return QStringLiteral("recorded");
    }
    return {};
}

QString credentialPlaceName(CredentialPlace place)
{
    switch (place) {
    case CredentialPlace::Header:
        return QStringLiteral("header");
    case CredentialPlace::Query:
        return QStringLiteral("query");
    case CredentialPlace::Cookie:
        return QStringLiteral("cookie");
    case CredentialPlace::TlsClientCertificate:
        return QStringLiteral("tls_client_certificate");
    }
    return {};
}

CredentialSource credentialSourceFromName(QStringView name, CredentialSource fallback)
{
    for (CredentialSource s :
         {CredentialSource::Profile, CredentialSource::UserHeader, CredentialSource::CookieJar,
          CredentialSource::ChallengeAnswer, CredentialSource::UrlUserInfo, CredentialSource::Recorded}) {
        if (name == credentialSourceName(s))
            return s;
    }
    return fallback;
}

CredentialPlace credentialPlaceFromName(QStringView name)
{
    for (CredentialPlace p : {CredentialPlace::Header, CredentialPlace::Query, CredentialPlace::Cookie,
                              CredentialPlace::TlsClientCertificate}) {
        if (name == credentialPlaceName(p))
            return p;
    }
    return CredentialPlace::Header;
}

QList<QByteArray> headerValues(const HeaderList& headers, QByteArrayView name)
{
    QList<QByteArray> values;
    for (const Header& h : headers) {
        if (Util::sameName(h.first, name))
            values.append(h.second);
    }
    return values;
}

QByteArray headerValue(const HeaderList& headers, QByteArrayView name)
{
    for (const Header& h : headers) {
        if (Util::sameName(h.first, name))
            return h.second;
    }
    return {};
}

bool looksLikeHtml(QByteArrayView body, QByteArrayView contentType)
{
    if (QLatin1StringView(contentType).contains(QLatin1StringView("html"), Qt::CaseInsensitive))
        return true;
    const QLatin1StringView start(body.first(qMin<qsizetype>(body.size(), 512)).trimmed());
    for (const char* opening : {"<!doctype html", "<html", "<head", "<body"}) {
        if (start.startsWith(QLatin1StringView(opening), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool hasHeader(const HeaderList& headers, QByteArrayView name)
{
    return std::any_of(headers.cbegin(), headers.cend(),
                       [name](const Header& h) { return Util::sameName(h.first, name); });
}

void removeHeader(HeaderList& headers, QByteArrayView name)
{
    headers.removeIf([name](const Header& h) { return Util::sameName(h.first, name); });
}

Body Body::fromBytes(QByteArray bytes)
{
    Body body;
    body.m_size = bytes.size();
    body.m_bytes = std::move(bytes);
    return body;
}

Body Body::fromFile(std::shared_ptr<QTemporaryFile> file, qint64 size)
{
    Body body;
    body.m_file = std::move(file);
    body.m_size = size;
    return body;
}

QString Body::filePath() const
{
    return m_file ? m_file->fileName() : QString();
}

QByteArray Body::head(qint64 maxBytes) const
{
    if (!m_file)
        return maxBytes < 0 ? m_bytes : m_bytes.left(maxBytes);
    // A separate QFile: the QTemporaryFile may be shared by copies of this Body.
    QFile f(m_file->fileName());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return maxBytes < 0 ? f.readAll() : f.read(maxBytes);
}

QByteArray Body::readAll() const
{
    return head(-1);
}

QString errorKindText(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return QStringLiteral("No error");
    case ErrorKind::Cancelled:
        return QStringLiteral("Cancelled");
    case ErrorKind::ConnectTimeout:
        return QStringLiteral("Connection timed out");
    case ErrorKind::TotalTimeout:
        return QStringLiteral("Took too long in all");
    case ErrorKind::IdleTimeout:
        return QStringLiteral("The server stalled");
    case ErrorKind::ConnectionRefused:
        return QStringLiteral("Connection refused");
    case ErrorKind::HostNotFound:
        return QStringLiteral("Host not found");
    case ErrorKind::RemoteClosed:
        return QStringLiteral("The server closed the connection");
    case ErrorKind::Tls:
        return QStringLiteral("TLS handshake failed");
    case ErrorKind::Proxy:
        return QStringLiteral("The proxy failed");
    case ErrorKind::TooManyRedirects:
        return QStringLiteral("Too many redirects");
    case ErrorKind::RedirectLoop:
        return QStringLiteral("Redirect loop");
    case ErrorKind::InvalidRedirect:
        return QStringLiteral("Invalid redirect");
    case ErrorKind::InvalidRequest:
        return QStringLiteral("Invalid request");
    case ErrorKind::BodyStorage:
        return QStringLiteral("The body could not be stored");
    case ErrorKind::Protocol:
        return QStringLiteral("Not a valid HTTP answer");
    case ErrorKind::TruncatedBody:
        return QStringLiteral("The body was cut short");
    case ErrorKind::ConnectionReset:
        return QStringLiteral("The server reset the connection");
    case ErrorKind::InvalidChunkedEncoding:
        return QStringLiteral("Invalid chunked encoding");
    case ErrorKind::NotHttp:
        return QStringLiteral("Another protocol answered");
    case ErrorKind::Network:
        return QStringLiteral("Network error");
    }
    return QStringLiteral("Unknown error");
}

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return QStringLiteral("none");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorKind::ConnectTimeout:
        return QStringLiteral("connect_timeout");
    case ErrorKind::TotalTimeout:
        return QStringLiteral("total_timeout");
    case ErrorKind::IdleTimeout:
        return QStringLiteral("idle_timeout");
    case ErrorKind::ConnectionRefused:
        return QStringLiteral("connection_refused");
    case ErrorKind::HostNotFound:
        return QStringLiteral("host_not_found");
    case ErrorKind::RemoteClosed:
        return QStringLiteral("remote_closed");
    case ErrorKind::Tls:
        return QStringLiteral("tls");
    case ErrorKind::Proxy:
        return QStringLiteral("proxy");
    case ErrorKind::TooManyRedirects:
        return QStringLiteral("too_many_redirects");
    case ErrorKind::RedirectLoop:
        return QStringLiteral("redirect_loop");
    case ErrorKind::InvalidRedirect:
        return QStringLiteral("invalid_redirect");
    case ErrorKind::InvalidRequest:
        return QStringLiteral("invalid_request");
    case ErrorKind::BodyStorage:
        return QStringLiteral("body_storage");
    case ErrorKind::Protocol:
        return QStringLiteral("protocol");
    case ErrorKind::TruncatedBody:
        return QStringLiteral("truncated_body");
    case ErrorKind::ConnectionReset:
        return QStringLiteral("connection_reset");
    case ErrorKind::InvalidChunkedEncoding:
        return QStringLiteral("invalid_chunked_encoding");
    case ErrorKind::NotHttp:
        return QStringLiteral("not_http");
    case ErrorKind::Network:
        return QStringLiteral("network");
    }
    return QStringLiteral("unknown");
}

bool Exchange::hasResponse() const
{
    return finalResponseHop() != nullptr;
}

const Hop* Exchange::finalResponseHop() const
{
    for (auto it = hops.crbegin(); it != hops.crend(); ++it) {
        if (it->response.received)
            return &*it;
    }
    return nullptr;
}

int Exchange::finalStatus() const
{
    const Hop* hop = finalResponseHop();
    return hop ? hop->response.status : 0;
}

} // namespace Authlens::Http
