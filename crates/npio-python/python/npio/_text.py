"""``loadtxt`` and ``savetxt`` with NumPy's signatures, parsed and
formatted by npio on every core."""

import bz2
import gzip
import io
import lzma
import operator
import os
import re
import warnings

import numpy as np

from . import _npio, _numpy
from ._arrays import descr_of, to_array, to_parts


def _comments(comments):
    if comments is None:
        return []
    if isinstance(comments, (str, bytes)):
        comments = [comments]
    return [c.decode("latin1") if isinstance(c, bytes) else str(c) for c in comments]


def _usecols(usecols):
    if usecols is None:
        return None
    try:
        return [operator.index(usecols)]
    except TypeError:
        if not hasattr(usecols, "__iter__"):
            raise TypeError(
                "usecols must be an int or a sequence of ints but it is of "
                f"type {type(usecols)}") from None
    cols = []
    for c in usecols:
        try:
            cols.append(operator.index(c))
        except TypeError as e:
            raise TypeError(
                "usecols must be an int or a sequence of ints but it "
                f"contains at least one element of type {type(c)}") from e
    return cols


def _int_arg(name, value):
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError(f"'{name}' argument must be an integer") from None
    if value < 0:
        raise ValueError(f"'{name}' argument must be nonnegative")
    return value


def _control(name, value):
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin1")
    if not isinstance(value, str) or len(value) != 1:
        raise TypeError(
            "Text reading control character must be a single unicode "
            f"character or None; but got: {value!r} for {name}")
    if value in "\r\n":
        raise TypeError(f"control character {name}={value!r} cannot be a newline "
                        "(`\\r` or `\\n`).")
    return value


def _check_controls(delimiter, comments, quotechar):
    """NumPy's checks of the control characters against each other."""
    if any(c == "" for c in comments):
        raise ValueError("comments cannot be an empty string. Use comments=None "
                         "to disable comments.")
    for c in comments:
        if "\n" in c or "\r" in c:
            raise TypeError(f"control character comments={c!r} cannot be a newline "
                            "(`\\r` or `\\n`).")
    single = comments[0] if len(comments) == 1 and len(comments[0]) == 1 else None
    if (len(comments) > 1 or (comments and single is None)) and quotechar is not None:
        raise ValueError(
            "when multiple comments or a multi-character comment is given, "
            "quotes are not supported.  In this case quotechar must be set "
            "to None.")
    if delimiter is not None and len(comments) > 1 and any(delimiter in c for c in comments):
        raise TypeError(f"Comment characters {comments!r} cannot include the "
                        f"delimiter {delimiter!r}")
    pairs = [("delimiter", delimiter, "comments", single),
             ("delimiter", delimiter, "quotechar", quotechar),
             ("comments", single, "quotechar", quotechar)]
    for a, x, b, y in pairs:
        if x is not None and x == y:
            raise TypeError(f"The values for control characters '{a}' and '{b}' "
                            "are incompatible")
    if delimiter is None:
        for name, value in (("comments", single), ("quotechar", quotechar)):
            if value is not None and value.isspace():
                raise TypeError(
                    f"The control characters 'delimiter' (whitespace) and '{name}' "
                    f"({value!r}) are incompatible")


def _converters(converters):
    """``[(column or None, callable)]``, checked as NumPy checks them."""
    if converters is None:
        return None
    if callable(converters):
        return [(None, converters)]
    if not isinstance(converters, dict):
        raise TypeError("converters must be a dictionary mapping columns to "
                        "converter functions or a single callable.")
    checked = []
    for key, func in converters.items():
        try:
            col = operator.index(key)
        except TypeError:
            raise TypeError("keys of the converters dictionary must be integers; "
                            f"got {key!r}") from None
        if not callable(func):
            raise TypeError("values of the converters dictionary must be callable, "
                            f"but the value associated with the key {key!r} is {func!r}")
        checked.append((col, func))
    return checked


def _leaves(dtype):
    """The number of values a row of ``dtype`` takes from the text."""
    if dtype.subdtype is not None:
        base, shape = dtype.subdtype
        return _leaves(base) * int(np.prod(shape))
    if dtype.names is not None:
        return sum(_leaves(dtype.fields[n][0]) for n in dtype.names)
    return 1


def _check_structured_usecols(dtype, cols):
    """NumPy's check that usecols give a structured dtype all its fields."""
    if cols is None or dtype.names is None:
        return
    n = _leaves(dtype)
    if len(cols) != n:
        raise TypeError(
            "If a structured dtype is used, the number of usecols must match "
            f"the number of fields of the dtype. But {len(cols)} usecols were "
            f"given and the number of fields is {n}.")


