"""npio's loadtxt against NumPy's, on the same inputs."""

import gzip
import io
import warnings

import numpy as np
import pytest

import npio

TEXT = "# head\n1 2.5 3\n4 5 6e2\n\n-7 8 inf\n"


@pytest.mark.parametrize("kwargs", [
    {}, {"dtype": np.float32}, {"usecols": (0, 2)}, {"usecols": 1},
    {"skiprows": 2}, {"max_rows": 2}, {"ndmin": 2, "usecols": 1},
    {"unpack": True}, {"comments": None, "skiprows": 1},
])
def test_same_as_numpy_on_text(kwargs):
    want = np.loadtxt(io.StringIO(TEXT), **kwargs)
    got = npio.loadtxt(io.StringIO(TEXT), **kwargs)
    np.testing.assert_array_equal(got, want)
    assert got.dtype == want.dtype and got.shape == want.shape


def test_paths_gz_lists_and_bytes(tmp_path):
    rows = np.arange(12.0).reshape(4, 3)
    p = tmp_path / "a.csv"
    np.savetxt(p, rows, delimiter=",")
    g = tmp_path / "a.csv.gz"
    g.write_bytes(gzip.compress(p.read_bytes()))
    for source in [p, str(g), p.read_text().splitlines(), io.BytesIO(p.read_bytes())]:
        np.testing.assert_array_equal(npio.loadtxt(source, delimiter=","), rows)


def test_structured_and_string_dtypes():
    text = "a 1\nbb 2\n"
    dt = [("name", "U2"), ("n", "i4")]
    np.testing.assert_array_equal(npio.loadtxt(io.StringIO(text), dtype=dt),
                                  np.loadtxt(io.StringIO(text), dtype=dt))
    np.testing.assert_array_equal(npio.loadtxt(io.StringIO(text), dtype=str),
                                  np.loadtxt(io.StringIO(text), dtype=str))


def test_bad_values_raise_value_error_with_the_line():
    with pytest.raises(ValueError) as ours:
        npio.loadtxt(io.StringIO("1 2\n3 x\n"))
    with pytest.raises(ValueError):
        np.loadtxt(io.StringIO("1 2\n3 x\n"))
    assert "2" in str(ours.value)


def test_empty_input_warns_as_numpy():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        a = npio.loadtxt(io.StringIO(""))
    assert a.shape == (0,)
    assert any(issubclass(x.category, UserWarning) for x in w)


def test_install_swaps_numpys_functions():
    npio.install()
    try:
        assert np.loadtxt is npio.loadtxt and np.load is npio.load
    finally:
        npio.uninstall()
    assert np.loadtxt is not npio.loadtxt
