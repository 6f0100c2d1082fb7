//! The checks of the `text_loadtxt` fuzz target, as plain Rust so that the
//! regression test of delimited-text replays saved inputs through exactly
//! the same code.
//!
//! An input is [`OPTION_BYTES`] bytes of options (a struct of `u8`s derived
//! with `arbitrary`, so every field sits at a fixed offset and a seed is
//! just a few option bytes followed by text), then the text (lossy UTF-8).
//! The options are read byte by byte here ([`raw_opts`]), as the derive
//! reads them: the regression test has no `arbitrary`, and the fuzz target,
//! which derives `Arbitrary` for its own copy of [`RawOpts`], asserts on
//! every input that both read the same.
//! Options that make no sense together give `Err`; that is fine. Checked:
//!
//! * `LoadTxt::from_str` never panics or hangs.
//! * Parsing in pieces of `chunk_bytes` bytes on every core
//!   (`parallel(true)`) gives the same array as one serial pass
//!   (`parallel(false)`), or the same error (same `line()`, same message);
//!   so does the streaming `from_reader` with `block_bytes(chunk_bytes)`,
//!   the same text encoded as UTF-16 or UTF-32 and decoded as it streams,
//!   and the general path with the fast path off. Dtypes include long
//!   doubles and unitless datetimes.
//! * Any array that loads is written by `SaveTxt` with its defaults
//!   without panicking (errors are fine: strings and `%.18e`).
//! * A float64 1-D or 2-D result written with `SaveTxt` (`%.17g`, `,`) and
//!   read back with `LoadTxt` (`,`, `ndmin(2)`) has the same values bit
//!   for bit (any NaN matches any NaN) and the matching shape: `(r, c)`
//!   for 2-D, `(n, 1)` for 1-D, nothing for an empty array.

use delimited_text::npy_format::ndarray::IxDyn;
use delimited_text::npy_format::{NpyArray, ScalarKind};
use delimited_text::{Encoding, LoadTxt, SaveTxt};

// Declared once by whatever includes this file (a fuzz target, or the
// regression tests that include both text checks).
use crate::same_outcome::same_outcome;

/// Inputs longer than this are not tried (64 KiB of text plus options).
pub const MAX_INPUT: usize = (64 << 10) + OPTION_BYTES;
/// Bytes of options at the front of an input.
pub const OPTION_BYTES: usize = 12;
/// Arrays larger than this are not written back with `SaveTxt`.
const MAX_SAVE: usize = 20_000;

/// Output dtypes: every kind loadtxt converts, both byte orders, the
/// string kinds with and without a length, a record with a subarray.
pub const DTYPES: &[&str] = &[
    "f8",
    "f4",
    "<i4",
    "u1",
    "b1",
    "c16",
    "U",
    "S",
    "U3",
    "S2",
    "[('a', '<i4'), ('b', '<f8', (2,))]",
    ">f8",
    "<i8",
    "f2",
    "c8",
    "<f16",
    ">c32",
    "M8",
    "m8",
];
pub const DELIMITERS: &[Option<char>] =
    &[None, Some(','), Some(';'), Some('\t'), Some(' '), Some('|')];
pub const COMMENTS: &[&[&str]] = &[&[], &["#"], &["#", "//"], &["%"]];
pub const QUOTES: &[Option<char>] = &[None, Some('"'), Some('\'')];

/// The raw options, one byte each; see `From<RawOpts> for Opts` for their
/// meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawOpts {
    pub dtype: u8,
    pub delimiter: u8,
    pub comments: u8,
    pub quotechar: u8,
    pub skiprows: u8,
    pub usecols_len: u8,
    pub usecols: [i8; 3],
    pub max_rows: u8,
    pub ndmin: u8,
    pub chunk_bytes: u8,
}

/// The options an input stands for.
#[derive(Debug, Clone)]
pub struct Opts {
    pub dtype: &'static str,
    pub delimiter: Option<char>,
    pub comments: &'static [&'static str],
    pub quotechar: Option<char>,
    pub skiprows: usize,
    pub usecols: Option<Vec<isize>>,
    pub max_rows: Option<usize>,
    pub ndmin: u8,
    pub chunk_bytes: usize,
}

impl From<RawOpts> for Opts {
    fn from(r: RawOpts) -> Opts {
        // usecols_len % 5: 0 → none, k → the first k - 1 of `usecols`.
        let n = (r.usecols_len % 5) as usize;
        Opts {
            dtype: DTYPES[r.dtype as usize % DTYPES.len()],
            delimiter: DELIMITERS[r.delimiter as usize % DELIMITERS.len()],
            comments: COMMENTS[r.comments as usize % COMMENTS.len()],
            quotechar: QUOTES[r.quotechar as usize % QUOTES.len()],
            skiprows: (r.skiprows % 5) as usize,
            usecols: (n > 0).then(|| {
                r.usecols[..n - 1]
                    .iter()
                    .map(|&c| (c % 5) as isize)
                    .collect()
            }),
            max_rows: (r.max_rows < 128).then_some((r.max_rows % 11) as usize),
            // 3 is refused: an option error, which is fine.
            ndmin: r.ndmin % 4,
            chunk_bytes: (r.chunk_bytes % 64) as usize + 1,
        }
    }
}

