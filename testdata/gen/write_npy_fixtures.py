#!/usr/bin/env python3
"""Generate the committed .npy fixture corpus used by the npio Rust tests.

Run from the repository root:

    .venv/bin/python testdata/gen/write_npy_fixtures.py

Outputs
-------
* ``testdata/npy/*.npy``          -- the fixtures (stale ``*.npy`` are deleted first)
* ``testdata/npy/manifest.json``  -- one JSON object per fixture describing what a
  correct reader must find in it (see ``testdata/README.md`` for the schema).

Determinism
-----------
No random number generator is used: every value comes from a literal list or a
simple arithmetic formula, so re-running the script produces byte-identical
files (for a given NumPy version and platform).  Two places need extra care
because NumPy may leave bytes uninitialised:

* structured arrays are always created with ``np.zeros`` before fields are
  assigned, so padding/gap bytes are zero;
* x86 80-bit ``long double`` values occupy 16 bytes of which only 10 are
  meaningful; the 6 padding bytes are explicitly zeroed.

Naming scheme
-------------
``<dtype>_<endian>_<order>_<shape>.npy``

* dtype  : type code without byte-order char (``f8``, ``S5``, ``U3``, ``V4``);
  datetime units are written with a dash (``M8-ns``, ``M8-3D``, ``m8-25us``);
  structured dtypes use ``rec<kind>`` (``recsimple``, ``recnested`` ...);
  the pickled object array is ``object``.
* endian : ``le`` / ``be``; ``na`` when the dtype has no byte order;
  ``mx`` for a record with mixed-endian fields.
* order  : ``c`` / ``f`` (the value of ``fortran_order`` in the header).
* shape  : ``0d`` = (), ``empty`` = (0,), ``empty3d`` = (2, 0, 3),
  ``1d`` = (5,) for plain dtypes / (4,) for records, ``3d`` = (2, 3, 4).

Hand-crafted header variants carry a ``hdr-<variant>_`` prefix in front of
the same scheme, e.g. ``hdr-align16_f8_le_c_1d.npy``.
"""

import ast
import io
import json
import os
import re
import struct
import sys
import warnings

import numpy as np

# NumPy moved the implementation module around between versions; the public
# ``np.lib.format`` namespace has everything we need.
from numpy.lib import format as npformat

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "npy"))

MAGIC = b"\x93NUMPY"

# Shapes used by the grid.  SHAPE_3D has exactly 24 elements (the size cap).
SHAPES = {
    "0d": (),
    "empty": (0,),
    "empty3d": (2, 0, 3),
    "1d": (5,),
    "3d": (2, 3, 4),
}

# Every generated fixture is registered here: file name -> info dict used to
# build the manifest.  Filled by the save helpers below.
FIXTURES = {}


# ---------------------------------------------------------------------------
# Value generation
# ---------------------------------------------------------------------------

def take(values, n):
    """Return the first ``n`` items of ``values`` cycling if it is too short."""
    return [values[i % len(values)] for i in range(n)]


def int_values(dt, n):
    """Integer values: type extremes first, then a deterministic spread."""
    info = np.iinfo(dt)
    special = [info.min, info.max, 0, 1]
    if info.min < 0:
        special += [-1, info.min + 1, info.max - 1]
    else:
        special += [info.max - 1, 2]
    # Filler: a multiplicative walk that stays inside the type's range.
    span = int(info.max) - int(info.min) + 1
    filler = [int(info.min) + (i * 2654435761 + 12345) % span for i in range(n)]
    return take(special + filler, n)


def float_values(dt, n):
    """Float values: nan, +-inf, -0.0, subnormals, extremes, then ordinary."""
    fi = np.finfo(dt)
    special = [
        -0.0, np.nan, np.inf, -np.inf,
        fi.smallest_subnormal, -fi.smallest_subnormal * 3,  # subnormals
        fi.tiny,          # smallest normal
        fi.max, -fi.max,
        fi.eps,
        1.0, -2.5, 0.1, 1.0 / 3.0,
    ]
    filler = [(i - 7) * 0.375 for i in range(n)]
    return take(special + filler, n)


