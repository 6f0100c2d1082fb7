"""Writes the sample .npy files the README's commands use (readings.csv is
written by hand).

Run from the repository root: .venv/bin/python samples/make_samples.py
"""
import struct

import numpy as np

# A float32 weight matrix as NumPy before 1.14 wrote it: the header padded
# to 16 bytes rather than 64, and no growth padding. `npio convert` rewrites
# it exactly as np.save writes it today.
weights = (np.arange(12, dtype="<f4").reshape(3, 4) - 5.5) / 4
text = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"
total = 10 + len(text) + 1
pad = (16 - total % 16) % 16
header = (text + " " * pad + "\n").encode("latin1")
with open("samples/weights_legacy.npy", "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header)
    f.write(weights.tobytes())

# Station measurements: a structured array with text, a timestamp and a
# big-endian float, as a data pipeline might hand over.
meas = np.array(
    [
        ("Oslo", np.datetime64("2026-11-01T06:00"), 3.5, 81),
        ("Lyon", np.datetime64("2026-11-01T06:00"), 9.25, 67),
        ("Kyoto", np.datetime64("2026-11-01T06:00"), 14.0, 72),
    ],
    dtype=[("station", "<U8"), ("time", "<M8[m]"), ("temp_c", ">f8"), ("humidity", "u1")],
)
np.save("samples/measurements.npy", meas)

# A road network's adjacency as scipy.sparse.save_npz writes it: a 200 x 200
# CSR matrix of distances, 600 stored values (`npio info`, `npio head`,
# `npio convert --dense`).
import scipy.sparse as sp

rng = np.random.default_rng(2026)
rows = rng.integers(0, 200, 600)
cols = rng.integers(0, 200, 600)
dist = np.round(rng.uniform(0.5, 40.0, 600), 2)
graph = sp.csr_matrix((dist, (rows, cols)), shape=(200, 200))
graph.sum_duplicates()
sp.save_npz("samples/graph.npz", graph)
