//! Live round trips through SciPy, both ways: `scipy.sparse.save_npz`
//! archives of every format, index dtype and value dtype read by npio, and
//! npio's archives read by `scipy.sparse.load_npz`, member for member
//! byte-identical to what `save_npz` writes. SciPy is required: `./test`
//! installs it.

use crate::common::{run_python, to_hex};
use ndarray::{Array2, Array3};
use npy_format::num_complex::Complex;
use npy_format::{NpyArray, WritableElement, read_npy};
use npz_archive::{
    Bsr, Coo, Csc, Csr, Dia, ErrorKind, NpzReader, SparseFormat, SparseIndex, SparseMatrix,
    SparseOptions, SparseValue, load_sparse, save_sparse_with,
};
use serde_json::{Value, json};
use std::path::Path;

const SCIPY_WRITES: &str = r#"
import json, sys, os
import numpy as np
import scipy.sparse as sp
from numpy.lib.format import dtype_to_descr
out = sys.argv[1]
rng = np.random.default_rng(7)
dtypes = ["?", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f4", "f8", "c8", "c16"]
entries = []

def dense_of(dtype, shape):
    mask = rng.random(shape) < 0.3
    values = rng.integers(1, 100, size=shape)
    if dtype == "?":
        return mask
    a = (values * mask).astype(dtype)
    if dtype.startswith("c"):
        a = a + 1j * (rng.integers(-5, 5, size=shape) * mask)
        a = a.astype(dtype)
    if dtype.startswith("f"):
        a = a / 8
    return a.astype(dtype)

def widen(m):
    for k in ("indices", "indptr", "offsets"):
        if hasattr(m, k):
            setattr(m, k, getattr(m, k).astype(np.int64))
    if m.format == "coo":
        m.coords = tuple(c.astype(np.int64) for c in m.coords)
    return m

def index_members(path):
    with np.load(path) as z:
        return {k: str(z[k].dtype) for k in ("indices", "indptr", "offsets", "row", "col") if k in z.files}

def save(name, m, compressed=True, dense=True):
    path = os.path.join(out, name + ".npz")
    sp.save_npz(path, m, compressed=compressed)
    e = {
        "path": path, "format": m.format, "shape": list(m.shape), "nnz": int(m.nnz),
        "descr": dtype_to_descr(m.dtype), "is_array": isinstance(m, sp.sparray),
        "index_dtypes": index_members(path), "dense": None,
    }
    if dense:
        e["dense"] = os.path.join(out, name + ".dense.npy")
        np.save(e["dense"], m.toarray())
    entries.append(e)

n = 0
for fmt in ["csr", "csc", "coo", "bsr", "dia"]:
    for wide in [False, True]:
        for dt in dtypes:
            m = sp.csr_matrix(dense_of(dt, (6, 8))).asformat(fmt)
            if fmt == "bsr":
                m = sp.bsr_matrix(m, blocksize=(2, 2))
            if wide:
                m = widen(m)
            save(f"{fmt}_{'i8' if wide else 'i4'}_{dt}", m, compressed=(n % 2 == 0))
            n += 1
    # Empty matrices and zero-size shapes.
    for shape in [(0, 0), (0, 5), (4, 0), (3, 3)]:
        m = sp.csr_matrix(shape, dtype=np.float64).asformat(fmt)
        save(f"{fmt}_empty_{shape[0]}x{shape[1]}", m)
    # Sparse arrays rather than matrices.
    save(f"{fmt}_array", sp.csr_array(dense_of("f8", (4, 6))).asformat(fmt))

# Repeated and unsorted entries, which add up in toarray().
save("coo_repeats", sp.coo_matrix(([1.5, 2.0, 4.0, 8.0], ([0, 2, 0, 0], [1, 0, 1, 1])), shape=(3, 2)))
save("csr_unsorted", sp.csr_matrix((np.array([1, 2, 3, 4], "i2"), [3, 0, 3, 1], [0, 3, 3, 4]), shape=(3, 4)))
save("bool_repeats", sp.coo_matrix(([True, True], ([1, 1], [1, 1])), shape=(2, 2)))
# DIA with short diagonals, offsets outside the matrix, and a 3 x 1 BSR.
save("dia_short", sp.dia_matrix((np.arange(1, 7, dtype="f4").reshape(3, 2), [0, 1, -7]), shape=(5, 4)))
save("bsr_3x1", sp.bsr_matrix(dense_of("i4", (6, 4)), blocksize=(3, 1)))
# Wide indices that need 64 bits: a row of five billion columns.
save("csr_huge", sp.csr_matrix(([2.5, 7.0], [4_999_999_999, 3], [0, 1, 2]), shape=(2, 5_000_000_000)), dense=False)
json.dump(entries, open(os.path.join(out, "manifest.json"), "w"))
print("wrote", len(entries))
"#;

#[test]
#[ignore = "needs SciPy: ./test runs it"]
fn npio_reads_what_scipy_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_python(SCIPY_WRITES, &[dir.path().to_str().unwrap()]);
    let manifest: Vec<Value> =
        serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    assert!(out.contains(&format!("wrote {}", manifest.len())), "{out}");
    assert!(manifest.len() > 150, "{}", manifest.len());
    for e in &manifest {
        let path = e["path"].as_str().unwrap();
        let m = load_sparse(path).unwrap_or_else(|err| panic!("{path}: {err}"));
        assert_eq!(m.format().name(), e["format"], "{path}");
        let shape: Vec<usize> = serde_json::from_value(e["shape"].clone()).unwrap();
        assert_eq!(m.shape().to_vec(), shape, "{path}");
        assert_eq!(m.nnz() as u64, e["nnz"].as_u64().unwrap(), "{path}");
        assert_eq!(
            m.dtype().descr_repr(),
            format!("'{}'", e["descr"].as_str().unwrap()),
            "{path}"
        );
        assert_eq!(m.is_array(), e["is_array"].as_bool().unwrap(), "{path}");
        let wide = e["index_dtypes"]
            .as_object()
            .unwrap()
            .values()
            .any(|d| d == "int64");
        assert_eq!(
            m.index_dtype().descr_repr(),
            if wide { "'<i8'" } else { "'<i4'" },
            "{path}"
        );
        // The header-only summary agrees with the full read.
        let info = NpzReader::open(path).unwrap().sparse_info().unwrap();
        assert_eq!(
            (info.format, info.shape, info.nnz),
            (m.format(), m.shape(), m.nnz()),
            "{path}"
        );
        match e["dense"].as_str() {
            Some(dense) => {
                let want: NpyArray = read_npy(dense).unwrap();
                let got = m.to_dense(1 << 20).unwrap();
                assert_eq!(got.dtype(), want.dtype(), "{path}");
                assert_eq!(got.shape(), want.shape(), "{path}");
                assert_eq!(got.fortran_order(), want.fortran_order(), "{path}");
                assert_eq!(got.data(), want.data(), "{path}");
                // Typed reads give the same dense matrix.
                check_typed(&m, &want, path);
            }
            None => {
                let err = m.to_dense(1 << 30).unwrap_err();
                assert!(
                    matches!(err.kind(), ErrorKind::DenseTooLarge { .. }),
                    "{err}"
                );
                let entries: Vec<(usize, usize, String)> = m
                    .entries()
                    .map(|r| r.map(|(i, j, v)| (i, j, v.to_string())))
                    .collect::<Result<_, _>>()
                    .unwrap();
                assert_eq!(
                    entries,
                    [
                        (0, 4_999_999_999, "2.5".to_string()),
                        (1, 3, "7.0".to_string())
                    ]
                );
                // Five billion columns do not fit in int32 indices.
                let narrow = m.clone().into_typed::<f64, i32>().unwrap_err();
                assert!(narrow.to_string().contains("does not fit"), "{narrow}");
                let typed = m.into_typed::<f64, i64>().unwrap();
                assert_eq!(typed.iter().next(), Some((0, 4_999_999_999, &2.5)));
            }
        }
    }
}

