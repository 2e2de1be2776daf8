#pragma once

#include <QByteArrayView>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace Authlens::Jwt {

/// A member name that a JSON object's text gives more than once.
struct DuplicateMember
{
    QString name;
    int count = 0; ///< how many times it appears
    QJsonValue last; ///< the lexically last value: the one RFC 7515 §4 / RFC 7519 §4 let a parser keep
};

/// The member names that the top-level object in `json` repeats, in order of first appearance. QJsonDocument
/// silently keeps one value per name, so a JOSE header or claims set that says "alg" twice would look clean;
/// this scans the text itself. `json` must already parse as a JSON object (anything else gives an empty list).
/// Written by hand: no JSON parser here reports duplicates (QJsonDocument drops them, and OpenSSL has none).
QList<DuplicateMember> duplicateMembers(QByteArrayView json);

} // namespace Authlens::Jwt
