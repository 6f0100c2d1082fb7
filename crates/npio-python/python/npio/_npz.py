"""``.npz`` archives: ``NpzFile``, ``savez`` and ``savez_compressed``
with NumPy's signatures."""

import io
import os
import zipfile

import numpy as np
from numpy.lib.npyio import NpzFile as _NumpyNpzFile

from . import _npio, _numpy
from ._arrays import dtype_of, to_array, to_parts
from ._npy import _MAGIC, check_metadata, _UNLIMITED, MAX_HEADER_SIZE, _objects_refused, warn_on_save


class BagObj:
    """Members as attributes (``npz.f.x``), as NumPy's ``NpzFile.f``."""

    def __init__(self, obj):
        self._obj = obj

    def __getattribute__(self, key):
        try:
            return object.__getattribute__(self, "_obj")[key]
        except KeyError:
            raise AttributeError(key) from None

    def __dir__(self):
        return list(object.__getattribute__(self, "_obj").keys())


class NpzFile(_NumpyNpzFile):
    """A lazy mapping of an ``.npz`` archive's arrays, as ``numpy.load``
    returns (a subclass of NumPy's ``NpzFile``, so ``isinstance`` checks
    keep working): members are read (and decompressed, on every core)
    when asked for. Use it as a context manager, or call ``close``.

    ``zip`` is a ``zipfile.ZipFile`` of the same archive, opened the first
    time it is used."""

    fid = None
    _archive = None
    _zip = None

    def __init__(self, fid, own_fid=False, allow_pickle=False,
                 pickle_kwargs=None, *, max_header_size=MAX_HEADER_SIZE):
        self.allow_pickle = allow_pickle
        self.pickle_kwargs = pickle_kwargs
        self.max_header_size = max_header_size
        path = getattr(fid, "name", None)
        if allow_pickle:
            max_header_size = _UNLIMITED
        if isinstance(path, (str, bytes, os.PathLike)) and _is_file(fid) and fid.tell() == 0:
            self._source = os.fspath(path)
            self._archive = _npio.Archive.open(self._source, max_header_size)
        else:
            data = fid.read()
            self._source = data
            self._archive = _npio.Archive.from_bytes(data, max_header_size)
        self._files = self._archive.zip_names()
        self.files = [n[:-4] if n.endswith(".npy") else n for n in self._files]
        self.f = BagObj(self)
        if own_fid:
            self.fid = fid

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()

    def close(self):
        """Closes the archive (and the file ``load`` opened for it)."""
        if self._archive is not None:
            self._archive.close()
            self._archive = None
        if self._zip is not None:
            self._zip.close()
            self._zip = None
        if self.fid is not None:
            self.fid.close()
            self.fid = None
        self.f = None

    def __del__(self):
        self.close()

    def __iter__(self):
        return iter(self.files)

    def __len__(self):
        return len(self.files)

    @property
    def zip(self):
        """The archive as a ``zipfile.ZipFile`` (opened on first use)."""
        if self._zip is None and self._archive is not None:
            source = self._source
            self._zip = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        return self._zip

    def __contains__(self, key):
        return key in self.files or key in self._files

    def __getitem__(self, key):
        if key in self._files:
            zip_name = key
        elif key in self.files:
            zip_name = key + ".npy"
        else:
            raise KeyError(f"{key} is not a file in the archive")
        if self._archive is None:
            raise ValueError("The archive is closed")
        name = zip_name[:-4] if zip_name.endswith(".npy") else zip_name
        if not zip_name.endswith(".npy"):
            with self.zip.open(zip_name) as member:
                if member.read(len(_MAGIC)) != _MAGIC:
                    return self.zip.read(zip_name)
        dtype = dtype_of(self._archive.header(name)[0])
        if dtype.hasobject:
            if not self.allow_pickle:
                raise _objects_refused()
            with self.zip.open(zip_name) as member:
                return _numpy.format_read_array(
                    member, allow_pickle=True, pickle_kwargs=self.pickle_kwargs,
                    max_header_size=self.max_header_size)
        return to_array(self._archive.read(name))

    def __repr__(self):
        name = self._source if isinstance(self._source, str) else "object"
        first = self.files[:5]
        more = "..." if len(self.files) > 5 else ""
        return f"NpzFile {name!r} with keys: {', '.join(first)}{more}"


def _is_file(fid):
    try:
        fid.fileno()
        return True
    except (AttributeError, OSError, io.UnsupportedOperation):
        return False


def _named(args, kwds):
    arrays = dict(kwds)
    for i, value in enumerate(args):
        key = f"arr_{i}"
        if key in arrays:
            raise ValueError(f"Cannot use un-named variables and keyword {key}")
        arrays[key] = value
    return {k: np.asanyarray(v) for k, v in arrays.items()}


def _savez(file, args, kwds, allow_pickle, method, level, fallback):
    arrays = _named(args, kwds)
    if any(a.dtype.hasobject for a in arrays.values()):
        if not allow_pickle:
            raise ValueError("Object arrays cannot be saved when allow_pickle=False")
        return fallback(file, *args, allow_pickle=True, **kwds)
    members = [(name,) + _member(a) for name, a in arrays.items()]
    for _name, descr, shape, fortran_order, _data in members:
        warn_on_save(descr, shape, fortran_order, stacklevel=4)
    if hasattr(file, "write"):
        file.write(_npio.savez(None, members, method, level))
        return None
    path = os.fspath(file)
    if not path.endswith(".npz"):
        path = path + ".npz"
    _npio.savez(path, members, method, level)
    return None


def _member(arr):
    descr, shape, fortran_order, data = to_parts(arr)
    check_metadata(arr.dtype, stacklevel=5)
    return descr, list(shape), fortran_order, data


def savez(file, *args, allow_pickle=True, **kwds):
    """``numpy.savez``: arrays as stored members of an ``.npz``
    archive, written atomically."""
    return _savez(file, args, kwds, allow_pickle, "stored", None, _numpy.savez)


def savez_compressed(file, *args, allow_pickle=True, **kwds):
    """``numpy.savez_compressed``: deflate members (level 6, as NumPy),
    each compressed on every core."""
    return _savez(file, args, kwds, allow_pickle, "deflate", 6,
                  _numpy.savez_compressed)


def savez_zstd(file, *args, level=3, **kwds):
    """Like ``savez_compressed`` with Zstandard members (npio's
    extension): several times faster; NumPy reads them through Python's
    zipfile with zstd support (Python 3.14, or ``backports.zstd``)."""
    return _savez(file, args, kwds, False, "zstd", level, None)
