"""``load``, ``save`` and ``open_memmap`` with NumPy's signatures."""

import os
import pickle
import re
import warnings

import numpy as np
from numpy.lib import format as _format

from . import _npio, _numpy
from ._arrays import descr_of, dtype_of, to_array, to_parts

MAX_HEADER_SIZE = 10000
_ZIP_PREFIX = b"PK\x03\x04"
_ZIP_SUFFIX = b"PK\x05\x06"
_MAGIC = b"\x93NUMPY"
_UNLIMITED = 2**63 - 1


def _pickled_refused():
    return ValueError(
        "This file contains pickled (object) data. If you trust the file you "
        "can load it unsafely using the `allow_pickle=` keyword argument or "
        "`pickle.load()`."
    )


def _objects_refused():
    return ValueError("Object arrays cannot be loaded when allow_pickle=False")


def load(file, mmap_mode=None, allow_pickle=False, fix_imports=True,
         encoding="ASCII", *, max_header_size=MAX_HEADER_SIZE):
    """``numpy.load``: arrays from ``.npy`` files, lazy ``NpzFile``
    mappings from ``.npz`` archives, memory maps with ``mmap_mode``.

    npio parses and reads; pickled files and object arrays, loaded only
    with ``allow_pickle=True``, are handed to NumPy's own reader.
    """
    if encoding not in ("ASCII", "latin1", "bytes"):
        raise ValueError("encoding must be 'ASCII', 'latin1', or 'bytes'")
    pickle_kwargs = {"encoding": encoding, "fix_imports": fix_imports}
    if hasattr(file, "read"):
        fid, own = file, False
        path = None
    else:
        path = os.fspath(file)
        fid, own = open(path, "rb"), True
    try:
        magic = fid.read(len(_MAGIC))
        if not magic:
            raise EOFError("No data left in file")
        fid.seek(-len(magic), 1)
        if allow_pickle:
            max_header_size = _UNLIMITED
        if magic.startswith((_ZIP_PREFIX, _ZIP_SUFFIX)):
            from ._npz import NpzFile

            archive = NpzFile(fid, own_fid=own, allow_pickle=allow_pickle,
                              pickle_kwargs=pickle_kwargs,
                              max_header_size=max_header_size)
            own = False  # the NpzFile closes it
            return archive
        if magic == _MAGIC:
            if mmap_mode:
                return open_memmap(file, mode=mmap_mode,
                                   max_header_size=max_header_size)
            return read_array(fid, allow_pickle=allow_pickle,
                              pickle_kwargs=pickle_kwargs,
                              max_header_size=max_header_size, path=path)
        if not allow_pickle:
            raise _pickled_refused()
        try:
            return pickle.load(fid, **pickle_kwargs)
        except Exception as e:
            raise pickle.UnpicklingError(
                f"Failed to interpret file {file!r} as a pickle") from e
    finally:
        if own:
            fid.close()


def read_array(fid, allow_pickle=False, pickle_kwargs=None, *,
               max_header_size=MAX_HEADER_SIZE, path=None):
    """One array from an open binary file at a ``.npy`` header, leaving
    the file after its data (``numpy.lib.format.read_array``). With
    ``path``, npio reads the file itself, on every core."""
    # A duck-typed reader may have nothing but read and seek.
    try:
        start = fid.tell()
    except (AttributeError, OSError):
        start = None
    descr, fortran_order, shape, _version = _npio.read_header(fid, max_header_size)
    if start is not None:
        _warn_if_python2(fid, start)
    dtype = dtype_of(descr)
    if dtype.hasobject:
        if not allow_pickle:
            raise _objects_refused()
        if start is None:
            raise ValueError("object arrays need a file object with tell()")
        fid.seek(start)
        return _numpy.format_read_array(fid, allow_pickle=True,
                                        pickle_kwargs=pickle_kwargs,
                                        max_header_size=max_header_size)
    if path is not None and start == 0:
        return to_array(_npio.read_npy(path, max_header_size))
    count = 1
    for n in shape:
        count *= n
    array = np.empty(count, dtype=dtype)
    nbytes = count * dtype.itemsize
    if nbytes:
        view = memoryview(array.view(np.uint8))
        got = 0
        while got < nbytes:
            n = fid.readinto(view[got:]) if hasattr(fid, "readinto") else None
            if n is None:
                chunk = fid.read(nbytes - got)
                n = len(chunk)
                view[got:got + n] = chunk
            if not n:
                break
            got += n
        if got < nbytes:
            raise ValueError(
                "Failed to read all data for array. "
                f"Expected {shape} = {count} elements, "
                f"could only read {got // dtype.itemsize} elements. "
                "(file seems not fully written?)")
    if fortran_order:
        return array.reshape(shape[::-1]).transpose()
    return array.reshape(shape)


