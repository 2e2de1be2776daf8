#include "FindingsText.h"

namespace Authlens::Cli {

namespace {

QString wrap(const QString& text, const QString& indent, int width = 100)
{
    QString out;
    QString line;
    for (const QString& word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
            out += indent + line + u'\n';
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        out += indent + line + u'\n';
    return out;
}

QString evidenceLine(const Diagnosis::Evidence& e)
{
    QString where = evidenceKindName(e.kind);
    if (e.hop >= 0)
        where += QStringLiteral(" (hop %1%2)")
                     .arg(e.hop + 1)
                     .arg(e.side == Diagnosis::Side::None ? QString() : u", " + sideName(e.side));
    QString name = e.container.isEmpty() ? e.name : e.container + u' ' + e.name;
    QString line = QStringLiteral("%1 %2: %3").arg(where, name, e.excerpt);
    if (!e.note.isEmpty())
        line += QStringLiteral(" — ") + e.note;
    return line;
}

} // namespace

QString diagnosisToText(const Authlens::Diagnosis::Diagnosis& diagnosis, const QString& indent)
{
    QString out = indent + diagnosis.headline.title + u'\n';
    if (!diagnosis.headline.summary.isEmpty())
        out += wrap(diagnosis.headline.summary, indent + QStringLiteral("  "));
    for (const Diagnosis::Finding& f : diagnosis.findings) {
        out += QStringLiteral("\n%1[%2] %3 — %4\n").arg(indent, Diagnosis::severityName(f.severity), f.code, f.title);
        out += wrap(f.explanation, indent + QStringLiteral("    "));
        for (const Diagnosis::Evidence& e : f.evidence)
            out += indent + QStringLiteral("    · ") + evidenceLine(e) + u'\n';
        for (const Diagnosis::Fix& x : f.fixes)
            out += indent + QStringLiteral("    → ") + x.label
                + (x.kind == Diagnosis::FixKind::Action ? QStringLiteral(" (action %1)").arg(x.id) : QString()) + u'\n';
        if (!f.source.isEmpty())
            out += indent + QStringLiteral("    source: ") + f.source + u'\n';
    }
    if (diagnosis.findings.isEmpty())
        out += indent + QStringLiteral("  No findings.\n");
    return out;
}

QJsonArray findingsJson(const QList<Diagnosis::Finding>& findings)
{
    QJsonArray out;
    for (const Diagnosis::Finding& f : findings)
        out.append(f.toJson());
    return out;
}

} // namespace Authlens::Cli
