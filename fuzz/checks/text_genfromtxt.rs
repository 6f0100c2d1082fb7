//! The checks of the `text_genfromtxt` fuzz target, as plain Rust so that
//! the regression test of delimited-text replays saved inputs through
//! exactly the same code.
//!
//! An input is [`OPTION_BYTES`] bytes of options (a struct of `u8`s
//! derived with `arbitrary`, one field per byte in order), then the text
//! (lossy UTF-8). [`raw_opts`] reads the bytes as the derive does; the
//! fuzz target asserts on every input that both agree. Options that make
//! no sense together give `Err`; that is fine. Checked:
//!
//! * `GenFromTxt::from_str` never panics or hangs.
//! * Parsing in pieces of `chunk_bytes` on every core gives what one
//!   serial pass gives (array, mask, warnings, or the same error).
//! * `from_reader` gives the same result (array, mask, warnings) or the
//!   same error.
//! * The faster paths (loadtxt's parse of clean numbers, one pass for
//!   inferred types) give what genfromtxt's two passes give.
//! * `convert_path` (two streaming passes in blocks of `block_bytes`)
//!   writes the array `from_str` gives, or fails where it fails (it
//!   refuses `unpack`).
//! * A result's mask has the array's shape.

use delimited_text::{Case, Col, Delimiter, Fill, GenFromTxt, Names};
use std::sync::atomic::{AtomicUsize, Ordering};

// Declared once by whatever includes this file (a fuzz target, or the
// regression tests that include both text checks).
use crate::same_outcome::same_outcome;

/// Inputs longer than this are not tried (32 KiB of text plus options).
pub const MAX_INPUT: usize = (32 << 10) + OPTION_BYTES;
/// Bytes of options at the front of an input.
pub const OPTION_BYTES: usize = 14;

/// dtypes: inferred, NumPy's default, every kind genfromtxt converts,
/// strings with and without a length, records (one nested), dates and
/// durations.
pub const DTYPES: &[Option<&str>] = &[
    None,
    Some("f8"),
    Some("<i8"),
    Some("i2"),
    Some("u1"),
    Some(">f4"),
    Some("?"),
    Some("c16"),
    Some("U"),
    Some("S3"),
    Some("[('a', '<i4'), ('b', '<f8')]"),
    Some("[('a', '<u8'), ('b', [('c', 'U2'), ('d', '<c8')])]"),
    Some("i8,f2"),
    Some("M8[D]"),
    Some("[('t', '<M8[ms]'), ('d', '>m8[s]')]"),
];
pub const DELIMITERS: &[&str] = &["", ",", ";", "\t", " ", "::", "W2", "L1,3"];
pub const COMMENTS: &[Option<&str>] = &[None, Some("#"), Some("//"), Some("%")];
pub const QUOTES: &[Option<char>] = &[None, Some('"'), Some('\'')];
pub const MISSING: &[&[&str]] = &[&[], &["N/A"], &["-", "x"], &["0"]];

/// The raw options, one byte each; see [`build`] for their meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawOpts {
    pub dtype: u8,
    pub delimiter: u8,
    pub comments: u8,
    pub quotechar: u8,
    pub skip_header: u8,
    pub skip_footer: u8,
    pub max_rows: u8,
    pub usecols: u8,
    pub names: u8,
    pub missing: u8,
    pub filling: u8,
    pub flags: u8,
    pub ndmin: u8,
    pub block_bytes: u8,
}

/// The option bytes at the front of an input, in field order.
pub fn raw_opts(data: &[u8]) -> Option<RawOpts> {
    let b = data.get(..OPTION_BYTES)?;
    Some(RawOpts {
        dtype: b[0],
        delimiter: b[1],
        comments: b[2],
        quotechar: b[3],
        skip_header: b[4],
        skip_footer: b[5],
        max_rows: b[6],
        usecols: b[7],
        names: b[8],
        missing: b[9],
        filling: b[10],
        flags: b[11],
        ndmin: b[12],
        block_bytes: b[13],
    })
}