_PY2_SHAPE = re.compile(rb"'shape':\s*\([^)]*\dL")


def _warn_if_python2(fid, start):
    """NumPy's warning for a header written by Python 2 (`(2L,)` in the
    shape), which npio reads like any other."""
    end = fid.tell()
    fid.seek(start)
    header = fid.read(end - start)
    fid.seek(end)
    if _PY2_SHAPE.search(header):
        warnings.warn(
            "Reading `.npy` or `.npz` file required additional header parsing as "
            "it was created on Python 2. Save the file again to speed up loading "
            "and avoid this warning.", UserWarning, stacklevel=4)


def save(file, arr, allow_pickle=True, fix_imports=np._NoValue):
    """``numpy.save``: the same bytes as NumPy writes, header included; a
    path is written atomically (a temporary file renamed into place)."""
    arr = np.asanyarray(arr)
    if arr.dtype.hasobject:
        if not allow_pickle:
            raise ValueError("Object arrays cannot be saved when allow_pickle=False")
        return _numpy.save(file, arr, allow_pickle=True)
    if hasattr(file, "write"):
        write_array(file, arr)
        return None
    path = os.fspath(file)
    if not path.endswith(".npy"):
        path = path + ".npy"
    check_metadata(arr.dtype, stacklevel=3)
    descr, shape, fortran_order, data = to_parts(arr)
    warn_on_save(descr, shape, fortran_order, stacklevel=3)
    _npio.write_npy(path, descr, shape, fortran_order, data)
    return None


def check_metadata(dtype, stacklevel):
    """NumPy's warning for dtype metadata, which no ``.npy`` keeps."""
    if _has_metadata(dtype):
        warnings.warn("metadata on a dtype is not saved to an npy/npz. "
                      "Use another format (such as pickle) to store it.",
                      UserWarning, stacklevel=stacklevel + 1)


def _has_metadata(dtype):
    if dtype.metadata is not None:
        return True
    if dtype.subdtype is not None:
        return _has_metadata(dtype.subdtype[0])
    if dtype.names is not None:
        return any(_has_metadata(dtype.fields[n][0]) for n in dtype.names)
    return False


def warn_on_save(descr, shape, fortran_order, stacklevel, header=None):
    """NumPy's warning for headers that need format 2.0 or 3.0; returns
    the header."""
    if header is None:
        header = _npio.npy_header(descr, shape, fortran_order)
    major = header[6]
    if major == 2:
        warnings.warn("Stored array in format 2.0. It can only be "
                      "read by NumPy >= 1.9", UserWarning, stacklevel=stacklevel + 1)
    elif major == 3:
        warnings.warn("Stored array in format 3.0. It can only be "
                      "read by NumPy >= 1.17", UserWarning, stacklevel=stacklevel + 1)
    return header


def write_array(fid, arr):
    """Writes ``arr`` as a ``.npy`` stream to a binary file object."""
    check_metadata(arr.dtype, stacklevel=3)
    descr, shape, fortran_order, data = to_parts(arr)
    fid.write(warn_on_save(descr, shape, fortran_order, stacklevel=3))
    if data.size:
        fid.write(memoryview(data))


def open_memmap(filename, mode="r+", dtype=None, shape=None,
                fortran_order=False, version=None, *,
                max_header_size=MAX_HEADER_SIZE):
    """``numpy.lib.format.open_memmap``: a ``numpy.memmap`` of a ``.npy``
    file, its header parsed (or, with ``mode='w+'``, written) by npio."""
    if hasattr(filename, "read"):
        raise ValueError("Filename must be a string or a path-like object."
                         "  Memmap cannot use existing file handles.")
    path = os.fspath(filename)
    if "w" in mode:
        dtype = np.dtype(dtype)
        if dtype.hasobject:
            raise ValueError("Array can't be memory-mapped: Python objects in dtype.")
        shape = tuple(shape)
        if version is not None:
            return _numpy.open_memmap(path, mode=mode, dtype=dtype, shape=shape,
                                      fortran_order=fortran_order, version=version,
                                      max_header_size=max_header_size)
        header = warn_on_save(descr_of(dtype), shape, fortran_order, stacklevel=2)
        with open(path, "wb") as fp:
            fp.write(header)
            offset = fp.tell()
        mode = "r+"
    else:
        with open(path, "rb") as fp:
            descr, fortran_order, shape, _version = _npio.read_header(fp, max_header_size)
            offset = fp.tell()
        dtype = dtype_of(descr)
        if dtype.hasobject:
            raise ValueError("Array can't be memory-mapped: Python objects in dtype.")
    return np.memmap(path, dtype=dtype, shape=shape,
                     order="F" if fortran_order else "C",
                     mode=mode, offset=offset)
