#include "JwtInspector.h"

#include "util/Chars.h"

#include "Base64Url.h"
#include "FieldCatalog.h"
#include "JsonMembers.h"
#include "KindDetector.h"
#include "TimeText.h"
#include "jwt/NumericDate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

#include <cmath>

namespace Authlens::Jwt {

namespace {

const QString Malformed = QStringLiteral("token.malformed");

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && Util::isAsciiSpace(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && Util::isAsciiSpace(text.back()))
        text.chop(1);
    return text;
}

/// Removes what commonly surrounds a pasted token, and says so: the offsets of every later problem are
/// relative to what remains (TokenReport::token).
QByteArray normalize(QByteArrayView input, QList<Problem>* notes)
{
    QByteArrayView text = trimmed(input);
    for (const QByteArrayView scheme : {QByteArrayView("Bearer"), QByteArrayView("DPoP")}) {
        if (text.size() > scheme.size() + 1 && text.first(scheme.size()).compare(scheme, Qt::CaseInsensitive) == 0
            && Util::isAsciiSpace(text[scheme.size()])) {
            notes->append(Problem::make(
                Malformed, QStringLiteral("scheme_prefix"), Severity::Info,
                QStringLiteral(
                    "The text starts with the \"%1\" authentication scheme; the token after it was inspected.")
                    .arg(QString::fromLatin1(scheme))));
            text = trimmed(text.sliced(scheme.size()));
            break;
        }
    }
    if (text.size() >= 2
        && ((text.front() == '"' && text.back() == '"') || (text.front() == '\'' && text.back() == '\''))) {
        notes->append(Problem::make(Malformed, QStringLiteral("quoted"), Severity::Warning,
                                    QStringLiteral("The token is wrapped in quotes. Sent like that (e.g. "
                                                   "\"Authorization: Bearer \\\"…\\\"\") a server refuses it; the "
                                                   "token inside was inspected.")));
        text = trimmed(text.sliced(1, text.size() - 2));
    }
    return text.toByteArray();
}

QString opaqueShape(QByteArrayView text)
{
    static const QRegularExpression uuid(
        QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    const QString s = QString::fromLatin1(text);
    if (uuid.match(s).hasMatch())
        return QStringLiteral("UUID");
    bool hex = true;
    bool url = true;
    bool std64 = true;
    for (const char c : text) {
        const bool isHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        hex = hex && isHex;
        url = url && Util::isBase64UrlChar(c);
        std64 = std64 && (Util::isBase64UrlChar(c) || c == '+' || c == '/' || c == '=');
    }
    if (hex)
        return QStringLiteral("%1 hex characters").arg(text.size());
    if (url)
        return QStringLiteral("%1 base64url characters").arg(text.size());
    if (std64)
        return QStringLiteral("%1 base64 characters").arg(text.size());
    return QStringLiteral("%1 characters").arg(text.size());
}

QString partTitle(const QString& name)
{
    if (name == u"header")
        return QStringLiteral("The header");
    if (name == u"payload")
        return QStringLiteral("The payload");
    if (name == u"signature")
        return QStringLiteral("The signature");
    return QStringLiteral("The %1 part").arg(name);
}

TokenPart decodePart(QByteArrayView text, qsizetype offset, const QString& name, QList<Problem>* problems)
{
    TokenPart part;
    part.name = name;
    part.offset = offset;
    part.length = text.size();
    if (const auto fault = findBase64UrlFault(text)) {
        part.strict = false;
        part.decoded = base64UrlDecodeLenient(text);
        const qsizetype at = offset + fault->position;
        QString description = fault->describe();
        // The fault describes a position inside the part; the message gives the token position too.
        problems->append(Problem::make(Malformed, fault->kindName(), Severity::Error,
                                       QStringLiteral("%1 is not strict base64url: %2 of the part, position %3 in the "
                                                      "token.")
                                           .arg(partTitle(name), description)
                                           .arg(at),
                                       name, at));
    } else {
        part.decoded = base64UrlDecode(text).value_or(QByteArray());
    }
    return part;
}

/// Parses a decoded part as a JSON object; reports the parse error with its byte offset.
std::optional<QJsonObject> jsonObject(const TokenPart& part, QList<Problem>* problems)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(part.decoded, &error);
    if (error.error != QJsonParseError::NoError) {
        problems->append(Problem::make(Malformed, QStringLiteral("json"), Severity::Error,
                                       QStringLiteral("%1 is not valid JSON: %2 at byte %3 of the decoded %4.")
                                           .arg(partTitle(part.name), error.errorString())
                                           .arg(error.offset)
                                           .arg(part.name),
                                       part.name, part.offset));
        return std::nullopt;
    }
    if (!document.isObject()) {
        problems->append(Problem::make(Malformed, QStringLiteral("not_object"), Severity::Error,
                                       QStringLiteral("%1 is JSON but not an object.").arg(partTitle(part.name)),
                                       part.name, part.offset));
        return std::nullopt;
    }
    QJsonObject object = document.object();
    // RFC 7515 §4 (header parameter names) and RFC 7519 §4 (claim names) must be unique; a parser either
    // rejects the token or keeps the lexically last member. Authlens keeps the last one, as the RFCs allow,
    // and says so: two parsers reading different values of "alg" or "sub" is how tokens get confused.
    for (const DuplicateMember& member : duplicateMembers(part.decoded)) {
        object.insert(member.name, member.last);
        problems->append(Problem::make(
            Malformed, QStringLiteral("duplicate_member"), Severity::Error,
            QStringLiteral("%1 gives \"%2\" %3 times; names must be unique (RFC 7515 §4, RFC 7519 §4). The lexically "
                           "last value is the one used here: %4. Other parsers may use another.")
                .arg(partTitle(part.name), member.name.left(64))
                .arg(member.count)
                .arg(QString::fromUtf8(QJsonDocument(QJsonArray {member.last}).toJson(QJsonDocument::Compact))
                         .mid(1)
                         .chopped(1)
                         .left(80)),
            part.name, part.offset));
    }
    return object;
}

QList<QByteArrayView> splitDots(QByteArrayView text, QList<qsizetype>* offsets)
{
    QList<QByteArrayView> parts;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '.') {
            parts.append(text.sliced(start, i - start));
            offsets->append(start);
            start = i + 1;
        }
    }
    return parts;
}

