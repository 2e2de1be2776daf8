#include "profiles/ProfileConnection.h"

#include <QFile>
#include <QFileInfo>

namespace Authlens::Profiles {

namespace {

constexpr qint64 kMaxPemFile = 4 * 1024 * 1024;

std::optional<QSslKey> parsePrivateKey(const QByteArray& pem, QString* error)
{
    if (pem.contains("ENCRYPTED")) {
        *error = QStringLiteral("The client key is encrypted with a passphrase. Store the key without its "
                                "passphrase: it is kept in the system keychain (openssl pkey -in key.pem).");
        return std::nullopt;
    }
    // QSslKey needs the algorithm up front; PKCS#8 ("BEGIN PRIVATE KEY") is read by each of them.
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    *error = QStringLiteral("The client key is not a PEM private key (RSA, EC or DSA) that Authlens can read.");
    return std::nullopt;
}

} // namespace

std::optional<Http::TransportOptions> transportFor(const Profile& profile, const Auth::AuthSecrets& secrets,
                                                   const ConnectionFiles& files, QString* error)
{
    Http::TransportOptions transport;
    if (!profile.tls.caBundlePath.isEmpty()) {
        transport.extraCaCertificates = QSslCertificate::fromData(files.caBundlePem, QSsl::Pem);
        if (transport.extraCaCertificates.isEmpty()) {
            *error = QStringLiteral("The CA bundle %1 holds no PEM certificate.").arg(profile.tls.caBundlePath);
            return std::nullopt;
        }
    }

    const bool hasKey = !secrets.clientKey.trimmed().isEmpty();
    if (!profile.tls.clientCertificatePath.isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromData(files.clientCertificatePem, QSsl::Pem);
        if (certs.isEmpty()) {
            *error = QStringLiteral("The client certificate %1 is not a PEM certificate.")
                         .arg(profile.tls.clientCertificatePath);
            return std::nullopt;
        }
        if (!hasKey) {
            *error = QStringLiteral("The client certificate %1 has no private key: add the key in the profile "
                                    "editor (TLS, Client key).")
                         .arg(profile.tls.clientCertificatePath);
            return std::nullopt;
        }
        const std::optional<QSslKey> key = parsePrivateKey(secrets.clientKey.toUtf8(), error);
        if (!key)
            return std::nullopt;
        transport.clientCertificate = certs.constFirst();
        transport.clientKey = *key;
    } else if (hasKey) {
        *error = QStringLiteral("The profile has a client key but no client certificate: choose the certificate "
                                "file in the profile editor (TLS), or remove the key.");
        return std::nullopt;
    }

    const ProxySettings& proxy = profile.proxy;
    switch (proxy.mode) {
    case ProxySettings::Mode::System:
        break; // the application default: the system's proxy settings
    case ProxySettings::Mode::None:
        transport.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        break;
    case ProxySettings::Mode::Http:
    case ProxySettings::Mode::Socks5: {
        if (proxy.host.trimmed().isEmpty() || proxy.port <= 0 || proxy.port > 65535) {
            *error = QStringLiteral("The profile's proxy needs a host and a port (1–65535).");
            return std::nullopt;
        }
        const auto type
            = proxy.mode == ProxySettings::Mode::Http ? QNetworkProxy::HttpProxy : QNetworkProxy::Socks5Proxy;
        QNetworkProxy p(type, proxy.host.trimmed(), quint16(proxy.port));
        if (!proxy.username.isEmpty()) {
            p.setUser(proxy.username);
            p.setPassword(secrets.proxyPassword);
        }
        transport.proxy = p;
        break;
    }
    }
    return transport;
}

std::optional<ConnectionFiles> readConnectionFiles(const Profile& profile, QString* error)
{
    const auto read = [error](const QString& path, const QString& what) -> std::optional<QByteArray> {
        QFile file(path);
        if (QFileInfo(path).size() > kMaxPemFile) {
            *error = QStringLiteral("The %1 %2 is larger than 4 MiB; it is not a PEM file.").arg(what, path);
            return std::nullopt;
        }
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("Cannot read the %1 %2: %3.").arg(what, path, file.errorString());
            return std::nullopt;
        }
        return file.read(kMaxPemFile);
    };
    ConnectionFiles files;
    if (!profile.tls.caBundlePath.isEmpty()) {
        const auto pem = read(profile.tls.caBundlePath, QStringLiteral("CA bundle"));
        if (!pem)
            return std::nullopt;
        files.caBundlePem = *pem;
    }
    if (!profile.tls.clientCertificatePath.isEmpty()) {
        const auto pem = read(profile.tls.clientCertificatePath, QStringLiteral("client certificate"));
        if (!pem)
            return std::nullopt;
        files.clientCertificatePem = *pem;
    }
    return files;
}

bool applyConnection(const Profile& profile, const Auth::AuthSecrets& secrets, Http::RequestSpec& spec, QString* error)
{
    const std::optional<ConnectionFiles> files = readConnectionFiles(profile, error);
    if (!files)
        return false;
    std::optional<Http::TransportOptions> transport = transportFor(profile, secrets, *files, error);
    if (!transport)
        return false;
    spec.transport = std::move(*transport);
    spec.allowedOrigins = profile.allowedOrigins;
    const Http::Origin base = Http::Origin::fromUrl(QUrl(profile.baseUrl));
    if (base.isValid() && !spec.allowedOrigins.contains(base))
        spec.allowedOrigins.append(base);
    spec.ignoreTlsErrors = profile.tls.ignoreErrors;
    spec.connectTimeoutMs = profile.connectTimeoutMs;
    spec.totalTimeoutMs = profile.totalTimeoutMs;
    return true;
}

} // namespace Authlens::Profiles
