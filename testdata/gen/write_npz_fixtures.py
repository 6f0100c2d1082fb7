#!/usr/bin/env python3
"""Generate the committed .npz fixture corpus used by the npio Rust tests.

Run from the repository root:

    .venv/bin/python testdata/gen/write_npz_fixtures.py

Outputs
-------
* ``testdata/npz/*.npz``          -- the archives (stale ``*.npz`` are deleted first)
* ``testdata/npz/manifest.json``  -- one JSON object per archive describing what a
  correct reader must find in it (see ``testdata/README.md`` for the schema).

Most archives are written with ``np.savez`` / ``np.savez_compressed`` exactly as
users call them.  The odd ones (hostile member names, LZMA/bzip2/zstd members)
are assembled with :mod:`zipfile`, with the member contents produced by
``np.lib.format.write_array``.

Determinism
-----------
* No random number generator: every value is a literal or a simple formula;
  structured arrays start from ``np.zeros`` so padding bytes are zero.
* ``zipfile`` stamps ``time.localtime()`` into members added with
  ``ZipFile.writestr(name, ...)`` (and, in newer Pythons, into every member
  ``np.savez`` writes).  While generating, ``time.localtime`` is patched to
  return 2020-01-01 00:00:00 and ``SOURCE_DATE_EPOCH`` is ignored.  Members
  written through ``ZipFile.open(name, "w")`` on Python 3.11 (which is what
  ``np.savez`` does) get ``ZipInfo``'s default date, 1980-01-01 00:00:00.
  Members written here from an explicit ``ZipInfo`` use 2020-01-01 too.
* Deflate, bzip2, LZMA and zstd output depends on the library versions
  (zlib, libbz2, liblzma, libzstd), so regenerating on another machine can
  change compressed bytes, but the decoded contents stay the same.

The optional ``zstd.npz`` needs ``backports.zstd`` (``.venv/bin/pip install
backports.zstd``) on Pythons older than 3.14.  Without it the archive is
skipped and a note is printed.
"""

import ast
import contextlib
import hashlib
import io
import json
import os
import struct
import sys
import time
import zipfile

import numpy as np
from numpy.lib import format as npformat

try:  # Python < 3.14: zstd members need the backport's zipfile module.
    from backports.zstd import zipfile as zstd_zipfile
except ImportError:  # pragma: no cover - depends on the environment
    zstd_zipfile = zipfile if hasattr(zipfile, "ZIP_ZSTANDARD") else None

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "npz"))

MAGIC = b"\x93NUMPY"
FIXED_DATE = (2020, 1, 1, 0, 0, 0)
# 2020-01-01 was a Wednesday (tm_wday=2), day 1 of the year.
FIXED_STRUCT_TIME = time.struct_time(FIXED_DATE + (2, 1, -1))
NPY_HEX_LIMIT = 4096
# "npy_hex" is also left out (null) for every member of an archive with more
# than this many members: 300 copies of a 129-byte header would add ~80 KB of
# manifest and nothing new (c_bytes and the header fields are still given).
NPY_HEX_MAX_MEMBERS = 16

# file name -> short description (also drives the manifest's "note")
ARCHIVES = {}


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

@contextlib.contextmanager
def fixed_zip_time():
    """Make zipfile's timestamps constant for the duration of the block."""
    saved_localtime = time.localtime
    saved_sde = os.environ.pop("SOURCE_DATE_EPOCH", None)
    time.localtime = lambda *args: FIXED_STRUCT_TIME
    try:
        yield
    finally:
        time.localtime = saved_localtime
        if saved_sde is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved_sde


def out(name, note):
    assert name.endswith(".npz") and name not in ARCHIVES, name
    ARCHIVES[name] = note
    return os.path.join(OUT_DIR, name)


def npy_bytes(arr):
    """The complete .npy serialisation np.save would write for ``arr``."""
    buf = io.BytesIO()
    npformat.write_array(buf, np.asanyarray(arr), allow_pickle=False)
    return buf.getvalue()