void checkHeader(const QJsonObject& header, QList<Problem>* problems)
{
    const QString typ = header.value(QLatin1String("typ")).toString().toLower();
    if (header.contains(QLatin1String("crit"))) {
        const QJsonValue crit = header.value(QLatin1String("crit"));
        const QJsonArray names = crit.toArray();
        bool wellFormed = crit.isArray() && !names.isEmpty();
        QStringList listed;
        for (const QJsonValue& name : names) {
            wellFormed = wellFormed && name.isString() && header.contains(name.toString());
            listed.append(name.toString());
        }
        if (!wellFormed)
            problems->append(Problem::make(Malformed, QStringLiteral("crit"), Severity::Error,
                                           QStringLiteral("\"crit\" must be a non-empty array of header parameter "
                                                          "names that are present in the header (RFC 7515 §4.1.11)."),
                                           QStringLiteral("crit")));
        else
            problems->append(Problem::make(
                QStringLiteral("token.signature"), QStringLiteral("crit_unsupported"), Severity::Error,
                QStringLiteral("The header marks %1 as critical: a verifier that does not implement that extension "
                               "must reject the token, and Authlens does not.")
                    .arg(listed.join(QStringLiteral(", "))),
                QStringLiteral("crit")));
    }
    for (const char* name : {"jku", "x5u"}) {
        if (header.contains(QLatin1String(name)))
            problems->append(Problem::make(
                QStringLiteral("token.signature"), QStringLiteral("key_url"), Severity::Info,
                QStringLiteral("The header points to keys at %1 (%2). Whoever made the token chose that URL: a "
                               "verifier must only use keys from an issuer it trusts, never fetch them from the token.")
                    .arg(header.value(QLatin1String(name)).toString(), QLatin1String(name)),
                QLatin1String(name)));
    }
    if (header.contains(QLatin1String("jwk")) && typ != u"dpop+jwt" && typ != u"application/dpop+jwt")
        problems->append(Problem::make(
            QStringLiteral("token.signature"), QStringLiteral("embedded_jwk"), Severity::Warning,
            QStringLiteral("The header embeds its own public key (jwk). A signature by a key the token brings along "
                           "proves nothing unless that key is known to belong to the issuer (CVE-2018-0114)."),
            QStringLiteral("jwk")));
}

