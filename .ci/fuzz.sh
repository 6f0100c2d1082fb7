#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/fuzz_targets/ for FUZZ_SECONDS each
# (default 30) on stable Rust without a sanitizer (fast), then for
# FUZZ_ASAN_SECONDS each (default 10) under cargo-fuzz's defaults:
# AddressSanitizer with LeakSanitizer, on stable through RUSTC_BOOTSTRAP=1,
# as projects that fuzz their own code calling npio run it. Exits non-zero
# if any target finds a crash, a panic, a leak, an OOM or a timeout; the
# input is then in fuzz/artifacts/<target>/ (see fuzz/README.md).
#
#   FUZZ_SECONDS       seconds per target without a sanitizer (default 30)
#   FUZZ_ASAN_SECONDS  seconds per target under ASan/LSan (default 10; 0 skips)
#   FUZZ_TIMEOUT       seconds one input may take before it counts as a hang
#                      (default 20; libFuzzer's own default is 1200)
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

seconds="${FUZZ_SECONDS:-30}"
asan_seconds="${FUZZ_ASAN_SECONDS:-10}"
timeout="${FUZZ_TIMEOUT:-20}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked || exit 1
fi

failed=()
# fuzz SANITIZER SECONDS: builds every target with SANITIZER, runs each.
fuzz() {
    local sanitizer="$1" secs="$2"
    echo "== building the fuzz targets (sanitizer: $sanitizer)"
    cargo fuzz build --sanitizer "$sanitizer" || exit 1
    for src in fuzz_targets/*.rs; do
        t="$(basename "$src" .rs)"
        # cargo fuzz runs the target on its corpus directory, which holds the
        # committed seed-* files; new inputs it finds stay there (ignored by git).
        mkdir -p "corpus/$t"
        dict=npy.dict
        case "$t" in npz_*) dict=npz.dict ;; esac
        echo "== fuzzing $t for ${secs}s (sanitizer: $sanitizer)"
        if ! cargo fuzz run --sanitizer "$sanitizer" "$t" -- \
            -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 \
            -timeout="$timeout" -dict="$dict" -print_final_stats=1; then
            echo "!! $t failed under $sanitizer: see fuzz/artifacts/$t/" >&2
            failed+=("$t ($sanitizer)")
        fi
    done
}

if ((seconds > 0)); then
    fuzz none "$seconds"
fi
if ((asan_seconds > 0)); then
    RUSTC_BOOTSTRAP=1 fuzz address "$asan_seconds"
fi

if ((${#failed[@]})); then
    echo "fuzzing failed: ${failed[*]}" >&2
    exit 1
fi
echo "== all fuzz targets ran clean"
