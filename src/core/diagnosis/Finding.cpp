#include "diagnosis/Finding.h"

#include <QJsonArray>

namespace Authlens::Diagnosis {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Cause:
        return QStringLiteral("cause");
    case Severity::Likely:
        return QStringLiteral("likely");
    case Severity::Hint:
        return QStringLiteral("hint");
    case Severity::Info:
        return QStringLiteral("info");
    }
    return {};
}

QString evidenceKindName(EvidenceKind kind)
{
    switch (kind) {
    case EvidenceKind::Header:
        return QStringLiteral("header");
    case EvidenceKind::Param:
        return QStringLiteral("param");
    case EvidenceKind::Claim:
        return QStringLiteral("claim");
    case EvidenceKind::Hop:
        return QStringLiteral("hop");
    case EvidenceKind::Cookie:
        return QStringLiteral("cookie");
    case EvidenceKind::Body:
        return QStringLiteral("body");
    case EvidenceKind::Timing:
        return QStringLiteral("timing");
    case EvidenceKind::Tls:
        return QStringLiteral("tls");
    }
    return {};
}

QString sideName(Side side)
{
    switch (side) {
    case Side::Request:
        return QStringLiteral("request");
    case Side::Response:
        return QStringLiteral("response");
    case Side::None:
        break;
    }
    return {};
}

QString fixKindName(FixKind kind)
{
    return kind == FixKind::Action ? QStringLiteral("action") : QStringLiteral("advice");
}

QJsonObject Evidence::toJson() const
{
    QJsonObject o;
    o[QLatin1String("kind")] = evidenceKindName(kind);
    o[QLatin1String("hop")] = hop;
    if (side != Side::None)
        o[QLatin1String("side")] = sideName(side);
    if (!container.isEmpty())
        o[QLatin1String("container")] = container;
    o[QLatin1String("name")] = name;
    if (field > 0)
        o[QLatin1String("field")] = field;
    o[QLatin1String("excerpt")] = excerpt;
    if (hasRange())
        o[QLatin1String("range")]
            = QJsonObject {{QLatin1String("start"), qint64(start)}, {QLatin1String("length"), qint64(length)}};
    if (!note.isEmpty())
        o[QLatin1String("note")] = note;
    return o;
}

QJsonObject Fix::toJson() const
{
    return QJsonObject {{QLatin1String("id"), id},
                        {QLatin1String("label"), label},
                        {QLatin1String("kind"), fixKindName(kind)},
                        {QLatin1String("params"), params}};
}

bool Finding::hasAction() const
{
    return std::any_of(fixes.cbegin(), fixes.cend(), [](const Fix& f) { return f.kind == FixKind::Action; });
}

QJsonObject Finding::toJson() const
{
    QJsonObject o;
    o[QLatin1String("code")] = code;
    if (!reason.isEmpty())
        o[QLatin1String("reason")] = reason;
    o[QLatin1String("severity")] = severityName(severity);
    o[QLatin1String("title")] = title;
    o[QLatin1String("explanation")] = explanation;
    QJsonArray ev;
    for (const Evidence& e : evidence)
        ev.append(e.toJson());
    o[QLatin1String("evidence")] = ev;
    QJsonArray fx;
    for (const Fix& f : fixes)
        fx.append(f.toJson());
    o[QLatin1String("fixes")] = fx;
    if (!source.isEmpty())
        o[QLatin1String("source")] = source;
    if (hop >= 0)
        o[QLatin1String("hop")] = hop;
    return o;
}

QList<Finding> findingsWithCode(const QList<Finding>& findings, QStringView code)
{
    QList<Finding> out;
    for (const Finding& f : findings) {
        if (f.code == code)
            out.append(f);
    }
    return out;
}

const Finding* findFinding(const QList<Finding>& findings, QStringView code)
{
    for (const Finding& f : findings) {
        if (f.code == code)
            return &f;
    }
    return nullptr;
}

bool hasCause(const QList<Finding>& findings)
{
    return std::any_of(findings.cbegin(), findings.cend(),
                       [](const Finding& f) { return f.severity == Severity::Cause; });
}

} // namespace Authlens::Diagnosis
