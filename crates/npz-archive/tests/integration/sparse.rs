//! Sparse archives without SciPy: round trips (property tests), the
//! members npio writes, and hostile archives breaking each invariant, each
//! a typed error naming the member.

use ndarray::{Array1, Array2, Array3, ArrayD, IxDyn, arr0, arr1, array};
use npy_format::{NpyArray, WriteNpyExt};
use npz_archive::{
    Bsr, Compression, Coo, Csc, Csr, Dia, DynSparse, ErrorKind, NpzReader, NpzWriter, SparseFormat,
    SparseMatrix, SparseOptions, save_sparse_to,
};
use proptest::prelude::*;
use std::io::Cursor;

/// An archive of the given members, in order, stored.
struct Archive(NpzWriter<Cursor<Vec<u8>>>);

impl Archive {
    fn new() -> Archive {
        Archive(NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored))
    }
    fn add<T: WriteNpyExt + ?Sized>(mut self, name: &str, a: &T) -> Archive {
        self.0.add(name, a).unwrap();
        self
    }
    fn format(self, name: &str) -> Archive {
        let f = NpyArray::from_byte_strings(&[name], &[]).unwrap();
        self.add("format", &f)
    }
    fn read(self) -> npz_archive::Result<DynSparse> {
        let bytes = self.0.finish().unwrap().into_inner();
        NpzReader::new(Cursor::new(bytes)).unwrap().read_sparse()
    }
}

/// A CSR archive as scipy lays it out, from its parts.
fn csr(shape: [i64; 2], indptr: &[i32], indices: &[i32], data: &[f64]) -> Archive {
    Archive::new()
        .add("indices", &arr1(indices))
        .add("indptr", &arr1(indptr))
        .format("csr")
        .add("shape", &arr1(&shape))
        .add("data", &arr1(data))
}

#[track_caller]
fn invalid(result: npz_archive::Result<DynSparse>, member: &str, words: &str) {
    let err = result.unwrap_err();
    match err.kind() {
        ErrorKind::InvalidSparse { member: m, reason } => {
            assert_eq!(m, member, "{err}");
            assert!(reason.contains(words), "{err}");
        }
        other => panic!("expected InvalidSparse, got {other:?}"),
    }
    assert_eq!(err.member(), Some(member));
}

#[test]
fn a_valid_archive_reads() {
    let m = csr([2, 3], &[0, 2, 3], &[0, 2, 1], &[1.0, 2.0, 3.0])
        .read()
        .unwrap();
    assert_eq!(
        (m.format(), m.shape(), m.nnz()),
        (SparseFormat::Csr, [2, 3], 3)
    );
    let dense = m
        .to_dense(1 << 20)
        .unwrap()
        .to_array::<f64, ndarray::Ix2>()
        .unwrap();
    assert_eq!(dense, array![[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]]);
}

#[test]
fn compressed_invariants() {
    invalid(
        csr([2, 3], &[0, 2], &[0, 2], &[1.0, 2.0]).read(),
        "indptr",
        "2 entries",
    );
    invalid(
        csr([2, 3], &[1, 2, 3], &[0, 2, 1], &[1.0, 2.0, 3.0]).read(),
        "indptr",
        "starts at 1",
    );
    invalid(
        csr([2, 3], &[0, 3, 2], &[0, 2, 1], &[1.0, 2.0, 3.0]).read(),
        "indptr",
        "decreases",
    );
    invalid(
        csr([2, 3], &[0, 2, 4], &[0, 2, 1], &[1.0, 2.0, 3.0]).read(),
        "indptr",
        "ends at 4",
    );
    invalid(
        csr([2, 3], &[0, 2, 3], &[0, 3, 1], &[1.0, 2.0, 3.0]).read(),
        "indices",
        "index 3",
    );
    invalid(
        csr([2, 3], &[0, 2, 3], &[0, -1, 1], &[1.0, 2.0, 3.0]).read(),
        "indices",
        "index -1",
    );
    invalid(
        csr([2, 3], &[0, 2, 3], &[0, 2, 1], &[1.0, 2.0]).read(),
        "data",
        "2 stored items but 3 indices",
    );
    // A shape that lies about the rows: the indptr length gives it away,
    // before anything of that size is allocated.
    invalid(
        csr([1 << 40, 3], &[0, 2, 3], &[0, 2, 1], &[1.0, 2.0, 3.0]).read(),
        "indptr",
        "expected 1099511627777",
    );
    invalid(
        csr([-2, 3], &[0, 2, 3], &[0, 2, 1], &[1.0, 2.0, 3.0]).read(),
        "shape",
        "negative",
    );
    // CSC checks its indices against the rows.
    let csc = Archive::new()
        .add("indices", &arr1(&[0i32, 2]))
        .add("indptr", &arr1(&[0i32, 1, 2]))
        .format("csc")
        .add("shape", &arr1(&[2i64, 2]))
        .add("data", &arr1(&[1u8, 2]));
    invalid(csc.read(), "indices", "outside 0..2");
}

