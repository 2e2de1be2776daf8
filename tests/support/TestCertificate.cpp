#include "TestCertificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace Authlens::Test {

namespace {
template <typename T, void (*Free)(T*)> struct Deleter
{
    void operator()(T* p) const { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Ext = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

QByteArray drain(BIO* bio)
{
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return QByteArray(data, n);
}

Bio memoryOf(const QByteArray& pem)
{
    return Bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
}

void addName(X509_NAME* name, const char* field, const QByteArray& value)
{
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC, reinterpret_cast<const unsigned char*>(value.constData()), -1,
                               -1, 0);
}

void addExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value)
{
    Ext ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
    if (ext)
        X509_add_ext(cert, ext.get(), -1);
}

TestCertificate toQt(X509* cert, EVP_PKEY* key, QSsl::KeyAlgorithm algorithm)
{
    TestCertificate out;
    Bio certBio(BIO_new(BIO_s_mem()));
    Bio keyBio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(certBio.get(), cert);
    PEM_write_bio_PrivateKey(keyBio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    out.certificate = QSslCertificate(drain(certBio.get()), QSsl::Pem);
    out.key = QSslKey(drain(keyBio.get()), algorithm, QSsl::Pem);
    return out;
}
} // namespace

TestCertificate TestCertificate::generate(const QByteArray& commonName)
{
    TestCertificate out;
    PKey key(EVP_RSA_gen(2048));
    X509Ptr cert(X509_new());
    if (!key || !cert)
        return out;
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600L * 24);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    addName(name, "O", "Authlens tests");
    addName(name, "CN", commonName);
    X509_set_issuer_name(cert.get(), name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    addExtension(cert.get(), &ctx, NID_subject_alt_name, "IP:127.0.0.1");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
        return out;
    return toQt(cert.get(), key.get(), QSsl::Rsa);
}

TestCertificate TestCertificate::make(const Spec& spec)
{
    PKey key(EVP_EC_gen("P-256"));
    X509Ptr cert(X509_new());
    if (!key || !cert)
        return TestCertificate();
    // The issuer's certificate and key, back from Qt's PEM (nullptr: self-signed).
    X509Ptr issuerCert;
    PKey issuerKey;
    if (spec.issuer) {
        const QByteArray certPem = spec.issuer->certificate.toPem();
        const QByteArray keyPem = spec.issuer->key.toPem();
        Bio certBio = memoryOf(certPem);
        Bio keyBio = memoryOf(keyPem);
        issuerCert.reset(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
        issuerKey.reset(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
        if (!issuerCert || !issuerKey)
            return TestCertificate();
    }
    X509_set_version(cert.get(), 2);
    // Random serials: a verifier may cache by issuer and serial number.
    unsigned char serial[8];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), long(spec.notBeforeSeconds));
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(spec.notAfterSeconds));
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    addName(name, "O", "Authlens tests");
    addName(name, "CN", spec.commonName);
    X509* issuer = issuerCert ? issuerCert.get() : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer));

    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert.get(), nullptr, nullptr, 0);
    // RFC 5280 §4.2.1: key identifiers link the chain; basicConstraints and keyUsage say who may sign.
    addExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
    addExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
    if (spec.certificateAuthority) {
        addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE");
        addExtension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        addExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
        addExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature");
        addExtension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth");
    }
    if (!spec.subjectAltNames.isEmpty())
        addExtension(cert.get(), &ctx, NID_subject_alt_name, spec.subjectAltNames.constData());
    if (X509_sign(cert.get(), issuerKey ? issuerKey.get() : key.get(), EVP_sha256()) == 0)
        return TestCertificate();
    return toQt(cert.get(), key.get(), QSsl::Ec);
}

TestPki TestPki::generate()
{
    TestPki pki;
    TestCertificate::Spec root;
    root.commonName = "Authlens Test Root CA";
    root.subjectAltNames.clear();
    root.notAfterSeconds = 3600L * 24 * 30;
    root.certificateAuthority = true;
    pki.root = TestCertificate::make(root);

    TestCertificate::Spec intermediate = root;
    intermediate.commonName = "Authlens Test Intermediate CA";
    intermediate.issuer = &pki.root;
    pki.intermediate = TestCertificate::make(intermediate);

    pki.leaf = pki.issue({});
    return pki;
}

TestCertificate TestPki::issue(TestCertificate::Spec spec) const
{
    spec.issuer = &intermediate;
    spec.certificateAuthority = false;
    return TestCertificate::make(spec);
}

TestCertificate TestPki::issueExpired() const
{
    TestCertificate::Spec expired;
    expired.notBeforeSeconds = -3600L * 24 * 30;
    expired.notAfterSeconds = -3600L * 24 * 2;
    return issue(expired);
}

TestCertificate TestPki::issueForOtherHost() const
{
    TestCertificate::Spec other;
    other.commonName = "other.example";
    other.subjectAltNames = "DNS:other.example,DNS:www.other.example";
    return issue(other);
}

} // namespace Authlens::Test