def complex_values(dt, n):
    """Complex values: nan/inf in real and imaginary parts, -0.0, ordinary."""
    real_dt = np.empty(0, dt).real.dtype
    fi = np.finfo(real_dt)
    special = [
        complex(-0.0, 0.0), complex(np.nan, 1.0), complex(2.0, np.nan),
        complex(np.inf, -np.inf), complex(-np.inf, np.nan),
        complex(0.0, -0.0), complex(1.5, -2.25),
        complex(float(fi.smallest_subnormal), float(fi.max)),
    ]
    filler = [complex((i - 5) * 0.5, i * 0.25) for i in range(n)]
    return take(special + filler, n)


def bool_values(n):
    """Mixed True/False, not a plain alternation."""
    return take([True, False, False, True, True, False, True], n)


def bytes_values(n):
    """S5: full-width, short (NUL padded), empty, embedded NUL, 0xff byte."""
    special = [b"hello", b"ab", b"", b"\xffz", b"a\x00b", b"xyz12", b"Q"]
    filler = [("s%d" % i).encode() for i in range(n)]
    return take(special + filler, n)


def unicode_values(n):
    """U3: ASCII, short, empty, BMP non-ASCII, astral (emoji) code point."""
    special = ["abc", "\u00e9", "\u20ac", "\U0001F600", "", "a\u00e9\u20ac", "z\U0001F680"]
    filler = ["u%d" % i for i in range(n)]
    return take(special + filler, n)


def void_values(n):
    """V4: raw bytes including 0x00 and 0xff."""
    vals = [bytes([(i * 4 + k) * 37 % 256 for k in range(4)]) for i in range(n)]
    if n:
        vals[0] = b"\x00\x00\x00\x00"
    if n > 1:
        vals[1] = b"\xff\x00\xfe\x01"
    return vals


NAT = np.iinfo(np.int64).min  # the int64 bit pattern NumPy uses for NaT


def datetime_ints(n):
    """int64 counts for datetime/timedelta arrays, NaT included."""
    special = [0, NAT, 1, -1, 19782, 1709210096, -86400, NAT + 1, np.iinfo(np.int64).max]
    filler = [i * 1000003 - 7 for i in range(n)]
    return take(special + filler, n)


def make_array(code, n):
    """1-D little-endian/native array of ``n`` interesting values for ``code``."""
    if code == "b1":
        return np.array(bool_values(n), dtype="?")
    if code[0] in "iu":
        dt = np.dtype("<" + code)
        return np.array(int_values(dt, n), dtype=dt)
    if code[0] == "f":
        dt = np.dtype("<" + code)
        with np.errstate(over="ignore"):
            return np.array(float_values(dt, n), dtype=dt)
    if code[0] == "c":
        dt = np.dtype("<" + code)
        return np.array(complex_values(dt, n), dtype=dt)
    if code == "S5":
        return np.array(bytes_values(n), dtype="S5")
    if code == "U3":
        return np.array(unicode_values(n), dtype="<U3")
    if code == "V4":
        return np.array(void_values(n), dtype="V4")
    if code[0] in "Mm":
        # e.g. "M8[ns]", "m8[25us]"; reinterpret int64 counts in that unit.
        return np.array(datetime_ints(n), dtype="<i8").view("<" + code)
    raise ValueError(code)


def fix_longdouble_padding(arr):
    """Zero the unused bytes of x86 80-bit extended precision values.

    np.longdouble on x86-64 is stored in 16 bytes but only the low 10 carry
    the value; the rest may be uninitialised memory, which would make the
    fixture non-deterministic.  Only touches the layout we know about.
    """
    fi = np.finfo(np.longdouble)
    if np.dtype(np.longdouble).itemsize == 16 and fi.nmant == 63:
        raw = arr.view(np.uint8).reshape(-1, 16)
        raw[:, 10:] = 0
    return arr


# ---------------------------------------------------------------------------
# Saving helpers
# ---------------------------------------------------------------------------

def endian_tag(dt):
    """'le' / 'be' / 'na' for a simple dtype."""
    bo = dt.byteorder
    if bo == "|":
        return "na"
    if bo == "=":
        return "le" if sys.byteorder == "little" else "be"
    return "le" if bo == "<" else "be"


