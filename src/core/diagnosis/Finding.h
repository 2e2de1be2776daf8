#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Authlens::Diagnosis {

/// How sure a finding is (DESIGN.md §5). The order is the rank: a cause outranks everything.
enum class Severity {
    Cause, ///< proven by the exchange: the evidence shows it
    Likely, ///< an inference from the evidence; the most probable explanation, not proof
    Hint, ///< worth checking; may or may not matter for this answer
    Info, ///< a fact about the exchange (who you are authenticated as, a rotated token)
};

/// "cause", "likely", "hint", "info": the names used in CLI JSON and the README.
QString severityName(Severity severity);

/// What a piece of evidence points at.
enum class EvidenceKind { Header, Param, Claim, Hop, Cookie, Body, Timing, Tls };
/// "header", "param", "claim", "hop", "cookie", "body", "timing", "tls".
QString evidenceKindName(EvidenceKind kind);

/// Which half of a hop a piece of evidence comes from.
enum class Side { None, Request, Response };
/// "request", "response", or an empty string.
QString sideName(Side side);

/// One fact that supports a finding, pointing at the exact place in the exchange, as Wireshark's
/// expert items point at bytes: the inspector selects it when the user follows the link.
///
/// - Header: `name` is the header field name; `field` picks one of several fields of that name;
///   `start`/`length` a byte range inside that field value.
/// - Param: a parameter of an authentication header; `container` is the header name ("WWW-Authenticate"),
///   `name` the parameter ("error"); the range is inside the field value.
/// - Claim: a JWT claim; `container` says which token (the header or cookie that carried it, or the JSON
///   member of a body), `name` the claim ("exp"); the range is in the token text.
/// - Hop: the hop itself (`name` may hold "Location" or a withheld credential's name).
/// - Cookie: `name` is the cookie name; `container` "jar", "Cookie" or "Set-Cookie".
/// - Body: a byte range of the response (or request) body.
/// - Timing, Tls: `name` names the figure or certificate field.
struct Evidence
{
    EvidenceKind kind = EvidenceKind::Header;
    int hop = -1; ///< index into Exchange::hops; -1 when not tied to a hop
    Side side = Side::None;
    QString container;
    QString name;
    int field = 0; ///< which field value of header `name` (or `container`), counted from 0
    QString excerpt; ///< the relevant text, secrets masked
    qsizetype start = -1; ///< byte (or token character) offset; -1 when there is no range
    qsizetype length = 0;
    QString note; ///< what this evidence shows, in a few words ("2 h 3 min ago by your clock")

    bool hasRange() const { return start >= 0; }
    QJsonObject toJson() const;
    friend bool operator==(const Evidence&, const Evidence&) = default;
};

/// What a fix does: an action the app (GUI or CLI) can perform, or advice for the user.
enum class FixKind { Action, Advice };
QString fixKindName(FixKind kind); ///< "action", "advice"

/// A fix is data, not prose (clang's FixItHint): `id` names what to do, `params` the details. The GUI
/// and the CLI perform actions by id; advice is a precise instruction. Only actions that work are offered.
struct Fix
{
    QString id; ///< stable: "auth.use_scheme", "cookies.clear_and_resend", "advice.check_password", …
    QString label; ///< a button or list text: "Switch to Digest"
    FixKind kind = FixKind::Advice;
    QJsonObject params; ///< {"scheme":"Digest"}, {"origin":"https://…"}, {"seconds":1234}, …

    QJsonObject toJson() const;
    friend bool operator==(const Fix&, const Fix&) = default;
};

/// One diagnosis: a code from the catalog (Catalog.h), how sure it is, a title and a plain-words
/// explanation, the evidence that shows it and the fixes. One type for the whole product: credential
/// checks, JWT problems, challenge diagnostics, OAuth errors and the status rules all speak it.
struct Finding
{
    QString code; ///< stable public contract: "token.expired"
    QString reason; ///< optional precise sub-reason, also stable: "kid_unknown", "no_space", …
    Severity severity = Severity::Hint;
    QString title;
    QString explanation;
    QList<Evidence> evidence;
    QList<Fix> fixes;
    QString source; ///< who said so, when a server or a document did: "RFC 6750 §3.1", "Cloudflare (cf-mitigated)"
    int hop = -1; ///< the hop the finding is about; -1 for the exchange as a whole

    bool hasAction() const;
    /// {"code","severity","title","explanation","evidence":[…],"fixes":[…]} plus "reason", "source",
    /// "hop" when set.
    QJsonObject toJson() const;
};

/// The findings with `code`.
QList<Finding> findingsWithCode(const QList<Finding>& findings, QStringView code);
/// The first finding with `code`, or nullptr.
const Finding* findFinding(const QList<Finding>& findings, QStringView code);
/// A temporary list would leave the pointer dangling: keep the list in a variable first.
const Finding* findFinding(QList<Finding>&& findings, QStringView code) = delete;
/// True when any finding has severity Cause.
bool hasCause(const QList<Finding>& findings);

} // namespace Authlens::Diagnosis
