#!/usr/bin/env bash
# Runs NumPy's own tests of np.loadtxt, np.genfromtxt and np.savetxt (the
# copies installed with NumPy) against the `npio convert` command: the
# conftest.py beside this script, loaded as a pytest plugin, routes those
# functions through npio. Shows which of NumPy's expectations npio meets.
#
# Usage: run.sh [NPIO_BINARY] [extra pytest arguments...]
#   NPIO_BINARY  default target/release/npio (relative to the repository root)
#   PYTHON       the Python with NumPy, pytest and hypothesis (default .venv/bin/python)
#   NPIO_SUITE_JSON  where to write per-test details
#                    (default target/numpy-suite-results.json)
#   NPIO_SUITE_WORDING=numpy  when npio and NumPy both reject an input, raise
#                    NumPy's exception (and show NumPy's warnings), so that
#                    only differences in accepted input and results remain
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
npio=${1:-target/release/npio}
shift $(( $# > 0 ? 1 : 0 ))
case $npio in /*) ;; *) npio=$root/$npio ;; esac
[ -x "$npio" ] || { echo "error: $npio: no such executable (build npio first)" >&2; exit 2; }
python=${PYTHON:-$root/.venv/bin/python}
site=$("$python" -c 'import numpy, os; print(os.path.dirname(os.path.dirname(numpy.__file__)))')

export NPIO_BIN=$npio
export NPIO_SUITE_JSON=${NPIO_SUITE_JSON:-$root/target/numpy-suite-results.json}
export PYTHONPATH=$here${PYTHONPATH:+:$PYTHONPATH}

# The installed test files; within them, the tests of the three functions
# (test_large_zip, a multi-GB np.savez test, and the unit tests of NumPy's
# internal C reader do not call them).
cd "$site"
exec "$python" -m pytest -p conftest -p no:cacheprovider --rootdir="$site" \
    -o addopts= -q -rfE \
    numpy/lib/tests/test_loadtxt.py \
    numpy/lib/tests/test_io.py \
    numpy/lib/tests/test_regression.py \
    numpy/_core/tests/test_longdouble.py \
    -k "(test_loadtxt.py or TestSaveTxt or TestLoadTxt or TestFromTxt or loadtxt or genfromtxt or savetxt) and not test_large_zip and not TestCReaderUnitTests" \
    "$@"