fn check_typed(m: &npz_archive::DynSparse, want: &NpyArray, path: &str) {
    fn same<T: SparseValue>(m: &npz_archive::DynSparse, want: &NpyArray, path: &str) {
        let wide = m.clone().into_typed::<T, i64>().unwrap();
        let dense = wide.to_dense(1 << 20).unwrap();
        assert_eq!(dense, want.to_array::<T, ndarray::Ix2>().unwrap(), "{path}");
        assert_eq!(wide.nnz(), m.nnz(), "{path}");
        if m.index_dtype().descr_repr() == "'<i4'" {
            let narrow = m.clone().into_typed::<T, i32>().unwrap();
            assert_eq!(narrow.to_dense(1 << 20).unwrap(), dense, "{path}");
        }
        // Asking for another value type is a typed error.
        if T::dtype().descr_repr() != "'<f4'" {
            assert!(m.clone().into_typed::<f32, i64>().is_err(), "{path}");
        }
    }
    match want.dtype().descr_repr().as_str() {
        "'|b1'" => same::<bool>(m, want, path),
        "'|i1'" => same::<i8>(m, want, path),
        "'<i2'" => same::<i16>(m, want, path),
        "'<i4'" => same::<i32>(m, want, path),
        "'<i8'" => same::<i64>(m, want, path),
        "'|u1'" => same::<u8>(m, want, path),
        "'<u2'" => same::<u16>(m, want, path),
        "'<u4'" => same::<u32>(m, want, path),
        "'<u8'" => same::<u64>(m, want, path),
        "'<f4'" => same::<f32>(m, want, path),
        "'<f8'" => same::<f64>(m, want, path),
        "'<c8'" => same::<Complex<f32>>(m, want, path),
        "'<c16'" => same::<Complex<f64>>(m, want, path),
        other => panic!("{path}: unexpected dtype {other}"),
    }
}

