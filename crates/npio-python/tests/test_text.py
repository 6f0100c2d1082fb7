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


@pytest.mark.parametrize("array, kwargs", [
    (np.linspace(-1, 1, 12).reshape(4, 3), {}),
    (np.linspace(-1, 1, 12).reshape(4, 3), {"fmt": "%.3f", "delimiter": ","}),
    (np.arange(6, dtype=np.int16), {"fmt": "%d", "header": "n\nsecond", "footer": "end"}),
    (np.array([[1 + 2j, -3.5 - 1j]]), {}),
    (np.array([[1 + 2j, -3.5 - 1j]]), {"fmt": "%.2f %.2f, %.1f %.1f"}),
    (np.array([(1, 2.5, b"ab")], dtype=[("a", "i4"), ("b", "f8"), ("c", "S2")]),
     {"fmt": ["%d", "%.1f", "%s"]}),
    (np.asfortranarray(np.arange(6.0).reshape(2, 3)), {"fmt": "%g", "newline": "\r\n"}),
])
def test_savetxt_writes_numpys_bytes(tmp_path, array, kwargs):
    ours, theirs = tmp_path / "ours.txt", tmp_path / "theirs.txt"
    npio.savetxt(ours, array, **kwargs)
    np.savetxt(theirs, array, **kwargs)
    assert ours.read_bytes() == theirs.read_bytes()
    text_ours, text_theirs = io.StringIO(), io.StringIO()
    npio.savetxt(text_ours, array, **kwargs)
    np.savetxt(text_theirs, array, **kwargs)
    assert text_ours.getvalue() == text_theirs.getvalue()
    bin_ours, bin_theirs = io.BytesIO(), io.BytesIO()
    npio.savetxt(bin_ours, array, **kwargs)
    np.savetxt(bin_theirs, array, **kwargs)
    assert bin_ours.getvalue() == bin_theirs.getvalue()


def test_savetxt_gz_and_shape_errors(tmp_path):
    a = np.arange(4.0)
    npio.savetxt(tmp_path / "a.txt.gz", a)
    assert gzip.decompress((tmp_path / "a.txt.gz").read_bytes()) == b"".join(
        f"{v:.18e}\n".encode() for v in a)
    with pytest.raises(ValueError, match="1D or 2D"):
        npio.savetxt(tmp_path / "b.txt", np.zeros((2, 2, 2)))
    with pytest.raises(ValueError):
        npio.savetxt(tmp_path / "c.txt", np.zeros((2, 2)), fmt="%d %d %d")