def zinfo(name, compress_type=zipfile.ZIP_STORED, module=zipfile):
    """ZipInfo with a fixed date, rw------- permissions and ``name`` verbatim.

    ``ZipInfo()`` truncates a name at its first NUL byte; assigning
    ``.filename`` afterwards keeps the whole name.
    """
    zi = module.ZipInfo(name, date_time=FIXED_DATE)
    zi.filename = name
    zi.compress_type = compress_type
    zi.external_attr = 0o600 << 16
    return zi


def write_zip(path, members, compression=zipfile.ZIP_STORED, module=zipfile):
    """Write ``members`` (list of (name, bytes)) into a new archive."""
    with module.ZipFile(path, "w") as zf:
        for name, data in members:
            zf.writestr(zinfo(name, compression, module), data)


def rec_array():
    """Small structured array with a gap byte pattern that is all zero."""
    dt = np.dtype([("id", "<u2"), ("pos", "<f4", (2,)), ("tag", "S3")], align=True)
    arr = np.zeros(3, dtype=dt)
    arr["id"] = [1, 2, 65535]
    arr["pos"] = [[0.5, -1.0], [np.inf, 2.25], [-0.0, 3.0]]
    arr["tag"] = [b"ab", b"xyz", b""]
    return arr


# ---------------------------------------------------------------------------
# Archives
# ---------------------------------------------------------------------------

def gen_savez():
    a = np.array([[1.5, -0.0, np.nan], [np.inf, 2.0, -3.25]], dtype="<f8")
    b = np.array([7, -1, 2147483647, -2147483648], dtype="<i4")
    c = np.array(True)
    np.savez(out("positional_stored.npz", "np.savez(f, a, b, c): arr_0..arr_2"), a, b, c)

    weights = np.array([[0.25, -0.5], [1.0, 2.0], [-4.0, 8.5]], dtype="<f4")
    bias = np.array([0.1, -0.2], dtype="<f8")
    labels = np.array(["cat", "horse", "", "\u00e9l\u00e8ve", "\U0001F600x"], dtype="<U5")
    np.savez(out("keywords_stored.npz", "np.savez with keyword names"),
             weights=weights, bias=bias, labels=labels)
    np.savez_compressed(out("keywords_compressed.npz", "np.savez_compressed with keyword names"),
                        weights=weights, bias=bias, labels=labels)

    big = np.array([1, -2, 300, -40000], dtype=">i4")
    fort = np.asfortranarray(np.arange(6, dtype="<f8").reshape(2, 3) * 1.5)
    assert fort.flags.f_contiguous and not fort.flags.c_contiguous
    dates = np.array([0, 1709210096, np.iinfo(np.int64).min, -86400], dtype="<i8").view("<M8[s]")
    empty = np.zeros((0, 3), dtype="<i2")
    # Positional arrays become arr_0, arr_1 and are written AFTER the keywords.
    np.savez_compressed(out("mixed_compressed.npz",
                            "np.savez_compressed mixing positional and keyword arrays; "
                            "positional ones are written last"),
                        rec_array(), big, fortran=fort, dates=dates, empty=empty)

    np.savez(out("empty.npz", "np.savez(f) with no arrays: a bare end-of-central-directory record"))

    # 300 tiny members for member-count limits.
    many = {"m%03d" % i: np.uint8(i % 256) for i in range(300)}
    np.savez(out("large_names_many.npz", "300 members m000..m299, each a 0-d u1"), **many)

    np.savez(out("unicode_names.npz", "non-ASCII member names (UTF-8 flag set)"),
             **{"temp\u00e9rature": np.array([21.5, 19.0], dtype="<f8"),
                "\u6570\u636e": np.array([1, 2, 3], dtype="<i8"),
                "emoji\U0001F600": np.array([b"ok"], dtype="S2")})


def gen_non_npy_member():
    path = out("non_npy_member.npz",
               "np.savez archive with a text and a binary member appended by zipfile")
    np.savez(path, data=np.array([10, 20, 30], dtype="<u2"))
    with zipfile.ZipFile(path, "a") as zf:
        # writestr with a plain name: zipfile stamps time.localtime() (patched).
        zf.writestr("notes.txt", "These are notes, not an array.\n")
        zf.writestr("raw.bin", b"\xde\xad\xbe\xef\x00\x01\xfe\xff")


