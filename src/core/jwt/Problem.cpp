#include "Problem.h"

namespace Authlens::Jwt {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("info");
    }
    return QStringLiteral("error");
}

Problem Problem::make(const QString& code, const QString& subcode, Severity severity, const QString& message,
                      const QString& part, qsizetype offset)
{
    Problem problem;
    problem.code = code;
    problem.subcode = subcode;
    problem.severity = severity;
    problem.message = message;
    problem.part = part;
    problem.offset = offset;
    return problem;
}

QJsonObject Problem::toJson() const
{
    QJsonObject json {
        {QStringLiteral("code"), code},
        {QStringLiteral("subcode"), subcode},
        {QStringLiteral("severity"), severityName(severity)},
        {QStringLiteral("message"), message},
    };
    if (!part.isEmpty())
        json.insert(QStringLiteral("part"), part);
    if (offset >= 0)
        json.insert(QStringLiteral("offset"), qint64(offset));
    return json;
}

QList<Problem> problemsWithCode(const QList<Problem>& problems, const QString& code, const QString& subcode)
{
    QList<Problem> found;
    for (const Problem& problem : problems) {
        if (problem.code == code && (subcode.isEmpty() || problem.subcode == subcode))
            found.append(problem);
    }
    return found;
}

bool hasProblem(const QList<Problem>& problems, const QString& code, const QString& subcode)
{
    return !problemsWithCode(problems, code, subcode).isEmpty();
}

} // namespace Authlens::Jwt