const SCIPY_READS: &str = r#"
import io, json, sys, zipfile
import numpy as np
import scipy.sparse as sp
from numpy.lib.format import dtype_to_descr
bad = []
checked = 0
for e in json.load(open(sys.argv[1])):
    path = e["path"]
    m = sp.load_npz(path)
    got = (m.format, list(m.shape), int(m.nnz), dtype_to_descr(m.dtype), isinstance(m, sp.sparray))
    want = (e["format"], e["shape"], e["nnz"], e["descr"], e["is_array"])
    if got != want:
        bad.append((path, got, want))
        continue
    if m.toarray().tobytes().hex() != e["dense"]:
        bad.append((path, "dense"))
        continue
    # What save_npz writes for the same arrays: member names, order,
    # compression, and every member's bytes.
    raw = np.load(path)
    idx = [k for k in ("indices", "indptr", "offsets") if k in raw.files]
    for k in idx:
        setattr(m, k, raw[k])
    same_dtypes = all(getattr(m, k).dtype == raw[k].dtype for k in idx)
    if m.format == "coo":
        same_dtypes = m.row.dtype == raw["row"].dtype
    for k in idx + [k for k in ("row", "col") if k in raw.files]:
        if raw[k].dtype != np.dtype(e["index_dtype"]):
            bad.append((path, k, str(raw[k].dtype)))
    buf = io.BytesIO()
    sp.save_npz(buf, m, compressed=e["compressed"])
    ours, theirs = zipfile.ZipFile(path), zipfile.ZipFile(buf)
    if ours.namelist() != theirs.namelist():
        bad.append((path, ours.namelist(), theirs.namelist()))
        continue
    for a, b in zip(ours.infolist(), theirs.infolist()):
        if a.compress_type != b.compress_type:
            bad.append((path, a.filename, "compression", a.compress_type, b.compress_type))
        if a.filename[:-4] in ("row", "col", "indices", "indptr", "offsets") and not same_dtypes:
            continue
        if ours.read(a.filename) != theirs.read(b.filename):
            bad.append((path, a.filename, "bytes differ"))
    if ours.testzip() is not None:
        bad.append((path, "crc"))
    checked += 1
