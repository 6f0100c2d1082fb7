//! savetxt: a live differential test against `np.savetxt` (same arrays,
//! same arguments, byte-identical files), Python `%` forms checked by
//! hand, and property tests of float formatting.

use crate::common::{fingerprint, live_numpy, numpy_answers, python, run_python};
use delimited_text::{ErrorKind, Piece, SaveTxt, Spec, format_value, parse_format};
use ndarray::{Array, Array1, Array2, IxDyn, ShapeBuilder};
use npy_format::half::f16;
use npy_format::num_complex::{Complex32, Complex64};
use npy_format::{DType, Header, NAT, NpyArray, ScalarKind, TimeUnit, Value};
use proptest::prelude::*;
use std::io::Read;
use std::path::Path;
use std::process::Command;

// ---------------------------------------------------------------------
// Cases.

#[derive(Clone)]
enum Fmt {
    One(String),
    List(Vec<String>),
}

struct Case {
    what: String,
    array: NpyArray,
    fmt: Fmt,
    delimiter: String,
    newline: String,
    header: String,
    footer: String,
    comments: String,
    gz: bool,
}

impl Case {
    fn saver(&self) -> SaveTxt {
        let mut s = SaveTxt::new();
        match &self.fmt {
            Fmt::One(f) => s.fmt(f),
            Fmt::List(l) => s.fmt_columns(l),
        };
        s.delimiter(&self.delimiter)
            .newline(&self.newline)
            .header(&self.header)
            .footer(&self.footer)
            .comments(&self.comments);
        s
    }

    fn describe(&self) -> String {
        let fmt = match &self.fmt {
            Fmt::One(f) => format!("{f:?}"),
            Fmt::List(l) => format!("{l:?}"),
        };
        format!(
            "{} {} shape {:?}, fmt {fmt}, delimiter {:?}, newline {:?}, header {:?}, footer {:?}, comments {:?}{}",
            self.what,
            self.array.dtype().descr_repr(),
            self.array.shape(),
            self.delimiter,
            self.newline,
            self.header,
            self.footer,
            self.comments,
            if self.gz { ", gz" } else { "" }
        )
    }
}

/// Option sets the cases rotate through: (delimiter, newline, header,
/// footer, comments).
const OPTIONS: &[(&str, &str, &str, &str, &str)] = &[
    (" ", "\n", "", "", "# "),
    (",", "\n", "x,y\nsecond line", "", "# "),
    ("\t", "\r\n", "", "end\nof data", "%% "),
    (" | ", "\n", "h", "f", ""),
    ("", ";", "multi\n\nline\n", "", "#"),
    (",", "\n", "é ü 日本", "\n", "// "),
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn f64(&mut self) -> f64 {
        match self.next() % 4 {
            // Any bit pattern: huge, tiny, subnormal, nan.
            0 => f64::from_bits(self.next()),
            // Everyday data.
            1 => (self.next() % 2_000_001) as f64 / 1000.0 - 1000.0,
            2 => {
                let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
                u * 10f64.powi((self.next() % 40) as i32 - 20)
            }
            // Decimal-looking values that sit on rounding ties.
            _ => (self.next() % 100_000) as f64 / 8.0,
        }
    }
}

fn special_f64() -> Vec<f64> {
    vec![
        0.0,
        -0.0,
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e300,
        -1e300,
        5e-324,
        -5e-324,
        2.2250738585072014e-308,
        3.0e-310,
        f64::MAX,
        0.1,
        0.5,
        1.5,
        2.5,
        -2.5,
        0.125,
        0.375,
        2.675,
        1.005,
        4.35,
        1e16,
        9999999999999998.0,
        1e-4,
        9.999999999999999e-5,
        1e-5,
        0.000123,
        123456789.125,
        1e22,
        1e23,
        2f64.powi(63),
        1.8446744073709552e19,
        -(2f64.powi(63)),
        1.0 / 3.0,
        2.0 / 3.0,
        100.0,
        1e15 + 0.3,
        999999.5,
        0.9999995,
        9.5,
        99.95,
        1e-300,
        3.4028234663852886e38,
        1.7014118346046923e38,
    ]
}

