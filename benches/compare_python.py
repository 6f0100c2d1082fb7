"""The Python section of benches/compare.py: NumPy's I/O functions against
npio's Python module (crates/npio-python) called the same way, in one
Python process, on the same files as the rest of the report."""

import os

import numpy as np


def bench_python(args, c):
    """`c` is the compare module (its data files, helpers and summary)."""
    try:
        import npio
    except ImportError:
        print("## Python: npio's module is not installed "
              "(.venv/bin/pip install ./crates/npio-python); skipped")
        print()
        return
    try:
        import pandas as pd
    except ImportError:
        pd = None
    r = args.text_repeat
    rounds = args.text_rounds
    print(f"## Python: NumPy's functions and npio's, same calls (best of {rounds} rounds "
          f"of {r}, in turn; np.genfromtxt best of 1)")
    print()
    print("| work | NumPy s | npio s | npio/NumPy | pandas s | npio/pandas | target |")
    print("|---|---:|---:|---:|---:|---:|---|")

    def row(work, t_np, t_io, target, t_pd=None, unit_mb=None):
        pd_txt = f"{t_pd:.3f}" if t_pd else "-"
        vs_pd = f"{t_pd / t_io:.2f}x" if t_pd else "-"
        print(f"| {work} | {t_np:.3f} | {t_io:.3f} | {t_np / t_io:.1f}x | {pd_txt} | {vs_pd} | {target} |")
        if unit_mb:
            c.record("python", work, "MB/s", unit_mb / t_io, unit_mb / t_np,
                     pandas=unit_mb / t_pd if t_pd else None)

    # load of the .npy section's file.
    n = args.size_mib * (1 << 20) // 8
    native = os.path.join(c.DATA, f"f8_native_{args.size_mib}m.npy")
    if not os.path.exists(native):
        np.save(native, np.arange(n, dtype="<f8") * 0.5)
    c.warm(native)
    t = c.interleaved(rounds, {
        "numpy": lambda: c.best_of(args.repeat, lambda: np.load(native)),
        "npio": lambda: c.best_of(args.repeat, lambda: npio.load(native)),
    })
    assert np.array_equal(np.load(native), npio.load(native))
    row(f"load {args.size_mib} MiB .npy", t["numpy"], t["npio"], ">= 1.3x",
        unit_mb=args.size_mib * 1.048576)

    # savez_compressed of the .npz section's arrays.
    arrays = c.npz_dataset(args.npz_mib)
    out_np = os.path.join(c.DATA, "py_numpy.npz")
    out_io = os.path.join(c.DATA, "py_npio.npz")
    t = c.interleaved(1, {
        "numpy": lambda: c.best_of(args.npz_repeat, lambda: np.savez_compressed(out_np, **arrays)),
        "npio": lambda: c.best_of(args.npz_repeat, lambda: npio.savez_compressed(out_io, **arrays)),
    })
    size_np, size_io = os.path.getsize(out_np), os.path.getsize(out_io)
    with np.load(out_io) as z:
        assert all(np.array_equal(z[k], v) for k, v in arrays.items())
    row(f"savez_compressed {args.npz_mib} MiB (size {size_io / size_np - 1:+.1%} vs NumPy's)",
        t["numpy"], t["npio"], ">= 3x", unit_mb=args.npz_mib * 1.048576)

    # loadtxt and genfromtxt on the text spec's anchor files.
    for name, rows_, cols, fmt, integer in c.TEXT_ANCHORS:
        path = c.anchor_file(name, rows_, cols, fmt, integer)
        c.warm(path)
        mb = os.path.getsize(path) / 1e6
        dtype = np.int64 if integer else np.float64
        t = c.interleaved(rounds, {
            "numpy": lambda: c.best_of(1, lambda: np.loadtxt(path, dtype=dtype)),
            "npio": lambda: c.best_of(r, lambda: npio.loadtxt(path, dtype=dtype)),
            "pandas": lambda: c.best_of(r, lambda: pd.read_csv(
                path, sep=" ", header=None, dtype=dtype).to_numpy()) if pd else None,
        })
        assert np.array_equal(np.loadtxt(path, dtype=dtype), npio.loadtxt(path, dtype=dtype))
        row(f"loadtxt {name} ({mb:.0f} MB)", t["numpy"], t["npio"],
            ">= 10x NumPy (floats), >= 1x pandas", t_pd=t["pandas"], unit_mb=mb)
    for name, rows_, cols, fmt, integer in c.TEXT_ANCHORS:
        path = c.anchor_file(name, rows_, cols, fmt, integer)
        mb = os.path.getsize(path) / 1e6
        dtype = np.int64 if integer else np.float64
        t_np = c.best_of(1, lambda: np.genfromtxt(path, dtype=dtype))
        t_io = c.best_of(r, lambda: npio.genfromtxt(path, dtype=dtype))
        row(f"genfromtxt {name} ({mb:.0f} MB)", t_np, t_io, ">= 20x", unit_mb=mb)
    messy = os.path.join(c.DATA, "messy_500k.csv")
    if not os.path.exists(messy):
        c.messy_file(messy, 500_000)
    mb = os.path.getsize(messy) / 1e6
    kw = dict(delimiter=",", names=True, dtype=None, encoding="utf-8")
    t_np = c.best_of(1, lambda: np.genfromtxt(messy, **kw))
    t_io = c.best_of(r, lambda: npio.genfromtxt(messy, **kw))
    row(f"genfromtxt messy_500k ({mb:.0f} MB, names, dtype=None)", t_np, t_io, ">= 20x",
        unit_mb=mb)

    # savetxt of the savetxt section's array.
    a = np.random.default_rng(5).standard_normal((200_000, 5))
    out_np = os.path.join(c.DATA, "py_numpy.txt")
    out_io = os.path.join(c.DATA, "py_npio.txt")
    t = c.interleaved(rounds, {
        "numpy": lambda: c.best_of(1, lambda: np.savetxt(out_np, a)),
        "npio": lambda: c.best_of(r, lambda: npio.savetxt(out_io, a)),
    })
    with open(out_np, "rb") as f1, open(out_io, "rb") as f2:
        same = f1.read() == f2.read()
    row(f"savetxt 200k x 5 f8 (byte-identical: {same})", t["numpy"], t["npio"], ">= 10x")
    print()

    # Peak memory of the text readers, in fresh processes.
    c.TEXT_READERS["npio-loadtxt"] = ("import npio", "npio.loadtxt(path, dtype=dtype)")
    c.TEXT_READERS["npio-genfromtxt"] = ("import npio", "npio.genfromtxt(path, dtype=dtype)")
    c.TEXT_READERS["numpy-genfromtxt"] = ("", "np.genfromtxt(path, dtype=dtype)")
    print("Peak memory above baseline through Python, as a multiple of the output array "
          "(target: npio <= 1.3x):")
    print()
    print("| file | npio.loadtxt | np.loadtxt | npio.genfromtxt | np.genfromtxt |")
    print("|---|---:|---:|---:|---:|")
    show = lambda v: f"{v:.2f}x" if v is not None else "-"
    for name, rows_, cols, fmt, integer in c.TEXT_ANCHORS:
        path = c.anchor_file(name, rows_, cols, fmt, integer)
        peaks = [c.python_peak(w, path, integer) for w in
                 ("npio-loadtxt", "numpy", "npio-genfromtxt", "numpy-genfromtxt")]
        print(f"| {name} | " + " | ".join(show(p) for p in peaks) + " |")
    print()