def _check_converter_columns(converters, arr):
    """NumPy's refusal of a converter for a column the rows do not have
    (checked where the column count is known from the result)."""
    if arr.dtype.names is not None:
        n = len(arr.dtype.names)
    elif arr.ndim == 2:
        n = arr.shape[1]
    else:
        return
    for col, _func in converters:
        if col is not None and not -n <= col < n:
            raise ValueError(f"converter specified for column {col}, which is "
                             f"invalid for the number of fields {n}.")


_NEWLINE = re.compile("\r\n|\r|\n")


def _input_text(source, is_path):
    """The input as text, to count rows in (only when an error is being
    reported)."""
    if is_path:
        opener = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}.get(
            os.path.splitext(source)[1], open)
        with opener(source, "rb") as f:
            source = f.read()
    if isinstance(source, bytes):
        return source.decode("latin1")
    return source


def _numpy_words(err, source, is_path, skiprows, comments, numpy_dtype):
    """A located loadtxt error in NumPy's words, which count rows of data
    (0-based for conversions, 1-based otherwise), with npio's line."""
    line = err.npio_line
    try:
        lines = _NEWLINE.split(_input_text(source, is_path), maxsplit=line - 1)[:line - 1]
    except (OSError, ValueError):
        return str(err)
    row = 0
    for text in lines[skiprows:]:
        for marker in comments:
            text = text.split(marker, 1)[0]
        if text.strip():
            row += 1
    kind = err.npio_kind
    where = f"(line {line} of the input)"
    if kind == "convert":
        dtype = numpy_dtype or err.npio_dtype
        return (f"could not convert string {err.npio_text!r} to {dtype} at row {row}, "
                f"column {err.npio_column}. {where}")
    if kind == "ragged":
        return (f"the number of columns changed from {err.npio_expected} to "
                f"{err.npio_found} at row {row + 1}; use `usecols` to select a "
                f"subset and avoid this error {where}")
    return (f"invalid column index {err.npio_index} at row {row + 1} with "
            f"{err.npio_columns} columns {where}")


def _dtype_descr(dtype):
    dtype = np.dtype(dtype)
    if dtype == np.dtype(object):
        return "U"  # read as text, then made Python strings, as NumPy gives them
    if dtype.hasobject:
        raise TypeError("npio.loadtxt does not read structured dtypes with object fields")
    if dtype.kind in "SU" and dtype.itemsize == 0:
        return dtype.kind
    return descr_of(dtype)


def _take_rows(fid, skip, rows, comments):
    """The text of a file object up to its ``rows``-th line of data (after
    ``skip`` lines), read line by line so that the object is left just
    after it, as NumPy leaves it with ``max_rows``."""
    parts = []
    found = 0
    while found < rows:
        line = fid.readline()
        if not line:
            break
        parts.append(line)
        if skip:
            skip -= 1
            continue
        text = line.decode("latin1") if isinstance(line, bytes) else line
        for marker in comments:
            text = text.split(marker, 1)[0]
        if text.strip():
            found += 1
    if parts and isinstance(parts[0], bytes):
        return b"".join(parts)
    return "".join(parts)


def _source(fname, encoding, quotechar, limit=None):
    """``(source, is_path)``: a path npio opens itself, or the text. With
    ``limit`` (``(lines to skip, rows, comment markers)``, for
    ``max_rows``), a file object is read only up to the last row asked
    for."""
    if isinstance(fname, os.PathLike):
        fname = os.fspath(fname)
    if isinstance(fname, bytes):
        fname = os.fsdecode(fname)
    if isinstance(fname, str):
        if fname.endswith(".bz2"):
            with bz2.open(fname, "rb") as f:
                return f.read(), False
        if fname.endswith(".xz"):
            with lzma.open(fname, "rb") as f:
                return f.read(), False
        return fname, True
    if hasattr(fname, "read"):
        if limit is not None and not quotechar and hasattr(fname, "readline"):
            return _take_rows(fname, *limit), False
        return fname.read(), False
    try:
        lines = iter(fname)
    except TypeError:
        raise TypeError(
            f"fname must be a string, filehandle, list of strings,\n"
            f"or generator. Got {type(fname)} instead.") from None
    parts = []
    for line in lines:
        if isinstance(line, bytes):
            line = line.decode(encoding if encoding not in (None, "bytes") else "latin1")
        elif not isinstance(line, str):
            raise TypeError("non-string returned while reading data")
        body = line.rstrip("\r\n")
        if quotechar is None and ("\n" in body or "\r" in body):
            # loadtxt without quotes: NumPy refuses a line that holds
            # newlines (genfromtxt passes quotechar="" to skip this).
            raise ValueError("Found an unquoted embedded newline within a single line of "
                             "input; lines of an iterable must not contain newlines")
        # A line keeps its own ending (a quoted field may hold it).
        parts.append(line if len(body) < len(line) else body + "\n")
    return "".join(parts), False


