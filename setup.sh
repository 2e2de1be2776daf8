#!/usr/bin/env bash
# Authlens on a fresh Debian 12 machine.
#   bash setup.sh run    install what is needed, build, launch the app with the demo API
#   bash setup.sh test   install what is needed, check the formatting, build (warnings are errors), run the
#                        whole test suite: the g++ build, then the same tests under ASan + UBSan (clang),
#                        then every libFuzzer target for FUZZ_SECONDS (default 5) each
#   bash setup.sh deps | build
# Runs apt-get through sudo when not root. Build folders: build/ and build-asan/.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
JOBS=${JOBS:-$(nproc)}
# Tests run two per core: much of their time they wait on local servers, timers, D-Bus and the keyring. At one
# per core on 2 cores, the ASan suite needs about 190 CPU-seconds and took 169 s (the CPU 56 % busy), the g++
# suite 88 CPU-seconds in 101 s (44 %).
TEST_JOBS=${TEST_JOBS:-$((JOBS * 2))}

PACKAGES=(
    build-essential cmake ninja-build file pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-httpserver-dev qt6-networkauth-dev
    qtkeychain-qt6-dev libsecret-1-0 libssl-dev fonts-dejavu-core libqrencode-dev
    dbus dbus-x11 gnome-keyring libsecret-tools xvfb xauth
    clang libclang-rt-14-dev clang-format lld libhttp-parser-dev
    appstream desktop-file-utils dpkg-dev
)

# Each step says when it started (seconds since setup.sh began), so a slow CI run shows where its time went.
log() { printf '\n== [%4d s] %s\n' "$SECONDS" "$*"; }

deps() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "Debian packages: all present"
        return
    fi
    log "Installing ${#missing[@]} Debian packages: ${missing[*]}"
    local SUDO=()
    [ "$(id -u)" -eq 0 ] || SUDO=(sudo)
    "${SUDO[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${PACKAGES[@]}"
}

# Optimized with minimal debug info (function names and line tables: enough for a backtrace). Full -g
# costs a third of the build time on 2 cores and helps nobody in CI; a developer configures their own.
RELEASE_FLAGS="-O2 -g1 -DNDEBUG"
# -O0: a third faster to build than ASan's usual -O1 on 2 cores (6.6 vs 11 min), and the suite still runs
# in under 30 s; line tables for the reports. A Debug configuration, so that Q_ASSERT and assert() are live
# (no QT_NO_DEBUG, no NDEBUG): the sanitizer run is also the run that checks the assertions.
SANITIZER_FLAGS="-O0 -gline-tables-only"

# lld links a test executable 6x faster than GNU ld (0.15 vs 0.98 s with g++, more with ASan): a hundred
# executables per build make that a minute of CI.
LINKER_FLAGS=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld
    -DCMAKE_MODULE_LINKER_FLAGS=-fuse-ld=lld)

# Unity builds: CMake compiles the sources of a target in batches of 16, one compiler run per batch, so the
# Qt and project headers are parsed once per batch instead of once per file. On 2 cores (fresh clone,
# 2026-12-04): the g++ build 616 → 425 s, the clang build 533 → 433 s, the whole `test` run 1452 → 1143 s.
# (Most of what is left is the ~100 single-file tests: their optimisation level hardly matters, -O0 saves
# 5-8 %, it is parsing.) A name defined in two files' anonymous namespaces then collides: shared helpers
# live in one header, per-file names say whose they are.
UNITY_FLAGS=(-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16)

build_dir() { # build_dir DIR CONFIG FLAGS [cmake options...]
    local dir=$1 config=$2 flags=$3
    shift 3
    local upper=${config^^}
    log "Configure + build $dir"
    cmake -S "$ROOT" -B "$dir" -G Ninja "-DCMAKE_BUILD_TYPE=$config" \
        "-DCMAKE_CXX_FLAGS_$upper=$flags" "-DCMAKE_C_FLAGS_$upper=$flags" "${LINKER_FLAGS[@]}" "${UNITY_FLAGS[@]}" "$@" \
        >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }
    cmake --build "$dir" -j "$JOBS"
}

# Runs ctest in a private D-Bus session with an unlocked gnome-keyring (the real Secret Service),
# its own HOME and XDG_RUNTIME_DIR so nothing touches the user's keyring or settings.
ctest_in_keyring_session() { # DIR [ctest args...]
    local dir=$1
    shift
    local home run
    home=$(mktemp -d) run=$(mktemp -d)
    chmod 700 "$run"
    HOME=$home XDG_RUNTIME_DIR=$run QT_QPA_PLATFORM=offscreen \
        dbus-run-session -- bash -ec '
            echo -n "authlens-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
            dir=$1; shift
            ctest --test-dir "$dir" --output-on-failure "$@"' _ "$dir" "$@"
    local rc=$?
    rm -rf "$home" "$run"
    return $rc
}

cmd=${1:-}
case "$cmd" in
deps) deps ;;
build)
    deps
    build_dir build RelWithDebInfo "$RELEASE_FLAGS"
    ;;
run)
    deps
    build_dir build RelWithDebInfo "$RELEASE_FLAGS"
    log "Launching Authlens with the demo API"
    exec ./build/src/app/authlens --demo
    ;;
test)
    start=$(date +%s)
    deps
    log "Format check (clang-format)"
    find src tests -name '*.cpp' -o -name '*.h' | sort | xargs clang-format --dry-run --Werror
    build_dir build RelWithDebInfo "$RELEASE_FLAGS"
    log "Tests (g++, $RELEASE_FLAGS)"
    ctest_in_keyring_session build -j "$TEST_JOBS"
    # One clang build serves the sanitizer run and the fuzz targets (libFuzzer needs clang).
    CC=clang CXX=clang++ build_dir build-asan Debug "$SANITIZER_FLAGS" -DAUTHLENS_SANITIZE=ON -DAUTHLENS_BUILD_FUZZERS=ON \
        -DAUTHLENS_BUILD_PACKAGING_TESTS=OFF
    log "Tests (ASan + UBSan)"
    # The leak checker is on: a test that leaks fails. tests/lsan.supp lists only system libraries' one-time
    # allocations.
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0" \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest_in_keyring_session build-asan -j "$TEST_JOBS" -E '^bench_'
    log "Fuzzing (${FUZZ_SECONDS:-5} s per target)"
    bash tests/fuzz/run-fuzzers.sh build-asan "${FUZZ_SECONDS:-5}"
    log "All tests passed in $(($(date +%s) - start)) s"
    ;;
*)
    sed -n '2,8p' "$0"
    exit 2
    ;;
esac
