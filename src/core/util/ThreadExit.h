#pragma once

#include <QByteArrayView>

#include <chrono>

namespace Authlens::Util {

/// How many of this process's threads carry a kernel name (/proc/self/task/*/comm, 15 bytes at most) that
/// starts with `prefix`. 0 where /proc is not there.
int threadsNamed(QByteArrayView prefix);

/// Waits until fewer than `count` threads named `prefix` are left, at most `timeout`; true when they are.
bool waitForFewerThreadsNamed(QByteArrayView prefix, int count, std::chrono::milliseconds timeout);

} // namespace Authlens::Util