fn finite(v: &[f64]) -> Vec<f64> {
    v.iter().copied().filter(|x| x.is_finite()).collect()
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn one(fmts: &[&str]) -> Vec<Fmt> {
    fmts.iter().map(|f| Fmt::One(f.to_string())).collect()
}

/// Float formats, applied to every float array.
const FLOAT_FMTS: &[&str] = &[
    "%.18e", "%d", "%.3f", "%10.4e", "%-8.2g", "%+.0e", "%#g", "%s", "%5s", "%r", "%.17g", "%G",
    "%E", "%F", "%+08.3f", "% .5e", "%#.0f", "%#.0e", "%.0f", "%g", "%.30f", "%.25e", "%i",
    "%5.3d", "%.1f", "%.12g", "%#.3g", "%010.2e", "%-12.3e|", "%.40g", "%u", "%a", "%x", "%c",
    "%y", "%", "v=%f%%",
];

const INT_FMTS: &[&str] = &[
    "%d", "%x", "%X", "%o", "%#x", "%#o", "%#08X", "%+d", "% 5d", "%-6d|", "%.3d", "%05.3d", "%e",
    "%.18e", "%s", "%r", "%g", "%.3f", "%10s", "%c", "%#10.4o", "%+#x", "%ld", "%hd", "%Lf",
];

const STR_FMTS: &[&str] = &[
    "%s", "%5s", "%-10s|", "%.2s", "%r", "%a", "%d", "%e", "%c", "%012s", "%.0s",
];

fn cases() -> Vec<Case> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out: Vec<(String, NpyArray, Vec<Fmt>)> = Vec::new();

    // float64 values: special, random, 1-D and 2-D (C and Fortran).
    let special = special_f64();
    let random: Vec<f64> = (0..600).map(|_| rng.f64()).collect();
    let fin_special = finite(&special);
    let fin_random = finite(&random);
    for (what, v) in [
        ("special", &special),
        ("random", &random),
        ("finite special", &fin_special),
        ("finite random", &fin_random),
    ] {
        out.push((
            format!("{what} 1-D"),
            NpyArray::from_array(&Array1::from(v.clone())),
            one(FLOAT_FMTS),
        ));
    }
    let n = fin_random.len() / 6 * 6;
    let m2 = Array2::from_shape_vec((n / 6, 6), fin_random[..n].to_vec()).unwrap();
    out.push((
        "random 2-D".into(),
        NpyArray::from_array(&m2),
        one(&["%.18e", "%.6g", "%d", "%s", "%10.3f"])
            .into_iter()
            .chain([
                Fmt::List(strs(&["%d", "%.2f", "%e", "%g", "%s", "%+.1e"])),
                Fmt::One("%d|%.2f|%e; %g %s [%+.1e]".into()),
                Fmt::List(strs(&["%d", "%.2f"])),
                Fmt::One("%d %d".into()),
                Fmt::One("%d %d %d %d %d %d %d".into()),
                Fmt::One("%d%%".into()),
                Fmt::One("%d %d %d %d %d %%".into()),
                Fmt::List(strs(&["%d%%", "%d", "%d", "%d", "%d", "%d"])),
            ])
            .collect(),
    ));
    let fortran = Array2::from_shape_vec((5, 4).f(), fin_special[..20].to_vec()).unwrap();
    out.push((
        "fortran 2-D".into(),
        NpyArray::from_array(&fortran),
        one(&["%.18e", "%g", "%s"]),
    ));
    // Big-endian float64.
    let be: Vec<u8> = special.iter().flat_map(|x| x.to_be_bytes()).collect();
    out.push((
        "big-endian".into(),
        NpyArray::new(
            Header::new(
                DType::parse_descr("'>f8'").unwrap(),
                vec![special.len()],
                false,
            ),
            be,
        )
        .unwrap(),
        one(&["%.18e", "%s", "%.3f"]),
    ));
    // float32 and float16.
    let f32s: Vec<f32> = special
        .iter()
        .chain(&random)
        .map(|&x| x as f32)
        .chain([16777216.0, 1e10, 999999.0, 1e6, 1e-4, 0.1, 3.4e38, 1e-45])
        .collect();
    out.push((
        "float32".into(),
        NpyArray::from_array(&Array1::from(f32s.clone())),
        one(FLOAT_FMTS),
    ));
    let f16s: Vec<f16> = f32s
        .iter()
        .map(|&x| f16::from_f32(x))
        .chain([999.0, 1000.0, 1024.0, 65504.0, 1e-4, 6e-8, 0.1].map(f16::from_f32))
        .collect();
    out.push((
        "float16".into(),
        NpyArray::from_array(&Array1::from(f16s)),
        one(&["%.18e", "%s", "%r", "%g", "%.3f", "%d"]),
    ));
    // Integers.
    let i64s = vec![
        0i64,
        1,
        -1,
        65,
        -255,
        97,
        i64::MIN,
        i64::MAX,
        1 << 40,
        -(1 << 53) - 1,
    ];
    out.push((
        "int64".into(),
        NpyArray::from_array(&Array1::from(i64s.clone())),
        one(INT_FMTS),
    ));
    let small: Vec<i64> = vec![0, 65, 97, 0x41, 0x263a, 0x10ffff];
    out.push((
        "int64 code points".into(),
        NpyArray::from_array(&Array1::from(small)),
        one(&["%c", "%5c", "%-3c|", "%.0c"]),
    ));
    out.push((
        "int32 2-D".into(),
        NpyArray::from_array(
            &Array2::from_shape_vec((3, 3), vec![1i32, -2, 3, i32::MIN, i32::MAX, 0, 7, 8, 9])
                .unwrap(),
        ),
        one(&["%d", "%5d", "%x", "%.2e", "%s", "%r"])
            .into_iter()
            .chain([
                Fmt::List(strs(&["%d", "%x", "%o"])),
                Fmt::One("(%d, %d) -> %d".into()),
            ])
            .collect(),
    ));
    out.push((
        "int16".into(),
        NpyArray::from_array(&ndarray::array![i16::MIN, -1, 0, i16::MAX]),
        one(&["%d", "%r", "%x"]),
    ));
    out.push((
        "int8".into(),
        NpyArray::from_array(&ndarray::array![i8::MIN, -1, 0, i8::MAX]),
        one(&["%d", "%r", "%#o"]),
    ));
    out.push((
        "uint64".into(),
        NpyArray::from_array(&ndarray::array![0u64, 1, u64::MAX, 1 << 63]),
        one(INT_FMTS),
    ));
    out.push((
        "uint8".into(),
        NpyArray::from_array(&ndarray::array![0u8, 65, 255]),
        one(&["%d", "%r", "%c", "%x"]),
    ));
    out.push((
        "uint32 uint16".into(),
        NpyArray::from_array(&ndarray::array![0u32, u32::MAX]),
        one(&["%d", "%r"]),
    ));
    out.push((
        "bool".into(),
        NpyArray::from_array(&ndarray::array![true, false, true]),
        one(&["%d", "%s", "%r", "%.2f", "%x", "%5s", "%g", "%c", "%a"]),
    ));
    // Complex.
    let c16: Vec<Complex64> = vec![
        Complex64::new(1.0, 2.0),
        Complex64::new(-1.0, -2.5),
        Complex64::new(0.0, -0.0),
        Complex64::new(-0.0, 1e-5),
        Complex64::new(f64::NAN, f64::INFINITY),
        Complex64::new(1e300, -5e-324),
        Complex64::new(0.1, -0.1),
        Complex64::new(f64::NEG_INFINITY, f64::NAN),
    ];
    out.push((
        "complex128 1-D".into(),
        NpyArray::from_array(&Array1::from(c16.clone())),
        one(&[
            "%.18e",
            "%.3f",
            "%g",
            "%s",
            "%r",
            "%+.2e",
            "%.3f%+.3fj",
            "%d",
        ])
        .into_iter()
        .chain([
            Fmt::List(strs(&["%.1f%+.1fj"])),
            Fmt::List(strs(&["%.1f"])),
            Fmt::One("%.2f %.2f %.2f".into()),
        ])
        .collect(),
    ));
    out.push((
        "complex128 2-D".into(),
        NpyArray::from_array(&Array2::from_shape_vec((4, 2), c16.clone()).unwrap()),
        one(&["%.18e", "%.2f", "%s", "%.1f %.1f|%.1f %.1f"])
            .into_iter()
            .chain([Fmt::List(strs(&["%.1f%+.1fj", "%.2e %.2e"]))])
            .collect(),
    ));
    out.push((
        "complex64".into(),
        NpyArray::from_array(&Array1::from(
            c16.iter()
                .map(|c| Complex32::new(c.re as f32, c.im as f32))
                .collect::<Vec<_>>(),
        )),
        one(&["%.18e", "%s", "%r", "%.3g"]),
    ));
    // Strings.
    let bytes: Vec<&[u8]> = vec![
        b"abc",
        b"",
        b"a'b",
        b"x\"y",
        b"\t\n\x00z\x7f\xff",
        b"both'\"",
    ];
    out.push((
        "bytes".into(),
        NpyArray::from_byte_strings(&bytes, &[bytes.len()]).unwrap(),
        one(STR_FMTS),
    ));
    out.push((
        "bytes 2-D".into(),
        NpyArray::from_byte_strings(&bytes, &[3, 2]).unwrap(),
        one(&["%s", "%-6s"])
            .into_iter()
            .chain([Fmt::One("%s=%s".into()), Fmt::List(strs(&["%s", "%r"]))])
            .collect(),
    ));
    let texts = [
        "abc",
        "",
        "it's",
        "é",
        "日本語",
        "tab\there",
        "a\"b",
        "x",
        "\u{a0}nbsp",
    ];
    out.push((
        "unicode".into(),
        NpyArray::from_strings(&texts, &[texts.len()]).unwrap(),
        one(STR_FMTS),
    ));
    out.push((
        "unicode chars".into(),
        NpyArray::from_strings(&["a", "é", "日"], &[3]).unwrap(),
        one(&["%c", "%3c", "%s"]),
    ));
    // Structured.
    let dt = DType::parse_descr(
        "[('i', '<i4'), ('f', '<f8'), ('s', '|S3'), ('u', '<U2'), ('c', '<c16'), ('b', '|b1'), ('h', '>i2')]",
    )
    .unwrap();
    let mut data = Vec::new();
    type Rec<'a> = (i32, f64, &'a [u8], &'a str, (f64, f64), bool, i16);
    let recs: [Rec; 4] = [
        (1, 2.5, b"ab", "cd", (1.0, 2.0), true, -3),
        (-7, f64::NAN, b"xyz", "é", (0.0, -1.5), false, 300),
        (0, -0.0, b"", "", (-2.0, 0.0), true, i16::MIN),
        (i32::MAX, 1e20, b"'", "日", (1e-5, 1e17), false, 1),
    ];
    for (i, f, s, u, c, b, h) in recs {
        data.extend_from_slice(&i.to_le_bytes());
        data.extend_from_slice(&f.to_le_bytes());
        let mut sb = s.to_vec();
        sb.resize(3, 0);
        data.extend_from_slice(&sb);
        let mut n = 0;
        for ch in u.chars() {
            data.extend_from_slice(&(ch as u32).to_le_bytes());
            n += 1;
        }
        data.resize(data.len() + (2 - n) * 4, 0);
        data.extend_from_slice(&c.0.to_le_bytes());
        data.extend_from_slice(&c.1.to_le_bytes());
        data.push(b as u8);
        data.extend_from_slice(&h.to_be_bytes());
    }
    let rec = NpyArray::new(Header::new(dt, vec![4], false), data).unwrap();
    out.push((
        "structured".into(),
        rec,
        one(&["%s", "%r", "%d", "%d %s %s %s %s %s %s"])
            .into_iter()
            .chain([
                Fmt::List(strs(&["%d", "%.3f", "%s", "%s", "%s", "%d", "%x"])),
                Fmt::List(strs(&["%5d", "%10.3e", "%-5s", "%3s", "%s", "%s", "%d"])),
                Fmt::List(strs(&["%d", "%.3f", "%s", "%s", "%.2f", "%d", "%d"])),
                Fmt::List(strs(&["%d", "%.3f"])),
            ])
            .collect(),
    ));
    // Datetimes and timedeltas.
    for (unit, counts) in [
        (
            TimeUnit::Day,
            vec![0i64, 19_753, -1, -719_163, -1_000_000, 2_932_897, NAT],
        ),
        (TimeUnit::Second, vec![0, 90, -5, 1_706_659_200, NAT]),
        (TimeUnit::Millisecond, vec![1_706_659_200_123, -5, NAT]),
        (TimeUnit::Nanosecond, vec![1_706_659_200_123_456_789, -5]),
        (TimeUnit::Picosecond, vec![1_706_659_200_123, -5]),
        (TimeUnit::Attosecond, vec![1_706_659_200_123, -5]),
        (TimeUnit::Year, vec![0, 54, -1970, -1971, 8030]),
        (TimeUnit::Month, vec![0, 649, -1, -23_641]),
        (TimeUnit::Week, vec![0, 5, -3]),
        (TimeUnit::Hour, vec![0, 5, -3]),
        (TimeUnit::Minute, vec![0, 5, -3]),
    ] {
        out.push((
            format!("datetime64[{}]", unit.code()),
            NpyArray::from_time_counts(&counts, ScalarKind::DateTime(unit, 1), &[counts.len()])
                .unwrap(),
            one(&["%s", "%12s", "%d"]),
        ));
        out.push((
            format!("timedelta64[{}]", unit.code()),
            NpyArray::from_time_counts(&counts, ScalarKind::TimeDelta(unit, 1), &[counts.len()])
                .unwrap(),
            one(&["%s", "%e"]),
        ));
    }
    out.push((
        "datetime64[15m]".into(),
        NpyArray::from_time_counts(&[3, -1], ScalarKind::DateTime(TimeUnit::Minute, 15), &[2])
            .unwrap(),
        one(&["%s"]),
    ));
    out.push((
        "timedelta64[2D]".into(),
        NpyArray::from_time_counts(&[5, NAT], ScalarKind::TimeDelta(TimeUnit::Day, 2), &[2])
            .unwrap(),
        one(&["%s"]),
    ));
    // Void.
    out.push((
        "void".into(),
        NpyArray::new(
            Header::new(DType::scalar(ScalarKind::Void(3)), vec![2], false),
            vec![1, 2, b'a', 0, 0, 0],
        )
        .unwrap(),
        one(&["%s", "%d"]),
    ));
    // Empty arrays and odd shapes.
    let empty_fmts = || {
        one(&["%.18e", "%d", "%y", "%d %d", "%d %d %d"])
            .into_iter()
            .chain([Fmt::List(strs(&["%d", "%d", "%d"])), Fmt::List(vec![])])
            .collect::<Vec<_>>()
    };
    out.push((
        "empty 1-D".into(),
        NpyArray::from_array(&Array1::<f64>::zeros(0)),
        empty_fmts(),
    ));
    out.push((
        "empty rows".into(),
        NpyArray::from_array(&Array2::<f64>::zeros((0, 3))),
        empty_fmts(),
    ));
    out.push((
        "no columns".into(),
        NpyArray::from_array(&Array2::<f64>::zeros((3, 0))),
        empty_fmts(),
    ));
    out.push((
        "3-D".into(),
        NpyArray::from_array(&Array::<f64, _>::zeros(IxDyn(&[2, 2, 2]))),
        one(&["%.18e"]),
    ));
    out.push((
        "0-D".into(),
        NpyArray::from_array(&Array::<f64, _>::zeros(IxDyn(&[]))),
        one(&["%.18e"]),
    ));

    let mut cases = Vec::new();
    let mut k = 0;
    for (what, array, fmts) in out {
        for fmt in fmts {
            let (delimiter, newline, header, footer, comments) = OPTIONS[k % OPTIONS.len()];
            cases.push(Case {
                what: what.clone(),
                array: array.clone(),
                fmt,
                delimiter: delimiter.into(),
                newline: newline.into(),
                header: header.into(),
                footer: footer.into(),
                comments: comments.into(),
                gz: k % 29 == 0,
            });
            k += 1;
        }
    }
    cases
}