for b in bad:
    print(b)
print("checked", checked)
sys.exit(1 if bad else 0)
"#;

/// A small value of each type, from a small integer.
trait Small: SparseValue {
    fn small(k: usize) -> Self;
}

macro_rules! small_ints {
    ($($t:ty),*) => {$(
        impl Small for $t {
            fn small(k: usize) -> $t {
                (k % 100) as $t
            }
        }
    )*};
}
small_ints!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Small for bool {
    fn small(k: usize) -> bool {
        k != 0
    }
}
impl Small for f32 {
    fn small(k: usize) -> f32 {
        k as f32 / 4.0
    }
}
impl Small for f64 {
    fn small(k: usize) -> f64 {
        k as f64 / 8.0 - 1.5
    }
}
impl Small for Complex<f32> {
    fn small(k: usize) -> Complex<f32> {
        Complex::new(k as f32, -(k as f32) / 2.0)
    }
}
impl Small for Complex<f64> {
    fn small(k: usize) -> Complex<f64> {
        Complex::new(k as f64 / 2.0, k as f64)
    }
}

/// A 6 × 8 dense pattern with zeros, as the source of every format.
fn pattern<T: Small>(shape: [usize; 2]) -> Array2<T> {
    Array2::from_shape_fn((shape[0], shape[1]), |(i, j)| {
        let k = (i * 7 + j * 3) % 5;
        if k < 2 && !(i == 1 && j == 1) {
            T::zero()
        } else {
            T::small(i * shape[1] + j + 1)
        }
    })
}

fn idx<I: SparseIndex>(v: usize) -> I {
    I::from_i64(v as i64).unwrap()
}

/// The pattern in `format`, built the way a user would: from the dense
/// matrix's nonzero positions.
fn build<T: Small, I: SparseIndex>(format: SparseFormat, dense: &Array2<T>) -> SparseMatrix<T, I> {
    let (rows, cols) = dense.dim();
    let shape = [rows, cols];
    let nonzero = |i: usize, j: usize| dense[[i, j]] != T::zero();
    match format {
        SparseFormat::Csr | SparseFormat::Csc => {
            let csr = format == SparseFormat::Csr;
            let (major, minor) = if csr { (rows, cols) } else { (cols, rows) };
            let (mut indptr, mut indices, mut data) = (vec![idx(0)], vec![], vec![]);
            for a in 0..major {
                for b in 0..minor {
                    let (i, j) = if csr { (a, b) } else { (b, a) };
                    if nonzero(i, j) {
                        indices.push(idx(b));
                        data.push(dense[[i, j]]);
                    }
                }
                indptr.push(idx(indices.len()));
            }
            if csr {
                Csr::new(shape, indptr, indices, data).unwrap().into()
            } else {
                Csc::new(shape, indptr, indices, data).unwrap().into()
            }
        }
        SparseFormat::Coo => {
            let (mut r, mut c, mut d) = (vec![], vec![], vec![]);
            for ((i, j), &v) in dense.indexed_iter() {
                if v != T::zero() {
                    r.push(idx(i));
                    c.push(idx(j));
                    d.push(v);
                }
            }
            Coo::new(shape, r, c, d).unwrap().into()
        }
        SparseFormat::Bsr => {
            let (mut indptr, mut indices, mut blocks) = (vec![idx(0)], vec![], vec![]);
            for bi in 0..rows / 2 {
                for bj in 0..cols / 2 {
                    let block: Vec<T> = (0..4)
                        .map(|k| dense[[bi * 2 + k / 2, bj * 2 + k % 2]])
                        .collect();
                    if block.iter().any(|v| *v != T::zero()) {
                        indices.push(idx(bj));
                        blocks.extend(block);
                    }
                }
                indptr.push(idx(indices.len()));
            }
            let data = Array3::from_shape_vec((indices.len(), 2, 2), blocks).unwrap();
            Bsr::new(shape, indptr, indices, data).unwrap().into()
        }
        _ => {
            let offsets: Vec<i64> = (-(rows as i64) + 1..cols as i64)
                .filter(|&k| {
                    (0..cols).any(|j| {
                        j as i64 - k >= 0
                            && ((j as i64 - k) as usize) < rows
                            && nonzero((j as i64 - k) as usize, j)
                    })
                })
                .collect();
            let data = Array2::from_shape_fn((offsets.len(), cols), |(d, j)| {
                let i = j as i64 - offsets[d];
                if i >= 0 && (i as usize) < rows {
                    dense[[i as usize, j]]
                } else {
                    T::zero()
                }
            });
            let offsets = offsets
                .into_iter()
                .map(|k| I::from_i64(k).unwrap())
                .collect();
            Dia::new(shape, offsets, data).unwrap().into()
        }
    }
}

