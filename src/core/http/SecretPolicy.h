#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace Authlens::Http {

/// The one secret policy (DESIGN.md §4): what is a credential. Header names (exact names plus patterns
/// such as *token*, *secret*, *api-key*), query parameter names, body fields (form and JSON), every
/// cookie, and what a profile marks as secret. Withholding at an origin change, masking in the GUI,
/// redaction in the CLI and in HAR and curl exports, the import scan and the diagnosis all ask it;
/// nobody keeps a list of their own. A value type: a profile's additions make a copy.
class SecretPolicy
{
public:
    /// The built-in rules.
    static const SecretPolicy& standard();

    /// A copy that also treats these names as secret (a profile's API-key header or parameter, fields
    /// the user marked). Names compare case-insensitively.
    SecretPolicy withHeaderNames(const QList<QByteArray>& names) const;
    SecretPolicy withQueryNames(const QStringList& names) const;
    SecretPolicy withBodyFields(const QStringList& names) const;

    /// A request or response header whose value is (or holds) a credential: Authorization, Cookie,
    /// Set-Cookie, API-key and token headers. Challenge headers (WWW-Authenticate …) are not.
    bool isSecretHeader(QByteArrayView name) const;
    /// A query parameter that carries a credential (access_token, api_key, sig, X-Amz-Signature, …).
    bool isSecretQueryParam(QStringView name) const;
    /// A form or JSON body field that carries a credential (password, client_secret, refresh_token, …).
    bool isSecretBodyField(QStringView name) const;
    /// Why a header counts as a credential, for the ledger and the import report: "standard credential
    /// header", "a name containing “token”", "marked secret by the profile". Empty when it does not.
    QString headerReason(QByteArrayView name) const;

private:
    QList<QByteArray> m_extraHeaders;
    QStringList m_extraQuery;
    QStringList m_extraBody;
};

} // namespace Authlens::Http
