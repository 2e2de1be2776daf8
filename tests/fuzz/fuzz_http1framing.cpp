// Http1Framing (the framing relay's HTTP/1.1 checker) on any byte streams, split anywhere.
// The first line is the client's bytes; the rest is the server's, fed in pieces whose sizes come from the
// first byte; the last byte picks the end (FIN, RST, none). Invariant: never crash, and every result lies
// within the bytes fed (0 <= bodyOffset <= offset <= server bytes).
#include "http/Http1Framing.h"

#include <cstdint>
#include <cstdlib>

using namespace Authlens::Http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    const QByteArrayView all(reinterpret_cast<const char*>(data), qsizetype(size - 1));
    const qsizetype newline = all.indexOf('\n');
    const QByteArrayView requests = newline < 0 ? QByteArrayView() : all.first(newline + 1);
    const QByteArrayView response = newline < 0 ? all : all.sliced(newline + 1);
    const qsizetype piece = 1 + (data[0] % 17);
    Http1Framing framing;
    framing.feedRequest(requests);
    for (qsizetype i = 0; i < response.size(); i += piece)
        framing.feedResponse(response.sliced(i, std::min(piece, response.size() - i)));
    switch (data[size - 1] % 3) {
    case 0:
        framing.responseEnded();
        break;
    case 1:
        framing.responseReset();
        break;
    default:
        break;
    }
    if (framing.responseBytes() != response.size())
        std::abort();
    for (const Http1Framing::Result& r : framing.takeResults()) {
        if (r.offset < 0 || r.offset > response.size() || r.bodyOffset > r.offset || r.bodyOffset < -1)
            std::abort();
    }
    return 0;
}
