#include "BenchCommon.h"

#include <QFile>

#include <algorithm>
#include <cstdio>

namespace Authlens::Bench {

Summary summarize(QList<double> values)
{
    Summary summary;
    if (values.isEmpty())
        return summary;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    summary.min = values.first();
    summary.max = values.last();
    summary.median = n % 2 == 1 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
    return summary;
}

QString verdict(double value, double target)
{
    return value <= target ? QStringLiteral("PASS") : QStringLiteral("ABOVE TARGET");
}

QJsonObject toJson(const Summary& summary)
{
    return QJsonObject {{QStringLiteral("median"), summary.median},
                        {QStringLiteral("min"), summary.min},
                        {QStringLiteral("max"), summary.max}};
}

double procStatusMiB(const QString& pid, QByteArrayView field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    // Read the whole file at once: /proc files report no size, so line reads are the safe way.
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (!line.startsWith(field) || line.size() <= field.size() || line.at(field.size()) != ':')
            continue;
        const QList<QByteArray> parts = line.mid(field.size() + 1).simplified().split(' ');
        bool ok = false;
        const double kb = parts.value(0).toDouble(&ok);
        return ok ? kb / 1024.0 : -1;
    }
    return -1;
}

QStringList arguments(int argc, char** argv)
{
    QStringList args;
    args.reserve(argc);
    for (int i = 0; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    return args;
}

void out(const QString& text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

void err(const QString& text)
{
    std::fputs(text.toUtf8().constData(), stderr);
    std::fflush(stderr);
}

} // namespace Authlens::Bench
