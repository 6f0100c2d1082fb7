"""npio: NumPy's file I/O with NumPy's signatures and results, done in
Rust on every core.

``npio.load``, ``save``, ``savez``, ``savez_compressed``, ``loadtxt``,
``genfromtxt``, ``savetxt`` and ``open_memmap`` take the same arguments as NumPy's and give the same
arrays, byte for byte; ``npio.install()`` puts them in NumPy's place, so
that an existing program speeds up unchanged::

    import numpy as np
    import npio

    npio.install()
    a = np.loadtxt("data.csv", delimiter=",")  # parsed by npio

npio's work runs on every core; ``npio.set_threads(n)`` limits it (and
``npio.set_threads()`` lifts the limit). npio never unpickles: files with pickled objects, read only with
``allow_pickle=True``, are handed to NumPy's own code.
"""

from ._genfromtxt import genfromtxt
from ._npio import __version__, get_threads, set_threads
from ._npy import load, open_memmap, save
from ._npz import NpzFile, savez, savez_compressed, savez_zstd
from ._patch import install, uninstall
from ._text import loadtxt, savetxt

__all__ = [
    "NpzFile",
    "genfromtxt",
    "get_threads",
    "install",
    "load",
    "loadtxt",
    "open_memmap",
    "save",
    "savez",
    "savez_compressed",
    "savetxt",
    "savez_zstd",
    "set_threads",
    "uninstall",
]
