"""``loadtxt`` with NumPy's signature, parsed by npio on every core."""

import bz2
import lzma
import operator
import os
import warnings

import numpy as np

from . import _npio
from ._arrays import descr_of, to_array


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
        pass
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
        raise TypeError(f"{name} must be an integer") from None
    if value < 0:
        raise ValueError(f"{name} must be nonnegative")
    return value


def _dtype_descr(dtype):
    dtype = np.dtype(dtype)
    if dtype.hasobject:
        raise TypeError("npio.loadtxt does not read object dtypes")
    if dtype.kind in "SU" and dtype.itemsize == 0:
        return dtype.kind
    return descr_of(dtype)


def _source(fname, encoding):
    """``(source, is_path)``: a path npio opens itself, or the text."""
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
        parts.append(line if line.endswith(("\n", "\r")) else line + "\n")
    return "".join(parts), False


def loadtxt(fname, dtype=float, comments="#", delimiter=None,
            converters=None, skiprows=0, usecols=None, unpack=False,
            ndmin=0, encoding=None, max_rows=None, *, quotechar=None,
            like=None):
    """``numpy.loadtxt``: the same array, the same errors, parsed by npio
    with the GIL released."""
    if like is not None:
        raise TypeError("npio.loadtxt does not dispatch on `like`")
    if converters is not None:
        raise NotImplementedError("npio.loadtxt: converters are not supported yet")
    if ndmin not in (0, 1, 2):
        raise ValueError(f"Illegal value of ndmin keyword: {ndmin}")
    if isinstance(delimiter, bytes):
        delimiter = delimiter.decode("latin1")
    if isinstance(quotechar, bytes):
        quotechar = quotechar.decode("latin1")
    skiprows = _int_arg("skiprows", skiprows)
    if max_rows is not None:
        max_rows = _int_arg("max_rows", max_rows)
    source, is_path = _source(fname, encoding)
    parts, messages = _npio.loadtxt(
        source, is_path=is_path, dtype=_dtype_descr(dtype),
        comments=_comments(comments), delimiter=delimiter,
        quotechar=quotechar, skiprows=skiprows, usecols=_usecols(usecols),
        max_rows=max_rows, ndmin=ndmin,
        encoding=None if encoding is None else str(encoding))
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=2)
    arr = to_array(parts)
    if unpack:
        if arr.dtype.names is not None:
            return [arr[field] for field in arr.dtype.names]
        return arr.T
    return arr