def save_np(name, arr, allow_pickle=False, load_kwargs=None):
    """np.save ``arr`` under ``name`` and register it for the manifest.

    Also checks that np.load gives back exactly what we wrote (same dtype,
    shape, byte content and memory order).
    """
    assert name.endswith(".npy"), name
    path = os.path.join(OUT_DIR, name)
    assert name not in FIXTURES, "duplicate fixture " + name
    with warnings.catch_warnings():
        # v2.0 / v3.0 headers make np.save warn; that is intended here.
        warnings.simplefilter("ignore", UserWarning)
        np.save(path, arr, allow_pickle=allow_pickle)
    FIXTURES[name] = {
        "expected": arr,
        "descr_text": repr(npformat.dtype_to_descr(arr.dtype)),
        "handcrafted": False,
        "load_kwargs": dict(load_kwargs or {}, allow_pickle=allow_pickle),
    }


def save_grid(code, endians, shapes, orders_3d=("c", "f")):
    """Save ``code`` for each endian x shape (and both orders for 3-D)."""
    for endian in endians:
        for shape_tag in shapes:
            shape = SHAPES[shape_tag]
            n = int(np.prod(shape))
            base = make_array(code, n)
            if code == "b1" or base.dtype.byteorder == "|":
                dt = base.dtype
            else:
                dt = base.dtype.newbyteorder("<" if endian == "le" else ">")
            arr = base.astype(dt).reshape(shape)
            tag = code.replace("[", "-").replace("]", "")
            assert endian_tag(arr.dtype) == endian, (code, endian)
            orders = orders_3d if shape_tag == "3d" else ("c",)
            for order in orders:
                # Note: np.ascontiguousarray would turn 0-d into shape (1,).
                out = np.asfortranarray(arr) if order == "f" else arr.copy(order="C")
                assert out.shape == shape
                if order == "f":
                    # Must really be F-only so np.save writes fortran_order=True.
                    assert out.flags.f_contiguous and not out.flags.c_contiguous
                save_np(f"{tag}_{endian}_{order}_{shape_tag}.npy", out)


# ---------------------------------------------------------------------------
# 1. Simple dtypes
# ---------------------------------------------------------------------------

def gen_simple():
    all_shapes = ["0d", "empty", "empty3d", "1d", "3d"]
    # Byte-order-less numeric types.
    for code in ["b1", "i1", "u1"]:
        save_grid(code, ["na"], all_shapes)
    # Numeric types with a byte order: full grid, both byte orders.
    for code in ["i2", "i4", "i8", "u2", "u4", "u8",
                 "f2", "f4", "f8", "c8", "c16"]:
        save_grid(code, ["le", "be"], all_shapes)
    # Strings / void / datetimes: 1-D and 3-D (C and F).
    for code in ["S5", "V4"]:
        save_grid(code, ["na"], ["1d", "3d"])
    for code in ["U3", "M8[ns]", "M8[D]", "M8[3D]", "m8[s]", "m8[25us]"]:
        save_grid(code, ["le", "be"], ["1d", "3d"])

    # Long double: platform dependent (<f16 / <c32 on x86-64); 1-D LE only.
    ld = np.array([1.0 / 3.0, -0.0, np.nan, np.inf, -np.inf], dtype=np.longdouble)
    ld[0] = np.longdouble(1) / np.longdouble(3)  # use the extra precision
    ld = fix_longdouble_padding(ld.astype(np.dtype(np.longdouble).newbyteorder("<")))
    save_np(f"{ld.dtype.str[1:]}_le_c_1d.npy", ld)

    cld = np.zeros(5, dtype=np.dtype(np.clongdouble).newbyteorder("<"))
    cld.real = [np.longdouble(1) / np.longdouble(3), np.nan, np.inf, -0.0, 2.5]
    cld.imag = [-np.longdouble(2) / np.longdouble(3), 1.0, np.nan, 0.0, -np.inf]
    fix_longdouble_padding(cld)
    save_np(f"{cld.dtype.str[1:]}_le_c_1d.npy", cld)


# ---------------------------------------------------------------------------
# 2. Structured dtypes
# ---------------------------------------------------------------------------

