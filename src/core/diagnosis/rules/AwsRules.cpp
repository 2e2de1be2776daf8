// AWS Signature Version 4 refusals: what AWS says when it recomputes a request's signature and it does not
// verify, read with the signer's own canonical form (auth/AwsSigV4.h) so that a mismatch names the line
// where the server's request and the signed one differ.
//
// The messages, as AWS documents them:
// - "The request signature we calculated does not match the signature you provided", with the canonical
//   request and string to sign the service computed; "Signature expired: <date> is now earlier than <date>";
//   "Signature not yet current: <date> is still later than <date>"; "Credential should be scoped to a valid
//   Region, not <region>"; "Credential should be scoped to correct service: <service>":
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/signature-v4-troubleshooting.html
// - API Gateway (IAM authorization): "Missing Authentication Token" for an unsigned request, "The security token
//   included in the request is invalid." for an access key it does not know, and the canonical string in the
//   message of a mismatch: https://repost.aws/knowledge-center/api-gateway-iam-sigv4-mismatch
// - S3: SignatureDoesNotMatch with <CanonicalRequest> and <StringToSign>, InvalidAccessKeyId "The AWS Access Key
//   Id you provided does not exist in our records.", RequestTimeTooSkewed:
//   https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
// - Temporary credentials (access key IDs that start with ASIA) need their session token in
//   X-Amz-Security-Token: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html
// - Presigned URLs, the signature in the query (X-Amz-Date, X-Amz-Expires):
//   https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html ; one signed with temporary
//   credentials ends with them: https://repost.aws/knowledge-center/presigned-url-s3-bucket-expiration . S3
//   answers an expired one 403 AccessDenied "Request has expired" with <X-Amz-Expires>, <Expires> and
//   <ServerTime> (an answer captured in github.com/lukejacksonn/react-slack-clone/issues/27).
#include "auth/AuthSettings.h"
#include "auth/AwsSigV4.h"
#include "diagnosis/Rules.h"

#include <QRegularExpression>

