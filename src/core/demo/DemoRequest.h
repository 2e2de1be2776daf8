#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <optional>

namespace Authlens::Demo {

/// A request as the demo handlers see it: a plain value copied out of QtHttpServer by DemoListener, so
/// the handlers never touch QtHttpServer types (whose header API changes by Qt 6.8).
struct DemoRequest
{
    using Field = QPair<QByteArray, QByteArray>;

    QByteArray method; ///< "GET", "POST", …
    QUrl url; ///< as received, with the query
    QList<Field> headers; ///< in arrival order, names as sent, duplicates kept
    QByteArray body;

    QString path() const; ///< decoded path, e.g. "/api/profile"

    /// The first value of a header field (case-insensitive name), or a null QByteArray.
    QByteArray header(QByteArrayView name) const;
    /// Every value of a header field, in order.
    QList<QByteArray> headerValues(QByteArrayView name) const;

    /// The first value of a query parameter (decoded), or nullopt when absent.
    std::optional<QString> queryItem(const QString& name) const;

    /// application/x-www-form-urlencoded body parameters, in order, '+' as space (WHATWG URL §5.1).
    QList<QPair<QString, QString>> formItems() const;

    /// The value of a cookie from the Cookie header(s), or nullopt.
    std::optional<QByteArray> cookie(QByteArrayView name) const;
    /// Every cookie name the request carried, in order.
    QList<QByteArray> cookieNames() const;
};

/// Decodes one application/x-www-form-urlencoded component ('+' is a space, then percent-decoding).
QString formDecode(QByteArrayView component);

} // namespace Authlens::Demo
