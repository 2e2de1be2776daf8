#include "demo/DemoAws.h"

#include "auth/AwsSigV4.h"

#include <QJsonObject>
#include <QUuid>

namespace Authlens::Demo {

namespace {

/// API Gateway's error answer: 403, {"message": …} and the error type in x-amzn-ErrorType
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html).
DemoResponse refuse(const QByteArray& type, const QString& message)
{
    DemoResponse r = DemoResponse::json(403, QJsonObject {{QStringLiteral("message"), message}});
    r.addHeader("x-amzn-ErrorType", type);
    r.addHeader("x-amzn-RequestId", QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1());
    return r;
}

QString amzDateText(const QDateTime& when)
{
    return QString::fromLatin1(Auth::awsDate(when));
}

} // namespace

DemoAws::DemoAws(Clock clock)
    : m_clock(std::move(clock))
{
}

QString DemoAws::accessKeyId()
{
    return QStringLiteral("AKIAAUTHLENSDEMO0001");
}

QString DemoAws::secretAccessKey()
{
    return QStringLiteral("demo/Secret+AccessKey/authlensEXAMPLE01");
}

QString DemoAws::temporaryAccessKeyId()
{
    return QStringLiteral("ASIAAUTHLENSDEMO0002");
}

QString DemoAws::temporarySecretAccessKey()
{
    return QStringLiteral("demo/Temporary+SecretKey/authlensEXAMPLE2");
}

QString DemoAws::sessionToken()
{
    return QStringLiteral("IQoJb3JpZ2luX2VjEAuthlensDemoSessionToken//EXAMPLE==");
}

QString DemoAws::region()
{
    return QStringLiteral("us-east-1");
}

QString DemoAws::service()
{
    return QStringLiteral("execute-api");
}

DemoResponse DemoAws::handle(const DemoRequest& request) const
{
    const QByteArray header = request.header("Authorization");
    if (header.isEmpty() || !header.trimmed().startsWith("AWS4-HMAC-SHA256"))
        return refuse("MissingAuthenticationTokenException", QStringLiteral("Missing Authentication Token"));
    const Auth::AwsAuthorization auth = Auth::parseAwsAuthorization(header);
    if (!auth.valid)
        return refuse("IncompleteSignatureException",
                      QStringLiteral("Authorization header requires 'Credential' parameter. Authorization header "
                                     "requires 'Signature' parameter. Authorization header requires 'SignedHeaders' "
                                     "parameter. Authorization=%1")
                          .arg(QString::fromLatin1(header.left(40))));

    // Which secret (and session token) the access key ID names.
    QString secret;
    QString token;
    if (auth.accessKeyId == accessKeyId()) {
        secret = secretAccessKey();
    } else if (auth.accessKeyId == temporaryAccessKeyId()) {
        secret = temporarySecretAccessKey();
        token = sessionToken();
    } else {
        return refuse("UnrecognizedClientException",
                      QStringLiteral("The security token included in the request is invalid."));
    }
    if (!token.isEmpty() && QString::fromUtf8(request.header("X-Amz-Security-Token")) != token)
        return refuse("UnrecognizedClientException",
                      QStringLiteral("The security token included in the request is invalid."));

    if (auth.region != region())
        return refuse("InvalidSignatureException",
                      QStringLiteral("Credential should be scoped to a valid region, not '%1'. ").arg(auth.region));
    if (auth.service != service())
        return refuse("InvalidSignatureException",
                      QStringLiteral("Credential should be scoped to correct service: '%1'. ").arg(service()));

    const QByteArray amzDate = request.header("X-Amz-Date").trimmed();
    const QDateTime when = Auth::awsDateTime(amzDate);
    if (!when.isValid())
        return refuse("IncompleteSignatureException",
                      QStringLiteral("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
                                     "header. Authorization=%1")
                          .arg(QString::fromLatin1(header.left(40))));
    if (auth.date != QString::fromLatin1(amzDate.left(8)))
        return refuse("InvalidSignatureException",
                      QStringLiteral("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                                     "from HTTP: '%1' != '%2', from '%3'.")
                          .arg(auth.date, QString::fromLatin1(amzDate.left(8)), QString::fromLatin1(amzDate)));
    const QDateTime now = m_clock().toUTC();
    const qint64 skew = when.secsTo(now);
    if (skew > kMaxSkewSeconds)
        return refuse("InvalidSignatureException",
                      QStringLiteral("Signature expired: %1 is now earlier than %2 (%3 - 5 min.)")
                          .arg(amzDateText(when), amzDateText(now.addSecs(-kMaxSkewSeconds)), amzDateText(now)));
    if (skew < -kMaxSkewSeconds)
        return refuse("InvalidSignatureException",
                      QStringLiteral("Signature not yet current: %1 is still later than %2 (%3 + 5 min.)")
                          .arg(amzDateText(when), amzDateText(now.addSecs(kMaxSkewSeconds)), amzDateText(now)));

    // Recompute over the request as it arrived, with the headers the client says it signed.
    const Auth::AwsSigningInput input
        = Auth::awsReceivedInput(request.method, request.url, request.headers, request.body, auth.signedHeaders);
    const Auth::AwsSignature expected
        = Auth::awsSign(input, amzDate, {auth.accessKeyId, secret, token}, {auth.region, auth.service});
    if (expected.signature != auth.signature)
        return refuse(
            "InvalidSignatureException",
            QStringLiteral("The request signature we calculated does not match the signature you provided. Check your "
                           "AWS Secret Access Key and signing method. Consult the service documentation for "
                           "details.\n\nThe Canonical String for this request should have been\n'%1'\n\nThe "
                           "String-to-Sign should have been\n'%2'\n")
                .arg(QString::fromUtf8(expected.canonicalRequest), QString::fromUtf8(expected.stringToSign)));

    return DemoResponse::json(
        200,
        QJsonObject {{QStringLiteral("authenticated_as"), auth.accessKeyId},
                     {QStringLiteral("arn"),
                      auth.accessKeyId == accessKeyId() ? QStringLiteral("arn:aws:iam::123456789012:user/demo")
                                                        : QStringLiteral("arn:aws:sts::123456789012:assumed-role/demo/"
                                                                         "authlens")},
                     {QStringLiteral("signed_headers"), QString::fromLatin1(auth.signedHeaders)},
                     {QStringLiteral("method"), QString::fromLatin1(request.method)}});
}

} // namespace Authlens::Demo