bool numericDateOk(const QJsonValue& value, std::optional<qint64>* out)
{
    *out = numericDate(value);
    return out->has_value();
}

void checkClaims(TokenReport& report)
{
    const QJsonObject& claims = report.claims;
    for (const char* name : {"exp", "nbf", "iat"}) {
        const QString key = QLatin1String(name);
        if (!claims.contains(key))
            continue;
        const QJsonValue value = claims.value(key);
        std::optional<qint64> seconds;
        if (numericDateOk(value, &seconds)) {
            if (key == u"exp")
                report.times.exp = seconds;
            else if (key == u"nbf")
                report.times.nbf = seconds;
            else
                report.times.iat = seconds;
            continue;
        }
        report.problems.append(Problem::make(
            Malformed, value.isDouble() ? QStringLiteral("claim_range") : QStringLiteral("claim_type"), Severity::Error,
            value.isDouble()
                ? QStringLiteral("\"%1\" is %2: not a usable NumericDate (seconds since 1970).")
                      .arg(key, FieldCatalog::displayValue(value))
                : QStringLiteral("\"%1\" must be a number (seconds since 1970, RFC 7519 §2), here it is %2. Many "
                                 "verifiers reject or ignore it.")
                      .arg(key, FieldCatalog::displayValue(value)),
            key));
    }
    if (claims.contains(QLatin1String("iss")) && !claims.value(QLatin1String("iss")).isString())
        report.problems.append(Problem::make(Malformed, QStringLiteral("claim_type"), Severity::Error,
                                             QStringLiteral("\"iss\" must be a string."), QStringLiteral("iss")));
    if (claims.contains(QLatin1String("sub")) && !claims.value(QLatin1String("sub")).isString())
        report.problems.append(Problem::make(Malformed, QStringLiteral("claim_type"), Severity::Warning,
                                             QStringLiteral("\"sub\" must be a string (RFC 7519 §4.1.2)."),
                                             QStringLiteral("sub")));
    if (claims.contains(QLatin1String("aud"))) {
        const QJsonValue aud = claims.value(QLatin1String("aud"));
        bool ok = aud.isString();
        if (aud.isArray()) {
            ok = true;
            const QJsonArray array = aud.toArray();
            for (const QJsonValue& item : array)
                ok = ok && item.isString();
        }
        if (!ok)
            report.problems.append(Problem::make(Malformed, QStringLiteral("claim_type"), Severity::Error,
                                                 QStringLiteral("\"aud\" must be a string or an array of strings."),
                                                 QStringLiteral("aud")));
    }
    for (const QString& name :
         {QStringLiteral("exp"), QStringLiteral("nbf"), QStringLiteral("iat"), QStringLiteral("auth_time")}) {
        std::optional<qint64> seconds;
        if (!numericDateOk(claims.value(name), &seconds))
            continue;
        TimeClaim claim;
        claim.name = name;
        claim.seconds = *seconds;
        claim.utc = TimeText::utc(*seconds);
        claim.local = TimeText::local(*seconds);
        claim.relative = TimeText::relative(name, *seconds, report.now);
        report.timeClaims.append(claim);
    }
}

QString withoutTrailingSlash(QString text)
{
    while (text.endsWith(QLatin1Char('/')))
        text.chop(1);
    return text;
}

QString nearMiss(const QString& actual, const QString& expected)
{
    if (withoutTrailingSlash(actual) == withoutTrailingSlash(expected))
        return QStringLiteral(" They differ only by a trailing slash — but the comparison is exact.");
    if (actual.compare(expected, Qt::CaseInsensitive) == 0)
        return QStringLiteral(" They differ only in letter case — but the comparison is exact.");
    if (actual.trimmed() == expected.trimmed())
        return QStringLiteral(" They differ only by surrounding whitespace — but the comparison is exact.");
    return {};
}

