"""``genfromtxt`` with NumPy's signature, read by npio."""

import locale
import operator
import warnings

import numpy as np
from numpy.lib import _iotools

from . import _npio, _numpy
from ._arrays import descr_of, to_array
from ._text import _as_str, _source


_CATEGORIES = {
    "VisibleDeprecationWarning": np.exceptions.VisibleDeprecationWarning,
    "ConversionWarning": _iotools.ConversionWarning,
}


def _dtype(dtype, defaultfmt):
    """NumPy's dtype argument, including its "easy" forms: a sequence of
    types (fields named by ``defaultfmt``) and comma-separated strings."""
    try:
        return np.dtype(dtype)
    except TypeError:
        return _iotools.easy_dtype(dtype, defaultfmt=defaultfmt)


def _delimiter(delimiter):
    if delimiter is None:
        return None
    if isinstance(delimiter, (str, bytes)):
        return _as_str(delimiter)
    try:
        return operator.index(delimiter)
    except TypeError:
        return [operator.index(w) for w in delimiter]


def _usecols(usecols):
    if usecols is None:
        return None
    if isinstance(usecols, (str, bytes)):
        cols = [c.strip() for c in _as_str(usecols).split(",")]
    else:
        try:
            cols = [operator.index(usecols)]
        except TypeError:
            cols = list(usecols)
    return [c if isinstance(c, str) else operator.index(c) for c in cols]


def _names(names):
    """``(from the header line?, list or None)``."""
    if names is True:
        return True, None
    if names is None or names is False:
        return False, None
    if isinstance(names, (str, bytes)):
        return False, [n.strip() for n in _as_str(names).split(",")]
    return False, [_as_str(n) for n in names]


def _case(case_sensitive):
    if case_sensitive is True:
        return "keep"
    if case_sensitive is False or case_sensitive == "upper":
        return "upper"
    if case_sensitive == "lower":
        return "lower"
    raise ValueError(f"{case_sensitive} is not a valid case_sensitive parameter")


def _col(key):
    return key if isinstance(key, str) else operator.index(key)


def _fill(value):
    if isinstance(value, bytes):
        return value.decode("latin1")
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, (complex, np.complexfloating)):
        return (float(value.real), float(value.imag))
    return str(value)


def _missing(missing_values):
    """``(for every column, by column, per column in order)``."""
    if missing_values is None:
        return None, [], None
    if isinstance(missing_values, (str, bytes)):
        return [v for v in _as_str(missing_values).split(",")], [], None
    if isinstance(missing_values, dict):
        by_col = []
        for key, value in missing_values.items():
            if isinstance(value, (list, tuple)):
                values = [str(_as_str(v)) for v in value]
            else:
                values = [str(_as_str(value))]
            if key is None:
                return values, by_col, None
            by_col.append((_col(key), values))
        return None, by_col, None
    values = list(missing_values)
    if all(isinstance(v, (str, bytes)) for v in values):
        return None, [], [_as_str(v) for v in values]
    by_col = []
    for i, value in enumerate(values):
        entries = value if isinstance(value, (list, tuple)) else [value]
        by_col.append((i, [str(_as_str(v)) for v in entries]))
    return None, by_col, None


def _filling(filling_values):
    """``(for every column, by column, per column in order)``."""
    if filling_values is None:
        return None, [], None
    if isinstance(filling_values, dict):
        return None, [(_col(k), _fill(v)) for k, v in filling_values.items()], None
    if isinstance(filling_values, (list, tuple)):
        return None, [], [_fill(v) for v in filling_values]
    return _fill(filling_values), [], None


def _converters(converters):
    if converters is None:
        return []
    if not isinstance(converters, dict):
        raise TypeError("converters must be a dictionary mapping columns to "
                        "converter functions")
    checked = []
    for key, func in converters.items():
        if not callable(func):
            raise TypeError(f"The input argument `converter` for column {key!r} "
                            "should be a valid function")
        checked.append((_col(key), func))
    return checked