const FORMATS: [SparseFormat; 5] = [
    SparseFormat::Csr,
    SparseFormat::Csc,
    SparseFormat::Coo,
    SparseFormat::Bsr,
    SparseFormat::Dia,
];

fn write_all<T: Small + WritableElement, I: SparseIndex>(dir: &Path, entries: &mut Vec<Value>) {
    for format in FORMATS {
        for shape in [[6, 8], [0, 0], [0, 4], [4, 0]] {
            let dense = pattern::<T>(shape);
            let m = build::<T, I>(format, &dense);
            assert_eq!(m.to_dense(1 << 20).unwrap(), dense, "{format}");
            let n = entries.len();
            let (compressed, array) = (n.is_multiple_of(2), n.is_multiple_of(3));
            let path = dir.join(format!("m{n}.npz"));
            let mut opts = SparseOptions::new();
            opts.compressed(compressed).array(array);
            save_sparse_with(&path, &m, &opts).unwrap();
            let descr = T::dtype().descr_repr();
            entries.push(json!({
                "path": path.to_str().unwrap(),
                "format": format.name(),
                "shape": shape,
                "nnz": m.nnz(),
                "descr": descr.trim_matches('\''),
                "is_array": array,
                "compressed": compressed,
                "index_dtype": I::dtype().descr_repr().trim_matches('\''),
                "dense": to_hex(NpyArray::from_array(&dense).data()),
            }));
        }
    }
}

fn write_both<T: Small + WritableElement>(dir: &Path, entries: &mut Vec<Value>) {
    write_all::<T, i32>(dir, entries);
    write_all::<T, i64>(dir, entries);
}

#[test]
#[ignore = "needs SciPy: ./test runs it"]
fn scipy_reads_what_npio_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut entries = Vec::new();
    let d = dir.path();
    write_both::<bool>(d, &mut entries);
    write_both::<i8>(d, &mut entries);
    write_both::<i16>(d, &mut entries);
    write_both::<i32>(d, &mut entries);
    write_both::<i64>(d, &mut entries);
    write_both::<u8>(d, &mut entries);
    write_both::<u16>(d, &mut entries);
    write_both::<u32>(d, &mut entries);
    write_both::<u64>(d, &mut entries);
    write_both::<f32>(d, &mut entries);
    write_both::<f64>(d, &mut entries);
    write_both::<Complex<f32>>(d, &mut entries);
    write_both::<Complex<f64>>(d, &mut entries);
    let manifest = d.join("manifest.json");
    std::fs::write(&manifest, serde_json::to_string(&entries).unwrap()).unwrap();
    let out = run_python(SCIPY_READS, &[manifest.to_str().unwrap()]);
    assert!(out.contains(&format!("checked {}", entries.len())), "{out}");
    // And npio reads its own archives back to the same matrices.
    for e in &entries {
        let m = load_sparse(e["path"].as_str().unwrap()).unwrap();
        assert_eq!(m.format().name(), e["format"]);
        assert_eq!(m.is_array(), e["is_array"].as_bool().unwrap());
        assert_eq!(
            to_hex(m.to_dense(1 << 20).unwrap().to_c_order().data()),
            e["dense"].as_str().unwrap()
        );
    }
}
