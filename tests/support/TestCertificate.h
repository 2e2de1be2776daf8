#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>

namespace Authlens::Test {

/// Certificates made with libcrypto, so TLS tests need no files and no openssl binary.
struct TestCertificate
{
    QSslCertificate certificate;
    QSslKey key;

    /// A fresh self-signed certificate for 127.0.0.1 (CN and IP SAN).
    static TestCertificate generate(const QByteArray& commonName = "127.0.0.1");

    /// What make() puts in a certificate.
    struct Spec
    {
        QByteArray commonName = "127.0.0.1";
        /// OpenSSL's subjectAltName syntax ("IP:127.0.0.1,DNS:example.test"); empty for none.
        QByteArray subjectAltNames = "IP:127.0.0.1";
        qint64 notBeforeSeconds = -3600; ///< validity, relative to now
        qint64 notAfterSeconds = 3600L * 24;
        bool certificateAuthority = false; ///< basicConstraints CA:TRUE, keyUsage keyCertSign
        const TestCertificate* issuer = nullptr; ///< signs the certificate; nullptr: self-signed
    };
    /// An EC P-256 certificate as `spec` says (fast to make; accepted at OpenSSL's default security level).
    static TestCertificate make(const Spec& spec);
};

/// A private PKI: a root CA, an intermediate CA it signed, and leaves the intermediate signs. A client
/// that trusts `root` accepts a server that sends leaf + intermediate; a server that sends only the leaf
/// has an incomplete chain (RFC 5280 §6: no path from the leaf to the trust anchor).
struct TestPki
{
    TestCertificate root;
    TestCertificate intermediate;
    TestCertificate leaf; ///< for 127.0.0.1, issued by `intermediate`
    static TestPki generate();
    /// A leaf issued by the intermediate with other names or dates (spec.issuer is set here).
    TestCertificate issue(TestCertificate::Spec spec) const;
    /// Issued by the intermediate for 127.0.0.1, valid from 30 days ago until 2 days ago.
    TestCertificate issueExpired() const;
    /// Issued by the intermediate for other.example and www.other.example only (not 127.0.0.1).
    TestCertificate issueForOtherHost() const;
    /// What a correctly configured server sends: the leaf, then the intermediate.
    QList<QSslCertificate> fullChain() const { return {leaf.certificate, intermediate.certificate}; }
};

} // namespace Authlens::Test
