"""npio's load and save against NumPy's: same arrays, same bytes."""

import io

import numpy as np
import pytest

import npio

DTYPES = ["<f8", ">f4", "<i8", ">i2", "|u1", "|b1", "<c16", ">c8", "<f2",
          "|S5", "<U3", ">U2", "<M8[ns]", "<m8[s]",
          [("x", "<f8"), ("y", ">i4", (2,))]]


def sample(dtype, shape):
    rng = np.random.default_rng(7)
    dtype = np.dtype(dtype)
    raw = rng.integers(0, 256, size=int(np.prod(shape)) * dtype.itemsize, dtype=np.uint8)
    if dtype.kind == "b":
        raw &= 1
    if dtype.kind == "U":
        raw = np.frombuffer("abcdefghij"[:1].encode("utf-32-le") * (raw.size // 4), np.uint8).copy()
        raw = raw[: int(np.prod(shape)) * dtype.itemsize]
    return raw.view(dtype).reshape(shape)


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(), (0,), (5,), (3, 4), (2, 0, 3)])
@pytest.mark.parametrize("order", ["C", "F"])
def test_save_writes_numpys_bytes_and_load_reads_them(tmp_path, dtype, shape, order):
    a = np.asarray(sample(dtype, shape), order=order)
    ours, theirs = tmp_path / "ours.npy", tmp_path / "theirs.npy"
    npio.save(ours, a)
    np.save(theirs, a)
    assert ours.read_bytes() == theirs.read_bytes()
    back = npio.load(theirs)
    assert back.dtype == a.dtype and back.shape == a.shape
    assert back.tobytes() == a.tobytes()
    assert np.isfortran(back) == np.isfortran(np.load(theirs))


def test_non_contiguous_arrays_are_written_in_c_order(tmp_path):
    a = np.arange(24.0).reshape(4, 6)[::2, 1::2]
    npio.save(tmp_path / "a.npy", a)
    np.testing.assert_array_equal(np.load(tmp_path / "a.npy"), a)


def test_file_objects_hold_several_arrays_in_sequence():
    f = io.BytesIO()
    npio.save(f, np.arange(3))
    npio.save(f, np.eye(2, dtype=np.float32))
    f.seek(0)
    np.testing.assert_array_equal(npio.load(f), np.arange(3))
    np.testing.assert_array_equal(npio.load(f), np.eye(2, dtype=np.float32))
    with pytest.raises(EOFError):
        npio.load(f)


def test_the_extension_is_added_as_numpy_adds_it(tmp_path):
    npio.save(str(tmp_path / "w"), np.zeros(2))
    assert (tmp_path / "w.npy").exists()


def test_object_arrays_are_refused_without_allow_pickle(tmp_path):
    p = tmp_path / "o.npy"
    np.save(p, np.array([{"a": 1}, None], dtype=object))
    with pytest.raises(ValueError, match="allow_pickle=False"):
        npio.load(p)
    # Opting in hands the work to NumPy's own reader.
    assert npio.load(p, allow_pickle=True)[0] == {"a": 1}


def test_pickle_files_are_refused_without_allow_pickle(tmp_path):
    p = tmp_path / "p.pkl"
    import pickle

    p.write_bytes(pickle.dumps([1, 2]))
    with pytest.raises(ValueError, match="pickled"):
        npio.load(p)
    assert npio.load(p, allow_pickle=True) == [1, 2]


def test_malformed_headers_raise_value_error(tmp_path):
    p = tmp_path / "bad.npy"
    p.write_bytes(b"\x93NUMPY\x01\x00\x10\x00{'descr': 1}    \n")
    with pytest.raises(ValueError):
        npio.load(p)


def test_headers_over_the_limit_are_refused(tmp_path):
    p = tmp_path / "big.npy"
    np.save(p, np.zeros((1,) * 32 + (0,)))
    big = np.zeros(0, dtype=[(f"f{i}", "<f8") for i in range(600)])
    np.save(p, big)
    with pytest.raises(ValueError):
        npio.load(p)
    assert npio.load(p, max_header_size=100000).dtype == big.dtype


def test_truncated_data_raises(tmp_path):
    p = tmp_path / "t.npy"
    np.save(p, np.arange(100))
    p.write_bytes(p.read_bytes()[:-8])
    with pytest.raises((ValueError, EOFError)):
        npio.load(p)


def test_open_memmap_reads_and_creates(tmp_path):
    p = tmp_path / "m.npy"
    m = npio.open_memmap(p, mode="w+", dtype="<i4", shape=(3, 2))
    m[:] = [[1, 2], [3, 4], [5, 6]]
    m.flush()
    del m
    np.testing.assert_array_equal(np.load(p), [[1, 2], [3, 4], [5, 6]])
    r = npio.load(p, mmap_mode="r")
    assert isinstance(r, np.memmap)
    assert r[2, 1] == 6


def test_dtypes_numpy_writes_with_odd_descrs_are_read(tmp_path):
    # A field with an empty name, and a field whose type is a subarray.
    unnamed = np.dtype({"names": ["a", "", "b"], "formats": ["i4"] * 3})
    nested = np.dtype([("c", ("<f8", (5,)), (2,))])
    # npio keeps one shape per field: the nested field comes back as
    # ('c', '<f8', (2, 5)), the same bytes (docs/python.md).
    flat = np.dtype([("c", "<f8", (2, 5))])
    for dt, want in ((unnamed, unnamed), (nested, flat)):
        a = np.zeros(3, dtype=dt)
        a.view(np.uint8)[:] = np.arange(a.nbytes) % 251
        p = tmp_path / "odd.npy"
        np.save(p, a)
        back = npio.load(p)
        assert back.dtype == want
        assert back.tobytes() == a.tobytes()
