#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/fuzz_targets/ for FUZZ_SECONDS each
# (default 30) on stable Rust (no sanitizer), after building them once.
# Exits non-zero if any target finds a crash, a panic, an OOM or a timeout;
# the input is then in fuzz/artifacts/<target>/ (see fuzz/README.md).
#
#   FUZZ_SECONDS  seconds per target (default 30)
#   FUZZ_TIMEOUT  seconds one input may take before it counts as a hang
#                 (default 20; libFuzzer's own default is 1200)
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

seconds="${FUZZ_SECONDS:-30}"
timeout="${FUZZ_TIMEOUT:-20}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked || exit 1
fi

echo "== building the fuzz targets"
cargo fuzz build --sanitizer none || exit 1

failed=()
for src in fuzz_targets/*.rs; do
    t="$(basename "$src" .rs)"
    # cargo fuzz runs the target on its corpus directory, which holds the
    # committed seed-* files; new inputs it finds stay there (ignored by git).
    mkdir -p "corpus/$t"
    dict=npy.dict
    case "$t" in npz_*) dict=npz.dict ;; esac
    echo "== fuzzing $t for ${seconds}s"
    if ! cargo fuzz run --sanitizer none "$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 \
        -timeout="$timeout" -dict="$dict" -print_final_stats=1; then
        echo "!! $t failed: see fuzz/artifacts/$t/" >&2
        failed+=("$t")
    fi
done

if ((${#failed[@]})); then
    echo "fuzzing failed: ${failed[*]}" >&2
    exit 1
fi
echo "== all fuzz targets ran clean"