void checkExpectations(TokenReport& report, const InspectOptions& options)
{
    if (!options.expectedIssuer.isEmpty()) {
        if (!report.claims.contains(QLatin1String("iss"))) {
            report.problems.append(Problem::make(QStringLiteral("token.issuer"), QStringLiteral("missing"),
                                                 Severity::Error,
                                                 QStringLiteral("The token has no \"iss\"; the API expects tokens "
                                                                "from %1.")
                                                     .arg(options.expectedIssuer),
                                                 QStringLiteral("iss")));
        } else if (report.issuer() != options.expectedIssuer) {
            report.problems.append(Problem::make(
                QStringLiteral("token.issuer"), QStringLiteral("mismatch"), Severity::Error,
                QStringLiteral("The token was issued by \"%1\", the API trusts \"%2\".%3")
                    .arg(report.issuer(), options.expectedIssuer, nearMiss(report.issuer(), options.expectedIssuer)),
                QStringLiteral("iss")));
        }
    }
    if (!options.expectedAudiences.isEmpty()) {
        const QStringList audiences = report.audiences();
        if (!report.claims.contains(QLatin1String("aud"))) {
            report.problems.append(Problem::make(QStringLiteral("token.audience"), QStringLiteral("missing"),
                                                 Severity::Error,
                                                 QStringLiteral("The token has no \"aud\"; the API expects %1.")
                                                     .arg(options.expectedAudiences.join(QStringLiteral(" or "))),
                                                 QStringLiteral("aud")));
            return;
        }
        for (const QString& audience : audiences) {
            if (options.expectedAudiences.contains(audience))
                return;
        }
        QString hint;
        for (const QString& audience : audiences) {
            for (const QString& expected : options.expectedAudiences) {
                if (hint.isEmpty())
                    hint = nearMiss(audience, expected);
            }
        }
        report.problems.append(Problem::make(
            QStringLiteral("token.audience"), QStringLiteral("mismatch"), Severity::Error,
            QStringLiteral("The token is for %1, the API expects %2: it was issued for another API (or is an ID token "
                           "for a client).%3")
                .arg(audiences.isEmpty() ? QStringLiteral("no usable audience")
                                         : QStringLiteral("\"%1\"").arg(audiences.join(QStringLiteral("\", \""))),
                     QStringLiteral("\"%1\"").arg(options.expectedAudiences.join(QStringLiteral("\" or \""))), hint),
            QStringLiteral("aud")));
    }
}

void checkKind(TokenReport& report, const InspectOptions& options)
{
    const TokenKind expected = options.expectedKind;
    const TokenKind actual = report.kind.kind;
    if (expected == TokenKind::Unknown || actual == TokenKind::Unknown || actual == expected)
        return;
    const bool sentAsAccess = expected == TokenKind::Access;
    QString advice;
    if (sentAsAccess && actual == TokenKind::Id)
        advice = QStringLiteral(" An ID token tells the client who logged in; APIs must refuse it. Send the "
                                "access_token from the same token response.");
    else if (sentAsAccess && actual == TokenKind::Refresh)
        advice = QStringLiteral(" A refresh token is only for the token endpoint: exchange it for an access token.");
    report.problems.append(Problem::make(
        QStringLiteral("token.wrong_kind"), tokenKindName(actual), sentAsAccess ? Severity::Error : Severity::Warning,
        QStringLiteral("This is %1 %2 (%3), used where %4 belongs.%5")
            .arg(actual == TokenKind::Id || actual == TokenKind::Access ? QStringLiteral("an") : QStringLiteral("a"),
                 tokenKindTitle(actual), report.kind.evidence.join(QStringLiteral("; ")),
                 QStringLiteral("a ") + tokenKindTitle(expected), advice)));
}

void finishTime(TokenReport& report, const InspectOptions& options)
{
    TimeCheckOptions timeOptions;
    timeOptions.now = report.now;
    timeOptions.leewaySeconds = options.leewaySeconds;
    if (options.serverDate && options.serverDate->isValid())
        timeOptions.serverNow = options.serverDate->toSecsSinceEpoch();
    report.time = TimeCheck::evaluate(report.times, timeOptions);
    report.problems += report.time.problems;
}

