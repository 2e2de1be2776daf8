#!/usr/bin/env bash
# Runs libFuzzer targets of a build for a bounded time, each on a copy of its seed corpus.
#   tests/fuzz/run-fuzzers.sh BUILD_DIR SECONDS [TARGET...]
# BUILD_DIR is a clang build configured with -DAUTHLENS_BUILD_FUZZERS=ON (see tests/fuzz/CMakeLists.txt).
# With TARGETs, only those run, in the order given; without, every fuzz_* executable of the build.
# Exits non-zero when a target is missing or finds a crash, leak, timeout or sanitizer report; the input
# that triggered it is kept and its path printed. The seed corpora in tests/data/fuzz are never modified.
#
# Long campaigns (tests/fuzz/CAMPAIGNS.md) use two more knobs:
#   FUZZ_RUNS=N       a target also stops after N executions, whichever of time and count comes first;
#   FUZZ_WORK=DIR     each target's grown corpus, log and artifacts stay in DIR/<target>, and a later run
#                     with the same DIR starts from that corpus instead of only the seeds;
#   FUZZ_RSS_MB=N     the memory one target may reach (default 2048). Under ASan the resident size grows
#                     with the executions, so an hour-long run of some targets needs more.
set -uo pipefail

if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+$ ]] || { [ -n "${FUZZ_RUNS:-}" ] && ! [[ $FUZZ_RUNS =~ ^[0-9]+$ ]]; } ||
    { [ -n "${FUZZ_RSS_MB:-}" ] && ! [[ $FUZZ_RSS_MB =~ ^[0-9]+$ ]]; }; then
    echo "usage: [FUZZ_RUNS=N] [FUZZ_WORK=DIR] [FUZZ_JOBS=N] [FUZZ_RSS_MB=N] $0 BUILD_DIR SECONDS [TARGET...]" >&2
    exit 2
fi
build=$(cd "$1" && pwd) || exit 2
seconds=$2
shift 2
chosen=("$@")
root=$(cd "$(dirname "$0")/../.." && pwd)
# The auth targets (tests/fuzz) must exist; every other fuzz_* executable of the build (tests/jwt,
# tests/formats/fuzz, …) runs too. Each finds its seeds in tests/data/fuzz/<target>/ or
# tests/data/fuzz/<target without "fuzz_">/.
required=(fuzz_challenge fuzz_credentials fuzz_authinfo fuzz_credentialcheck fuzz_digest)
declare -A binaries=()
for target in "${required[@]}"; do
    binaries[$target]="$build/tests/fuzz/$target"
done
while IFS= read -r found; do
    name=$(basename "$found")
    [ -n "${binaries[$name]:-}" ] || binaries[$name]=$found
done < <(find "$build/tests" -type f -name 'fuzz_*' ! -name '*.*' ! -path '*/CMakeFiles/*' -perm -u+x 2>/dev/null)
if [ ${#chosen[@]} -ne 0 ]; then
    targets=()
    for target in "${chosen[@]}"; do
        if [ -z "${binaries[$target]:-}" ]; then
            echo "no fuzz target $target in $build" >&2
            exit 2
        fi
        targets+=("$target")
    done
else
    mapfile -t targets < <(printf '%s\n' "${!binaries[@]}" | sort)
fi

if [ -n "${FUZZ_WORK:-}" ]; then
    mkdir -p "$FUZZ_WORK" && work=$(cd "$FUZZ_WORK" && pwd) || exit 2
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/authlens-fuzz.XXXXXX")
fi
runs=()
[ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
# Targets run side by side, one per core (FUZZ_JOBS overrides): each is single-threaded.
parallel=${FUZZ_JOBS:-$(nproc)}

run_one() { # run_one TARGET: fuzzes it; its verdict goes to $work/TARGET/status
    local target=$1 binary=${binaries[$1]}
    local corpus="$work/$target/corpus" artifacts="$work/$target/artifacts"
    mkdir -p "$corpus" "$artifacts"
    rm -f "$work/$target/status" "$work/$target/seconds"
    if [ ! -x "$binary" ]; then
        echo "not built ($binary missing; configure with clang and -DAUTHLENS_BUILD_FUZZERS=ON)" >"$work/$target/log"
        echo failed >"$work/$target/status"
        return
    fi
    for seeds in "$root/tests/data/fuzz/$target" "$root/tests/data/fuzz/${target#fuzz_}"; do
        if [ -d "$seeds" ]; then
            cp -R "$seeds/." "$corpus/"
        fi
    done
    find "$corpus" -type f | wc -l >"$work/$target/seeds"
    # -timeout: one input may take at most 10 s; -rss_limit_mb: an input may not eat the machine.
    local started=$SECONDS
    if "$binary" -max_total_time="$seconds" "${runs[@]}" -timeout=10 -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -max_len=8192 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" >"$work/$target/log" 2>&1; then
        echo passed >"$work/$target/status"
        echo $((SECONDS - started)) >"$work/$target/seconds"
    else
        echo failed >"$work/$target/status"
    fi
}

for target in "${targets[@]}"; do
    mkdir -p "$work/$target"
    while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do
        wait -n || true
    done
    run_one "$target" &
done
wait

failed=()
for target in "${targets[@]}"; do
    echo "== $target: up to ${seconds}s${FUZZ_RUNS:+ or $FUZZ_RUNS executions} on $(cat "$work/$target/seeds" 2>/dev/null || echo 0) starting inputs"
    if [ "$(cat "$work/$target/status" 2>/dev/null)" = passed ]; then
        grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$work/$target/log" | tail -2
        echo "took $(cat "$work/$target/seconds")s"
    else
        echo "== $target FAILED; last lines of its log:" >&2
        tail -40 "$work/$target/log" >&2
        echo "== reproducer(s) kept in $work/$target/artifacts:" >&2
        ls -1 "$work/$target/artifacts" >&2 2>/dev/null || true
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -ne 0 ]; then
    echo "fuzzing failed: ${failed[*]} (work folder kept: $work)" >&2
    exit 1
fi
[ -n "${FUZZ_WORK:-}" ] || rm -rf "$work"
echo "fuzzing: ${#targets[@]} targets, ${seconds}s each, ${parallel} at a time, no crash"
