#include "common/DisplayFormat.h"

#include "common/StatusPalette.h"
#include "jwt/TimeText.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QLabel>
#include <QStringDecoder>

namespace Authlens::Gui {

QString humanSize(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(double(bytes) / 1024.0, 0, 'f', 1);
    if (bytes < qint64(1024) * 1024 * 1024)
        return QStringLiteral("%1 MB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
    return QStringLiteral("%1 GB").arg(double(bytes) / (1024.0 * 1024.0 * 1024.0), 0, 'f', 2);
}

QString humanDuration(double ms)
{
    if (ms < 0)
        return QStringLiteral("–");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(qRound(ms));
    return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 2);
}

QString countText(qsizetype count, const QString& singular, const QString& plural)
{
    return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? singular : plural);
}

QColor statusColor(int status)
{
    if (status <= 0)
        return StatusPalette::color(StatusPalette::Tone::Neutral);
    return StatusPalette::color(StatusPalette::outcomeOfStatus(status));
}

QString statusText(int status, const QByteArray& reason)
{
    if (!reason.isEmpty())
        return QStringLiteral("%1 %2").arg(status).arg(QString::fromLatin1(reason));
    struct Phrase
    {
        int status;
        const char* text;
    };
    static constexpr Phrase phrases[] = {
        {200, "OK"},
        {201, "Created"},
        {202, "Accepted"},
        {204, "No Content"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {303, "See Other"},
        {304, "Not Modified"},
        {307, "Temporary Redirect"},
        {308, "Permanent Redirect"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {407, "Proxy Authentication Required"},
        {409, "Conflict"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
    };
    for (const Phrase& p : phrases) {
        if (p.status == status)
            return QStringLiteral("%1 %2").arg(status).arg(QLatin1StringView(p.text));
    }
    return QString::number(status);
}

QString headerText(const QByteArray& bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError())
        return QString::fromLatin1(bytes);
    return text;
}

QFont monospaceFont()
{
    return QFontDatabase::systemFont(QFontDatabase::FixedFont);
}

QLabel* boldLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}

QString passwordMethodHint(Auth::Method method)
{
    return method == Auth::Method::Digest
        ? QCoreApplication::translate("Authlens::Gui",
                                      "Answers the server's Digest challenge (MD5 or SHA-256, qop=auth); the password "
                                      "is never sent.")
        : QCoreApplication::translate("Authlens::Gui",
                                      "Sent as “Authorization: Basic base64(user:password)”, UTF-8 encoded.");
}

QString credentialSourceText(Http::CredentialSource source)
{
    switch (source) {
    case Http::CredentialSource::Profile:
        return QStringLiteral("profile");
    case Http::CredentialSource::UserHeader:
        return QStringLiteral("header you typed");
    case Http::CredentialSource::CookieJar:
        return QStringLiteral("cookie jar");
    case Http::CredentialSource::ChallengeAnswer:
        return QStringLiteral("challenge answer");
    case Http::CredentialSource::UrlUserInfo:
        return QStringLiteral("URL user info");
    case Http::CredentialSource::Recorded:
        return QStringLiteral("recorded");
    }
    return {};
}

QString credentialNameText(const QByteArray& name, Http::CredentialPlace place)
{
    switch (place) {
    case Http::CredentialPlace::Query:
        return QStringLiteral("query “%1”").arg(QString::fromUtf8(name));
    case Http::CredentialPlace::Cookie:
        return QStringLiteral("cookie %1").arg(QString::fromUtf8(name));
    case Http::CredentialPlace::Header:
    case Http::CredentialPlace::TlsClientCertificate:
        break;
    }
    return QString::fromLatin1(name);
}

QString clockOffsetText(qint64 seconds)
{
    const QString duration = Jwt::TimeText::duration(seconds); // unsigned: the sign becomes the words
    return seconds > 0 ? QCoreApplication::translate("Authlens::Gui", "%1 ahead of").arg(duration)
                       : QCoreApplication::translate("Authlens::Gui", "%1 behind").arg(duration);
}

} // namespace Authlens::Gui