const NUMPY_SAVETXT: &str = r#"
import json, sys, warnings
import numpy as np
warnings.simplefilter("ignore")
cases = json.load(open(sys.argv[1], encoding="utf-8"))
results = []
for c in cases:
    X = np.load(c["npy"])
    try:
        np.savetxt(c["out"], X, fmt=c["fmt"], delimiter=c["delimiter"],
                   newline=c["newline"], header=c["header"], footer=c["footer"],
                   comments=c["comments"], encoding="utf-8")
        results.append("")
    except Exception as e:
        results.append(f"{type(e).__name__}: {e}" or "error")
json.dump(results, open(sys.argv[2], "w", encoding="utf-8"))
"#;

fn read_text(path: &Path, gz: bool) -> Vec<u8> {
    let raw = std::fs::read(path).unwrap();
    if !gz {
        return raw;
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&raw[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let i = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = i.saturating_sub(60);
    format!(
        "at byte {i}:\n   numpy: {:?}\n   npio:  {:?}",
        String::from_utf8_lossy(&a[from..(i + 60).min(a.len())]),
        String::from_utf8_lossy(&b[from..(i + 60).min(b.len())])
    )
}

#[test]
fn savetxt_matches_numpy() {
    let dir = tempfile::tempdir().unwrap();
    let cases = cases();
    let mut manifest = Vec::new();
    // What NumPy's answers depend on: the script, each array's bytes and
    // the options (not the temporary paths).
    let mut key = vec![NUMPY_SAVETXT.as_bytes().to_vec()];
    for (i, c) in cases.iter().enumerate() {
        let npy = dir.path().join(format!("a{i}.npy"));
        let mut bytes = Vec::new();
        c.array.write_npy(&mut bytes).unwrap();
        std::fs::write(&npy, &bytes).unwrap();
        let ext = if c.gz { "txt.gz" } else { "txt" };
        let fmt = match &c.fmt {
            Fmt::One(f) => serde_json::json!(f),
            Fmt::List(l) => serde_json::json!(l),
        };
        let options = serde_json::json!({
            "fmt": fmt,
            "delimiter": c.delimiter,
            "newline": c.newline,
            "header": c.header,
            "footer": c.footer,
            "comments": c.comments,
            "gz": c.gz,
        });
        key.push(bytes);
        key.push(options.to_string().into_bytes());
        let mut entry = options;
        entry["npy"] = serde_json::json!(npy);
        entry["out"] = serde_json::json!(dir.path().join(format!("py{i}.{ext}")));
        manifest.push(entry);
    }
    let key: Vec<&[u8]> = key.iter().map(|k| &k[..]).collect();
    // Per case, NumPy's error or the fingerprint of its text (the texts
    // themselves would be megabytes).
    let answers = numpy_answers("savetxt_corpus", &key, || {
        let manifest_path = dir.path().join("cases.json");
        let results_path = dir.path().join("results.json");
        std::fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
        let run = Command::new(python())
            .arg("-c")
            .arg(NUMPY_SAVETXT)
            .arg(&manifest_path)
            .arg(&results_path)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "python failed: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let results: Vec<String> =
            serde_json::from_slice(&std::fs::read(&results_path).unwrap()).unwrap();
        assert_eq!(results.len(), cases.len());
        let answers: Vec<_> = (cases.iter().zip(results).enumerate())
            .map(|(i, (c, error))| {
                if !error.is_empty() {
                    return serde_json::json!({ "error": error });
                }
                let ext = if c.gz { "txt.gz" } else { "txt" };
                let text = read_text(&dir.path().join(format!("py{i}.{ext}")), c.gz);
                serde_json::json!({ "text": fingerprint(&[&text]), "len": text.len() })
            })
            .collect();
        serde_json::json!(answers)
    });
    let answers: Vec<serde_json::Value> = serde_json::from_value(answers).unwrap();
    assert_eq!(answers.len(), cases.len());

    let mut failures = Vec::new();
    let (mut same, mut both_err) = (0, 0);
    for (i, (c, numpy)) in cases.iter().zip(&answers).enumerate() {
        let ext = if c.gz { "txt.gz" } else { "txt" };
        let ours = dir.path().join(format!("rs{i}.{ext}"));
        let result = c.saver().to_path(&ours, &c.array);
        let numpy_err = numpy["error"].as_str().unwrap_or_default();
        match (numpy_err.is_empty(), result) {
            (true, Ok(())) => {
                let got = read_text(&ours, c.gz);
                if numpy["text"] == serde_json::json!(fingerprint(&[&got])) {
                    same += 1;
                } else if live_numpy() {
                    let want = read_text(&dir.path().join(format!("py{i}.{ext}")), c.gz);
                    failures.push(format!(
                        "{}: output differs {}",
                        c.describe(),
                        first_difference(&want, &got)
                    ));
                } else {
                    failures.push(format!(
                        "{}: output differs from NumPy's ({} bytes, npio {}; ./test shows where)",
                        c.describe(),
                        numpy["len"],
                        got.len()
                    ));
                }
            }
            (false, Err(_)) => {
                both_err += 1;
                assert!(!ours.exists(), "a failed write leaves no file");
            }
            (true, Err(e)) => failures.push(format!(
                "{}: numpy wrote it, npio failed: {e}",
                c.describe()
            )),
            (false, Ok(())) => failures.push(format!(
                "{}: numpy failed ({numpy_err}), npio wrote it",
                c.describe()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from np.savetxt ({same} identical, {both_err} errors in both):\n{}",
        failures.len(),
        cases.len(),
        failures[..failures.len().min(25)].join("\n")
    );
    assert!(
        same > 300 && both_err > 60,
        "{same} identical, {both_err} errors"
    );
}

/// A case NumPy handles and npio refuses: the difference is documented.
#[test]
fn documented_refusals() {
    // %r of datetimes.
    let a = NpyArray::from_time_counts(&[1], ScalarKind::DateTime(TimeUnit::Day, 1), &[1]).unwrap();
    assert!(SaveTxt::new().fmt("%r").to_string(&a).is_err());
}

/// `.gz`, `.bz2` and `.xz` text, both ways: NumPy's compressed files read
/// in loadtxt and genfromtxt, and npio's compressed files read in NumPy.
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn compressed_text_both_ways() {
    use delimited_text::{GenFromTxt, LoadTxt};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = NpyArray::from_array(&ndarray::array![[1.5, -2.0], [3.25, 4e10], [0.0, 7.0]]);
    let mut saver = SaveTxt::new();
    saver.delimiter(",");
    for ext in ["gz", "bz2", "xz", "lzma"] {
        saver
            .to_path(d.join(format!("npio.txt.{ext}")), &a)
            .unwrap();
    }
    let script = r#"
import sys, os, lzma, numpy as np
d = sys.argv[1]
a = np.array([[1.5, -2.0], [3.25, 4e10], [0.0, 7.0]])
# The legacy .lzma format too, which Python's lzma module reads.
with lzma.open(os.path.join(d, "alone.txt.lzma"), "wt", format=lzma.FORMAT_ALONE) as f:
    np.savetxt(f, a, delimiter=",")
for ext in ["gz", "bz2", "xz", "lzma"]:
    np.savetxt(os.path.join(d, "numpy.txt." + ext), a, delimiter=",")
    b = np.loadtxt(os.path.join(d, "npio.txt." + ext), delimiter=",")
    assert np.array_equal(a, b), (ext, b)
    with open(os.path.join(d, "npio.txt." + ext), "rb") as f:
        print(ext, f.read(3).hex())
"#;
    let out = run_python(script, &[d.to_str().unwrap()]);
    // Each file really is compressed (gzip, bzip2 and xz magic numbers).
    assert_eq!(out.trim(), "gz 1f8b08\nbz2 425a68\nxz fd377a\nlzma fd377a");
    for name in ["gz", "bz2", "xz", "lzma", "alone"] {
        let path = match name {
            "alone" => d.join("alone.txt.lzma"),
            ext => d.join(format!("numpy.txt.{ext}")),
        };
        let l = LoadTxt::new()
            .delimiter(Some(','))
            .from_path(&path)
            .unwrap();
        assert_eq!(
            l.to_array::<f64, ndarray::Ix2>().unwrap(),
            a.to_array::<f64, ndarray::Ix2>().unwrap()
        );
        let g = GenFromTxt::new().delimiter(",").from_path(&path).unwrap();
        assert!(g.warnings.is_empty());
        assert_eq!(
            g.array.to_array::<f64, ndarray::Ix2>().unwrap(),
            a.to_array::<f64, ndarray::Ix2>().unwrap()
        );
    }
    // A corrupt stream is an error, not text.
    let mut bad = std::fs::read(d.join("numpy.txt.bz2")).unwrap();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x55;
    std::fs::write(d.join("bad.txt.bz2"), &bad).unwrap();
    assert!(
        LoadTxt::new()
            .delimiter(Some(','))
            .from_path(d.join("bad.txt.bz2"))
            .is_err()
    );
}

#[test]
fn errors_are_format_errors_and_leave_old_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "old").unwrap();
    let a = NpyArray::from_array(&ndarray::array![[1.0, 2.0], [3.0, f64::NAN]]);
    let err = SaveTxt::new().fmt("%d").to_path(&path, &a).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Format { .. }), "{err}");
    assert!(err.to_string().contains("NaN"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    let err = SaveTxt::new().fmt("%d %d %d").to_string(&a).unwrap_err();
    assert!(
        err.to_string().contains("wrong number of % formats"),
        "{err}"
    );
    let err = SaveTxt::new()
        .fmt_columns(&["%d"])
        .to_string(&a)
        .unwrap_err();
    assert!(err.to_string().contains("wrong shape"), "{err}");
    // A to_writer failure on the first row writes nothing.
    let mut out = Vec::new();
    let b = NpyArray::from_array(&ndarray::array![f64::NAN]);
    assert!(
        SaveTxt::new()
            .fmt("%d")
            .header("h")
            .to_writer(&b, &mut out)
            .is_err()
    );
    assert!(out.is_empty());
}

#[test]
fn large_arrays_are_the_same_in_parallel() {
    // Many chunks: rows are formatted in parallel and written in order.
    let mut rng = Rng(7);
    let v: Vec<f64> = (0..300_000).map(|_| rng.f64()).collect();
    let a = NpyArray::from_array(&Array2::from_shape_vec((100_000, 3), v.clone()).unwrap());
    let text = SaveTxt::new().to_string(&a).unwrap();
    let mut want = String::new();
    for row in v.chunks(3) {
        let cells: Vec<String> = row
            .iter()
            .map(|x| pyfmt("%.18e", Value::Float(*x)))
            .collect();
        want.push_str(&cells.join(" "));
        want.push('\n');
    }
    assert_eq!(text, want);
}

// ---------------------------------------------------------------------
// printf forms, checked against Python by hand (Python 3.11, NumPy 2.4).

fn spec(f: &str) -> Spec {
    match parse_format(f).unwrap().remove(0) {
        Piece::Spec(s) => s,
        p => panic!("{f:?} is not one specification: {p:?}"),
    }
}

fn pyfmt(f: &str, v: Value) -> String {
    let mut out = String::new();
    format_value(&spec(f), &v, &mut out).unwrap();
    out
}

#[test]
fn printf_table() {
    use Value::{Bool, Bytes, Float, Float32, Int, Str, UInt};
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    let table: Vec<(&str, Value, &str)> = vec![
        ("%d", Float(2.7), "2"),
        ("%d", Float(-2.7), "-2"),
        ("%d", Float(-0.0), "0"),
        ("%d", Bool(true), "1"),
        ("%d", UInt(u64::MAX), "18446744073709551615"),
        ("%x", Int(-255), "-ff"),
        ("%o", UInt(u64::MAX), "1777777777777777777777"),
        ("%#o", Int(-255), "-0o377"),
        ("%#X", Int(65), "0X41"),
        ("%#08x", Int(-255), "-0x000ff"),
        ("%#10.3o", Int(-255), "    -0o377"),
        ("%5.3d", Float(-2.7), " -002"),
        ("%05.3d", Float(2.7), "00002"),
        ("%-05d", Int(-2), "-2   "),
        ("%+05d", Int(2), "+0002"),
        ("% d", Int(2), " 2"),
        ("%+ d", Int(2), "+2"),
        ("%.3x", Int(-255), "-0ff"),
        ("%e", Float(2.7), "2.700000e+00"),
        ("%e", UInt(u64::MAX), "1.844674e+19"),
        ("%e", Float(-0.0), "-0.000000e+00"),
        ("%e", Float(nan), "nan"),
        ("%e", Float(-nan), "nan"),
        ("%+f", Float(-nan), "+nan"),
        ("%E", Float(-inf), "-INF"),
        ("%F", Float(nan), "NAN"),
        ("%08.3f", Float(nan), "00000nan"),
        ("%08.3f", Float(-inf), "-0000inf"),
        ("%+05e", Float(inf), "+0inf"),
        ("% 05.1f", Float(nan), " 0nan"),
        ("%-08.3f", Float(-2.7), "-2.700  "),
        ("%.0f", Float(0.5), "0"),
        ("%.0f", Float(1.5), "2"),
        ("%.0f", Float(2.5), "2"),
        ("%.0f", Float(-0.5), "-0"),
        ("%.1f", Float(0.25), "0.2"),
        ("%.2e", Float(1.125), "1.12e+00"),
        ("%#.0e", Float(2.7), "3.e+00"),
        ("%#.0f", Float(2.7), "3."),
        ("%#g", Float(2.7), "2.70000"),
        ("%#g", UInt(u64::MAX), "1.84467e+19"),
        ("%g", Int(-255), "-255"),
        ("%g", Float(1e-5), "1e-05"),
        ("%g", Float(1e-4), "0.0001"),
        ("%g", Float(100000.0), "100000"),
        ("%g", Float(1e6), "1e+06"),
        ("%.0g", Int(-255), "-3e+02"),
        ("%#.0g", Float(0.1), "0.1"),
        ("%#.0g", Int(-255), "-3.e+02"),
        ("%#.3g", Int(-255), "-255."),
        ("%G", UInt(u64::MAX), "1.84467E+19"),
        ("%.18e", Float(0.1), "1.000000000000000056e-01"),
        ("%.18e", Float32(0.1), "1.000000014901161194e-01"),
        ("%.17g", Float(0.1), "0.10000000000000001"),
        (
            "%.0f",
            Float(1e300),
            "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160",
        ),
        ("%s", Float(2.7), "2.7"),
        ("%s", Float(-0.0), "-0.0"),
        ("%s", Float(1e16), "1e+16"),
        ("%s", Float(9999999999999998.0), "9999999999999998.0"),
        ("%s", Float(1.5e-5), "1.5e-05"),
        ("%s", Float(123456789012345678.0), "1.2345678901234568e+17"),
        ("%s", Float(5e-324), "5e-324"),
        ("%s", Float32(16777216.0), "1.6777216e+07"),
        ("%s", Float32(1e-4), "1e-04"),
        ("%s", Float32(999999.0), "999999.0"),
        ("%s", Float(-inf), "-inf"),
        ("%s", Bool(true), "True"),
        ("%s", Bytes(b"a'b".to_vec()), "b\"a'b\""),
        (
            "%s",
            Bytes(b"x\t\n\x00\x7f\xff\"".to_vec()),
            "b'x\\t\\n\\x00\\x7f\\xff\"'",
        ),
        ("%s", Str("it's".into()), "it's"),
        ("%05s", Float(2.7), "  2.7"),
        ("%.2s", Bool(true), "Tr"),
        ("%-5s", Float(-2.7), "-2.7 "),
        ("%+s", Float(2.7), "2.7"),
        ("%r", Float(2.7), "np.float64(2.7)"),
        ("%r", Float32(0.1), "np.float32(0.1)"),
        ("%r", Int(-255), "np.int64(-255)"),
        ("%r", Bool(false), "np.False_"),
        ("%r", Str("it's".into()), "np.str_(\"it's\")"),
        ("%r", Str("5".into()), "np.str_('5')"),
        ("%a", Str("é".into()), "np.str_('\\xe9')"),
        ("%r", Value::Complex(1.0, 2.0), "np.complex128(1+2j)"),
        ("%s", Value::Complex(0.0, 2.0), "2j"),
        ("%s", Value::Complex(-0.0, -0.0), "(-0-0j)"),
        ("%s", Value::Complex(1.5, nan), "(1.5+nanj)"),
        ("%s", Value::Complex(inf, -inf), "(inf-infj)"),
        ("%s", Value::Complex(0.1, 1e-5), "(0.1+1e-05j)"),
        ("%s", Value::Complex(1e20, 0.0), "(1e+20+0j)"),
        ("%c", Int(65), "A"),
        ("%5c", Int(66), "    B"),
        ("%.0c", Int(65), "A"),
        ("%c", Str("x".into()), "x"),
        ("%ld", Int(5), "5"),
        ("%Lf", Float(2.7), "2.700000"),
        ("%.d", Int(5), "5"),
        ("%.e", Int(5), "5e+00"),
        ("%00005d", Int(5), "00005"),
    ];
    for (f, v, want) in table {
        assert_eq!(pyfmt(f, v.clone()), want, "{f:?} % {v:?}");
    }
}

#[test]
fn printf_errors() {
    let err = |f: &str, v: Value| {
        let mut out = String::new();
        format_value(&spec(f), &v, &mut out).unwrap_err()
    };
    for (f, v) in [
        ("%d", Value::Float(f64::NAN)),
        ("%d", Value::Float(f64::NEG_INFINITY)),
        ("%d", Value::Str("5".into())),
        ("%x", Value::Float(2.0)),
        ("%x", Value::Bool(true)),
        ("%e", Value::Bytes(b"1".to_vec())),
        ("%c", Value::Float(65.0)),
        ("%c", Value::Int(-1)),
        ("%c", Value::Int(0x110000)),
        ("%c", Value::Str("ab".into())),
        ("%c", Value::Bool(true)),
        (
            "%d",
            Value::DateTime {
                value: 0,
                unit: TimeUnit::Day,
                multiplier: 1,
            },
        ),
    ] {
        assert!(matches!(err(f, v).kind(), ErrorKind::Format { .. }));
    }
    for f in [
        "%", "abc%", "%y", "%5%", "% %", "%(a)s", "%*d", "%.*f", "%lld", "%hhd", "%zd", "%1$d",
    ] {
        assert!(parse_format(f).is_err(), "{f:?}");
    }
    assert_eq!(
        parse_format("a%%b%%").unwrap(),
        vec![Piece::Literal("a%b%".into())]
    );
}

// ---------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn shortest_forms_read_back(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        prop_assume!(x.is_finite());
        for f in ["%.17g", "%.18e", "%.16e", "%r"] {
            let s = pyfmt(f, Value::Float(x));
            let s = s.trim_start_matches("np.float64(").trim_end_matches(')');
            let back: f64 = s.parse().unwrap();
            prop_assert_eq!(back.to_bits(), x.to_bits(), "{} of {:e} gave {}", f, x, s);
        }
        let s = pyfmt("%s", Value::Float(x));
        prop_assert_eq!(s.parse::<f64>().unwrap().to_bits(), x.to_bits());
    }

    #[test]
    fn e_and_f_are_exact(bits in any::<u64>(), prec in 0usize..40) {
        // The standard library's exact formatting is the reference.
        let x = f64::from_bits(bits);
        prop_assume!(x.is_finite());
        let e = pyfmt(&format!("%.{prec}e"), Value::Float(x));
        let std_e = format!("{:.*e}", prec, x);
        let (m, exp) = std_e.split_once('e').unwrap();
        let exp: i32 = exp.parse().unwrap();
        let want = format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
        let want = if x == 0.0 && x.is_sign_negative() && !want.starts_with('-') {
            format!("-{want}")
        } else {
            want
        };
        prop_assert_eq!(e, want);
        let f = pyfmt(&format!("%.{prec}f"), Value::Float(x));
        let std_f = format!("{:.*}", prec, x.abs());
        let sign = if x.is_sign_negative() { "-" } else { "" };
        prop_assert_eq!(f, format!("{sign}{std_f}"));
    }

    #[test]
    fn everyday_values_are_exact(n in -10_000_000i64..10_000_000, scale in -12i32..12, prec in 0usize..20) {
        let x = n as f64 * 10f64.powi(scale);
        let e = pyfmt(&format!("%.{prec}e"), Value::Float(x));
        let std_e = format!("{:.*e}", prec, x);
        let (m, _) = std_e.split_once('e').unwrap();
        let m = if x == 0.0 { m.trim_start_matches('-') } else { m };
        prop_assert!(e.trim_start_matches('-').starts_with(m.trim_start_matches('-')), "{} vs {}", e, std_e);
        let f = pyfmt(&format!("%.{prec}f"), Value::Float(x));
        prop_assert_eq!(f.trim_start_matches('-'), format!("{:.*}", prec, x.abs()));
    }
}

/// UTF-16, UTF-32 and ASCII text both ways: NumPy's files read in
/// loadtxt and genfromtxt, and npio's savetxt bytes equal to NumPy's.
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn wide_and_narrow_encodings_both_ways() {
    use delimited_text::{Encoding, GenFromTxt, LoadTxt};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let names = [
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "utf-32-le",
        "utf-32-be",
        "ascii",
        "latin1",
    ];
    let script = r#"
import sys, os, numpy as np
d = sys.argv[1]
a = np.array([[1.5, -2.0], [3.25, 4e10]])
for e in sys.argv[2:]:
    header = "x y" if e == "ascii" else "x µ €" if e != "latin1" else "x µ"
    np.savetxt(os.path.join(d, e + ".txt"), a, encoding=e, header=header)
    with open(os.path.join(d, e + ".header"), "w", encoding="utf-8") as f:
        f.write(header)
print("ok")
"#;
    let mut args = vec![d.to_str().unwrap()];
    args.extend(names);
    assert_eq!(run_python(script, &args).trim(), "ok");
    let want = ndarray::array![[1.5, -2.0], [3.25, 4e10]];
    let a = NpyArray::from_array(&want);
    for name in names {
        let enc = Encoding::from_name(name).unwrap();
        let path = d.join(format!("{name}.txt"));
        let l = LoadTxt::new().encoding(enc).from_path(&path).unwrap();
        assert_eq!(l.to_array::<f64, ndarray::Ix2>().unwrap(), want, "{name}");
        let bytes = std::fs::read(&path).unwrap();
        let r = LoadTxt::new()
            .encoding(enc)
            .from_reader(&bytes[..])
            .unwrap();
        assert_eq!(r.to_array::<f64, ndarray::Ix2>().unwrap(), want, "{name}");
        let g = GenFromTxt::new().encoding(enc).from_path(&path).unwrap();
        assert_eq!(
            g.array.to_array::<f64, ndarray::Ix2>().unwrap(),
            want,
            "{name}"
        );
        let header = std::fs::read_to_string(d.join(format!("{name}.header"))).unwrap();
        let mut ours = Vec::new();
        SaveTxt::new()
            .encoding(enc)
            .header(&header)
            .to_writer(&a, &mut ours)
            .unwrap();
        assert_eq!(ours, bytes, "{name}: savetxt bytes");
    }
    // Text that is not valid in its encoding is an Encoding error with
    // its line; a character the encoding cannot hold is refused.
    let mut bad: Vec<u8> = "1\n2\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bad.extend_from_slice(&[0x00, 0xdc]);
    let err = LoadTxt::new()
        .encoding(Encoding::Utf16Le)
        .from_reader(&bad[..])
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Encoding { line: 3, .. }),
        "{err:?}"
    );
    let err = LoadTxt::new()
        .encoding(Encoding::Ascii)
        .from_reader(&b"1\n\xb5\n"[..])
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Encoding { line: 2, .. }),
        "{err:?}"
    );
    let mut out = Vec::new();
    let refused = SaveTxt::new()
        .encoding(Encoding::Latin1)
        .header("€")
        .to_writer(&a, &mut out);
    assert!(refused.is_err());
    assert_eq!(Encoding::from_name("cp1252"), None);
}

