"""NumPy's own functions, kept before any patching: what npio hands over
when a caller opted into pickles, or passes object arrays (npio holds no
Python objects), and what ``npio.uninstall()`` puts back."""

import numpy as np
from numpy.lib import format as _format

save = np.save
savez = np.savez
savez_compressed = np.savez_compressed
load = np.load
loadtxt = np.loadtxt
genfromtxt = np.genfromtxt
savetxt = np.savetxt
format_read_array = _format.read_array
open_memmap = _format.open_memmap