void inspectOpaque(TokenReport& report, QByteArrayView text, const InspectOptions& options)
{
    report.format = TokenFormat::Opaque;
    report.opaqueShape = opaqueShape(text);
    report.label = identifyTokenPrefix(text);
    report.time.status = TimeStatus::Unknown;
    report.signature.status = SignatureStatus::Unsupported;
    if (report.label && report.label->kind != TokenKind::Unknown) {
        report.kind.kind = report.label->kind;
        report.kind.certain = true;
        report.kind.evidence.append(
            QStringLiteral("prefix \"%1\": %2").arg(report.label->prefix, report.label->title()));
    } else if (options.expectedKind != TokenKind::Unknown) {
        report.kind.kind = options.expectedKind;
        report.kind.evidence.append(QStringLiteral("an opaque token tells nothing; taken from where it was found (%1)")
                                        .arg(tokenKindTitle(options.expectedKind)));
    }
    report.problems.append(Problem::make(
        QStringLiteral("token.opaque"), report.label ? report.label->id : QStringLiteral("opaque"), Severity::Info,
        report.label ? QStringLiteral("Not a JWT: %1.%2")
                           .arg(report.label->title(),
                                report.label->note.isEmpty() ? QString() : QLatin1Char(' ') + report.label->note)
                     : QStringLiteral("Not a JWT (%1): an opaque token that only its issuer can interpret (token "
                                      "introspection, RFC 7662). Its expiry and audience cannot be read from it.")
                           .arg(report.opaqueShape)));
    checkKind(report, options);
}

void inspectJwe(TokenReport& report, QByteArrayView text, const InspectOptions& options)
{
    report.format = TokenFormat::Jwe;
    report.time.status = TimeStatus::Unknown;
    report.signature.status = SignatureStatus::Unsupported;
    QList<qsizetype> offsets;
    const QList<QByteArrayView> segments = splitDots(text, &offsets);
    static const QStringList names {QStringLiteral("header"), QStringLiteral("encrypted_key"), QStringLiteral("iv"),
                                    QStringLiteral("ciphertext"), QStringLiteral("tag")};
    for (qsizetype i = 0; i < segments.size() && i < names.size(); ++i)
        report.parts.append(decodePart(segments.at(i), offsets.at(i), names.at(i), &report.problems));
    if (segments.constFirst().isEmpty()) {
        report.problems.append(Problem::make(Malformed, QStringLiteral("empty_header"), Severity::Error,
                                             QStringLiteral("The JWE header part is empty."), QStringLiteral("header"),
                                             0));
    } else if (const auto header = jsonObject(report.parts.constFirst(), &report.problems)) {
        report.header = *header;
        report.headerReadable = true;
        report.headerFields = FieldCatalog::headerFields(report.header);
        for (const char* member : {"alg", "enc"}) {
            if (!report.header.value(QLatin1String(member)).isString())
                report.problems.append(
                    Problem::make(Malformed, QStringLiteral("%1_missing").arg(QLatin1String(member)), Severity::Error,
                                  QStringLiteral("A JWE header needs a string \"%1\".").arg(QLatin1String(member)),
                                  QLatin1String(member)));
        }
        checkHeader(report.header, &report.problems);
    }
    for (const int index : {2, 3, 4}) {
        if (index < report.parts.size() && report.parts.at(index).length == 0)
            report.problems.append(Problem::make(Malformed, QStringLiteral("empty_part"), Severity::Error,
                                                 QStringLiteral("The JWE %1 part is empty.").arg(names.at(index)),
                                                 names.at(index), report.parts.at(index).offset));
    }
    const QString alg = report.header.value(QLatin1String("alg")).toString();
    const QString enc = report.header.value(QLatin1String("enc")).toString();
    const bool nested = report.header.value(QLatin1String("cty")).toString().compare(u"JWT", Qt::CaseInsensitive) == 0;
    report.problems.append(Problem::make(
        QStringLiteral("token.encrypted"), QStringLiteral("jwe"), Severity::Info,
        QStringLiteral("The content is encrypted (alg %1, enc %2)%3: only the holder of the recipient's key can read "
                       "it, so its claims, times, audience and issuer cannot be checked here.")
            .arg(alg.isEmpty() ? QStringLiteral("?") : alg, enc.isEmpty() ? QStringLiteral("?") : enc,
                 nested ? QStringLiteral(" and holds a nested JWT") : QString())));
    report.kind = KindDetector::detect(report.header, {}, options.expectedKind);
    checkKind(report, options);
}

