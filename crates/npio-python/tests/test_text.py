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


GEN = "# name, n, x\nname,n,x\nab,1,2.5\ncd,,\nef,3,N/A\n"


@pytest.mark.parametrize("kwargs", [
    {"delimiter": ",", "skip_header": 2, "usecols": (1, 2)},
    {"delimiter": ",", "names": True, "dtype": None, "skip_header": 1, "encoding": "utf-8"},
    {"delimiter": ",", "skip_header": 2, "usecols": (1, 2), "missing_values": "N/A",
     "filling_values": -1},
    {"delimiter": ",", "skip_header": 2, "usecols": (1, 2), "usemask": True},
    {"delimiter": ",", "skip_header": 2, "usecols": (1, 2), "filling_values": {1: 9.5}},
    {"delimiter": ",", "skip_header": 2, "usecols": (1, 2), "unpack": True},
    {"delimiter": ",", "skip_header": 2, "usecols": (1,), "dtype": int,
     "converters": {1: lambda s: int(s or 7) * 2}},
])
def test_genfromtxt_same_as_numpy(kwargs):
    want = np.genfromtxt(io.StringIO(GEN), **kwargs)
    got = npio.genfromtxt(io.StringIO(GEN), **kwargs)
    if isinstance(want, np.ndarray):
        assert got.dtype == want.dtype and got.shape == want.shape
        assert type(got) is type(want)
    if isinstance(want, np.ma.MaskedArray):
        np.testing.assert_array_equal(got.mask, want.mask)
    np.testing.assert_array_equal(got, want)


def test_genfromtxt_fixed_width_and_names():
    text = "  1  2.5\n 10  3.0\n"
    want = np.genfromtxt(io.StringIO(text), delimiter=[3, 5], names="a, b")
    got = npio.genfromtxt(io.StringIO(text), delimiter=[3, 5], names="a, b")
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def test_converter_exceptions_are_raised_even_for_string_columns():
    def conv(s):
        if s == "b":
            raise RuntimeError("bad field")
        return s

    with pytest.raises(RuntimeError, match="bad field"):
        npio.loadtxt(io.StringIO("a\nb\nc\n"), dtype=str, converters={0: conv})
    with pytest.raises(RuntimeError, match="bad field"):
        npio.genfromtxt(io.StringIO("a\nb\nc\n"), dtype=str, converters={0: conv})


def test_errors_are_worded_as_numpys_with_the_line():
    with pytest.raises(ValueError, match=r"'x' to float64 at row 1, column 2\. \(line 4"):
        npio.loadtxt(io.StringIO("# head\n1 2\n\n3 x\n"))


def test_max_rows_leaves_a_file_object_after_the_rows():
    f = io.StringIO("# c\n1 2\n\n3 4\n5 6\n7 8\n")
    np.testing.assert_array_equal(npio.loadtxt(f, max_rows=2), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(npio.loadtxt(f), [[5, 6], [7, 8]])
    g = io.StringIO("a b\n1 2\n3 4\n5 6\n")
    first = npio.genfromtxt(g, names=True, max_rows=1)
    assert first.dtype.names == ("a", "b") and first["b"] == 2
    np.testing.assert_array_equal(npio.genfromtxt(g), [[3, 4], [5, 6]])


def test_lines_keep_their_endings_inside_quotes():
    for nl in ("\n", "\r", "\r\n"):
        rows = [f'1,"2{nl}"{nl}', f'3,"4{nl}', f'1"{nl}']
        got = npio.loadtxt(rows, dtype=object, delimiter=",", quotechar='"')
        assert got.tolist() == [["1", f"2{nl}"], ["3", f"4{nl}1"]]


def test_structured_dtypes_need_a_usecol_per_field():
    with pytest.raises(TypeError, match="But 1 usecols were given and the number of fields is 3"):
        npio.loadtxt(["1,1\n"], dtype="i,2i", usecols=[0], delimiter=",")
