#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// What Authlens knows about authentication schemes and their parameters, in plain words with the
// specification section that defines each. Used by the inspector's Auth tab and `authlens-cli challenge`.
namespace Authlens::Auth {

/// A pointer into a specification.
struct SpecReference
{
    QString label; ///< "RFC 7616 §3.3"
    QString url; ///< "https://www.rfc-editor.org/rfc/rfc7616#section-3.3"; empty for non-RFC documents without one
    bool isEmpty() const { return label.isEmpty(); }
};

struct SchemeInfo
{
    QByteArray name; ///< canonical spelling ("Digest"); for unknown schemes the name as given
    bool known = false; ///< false: an unregistered or vendor scheme, to be shown raw
    QString title; ///< "HTTP Digest Access Authentication"
    QString explanation; ///< what the scheme does, in plain words
    QString clientAdvice; ///< what a client (and a user of Authlens) can do with it
    SpecReference reference;
    bool canPerform = false; ///< Authlens can answer it itself (Basic, Bearer, Digest)
};

struct ParamInfo
{
    bool known = false;
    QString explanation; ///< what the parameter is for
    QString valueExplanation; ///< what this particular value means, when that says more (error codes, algorithms…)
    SpecReference reference;
};

/// Everything known about a scheme (case-insensitive). Unknown schemes come back with known == false.
SchemeInfo schemeInfo(QByteArrayView scheme);

/// What a parameter of a scheme means; value-aware (e.g. each Bearer `error` code is explained on its own).
/// Parameter names are compared case-insensitively. Works for challenge, credentials and
/// Authentication-Info parameters alike.
ParamInfo paramInfo(QByteArrayView scheme, QByteArrayView param, QByteArrayView value = {});

/// True for the schemes Authlens can answer: Basic, Bearer, Digest. Negotiate and NTLM need the platform's
/// Kerberos/SSPI machinery and are explained but not performed.
bool canPerform(QByteArrayView scheme);

/// The canonical names of every scheme described here.
QList<QByteArray> knownSchemes();

} // namespace Authlens::Auth