impl Opts {
    /// The builder for these options, or `None` if the dtype is refused.
    pub fn loadtxt(&self) -> Option<LoadTxt> {
        let mut l = LoadTxt::new();
        l.dtype_descr(self.dtype);
        l.comments(self.comments)
            .delimiter(self.delimiter)
            .quotechar(self.quotechar)
            .skiprows(self.skiprows)
            .ndmin(self.ndmin)
            .chunk_bytes(self.chunk_bytes);
        if let Some(u) = &self.usecols {
            l.usecols(u);
        }
        if let Some(m) = self.max_rows {
            l.max_rows(m);
        }
        Some(l)
    }
}

/// The option bytes at the front of an input, one field each in order
/// (what `#[derive(Arbitrary)]` reads for a struct of `u8`/`i8` fields).
pub fn raw_opts(data: &[u8]) -> Option<RawOpts> {
    let b = data.get(..OPTION_BYTES)?;
    Some(RawOpts {
        dtype: b[0],
        delimiter: b[1],
        comments: b[2],
        quotechar: b[3],
        skiprows: b[4],
        usecols_len: b[5],
        usecols: [b[6] as i8, b[7] as i8, b[8] as i8],
        max_rows: b[9],
        ndmin: b[10],
        chunk_bytes: b[11],
    })
}

/// Splits an input into its options and its text.
pub fn decode(data: &[u8]) -> Option<(Opts, String)> {
    let raw = raw_opts(data)?;
    let text = String::from_utf8_lossy(&data[OPTION_BYTES..]).into_owned();
    Some((raw.into(), text))
}

/// Runs every check on one input.
pub fn check(data: &[u8]) {
    let Some((opts, text)) = decode(data) else {
        return;
    };
    let Some(mut l) = opts.loadtxt() else {
        return;
    };
    let serial = l.parallel(false).from_str(&text);
    let parallel = l.parallel(true).from_str(&text);
    same_outcome(&serial, &parallel, "serial parse", "parallel parse", &opts);
    // The byte-level fast path changes speed only.
    let general = l.fast_path(false).from_str(&text);
    l.fast_path(true);
    same_outcome(&serial, &general, "fast path", "general path", &opts);
    // The streaming reader, in blocks of `chunk_bytes`, reads the same.
    let streamed = l.block_bytes(opts.chunk_bytes).from_reader(text.as_bytes());
    same_outcome(&serial, &streamed, "from_str", "from_reader", &opts);
    // The same text in UTF-16 or UTF-32, decoded as it streams in blocks,
    // reads the same.
    let (wide, encoding) = match opts.chunk_bytes % 2 {
        0 => (
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
            Encoding::Utf16Le,
        ),
        _ => (
            text.chars()
                .flat_map(|c| u32::from(c).to_be_bytes())
                .collect(),
            Encoding::Utf32Be,
        ),
    };
    let decoded = l.encoding(encoding).from_reader(&wide[..]);
    l.encoding(Encoding::Utf8);
    same_outcome(
        &serial,
        &decoded,
        "from_str",
        "from_reader of UTF-16/32",
        &opts,
    );
    let Ok(arr) = serial else {
        return;
    };
    if arr.len() <= MAX_SAVE {
        let _ = SaveTxt::new().to_string(&arr);
        for v in arr.values().take(100) {
            let _ = v.to_string();
        }
    }
    roundtrip(&arr);
}

/// float64 values, or `None` for any other dtype.
fn floats(arr: &NpyArray) -> Option<Vec<f64>> {
    let s = arr.dtype().as_scalar()?;
    if s.kind() != ScalarKind::Float(8) {
        return None;
    }
    let a = arr
        .to_array::<f64, IxDyn>()
        .unwrap_or_else(|e| panic!("a float64 array does not convert to f64: {e}"));
    Some(a.iter().copied().collect())
}

fn roundtrip(arr: &NpyArray) {
    if !(1..=2).contains(&arr.ndim()) || arr.len() > MAX_SAVE {
        return;
    }
    let Some(values) = floats(arr) else {
        return;
    };
    let text = SaveTxt::new()
        .fmt("%.17g")
        .delimiter(",")
        .to_string(arr)
        .unwrap_or_else(|e| panic!("savetxt of {:?} failed: {e}", arr.shape()));
    let back = LoadTxt::new()
        .delimiter(Some(','))
        .ndmin(2)
        .from_str(&text)
        .unwrap_or_else(|e| panic!("savetxt output does not load: {e}\n{text:?}"));
    let got = floats(&back).expect("loaded back as float64");
    assert_eq!(
        got.len(),
        values.len(),
        "value count after savetxt → loadtxt\n{text:?}"
    );
    for (i, (a, b)) in values.iter().zip(&got).enumerate() {
        assert!(
            a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            "value {i}: {a:?} became {b:?} through {text:?}"
        );
    }
    if !values.is_empty() {
        let expected = match arr.shape() {
            &[n] => vec![n, 1],
            s => s.to_vec(),
        };
        assert_eq!(back.shape(), &expected[..], "shape after savetxt → loadtxt");
    }
}
