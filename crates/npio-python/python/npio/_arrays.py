"""Arrays at the boundary with npio's compiled half.

Dtypes travel as the ``.npy`` header's ``descr`` literal; data travels as
a one-dimensional ``uint8`` array, viewed (never copied) on either side.
"""

import ast
import functools

import numpy as np
from numpy.lib import format as _format

_EMPTY = np.empty(0, dtype=np.uint8)


@functools.lru_cache(maxsize=1024)
def dtype_of(descr):
    """The NumPy dtype of a header's ``descr`` literal."""
    return _format.descr_to_dtype(ast.literal_eval(descr))


@functools.lru_cache(maxsize=1024)
def _descr_cached(dtype):
    return repr(_format.dtype_to_descr(dtype))


def descr_of(dtype):
    """The ``descr`` literal ``np.save`` writes for ``dtype``."""
    try:
        return _descr_cached(dtype)
    except TypeError:  # an unhashable dtype (metadata): no cache
        return repr(_format.dtype_to_descr(dtype))


def to_array(parts):
    """The ndarray npio read: its buffer, viewed with the file's dtype and
    shape."""
    descr, fortran_order, shape, data = parts
    dtype = dtype_of(descr)
    order = "F" if fortran_order else "C"
    if dtype.itemsize == 0 or data.size == 0:
        return np.zeros(shape, dtype=dtype, order=order)
    flat = data.view(dtype)
    if dtype.subdtype is not None:
        # A subarray dtype (descr "('<f8', (2,))") unfolds into dims, as
        # NumPy's own reader gives it.
        return flat.reshape(tuple(shape) + dtype.shape, order=order)
    return flat.reshape(shape, order=order)


def to_parts(arr):
    """``(descr, shape, fortran_order, data)`` of an array to write: the
    header ``np.save`` would write, and the bytes in the header's order,
    taken in place when the array is contiguous."""
    if arr.flags.c_contiguous:
        base, fortran_order = arr, False
    elif arr.flags.f_contiguous:
        base, fortran_order = arr.T, True
    else:
        base, fortran_order = np.ascontiguousarray(arr), False
    base = base.view(np.ndarray)
    if base.size == 0 or base.dtype.itemsize == 0:
        data = _EMPTY
    else:
        data = base.reshape(-1).view(np.uint8)
    return descr_of(arr.dtype), tuple(arr.shape), fortran_order, data
