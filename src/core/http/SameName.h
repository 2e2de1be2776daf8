#pragma once

#include <QByteArrayView>

namespace Authlens::Http {

/// Header field names, auth schemes and the parameter names the secret policy knows compare
/// case-insensitively (RFC 9110 §5.1, §11.1). One helper, so that a unity build sees one definition.
inline bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace Authlens::Http
