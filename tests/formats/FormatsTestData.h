#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

/// A sample file from tests/data/formats (path relative to it). Empty when missing: the test's
/// QVERIFY on the content then fails with the path in the message.
inline QByteArray formatsTestData(const QString& relative)
{
    QFile file(QStringLiteral(AUTHLENS_TEST_DATA_DIR "/formats/") + relative);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read test data %s", qPrintable(file.fileName()));
        return {};
    }
    return file.readAll();
}