/// The builder an input's options stand for, or `None` for a refused
/// dtype.
pub fn build(r: &RawOpts) -> Option<GenFromTxt> {
    let mut g = GenFromTxt::new();
    match DTYPES[r.dtype as usize % DTYPES.len()] {
        None => {
            g.dtype_infer();
        }
        Some(d) => {
            g.dtype_descr(d);
        }
    }
    let d = DELIMITERS[r.delimiter as usize % DELIMITERS.len()];
    if let Some(w) = d.strip_prefix('W') {
        g.delimiter_kind(Delimiter::Width(w.parse().unwrap_or(1)));
    } else if let Some(ws) = d.strip_prefix('L') {
        g.delimiter_kind(Delimiter::Widths(
            ws.split(',').filter_map(|w| w.parse().ok()).collect(),
        ));
    } else {
        g.delimiter(d);
    }
    g.comments(COMMENTS[r.comments as usize % COMMENTS.len()])
        .quotechar(QUOTES[r.quotechar as usize % QUOTES.len()])
        .skip_header((r.skip_header % 4) as usize)
        .skip_footer((r.skip_footer % 3) as usize);
    // 0 is refused (an option error), and with skip_footer it is too.
    if r.max_rows < 64 {
        g.max_rows((r.max_rows % 5) as usize);
    }
    match r.usecols % 6 {
        1 => {
            g.usecols(&[Col::Index(0)]);
        }
        2 => {
            g.usecols(&[Col::Index(-1), Col::Index(0)]);
        }
        3 => {
            g.usecols(&[Col::Index(2), Col::from("b")]);
        }
        _ => {}
    }
    match r.names % 5 {
        1 => {
            g.names(Names::Header);
        }
        2 => {
            g.names("a, b, c");
        }
        3 => {
            g.names(Names::Header)
                .case_sensitive(Case::Lower)
                .defaultfmt("v%02d");
        }
        _ => {}
    }
    let missing = MISSING[r.missing as usize % MISSING.len()];
    if r.missing & 0x10 != 0 {
        g.missing_values(Col::Index(-1), missing);
    } else {
        g.missing_values_all(missing);
    }
    match r.filling % 5 {
        1 => {
            g.filling_values_all(0);
        }
        2 => {
            g.filling_values(Col::Index(1), 2.5);
        }
        3 => {
            g.filling_values_per_column(vec![Fill::from("z"), Fill::Bool(true)]);
        }
        4 => {
            g.filling_values(Col::from("a"), -7);
        }
        _ => {}
    }
    let f = r.flags;
    g.autostrip(f & 1 != 0)
        .loose(f & 2 == 0)
        .invalid_raise(f & 4 == 0)
        .usemask(f & 8 != 0)
        .unpack(f & 16 != 0)
        .ndmin(r.ndmin % 4)
        .block_bytes((r.block_bytes % 64) as usize + 1)
        .chunk_bytes((r.block_bytes % 64) as usize + 1)
        .max_output_bytes(64 << 20);
    if f & 32 != 0 {
        g.converter(0, |s| s.replace(',', "."));
    }
    Some(g)
}

/// Splits an input into its options and its text.
pub fn decode(data: &[u8]) -> Option<(RawOpts, String)> {
    let raw = raw_opts(data)?;
    let text = String::from_utf8_lossy(&data[OPTION_BYTES..]).into_owned();
    Some((raw, text))
}

static FILES: AtomicUsize = AtomicUsize::new(0);

/// Runs every check on one input.
pub fn check(data: &[u8]) {
    let Some((raw, text)) = decode(data) else {
        return;
    };
    let Some(g) = build(&raw) else {
        return;
    };
    let whole = g.from_str(&text);
    let serial = g.clone().parallel(false).from_str(&text);
    same_outcome(&whole, &serial, "parallel", "serial", &raw);
    let read = g.from_reader(text.as_bytes());
    same_outcome(&whole, &read, "from_str", "from_reader", &raw);
    // The faster paths (loadtxt's parse, one pass for inferred types)
    // change nothing but the time.
    let passes = g.clone().plain_path(false).from_str(&text);
    same_outcome(&whole, &passes, "fast paths", "two passes", &raw);
    if let Ok(out) = &whole {
        if let Some(mask) = &out.mask {
            assert_eq!(mask.shape(), out.array.shape(), "mask shape ({raw:?})");
        }
        for v in out.array.values().take(50) {
            let _ = v.to_string();
        }
    }
    if whole
        .as_ref()
        .is_err_and(|e| e.to_string().contains("max_output_bytes"))
    {
        // Too large to hold, so too large to write to /tmp each time.
        return;
    }
    // The streaming conversion, through a file.
    let n = FILES.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir();
    let src = dir.join(format!("npio-gft-{}-{n}.txt", std::process::id()));
    let dst = dir.join(format!("npio-gft-{}-{n}.npy", std::process::id()));
    if std::fs::write(&src, text.as_bytes()).is_err() {
        return;
    }
    let streamed = g.convert_path(&src, &dst);
    if raw.flags & 16 != 0 {
        // unpack is refused when streaming (after any other option
        // error).
        assert!(streamed.is_err(), "convert_path took unpack ({raw:?})");
        let _ = std::fs::remove_file(&src);
        return;
    }
    match (&whole, streamed) {
        (Ok(out), Ok(summary)) => {
            let back: delimited_text::npy_format::NpyArray =
                delimited_text::npy_format::read_npy(&dst)
                    .expect("convert_path wrote a readable .npy");
            assert_eq!(
                back, out.array,
                "convert_path and from_str differ ({raw:?})"
            );
            assert_eq!(summary.warnings, out.warnings, "warnings differ ({raw:?})");
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "different errors ({raw:?})"),
        (a, b) => panic!(
            "from_str {:?} vs convert_path {:?} ({raw:?})",
            a.as_ref().map(|_| ()),
            b.map(|_| ())
        ),
    }
    let _ = std::fs::remove_file(&src);
    let _ = std::fs::remove_file(&dst);
}