/// Long doubles written as np.savetxt writes them: `%e`, `%f`, `%g` of
/// the float Python's `%` converts them to, `%s`/`%r` with their own
/// shortest digits; either byte order; complex ones with `%e` formats.
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn long_doubles_as_numpy_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let script = r#"
import sys, os, numpy as np
d = sys.argv[1]
a = np.array([np.longdouble("0.1"), np.longdouble(1) / 3, np.longdouble("1e-4940"),
              np.longdouble("nan"), np.longdouble(2) ** 70, np.longdouble("-0.0")])
np.save(os.path.join(d, "le.npy"), a)
np.save(os.path.join(d, "be.npy"), a.astype(">f16"))
np.save(os.path.join(d, "c.npy"), np.array([np.clongdouble(1 / 3 + 2j), 5 - 1j]))
for i, f in enumerate(["%.18e", "%s", "%r", "%.3f", "%g"]):
    np.savetxt(os.path.join(d, "want%d.txt" % i), a, fmt=f)
np.savetxt(os.path.join(d, "wantc.txt"), np.load(os.path.join(d, "c.npy")))
np.savetxt(os.path.join(d, "wantc2.txt"), np.load(os.path.join(d, "c.npy")), fmt="%.3e")
np.savetxt(os.path.join(d, "wantc3.txt"), np.load(os.path.join(d, "c.npy")), fmt="%s")
print("ok")
"#;
    assert_eq!(run_python(script, &[d.to_str().unwrap()]).trim(), "ok");
    let read = |name: &str| -> NpyArray { npy_format::read_npy(d.join(name)).unwrap() };
    for file in ["le.npy", "be.npy"] {
        let a = read(file);
        for (i, f) in ["%.18e", "%s", "%r", "%.3f", "%g"].iter().enumerate() {
            let want = std::fs::read_to_string(d.join(format!("want{i}.txt"))).unwrap();
            let got = SaveTxt::new().fmt(f).to_string(&a).unwrap();
            assert_eq!(got, want, "{file} {f}");
        }
    }
    let c = read("c.npy");
    let want = std::fs::read_to_string(d.join("wantc.txt")).unwrap();
    assert_eq!(SaveTxt::new().to_string(&c).unwrap(), want);
    let want = std::fs::read_to_string(d.join("wantc2.txt")).unwrap();
    assert_eq!(SaveTxt::new().fmt("%.3e").to_string(&c).unwrap(), want);
    // One format for a complex array applies to each part, as in NumPy.
    let want = std::fs::read_to_string(d.join("wantc3.txt")).unwrap();
    assert_eq!(SaveTxt::new().fmt("%s").to_string(&c).unwrap(), want);
}

