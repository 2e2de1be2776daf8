#pragma once

#include <QByteArray>
#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

// Shared by the fuzz targets: turning the fuzzer's bytes into header field values, and checking invariants
// (a violated invariant aborts, which libFuzzer reports as a crash with the input that caused it).
namespace Authlens::Fuzz {

/// Splits the input at '\n' bytes into several field values (the parsers see lists of header lines).
inline QList<QByteArray> splitFields(const uint8_t* data, size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)).split('\n');
}

inline void require(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
        std::abort();
    }
}

} // namespace Authlens::Fuzz
