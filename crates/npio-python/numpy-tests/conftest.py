"""Runs NumPy's own I/O tests with npio's functions in NumPy's place.

Loaded as a pytest plugin (`-p conftest`, from this folder) while pytest
runs the test files the NumPy wheel installs; nothing of NumPy's is
copied here. `./test` runs it; docs/python.md lists what still fails and
why.
"""

import npio


def pytest_configure(config):
    npio.install()


def pytest_report_header(config):
    return "npio: numpy.load, save, savez, savez_compressed, loadtxt and open_memmap are npio's"
