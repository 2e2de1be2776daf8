#include "workspace/WorkspaceError.h"

namespace Authlens::Workspace {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return {};
    case ErrorKind::Usage:
        return QStringLiteral("usage");
    case ErrorKind::BadInput:
        return QStringLiteral("bad_input");
    case ErrorKind::Network:
        return QStringLiteral("network");
    case ErrorKind::Keychain:
        return QStringLiteral("keychain");
    case ErrorKind::Refused:
        return QStringLiteral("refused");
    }
    return {};
}

int exitCodeFor(const Error& error)
{
    switch (error.kind) {
    case ErrorKind::None:
        return 0;
    case ErrorKind::Refused:
        return 1;
    case ErrorKind::Usage:
        return 2;
    case ErrorKind::BadInput:
        return 3;
    case ErrorKind::Network:
    case ErrorKind::Keychain:
        return 4;
    }
    return 4;
}

} // namespace Authlens::Workspace
