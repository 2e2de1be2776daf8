#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace Authlens::Http {

struct Exchange;
struct RequestSpec;

/// The one secret policy (DESIGN.md §4): what is a credential. Header names (exact names plus patterns
/// such as *token*, *secret*, *api-key*, *session*, *signature*, *password*, *auth*, "…-Key"), query
/// parameter names, body fields (form, JSON and multipart), every cookie, and what a profile marks as
/// secret (its API-key header or parameter). Withholding at an origin change, masking in the GUI,
/// redaction in the CLI and in HAR and curl exports, the import scan and the diagnosis all ask it;
/// nobody keeps a list of their own. A value type: additions make a copy.
///
/// Names are split into words (at "-", "_", ".", spaces and camelCase humps) before they are judged, so
/// "X-API-Key", "x_api_key", "apiKey" and "X-ApiKey" are one rule. A name whose last word describes a
/// credential instead of carrying one ("…-Type", "…-Reason", "…_url", "…_endpoint", "X-OAuth-Scopes")
/// is not a secret.
class SecretPolicy
{
public:
    /// The built-in rules.
    static const SecretPolicy& standard();
    /// The built-in rules plus the names the spec's credentials use: a profile's API-key header or
    /// query parameter is a secret whatever it is called.
    static SecretPolicy forSpec(const RequestSpec& spec);

    /// A copy that also treats these names as secret (a profile's API-key header or parameter, fields
    /// the user marked). Names compare case-insensitively.
    SecretPolicy withHeaderNames(const QList<QByteArray>& names) const;
    SecretPolicy withQueryNames(const QStringList& names) const;
    SecretPolicy withBodyFields(const QStringList& names) const;
    /// A copy that also treats every name the exchange's credential ledger placed or withheld as
    /// secret: an export of the exchange redacts what the client knew to be a credential.
    SecretPolicy withLedgerOf(const Exchange& exchange) const;

    /// A request or response header whose value is (or holds) a credential: Authorization, Cookie,
    /// Set-Cookie, API-key and token headers. Challenge headers (WWW-Authenticate …), nonces and
    /// idempotency keys, and HTTP/2 pseudo-headers are not.
    bool isSecretHeader(QByteArrayView name) const;
    /// Why a header counts as a credential, for the ledger and the import report: "a standard or
    /// well-known credential header", "a name containing “token”", "marked secret by the profile".
    /// Empty when it does not.
    QString headerReason(QByteArrayView name) const;

    /// A query parameter that carries a credential (access_token, api_key, sig, X-Amz-Signature, …).
    bool isSecretQueryParam(QStringView name) const;
    /// The same with the value at hand: a few short names ("key", "code", "sig", "hash", "auth", …)
    /// also name ordinary things ("?key=name", "?code=US"), so with those a short plain word is not
    /// taken for a credential. The import scan asks this; redaction asks by name alone.
    bool isSecretQueryParam(QStringView name, QStringView value) const;

    /// A form, multipart or JSON body field that carries a credential (password, client_secret,
    /// refresh_token, code_verifier, …).
    bool isSecretBodyField(QStringView name) const;

    /// A variable or environment entry whose name says it holds a secret (a Postman variable
    /// "apiKey", "sessionId", "stripeKey"): the body and query rules, plus cookies.
    bool isSecretName(QStringView name) const;

private:
    QList<QByteArray> m_extraHeaders;
    QStringList m_extraQuery;
    QStringList m_extraBody;
};

} // namespace Authlens::Http