namespace Authlens::Diagnosis::Rules {

namespace {

/// The words of AWS's answer: the JSON message (API Gateway's "message", other services' "Message"), the
/// XML <Message> of S3 and the query APIs, or the body as it is.
QString awsMessage(const HopFacts& hop)
{
    if (hop.bodyJson) {
        for (const char* key : {"message", "Message", "errorMessage"}) {
            const QString text = hop.bodyJson->value(QLatin1String(key)).toString();
            if (!text.isEmpty())
                return text;
        }
    }
    return QString::fromUtf8(hop.body);
}

/// S3's XML escapes its canonical request; API Gateway's JSON string was decoded already.
QString xmlText(QString text)
{
    text.replace(QStringLiteral("&quot;"), QStringLiteral("\"")).replace(QStringLiteral("&apos;"), QStringLiteral("'"));
    text.replace(QStringLiteral("&lt;"), QStringLiteral("<")).replace(QStringLiteral("&gt;"), QStringLiteral(">"));
    return text.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
}

/// The canonical request the server says it computed, when its answer carries one.
std::optional<QString> serverCanonicalRequest(const QString& message)
{
    static const QRegularExpression apiGateway(
        QStringLiteral("The Canonical String for this request should have been\\s*\\n'(.*?)'\\s*\\n\\s*\\nThe "
                       "String-to-Sign"),
        QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression s3(QStringLiteral("<CanonicalRequest>(.*?)</CanonicalRequest>"),
                                       QRegularExpression::DotMatchesEverythingOption);
    QRegularExpressionMatch m = apiGateway.match(message);
    if (m.hasMatch())
        return m.captured(1);
    m = s3.match(message);
    if (m.hasMatch())
        return xmlText(m.captured(1));
    return std::nullopt;
}

/// The canonical request of what the hop sent, as the signature covered it (its SignedHeaders).
std::optional<Auth::AwsSignature> sentCanonicalRequest(const Http::Hop& hop, const Auth::AwsAuthorization& auth)
{
    const QByteArray date = Http::headerValue(hop.request.headers, "X-Amz-Date").trimmed();
    if (date.size() < 8)
        return std::nullopt;
    const Auth::AwsSigningInput input = Auth::awsReceivedInput(hop.request.method, hop.request.url, hop.request.headers,
                                                               hop.request.body, auth.signedHeaders);
    // The canonical request holds no secret: signing with none gives it, and the string to sign.
    return Auth::awsSign(input, date, {}, {auth.region, auth.service});
}

/// What a line of the canonical request is, in words.
QString canonicalLineName(const QStringList& lines, int index)
{
    if (index == 0)
        return QStringLiteral("the method");
    if (index == 1)
        return QStringLiteral("the path");
    if (index == 2)
        return QStringLiteral("the query");
    if (index == lines.size() - 1)
        return QStringLiteral("the payload hash (SHA-256 of the body)");
    if (index == lines.size() - 2)
        return QStringLiteral("the list of signed headers");
    const QString line = lines.at(index);
    const qsizetype colon = line.indexOf(u':');
    return colon > 0 ? QStringLiteral("the header %1").arg(line.left(colon)) : QStringLiteral("a header line");
}

Evidence authorizationEvidence(const HopFacts& hop, const QString& note)
{
    return headerEvidence(hop, Side::Request, "Authorization", note);
}

Fix setScope(const QString& key, const QString& value, const QString& label)
{
    return action(QStringLiteral("aws.set_scope"), label, QJsonObject {{key, value}});
}

void signatureMismatch(const Facts& facts, const HopFacts& hop, const Auth::AwsAuthorization& auth,
                       const QString& message, Findings& out)
{
    Finding f = makeFinding(Code::AwsSignatureMismatch, hop.index);
    f.source = QStringLiteral("AWS (SignatureDoesNotMatch)");
    f.evidence.append(bodyEvidence(hop, "signature we calculated", QStringLiteral("the server's words")));
    const std::optional<QString> theirs = serverCanonicalRequest(message);
    const std::optional<Auth::AwsSignature> ours = sentCanonicalRequest(*hop.hop, auth);
    if (theirs && ours) {
        const QStringList server = theirs->split(u'\n');
        const QStringList signedLines = QString::fromUtf8(ours->canonicalRequest).split(u'\n');
        int differs = -1;
        for (int i = 0; i < std::max(server.size(), signedLines.size()); ++i) {
            if (server.value(i) != signedLines.value(i)) {
                differs = i;
                break;
            }
        }
        if (differs < 0) {
            f.reason = QStringLiteral("secret_key");
            f.title = QStringLiteral("The secret access key does not match the access key ID");
            f.explanation
                = QStringLiteral("AWS computed the same canonical request as the one that was signed, line for line, "
                                 "and still got another signature: the only input left is the key. The secret access "
                                 "key is not the one that belongs to access key ID %1.")
                      .arg(auth.accessKeyId);
            f.fixes.append(advice(QStringLiteral("advice.check_aws_secret"),
                                  QStringLiteral("Enter the secret access key issued with %1").arg(auth.accessKeyId)));
        } else {
            const QString what = canonicalLineName(server, differs);
            f.reason = QStringLiteral("canonical_request");
            f.title = QStringLiteral("AWS saw a different request than the one signed");
            f.explanation
                = QStringLiteral("The canonical request AWS computed differs from the signed one in %1 (line %2): "
                                 "signed “%3”, AWS saw “%4”. Something between the client and AWS changed the request "
                                 "after it was signed (a proxy, a rewritten path or host, a header added or changed), "
                                 "or the server reads the request another way.")
                      .arg(what)
                      .arg(differs + 1)
                      .arg(signedLines.value(differs).left(160), server.value(differs).left(160));
            f.fixes.append(advice(QStringLiteral("advice.check_request_unchanged"),
                                  QStringLiteral("Send directly, without a proxy that rewrites %1, and sign the "
                                                 "exact host and path AWS receives")
                                      .arg(what)));
        }
        Evidence canonical = hopEvidence(
            hop, QStringLiteral("Canonical request"),
            differs < 0 ? signedLines.join(QStringLiteral(" ⏎ ")).left(240) : signedLines.value(differs).left(200),
            differs < 0 ? QStringLiteral("identical on both sides")
                        : QStringLiteral("signed; AWS saw “%1”").arg(server.value(differs).left(160)));
        canonical.side = Side::Request;
        f.evidence.append(canonical);
    } else {
        f.severity = Severity::Likely;
        f.reason = QStringLiteral("unknown");
        f.explanation = QStringLiteral("AWS recomputed the signature and got another one. Its answer does not show the "
                                       "canonical request it computed, so which input differs is not known: most "
                                       "often the secret access key, else a header or the path changed on the way.");
        f.fixes.append(advice(QStringLiteral("advice.check_aws_secret"),
                              QStringLiteral("Check the secret access key of %1").arg(auth.accessKeyId)));
    }
    f.evidence.append(authorizationEvidence(hop, QStringLiteral("the signature sent")));
    Q_UNUSED(facts);
    out.append(f);
}

void credentialScope(const HopFacts& hop, const Auth::AwsAuthorization& auth, const QString& message, Findings& out)
{
    static const QRegularExpression region(
        QStringLiteral("Credential should be scoped to a valid region(?:, not '([^']*)')?"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression service(QStringLiteral("Credential should be scoped to correct service: '([^']+)'"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch regionMatch = region.match(message);
    const QRegularExpressionMatch serviceMatch = service.match(message);
    if (!regionMatch.hasMatch() && !serviceMatch.hasMatch())
        return;
    Finding f = makeFinding(Code::AwsCredentialScope, hop.index);
    f.source = QStringLiteral("AWS (credential scope)");
    if (serviceMatch.hasMatch()) {
        const QString right = serviceMatch.captured(1);
        f.reason = QStringLiteral("service");
        f.title = QStringLiteral("Signed for the wrong AWS service");
        f.explanation
            = QStringLiteral("The request was signed for the service “%1”; this endpoint is “%2”. The service "
                             "is part of the signing key, so the signature cannot verify.")
                  .arg(auth.service, right);
        f.fixes.append(
            setScope(QStringLiteral("service"), right, QStringLiteral("Sign for “%1” and send again").arg(right)));
        f.evidence.append(bodyEvidence(hop, "scoped to correct service", QStringLiteral("the service AWS expects")));
    } else {
        const QString fromHost = Auth::awsScopeFromHost(hop.hop->request.url.host()).region;
        f.reason = QStringLiteral("region");
        f.title = QStringLiteral("Signed for the wrong AWS region");
        f.explanation = fromHost.isEmpty() || fromHost == auth.region
            ? QStringLiteral(
                  "The request was signed for the region “%1”, which this endpoint does not serve. The region "
                  "is part of the signing key.")
                  .arg(auth.region)
            : QStringLiteral("The request was signed for the region “%1”; the endpoint's host name says “%2”. The "
                             "region is part of the signing key.")
                  .arg(auth.region, fromHost);
        if (!fromHost.isEmpty() && fromHost != auth.region)
            f.fixes.append(setScope(QStringLiteral("region"), fromHost,
                                    QStringLiteral("Sign for %1 and send again").arg(fromHost)));
        else
            f.fixes.append(advice(QStringLiteral("advice.aws_region"),
                                  QStringLiteral("Set the region the API is deployed in (its console or endpoint URL "
                                                 "names it)")));
        f.evidence.append(bodyEvidence(hop, "scoped to a valid region", QStringLiteral("AWS's words")));
    }
    f.evidence.append(authorizationEvidence(
        hop, QStringLiteral("Credential=…/%1/%2/aws4_request: what was signed for").arg(auth.region, auth.service)));
    out.append(f);
}

/// S3's <Tag>value</Tag>, trimmed; empty when absent.
QString xmlTag(const QString& message, const QString& tag)
{
    const QRegularExpression re(QStringLiteral("<%1>\\s*([^<]*?)\\s*</%1>").arg(tag));
    return re.match(message).captured(1);
}

void signatureTime(const HopFacts& hop, const QString& message, Findings& out)
{
    // API Gateway and the services: "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z
    // (20150830T125100Z - 15 min.)": the date in parentheses is the server's clock.
    static const QRegularExpression expired(
        QStringLiteral("Signature (expired|not yet current): (\\d{8}T\\d{6}Z) is (?:now earlier|still later) than "
                       "\\d{8}T\\d{6}Z \\((\\d{8}T\\d{6}Z) [-+]"));
    QString sentText;
    QString serverText;
    QByteArray needle;
    const QRegularExpressionMatch m = expired.match(message);
    if (m.hasMatch()) {
        sentText = m.captured(2);
        serverText = m.captured(3);
        needle = m.captured(0).toUtf8().left(30);
    } else if (message.contains(u"<Code>RequestTimeTooSkewed</Code>")) {
        // S3: "The difference between the request time and the current time is too large.", with the
        // <RequestTime> it read and its <ServerTime> (ErrorResponses.html, RequestTimeTooSkewed).
        sentText = xmlTag(message, QStringLiteral("RequestTime"));
        serverText = xmlTag(message, QStringLiteral("ServerTime"));
        needle = "<ServerTime>";
    } else {
        return;
    }
    const auto moment = [](const QString& text) {
        const QDateTime amz = Auth::awsDateTime(text.toLatin1());
        if (amz.isValid())
            return amz;
        const QDateTime iso = QDateTime::fromString(text, Qt::ISODate);
        if (iso.isValid())
            return iso;
        return QDateTime::fromString(text, Qt::RFC2822Date);
    };
    const QDateTime sent = moment(sentText);
    const QDateTime server = moment(serverText);
    if (!sent.isValid() || !server.isValid())
        return;
    const qint64 skew = sent.secsTo(server);
    Finding f = makeFinding(Code::ClockSkew, hop.index);
    f.severity = Severity::Cause;
    f.reason = QStringLiteral("aws_signature_time");
    f.source = QStringLiteral("AWS (signature time)");
    f.title = QStringLiteral("This computer's clock is %1 %2")
                  .arg(durationText(std::abs(skew)), skew > 0 ? QStringLiteral("slow") : QStringLiteral("fast"));
    f.explanation = QStringLiteral("AWS accepts a signature only within a few minutes of its own time. The request was "
                                   "signed at %1 (X-Amz-Date, from this computer's clock); AWS's clock said %2.")
                        .arg(sentText, serverText);
    f.evidence.append(bodyEvidence(hop, needle, QStringLiteral("AWS's clock, in its answer")));
    f.evidence.append(headerEvidence(hop, Side::Request, "X-Amz-Date", QStringLiteral("when the request was signed")));
    // What the AWS SDKs do when AWS reports a skew: sign again by AWS's clock. The resend proves the cause.
    // Beyond the bound the clock needs setting, not working around (AwsSettings::MaxClockOffsetSeconds).
    if (std::abs(skew) <= Auth::AwsSettings::MaxClockOffsetSeconds)
        f.fixes.append(action(
            QStringLiteral("aws.use_server_clock"),
            QStringLiteral("Sign by AWS's clock (%1 %2) and send again")
                .arg(durationText(std::abs(skew)), skew > 0 ? QStringLiteral("ahead") : QStringLiteral("behind")),
            QJsonObject {{QStringLiteral("seconds"), double(skew)}}));
    f.fixes.append(action(QStringLiteral("clock.show_offset"), QStringLiteral("Show the clock offset"),
                          QJsonObject {{QStringLiteral("seconds"), double(skew)}}));
    f.fixes.append(advice(QStringLiteral("advice.sync_clock"),
                          QStringLiteral("Set this computer's clock from the network (NTP), then send again")));
    out.append(f);
}

void unknownCredentials(const HopFacts& hop, const Auth::AwsAuthorization& auth, const QString& message, Findings& out)
{
    const QString lower = message.toLower();
    const bool invalidToken = lower.contains(u"the security token included in the request is invalid");
    const bool expiredToken = lower.contains(u"the security token included in the request is expired");
    const bool unknownKey = lower.contains(u"access key id you provided does not exist");
    if (!invalidToken && !expiredToken && !unknownKey)
        return;
    const bool temporary = auth.accessKeyId.startsWith(u"ASIA");
    const bool tokenSent = !Http::headerValue(hop.hop->request.headers, "X-Amz-Security-Token").isEmpty();
    Finding f = makeFinding(Code::AwsCredentialsInvalid, hop.index);
    f.source = QStringLiteral("AWS");
    if (temporary && !tokenSent) {
        f.reason = QStringLiteral("session_token_missing");
        f.title = QStringLiteral("Temporary AWS credentials sent without their session token");
        f.explanation = QStringLiteral("The access key ID %1 starts with ASIA: it belongs to temporary credentials "
                                       "(STS, SSO, an assumed role), which AWS accepts only with their session token "
                                       "in X-Amz-Security-Token. The request carried none.")
                            .arg(auth.accessKeyId);
        f.fixes.append(advice(QStringLiteral("advice.aws_session_token"),
                              QStringLiteral("Enter the session token that came with these credentials")));
    } else if (expiredToken || (temporary && tokenSent)) {
        f.reason = QStringLiteral("session_token_expired");
        f.severity = expiredToken ? Severity::Cause : Severity::Likely;
        f.title = QStringLiteral("The temporary AWS credentials have expired");
        f.explanation = QStringLiteral("AWS does not accept the session token sent with access key ID %1: temporary "
                                       "credentials last from 15 minutes to 12 hours, then need to be issued again.")
                            .arg(auth.accessKeyId);
        f.fixes.append(advice(QStringLiteral("advice.refresh_aws_credentials"),
                              QStringLiteral("Get new temporary credentials (aws sts, aws sso login) and enter all "
                                             "three values")));
        f.evidence.append(
            headerEvidence(hop, Side::Request, "X-Amz-Security-Token", QStringLiteral("the session token sent")));
    } else {
        f.reason = QStringLiteral("access_key_unknown");
        f.title = QStringLiteral("AWS does not know this access key ID");
        f.explanation = QStringLiteral("AWS has no active access key %1 (deleted, deactivated, of another partition, "
                                       "or mistyped).")
                            .arg(auth.accessKeyId);
        f.fixes.append(advice(QStringLiteral("advice.check_aws_key"),
                              QStringLiteral("Check the access key ID in the IAM console, or create a new key")));
    }
    f.evidence.append(bodyEvidence(hop,
                                   unknownKey ? QByteArrayView("does not exist") : QByteArrayView("security token"),
                                   QStringLiteral("AWS's words")));
    f.evidence.append(authorizationEvidence(hop, QStringLiteral("signed with access key ID %1").arg(auth.accessKeyId)));
    out.append(f);
}

void presignedExpiry(const HopFacts& hop, Findings& out)
{
    if (!hop.answered || hop.status != 403 || !hop.hop)
        return;
    const std::optional<Auth::AwsPresignedQuery> presigned = Auth::parseAwsPresignedQuery(hop.hop->request.url);
    if (!presigned)
        return;
    const QString message = awsMessage(hop);
    const bool s3Says = message.contains(u"Request has expired", Qt::CaseInsensitive);
    const QDateTime expires = presigned->expiresAt();
    // The server's clock: S3's <ServerTime>, else the answer's Date.
    static const QRegularExpression serverTimeTag(QStringLiteral("<ServerTime>\\s*([^<\\s]+)\\s*</ServerTime>"));
    QDateTime serverTime = QDateTime::fromString(serverTimeTag.match(message).captured(1), Qt::ISODate);
    if (!serverTime.isValid() && hop.serverTime)
        serverTime = QDateTime::fromSecsSinceEpoch(*hop.serverTime, Qt::UTC);
    const bool pastExpiry = expires.isValid() && serverTime.isValid() && serverTime > expires;
    if (!s3Says && !pastExpiry)
        return;
    const QString accessKey = presigned->signature.accessKeyId;
    const bool temporary = accessKey.startsWith(u"ASIA");
    Finding f = makeFinding(Code::AwsPresignedExpired, hop.index);
    f.severity = s3Says ? Severity::Cause : Severity::Likely;
    f.source = QStringLiteral("AWS (presigned URL)");
    f.title = QStringLiteral("The presigned URL has expired");
    const QString signedFor = expires.isValid()
        ? QStringLiteral("It was signed at %1 for %2 (X-Amz-Date, X-Amz-Expires): valid until %3")
              .arg(Auth::awsDateTime(presigned->amzDate).toString(Qt::ISODate), durationText(presigned->expiresSeconds),
                   expires.toString(Qt::ISODate))
        : QStringLiteral("Its X-Amz-Date or X-Amz-Expires cannot be read, so when it ended is unknown");
    if (pastExpiry) {
        f.reason = QStringLiteral("expired");
        f.explanation = QStringLiteral("A presigned URL lets its holder in from X-Amz-Date for X-Amz-Expires seconds, "
                                       "then never again. %1; the server's clock said %2, %3 later.")
                            .arg(signedFor, serverTime.toString(Qt::ISODate), durationText(expires.secsTo(serverTime)));
    } else if (temporary) {
        f.reason = QStringLiteral("signing_credentials_ended");
        f.explanation = QStringLiteral("S3 says the request has expired, although the URL's own lifetime is not over. "
                                       "%1. It was signed with temporary credentials (%2 starts with ASIA), and a "
                                       "presigned URL ends when the session of the credentials that signed it ends, "
                                       "whatever X-Amz-Expires says.")
                            .arg(signedFor, accessKey);
    } else {
        f.reason = QStringLiteral("expired");
        f.explanation = QStringLiteral("S3 says the request has expired. %1.").arg(signedFor);
    }
    f.evidence.append(hopEvidence(
        hop, QStringLiteral("X-Amz-Expires"),
        // One arg() call: a date from the URL may itself hold "%2".
        QStringLiteral("X-Amz-Date=%1&X-Amz-Expires=%2")
            .arg(QString::fromLatin1(presigned->amzDate.left(32)), QString::number(presigned->expiresSeconds)),
        QStringLiteral("query parameters: when it was signed, for how long")));
    if (s3Says)
        f.evidence.append(bodyEvidence(hop, "Request has expired", QStringLiteral("S3's words")));
    if (message.contains(u"<ServerTime>"))
        f.evidence.append(bodyEvidence(hop, "<ServerTime>", QStringLiteral("S3's clock")));
    else if (hop.serverTime)
        f.evidence.append(headerEvidence(hop, Side::Response, "Date", QStringLiteral("the server's clock")));
    f.fixes.append(advice(QStringLiteral("advice.presign_again"),
                          temporary
                              ? QStringLiteral("Ask whoever made the URL for a new one, presigned with credentials "
                                               "that last as long as the URL should")
                              : QStringLiteral("Ask whoever made the URL for a new one (aws s3 presign … "
                                               "--expires-in SECONDS, at most 604800)")));
    f.fixes.append(advice(QStringLiteral("advice.sign_with_key"),
                          QStringLiteral("Or sign each request with the access key: give the profile AWS Signature v4 "
                                         "and its secret access key")));
    out.append(f);
}

} // namespace

bool awsSignatureRefused(const HopFacts& hop)
{
    if (!hop.answered || hop.status < 400 || !hop.hop)
        return false;
    const Auth::AwsAuthorization auth = Auth::parseAwsAuthorization(hop.requestHeader("Authorization"));
    if (!auth.valid)
        return false;
    static const QRegularExpression known(
        QStringLiteral("signature we calculated does not match|Credential should be scoped to|Signature expired:|"
                       "Signature not yet current:|security token included in the request is|Access Key Id you "
                       "provided does not exist|<Code>RequestTimeTooSkewed</Code>"),
        QRegularExpression::CaseInsensitiveOption);
    return known.match(awsMessage(hop)).hasMatch();
}

void awsRules(const Facts& facts, Findings& out)
{
    for (const HopFacts& hop : facts.hops) {
        if (!awsSignatureRefused(hop))
            continue;
        const Auth::AwsAuthorization auth = Auth::parseAwsAuthorization(hop.requestHeader("Authorization"));
        const QString message = awsMessage(hop);
        if (message.contains(u"signature we calculated does not match", Qt::CaseInsensitive))
            signatureMismatch(facts, hop, auth, message, out);
        credentialScope(hop, auth, message, out);
        signatureTime(hop, message, out);
        unknownCredentials(hop, auth, message, out);
    }
    for (const HopFacts& hop : facts.hops)
        presignedExpiry(hop, out);
}

} // namespace Authlens::Diagnosis::Rules