#[test]
fn entries_past_indptr_are_dropped_as_scipy_drops_them() {
    let m = csr([2, 3], &[0, 1, 2], &[0, 2, 1], &[1.0, 2.0, 3.0])
        .read()
        .unwrap();
    assert_eq!(m.nnz(), 2);
    assert_eq!(m.data().shape(), [2]);
    let typed = m.into_typed::<f64, i32>().unwrap();
    assert_eq!(
        typed.iter().collect::<Vec<_>>(),
        [(0, 0, &1.0), (1, 2, &2.0)]
    );
}

#[test]
fn member_dtypes_and_shapes() {
    // Indices must be integers, data a dtype scipy stores, in the format's
    // number of dimensions.
    let floats = Archive::new()
        .add("indices", &arr1(&[0.0f64]))
        .add("indptr", &arr1(&[0i32, 1]))
        .format("csr")
        .add("shape", &arr1(&[1i64, 1]))
        .add("data", &arr1(&[1.0f64]));
    invalid(floats.read(), "indices", "expected integers");
    let strings = Archive::new()
        .add("indices", &arr1(&[0i32]))
        .add("indptr", &arr1(&[0i32, 1]))
        .format("csr")
        .add("shape", &arr1(&[1i64, 1]))
        .add("data", &NpyArray::from_strings(&["x"], &[1]).unwrap());
    invalid(strings.read(), "data", "not one scipy.sparse stores");
    let half = Archive::new()
        .add("indices", &arr1(&[0i32]))
        .add("indptr", &arr1(&[0i32, 1]))
        .format("csr")
        .add("shape", &arr1(&[1i64, 1]))
        .add("data", &arr1(&[npy_format::half::f16::ONE]));
    invalid(half.read(), "data", "'<f2'");
    let two_d = Archive::new()
        .add("indices", &arr1(&[0i32]))
        .add("indptr", &arr1(&[0i32, 1]))
        .format("csr")
        .add("shape", &arr1(&[1i64, 1]))
        .add("data", &array![[1.0f64]]);
    invalid(two_d.read(), "data", "2 dimensions, expected 1");
    let huge = Archive::new()
        .add("indices", &arr1(&[0i32]))
        .add("indptr", &arr1(&[0i32, 1]))
        .format("csr")
        .add("shape", &arr1(&[u64::MAX, 1]))
        .add("data", &arr1(&[1.0f64]));
    invalid(huge.read(), "shape", "too large");
    let three = Archive::new()
        .add("indices", &arr1(&[0i32]))
        .add("indptr", &arr1(&[0i32, 1]))
        .format("csr")
        .add("shape", &arr1(&[1i64, 1, 1]))
        .add("data", &arr1(&[1.0f64]));
    invalid(three.read(), "shape", "3 dimensions");
    let format = Archive::new()
        .add("format", &arr0(3i32))
        .add("shape", &arr1(&[1i64, 1]));
    invalid(format.read(), "format", "expected a string");
}

#[test]
fn not_sparse_and_unsupported() {
    let plain = Archive::new().add("x", &arr1(&[1.0f64]));
    assert!(matches!(
        plain.read().unwrap_err().kind(),
        ErrorKind::NotSparse
    ));
    let lil = Archive::new().format("lil").add("shape", &arr1(&[1i64, 1]));
    let err = lil.read().unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UnsupportedSparse { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("\"lil\""), "{err}");
    // scipy's COO arrays of one dimension.
    let coo1 = Archive::new()
        .add("coords", &array![[0i32, 2]])
        .format("coo")
        .add("shape", &arr1(&[3i64]))
        .add("data", &arr1(&[1i64, 2]))
        .add("_is_array", &arr0(true));
    let err = coo1.read().unwrap_err();
    assert!(
        err.to_string().contains("COO array of 1 dimensions"),
        "{err}"
    );
    // A missing member is named.
    let missing = Archive::new()
        .format("csr")
        .add("shape", &arr1(&[1i64, 1]))
        .add("data", &arr1(&[1.0f64]));
    let err = missing.read().unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::NoSuchMember { name } if name == "indptr"),
        "{err}"
    );
}

