#!/usr/bin/env bash
# Runs every fuzz target (Sources/FuzzTargets) under libFuzzer with AddressSanitizer.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 600 seconds each, every target
#
# Builds `zenodo-fuzz` with `--sanitize fuzzer --sanitize address` into .build/fuzz (a first build
# takes 20-30 minutes on 2 cores), seeds each target's corpus from Tests/FuzzTargetsTests/Seeds
# and, when present, ../shared/data/zenodo/samples, and runs the targets FUZZ_JOBS at a time
# (default 1). The growing corpus stays in .build/fuzz-corpus/TARGET; crashes, leaks and timeouts
# go to .build/fuzz-findings/TARGET; a summary line per target goes to .build/fuzz-findings/summary.txt.
# FUZZ_SKIP_BUILD=1 runs the binary already built. Exit status 1 when any target found something.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-600}"
shift || true
JOBS="${FUZZ_JOBS:-1}"
SCRATCH="${FUZZ_SCRATCH:-.build/fuzz}"
ALL=(deposition record file error zenodo-json citation dates html terminal keys multipart query ignore zip zip-member)
TARGETS=("${@:-${ALL[@]}}")
[ "$#" -eq 0 ] && TARGETS=("${ALL[@]}")

if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
    echo "building zenodo-fuzz with libFuzzer and AddressSanitizer in $SCRATCH ..."
    # The Swift driver keeps only the last -sanitize= it is given, so Swift gets both in one flag
    # (coverage and ASan); C code (libyaml in Yams, BoringSSL) gets ASan from --sanitize.
    swift build --product zenodo-fuzz --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING --scratch-path "$SCRATCH" 2>&1 \
        | grep -E "error:|Compiling zenodo|Build of|complete" || true
fi
BIN="$(swift build --scratch-path "$SCRATCH" --show-bin-path)/zenodo-fuzz"
[ -x "$BIN" ] || { echo "fuzz build failed" >&2; exit 2; }

mkdir -p .build/fuzz-findings
SUMMARY=.build/fuzz-findings/summary.txt
: > "$SUMMARY"
SAMPLES=../shared/data/zenodo/samples

run_one() {
    local target="$1"
    local corpus=".build/fuzz-corpus/$target" findings=".build/fuzz-findings/$target"
    mkdir -p "$corpus" "$findings"
    cp -n Tests/FuzzTargetsTests/Seeds/"$target"/* "$corpus"/ 2>/dev/null || true
    case "$target" in
        deposition|record|file|error|zenodo-json)
            [ -d "$SAMPLES" ] && cp -n "$SAMPLES"/*.json "$corpus"/ 2>/dev/null || true ;;
    esac
    local log="$findings/fuzz.log"
    # -rss_limit_mb: a target that needs more than 2 GiB is a finding; -timeout: so is 10 s on one
    # input. Fork mode goes on after a crash, so each target runs its whole time and every
    # distinct finding is kept.
    set +e
    # The Swift runtime's own backtracer would take seconds over each crash: libFuzzer reports it.
    ZENODO_FUZZ_TARGET="$target" ASAN_OPTIONS=detect_leaks=1 SWIFT_BACKTRACE=enable=no "$BIN" "$corpus" \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$findings/" > "$log" 2>&1
    local status=$?
    set -e
    local runs cov found
    runs=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#' || echo 0)
    cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
    found=$(find "$findings" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    printf '%-12s %5ss  %10s runs  cov %6s  corpus %6s  findings %s\n' \
        "$target" "$SECONDS_EACH" "${runs:-0}" "${cov:-0}" "$(ls "$corpus" | wc -l)" "$found" | tee -a "$SUMMARY"
}

export -f run_one
export BIN SECONDS_EACH SAMPLES SUMMARY
printf '%s\n' "${TARGETS[@]}" | xargs -P "$JOBS" -I{} bash -c 'run_one "$@"' _ {}

if grep -Eq 'findings [1-9]' "$SUMMARY"; then
    echo "fuzzing found something: see .build/fuzz-findings/*/ (reproduce: ZENODO_FUZZ_TARGET=T $BIN FILE)" >&2
    exit 1
fi
