#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace Authlens::Formats {

using FormField = QPair<QString, QString>;

/// What `{{name}}` in a form field is: text like any other (curl, HAR), or a variable reference that
/// stays as it is to be filled in when the request is sent (Postman).
enum class FormReferences { Encode, Keep };
/// `a=1&b=x%20y`: every byte except RFC 3986 unreserved characters percent-encoded, as curl's
/// --data-urlencode and Postman's urlencoded body do.
QByteArray urlEncodedForm(const QList<FormField>& fields, FormReferences references = FormReferences::Encode);
/// One value percent-encoded the same way.
QByteArray formEncode(const QString& value);

struct MultipartBody
{
    QByteArray body;
    QString contentType; ///< "multipart/form-data; boundary=…"
};

/// A multipart/form-data body of text fields. The boundary is derived from the content, so the
/// same form always gives the same bytes (stable saved requests and tests) and it cannot occur in
/// a field.
MultipartBody multipartForm(const QList<FormField>& fields);

} // namespace Authlens::Formats
