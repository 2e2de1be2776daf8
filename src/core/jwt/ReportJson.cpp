#include "ReportJson.h"

#include "TimeText.h"

#include <QJsonArray>

namespace Authlens::Jwt {

namespace {

QJsonValue seconds(const std::optional<qint64>& value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject reportToJson(const TokenReport& report)
{
    QJsonObject json;
    json.insert(QStringLiteral("kind"), tokenFormatName(report.format));
    json.insert(QStringLiteral("token_kind"), tokenKindName(report.kind.kind));
    json.insert(QStringLiteral("token_kind_evidence"), QJsonArray::fromStringList(report.kind.evidence));
    if (report.label) {
        json.insert(QStringLiteral("label"),
                    QJsonObject {
                        {QStringLiteral("id"), report.label->id},
                        {QStringLiteral("title"), report.label->title()},
                        {QStringLiteral("vendor"), report.label->vendor},
                        {QStringLiteral("prefix"), report.label->prefix},
                        {QStringLiteral("note"), report.label->note},
                    });
    } else {
        json.insert(QStringLiteral("label"), QJsonValue::Null);
    }
    if (report.format == TokenFormat::Opaque)
        json.insert(QStringLiteral("shape"), report.opaqueShape);
    json.insert(QStringLiteral("header"), report.header);
    json.insert(QStringLiteral("claims"), report.claims);

    QJsonObject signature {
        {QStringLiteral("status"), signatureStatusName(report.signature.status)},
        {QStringLiteral("alg"), report.signature.alg},
        {QStringLiteral("kid"), report.signature.kid},
    };
    if (!report.signature.verifiedBy.isEmpty())
        signature.insert(QStringLiteral("verified_by"), report.signature.verifiedBy);
    if (!report.signature.attempts.isEmpty())
        signature.insert(QStringLiteral("attempts"), QJsonArray::fromStringList(report.signature.attempts));
    json.insert(QStringLiteral("signature"), signature);

    QJsonObject time {
        {QStringLiteral("status"), timeStatusName(report.time.status)},
        {QStringLiteral("exp"), seconds(report.times.exp)},
        {QStringLiteral("nbf"), seconds(report.times.nbf)},
        {QStringLiteral("iat"), seconds(report.times.iat)},
        {QStringLiteral("now"), report.now},
    };
    if (report.time.serverStatus) {
        time.insert(QStringLiteral("server_status"), timeStatusName(*report.time.serverStatus));
        time.insert(QStringLiteral("skew_seconds"), seconds(report.time.skewSeconds));
        time.insert(QStringLiteral("skew_decides"), report.time.skewDecides);
    }
    QJsonObject texts;
    for (const TimeClaim& claim : report.timeClaims) {
        texts.insert(claim.name,
                     QJsonObject {
                         {QStringLiteral("utc"), TimeText::iso(claim.seconds)},
                         {QStringLiteral("local"), claim.local},
                         {QStringLiteral("relative"), claim.relative},
                     });
    }
    if (!texts.isEmpty())
        time.insert(QStringLiteral("text"), texts);
    json.insert(QStringLiteral("time"), time);

    QJsonArray problems;
    for (const Problem& problem : report.allProblems())
        problems.append(problem.toJson());
    json.insert(QStringLiteral("problems"), problems);
    return json;
}

} // namespace Authlens::Jwt
