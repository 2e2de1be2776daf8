#include "profiles/formats/FormBody.h"

#include <QCryptographicHash>
#include <QUrl>

#include <algorithm>

namespace Authlens::Formats {

QByteArray formEncode(const QString& value)
{
    return QUrl::toPercentEncoding(value);
}

namespace {
QByteArray formEncodeKeepingReferences(const QString& value)
{
    // `{{name}}` stays a reference (Postman's variables in urlencoded bodies are filled in at send time);
    // only the text around references is percent-encoded.
    QByteArray out;
    qsizetype pos = 0;
    while (pos < value.size()) {
        const qsizetype open = value.indexOf(u"{{", pos);
        const qsizetype close = open < 0 ? -1 : value.indexOf(u"}}", open + 2);
        if (open < 0 || close < 0) {
            out += QUrl::toPercentEncoding(value.mid(pos));
            break;
        }
        out += QUrl::toPercentEncoding(value.mid(pos, open - pos));
        out += value.mid(open, close + 2 - open).toUtf8();
        pos = close + 2;
    }
    return out;
}

} // namespace

QByteArray urlEncodedForm(const QList<FormField>& fields, FormReferences references)
{
    const auto encode = references == FormReferences::Keep ? formEncodeKeepingReferences : formEncode;
    QByteArray out;
    for (const FormField& f : fields) {
        if (!out.isEmpty())
            out += '&';
        out += encode(f.first) + '=' + encode(f.second);
    }
    return out;
}

MultipartBody multipartForm(const QList<FormField>& fields)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const FormField& f : fields) {
        hash.addData(f.first.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(f.second.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    }
    QByteArray boundary = "----AuthlensFormBoundary" + hash.result().toHex().left(24);
    const auto occurs = [&](const QByteArray& b) {
        return std::any_of(fields.cbegin(), fields.cend(), [&b](const FormField& f) {
            return f.first.toUtf8().contains(b) || f.second.toUtf8().contains(b);
        });
    };
    while (occurs(boundary)) // practically never: the hash covers the fields
        boundary += 'x';
    MultipartBody out;
    for (const FormField& f : fields) {
        QByteArray name = f.first.toUtf8();
        name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
        out.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
            + f.second.toUtf8() + "\r\n";
    }
    out.body += "--" + boundary + "--\r\n";
    out.contentType = QStringLiteral("multipart/form-data; boundary=") + QString::fromLatin1(boundary);
    return out;
}

} // namespace Authlens::Formats
