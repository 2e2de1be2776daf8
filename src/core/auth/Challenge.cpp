#include "Challenge.h"

namespace Authlens::Auth {

bool Challenge::isScheme(QByteArrayView name) const
{
    return scheme.compare(name, Qt::CaseInsensitive) == 0;
}

const AuthParam* Challenge::param(QByteArrayView lowerName) const
{
    for (const AuthParam& p : params) {
        if (p.name == lowerName)
            return &p;
    }
    return nullptr;
}

QByteArray Challenge::value(QByteArrayView lowerName) const
{
    const AuthParam* p = param(lowerName);
    return p ? p->value : QByteArray();
}

} // namespace Authlens::Auth