#[test]
fn coo_invariants_and_coords() {
    let coo = |row: &[i64], col: &[i64], data: &[i32]| {
        Archive::new()
            .add("row", &arr1(row))
            .add("col", &arr1(col))
            .format("coo")
            .add("shape", &arr1(&[2i64, 3]))
            .add("data", &arr1(data))
    };
    let m = coo(&[1, 0, 1], &[2, 0, 2], &[5, 6, 7]).read().unwrap();
    assert_eq!(m.index_dtype().descr_repr(), "'<i8'");
    let dense = m
        .to_dense(1 << 20)
        .unwrap()
        .to_array::<i32, ndarray::Ix2>()
        .unwrap();
    assert_eq!(dense, array![[6, 0, 0], [0, 0, 12]]);
    invalid(coo(&[2], &[0], &[1]).read(), "row", "outside 0..2");
    invalid(coo(&[0], &[-3], &[1]).read(), "col", "index -3");
    invalid(
        coo(&[0, 1], &[0], &[1]).read(),
        "data",
        "1 stored values but 2 rows and 1 columns",
    );
    // The `coords` member of newer scipy, for two dimensions.
    let coords = Archive::new()
        .add("coords", &array![[0u8, 1], [2, 0]])
        .format("coo")
        .add("shape", &arr1(&[2i64, 3]))
        .add("data", &arr1(&[1.5f32, 2.5]))
        .add("_is_array", &arr0(true))
        .read()
        .unwrap();
    assert!(coords.is_array());
    let entries: Vec<_> = coords
        .entries()
        .map(|e| e.unwrap())
        .map(|(r, c, v)| (r, c, v.to_string()))
        .collect();
    assert_eq!(
        entries,
        [(0, 2, "1.5".to_string()), (1, 0, "2.5".to_string())]
    );
}

