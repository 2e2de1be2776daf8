#pragma once

#include <QSslCertificate>
#include <QSslKey>

namespace Authlens::Test {

/// A fresh self-signed certificate for 127.0.0.1 (CN and IP SAN), made with libcrypto so TLS
/// tests need no files and no openssl binary.
struct TestCertificate
{
    QSslCertificate certificate;
    QSslKey key;
    static TestCertificate generate(const QByteArray& commonName = "127.0.0.1");
};

} // namespace Authlens::Test
