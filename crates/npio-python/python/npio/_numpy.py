"""NumPy's own functions, kept before any patching: what npio hands over
when a caller opted into pickles (object arrays), which npio never
unpickles."""

import numpy as np
from numpy.lib import format as _format

save = np.save
savez = np.savez
savez_compressed = np.savez_compressed
load = np.load
format_read_array = _format.read_array
open_memmap = _format.open_memmap