/// Records inside records, subarray fields and 2-D structured arrays, as
/// np.savetxt prints them: Python's str of each record and NumPy's str of
/// each subarray.
#[test]
#[ignore = "needs NumPy: ./test runs it"]
fn records_and_subarrays_as_numpy_prints_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let script = r#"
import sys, os, numpy as np
d = sys.argv[1]
a = np.zeros(4, dtype=[("x", "i4"), ("s", "f8", (2,)), ("r", [("c", "i2"), ("d", "f4"), ("e", "M8[D]")]),
                       ("t", "U3"), ("u", "i8", (3,)), ("w", "f8", (2,)), ("b", "?", (2,)),
                       ("f", "f4", (2,)), ("m", "i2", (2, 2)), ("n", "U2", (2,))])
a["s"] = [[1, 2.5], [0.1, 3], [-1, 2], [np.nan, 1.5]]
a["r"]["c"] = 7
a["r"]["d"] = 0.5
a["r"]["e"] = ["2024-01-31", "NaT", "1970-01-01", "0012-03-04"]
a["t"] = ["a", "bc", "d'", ""]
a["u"] = [[1, 10, -5], [0, 0, 0], [3, 2, 1], [-100, 5, 7]]
a["w"] = [[1e10, 1.5], [1e-5, 1], [0.1, 123.456], [1 / 3, 2]]
a["b"] = [[True, False], [False, False], [True, True], [False, True]]
a["f"] = [[0.1, 0.25], [1e9, 1], [3, 4], [np.inf, -0.5]]
a["m"] = [[[1, 2], [30, 4]], [[0, 0], [0, 0]], [[-1, 1], [1, -1]], [[5, 6], [7, 8]]]
a["n"] = [["a", "bc"], ["", "x"], ["y'", "z"], ["q", "r"]]
np.save(os.path.join(d, "rec.npy"), a)
np.savetxt(os.path.join(d, "rec.txt"), a, fmt="%s")
b = np.zeros((2, 3), dtype=[("x", "i4"), ("y", "f8"), ("z", "S2")])
b["x"] = [[1, 2, 3], [4, 5, 6]]
b["y"] = 1e16
b["z"] = b"a\n"
np.save(os.path.join(d, "two.npy"), b)
np.save(os.path.join(d, "twof.npy"), np.asfortranarray(b))
np.savetxt(os.path.join(d, "two.txt"), b, fmt="%s", delimiter=";")
print("ok")
"#;
    assert_eq!(run_python(script, &[d.to_str().unwrap()]).trim(), "ok");
    let read = |name: &str| -> NpyArray { npy_format::read_npy(d.join(name)).unwrap() };
    let want = std::fs::read_to_string(d.join("rec.txt")).unwrap();
    assert_eq!(
        SaveTxt::new()
            .fmt("%s")
            .to_string(&read("rec.npy"))
            .unwrap(),
        want
    );
    let want = std::fs::read_to_string(d.join("two.txt")).unwrap();
    for file in ["two.npy", "twof.npy"] {
        let got = SaveTxt::new()
            .fmt("%s")
            .delimiter(";")
            .to_string(&read(file))
            .unwrap();
        assert_eq!(got, want, "{file}");
    }
    // A number format for a record is an error, as in NumPy.
    assert!(SaveTxt::new().to_string(&read("two.npy")).is_err());
}
