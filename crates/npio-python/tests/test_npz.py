"""npio's npz archives against NumPy's."""

import io
import zipfile

import numpy as np
import pytest

import npio


def arrays():
    return {"a": np.arange(10, dtype=">i4"), "b": np.linspace(0, 1, 7).reshape(7, 1),
            "s": np.array(["x", "yz"]), "f": np.asfortranarray(np.eye(3))}


@pytest.mark.parametrize("ours", [npio.savez, npio.savez_compressed])
def test_numpy_reads_npios_archives(tmp_path, ours):
    p = tmp_path / "x.npz"
    ours(p, *arrays().values(), extra=np.array(3.5))
    with np.load(p) as z:
        # NumPy puts keyword arrays first.
        assert z.files == ["extra", "arr_0", "arr_1", "arr_2", "arr_3"]
        for got, want in zip([z[k] for k in z.files[1:]], arrays().values()):
            np.testing.assert_array_equal(got, want)
            assert got.dtype == want.dtype
        assert z["extra"] == 3.5
    method = zipfile.ZIP_DEFLATED if ours is npio.savez_compressed else zipfile.ZIP_STORED
    assert {i.compress_type for i in zipfile.ZipFile(p).infolist()} == {method}


@pytest.mark.parametrize("theirs", [np.savez, np.savez_compressed])
def test_npio_reads_numpys_archives(tmp_path, theirs):
    p = tmp_path / "x.npz"
    theirs(p, **arrays())
    with npio.load(p) as z:
        assert isinstance(z, npio.NpzFile)
        assert list(z) == list(arrays())
        for k, v in arrays().items():
            np.testing.assert_array_equal(z[k], v)
            np.testing.assert_array_equal(z[k + ".npy"], v)
        np.testing.assert_array_equal(z.f.a, arrays()["a"])
        with pytest.raises(KeyError, match="not a file in the archive"):
            z["nope"]


def test_file_objects_both_ways():
    f = io.BytesIO()
    npio.savez_compressed(f, x=np.arange(5))
    f.seek(0)
    np.testing.assert_array_equal(np.load(f)["x"], np.arange(5))
    f.seek(0)
    np.testing.assert_array_equal(npio.load(f)["x"], np.arange(5))


def test_unnamed_and_named_clash():
    with pytest.raises(ValueError, match="arr_0"):
        npio.savez(io.BytesIO(), np.zeros(1), arr_0=np.zeros(1))


def test_object_members_need_allow_pickle(tmp_path):
    p = tmp_path / "o.npz"
    np.savez(p, o=np.array([1, "a"], dtype=object), n=np.arange(2))
    with npio.load(p) as z:
        np.testing.assert_array_equal(z["n"], np.arange(2))
        with pytest.raises(ValueError, match="allow_pickle=False"):
            z["o"]
    with npio.load(p, allow_pickle=True) as z:
        assert list(z["o"]) == [1, "a"]


def test_closed_archives_refuse_reads(tmp_path):
    p = tmp_path / "c.npz"
    npio.savez(p, x=np.zeros(2))
    z = npio.load(p)
    z.close()
    with pytest.raises(ValueError):
        z["x"]


def test_zstd_members_read_back(tmp_path):
    p = tmp_path / "z.npz"
    npio.savez_zstd(p, x=np.arange(1000.0))
    with npio.load(p) as z:
        np.testing.assert_array_equal(z["x"], np.arange(1000.0))


def test_thread_count_is_settable_and_results_do_not_change(tmp_path):
    a = np.random.default_rng(1).standard_normal(300_000)
    npio.savez_compressed(tmp_path / "all.npz", a=a)
    npio.set_threads(1)
    try:
        assert npio.get_threads() == 1
        npio.savez_compressed(tmp_path / "one.npz", a=a)
        with npio.load(tmp_path / "one.npz") as z:
            np.testing.assert_array_equal(z["a"], a)
    finally:
        npio.set_threads()
    assert npio.get_threads() >= 1
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "all.npz").read_bytes()
    with pytest.raises(ValueError):
        npio.set_threads(0)
