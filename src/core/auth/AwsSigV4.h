#pragma once

#include "http/Exchange.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>

#include <optional>

namespace Authlens::Auth {

/// AWS Signature Version 4 (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html): the
/// Authorization header AWS services, API Gateway's IAM authorizer and S3-compatible stores check. Written
/// here rather than taken from a library because no AWS SDK is packaged for Debian 12's C++ and the
/// algorithm is small: a canonical request, HMAC-SHA256 (QMessageAuthenticationCode) and SHA-256.
/// Checked against AWS's signing test suite (tests/data/auth/aws-sigv4/SOURCES.md).
struct AwsCredentials
{
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken; ///< temporary credentials (STS): sent as X-Amz-Security-Token and signed
};

/// What the signature is scoped to: "us-east-1", "execute-api" (API Gateway), "s3", "lambda", …
struct AwsScope
{
    QString region;
    QString service;
};

/// One request as it goes on the wire.
struct AwsSigningInput
{
    QByteArray method;
    QByteArray path; ///< the request-target's path exactly as sent ("/a%20b"); "" means "/"
    QByteArray query; ///< the request-target's query without '?', exactly as sent
    Http::HeaderList headers; ///< the headers to sign, Host among them; repeated names are joined with ','
    QByteArray payloadHash; ///< lower-case hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

/// Every intermediate value, so that a SignatureDoesNotMatch can be compared with what the server computed.
struct AwsSignature
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray credentialScope; ///< "20150830/us-east-1/service/aws4_request"
    QByteArray signedHeaders; ///< "host;x-amz-date"
    QByteArray signature; ///< lower-case hex
    QByteArray authorization; ///< the whole Authorization value
};

/// "20150830T123600Z": the X-Amz-Date form of a moment (UTC).
QByteArray awsDate(const QDateTime& when);

/// The moment of an X-Amz-Date value ("20150830T123600Z"), UTC; invalid when it is not one.
QDateTime awsDateTime(QByteArrayView amzDate);

/// A received (or recorded) request as its signature covered it: the headers named in its SignedHeaders
/// ("host;x-amz-date"), the body's hash or the X-Amz-Content-Sha256 it sent. What a server recomputes, and what
/// the diagnosis compares with the canonical request AWS shows.
AwsSigningInput awsReceivedInput(const QByteArray& method, const QUrl& url, const Http::HeaderList& headers,
                                 const QByteArray& body, const QByteArray& signedHeaders);

/// The canonical URI: for every service but S3 the path with dot segments and empty segments removed, then
/// each byte outside A-Z a-z 0-9 - . _ ~ and '/' percent-encoded (so "%20" sent becomes "%2520": AWS encodes
/// the sent path once more). S3 signs the path as sent, without normalising it.
QByteArray awsCanonicalUri(const QByteArray& path, bool s3);
/// The canonical query: each name and value decoded and encoded again the AWS way, sorted by name then value.
QByteArray awsCanonicalQuery(const QByteArray& query);
/// Lower-case hex SHA-256.
QByteArray awsPayloadHash(const QByteArray& body);

/// Signs `input` at `amzDate` (awsDate()). Pure function. The headers are taken as given: the caller adds
/// X-Amz-Date (and X-Amz-Security-Token, X-Amz-Content-Sha256) to them first, as awsSignRequest() does.
AwsSignature awsSign(const AwsSigningInput& input, const QByteArray& amzDate, const AwsCredentials& credentials,
                     const AwsScope& scope);

/// What awsSignRequest() adds to a request: X-Amz-Date, X-Amz-Security-Token (temporary credentials),
/// X-Amz-Content-Sha256 (S3 requires it) and Authorization, with the signature's intermediate values.
struct AwsSignedHeaders
{
    Http::HeaderList headers;
    AwsSignature signature;
};

/// Signs a request about to be sent: `headers` are the headers it carries besides Host (which comes from the
/// URL); Host, Content-Type and every X-Amz-* header among them are signed. Pure function of its inputs.
AwsSignedHeaders awsSignRequest(const QByteArray& method, const QUrl& url, const Http::HeaderList& headers,
                                const QByteArray& body, const AwsCredentials& credentials, const AwsScope& scope,
                                const QDateTime& now);

/// What is wrong with the settings before anything is signed ("The AWS region is empty."); empty when
/// they are complete.
QString awsSettingsProblem(const AwsCredentials& credentials, const AwsScope& scope);

/// The region and service an AWS endpoint's host name says (<service>.<region>.amazonaws.com, and the hosts of
/// API Gateway, S3 buckets, OpenSearch, global endpoints and China regions); empty parts are unknown.
AwsScope awsScopeFromHost(const QString& host);

/// The scope of curl's `--aws-sigv4 provider1[:provider2[:region[:service]]]` (curl.se/docs/manpage.html#--aws-sigv4)
/// for a request to `url`: region and service as given, else taken from an AWS host name
/// (<service>.<region>.amazonaws.com). Only the provider aws:amz is supported. nullopt with `error` set otherwise.
std::optional<AwsScope> awsScopeFromCurlOption(const QString& value, const QUrl& url, QString* error);

/// The parts of an `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` value.
struct AwsAuthorization
{
    bool valid = false;
    QString accessKeyId;
    QString date; ///< "20150830"
    QString region;
    QString service;
    QString terminal; ///< "aws4_request"
    QByteArray signedHeaders;
    QByteArray signature;
};
AwsAuthorization parseAwsAuthorization(const QByteArray& value);

/// A presigned URL (docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html): the signature in
/// the query instead of the Authorization header, valid from X-Amz-Date for X-Amz-Expires seconds (at most
/// 604800, seven days).
struct AwsPresignedQuery
{
    AwsAuthorization signature; ///< X-Amz-Credential, X-Amz-SignedHeaders, X-Amz-Signature, read as in a header
    QByteArray amzDate; ///< X-Amz-Date as written
    qint64 expiresSeconds = -1; ///< X-Amz-Expires; -1 when absent or not a number
    QString sessionToken; ///< X-Amz-Security-Token (temporary credentials)
    /// X-Amz-Date + X-Amz-Expires; invalid when either is missing or unreadable.
    QDateTime expiresAt() const;
};
/// The presigned signature of `url`'s query: nullopt unless it has X-Amz-Algorithm=AWS4-HMAC-SHA256 and an
/// X-Amz-Signature. Parameter names are matched regardless of case (AWS documents one spelling).
std::optional<AwsPresignedQuery> parseAwsPresignedQuery(const QUrl& url);
/// True for the query parameters a presigned URL adds: X-Amz-Algorithm, -Credential, -Date, -Expires,
/// -SignedHeaders, -Signature and -Security-Token.
bool isAwsPresignParameter(QStringView name);

} // namespace Authlens::Auth