def fill_record(dt, shape, seed):
    """np.zeros of a structured dtype with every leaf field filled.

    Starting from zeros guarantees gap/padding bytes are zero (deterministic).
    ``seed`` just offsets the formula so different files differ.
    """
    arr = np.zeros(shape, dtype=dt)
    flat = arr.reshape(-1)  # a view (zeros is contiguous)
    n = flat.size

    def fill(view, fdt, k):
        base = fdt.base if fdt.subdtype else fdt
        sub = fdt.shape if fdt.subdtype else ()
        m = int(np.prod(sub)) if sub else 1
        total = n * m
        if base.names is not None:
            for j, nm in enumerate(base.names):
                fill(view[nm], base.fields[nm][0], k * 7 + j + 1)
            return
        c = base.kind
        idx = np.arange(total) + seed + k
        if c == "b":
            vals = (idx % 3) == 0
        elif c in "iu":
            info = np.iinfo(base)
            vals = [int(info.min) + (int(i) * 40503 + 11) % (int(info.max) - int(info.min) + 1)
                    for i in idx]
            if total:
                vals[0] = int(info.max)
        elif c == "f":
            vals = [(int(i) - 3) * 0.625 for i in idx]
            if total > 1:
                vals[1] = np.nan
        elif c == "S":
            vals = [(b"r%d\xff" % i)[: base.itemsize] for i in idx]
        elif c == "U":
            vals = [("\u00e9%d" % (i % 10))[: base.itemsize // 4] for i in idx]
        elif c == "M":
            vals = np.array([1709210096 + int(i) * 3600 for i in idx], "<i8")
            if total:
                vals[-1] = NAT
            vals = vals.view("<M8[s]")
        else:
            raise ValueError(base)
        view[...] = np.array(vals).astype(base).reshape(view.shape)

    for j, nm in enumerate(dt.names):
        fill(flat[nm], dt.fields[nm][0], j)
    return arr


def gen_structured():
    rec = np.dtype([("x", "<f8"), ("y", "<i4")])
    save_np("recsimple_le_c_1d.npy", fill_record(rec, (4,), 0))
    save_np("recsimple_le_c_0d.npy", fill_record(rec, (), 1))
    save_np("recsimple_le_c_3d.npy", fill_record(rec, (2, 3, 4), 2))
    f3 = np.asfortranarray(fill_record(rec, (2, 3, 4), 3))
    assert f3.flags.f_contiguous and not f3.flags.c_contiguous
    save_np("recsimple_le_f_3d.npy", f3)

    nested = np.dtype([("a", [("b", "<i2"), ("c", "<f4")]), ("d", "u1")])
    save_np("recnested_le_c_1d.npy", fill_record(nested, (4,), 4))

    subarr = np.dtype([("m", "<f4", (2, 3)), ("n", "<i8")])
    save_np("recsubarr_le_c_1d.npy", fill_record(subarr, (4,), 5))

    # Leading gap (0..4), middle gap (8..16), trailing gap (24..32).
    padded = np.dtype({"names": ["a", "b"], "formats": ["<i4", "<f8"],
                       "offsets": [4, 16], "itemsize": 32})
    save_np("recpadded_le_c_1d.npy", fill_record(padded, (4,), 6))

    aligned = np.dtype([("a", "u1"), ("b", "<i4"), ("c", "u1")], align=True)
    assert aligned.isalignedstruct and aligned.itemsize == 12
    save_np("recaligned_le_c_1d.npy", fill_record(aligned, (4,), 7))

    titles = np.dtype([(("My title", "t"), "<f8"), ("u", "<i2")])
    save_np("rectitles_le_c_1d.npy", fill_record(titles, (4,), 8))

    # Field names that need quoting care inside the header's Python literal.
    quotes = np.dtype([("it's", "<i4"), ('say "hi"', "<f8")])
    save_np("recquotes_le_c_1d.npy", fill_record(quotes, (4,), 9))

    # Latin-1-representable non-ASCII name: NumPy still writes v1.0 but the
    # header bytes are latin1 encoded (0xE9 for 'é'), not UTF-8.
    latin = np.dtype([("température", "<f8"), ("n", "<i2")])
    save_np("reclatin1_le_c_1d.npy", fill_record(latin, (4,), 10))

    # Not representable in latin1 -> NumPy must use a 3.0 (UTF-8) header.
    uni = np.dtype([("température", "<f8"), ("数据", "<i4")])
    save_np("recunicode_le_c_1d.npy", fill_record(uni, (4,), 11))

    mixed = np.dtype([("be", ">i4"), ("le", "<i4"), ("bf", ">f8"), ("lf", "<f4")])
    save_np("recmixed_mx_c_1d.npy", fill_record(mixed, (4,), 12))

    strdt = np.dtype([("s", "S4"), ("u", "<U2"), ("t", "<M8[s]")])
    save_np("recstrdt_le_c_1d.npy", fill_record(strdt, (4,), 13))


# ---------------------------------------------------------------------------
# 3. Many fields -> version 2.0 header
# ---------------------------------------------------------------------------

def gen_many_fields():
    """Smallest-ish record whose header exceeds 65535 bytes (u16 limit).

    Each field ``('v2_many_fields_NNNN', '|u1'), `` costs 31 header bytes, so
    ~2120 fields overflow the 1.0 HEADER_LEN.  Longer names mean fewer fields
    (the file is ~66 KiB either way, the data is one byte per field), and fewer
    entries in the manifest's "fields" list, which is where most of the
    manifest's size comes from.
    """
    def name(i):
        return "v2_many_fields_%04d" % i
    per_field = len(repr((name(0), "|u1"))) + 2   # "(...), "
    n = 65536 // per_field + 8
    names = [name(i) for i in range(n)]
    dt = np.dtype([(nm, "u1") for nm in names])
    arr = np.zeros((1,), dtype=dt)
    arr.view(np.uint8)[:] = np.arange(n) % 251
    # np.load refuses headers > 10000 chars unless max_header_size is raised.
    save_np("recmany_na_c_1d.npy", arr, load_kwargs={"max_header_size": 200000})


# ---------------------------------------------------------------------------
# 4. Object dtype (pickled data)
# ---------------------------------------------------------------------------

def gen_object():
    arr = np.array([1, "a", None], dtype=object)
    save_np("object_na_c_1d.npy", arr, allow_pickle=True)


# ---------------------------------------------------------------------------
# 5. Hand-crafted header variants
# ---------------------------------------------------------------------------

def write_raw(name, version, header_text, data, expected, descr_text, trailing=b"",
              load_kwargs=None):
    """Write magic + version + HEADER_LEN + header_text + data + trailing.

    ``header_text`` must already contain any padding and the final '\\n'.
    HEADER_LEN is u16 for 1.0 and u32 for 2.0/3.0; the header text is latin1
    for 1.0/2.0 and UTF-8 for 3.0.
    """
    enc = "utf8" if version == (3, 0) else "latin1"
    hbytes = header_text.encode(enc)
    fmt = "<H" if version == (1, 0) else "<I"
    blob = MAGIC + bytes(version) + struct.pack(fmt, len(hbytes)) + hbytes + data + trailing
    with open(os.path.join(OUT_DIR, name), "wb") as f:
        f.write(blob)
    FIXTURES[name] = {
        "expected": expected,
        "descr_text": descr_text,
        "handcrafted": True,
        "load_kwargs": dict(load_kwargs or {}, allow_pickle=False),
    }


def gen_handcrafted():
    f8 = np.array([1.5, -0.0, np.nan], dtype="<f8")

    # (a) NumPy < 1.14 style: sorted keys with trailing ", ", no growth padding,
    # padded with spaces so that prefix (10 bytes) + header is a multiple of 16.
    # Old NumPy always added 1..16 spaces (16 when already aligned).
    dict_text = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"
    topad = 16 - ((8 + 2 + len(dict_text) + 1) % 16)
    header = dict_text + " " * topad + "\n"
    assert (10 + len(header)) % 16 == 0 and (10 + len(header)) % 64 != 0
    write_raw("hdr-align16_f8_le_c_1d.npy", (1, 0), header, f8.tobytes(), f8, "'<f8'")

    # (b) keys in another order, no trailing comma, no padding at all.
    header = "{'shape': (3,), 'fortran_order': False, 'descr': '<f8'}\n"
    assert (10 + len(header)) % 16 != 0
    write_raw("hdr-unpadded_f8_le_c_1d.npy", (1, 0), header, f8.tobytes(), f8, "'<f8'")

    # (c) double-quoted strings, padded to 64 like modern NumPy.
    i4 = np.array([[1, -2], [2147483647, -2147483648]], dtype="<i4")
    dict_text = '{"descr": "<i4", "fortran_order": False, "shape": (2, 2), }'
    pad = 64 - ((10 + len(dict_text) + 1) % 64)
    header = dict_text + " " * pad + "\n"
    write_raw("hdr-dquote_i4_le_c_2d.npy", (1, 0), header, i4.tobytes(), i4, '"<i4"')

    # (d) Python 2 long suffix in shape (NumPy warns but loads via _filter_header).
    i8 = np.array([7, -8, 9], dtype="<i8")
    dict_text = "{'descr': '<i8', 'fortran_order': False, 'shape': (3L,), }"
    pad = 64 - ((10 + len(dict_text) + 1) % 64)
    write_raw("hdr-py2long_i8_le_c_1d.npy", (1, 0), dict_text + " " * pad + "\n",
              i8.tobytes(), i8, "'<i8'")

    u2 = np.arange(6, dtype="<u2").reshape(2, 3) * 1000
    dict_text = "{'descr': '<u2', 'fortran_order': False, 'shape': (2L, 3L), }"
    pad = 64 - ((10 + len(dict_text) + 1) % 64)
    write_raw("hdr-py2long_u2_le_c_2d.npy", (1, 0), dict_text + " " * pad + "\n",
              u2.tobytes(), u2, "'<u2'")

    # (e) version 2.0 (u32 HEADER_LEN) for a small array; prefix is 12 bytes.
    i2 = np.array([1, -1, 32767, -32768], dtype=">i2")
    dict_text = "{'descr': '>i2', 'fortran_order': False, 'shape': (4,), }"
    pad = 64 - ((12 + len(dict_text) + 1) % 64)
    write_raw("hdr-v2_i2_be_c_1d.npy", (2, 0), dict_text + " " * pad + "\n",
              i2.tobytes(), i2, "'>i2'")

    # (f) version 3.0 (u32 HEADER_LEN, UTF-8 header) for a plain '<f8' array.
    dict_text = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"
    pad = 64 - ((12 + len(dict_text) + 1) % 64)
    write_raw("hdr-v3_f8_le_c_1d.npy", (3, 0), dict_text + " " * pad + "\n",
              f8.tobytes(), f8, "'<f8'")

    # (g) canonical header but garbage bytes after the data.
    f4 = np.array([[1.0, 2.0, 3.0], [-1.0, np.inf, 0.5]], dtype="<f4")
    dict_text = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
    dict_text += " " * (21 - len("2"))  # same growth padding np.save adds
    pad = 64 - ((10 + len(dict_text) + 1) % 64)
    write_raw("hdr-trailing_f4_le_c_2d.npy", (1, 0), dict_text + " " * pad + "\n",
              f4.tobytes(), f4, "'<f4'", trailing=b"GARBAGE\x00\xff\x93NUMPY junk")


# ---------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------

def parse_prefix(blob):
    """Return (version, header_len, data_offset, header_text) from file bytes."""
    assert blob[:6] == MAGIC, "bad magic"
    version = (blob[6], blob[7])
    if version == (1, 0):
        (hlen,) = struct.unpack_from("<H", blob, 8)
        start = 10
    else:
        (hlen,) = struct.unpack_from("<I", blob, 8)
        start = 12
    enc = "utf8" if version == (3, 0) else "latin1"
    text = blob[start:start + hlen].decode(enc)
    return version, hlen, start + hlen, text


def parse_header_dict(text):
    """Evaluate the header literal, tolerating Python 2 ``123L`` ints."""
    try:
        return ast.literal_eval(text)
    except SyntaxError:
        return ast.literal_eval(re.sub(r"(\d)L\b", r"\1", text))


def jsonable(obj):
    """Tuples -> lists recursively (for descr_json)."""
    if isinstance(obj, (list, tuple)):
        return [jsonable(x) for x in obj]
    return obj


def field_info(dt):
    """Top-level field table, or None for non-structured dtypes."""
    if dt.names is None:
        return None
    out = []
    for nm in dt.names:
        fdt, offset = dt.fields[nm][:2]
        base, shape = (fdt.subdtype if fdt.subdtype else (fdt, ()))
        out.append({
            "name": nm,
            "offset": offset,
            "descr": None if base.names is not None else base.str,
            "shape": list(shape),
        })
    return out


def build_manifest():
    entries = []
    for name in sorted(FIXTURES):
        info = FIXTURES[name]
        path = os.path.join(OUT_DIR, name)
        with open(path, "rb") as f:
            blob = f.read()
        version, hlen, data_offset, text = parse_prefix(blob)
        assert text.endswith("\n"), name
        hdr = parse_header_dict(text)
        descr_text = info["descr_text"]
        # The descr text we report must appear verbatim in the header.
        assert descr_text in text, (name, descr_text, text)

        # --- NumPy must be able to load it, and get back what we meant.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # py2 'L' warning
            loaded = np.load(path, **info["load_kwargs"])
        exp = info["expected"]
        assert loaded.dtype == exp.dtype, (name, loaded.dtype, exp.dtype)
        assert loaded.shape == exp.shape, name
        is_object = loaded.dtype.hasobject
        if is_object:
            assert loaded.tolist() == exp.tolist(), name
            c_bytes = None
        else:
            c_bytes = loaded.tobytes(order="C")
            assert c_bytes == exp.tobytes(order="C"), name
        if not info["handcrafted"]:
            assert bool(loaded.flags.f_contiguous and not loaded.flags.c_contiguous) == hdr["fortran_order"]

        # Header fields must agree with what NumPy loaded.
        assert tuple(hdr["shape"]) == loaded.shape, name
        assert npformat.descr_to_dtype(hdr["descr"]) == loaded.dtype, name

        # --- canonical: would today's np.save produce exactly these bytes?
        buf = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            np.save(buf, loaded, allow_pickle=is_object)
        canonical = buf.getvalue() == blob

        # Headers too large to be worth repeating in the manifest (the
        # many-fields file) are checked by re-writing instead: the manifest
        # keeps their sizes and bytes, not their descr.
        big = len(descr_text) > 4096
        entries.append({
            "file": name,
            "version": list(version),
            "header_len": hlen,
            "data_offset": data_offset,
            "descr": None if big else descr_text,
            "descr_json": None if big else jsonable(npformat.dtype_to_descr(loaded.dtype)),
            "shape": list(loaded.shape),
            "fortran_order": bool(hdr["fortran_order"]),
            "itemsize": loaded.dtype.itemsize,
            "c_bytes": None if c_bytes is None else c_bytes.hex(),
            "canonical": canonical,
            "numpy_version": np.__version__,
            "object": bool(is_object),
            "fields": None if big else field_info(loaded.dtype),
        })
    return entries


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    # Remove stale fixtures so renamed/dropped files do not linger.
    for fn in os.listdir(OUT_DIR):
        if fn.endswith(".npy"):
            os.remove(os.path.join(OUT_DIR, fn))

    gen_simple()
    gen_structured()
    gen_many_fields()
    gen_object()
    gen_handcrafted()

    entries = build_manifest()

    # Sanity checks on the special cases the corpus is meant to exercise.
    by_name = {e["file"]: e for e in entries}
    assert by_name["recmany_na_c_1d.npy"]["version"] == [2, 0]
    assert by_name["recmany_na_c_1d.npy"]["header_len"] > 65535
    assert by_name["recunicode_le_c_1d.npy"]["version"] == [3, 0]
    assert by_name["reclatin1_le_c_1d.npy"]["version"] == [1, 0]
    # Every np.save file must round-trip byte-exactly; no hand-crafted one can.
    for e in entries:
        assert e["canonical"] == (not e["file"].startswith("hdr-")), e["file"]
    assert by_name["f8_le_f_3d.npy"]["fortran_order"] is True

    with open(os.path.join(OUT_DIR, "manifest.json"), "w", encoding="utf-8") as f:
        # One entry per line: compact, yet diffs stay per-file.
        f.write("[\n")
        f.write(",\n".join(json.dumps(e, ensure_ascii=False) for e in entries))
        f.write("\n]\n")

    non_canon = [e["file"] for e in entries if not e["canonical"]]
    print(f"wrote {len(entries)} fixtures to {OUT_DIR} (numpy {np.__version__})")
    print("non-canonical:", ", ".join(non_canon))


if __name__ == "__main__":
    main()