def gen_hostile_names():
    f8 = np.array([1.0, 2.0], dtype="<f8")
    write_zip(out("dotdot_names.npz", "member names with .., a leading / and subdirectories"), [
        ("../escape.npy", npy_bytes(f8 * -1)),
        ("sub/../../up.npy", npy_bytes(f8 * 2)),
        ("/abs.npy", npy_bytes(f8 * 3)),
        ("ok.npy", npy_bytes(f8 * 4)),
        ("dir/nested.npy", npy_bytes(f8 * 5)),
    ])

    write_zip(out("nul_name.npz", "a member name containing a NUL byte"), [
        ("good.npy\x00evil", npy_bytes(np.array([6, 6, 6], dtype="<i2"))),
        ("plain.npy", npy_bytes(np.array([1, 2], dtype="<i2"))),
    ])

    write_zip(out("double_suffix.npz", "names a.npy.npy and b (no suffix): NumPy strips one .npy"), [
        ("a.npy.npy", npy_bytes(np.array([1.25, -1.25], dtype="<f4"))),
        ("b", npy_bytes(np.array([[1, 2], [3, 4]], dtype="<u1"))),
    ])


def gen_other_compression():
    write_zip(out("lzma.npz", "ZIP_LZMA (method 14) members"), [
        ("x.npy", npy_bytes(np.arange(12, dtype="<f8").reshape(3, 4) / 4)),
        ("y.npy", npy_bytes(np.array(["lzma", "\u00fcber"], dtype="<U4"))),
    ], compression=zipfile.ZIP_LZMA)
    write_zip(out("bzip2.npz", "ZIP_BZIP2 (method 12) members"), [
        ("x.npy", npy_bytes(np.arange(10, dtype=">i8") - 5)),
        ("y.npy", npy_bytes(np.array([True, False, True]))),
    ], compression=zipfile.ZIP_BZIP2)


def gen_zstd():
    if zstd_zipfile is None:
        print("NOTE: backports.zstd not available; zstd.npz skipped")
        return False
    write_zip(out("zstd.npz", "ZIP_ZSTANDARD (method 93) members, written with backports.zstd"), [
        ("x.npy", npy_bytes(np.linspace(0, 1, 9, dtype="<f8").reshape(3, 3))),
        ("y.npy", npy_bytes(np.array([-1, 0, 1], dtype="<i1"))),
    ], compression=zstd_zipfile.ZIP_ZSTANDARD, module=zstd_zipfile)
    return True


# ---------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------

def parse_npy_header(blob):
    """(header dict) from the bytes of a .npy file."""
    version = (blob[6], blob[7])
    if version == (1, 0):
        (hlen,) = struct.unpack_from("<H", blob, 8)
        start = 10
    else:
        (hlen,) = struct.unpack_from("<I", blob, 8)
        start = 12
    enc = "utf8" if version == (3, 0) else "latin1"
    return ast.literal_eval(blob[start:start + hlen].decode(enc))


def raw_name_bytes(zi):
    return zi.orig_filename.encode("utf-8" if zi.flag_bits & 0x800 else "cp437")