def genfromtxt(fname, dtype=float, comments="#", delimiter=None,
               skip_header=0, skip_footer=0, converters=None,
               missing_values=None, filling_values=None, usecols=None,
               names=None, excludelist=None, deletechars=None,
               replace_space="_", autostrip=False, case_sensitive=True,
               defaultfmt="f%i", unpack=None, usemask=False, loose=True,
               invalid_raise=True, max_rows=None, encoding=None, *, ndmin=0,
               like=None):
    """``numpy.genfromtxt``: missing and filling values, masks
    (``usemask`` gives a ``numpy.ma.MaskedArray``), per-column type
    inference with ``dtype=None``, names cleaned as NumPy cleans them,
    fixed-width fields. ``deletechars=None`` means NumPy's default set.
    An object dtype is read by NumPy's own ``genfromtxt``."""
    if like is not None:
        raise TypeError("npio.genfromtxt does not dispatch on `like`")
    if dtype is not None:
        dtype = _dtype(dtype, defaultfmt)
    if dtype is not None and dtype.hasobject:
        kwargs = dict(dtype=dtype, comments=comments, delimiter=delimiter,
                      skip_header=skip_header, skip_footer=skip_footer,
                      converters=converters, missing_values=missing_values,
                      filling_values=filling_values, usecols=usecols, names=names,
                      excludelist=excludelist, replace_space=replace_space,
                      autostrip=autostrip, case_sensitive=case_sensitive,
                      defaultfmt=defaultfmt, unpack=unpack, usemask=usemask,
                      loose=loose, invalid_raise=invalid_raise, max_rows=max_rows,
                      encoding=encoding, ndmin=ndmin)
        if deletechars is not None:
            kwargs["deletechars"] = deletechars
        return _numpy.genfromtxt(fname, **kwargs)
    if max_rows is not None:
        if skip_footer:
            raise ValueError("The keywords 'skip_footer' and 'max_rows' can not be "
                             "specified at the same time.")
        if max_rows < 1:
            raise ValueError("'max_rows' must be at least 1.")
    if ndmin not in (0, 1, 2):
        raise ValueError(f"Illegal value of ndmin keyword: {ndmin}")
    if dtype is None:
        descr = None
    else:
        dt = dtype
        descr = dt.kind if dt.kind in "SU" and dt.itemsize == 0 else descr_of(dt)
    names_header, names_list = _names(names)
    missing_all, missing_cols, missing_per_column = _missing(missing_values)
    filling_all, filling_cols, filling_per_column = _filling(filling_values)
    limit = None
    if max_rows is not None and invalid_raise:
        # The names line, when names=True, is no row of data. (With
        # invalid_raise=False, invalid lines do not count as rows, so the
        # whole object is read and npio picks the rows.)
        markers = [] if comments is None else [_as_str(comments)]
        limit = (operator.index(skip_header) + (1 if names_header else 0), max_rows, markers)
    source, is_path = _source(fname, encoding, quotechar="", limit=limit)
    if encoding is None:
        # As NumPy: a path is opened as text in the locale's encoding,
        # bytes from a binary file object are decoded as latin-1.
        encoding = locale.getpreferredencoding(False) if is_path else "latin1"
    parts, mask_parts, messages = _npio.genfromtxt(
        source, is_path=is_path, dtype=descr,
        comments=None if comments is None else _as_str(comments),
        delimiter=_delimiter(delimiter), skip_header=operator.index(skip_header),
        skip_footer=operator.index(skip_footer), max_rows=max_rows,
        usecols=_usecols(usecols), names_header=names_header, names=names_list,
        excludelist=None if excludelist is None else [_as_str(e) for e in excludelist],
        deletechars=None if deletechars is None else _as_str(deletechars),
        replace_space=_as_str(replace_space), case=_case(case_sensitive),
        defaultfmt=_as_str(defaultfmt), converters=_converters(converters),
        missing_all=missing_all, missing_cols=missing_cols,
        missing_per_column=missing_per_column, filling_all=filling_all,
        filling_cols=filling_cols, filling_per_column=filling_per_column,
        autostrip=bool(autostrip), loose=bool(loose),
        invalid_raise=bool(invalid_raise), usemask=bool(usemask),
        ndmin=ndmin, encoding=str(encoding),
        bytes_to_converters=encoding == "bytes")
    for category, message in messages:
        warnings.warn(message, _CATEGORIES.get(category, UserWarning), stacklevel=2)
    output = to_array(parts)
    if mask_parts is not None:
        output = np.ma.masked_array(output, mask=to_array(mask_parts))
    if unpack:
        fields = output.dtype.names
        if fields is None:
            return output.T
        if len(fields) == 1:
            return output[fields[0]]
        return [output[f] for f in fields]
    return output