void inspectJws(TokenReport& report, QByteArrayView text, const InspectOptions& options)
{
    report.format = TokenFormat::Jws;
    QList<qsizetype> offsets;
    const QList<QByteArrayView> segments = splitDots(text, &offsets);
    if (segments.size() != 3) {
        const bool truncated = segments.size() < 3;
        report.problems.append(Problem::make(
            Malformed, QStringLiteral("parts"), Severity::Error,
            truncated ? QStringLiteral("A JWS has three dot-separated parts (header.payload.signature); this token has "
                                       "%1: it is truncated.")
                            .arg(segments.size())
                      : QStringLiteral("A JWS has three dot-separated parts and a JWE five; this token has %1.")
                            .arg(segments.size()),
            {}, truncated ? text.size() : offsets.at(3) - 1));
    }
    static const QStringList names {QStringLiteral("header"), QStringLiteral("payload"), QStringLiteral("signature")};
    for (qsizetype i = 0; i < segments.size() && i < names.size(); ++i)
        report.parts.append(decodePart(segments.at(i), offsets.at(i), names.at(i), &report.problems));

    if (segments.constFirst().isEmpty()) {
        report.problems.append(Problem::make(Malformed, QStringLiteral("empty_header"), Severity::Error,
                                             QStringLiteral("The header part is empty."), QStringLiteral("header"), 0));
    } else if (const auto header = jsonObject(report.parts.constFirst(), &report.problems)) {
        report.header = *header;
        report.headerReadable = true;
        report.headerFields = FieldCatalog::headerFields(report.header);
        checkHeader(report.header, &report.problems);
    }
    const QString alg = report.alg();
    const bool unsecured = report.headerReadable && alg.compare(u"none", Qt::CaseInsensitive) == 0;
    if (unsecured)
        report.format = TokenFormat::Unsecured;

    if (report.parts.size() > 1) {
        const TokenPart& payload = report.parts.at(1);
        report.payload = payload.decoded;
        const bool nested
            = report.header.value(QLatin1String("cty")).toString().compare(u"JWT", Qt::CaseInsensitive) == 0;
        const QByteArray start = payload.decoded.trimmed().left(1);
        if (nested) {
            report.problems.append(Problem::make(QStringLiteral("token.nested"), QStringLiteral("cty_jwt"),
                                                 Severity::Info,
                                                 QStringLiteral("cty is \"JWT\": the payload is another token; "
                                                                "inspect it separately."),
                                                 QStringLiteral("payload"), payload.offset));
        } else if (payload.decoded.isEmpty()) {
            report.problems.append(
                Problem::make(Malformed, QStringLiteral("empty_payload"), Severity::Error,
                              QStringLiteral("The payload is empty: a JWT carries its claims there."),
                              QStringLiteral("payload"), payload.offset));
        } else if (start == "{" || start == "[") {
            // Meant to be JSON: a parse error is a broken JWT.
            if (const auto claims = jsonObject(payload, &report.problems)) {
                report.claims = *claims;
                report.claimsReadable = true;
                report.claimFields = FieldCatalog::claimFields(report.claims);
                checkClaims(report);
            }
        } else {
            report.problems.append(Problem::make(QStringLiteral("token.not_jwt"), QStringLiteral("payload"),
                                                 Severity::Info,
                                                 QStringLiteral("The payload is not JSON: this is a JWS over arbitrary "
                                                                "content (%1 bytes), not a JWT.")
                                                     .arg(payload.decoded.size()),
                                                 QStringLiteral("payload"), payload.offset));
        }
    }
    if (report.parts.size() > 2) {
        const TokenPart& signature = report.parts.at(2);
        if (unsecured && signature.length > 0)
            report.problems.append(Problem::make(Malformed, QStringLiteral("unsecured_signature"), Severity::Error,
                                                 QStringLiteral("alg is \"none\" but the signature part is not empty "
                                                                "(RFC 7515 §A.5: it must be)."),
                                                 QStringLiteral("signature"), signature.offset));
        else if (!unsecured && report.headerReadable && signature.length == 0)
            report.problems.append(Problem::make(Malformed, QStringLiteral("signature_missing"), Severity::Error,
                                                 QStringLiteral("The signature part is empty although alg is \"%1\": "
                                                                "the signature was stripped or cut off.")
                                                     .arg(alg),
                                                 QStringLiteral("signature"), signature.offset));
    }

    report.kind = KindDetector::detect(report.header, report.claims, options.expectedKind);
    if (report.claimsReadable) {
        finishTime(report, options);
        checkExpectations(report, options);
    } else {
        report.time.status = TimeStatus::Unknown;
    }
    checkKind(report, options);
    if (report.headerReadable && segments.size() == 3)
        report.signature = SignatureVerifier::verify(report.header, report.signingInput(), report.signatureBytes(), {});
    else {
        report.signature.status = SignatureStatus::Invalid;
        report.signature.alg = alg;
        report.signature.kid = report.kid();
    }
}

} // namespace

