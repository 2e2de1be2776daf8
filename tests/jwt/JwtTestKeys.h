#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <memory>

struct evp_pkey_st;

namespace Authlens::Test {

/// A key pair made with libcrypto directly, to sign test tokens for every JWS algorithm: an oracle that
/// shares no code with src/core/jwt (which only verifies).
class JwtTestKey
{
public:
    static JwtTestKey rsa(int bits = 2048);
    /// "P-256", "P-384" or "P-521".
    static JwtTestKey ec(const QString& curve);
    static JwtTestKey ed25519();

    bool isNull() const { return !m_key; }
    /// SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----").
    QByteArray publicPem() const;
    /// The public JWK (kty, n/e, crv/x/y), with kid and alg when given.
    QJsonObject publicJwk(const QString& kid = {}, const QString& alg = {}) const;
    /// JOSE signature of `input` with `alg` (RS*, PS*, ES* as r||s, EdDSA). Empty on failure.
    QByteArray sign(const QString& alg, QByteArrayView input) const;
    /// A compact JWS: header (alg and kid inserted) and claims, signed with this key.
    QByteArray token(const QString& alg, QJsonObject header, const QJsonObject& claims, const QString& kid = {}) const;

    /// HS256/384/512 over "header.payload" with `secret` (QMessageAuthenticationCode, not libcrypto).
    static QByteArray hmacToken(const QString& alg, const QByteArray& secret, QJsonObject header,
                                const QJsonObject& claims);
    /// base64url(JSON(header)) + "." + base64url(JSON(claims)).
    static QByteArray signingInput(const QJsonObject& header, const QJsonObject& claims);
    static QByteArray b64(QByteArrayView data);

private:
    std::shared_ptr<evp_pkey_st> m_key;
    QString m_curve;
    int m_coordinateBytes = 0;
};

} // namespace Authlens::Test