#[test]
fn bsr_and_dia_invariants() {
    let bsr = |shape: [i64; 2], data: ArrayD<f64>, indices: &[i32]| {
        Archive::new()
            .add("indices", &arr1(indices))
            .add("indptr", &arr1(&[0i32, indices.len() as i32]))
            .format("bsr")
            .add("shape", &arr1(&shape))
            .add("data", &data)
    };
    let blocks = |n: usize, r: usize, c: usize| ArrayD::from_elem(IxDyn(&[n, r, c]), 1.0);
    assert_eq!(bsr([2, 4], blocks(1, 2, 2), &[1]).read().unwrap().nnz(), 4);
    invalid(
        bsr([3, 4], blocks(1, 2, 2), &[1]).read(),
        "shape",
        "not a multiple of the block size",
    );
    invalid(bsr([2, 4], blocks(1, 2, 0), &[0]).read(), "data", "empty");
    invalid(
        bsr([2, 4], blocks(1, 2, 2), &[2]).read(),
        "indices",
        "outside 0..2",
    );
    invalid(
        bsr([2, 4], blocks(2, 2, 2), &[1]).read(),
        "data",
        "2 stored items but 1 indices",
    );
    let dia = |offsets: &[i32], data: Array2<i16>| {
        Archive::new()
            .add("offsets", &arr1(offsets))
            .format("dia")
            .add("shape", &arr1(&[3i64, 3]))
            .add("data", &data)
    };
    let m = dia(&[0, -1, 5], array![[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        .read()
        .unwrap();
    // The main diagonal (3), the one below it (2), and one outside (0).
    assert_eq!(m.nnz(), 5);
    let dense = m
        .to_dense(1 << 20)
        .unwrap()
        .to_array::<i16, ndarray::Ix2>()
        .unwrap();
    assert_eq!(dense, array![[1, 0, 0], [4, 2, 0], [0, 5, 3]]);
    invalid(
        dia(&[0, 0], array![[1, 2, 3], [4, 5, 6]]).read(),
        "offsets",
        "offset 0 appears twice",
    );
    invalid(
        dia(&[0], array![[1, 2, 3], [4, 5, 6]]).read(),
        "offsets",
        "1 offsets for 2 stored diagonals",
    );
    // Extreme offsets neither overflow nor panic.
    let m = dia(&[i32::MIN, i32::MAX], array![[1, 2, 3], [4, 5, 6]])
        .read()
        .unwrap();
    assert_eq!(m.nnz(), 0);
}

#[test]
fn dense_copies_are_bounded() {
    let coo = Coo::<f64, i64>::new([1 << 40, 1 << 40], vec![1 << 39], vec![7], vec![1.0]).unwrap();
    let err = coo.to_dense(u64::MAX).unwrap_err();
    match err.kind() {
        ErrorKind::DenseTooLarge {
            shape,
            bytes,
            limit,
        } => {
            assert_eq!(*shape, [1 << 40, 1 << 40]);
            assert_eq!(*bytes, 8u128 << 80);
            assert_eq!(*limit, u64::MAX);
        }
        other => panic!("{other:?}"),
    }
    let small = Csr::<u8>::new([100, 100], vec![0; 101], vec![], vec![]).unwrap();
    assert!(small.to_dense(9_999).is_err());
    assert_eq!(small.to_dense(10_000).unwrap().len(), 10_000);
    assert!(err.to_string().contains("over the limit"), "{err}");
}

/// Cases a review found: counts from headers that lie, limits past what
/// one allocation holds, huge blocks of which none is stored.
#[test]
fn headers_that_lie_and_extreme_sizes() {
    // A DIA `data` member that is only a header claiming 2^62 columns:
    // the summary saturates, the read fails on the missing data.
    let header = npy_format::Header::new(
        npy_format::DType::parse_descr("'|i1'").unwrap(),
        vec![1, 1 << 62],
        false,
    )
    .to_bytes()
    .unwrap();
    let mut w = NpzWriter::new(Cursor::new(Vec::new()), Compression::Stored);
    w.add("offsets", &arr1(&[0i8, 1, -1, 2, -2])).unwrap();
    w.add(
        "format",
        &NpyArray::from_byte_strings(&["dia"], &[]).unwrap(),
    )
    .unwrap();
    w.add("shape", &arr1(&[1i64 << 62, 1 << 62])).unwrap();
    w.add_file("data.npy", &mut &header[..]).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let mut npz = NpzReader::new(Cursor::new(bytes)).unwrap();
    assert_eq!(npz.sparse_info().unwrap().nnz, usize::MAX);
    assert!(npz.read_sparse().is_err());
    // A limit beyond isize::MAX bytes still refuses what cannot be held.
    let empty = Coo::<bool>::new([1 << 62, 3], vec![], vec![], vec![]).unwrap();
    let err = empty.to_dense(u64::MAX).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::DenseTooLarge { .. }),
        "{err}"
    );
    // scipy's nnz for entries past indptr: indptr's end.
    let pruned = csr([1, 1], &[0, 1], &[0, 0], &[1.0, 2.0]);
    let bytes = pruned.0.finish().unwrap().into_inner();
    let mut npz = NpzReader::new(Cursor::new(bytes)).unwrap();
    assert_eq!(npz.sparse_info().unwrap().nnz, 1);
    assert_eq!(npz.read_sparse().unwrap().nnz(), 1);
    // Blocks too large for memory, even with none stored.
    let huge = Archive::new()
        .add("indices", &Array1::<i32>::zeros(0))
        .add("indptr", &arr1(&[0i32, 0]))
        .format("bsr")
        .add("shape", &arr1(&[1i64 << 40, 1 << 40]))
        .add(
            "data",
            &NpyArray::new(
                npy_format::Header::new(
                    npy_format::DType::parse_descr("'<f8'").unwrap(),
                    vec![0, 1 << 40, 1 << 40],
                    false,
                ),
                vec![],
            )
            .unwrap(),
        );
    invalid(huge.read(), "data", "too large");
}

#[test]
fn constructors_check_as_the_reader_does() {
    assert!(Csr::<f64>::new([2, 2], vec![0, 1, 1], vec![0, 1], vec![1.0, 2.0]).is_err());
    assert!(Csc::<f64>::new([2, 2], vec![0, 1], vec![0], vec![1.0]).is_err());
    assert!(Coo::<f64>::new([2, 2], vec![0], vec![2], vec![1.0]).is_err());
    assert!(Bsr::<f64>::new([2, 2], vec![0, 1], vec![0], Array3::zeros((1, 3, 1))).is_err());
    assert!(Dia::<f64>::new([2, 2], vec![1, 1], Array2::zeros((2, 2))).is_err());
    assert!(Coo::<f64>::new([usize::MAX, 1], vec![], vec![], vec![]).is_err());
}

#[test]
fn members_in_scipys_order() {
    let names = |m: SparseMatrix<f64, i32>, opts: &SparseOptions| {
        let bytes = save_sparse_to(Cursor::new(Vec::new()), &m, opts)
            .unwrap()
            .into_inner();
        let npz = NpzReader::new(Cursor::new(bytes)).unwrap();
        npz.names().to_vec()
    };
    let plain = SparseOptions::new();
    let mut array = SparseOptions::new();
    array.array(true);
    let csr = Csr::new([1, 1], vec![0, 1], vec![0], vec![1.0]).unwrap();
    assert_eq!(
        names(csr.clone().into(), &plain),
        ["indices", "indptr", "format", "shape", "data"]
    );
    assert_eq!(
        names(csr.into(), &array),
        ["indices", "indptr", "format", "shape", "data", "_is_array"]
    );
    let coo = Coo::new([1, 1], vec![0], vec![0], vec![1.0]).unwrap();
    assert_eq!(
        names(coo.into(), &plain),
        ["row", "col", "format", "shape", "data"]
    );
    let dia = Dia::new([1, 1], vec![0], array![[1.0]]).unwrap();
    assert_eq!(
        names(dia.into(), &plain),
        ["offsets", "format", "shape", "data"]
    );
}

/// Entries of a `rows × cols` matrix, unsorted and repeating.
fn triplets() -> impl Strategy<Value = ([usize; 2], Vec<(usize, usize, i32)>)> {
    (0usize..7, 0usize..7).prop_flat_map(|(r, c)| {
        let entries = if r == 0 || c == 0 {
            Just(vec![]).boxed()
        } else {
            proptest::collection::vec((0..r, 0..c, -50i32..50), 0..20).boxed()
        };
        (Just([r, c]), entries)
    })
}

fn dense_of(shape: [usize; 2], entries: &[(usize, usize, i32)]) -> Array2<i32> {
    let mut d = Array2::zeros((shape[0], shape[1]));
    for &(r, c, v) in entries {
        d[[r, c]] += v;
    }
    d
}

/// CSR (or CSC) of the entries in their order within each line.
fn compressed(
    shape: [usize; 2],
    entries: &[(usize, usize, i32)],
    rows: bool,
) -> (Vec<i64>, Vec<i64>, Vec<i32>) {
    let major = if rows { shape[0] } else { shape[1] };
    let key = |&(r, c, _): &(usize, usize, i32)| if rows { (r, c) } else { (c, r) };
    let mut sorted = entries.to_vec();
    // Stable: entries keep their order within a line.
    sorted.sort_by_key(|e| key(e).0);
    let mut indptr = vec![0i64; major + 1];
    for e in &sorted {
        indptr[key(e).0 + 1] += 1;
    }
    for k in 0..major {
        indptr[k + 1] += indptr[k];
    }
    let indices = sorted.iter().map(|e| key(e).1 as i64).collect();
    let data = sorted.iter().map(|e| e.2).collect();
    (indptr, indices, data)
}

fn round_trip(m: SparseMatrix<i32, i64>, compression: Compression) -> DynSparse {
    let mut opts = SparseOptions::new();
    opts.compression(compression);
    let bytes = save_sparse_to(Cursor::new(Vec::new()), &m, &opts)
        .unwrap()
        .into_inner();
    let back = NpzReader::new(Cursor::new(bytes.clone()))
        .unwrap()
        .read_sparse()
        .unwrap();
    assert_eq!(back.clone().into_typed::<i32, i64>().unwrap(), m);
    // Written again from the dynamic matrix: the same archive.
    let again = save_sparse_to(Cursor::new(Vec::new()), &back, &opts)
        .unwrap()
        .into_inner();
    assert_eq!(again, bytes);
    back
}

/// Every format of one matrix: COO of the entries as given (unsorted,
/// repeating), CSR, CSC, BSR of 3 × 4 blocks when the shape allows, and
/// DIA of three diagonals.
fn every_format(shape: [usize; 2], entries: &[(usize, usize, i32)]) -> Vec<SparseMatrix<i32, i64>> {
    let want = dense_of(shape, entries);
    let mut all: Vec<SparseMatrix<i32, i64>> = Vec::new();
    let (row, col, data) = (
        entries.iter().map(|e| e.0 as i64).collect(),
        entries.iter().map(|e| e.1 as i64).collect(),
        entries.iter().map(|e| e.2).collect(),
    );
    all.push(Coo::new(shape, row, col, data).unwrap().into());
    let (p, i, d) = compressed(shape, entries, true);
    all.push(Csr::new(shape, p, i, d).unwrap().into());
    let (p, i, d) = compressed(shape, entries, false);
    all.push(Csc::new(shape, p, i, d).unwrap().into());
    if shape[0].is_multiple_of(3) && shape[1].is_multiple_of(4) {
        let (mut p, mut i, mut blocks) = (vec![0i64], vec![], vec![]);
        for br in 0..shape[0] / 3 {
            for bc in 0..shape[1] / 4 {
                let block = want.slice(ndarray::s![br * 3..br * 3 + 3, bc * 4..bc * 4 + 4]);
                if block.iter().any(|&v| v != 0) {
                    i.push(bc as i64);
                    blocks.extend(block.iter().copied());
                }
            }
            p.push(i.len() as i64);
        }
        let n = i.len();
        let data = Array3::from_shape_vec((n, 3, 4), blocks).unwrap();
        all.push(Bsr::new(shape, p, i, data).unwrap().into());
    }
    let offsets = vec![-5i64, 0, 3];
    let diag = Array2::from_shape_fn((3, shape[1]), |(k, j)| {
        let i = j as i64 - offsets[k];
        if i >= 0 && (i as usize) < shape[0] {
            want[[i as usize, j]]
        } else {
            9
        }
    });
    all.push(Dia::new(shape, offsets, diag).unwrap().into());
    all
}

#[test]
fn dense_streams_block_by_block_as_a_whole_array_would() {
    // Blocks hold 2^19 values: several blocks of rows (for BSR a whole
    // number of its 3-row blocks), a row longer than a block, and
    // single rows or columns, where CSC's dense copy is also C order.
    for shape in [
        [1503usize, 1000],
        [2, 700_000],
        [700_000, 2],
        [1, 600_000],
        [0, 5],
    ] {
        let mut seed = 11u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let entries: Vec<(usize, usize, i32)> = if shape[0] == 0 {
            vec![]
        } else {
            (0..4000)
                .map(|_| {
                    (
                        next() % shape[0],
                        next() % shape[1],
                        (next() % 100) as i32 - 50,
                    )
                })
                .collect()
        };
        let want = dense_of(shape, &entries);
        for m in every_format(shape, &entries) {
            let label = format!("{:?} {shape:?}", m.format());
            let typed = m.to_dense(u64::MAX).unwrap();
            if m.format() != SparseFormat::Dia {
                assert_eq!(typed, want, "{label}");
            }
            let mut expected = Vec::new();
            NpyArray::from_array(&typed)
                .write_npy(&mut expected)
                .unwrap();
            let dynamic = DynSparse::from(m);
            let mut streamed = Vec::new();
            dynamic.write_dense(&mut streamed, u64::MAX).unwrap();
            assert!(streamed == expected, "{label}: streamed .npy differs");
            assert_eq!(
                dynamic.to_dense(u64::MAX).unwrap(),
                NpyArray::from_array(&typed),
                "{label}"
            );
            let limit = (shape[0] * shape[1] * 4) as u64;
            if limit > 0 {
                let err = dynamic.write_dense(&mut Vec::new(), limit - 1).unwrap_err();
                assert!(
                    matches!(err.kind(), ErrorKind::DenseTooLarge { .. }),
                    "{label}"
                );
            }
        }
    }
}

proptest! {
    #[test]
    fn every_format_round_trips((shape, entries) in triplets(), z in any::<bool>()) {
        let compression = if z { Compression::NUMPY_COMPRESSED } else { Compression::Stored };
        let want = dense_of(shape, &entries);
        let (row, col, data): (Vec<i64>, Vec<i64>, Vec<i32>) = (
            entries.iter().map(|e| e.0 as i64).collect(),
            entries.iter().map(|e| e.1 as i64).collect(),
            entries.iter().map(|e| e.2).collect(),
        );
        let coo = Coo::new(shape, row, col, data).unwrap();
        prop_assert_eq!(coo.to_dense(1 << 20).unwrap(), want.clone());
        prop_assert_eq!(round_trip(coo.into(), compression).to_dense(1 << 20).unwrap().to_array::<i32, ndarray::Ix2>().unwrap(), want.clone());
        let (p, i, d) = compressed(shape, &entries, true);
        let csr = Csr::new(shape, p, i, d).unwrap();
        prop_assert_eq!(csr.to_dense(1 << 20).unwrap(), want.clone());
        round_trip(csr.into(), compression);
        let (p, i, d) = compressed(shape, &entries, false);
        let csc = Csc::new(shape, p, i, d).unwrap();
        let dense = csc.to_dense(1 << 20).unwrap();
        prop_assert!(dense.t().is_standard_layout());
        prop_assert_eq!(dense, want.clone());
        round_trip(csc.into(), compression);
        // BSR with 1 × 1 blocks, DIA with every diagonal.
        let (p, i, d) = compressed(shape, &entries, true);
        let n = d.len();
        let bsr = Bsr::new(shape, p, i, Array3::from_shape_vec((n, 1, 1), d).unwrap()).unwrap();
        prop_assert_eq!(bsr.to_dense(1 << 20).unwrap(), want.clone());
        round_trip(bsr.into(), compression);
        let offsets: Vec<i64> = (-(shape[0] as i64)..=shape[1] as i64).collect();
        let diag = Array2::from_shape_fn((offsets.len(), shape[1]), |(k, j)| {
            let i = j as i64 - offsets[k];
            if i >= 0 && (i as usize) < shape[0] { want[[i as usize, j]] } else { 7 }
        });
        let dia = Dia::new(shape, offsets, diag).unwrap();
        prop_assert_eq!(dia.nnz(), shape[0] * shape[1]);
        prop_assert_eq!(dia.to_dense(1 << 20).unwrap(), want.clone());
        round_trip(dia.into(), compression);
    }

    /// Any bytes in any member: a matrix or an error, never a panic.
    #[test]
    fn damaged_members_give_errors(
        indptr in proptest::collection::vec(-3i32..8, 0..6),
        indices in proptest::collection::vec(-3i32..8, 0..6),
        data in proptest::collection::vec(any::<f64>(), 0..6),
        shape in proptest::collection::vec(-2i64..6, 0..4),
        format in prop::sample::select(vec!["csr", "csc", "bsr"]),
    ) {
        let archive = Archive::new()
            .add("indices", &Array1::from(indices))
            .add("indptr", &Array1::from(indptr))
            .format(format)
            .add("shape", &Array1::from(shape));
        let archive = if format == "bsr" {
            let n = data.len();
            archive.add("data", &Array3::from_shape_vec((n, 1, 1), data).unwrap())
        } else {
            archive.add("data", &Array1::from(data))
        };
        if let Ok(m) = archive.read() {
            let [r, c] = m.shape();
            for e in m.entries() {
                let (i, j, _) = e.unwrap();
                prop_assert!(i < r && j < c);
            }
            m.to_dense(1 << 20).unwrap();
        }
    }
}

#[cfg(feature = "sprs")]
mod sprs_interop {
    use super::*;

    proptest! {
        #[test]
        fn to_and_from_sprs((shape, entries) in triplets()) {
            let want = dense_of(shape, &entries);
            let (p, i, d) = compressed(shape, &entries, true);
            let csr = Csr::new(shape, p, i, d).unwrap();
            let m = csr.to_sprs().unwrap();
            prop_assert_eq!(m.to_dense(), want.clone());
            let back = SparseMatrix::from_sprs(&m).unwrap();
            prop_assert_eq!(back.format(), SparseFormat::Csr);
            prop_assert_eq!(back.to_dense(1 << 20).unwrap(), want.clone());
            let (p, i, d) = compressed(shape, &entries, false);
            let csc = Csc::new(shape, p, i, d).unwrap().to_sprs().unwrap();
            prop_assert!(csc.is_csc());
            prop_assert_eq!(SparseMatrix::from_sprs(&csc).unwrap().to_dense(1 << 20).unwrap(), want.clone());
            let coo = Coo::new(
                shape,
                entries.iter().map(|e| e.0 as i64).collect(),
                entries.iter().map(|e| e.1 as i64).collect(),
                entries.iter().map(|e| e.2).collect(),
            ).unwrap();
            let tri = coo.to_sprs();
            prop_assert_eq!(tri.to_csr::<i64>().to_dense(), want.clone());
            prop_assert_eq!(Coo::from_sprs(&tri).unwrap(), coo);
        }
    }
}
