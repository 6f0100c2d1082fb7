"""Runs NumPy's own I/O tests with npio's functions in NumPy's place.

Loaded as a pytest plugin (`-p conftest`, from this folder) while pytest
runs the test files the NumPy wheel installs; nothing of NumPy's is
copied here. `./test` runs it.

The tests npio does not pass yet are listed, each with its reason, in the
table of docs/python.md; they are marked as expected failures, strictly,
so that a listed test that starts passing fails the run until the table
is updated, and an unlisted failure fails it too.
"""

import pathlib
import re

import pytest

import npio

DOCS = pathlib.Path(__file__).resolve().parents[3] / "docs" / "python.md"
ROW = re.compile(r"^\| `(test_\w+\.py::[^`]+)` \| (.+) \|$")


def known_failures():
    """``{test id: reason}`` from docs/python.md's table."""
    found = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line.strip())
        if m:
            found[m.group(1)] = m.group(2)
    return found


def pytest_configure(config):
    npio.install()


def pytest_report_header(config):
    return ("npio: numpy.load, save, savez, savez_compressed, loadtxt, genfromtxt, savetxt and "
            "numpy.lib.format.open_memmap are npio's")


def pytest_collection_modifyitems(config, items):
    known = known_failures()
    seen = set()
    files = {item.path.name for item in items}
    for item in items:
        test_id = item.path.name + "::" + item.nodeid.split("::", 1)[1]
        if test_id in known:
            seen.add(test_id)
            item.add_marker(pytest.mark.xfail(reason=known[test_id], strict=True))
    stale = {t for t in set(known) - seen if t.split("::", 1)[0] in files}
    if stale:
        raise pytest.UsageError(
            "docs/python.md lists tests that do not exist: " + ", ".join(sorted(stale)))
