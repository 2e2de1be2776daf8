#include "DemoResponse.h"

#include <QJsonDocument>
#include <QLocale>

namespace Authlens::Demo {

DemoResponse& DemoResponse::addHeader(QByteArray name, QByteArray value)
{
    headers.append({std::move(name), std::move(value)});
    return *this;
}

DemoResponse DemoResponse::json(int status, const QJsonObject& object)
{
    DemoResponse response;
    response.status = status;
    response.addHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    response.body = QJsonDocument(object).toJson(QJsonDocument::Indented);
    return response;
}

DemoResponse DemoResponse::json(int status, const QJsonArray& array)
{
    DemoResponse response;
    response.status = status;
    response.addHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    response.body = QJsonDocument(array).toJson(QJsonDocument::Indented);
    return response;
}

DemoResponse DemoResponse::html(int status, const QString& html)
{
    DemoResponse response;
    response.status = status;
    response.addHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/html; charset=utf-8"));
    response.body = html.toUtf8();
    return response;
}

DemoResponse DemoResponse::redirect(int status, const QByteArray& location)
{
    DemoResponse response;
    response.status = status;
    response.addHeader(QByteArrayLiteral("Location"), location);
    response.addHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/plain; charset=utf-8"));
    response.body = QByteArrayLiteral("Redirecting to ") + location + '\n';
    return response;
}

DemoResponse DemoResponse::error(int status, const QString& error, const QString& description)
{
    return json(status,
                QJsonObject {{QStringLiteral("error"), error}, {QStringLiteral("error_description"), description}});
}

DemoResponse DemoResponse::oauthError(int status, const QString& error, const QString& description)
{
    DemoResponse response = DemoResponse::error(status, error, description);
    response.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.addHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    return response;
}

QByteArray DemoResponse::generatedBytes(qint64 offset, qint64 size)
{
    QByteArray bytes(qsizetype(size), Qt::Uninitialized);
    for (qsizetype i = 0; i < bytes.size(); ++i)
        bytes[i] = char((offset + i) & 0xff);
    return bytes;
}

QByteArray httpDate(const QDateTime& time)
{
    // QLocale::c() keeps day and month names English whatever the user's locale is.
    return QLocale::c().toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
}

QByteArray quotedString(const QString& value)
{
    QByteArray quoted = value.toUtf8();
    quoted.replace('\\', QByteArrayLiteral("\\\\"));
    quoted.replace('"', QByteArrayLiteral("\\\""));
    return '"' + quoted + '"';
}

} // namespace Authlens::Demo