def describe_archive(name):
    path = os.path.join(OUT_DIR, name)
    reader = zstd_zipfile if zstd_zipfile is not None else zipfile
    members = []
    with reader.ZipFile(path) as zf:
        infos = zf.infolist()
        namelist = zf.namelist()
        for zi in infos:
            data = zf.read(zi)
            with_hex = len(data) <= NPY_HEX_LIMIT and len(infos) <= NPY_HEX_MAX_MEMBERS
            assert len(data) == zi.file_size
            m = {
                "zip_name": zi.orig_filename,
                "name_hex": raw_name_bytes(zi).hex(),
                "utf8_flag": bool(zi.flag_bits & 0x800),
                "compress_type": zi.compress_type,
                "compressed_size": zi.compress_size,
                "file_size": zi.file_size,
                "crc": zi.CRC,
                "is_npy": data.startswith(MAGIC),
            }
            if m["is_npy"]:
                arr = npformat.read_array(io.BytesIO(data), allow_pickle=False)
                hdr = parse_npy_header(data)
                assert tuple(hdr["shape"]) == arr.shape
                m.update({
                    "descr": repr(npformat.dtype_to_descr(arr.dtype)),
                    "shape": list(arr.shape),
                    "fortran_order": bool(hdr["fortran_order"]),
                    "c_bytes": arr.tobytes(order="C").hex(),
                    "npy_hex": data.hex() if with_hex else None,
                })
            members.append(m)

    # What NumPy itself (stdlib zipfile) makes of the archive.
    loadable = []
    with np.load(path) as npz:
        numpy_files = list(npz.files)
        for key in numpy_files:
            try:
                value = npz[key]
            except Exception as exc:  # record, do not fail
                loadable.append({"name": key, "ok": False, "error": type(exc).__name__})
            else:
                kind = "ndarray" if isinstance(value, np.ndarray) else type(value).__name__
                loadable.append({"name": key, "ok": True, "kind": kind})

    return {
        "file": name,
        "note": ARCHIVES[name],
        "numpy_version": np.__version__,
        "python_version": "%d.%d.%d" % sys.version_info[:3],
        "numpy_files": numpy_files,
        "zip_names": [zi.orig_filename for zi in infos],
        "zipfile_namelist": namelist,
        # Archives with many members keep only their names here: the
        # manifest would otherwise outweigh the corpus. Tests check those by
        # count and by reading them back.
        "loadable_by_name": loadable if len(infos) <= NPY_HEX_MAX_MEMBERS else None,
        "members": members if len(infos) <= NPY_HEX_MAX_MEMBERS else None,
    }


def dump_manifest(entries, path):
    """JSON list; one line per archive header and per member (diff friendly)."""
    parts = []
    for e in entries:
        head = {k: v for k, v in e.items() if k != "members"}
        text = json.dumps(head, ensure_ascii=False)[:-1] + ', "members": ['
        if e["members"] is None:
            parts.append(json.dumps(e, ensure_ascii=False))
            continue
        if e["members"]:
            text += "\n" + ",\n".join(
                "  " + json.dumps(m, ensure_ascii=False) for m in e["members"]) + "\n"
        text += "]}"
        parts.append(text)
    with open(path, "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(parts) + "\n]\n")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for fn in os.listdir(OUT_DIR):
        if fn.endswith(".npz"):
            os.remove(os.path.join(OUT_DIR, fn))

    with fixed_zip_time():
        gen_savez()
        gen_non_npy_member()
        gen_hostile_names()
        gen_other_compression()
        have_zstd = gen_zstd()

    entries = [describe_archive(n) for n in sorted(ARCHIVES)]
    by = {e["file"]: e for e in entries}

    # Sanity checks on what the corpus is meant to show.
    assert by["positional_stored.npz"]["numpy_files"] == ["arr_0", "arr_1", "arr_2"]
    assert by["mixed_compressed.npz"]["numpy_files"] == ["fortran", "dates", "empty", "arr_0", "arr_1"]
    assert by["empty.npz"]["members"] == []
    assert by["double_suffix.npz"]["numpy_files"] == ["a.npy", "b"]
    assert by["nul_name.npz"]["zip_names"][0] == "good.npy\x00evil"
    assert len(by["large_names_many.npz"]["zip_names"]) == 300
    assert [m["compress_type"] for m in by["keywords_compressed.npz"]["members"]] == [8, 8, 8]
    assert [m["compress_type"] for m in by["lzma.npz"]["members"]] == [14, 14]
    assert [m["compress_type"] for m in by["bzip2.npz"]["members"]] == [12, 12]
    if have_zstd:
        assert [m["compress_type"] for m in by["zstd.npz"]["members"]] == [93, 93]
    fort = [m for m in by["mixed_compressed.npz"]["members"] if m["zip_name"] == "fortran.npy"]
    assert fort[0]["fortran_order"] is True

    dump_manifest(entries, os.path.join(OUT_DIR, "manifest.json"))

    total = 0
    for fn in sorted(os.listdir(OUT_DIR)):
        p = os.path.join(OUT_DIR, fn)
        total += os.path.getsize(p)
    print(f"wrote {len(entries)} archives to {OUT_DIR} (numpy {np.__version__}, "
          f"python {sys.version.split()[0]}); total {total} bytes incl. manifest")
    if not have_zstd:
        print("zstd.npz skipped")


if __name__ == "__main__":
    main()
