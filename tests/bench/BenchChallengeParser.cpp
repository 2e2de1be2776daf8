// Parses a mix of typical WWW-Authenticate values and prints headers/second: a figure, never an assertion.
//   bench_challengeparser [--count N] [--json]      (default 1 000 000 headers, one thread)
#include "auth/HeaderParser.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace {

// CPU time of this thread: on a loaded machine (shared CI runners, several builds at once) wall time
// measures the neighbours; the thread's CPU time measures the parser on one core.
double threadCpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// Shapes seen in real 401s, weighted roughly by how often a debugger meets them.
QList<QByteArray> makeMix()
{
    QList<QByteArray> mix;
    for (int i = 0; i < 64; ++i) {
        const QByteArray n = QByteArray::number(i);
        const QByteArray nonce = QByteArray::number(0x9e3779b97f4a7c15ULL * quint64(i + 1), 16);
        mix.append("Basic realm=\"Restricted area " + n + "\"");
        mix.append("Basic realm=\"api\", charset=\"UTF-8\"");
        mix.append("Bearer realm=\"example\", error=\"invalid_token\", error_description=\"The access token expired\"");
        mix.append("Bearer resource_metadata=\"https://resource.example.com/.well-known/oauth-protected-resource\"");
        mix.append("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:"
                   "library/ubuntu"
                   + n + ":pull\"");
        mix.append("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"" + nonce
                   + "\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
        mix.append("Negotiate");
        mix.append("Negotiate, NTLM");
        mix.append("Negotiate oYG0MIGxoAMKAQChCwYJKoZIgvcSAQICom8EbWBrBgkqhkiG9xIBAgICAG9cMFqgAwIBBQ==");
        mix.append("Basic realm=\"simple\", Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\"");
        mix.append("Bearer scope=\"\" error=\"invalid_token\" error_description=\"the token has expired\"");
        mix.append("DPoP error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP proof\"");
    }
    return mix;
}

} // namespace

int main(int argc, char** argv)
{
    qint64 count = 1'000'000;
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--count") == 0 && i + 1 < argc) {
            count = std::atoll(argv[++i]);
        } else if (std::strcmp(argv[i], "--json") == 0) {
            json = true;
        } else {
            std::fprintf(stderr, "usage: %s [--count N] [--json]\n", argv[0]);
            return 2;
        }
    }
    if (count <= 0)
        count = 1;

    const QList<QByteArray> mix = makeMix();
    qint64 bytes = 0;
    qint64 challenges = 0;
    qint64 diagnostics = 0;
    // Warm-up: page in the code and the allocator's free lists.
    for (const QByteArray& header : mix)
        challenges += Authlens::Auth::parseChallengeField(header).challenges.size();
    challenges = 0;

    QElapsedTimer timer;
    timer.start();
    const double cpuStart = threadCpuSeconds();
    for (qint64 i = 0; i < count; ++i) {
        const QByteArray& header = mix.at(qsizetype(i % mix.size()));
        const Authlens::Auth::ChallengeParseResult result = Authlens::Auth::parseChallengeField(header);
        challenges += result.challenges.size();
        diagnostics += result.diagnostics.size();
        bytes += header.size();
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double cpuSeconds = threadCpuSeconds() - cpuStart;
    const double perSecond = double(count) / cpuSeconds;
    const double perWallSecond = double(count) / seconds;

    if (json) {
        const QJsonObject object {{QStringLiteral("headers"), count},
                                  {QStringLiteral("seconds"), seconds},
                                  {QStringLiteral("cpu_seconds"), cpuSeconds},
                                  {QStringLiteral("headers_per_second"), perSecond},
                                  {QStringLiteral("headers_per_wall_second"), perWallSecond},
                                  {QStringLiteral("mb_per_second"), double(bytes) / cpuSeconds / 1e6},
                                  {QStringLiteral("challenges"), challenges},
                                  {QStringLiteral("diagnostics"), diagnostics},
                                  {QStringLiteral("target_headers_per_second"), 1e6}};
        const QByteArray out = QJsonDocument(object).toJson(QJsonDocument::Indented);
        std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    } else {
        std::printf("parsed %lld headers (%lld challenges, %lld diagnostics) in %.3f s wall, %.3f s CPU\n",
                    static_cast<long long>(count), static_cast<long long>(challenges),
                    static_cast<long long>(diagnostics), seconds, cpuSeconds);
        std::printf("%.0f headers/s, %.1f MB/s per CPU second on one thread (%.0f headers per wall second)\n",
                    perSecond, double(bytes) / cpuSeconds / 1e6, perWallSecond);
        std::printf("target >= 1000000 headers/s: %s\n", perSecond >= 1e6 ? "PASS" : "BELOW TARGET");
    }
    return 0;
}