bool JwtInspector::looksLikeJwt(QByteArrayView text)
{
    if (text.size() < 10 || !text.startsWith("eyJ") || text.size() > MaxTokenSize)
        return false;
    int dots = 0;
    for (const char c : text) {
        if (c == '.')
            ++dots;
        else if (!Util::isBase64UrlChar(c))
            return false;
    }
    return dots == 2 || dots == 4;
}

TokenReport JwtInspector::inspect(QByteArrayView token, const InspectOptions& options)
{
    TokenReport report;
    report.now = options.now.isValid() ? options.now.toSecsSinceEpoch() : QDateTime::currentSecsSinceEpoch();
    if (token.size() > MaxTokenSize) {
        report.format = TokenFormat::Opaque;
        report.token = QString::fromLatin1(token.first(64)) + QStringLiteral("…");
        report.time.status = TimeStatus::Unknown;
        report.signature.status = SignatureStatus::Unsupported;
        report.problems.append(Problem::make(Malformed, QStringLiteral("too_large"), Severity::Error,
                                             QStringLiteral("The input is %1 bytes; tokens larger than %2 bytes are "
                                                            "not decoded (HTTP servers refuse headers this large).")
                                                 .arg(token.size())
                                                 .arg(MaxTokenSize)));
        return report;
    }
    const QByteArray text = normalize(token, &report.problems);
    report.token = QString::fromLatin1(text);
    if (text.isEmpty()) {
        report.format = TokenFormat::Opaque;
        report.time.status = TimeStatus::Unknown;
        report.signature.status = SignatureStatus::Unsupported;
        report.problems.append(Problem::make(Malformed, QStringLiteral("empty"), Severity::Error,
                                             QStringLiteral("There is no token: the text is empty."), {}, 0));
        return report;
    }

    // A JOSE object starts with a base64url '{"' ("eyJ"); tokens with a documented vendor prefix never do.
    const qsizetype dots = text.count('.');
    bool jose = text.startsWith("eyJ");
    if (!jose && (dots == 2 || dots == 4) && !identifyTokenPrefix(text)) {
        // Not "eyJ", but still meant as JOSE when the header or the payload decodes to JSON (a header
        // serialised with leading whitespace or as an array, an empty header before a JSON payload).
        const QList<QByteArray> segments = text.split('.');
        for (int i = 0; i < 2 && !jose; ++i) {
            const QByteArray decoded = base64UrlDecodeLenient(segments.at(i)).trimmed();
            jose = decoded.startsWith('{') || (i == 0 && decoded.startsWith('['));
        }
    }
    if (!jose)
        inspectOpaque(report, text, options);
    else if (dots == 4)
        inspectJwe(report, text, options);
    else
        inspectJws(report, text, options);
    return report;
}

TokenReport JwtInspector::inspect(QByteArrayView token, const InspectOptions& options, const KeySet& keys,
                                  const VerificationContext& context)
{
    TokenReport report = inspect(token, options);
    report.signature = verifySignature(report, keys, context);
    return report;
}

SignatureResult JwtInspector::verifySignature(const TokenReport& report, const KeySet& keys,
                                              const VerificationContext& context)
{
    if (report.format == TokenFormat::Jwe || report.format == TokenFormat::Opaque) {
        SignatureResult result;
        result.status = SignatureStatus::Unsupported;
        result.alg = report.alg();
        result.kid = report.kid();
        return result;
    }
    if (!report.headerReadable || report.parts.size() != 3) {
        // Already reported as malformed; no verifier would get as far as the signature.
        SignatureResult result;
        result.status = SignatureStatus::Invalid;
        result.alg = report.alg();
        result.kid = report.kid();
        return result;
    }
    return SignatureVerifier::verify(report.header, report.signingInput(), report.signatureBytes(), keys, context);
}

} // namespace Authlens::Jwt
