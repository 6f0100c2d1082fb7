"""npio beside NumPy, same machine, same run.

Runs each .npy workload in NumPy and in npio (the `npio-bench` binary) and
prints a table of times, throughputs and ratios, plus peak memory.

    .venv/bin/python benches/compare.py            # 1 GiB .npy, 256 MiB .npz
    .venv/bin/python benches/compare.py --only npz --npz-mib 64

Data files go to benches/data/ (ignored by git). Everything is read once
before timing so that both sides read from the page cache.
"""

import argparse
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "benches", "data")
BENCH = os.path.join(ROOT, "target", "release", "npio-bench")
CLI = os.path.join(ROOT, "target", "release", "npio")


SUMMARY = []


def record(area, workload, unit, npio_value, numpy_value, **others):
    """One line of the closing summary (and of the chart): a throughput
    (higher is better) for npio, NumPy and any other library."""
    SUMMARY.append(dict(area=area, workload=workload, unit=unit, npio=npio_value,
                        numpy=numpy_value, **others))


def best_of(repeat, fn):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def interleaved(rounds, runs):
    """Best times of several libraries on one workload, measured in
    `rounds` rounds that each run every library once in turn (each run a
    best-of inside), so that a slow spell of a shared machine falls on all
    of them rather than on whichever ran then. `runs` maps a name to a
    function giving seconds (or None for a missing library)."""
    best = {name: None for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            t = run()
            if t is not None and (best[name] is None or t < best[name]):
                best[name] = t
    return best


def npio(op, path, repeat, *extra):
    out = subprocess.run([BENCH, op, path, str(repeat), *extra], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def numpy_peak_read(path):
    """Peak RSS above baseline for np.load in a fresh process (VmHWM, not
    ru_maxrss: a process started by a big one inherits its parent's)."""
    code = (
        "import numpy as np, sys\n"
        "def status(key):\n"
        "    for l in open('/proc/self/status'):\n"
        "        if l.startswith(key): return int(l.split()[1]) * 1024\n"
        "base = status('VmRSS:')\n"
        "a = np.load(sys.argv[1])\n"
        "print(status('VmHWM:') - base, a.nbytes)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, path], check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), int(out[1])


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def npz_dataset(mib):
    """A model-and-dataset-like mix: float weights (barely compressible),
    integer labels and counts, a smooth signal, a boolean mask."""
    rng = np.random.default_rng(1)
    n = mib * (1 << 20) // 8 // 8  # eight members of mib/8 MiB each
    return {
        "w1_f32": rng.standard_normal(2 * n, dtype=np.float32),
        "w2_f32": rng.standard_normal(2 * n, dtype=np.float32),
        "emb_f16": rng.standard_normal(4 * n).astype(np.float16),
        "labels_i64": rng.integers(0, 1000, n),
        "counts_i32": rng.poisson(3.0, 2 * n).astype(np.int32),
        "signal_f64": np.round(np.sin(np.arange(n) / 1000.0) * 1000) / 1000,
        "grid_f64": np.linspace(0, 1, n),
        "mask_b1": rng.random(8 * n) < 0.1,
    }


def bench_npz(args):
    r = args.npz_repeat
    src = os.path.join(DATA, f"npz_src_{args.npz_mib}m")
    arrays = npz_dataset(args.npz_mib)
    os.makedirs(src, exist_ok=True)
    for k, v in arrays.items():
        p = os.path.join(src, k + ".npy")
        if not os.path.exists(p):
            np.save(p, v)
    total = sum(v.nbytes for v in arrays.values()) / (1 << 20)
    rows = []
    sizes = {}

    def np_write(fn, name):
        out = os.path.join(DATA, name)
        t = float("inf")
        for _ in range(r):
            os.sync()
            t = min(t, best_of(1, lambda: fn(out, **arrays)))
        sizes[name] = os.path.getsize(out)
        return t, out

    def io_write(op):
        res = npio(op, src, r)
        return res["seconds"], res["bytes"]

    def np_read(path):
        def go():
            f = np.load(path)
            for k in f.files:
                f[k]
        return best_of(r, go)

    t_np_c, np_c = np_write(np.savez_compressed, "numpy_compressed.npz")
    t_io_c, size_io_c = io_write("npz-write-deflate")
    shutil.copy(src + ".npio.npz", os.path.join(DATA, "npio_deflate.npz"))
    t_io_z, size_io_z = io_write("npz-write-zstd")
    shutil.copy(src + ".npio.npz", os.path.join(DATA, "npio_zstd.npz"))
    t_np_s, np_s = np_write(np.savez, "numpy_stored.npz")
    t_io_s, size_io_s = io_write("npz-write-stored")
    shutil.copy(src + ".npio.npz", os.path.join(DATA, "npio_stored.npz"))

    rows.append(("write deflate (savez_compressed)", t_np_c, t_io_c,
                 f"{size_io_c / sizes['numpy_compressed.npz']:.3f}", ">= 3x, size within 2%"))
    rows.append(("write zstd:3 vs NumPy deflate", t_np_c, t_io_z,
                 f"{size_io_z / sizes['numpy_compressed.npz']:.3f}", ">= 12x, smaller file"))
    rows.append(("write stored (savez)", t_np_s, t_io_s,
                 f"{size_io_s / sizes['numpy_stored.npz']:.3f}", "-"))
    for label, np_path, io_path, target in [
        ("read deflate members", np_c, os.path.join(DATA, "npio_deflate.npz"), ">= 2x"),
        ("read stored members", np_s, os.path.join(DATA, "npio_stored.npz"), ">= 1.0x"),
    ]:
        warm(np_path)
        warm(io_path)
        t_np = np_read(np_path)
        t_io = npio("npz-read", np_path, r)["seconds"]
        rows.append((label, t_np, t_io, "-", target))
    t_io_zr = npio("npz-read", os.path.join(DATA, "npio_zstd.npz"), r)["seconds"]
    rows.append(("read zstd members (npio's file)", None, t_io_zr, "-", "-"))
    peak = npio("npz-peak-read", os.path.join(DATA, "npio_deflate.npz"), 1, "w1_f32")

    print(f"## .npz: {len(arrays)} members, {total:.0f} MiB in all, best of {r}")
    print()
    print("| workload | NumPy s | npio s | npio MiB/s | NumPy/npio | size npio/NumPy | target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, t_np, t_io, size_ratio, target in rows:
        np_txt = f"{t_np:.3f}" if t_np is not None else "-"
        ratio = f"{t_np / t_io:.2f}x" if t_np is not None else "-"
        print(f"| {name} | {np_txt} | {t_io:.3f} | {total / t_io:.0f} | {ratio} | {size_ratio} | {target} |")
        if t_np is not None:
            record("npz", name, "MiB/s", total / t_io, total / t_np)
    print()
    print(f"peak memory reading one member ({peak['array_bytes'] / (1 << 20):.1f} MiB): "
          f"{peak['peak_above_base'] / (1 << 20):.1f} MiB above baseline "
          f"(target: the array + a few MiB)")
    print()


def bench_mmap(args):
    r = args.repeat
    # A 64 GiB sparse .npy: the header, then a hole.
    sparse = os.path.join(DATA, "f8_sparse_64g.npy")
    n = (64 << 30) // 8
    if not os.path.exists(sparse):
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (n,)})
        with open(sparse, "wb") as f:
            f.write(header.getvalue())
            f.truncate(len(header.getvalue()) + n * 8)
    t_np_open = best_of(r * 20, lambda: float(np.load(sparse, mmap_mode="r")[-1]))
    t_io_open = npio("mmap-open-last", sparse, r * 20)["seconds"]
    native = os.path.join(DATA, f"f8_native_{args.size_mib}m.npy")
    warm(native)
    t_mem = npio("mem-sum", native, r)["seconds"]
    t_map = npio("mmap-sum", native, r)["seconds"]
    t_np_map = best_of(r, lambda: np.load(native, mmap_mode="r").sum())
    print(f"## memory maps: 64 GiB sparse .npy; {args.size_mib} MiB f64 sum, best of {r}")
    print()
    print("| workload | NumPy s | npio s | NumPy/npio | target |")
    print("|---|---:|---:|---:|---|")
    print(f"| open 64 GiB .npy, read last element | {t_np_open:.6f} | {t_io_open:.6f} | "
          f"{t_np_open / t_io_open:.2f}x | <= 1 ms, no slower than NumPy |")
    print(f"| sum mapped f64 (page cache) | {t_np_map:.3f} | {t_map:.3f} | {t_np_map / t_map:.2f}x | - |")
    print(f"| sum the same array in memory | - | {t_mem:.3f} | - | - |")
    print()
    print(f"npio mapped sum speed / in-memory sum speed: {t_mem / t_map:.3f} (target >= 0.9)")
    record("mmap", "open 64 GiB .npy, read last element", "opens/s", 1 / t_io_open, 1 / t_np_open)
    record("mmap", f"sum mapped {args.size_mib} MiB f64", "GiB/s",
           args.size_mib / 1024 / t_map, args.size_mib / 1024 / t_np_map)
    print()


TEXT_ANCHORS = [
    # name, rows, cols, fmt, integer
    ("f18e_400k_5", 400_000, 5, "%.18e", False),
    ("f17g_400k_5", 400_000, 5, "%.17g", False),
    ("f6g_500k_10", 500_000, 10, "%.6g", False),
    ("int_500k_10", 500_000, 10, "%d", True),
]


PEAK_CODE = """
import resource, sys
def status(key):
    for l in open('/proc/self/status'):
        if l.startswith(key): return int(l.split()[1]) * 1024
def rss():
    return status('VmRSS:')
import numpy as np
{imports}
path, integer = sys.argv[1], sys.argv[2] == '1'
dtype = np.int64 if integer else np.float64
base = rss()
a = {call}
# VmHWM, not ru_maxrss: a process started by a big one inherits its
# parent's ru_maxrss.
print(status('VmHWM:') - base, a.nbytes)
"""

TEXT_READERS = {
    "numpy": ("", "np.loadtxt(path, dtype=dtype)"),
    "pandas": ("import pandas as pd",
               "pd.read_csv(path, sep=' ', header=None, dtype=dtype).to_numpy()"),
    "polars": ("import polars as pl",
               "pl.read_csv(path, separator=' ', has_header=False).to_numpy()"),
}


def python_peak(which, path, integer):
    """Peak RSS above baseline of one read in a fresh process, as a
    multiple of the output array (None when the library is missing)."""
    imports, call = TEXT_READERS[which]
    code = PEAK_CODE.format(imports=imports, call=call)
    r = subprocess.run([sys.executable, "-c", code, path, "1" if integer else "0"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None
    peak, nbytes = map(int, r.stdout.split())
    return peak / nbytes


def anchor_file(name, rows, cols, fmt, integer):
    """One of the text spec's anchor files, written the first time."""
    path = os.path.join(DATA, name + ".txt")
    if not os.path.exists(path):
        rng = np.random.default_rng(3 + TEXT_ANCHORS.index((name, rows, cols, fmt, integer)))
        if integer:
            a = rng.integers(-10**9, 10**9, size=(rows, cols))
        else:
            a = rng.standard_normal((rows, cols)) * 10.0 ** rng.integers(-5, 5, size=(rows, cols))
        np.savetxt(path, a, fmt=fmt)
    return path


def bench_text(args):
    r = args.text_repeat
    try:
        import pandas as pd
    except ImportError:
        pd = None
    try:
        import polars as pl
    except ImportError:
        pl = None
    print(f"## loadtxt: the anchor files of the text spec, best of {r} (pandas, polars and npio: "
          f"best of {args.text_rounds} rounds of {r}, in turn)")
    print()
    print("| file | MB | np.loadtxt MB/s | pandas MB/s | polars MB/s | npio MB/s | npio/polars | npio/NumPy |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    peaks = []
    for name, rows, cols, fmt, integer in TEXT_ANCHORS:
        path = anchor_file(name, rows, cols, fmt, integer)
        warm(path)
        mb = os.path.getsize(path) / 1e6
        dtype = np.int64 if integer else np.float64
        t_np = best_of(r, lambda: np.loadtxt(path, dtype=dtype))
        t = interleaved(args.text_rounds, {
            "pandas": lambda: best_of(r, lambda: pd.read_csv(path, sep=" ", header=None, dtype=dtype).to_numpy()) if pd else None,
            "polars": lambda: best_of(r, lambda: pl.read_csv(path, separator=" ", has_header=False).to_numpy()) if pl else None,
            "npio": lambda: npio("loadtxt-i8" if integer else "loadtxt-f8", path, r)["seconds"],
        })
        t_pd, t_pl, t_io = t["pandas"], t["polars"], t["npio"]
        fmt_rate = lambda t: f"{mb / t:.0f}" if t else "-"
        vs_pl = f"{t_pl / t_io:.2f}x" if t_pl else "-"
        print(f"| {name} ({fmt}) | {mb:.0f} | {fmt_rate(t_np)} | {fmt_rate(t_pd)} | {fmt_rate(t_pl)} | "
              f"{mb / t_io:.0f} | {vs_pl} | {t_np / t_io:.1f}x |")
        record("loadtxt", f"{name} ({fmt})", "MB/s", mb / t_io, mb / t_np,
               pandas=mb / t_pd if t_pd else None, polars=mb / t_pl if t_pl else None)
        io_peak = npio("loadtxt-peak-i8" if integer else "loadtxt-peak-f8", path, 1)
        peaks.append((name, io_peak["peak_above_base"] / io_peak["array_bytes"],
                      *(python_peak(w, path, integer) for w in ("numpy", "pandas", "polars"))))
    print()
    print("Peak memory above baseline, as a multiple of the output array (target: npio <= 1.3x):")
    print()
    print("| file | npio | np.loadtxt | pandas | polars |")
    print("|---|---:|---:|---:|---:|")
    show = lambda v: f"{v:.2f}x" if v is not None else "-"
    for name, io, np_, pd_, pl_ in peaks:
        print(f"| {name} | {show(io)} | {show(np_)} | {show(pd_)} | {show(pl_)} |")
    print()
    bench_savetxt(args)


def bench_savetxt(args):
    """np.savetxt with its default %.18e against npio's SaveTxt, checking
    that both write the same bytes."""
    r = args.text_repeat
    src = os.path.join(DATA, "savetxt_200k_5.npy")
    a = np.random.default_rng(5).standard_normal((200_000, 5))
    np.save(src, a)
    out = os.path.join(DATA, "savetxt_numpy.txt")
    t_np = best_of(r, lambda: np.savetxt(out, a))
    t_io = npio("savetxt", src, r)["seconds"]
    same = "n/a"
    npio_out = src + ".npio.txt"
    if os.path.exists(npio_out):
        same = open(out, "rb").read() == open(npio_out, "rb").read()
    n = a.size
    print(f"## savetxt: 200k x 5 float64, fmt %.18e, best of {r}")
    print()
    print("| writer | s | M values/s |")
    print("|---|---:|---:|")
    print(f"| np.savetxt | {t_np:.3f} | {n / t_np / 1e6:.2f} |")
    print(f"| npio SaveTxt | {t_io:.3f} | {n / t_io / 1e6:.2f} |")
    print()
    print(f"npio/NumPy: {t_np / t_io:.1f}x (target >= 10x); byte-identical output: {same}")
    print()
    record("savetxt", "200k x 5 f8, %.18e", "M values/s", n / t_io / 1e6, n / t_np / 1e6)


def messy_file(path, rows):
    """A CSV as people write them: a header row, an int id, a text label,
    floats, counts and a boolean flag, with about 10% of the values
    missing."""
    rng = np.random.default_rng(11)
    ids = np.arange(rows)
    labels = rng.choice(np.array(["alpha", "beta", "gamma", "delta", "eps"]), rows)
    x = rng.standard_normal(rows) * 100
    y = rng.random(rows)
    counts = rng.integers(0, 10_000, rows)
    flags = rng.choice(np.array(["True", "False"]), rows)
    cols = [ids.astype(str), labels, np.char.mod("%.6g", x), np.char.mod("%.4f", y),
            counts.astype(str), flags]
    missing = rng.random((6, rows)) < 0.10
    missing[0] = False  # the id column is complete
    with open(path, "w") as f:
        f.write("id,label,x,y,count,flag\n")
        table = np.stack([np.where(m, "", c) for c, m in zip(cols, missing)], axis=1)
        f.write("\n".join(",".join(r) for r in table))
        f.write("\n")


def bench_genfromtxt(args):
    """np.genfromtxt against npio's GenFromTxt on the anchor files and on a
    messy CSV; pandas and polars read the same files."""
    import pandas as pd
    import polars as pl
    r = args.text_repeat
    print(f"## genfromtxt: anchor files and a messy CSV (NumPy best of 1, others best of "
          f"{args.text_rounds} rounds of {r}, in turn)")
    print()
    print("| file | MB | np.genfromtxt MB/s | pandas MB/s | polars MB/s | npio MB/s | npio/NumPy | npio/pandas | peak npio | peak NumPy |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    messy = os.path.join(DATA, "messy_500k.csv")
    if not os.path.exists(messy):
        messy_file(messy, 500_000)
    files = [(name, os.path.join(DATA, name + ".txt"), integer) for name, _, _, _, integer in TEXT_ANCHORS]
    files.append(("messy_500k (10% missing, header, mixed)", messy, None))
    for name, path, integer in files:
        warm(path)
        mb = os.path.getsize(path) / 1e6
        if integer is None:
            np_call = lambda: np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8")
            pd_call = lambda: pd.read_csv(path)
            pl_call = lambda: pl.read_csv(path)
            op, peak_code = "genfromtxt-messy", ("", "np.genfromtxt(path, delimiter=',', names=True, dtype=None, encoding='utf-8')")
        else:
            dtype = np.int64 if integer else np.float64
            np_call = lambda: np.genfromtxt(path, dtype=dtype)
            pd_call = lambda: pd.read_csv(path, sep=" ", header=None, dtype=dtype).to_numpy()
            pl_call = lambda: pl.read_csv(path, separator=" ", has_header=False).to_numpy()
            op = "genfromtxt-i8" if integer else "genfromtxt-f8"
            peak_code = ("", "np.genfromtxt(path, dtype=dtype)")
        t_np = best_of(1, np_call)
        t = interleaved(args.text_rounds, {
            "pandas": lambda: best_of(r, pd_call),
            "polars": lambda: best_of(r, pl_call),
            "npio": lambda: npio(op, path, r)["seconds"],
        })
        t_pd, t_pl, t_io = t["pandas"], t["polars"], t["npio"]
        io_peak = npio(op + "-peak", path, 1)
        TEXT_READERS["numpy-genfromtxt"] = peak_code
        np_peak = python_peak("numpy-genfromtxt", path, bool(integer))
        show = lambda v: f"{v:.1f}x" if v is not None else "-"
        print(f"| {name} | {mb:.0f} | {mb / t_np:.1f} | {mb / t_pd:.0f} | {mb / t_pl:.0f} | {mb / t_io:.0f} | "
              f"{t_np / t_io:.1f}x | {t_pd / t_io:.2f}x | "
              f"{show(io_peak['peak_above_base'] / io_peak['array_bytes'])} | {show(np_peak)} |")
        record("genfromtxt", name, "MB/s", mb / t_io, mb / t_np, pandas=mb / t_pd, polars=mb / t_pl)
    print()
    print("Targets: >= 20x np.genfromtxt, >= 1.0x pandas, peak memory <= 1.5x the output "
          "(peaks are multiples of the output array).")
    print()


def bench_stream(args):
    """Converting a text file larger than the memory allowed: the anchor
    file of floats repeated to --stream-gb GB, converted to .npy by
    loadtxt's and genfromtxt's streaming paths under a 512 MiB
    address-space limit (prlimit)."""
    src = os.path.join(DATA, "f18e_400k_5.txt")
    big = os.path.join(DATA, f"stream_{args.stream_gb}gb.txt")
    target = int(args.stream_gb * 1e9)
    if not os.path.exists(big) or os.path.getsize(big) < target:
        chunk = open(src, "rb").read()
        with open(big, "wb") as f:
            written = 0
            while written < target:
                f.write(chunk)
                written += len(chunk)
    size = os.path.getsize(big)
    print(f"## streaming conversion: {size / 1e9:.2f} GB of text → .npy, under a 512 MiB limit")
    print()
    print("| path | s | MB/s | peak RSS MiB | succeeded |")
    print("|---|---:|---:|---:|---|")
    limit = str(512 << 20)
    for op in ("stream-loadtxt", "stream-genfromtxt"):
        out = big + ".npy"
        r = subprocess.run(["prlimit", f"--as={limit}", BENCH, op, big, "1", out],
                           capture_output=True, text=True)
        ok = r.returncode == 0
        if ok:
            res = json.loads(r.stdout)
            print(f"| {op} | {res['seconds']:.1f} | {size / 1e6 / res['seconds']:.0f} | "
                  f"{res['peak'] / (1 << 20):.0f} | yes |")
            record("stream", op.replace("stream-", "") + f" {size / 1e9:.1f} GB → .npy", "MB/s",
                   size / 1e6 / res["seconds"], None)
        else:
            print(f"| {op} | - | - | - | no: {r.stderr.strip()[:80]} |")
        if os.path.exists(out):
            os.remove(out)
    print()


def print_summary():
    print("## Summary: throughput (higher is better), npio beside NumPy, pandas and polars")
    print()
    print("| area | workload | unit | npio | NumPy | pandas | polars | npio/NumPy | npio/polars |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    num = lambda v: "-" if v is None else (f"{v:.0f}" if v >= 100 else f"{v:.3g}")
    for e in SUMMARY:
        pl_ratio = f"{e['npio'] / e['polars']:.2f}x" if e.get("polars") else "-"
        np_ratio = f"{e['npio'] / e['numpy']:.2f}x" if e["numpy"] else "-"
        print(f"| {e['area']} | {e['workload']} | {e['unit']} | {num(e['npio'])} | {num(e['numpy'])} | "
              f"{num(e.get('pandas'))} | {num(e.get('polars'))} | {np_ratio} | {pl_ratio} |")
    print()


def write_chart(path, title):
    """The summary as an SVG bar chart: each workload's speed relative to
    NumPy (log scale), with pandas and polars where they ran."""
    import math
    series = [("npio", "#2b6cb0"), ("pandas", "#9c4221"), ("polars", "#2f855a")]
    rows = [e for e in SUMMARY if e["numpy"]]
    bar_h, gap, left, width = 9, 10, 330, 420
    top = 60
    height = top + len(rows) * (len(series) * bar_h + gap) + 50
    lo, hi = math.log10(0.5), math.log10(max(
        [e[k] / e["numpy"] for e in rows for k, _ in series if e.get(k)] + [2]) * 1.2)
    x = lambda ratio: left + (math.log10(ratio) - lo) / (hi - lo) * width
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="20" font-size="14" font-weight="bold">{title}</text>',
           f'<text x="10" y="38">speed relative to NumPy (log scale; 1x = NumPy)</text>']
    for k, (name, color) in enumerate(series):
        out.append(f'<rect x="{left + k * 90}" y="44" width="10" height="10" fill="{color}"/>'
                   f'<text x="{left + k * 90 + 14}" y="53">{name}</text>')
    for tick in [0.5, 1, 2, 5, 10, 20, 50, 100, 200]:
        if math.log10(tick) <= hi:
            out.append(f'<line x1="{x(tick):.1f}" y1="{top}" x2="{x(tick):.1f}" y2="{height - 40}" '
                       f'stroke="{"#444" if tick == 1 else "#ddd"}"/>'
                       f'<text x="{x(tick):.1f}" y="{height - 26}" text-anchor="middle">{tick}x</text>')
    y = top
    for e in rows:
        label = f"{e['area']}: {e['workload']}"
        out.append(f'<text x="{left - 6}" y="{y + bar_h * 1.5:.1f}" text-anchor="end">{label[:52]}</text>')
        for k, (name, color) in enumerate(series):
            v = e.get(name)
            if v:
                ratio = v / e["numpy"]
                x0, x1 = x(1), x(ratio)
                out.append(f'<rect x="{min(x0, x1):.1f}" y="{y + k * bar_h}" width="{abs(x1 - x0):.1f}" '
                           f'height="{bar_h - 1}" fill="{color}"/>')
                if name == "npio":
                    out.append(f'<text x="{max(x0, x1) + 3:.1f}" y="{y + bar_h - 1}">{ratio:.1f}x</text>')
        y += len(series) * bar_h + gap
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


class Tee:
    """Prints to stdout and keeps a copy (for docs/benchmarks.md)."""

    def __init__(self):
        self.parts = []
        self.out = sys.stdout

    def write(self, text):
        self.parts.append(text)
        self.out.write(text)

    def flush(self):
        self.out.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mib", type=int, default=1024, help=".npy array size")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--npz-mib", type=int, default=256, help="total size of the .npz arrays")
    ap.add_argument("--npz-repeat", type=int, default=3)
    ap.add_argument("--text-repeat", type=int, default=3)
    ap.add_argument("--text-rounds", type=int, default=3,
                    help="rounds of pandas, polars and npio in turn (best of all rounds)")
    ap.add_argument("--only", choices=["npy", "npz", "mmap", "text", "genfromtxt", "stream",
                                       "commands", "remote", "python", "sparse"],
                    help="run one part")
    ap.add_argument("--sparse-nnz", type=int, default=20_000_000,
                    help="stored values of the scipy.sparse CSR matrix")
    ap.add_argument("--remote-mib", type=int, default=256,
                    help="size of the .npy read from and written to the S3 server")
    ap.add_argument("--stream-gb", type=float, default=2.0, help="size of the streamed text file")
    ap.add_argument("--write-docs", action="store_true",
                    help="also write the report to docs/benchmarks.md and the chart to docs/benchmarks.svg")
    args = ap.parse_args()
    tee = Tee()
    sys.stdout = tee
    # Always built (a no-op when up to date), so that a stale binary is
    # never measured.
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "npio-benches", "-p", "npio-cli",
                    "--bins"], check=True, cwd=ROOT)
    os.makedirs(DATA, exist_ok=True)
    print(f"# npio vs NumPy {np.__version__}, same machine, same run")
    print(f"# machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.system()} {platform.release()}, Python {platform.python_version()}")
    print()
    if args.only in (None, "npy"):
        bench_npy(args)
    if args.only in (None, "npz"):
        bench_npz(args)
    if args.only in (None, "mmap"):
        bench_mmap(args)
    if args.only in (None, "text"):
        bench_text(args)
    if args.only in (None, "genfromtxt"):
        bench_genfromtxt(args)
    if args.only in (None, "stream"):
        bench_stream(args)
    if args.only in (None, "commands"):
        bench_commands(args)
    if args.only in (None, "sparse"):
        bench_sparse(args)
    if args.only in (None, "remote"):
        bench_remote(args)
    if args.only in (None, "python"):
        import compare_python

        compare_python.bench_python(args, sys.modules[__name__])
    print_summary()
    sys.stdout = tee.out
    if args.write_docs:
        title = f"npio vs NumPy {np.__version__}: {platform.machine()}, {os.cpu_count()} cores"
        write_chart(os.path.join(ROOT, "docs", "benchmarks.svg"), title)
        with open(os.path.join(ROOT, "docs", "benchmarks.md"), "w") as f:
            f.write(DOC_HEAD + "".join(tee.parts))


DOC_HEAD = """# Benchmarks

How npio compares with NumPy (and, for text, pandas and polars) on one
machine, in one run. Reproduce with:

    cargo build --release -p npio-benches -p npio-cli --bins
    .venv/bin/pip install pandas polars     # for the text comparisons
    .venv/bin/python benches/compare.py --write-docs

The script generates its data under `benches/data/` (ignored by git),
reads every input once before timing so that all sides read from the page
cache, and keeps each side's best of several runs (for text, pandas,
polars and npio run in alternating rounds, so that a slow spell of the
machine falls on all of them). Throughputs are MB/s of
input for text and MiB/s of array data otherwise; "peak memory" is the
peak resident set above the process's baseline, in a fresh process.

![npio beside NumPy, pandas and polars](benchmarks.svg)

The report of the latest run follows.

"""


def bench_npy(args):
    n = args.size_mib * (1 << 20) // 8
    native = os.path.join(DATA, f"f8_native_{args.size_mib}m.npy")
    big = os.path.join(DATA, f"f8_big_{args.size_mib}m.npy")
    a = np.arange(n, dtype="<f8") * 0.5
    if not os.path.exists(native):
        np.save(native, a)
    if not os.path.exists(big):
        np.save(big, a.astype(">f8"))
    for p in (native, big):
        warm(p)
    mib = n * 8 / (1 << 20)
    r = args.repeat
    rows = []

    def row(name, numpy_s, npio_s, target):
        rows.append((name, numpy_s, npio_s, target))

    t_np_load = best_of(r, lambda: np.load(native))
    t_npio_read = npio("read", native, r)["seconds"]
    t_plain = npio("plain-read", native, r)["seconds"]
    row("read native f8", t_np_load, t_npio_read, "npio <= 1.0x NumPy")
    row("plain fs::read (floor)", None, t_plain, "npio read <= 1.15x this")

    t_np_load_be = best_of(r, lambda: np.load(big).astype("<f8", copy=False))
    t_npio_swap = npio("read-swap", big, r)["seconds"]
    row("read big-endian -> native", t_np_load_be, t_npio_swap, "npio <= 1.3x native read")

    # Writes depend on how much dirty data the kernel is holding: flush
    # before each run and alternate the two sides, keeping each one's best.
    out = os.path.join(DATA, "numpy_out.npy")
    t_np_save = t_npio_write = float("inf")
    for _ in range(r):
        os.sync()
        t_np_save = min(t_np_save, best_of(1, lambda: np.save(out, a)))
        os.remove(out)
        os.sync()
        t_npio_write = min(t_npio_write, npio("write", native, 1)["seconds"])
    row("write native f8", t_np_save, t_npio_write, "npio <= 1.0x NumPy")

    np_peak, nbytes = numpy_peak_read(native)
    npio_peak = npio("peak-read", native, 1)

    print(f"## .npy: {mib:.0f} MiB of f64, best of {r}")
    print()
    print(f"| workload | NumPy s | npio s | npio MiB/s | NumPy/npio | target |")
    print(f"|---|---:|---:|---:|---:|---|")
    for name, t_np, t_io, target in rows:
        np_txt = f"{t_np:.3f}" if t_np is not None else "-"
        ratio = f"{t_np / t_io:.2f}x" if t_np is not None else "-"
        print(f"| {name} | {np_txt} | {t_io:.3f} | {mib / t_io:.0f} | {ratio} | {target} |")
        if t_np is not None:
            record("npy", name, "MiB/s", mib / t_io, mib / t_np)
    print()
    print(f"npio read / plain read: {t_npio_read / t_plain:.3f} (target <= 1.15)")
    print(f"npio big-endian read / npio native read: {t_npio_swap / t_npio_read:.3f} (target <= 1.3)")
    print(f"peak memory above baseline when reading: NumPy {np_peak / (1 << 20):.1f} MiB, "
          f"npio {npio_peak['peak_above_base'] / (1 << 20):.1f} MiB, "
          f"array {nbytes / (1 << 20):.1f} MiB (target: array + <= 1 MiB)")
    print()


def command_time(repeat, argv, out=None):
    """Best wall time of a whole `npio` process (start, work, exit), with
    the page cache flushed of dirty data before each run."""
    best = float("inf")
    for _ in range(repeat):
        if out and os.path.exists(out):
            os.remove(out)
        os.sync()
        t = time.perf_counter()
        subprocess.run([CLI, *argv], check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
    return best


def python_time(repeat, fn, out=None):
    """Best time of `fn` inside this already-started Python, flushed as
    `command_time` is."""
    best = float("inf")
    for _ in range(repeat):
        if out and os.path.exists(out):
            os.remove(out)
        os.sync()
        best = min(best, best_of(1, fn))
    return best


def paired_time(repeat, argv, fn, out):
    """Best times of an `npio` command and of `fn` in this Python, run in
    turn `repeat` times (see `interleaved`), each flushed as
    `command_time` is; both write `out`."""
    best = interleaved(repeat, {"npio": lambda: command_time(1, argv, out),
                                "other": lambda: python_time(1, fn, out)})
    return best["npio"], best["other"]


def kernel_copy_time(repeat, src, out):
    """Best time of the kernel copying `src` to `out` in this Python
    (fallocate, then copy_file_range): what `npio convert` does for a
    .npy whose bytes do not change, without process start or header."""
    size = os.path.getsize(src)

    def copy():
        with open(src, "rb") as i, open(out, "wb") as o:
            os.posix_fallocate(o.fileno(), 0, size)
            done = 0
            while done < size:
                done += os.copy_file_range(i.fileno(), o.fileno(), size - done, done, done)
    return python_time(repeat, copy, out)


def random_walk_npz(path, mib):
    """A random walk as f8 (the running sum of steps of -1, 0 or 1) and
    `arange % 1000` as i8, mib/2 MiB each, stored (what `npio convert`
    reads): data that deflate compresses about tenfold."""
    n = mib * (1 << 20) // 2 // 8
    rng = np.random.default_rng(5)
    arrays = {"walk": np.cumsum(rng.integers(-1, 2, n)).astype(np.float64),
              "mod": np.arange(n, dtype=np.int64) % 1000}
    if not os.path.exists(path):
        np.savez(path, **arrays)
    return arrays


def sparse_csr(path, n, nnz, compressed, dtype="f8"):
    """A random n x n CSR matrix with nnz stored values, saved by
    scipy.sparse.save_npz (once)."""
    import scipy.sparse as sp
    if not os.path.exists(path):
        rng = np.random.default_rng(11)
        counts = rng.multinomial(nnz, np.full(n, 1.0 / n))
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        indices = rng.integers(0, n, nnz, dtype=np.int32)
        data = rng.standard_normal(nnz).astype(dtype)
        sp.save_npz(path, sp.csr_matrix((data, indices, indptr), shape=(n, n)), compressed=compressed)
    return path


def bench_sparse(args):
    """scipy.sparse.load_npz / save_npz / toarray beside npio's, and the
    densifying command beside the same work in a running Python."""
    import scipy
    import scipy.sparse as sp
    r = args.npz_repeat
    nnz = args.sparse_nnz
    n = max(nnz // 20, 1)
    deflate = sparse_csr(os.path.join(DATA, f"sparse_{nnz}.npz"), n, nnz, True)
    stored = sparse_csr(os.path.join(DATA, f"sparse_{nnz}_stored.npz"), n, nnz, False)
    # 8192 x 8192 at 1%: a 512 MiB dense array.
    small = sparse_csr(os.path.join(DATA, "sparse_dense_8192.npz"), 8192, 8192 * 82, True)
    for p in (deflate, stored, small):
        warm(p)
    m = sp.load_npz(stored)
    mib = (m.data.nbytes + m.indices.nbytes + m.indptr.nbytes) / (1 << 20)
    rows = []
    for label, path in [("load_npz, deflate", deflate), ("load_npz, stored", stored)]:
        t_sp = best_of(r, lambda: sp.load_npz(path))
        t_io = npio("sparse-load", path, r)["seconds"]
        rows.append((label, t_sp, t_io, "-"))
    for label, path, compressed in [("save_npz, deflate", deflate, True),
                                    ("save_npz, stored", stored, False)]:
        out = os.path.join(DATA, "scipy_sparse_out.npz")
        t_sp = python_time(r, lambda: sp.save_npz(out, m, compressed=compressed), out)
        size_sp = os.path.getsize(out)
        res = npio("sparse-save", path, r, *([] if compressed else ["stored"]))
        rows.append((label, t_sp, res["seconds"], f"{res['bytes'] / size_sp:.3f}"))
    print(f"## scipy.sparse archives: CSR {n:,} x {n:,}, {nnz:,} float64 values "
          f"({mib:.0f} MiB of arrays), SciPy {scipy.__version__}, best of {r}")
    print()
    print("| workload | SciPy s | npio s | SciPy/npio | size npio/SciPy |")
    print("|---|---:|---:|---:|---:|")
    for label, t_sp, t_io, size in rows:
        print(f"| {label} | {t_sp:.3f} | {t_io:.3f} | {t_sp / t_io:.2f}x | {size} |")
        record("sparse", label, "MiB/s", mib / t_io, mib / t_sp)
    ms = sp.load_npz(small)
    t_sp = best_of(r, ms.toarray)
    t_io = npio("sparse-dense", small, r)["seconds"]
    out = os.path.join(DATA, "sparse_dense.npy")
    t_cmd = command_time(r, ["convert", small, out, "--dense", "--max-bytes", str(1 << 30)], out)
    t_py = python_time(r, lambda: np.save(out, sp.load_npz(small).toarray()), out)
    dense_mib = 8192 * 8192 * 8 / (1 << 20)
    print(f"| toarray, 8,192 x 8,192 at 1% ({dense_mib:.0f} MiB dense) | {t_sp:.3f} | {t_io:.3f} "
          f"| {t_sp / t_io:.2f}x | - |")
    print(f"| `npio convert m.npz m.npy --dense` vs np.save(load_npz().toarray()) | {t_py:.3f} "
          f"| {t_cmd:.3f} | {t_py / t_cmd:.2f}x | - |")
    record("sparse", "toarray", "MiB/s", dense_mib / t_io, dense_mib / t_sp)
    print()


def bench_commands(args):
    """Whole `npio` commands, process start included, against NumPy (or
    polars) doing the same work inside an already-started Python."""
    r = args.repeat
    rows = []

    def row(work, t_io, t_other, other="NumPy", sizes=None):
        rows.append((work, t_io, t_other, other, sizes))
        record("commands", work, "1/s", 1 / t_io, 1 / t_other if other == "NumPy" else None,
               **({"polars": 1 / t_other} if other == "polars" else {}))

    n = args.size_mib * (1 << 20) // 8
    native = os.path.join(DATA, f"f8_native_{args.size_mib}m.npy")
    big = os.path.join(DATA, f"f8_big_{args.size_mib}m.npy")
    if not os.path.exists(native):
        np.save(native, np.arange(n, dtype="<f8") * 0.5)
    if not os.path.exists(big):
        np.save(big, (np.arange(n, dtype="<f8") * 0.5).astype(">f8"))
    out = os.path.join(DATA, "cmd_out.npy")
    for name, src in ((f"npy -> npy ({args.size_mib} MiB f8)", native),
                      ("npy -> npy, big-endian", big)):
        warm(src)
        t_io, t_np = paired_time(r, ["convert", src, out, "-q"],
                                 lambda: np.save(out, np.load(src)), out)
        row(name, t_io, t_np)
    # The floor of any copy of this file on this machine: the page cache's
    # own copy, which npio's conversion of an unchanged .npy is.
    t_floor = kernel_copy_time(r, native, out)

    mib = args.npz_mib
    src = os.path.join(DATA, f"walk_{mib}m.npz")
    arrays = random_walk_npz(src, mib)
    warm(src)
    onez = os.path.join(DATA, f"walk1_{mib}m.npz")
    if not os.path.exists(onez):
        np.savez(onez, walk=np.concatenate([arrays["walk"], arrays["mod"].astype(np.float64)]))
    warm(onez)
    npz_out = os.path.join(DATA, "cmd_out.npz")
    np_out = os.path.join(DATA, "np_out.npz")
    t_io, t_np = paired_time(r, ["convert", src, npz_out, "--compress", "deflate", "-q"],
                             lambda: np.savez_compressed(np_out, **arrays), np_out)
    np_size = os.path.getsize(np_out)
    t_savez = t_np
    row(f"npz -> npz --compress deflate (2 members, {mib} MiB)", t_io, t_np,
        sizes=(os.path.getsize(npz_out), np_size))
    t_io = command_time(r, ["convert", src, npz_out, "--compress", "zstd", "-q"], npz_out)
    row(f"npz -> npz --compress zstd (2 members, {mib} MiB)", t_io, t_np,
        sizes=(os.path.getsize(npz_out), np_size))
    t_stored = command_time(r, ["convert", src, npz_out, "--compress", "stored", "-q"], npz_out)
    one = {"walk": np.load(onez)["walk"]}
    t_io, t_np1 = paired_time(r, ["convert", onez, npz_out, "--compress", "deflate", "-q"],
                              lambda: np.savez_compressed(np_out, **one), np_out)
    np_size1 = os.path.getsize(np_out)
    row(f"npz -> npz --compress deflate (1 member, {mib} MiB)", t_io, t_np1,
        sizes=(os.path.getsize(npz_out), np_size1))

    # zstd levels beside NumPy's deflate (time and size of the 2-member
    # archive above).
    zstd_levels = []
    for level in (1, 2, 3, 4, 5, 6):
        t_z = command_time(r, ["convert", src, npz_out, "--compress", f"zstd:{level}", "-q"],
                           npz_out)
        zstd_levels.append((level, t_z, os.path.getsize(npz_out)))

    # Each deflate level: npio on 1 and 2 threads beside Python's zlib
    # (what np.savez_compressed calls, at level 6) on the same .npy bytes.
    import zlib
    npy_bytes = []
    for a in arrays.values():
        b = io.BytesIO()
        np.save(b, a)
        npy_bytes.append(b.getvalue())
    levels = []
    for level in range(1, 10):
        def zlib_all():
            n = 0
            for d in npy_bytes:
                c = zlib.compressobj(level, zlib.DEFLATED, -15)
                n += len(c.compress(d) + c.flush())
            return n
        t0 = time.perf_counter()
        z_size = zlib_all()
        t_z = time.perf_counter() - t0
        argv = ["convert", src, npz_out, "--compress", f"deflate:{level}", "-q"]
        t1 = command_time(r, argv, npz_out)
        size = os.path.getsize(npz_out)
        env1 = dict(os.environ, RAYON_NUM_THREADS="1")
        best1 = float("inf")
        for _ in range(r):
            os.remove(npz_out)
            os.sync()
            t = time.perf_counter()
            subprocess.run([CLI, *argv], check=True, env=env1)
            best1 = min(best1, time.perf_counter() - t)
        levels.append((level, z_size, t_z, size, best1, t1))

    # One deflate member to .npy: NumPy's own archive (one stream), and
    # the same array in an archive npio wrote (chunks indexed, inflated on
    # every core).
    np.savez_compressed(np_out, walk=arrays["walk"])
    walk_only = os.path.join(DATA, f"walk_only_{mib}m.npz")
    if not os.path.exists(walk_only):
        np.savez(walk_only, walk=arrays["walk"])
    io_out = os.path.join(DATA, "io_walk.npz")
    subprocess.run([CLI, "convert", walk_only, io_out, "--compress", "deflate", "-q"],
                   check=True)
    for name, archive in (("NumPy's archive", np_out), ("npio's archive", io_out)):
        warm(archive)
        t_io, t_np = paired_time(r, ["convert", archive, out, "--member", "walk", "-q"],
                                 lambda: np.save(out, np.load(archive)["walk"]), out)
        row(f"deflate member -> npy ({mib // 2} MiB, {name})", t_io, t_np)

    try:
        import polars as pl
    except ImportError:
        pl = None
    for name, rows_, cols, fmt, integer in TEXT_ANCHORS:
        path = anchor_file(name, rows_, cols, fmt, integer)
        warm(path)
        dtype = "i8" if integer else "f8"
        if pl is None:
            continue
        t_io, t_pl = paired_time(
            max(r, 9), ["convert", path, out, "--dtype", dtype, "-q"],
            lambda: np.save(out, pl.read_csv(path, separator=" ", has_header=False).to_numpy()),
            out)
        row(f"text -> npy, {name}", t_io, t_pl, other="polars")

    print(f"## Whole commands: `npio` processes against NumPy (or polars) in a running Python, "
          f"best of {r}")
    print()
    print("| work | npio s | other s | other | npio speed-up | npio size / NumPy's |")
    print("|---|---:|---:|---|---:|---:|")
    for work, t_io, t_other, other, sizes in rows:
        size = f"{sizes[0] / sizes[1]:.3f}" if sizes else "-"
        print(f"| {work} | {t_io:.3f} | {t_other:.3f} | {other} | {t_other / t_io:.2f}x | {size} |")
    print()
    print(f"The kernel's own copy of the {args.size_mib} MiB .npy (fallocate + copy_file_range, "
          f"in this Python) takes {t_floor:.3f} s: no conversion of it can beat NumPy by more "
          f"than {rows[0][2] / t_floor:.2f}x on this machine's file system. A stored copy of the "
          f"{mib} MiB archive (`--compress stored`) takes {t_stored:.3f} s.")
    print()
    print(f"### zstd levels on the random-walk archive ({mib} MiB), beside NumPy's "
          f"savez_compressed ({t_savez:.3f} s, {np_size} bytes)")
    print()
    print("| level | npio s | npio bytes | size / NumPy's | NumPy s / npio s |")
    print("|---:|---:|---:|---:|---:|")
    for level, t_z, size in zstd_levels:
        print(f"| {level} | {t_z:.3f} | {size} | {size / np_size:.3f} | {t_savez / t_z:.2f}x |")
    print()
    print(f"### Deflate levels on the random-walk archive ({mib} MiB): npio's archive beside "
          f"Python's zlib compressing the same .npy bytes (one core; NumPy's savez_compressed "
          f"is level 6, plus its CRC and writing)")
    print()
    print("| level | zlib bytes | zlib s | npio bytes | npio / zlib size | npio s, 1 thread | "
          "npio s, 2 threads | zlib s / npio s (2 threads) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for level, z_size, t_z, size, t1, t2 in levels:
        print(f"| {level} | {z_size} | {t_z:.2f} | {size} | {size / z_size:.3f} | {t1:.2f} | "
              f"{t2:.2f} | {t_z / t2:.2f}x |")
    print()


def bench_remote(args):
    """Object storage against moto's S3 server on 127.0.0.1 (from .venv,
    as the tests start it): npio-remote beside boto3 + NumPy and beside
    one plain object_store GET."""
    import socket
    try:
        import boto3
    except ImportError:
        print("## Object storage: skipped (boto3 and moto[server] are not installed)\n")
        return
    server = os.path.join(os.path.dirname(sys.executable), "moto_server")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen([server, "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        _bench_remote(args, endpoint)
    finally:
        proc.terminate()
        proc.wait()


def _bench_remote(args, endpoint):
    import boto3
    env = dict(os.environ, AWS_ENDPOINT_URL=endpoint, AWS_ALLOW_HTTP="true",
               AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_REGION="us-east-1")
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
    s3.create_bucket(Bucket="bench")
    mib = args.remote_mib
    r = args.repeat
    n = mib * (1 << 20) // 8
    path = os.path.join(DATA, f"f8_remote_{mib}m.npy")
    if not os.path.exists(path):
        np.save(path, np.arange(n, dtype="<f8") * 0.5)
    with open(path, "rb") as f:
        s3.upload_fileobj(f, "bench", "big.npy")
    url = "s3://bench/big.npy"

    def run_bench(*argv):
        out = subprocess.run([BENCH, *argv], check=True, capture_output=True, text=True,
                             env=env).stdout
        return json.loads(out)

    rows = []
    t_boto = best_of(r, lambda: np.load(io.BytesIO(
        s3.get_object(Bucket="bench", Key="big.npy")["Body"].read())))
    t_get = run_bench("remote-get", url, str(r))["seconds"]
    t = run_bench("remote-load", url, str(r))["seconds"]
    rows.append((f"load_npy ({mib} MiB): header and data in one GET", t, t_get, t_boto))
    for label, extra in (("RemoteNpy, header then one streamed request", ["0"]),
                         ("RemoteNpy, 16 MiB parts, 8 in flight", ["16", "8"]),
                         ("RemoteNpy, 64 MiB parts, 2 in flight", ["64", "2"])):
        t = run_bench("remote-read", url, str(r), *extra)["seconds"]
        rows.append((f"{label} ({mib} MiB)", t, t_get, t_boto))
    record("remote", f"read {mib} MiB .npy from S3", "MiB/s", mib / min(x[1] for x in rows),
           mib / t_boto)

    # Upload: npio's parts against boto3's upload_fileobj of the same file.
    def boto_up():
        with open(path, "rb") as f:
            s3.upload_fileobj(f, "bench", "boto_up.npy")
    t_boto_up = best_of(r, boto_up)
    up = run_bench("remote-upload", path, str(r), "s3://bench/npio_up.npy")
    record("remote", f"upload {mib} MiB .npy to S3", "MiB/s", mib / up["seconds"],
           mib / t_boto_up)

    # Describing archives of 100 members, whole `npio info` commands.
    members = {f"m{i:03}": np.arange(n // 100, dtype="<f8") + i for i in range(100)}
    npz = os.path.join(DATA, f"hundred_{mib}m.npz")
    if not os.path.exists(npz):
        np.savez(npz, **members)
    with open(npz, "rb") as f:
        s3.upload_fileobj(f, "bench", "hundred.npz")
    # npio's own copy of it, as `npio convert` writes it.
    subprocess.run([CLI, "convert", "s3://bench/hundred.npz", "s3://bench/hundred_npio.npz", "-q"],
                   check=True, env=env)
    def command(*argv):
        best = float("inf")
        for _ in range(r):
            t = time.perf_counter()
            subprocess.run([CLI, *argv], check=True, env=env, stdout=subprocess.DEVNULL)
            best = min(best, time.perf_counter() - t)
        return best
    best_info = command("info", "s3://bench/hundred.npz")
    best_info_npio = command("info", "s3://bench/hundred_npio.npz")
    best_head = command("head", url)

    # What a NumPy user without npio does: download the archive, then read
    # each member's header through np.load's zip file.
    def boto_describe():
        body = s3.get_object(Bucket="bench", Key="hundred.npz")["Body"].read()
        with np.load(io.BytesIO(body)) as z:
            for name in z.files:
                with z.zip.open(name + ".npy") as fp:
                    if np.lib.format.read_magic(fp) == (1, 0):
                        np.lib.format.read_array_header_1_0(fp)
                    else:
                        np.lib.format.read_array_header_2_0(fp)
    t_boto_info = best_of(r, boto_describe)

    print(f"## Object storage: moto's S3 server on 127.0.0.1, best of {r}")
    print()
    print("| work | npio s | object_store GET s | boto3 + np.load s | npio / GET throughput | "
          "speed-up over boto3 |")
    print("|---|---:|---:|---:|---:|---:|")
    for work, t, t_g, t_b in rows:
        print(f"| {work} | {t:.3f} | {t_g:.3f} | {t_b:.3f} | {t_g / t:.2f}x | {t_b / t:.2f}x |")
    print()
    print("| work | npio s | boto3 s | speed-up | npio peak memory |")
    print("|---|---:|---:|---:|---:|")
    print(f"| upload {mib} MiB .npy (npio: 8 MiB parts, 4 in flight) | {up['seconds']:.3f} | "
          f"{t_boto_up:.3f} | {t_boto_up / up['seconds']:.2f}x | "
          f"{up['peak_above_base'] / (1 << 20):.0f} MiB |")
    print()
    print("| whole command | seconds | boto3 download + np.load headers s | speed-up |")
    print("|---|---:|---:|---:|")
    print(f"| `npio info` of a 100-member archive written by np.savez ({mib} MiB) | "
          f"{best_info:.3f} | {t_boto_info:.3f} | {t_boto_info / best_info:.2f}x |")
    print(f"| `npio info` of the same archive written by npio | {best_info_npio:.3f} | "
          f"{t_boto_info:.3f} | {t_boto_info / best_info_npio:.2f}x |")
    print(f"| `npio head` of the {mib} MiB .npy | {best_head:.3f} | | |")
    print()

    # moto serves each range request in time proportional to the object's
    # size, and one at a time; a real store answers small ranges in about
    # its latency, many at once. object_store's ThrottledStore over memory
    # gives that model: 20 ms per request.
    lat = 20
    desc = {mode: run_bench("remote-describe", npz, str(r), str(lat), mode)["seconds"]
            for mode in ("sequential", "concurrent", "npio")}
    print(f"Describing every member of the same archive in a store with {lat} ms per request "
          "(object_store's ThrottledStore over memory):")
    print()
    print("| how | requests | seconds |")
    print("|---|---:|---:|")
    print(f"| np.savez's archive, one member after another (`info`) | 101 | "
          f"{desc['sequential']:.3f} |")
    print(f"| np.savez's archive, `describe_npz_blocking` (16 in flight; `npio info`) | 101 | "
          f"{desc['concurrent']:.3f} |")
    print(f"| npio's copy, `describe_npz_blocking` (the directory alone) | 1 | "
          f"{desc['npio']:.3f} |")
    print()


if __name__ == "__main__":
    main()