def loadtxt(fname, dtype=float, comments="#", delimiter=None,
            converters=None, skiprows=0, usecols=None, unpack=False,
            ndmin=0, encoding=None, max_rows=None, *, quotechar=None,
            like=None):
    """``numpy.loadtxt``: the same array, the same errors, parsed by npio
    with the GIL released."""
    if like is not None:
        raise TypeError("npio.loadtxt does not dispatch on `like`")
    converters = _converters(converters)
    if ndmin not in (0, 1, 2):
        raise ValueError(f"Illegal value of ndmin keyword: {ndmin}")
    delimiter = _control("delimiter", delimiter)
    quotechar = _control("quotechar", quotechar)
    comments = _comments(comments)
    _check_controls(delimiter, comments, quotechar)
    skiprows = _int_arg("skiprows", skiprows)
    if max_rows is not None:
        max_rows = _int_arg("max_rows", max_rows)
    descr = _dtype_descr(dtype)
    cols = _usecols(usecols)
    _check_structured_usecols(np.dtype(dtype), cols)
    limit = None if max_rows is None else (skiprows, max_rows, comments)
    source, is_path = _source(fname, encoding, quotechar, limit)
    try:
        parts, messages = _npio.loadtxt(
            source, is_path=is_path, dtype=descr,
            comments=comments, delimiter=delimiter,
            quotechar=quotechar, skiprows=skiprows, usecols=cols,
            max_rows=max_rows, ndmin=ndmin,
            encoding=None if encoding is None else str(encoding),
            converters=converters, bytes_to_converters=encoding == "bytes")
    except ValueError as e:
        if getattr(e, "npio_kind", None) is None:
            raise
        numpy_dtype = "object" if np.dtype(dtype) == np.dtype(object) else None
        raise ValueError(_numpy_words(e, source, is_path, skiprows, comments,
                                      numpy_dtype)) from e.__cause__
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=2)
    arr = to_array(parts)
    if converters and usecols is None:
        _check_converter_columns(converters, arr)
    if np.dtype(dtype) == np.dtype(object):
        arr = arr.astype(object)
    if unpack:
        if arr.dtype.names is not None:
            return [arr[field] for field in arr.dtype.names]
        return arr.T
    return arr


def _has_text(dtype):
    """Whether values of ``dtype`` may format to non-ASCII text."""
    if dtype.names is not None:
        return any(_has_text(dtype.fields[n][0]) for n in dtype.names)
    if dtype.subdtype is not None:
        return _has_text(dtype.subdtype[0])
    return dtype.kind in "SUV"


def _as_str(value):
    return value.decode("latin1") if isinstance(value, bytes) else value


def savetxt(fname, X, fmt="%.18e", delimiter=" ", newline="\n", header="",
            footer="", comments="# ", encoding=None):
    """``numpy.savetxt``: byte-identical text, formatted on every core;
    a path is written atomically (``.gz``, ``.bz2`` and ``.xz``
    compressed). Object arrays are written by NumPy's own ``savetxt``."""
    X = np.asarray(X)
    if X.ndim == 0 or X.ndim > 2:
        raise ValueError(f"Expected 1D or 2D array, got {X.ndim}D array instead")
    if X.dtype.hasobject:
        return _numpy.savetxt(fname, X, fmt=fmt, delimiter=delimiter, newline=newline,
                              header=header, footer=footer, comments=comments,
                              encoding=encoding)
    fmt = _as_str(fmt)
    if isinstance(fmt, (list, tuple)):
        fmt = [_as_str(f) for f in fmt]
        columns = 1 if X.ndim == 1 and X.dtype.names is None else (
            len(X.dtype.names) if X.dtype.names is not None else X.shape[1])
        if len(fmt) != columns:
            raise AttributeError(f"fmt has wrong shape.  {fmt!s}")
    elif not isinstance(fmt, str):
        raise ValueError(f"invalid fmt: {fmt!r}")
    encoding = "latin1" if encoding is None else encoding
    descr, shape, fortran_order, data = to_parts(X)
    options = dict(fmt=fmt, delimiter=_as_str(delimiter), newline=_as_str(newline),
                   header=_as_str(header), footer=_as_str(footer),
                   comments=_as_str(comments))
    # Numbers and ASCII text are the same bytes in latin-1 and UTF-8, and
    # npio writes UTF-8 faster.
    ascii_only = all(str(v).isascii() for v in options.values()) and not _has_text(X.dtype)
    writer_encoding = "utf-8" if encoding == "latin1" and ascii_only else encoding
    options["encoding"] = writer_encoding
    if isinstance(fname, os.PathLike):
        fname = os.fspath(fname)
    if isinstance(fname, (str, bytes)):
        _npio.savetxt(os.fsdecode(fname), descr, list(shape), fortran_order, data, **options)
        return None
    if not hasattr(fname, "write"):
        raise ValueError("fname must be a string or file handle")
    text = _npio.savetxt(None, descr, list(shape), fortran_order, data, **options)
    if isinstance(fname, io.TextIOBase):
        fname.write(text.decode(encoding))
    else:
        fname.write(text)
    return None
