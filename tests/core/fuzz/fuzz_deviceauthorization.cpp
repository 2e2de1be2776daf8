// A device authorization endpoint's answer (RFC 8628 §3.2) is outside input: whatever the body and status,
// parseDeviceAuthorization says why it is unusable or gives a device code, a typeable user code, http(s)
// URLs only and sane times. No crash, no hang.
#include "workspace/DeviceFlow.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Authlens;

namespace {

void require(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
        std::abort();
    }
}

bool isWebUrl(const QUrl& url)
{
    return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") && !url.host().isEmpty();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    for (const int status : {200, 400}) {
        Http::Hop hop;
        hop.request.method = "POST";
        hop.request.url = QUrl(QStringLiteral("https://as.example.com/device_authorization"));
        hop.response.received = true;
        hop.response.status = status;
        hop.response.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
        hop.response.body = Http::Body::fromBytes(input);
        const Workspace::DeviceAuthorizationAnswer a = Workspace::parseDeviceAuthorization(hop);
        if (!a.ok) {
            require(!a.problem.isEmpty(), "refused without saying why");
            require(a.deviceCode.isEmpty(), "a device code from an unusable answer");
            continue;
        }
        require(status == 200, "an answer other than 200 accepted");
        require(!a.deviceCode.isEmpty() && !a.device.userCode.isEmpty(), "codes missing");
        require(a.device.userCode.size() <= 64, "a user code nobody can type");
        require(isWebUrl(a.device.verificationUri), "a verification_uri that is not a web page");
        require(a.device.verificationUriComplete.isEmpty() || isWebUrl(a.device.verificationUriComplete),
                "a verification_uri_complete that is not a web page");
        require(a.device.expiresIn >= 1 && a.device.expiresIn <= 24 * 3600, "expires_in out of range");
        require(a.device.interval >= 1 && a.device.interval <= 3600, "interval out of range");
    }
    return 0;
}
