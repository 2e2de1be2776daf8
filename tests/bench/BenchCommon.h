#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// Helpers shared by the benchmark programs: figures, never assertions.
namespace Authlens::Bench {

struct Summary
{
    double median = 0;
    double min = 0;
    double max = 0;
};

/// Median, minimum and maximum of `values` (all zero when empty).
Summary summarize(QList<double> values);

/// "PASS" when value <= target, else "ABOVE TARGET".
QString verdict(double value, double target);

QJsonObject toJson(const Summary& summary);

/// A "Name:   1234 kB" field of /proc/<pid>/status in MiB ("self" for this process), or -1.
double procStatusMiB(const QString& pid, QByteArrayView field);

/// The program's arguments as QStrings.
QStringList arguments(int argc, char** argv);

/// Prints `text` to stdout / stderr as UTF-8.
void out(const QString& text);
void err(const QString& text);

} // namespace Authlens::Bench
