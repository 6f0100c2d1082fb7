#!/usr/bin/env bash
# Regenerates testdata/numpy-answers/: NumPy's answers to the text tests'
# cases, which a plain `cargo test` reads instead of running Python. Run it
# after changing a case generator or NumPy's version, from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv/bin/python ] || { echo "needs .venv with NumPy: run ./test once" >&2; exit 1; }
export NPIO_PYTHON="$PWD/.venv/bin/python" NPIO_RECORD_ANSWERS=1
cargo test -p delimited-text --test integration -- \
    matches_numpy name_cleaning_matches_numpy inference_matches_numpy
.venv/bin/python -c 'import numpy; print("answers from NumPy", numpy.__version__)'
