//! loadtxt against NumPy: a generated corpus of files and option sets, the
//! same values (NaN-aware), dtype and shape, and an error exactly where
//! NumPy errors. Plus property tests of chunked parsing.

use crate::common::{PY_ZERO_PADDING, Rng, array_from_hex, numpy_results, same_values};
use delimited_text::{ErrorKind, LoadTxt};
use npy_format::Value;
use proptest::prelude::*;
use serde_json::{Value as Json, json};

const DTYPES: &[&str] = &[
    "f8",
    "f4",
    "<i4",
    ">i8",
    "u1",
    "<u2",
    "?",
    "c16",
    "U5",
    "S3",
    "[('a', '<i4'), ('b', '<f8')]",
];

fn value_text(rng: &mut Rng, dtype: &str) -> String {
    let bad = rng.below(40) == 0;
    if bad {
        return rng
            .pick(&["x", "1_0", "", "1.5e", "0x10", "--1"])
            .to_string();
    }
    match dtype {
        "c16" => rng
            .pick(&[
                "1+2j",
                "(3-4.5j)",
                "2j",
                "-1",
                "1e3-1e-3j",
                "nan+infj",
                "1 + 2j",
                "1+j",
            ])
            .to_string(),
        "U5" | "S3" => rng
            .pick(&["abc", "x", "héllo", "1.5", "toolongvalue", "€"])
            .to_string(),
        "f8" | "f4" => {
            if rng.below(5) == 0 {
                rng.pick(&[
                    "nan", "-inf", "Infinity", "+NaN", "1.", ".5", "1e308", "1e400", "-0.0",
                    "5e-324", "1.5",
                ])
                .to_string()
            } else {
                format!("{}", (rng.next() as f64 - 2e9) / 7.0)
            }
        }
        _ => {
            let v = rng.below(300) as i64 - 40;
            let t = if rng.below(10) == 0 {
                format!("+{v}")
            } else {
                v.to_string()
            };
            if rng.below(15) == 0 {
                format!(" {t} ")
            } else {
                t
            }
        }
    }
}

fn make_case(rng: &mut Rng, i: usize) -> (String, Json) {
    let dtype = *rng.pick(DTYPES);
    let delimiter: Option<&str> = *rng.pick(&[None, Some(","), Some(";"), Some("\t")]);
    let quote = delimiter.is_some() && rng.below(3) == 0;
    let comments: Vec<&str> = rng.pick(&[vec!["#"], vec!["#", "//"], vec![]]).clone();
    let structured = dtype.starts_with('[');
    let cols = if structured {
        2
    } else {
        1 + rng.below(4) as usize
    };
    let rows = rng.below(8) as usize;
    let mut text = String::new();
    if rng.below(4) == 0 {
        text.push_str("header line\n");
    }
    for r in 0..rows {
        if rng.below(6) == 0 && !comments.is_empty() {
            text.push_str(&format!("{} a comment\n", comments[0]));
        }
        if rng.below(8) == 0 {
            text.push('\n');
        }
        let mut n = cols;
        if rng.below(25) == 0 {
            n += 1; // ragged
        }
        let fields: Vec<String> = (0..n)
            .map(|c| {
                let dt = if structured {
                    ["<i4", "f8"][c.min(1)]
                } else {
                    dtype
                };
                let mut v = value_text(rng, dt);
                if quote && rng.below(4) == 0 {
                    v = format!("\"{v}\"");
                }
                v
            })
            .collect();
        text.push_str(&fields.join(delimiter.unwrap_or(" ")));
        if rng.below(5) == 0 && !comments.is_empty() {
            text.push_str(&format!(" {} trailing", comments[comments.len() - 1]));
        }
        if r + 1 < rows || rng.below(2) == 0 {
            text.push('\n');
        }
    }
    let usecols: Option<Vec<i64>> = match rng.below(6) {
        0 if cols > 1 => Some(vec![-1, 0]),
        1 => Some(vec![0]),
        _ => None,
    };
    let usecols = if structured { None } else { usecols };
    let opts = json!({
        "name": format!("case{i:03}.txt"),
        "dtype": dtype,
        "delimiter": delimiter,
        "comments": if comments.is_empty() { Json::Null } else { json!(comments) },
        "quotechar": if quote { json!("\"") } else { Json::Null },
        "skiprows": if text.starts_with("header") { 1 } else { 0 },
        "usecols": usecols,
        "max_rows": if rng.below(5) == 0 { json!(rng.below(4)) } else { Json::Null },
        "ndmin": rng.below(3),
    });
    (text, opts)
}

const NUMPY_LOADS: &str = r#"
import json, re, sys, os, warnings
import numpy as np
from numpy.lib import format as fmt
def said(w):
    # NumPy's warnings, as npio's Warning values print them.
    m = re.match(r"Input line (\d+) contained no data", str(w.message))
    if m:
        return "Input line %s contained no data" % m.group(1)
    if "input contained no data" in str(w.message):
        return "input contained no data"
    return str(w.message)
cases = json.load(open(sys.argv[1]))
out = []
for c in cases:
    dt = c["dtype"]
    dtype = np.dtype(eval(dt)) if dt.startswith("[") else np.dtype(dt)
    kw = dict(dtype=dtype, delimiter=c["delimiter"], comments=c["comments"],
              skiprows=c["skiprows"], ndmin=c["ndmin"], encoding="utf-8")
    if c["quotechar"] is not None:
        kw["quotechar"] = c["quotechar"]
    if c["usecols"] is not None:
        kw["usecols"] = c["usecols"]
    if c["max_rows"] is not None:
        kw["max_rows"] = c["max_rows"]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            a = np.loadtxt(os.path.join(sys.argv[2], c["name"]), **kw)
        out.append({"ok": True, "descr": repr(fmt.dtype_to_descr(a.dtype)), "shape": list(a.shape),
                    "hex": zero_padding(a),
                    "warnings": [said(w) for w in caught if w.category is UserWarning]})
    except Exception as e:
        out.append({"ok": False, "error": "%s: %s" % (type(e).__name__, e)})
json.dump(out, open(sys.argv[3], "w"))
print(len(out))
"#;

fn options(c: &Json) -> LoadTxt {
    let mut o = LoadTxt::new();
    let dtype = c["dtype"].as_str().unwrap();
    if dtype.starts_with('[') {
        o.dtype_descr(dtype);
    } else {
        o.dtype_descr(&format!("'{dtype}'"));
    }
    o.delimiter(c["delimiter"].as_str().map(|d| d.chars().next().unwrap()));
    match c["comments"].as_array() {
        Some(list) => {
            let m: Vec<&str> = list.iter().map(|x| x.as_str().unwrap()).collect();
            o.comments(&m);
        }
        None => {
            o.comments::<&str>(&[]);
        }
    }
    o.quotechar(c["quotechar"].as_str().map(|q| q.chars().next().unwrap()));
    o.skiprows(c["skiprows"].as_u64().unwrap() as usize);
    if let Some(u) = c["usecols"].as_array() {
        let cols: Vec<isize> = u.iter().map(|x| x.as_i64().unwrap() as isize).collect();
        o.usecols(&cols);
    }
    if let Some(m) = c["max_rows"].as_u64() {
        o.max_rows(m as usize);
    }
    o.ndmin(c["ndmin"].as_u64().unwrap() as u8);
    o
}

/// A change of path, as a change of options.
type Tweak = fn(&mut LoadTxt);

/// The ways through the reader besides the default, each of which must
/// give the default's answer.
const PATHS: &[(&str, Tweak)] = &[
    ("without the fast path", |o| {
        o.fast_path(false);
    }),
    ("serial", |o| {
        o.parallel(false);
    }),
    ("small blocks and pieces", |o| {
        o.block_bytes(64).chunk_bytes(16);
    }),
];

/// Runs every case through NumPy and npio and returns the disagreements,
/// with how many cases both loaded and both refused.
fn compare_with_numpy(test: &str, cases: &[(String, Json)]) -> (Vec<String>, usize, usize) {
    let files: Vec<(Vec<u8>, Json)> = cases
        .iter()
        .map(|(text, opts)| (text.as_bytes().to_vec(), opts.clone()))
        .collect();
    let (dir, numpy) = numpy_results(test, &format!("{PY_ZERO_PADDING}{NUMPY_LOADS}"), &files);
    let (mut agree_ok, mut agree_err) = (0, 0);
    let mut problems = Vec::new();
    for ((_, c), n) in cases.iter().zip(&numpy) {
        let name = c["name"].as_str().unwrap();
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let run = |path_options: Tweak| {
            let warned = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Json>::new()));
            let sink = warned.clone();
            let mut o = options(c);
            path_options(&mut o);
            let ours = o
                .on_warning(move |w| {
                    // NumPy's wording up to its first period.
                    let text = w.to_string();
                    let text = text.split(" and will not").next().unwrap_or(&text);
                    sink.lock().unwrap().push(json!(text))
                })
                .from_path(&path);
            let warnings = warned.lock().unwrap().clone();
            (ours, warnings)
        };
        let (ours, warnings) = run(|_| ());
        // Every path gives the same answer: fast path off, serial, and
        // tiny blocks and pieces (so that rows cross block boundaries).
        for (what, path_options) in PATHS {
            let (other, other_warnings) = run(*path_options);
            let same = match (&ours, &other) {
                (Ok(a), Ok(b)) => same_values(a, b),
                (Err(e), Err(f)) => e.to_string() == f.to_string(),
                _ => false,
            } && warnings == other_warnings;
            if !same {
                problems.push(format!(
                    "{name} {c}: {what} differs\n{text:?}\ndefault {:?}\n{what} {:?}",
                    ours.as_ref().map(|a| a.shape().to_vec()),
                    other.as_ref().map(|a| a.shape().to_vec())
                ));
            }
        }
        match (n["ok"].as_bool().unwrap(), ours) {
            (true, Ok(a)) => {
                let want = array_from_hex(
                    n["descr"].as_str().unwrap(),
                    &n["shape"],
                    n["hex"].as_str().unwrap(),
                );
                if n["warnings"] != json!(warnings) {
                    problems.push(format!(
                        "{name} {c}: warnings differ\n{text:?}\nnpio {warnings:?}\nnumpy {}",
                        n["warnings"]
                    ));
                } else if same_values(&a, &want) {
                    agree_ok += 1;
                } else {
                    problems.push(format!(
                        "{name} {c}: values differ\n{text:?}\nnpio {:?} {:?}\nnumpy {:?} {:?}",
                        a.dtype().descr_repr(),
                        a.shape(),
                        want.dtype().descr_repr(),
                        want.shape()
                    ));
                }
            }
            (false, Err(_)) => agree_err += 1,
            (true, Err(e)) => problems.push(format!(
                "{name} {c}: npio failed ({e}), NumPy loaded\n{text:?}"
            )),
            (false, Ok(a)) => problems.push(format!(
                "{name} {c}: NumPy failed ({}), npio loaded {:?}\n{text:?}",
                n["error"],
                a.shape()
            )),
        }
    }
    (problems, agree_ok, agree_err)
}

#[test]
fn loadtxt_matches_numpy_on_a_generated_corpus() {
    let mut rng = Rng(20261126);
    let cases: Vec<(String, Json)> = (0..400).map(|i| make_case(&mut rng, i)).collect();
    let (problems, agree_ok, agree_err) = compare_with_numpy("loadtxt_corpus", &cases);
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n\n")
    );
    assert!(
        agree_ok > 150 && agree_err > 40,
        "{agree_ok} loaded, {agree_err} refused"
    );
}

/// The behaviours NumPy's own loadtxt tests check (numpy/lib/tests/
/// test_loadtxt.py), each compared with live NumPy.
#[test]
fn loadtxt_matches_numpy_behaviour_by_behaviour() {
    let base = json!({"dtype": "f8", "delimiter": null, "comments": ["#"], "quotechar": null,
                      "skiprows": 0, "usecols": null, "max_rows": null, "ndmin": 0});
    let with = |text: &str, changes: Json| {
        let mut o = base.clone();
        for (k, v) in changes.as_object().unwrap() {
            o[k] = v.clone();
        }
        (text.to_string(), o)
    };
    let mut cases = vec![
        // Whitespace: runs of any whitespace, leading ignored, trailing dropped.
        with("1 \t 2\u{a0}3  \n 4 5 6 ", json!({})),
        with("1\x1c2\x0b3\x1f4\u{85}5\u{3000}6", json!({})),
        // A space delimiter splits on every single space.
        with("1 2\n3  4", json!({"delimiter": " "})),
        // A trailing delimiter makes an empty field, which fails.
        with("1,2,\n3,4,", json!({"delimiter": ","})),
        with("1,2,\n3,4,", json!({"delimiter": ",", "usecols": [0, 1]})),
        // Blank and comment-only lines are skipped; whitespace-only lines
        // with a delimiter are not.
        with("1,2\n\n# c\n3,4", json!({"delimiter": ","})),
        with("1,2\n  \n3,4", json!({"delimiter": ","})),
        // Several comment markers, multi-character ones, none.
        with("1 2 // x\n% y\n3 4", json!({"comments": ["//", "%"]})),
        with("1 2\n# 3 4", json!({"comments": null})),
        // Quotes: delimiters, comments, newlines and doubled quotes inside.
        with(
            "\"1,5\",2\n\"3\",\"4\"",
            json!({"delimiter": ",", "quotechar": "\"", "dtype": "U5"}),
        ),
        with(
            "\"a\"\"b\"c,2\n\"x\ny\",4",
            json!({"delimiter": ",", "quotechar": "\"", "dtype": "U4"}),
        ),
        with(
            "\"ABC\"DEF,1",
            json!({"delimiter": ",", "quotechar": "\"", "dtype": "U6"}),
        ),
        with(
            "\"1,5\",2",
            json!({"delimiter": ",", "quotechar": "\"", "comments": ["#", "//"]}),
        ),
        // A quote left open runs to the end of the input, line ends
        // included; rows past max_rows are never read.
        with(
            "1,\"a\nb\n",
            json!({"delimiter": ",", "quotechar": "\"", "dtype": "U4"}),
        ),
        with("1\n2\n\"3\n", json!({"quotechar": "\""})),
        with("1\n2\n\"3\n4\n", json!({"quotechar": "\"", "max_rows": 2})),
        // Delimiter, comment and quote must differ; whitespace comments
        // and quotes collide with the whitespace delimiter; newlines and
        // empty markers are refused.
        with("1,2", json!({"delimiter": ",", "comments": [","]})),
        with("1 2 3\n4 5 6\n", json!({"comments": [" "]})),
        with("1 2 3\n4 5 6\n", json!({"comments": ["\t"]})),
        with("1 2 3\n4 5 6\n", json!({"comments": ["\u{a0}"]})),
        with("1 2 3\n4 5 6\n", json!({"comments": ["\u{2003}"]})),
        with("1 2 3\n4 5 6\n", json!({"comments": ["\u{3000}"]})),
        with("1 2 3\n4 5 6\n", json!({"quotechar": " "})),
        with("1 2 3\n4 5 6\n", json!({"quotechar": "\u{3000}"})),
        with(
            "1 2 3\n4 5 6\n",
            json!({"delimiter": " ", "comments": [" "]}),
        ),
        with(
            "1 2 3\n4 5 6\n",
            json!({"delimiter": ",", "comments": [" "]}),
        ),
        with("1,2\n", json!({"delimiter": ",", "comments": ["\n"]})),
        with("1,2\n", json!({"delimiter": ",", "comments": ["\r"]})),
        with(
            "1,2\n",
            json!({"delimiter": ",", "quotechar": "\n", "comments": null}),
        ),
        with("1,2\n", json!({"delimiter": ",", "quotechar": "\r"})),
        with("1,2\n", json!({"delimiter": ",", "comments": [""]})),
        with("1,2\n", json!({"delimiter": ",", "comments": ["#", ""]})),
        with("1,2\n", json!({"delimiter": ",", "quotechar": ","})),
        with("1,2\n", json!({"delimiter": ",", "quotechar": "#"})),
        with("1,2\n", json!({"delimiter": ",", "comments": ["#", ","]})),
        with(
            "1,2,,3\n4,5,,6\n",
            json!({"delimiter": ",", "comments": [",,"]}),
        ),
        with("1 2 #3\n4 5 #6\n", json!({"comments": [" #"]})),
        // skiprows counts raw lines, comments included; max_rows counts
        // data rows; 0 is allowed.
        with("# a\n\n1 2\n3 4\n5 6", json!({"skiprows": 2})),
        with("# a\n1 2\n\n3 4\n5 6", json!({"max_rows": 2})),
        with("1 2\n3 4", json!({"max_rows": 0})),
        // Warnings: no data at all; a line without data inside max_rows
        // (blank or comment-only, quoted text too; not inside a quote).
        with("\n\n", json!({})),
        with("1 2\n", json!({"skiprows": 1})),
        with("1 2\n# c\n3 4\n", json!({"max_rows": 2})),
        with("1 2\n3 4\n\n5 6\n", json!({"max_rows": 2})),
        with("# only\n", json!({"max_rows": 5})),
        with(
            "1,\"a\n\nb\"\n\n2,x\n",
            json!({"delimiter": ",", "quotechar": "\"", "dtype": "U5", "max_rows": 3}),
        ),
        with(
            "1,2\n\n3,4\n",
            json!({"delimiter": ",", "quotechar": "\"", "max_rows": 9}),
        ),
        with(
            "1,\"a\nb\"\n3,\"c\nd\"\n\n2,x\n",
            json!({"delimiter": ",", "quotechar": "\"", "dtype": "U5", "max_rows": 3}),
        ),
        with("h\n1 2\n\n3 4\n", json!({"skiprows": 1, "max_rows": 2})),
        with("c 1 2\nc\n3 4\n", json!({"comments": ["c"], "max_rows": 9})),
        with("1 2\n3 4", json!({"max_rows": 0, "ndmin": 2})),
        // usecols: negatives per row, duplicates, ragged rows allowed.
        with("1 2 3\n4 5\n6 7 8 9", json!({"usecols": [-1, 0, 0]})),
        with("1 2 3\n4", json!({"usecols": [1]})),
        with("1 2 3\n4 5 6 7", json!({})),
        // ndmin: squeeze, then pad.
        with("5", json!({})),
        with("5", json!({"ndmin": 1})),
        with("5", json!({"ndmin": 2})),
        with("1 2 3", json!({"ndmin": 2})),
        with("1\n2\n3", json!({"ndmin": 2})),
        with("", json!({})),
        with("", json!({"ndmin": 2})),
        with("# only a comment\n", json!({"usecols": [0, 1]})),
        // Integers: strict, per-width overflow, no floats or hex.
        with("127 -128", json!({"dtype": "i1"})),
        with("128", json!({"dtype": "i1"})),
        with("-1", json!({"dtype": "u4"})),
        with(" +7 ", json!({"dtype": "<i8"})),
        with("1.0", json!({"dtype": "<i8"})),
        with("1e3", json!({"dtype": "<i8"})),
        with("0x10", json!({"dtype": "<i8"})),
        with("18446744073709551615", json!({"dtype": "<u8"})),
        with("18446744073709551616", json!({"dtype": "<u8"})),
        // bool parses as an integer.
        with("0 1 2 -3", json!({"dtype": "?"})),
        with("True", json!({"dtype": "?"})),
        // Floats: special names, short forms, overflow, no hex or _.
        with(
            "nan NaN -inf +Infinity INF 1. .5 -.5e-3 1e400 -1e400",
            json!({}),
        ),
        with("1_000", json!({})),
        with("1d3", json!({})),
        with("0x1p3", json!({})),
        with("0.1 1e-45 3.4e38", json!({"dtype": "f4"})),
        // Complex forms.
        with("1+2j (3-4j) 5 6j -1e-3+2e3j", json!({"dtype": "c16"})),
        with("1+j", json!({"dtype": "c16"})),
        with("j", json!({"dtype": "c16"})),
        // Long doubles: correctly rounded (hexadecimals, subnormals,
        // overflow), either byte order; complex ones through complex().
        with(
            "0.1 0x1.8p1 1e-4940 -inf 1e5000 3.141592653589793238462643383279 -1.5e-4945 nan",
            json!({"dtype": "<f16"}),
        ),
        with("0.1 -2.5e300", json!({"dtype": ">f16"})),
        with("1_0", json!({"dtype": "<f16"})),
        with("0x", json!({"dtype": "<f16"})),
        with("0.1+2j (1e300-1j) 3j", json!({"dtype": "<c32"})),
        with("1+-2j", json!({"dtype": ">c32"})),
        with("(1+2j", json!({"dtype": "c16"})),
        with(
            "7+-5.0j,(3.14e00+-2.71e+00j)",
            json!({"dtype": "c16", "delimiter": ","}),
        ),
        with(
            "( 4+5j ),(4+5j ),( 4+5j),(3 )",
            json!({"dtype": "c16", "delimiter": ","}),
        ),
        with("( 4+5j )", json!({"dtype": "c16"})),
        with("1+2J", json!({"dtype": "c16"})),
        with("7-+5j", json!({"dtype": "c16"})),
        with("( 4 +5j)", json!({"dtype": "c8", "delimiter": ","})),
        // Strings: latin1 bytes, truncation, sizes.
        with("abc é", json!({"dtype": "S2"})),
        with("€", json!({"dtype": "S2"})),
        with("héllo wörld", json!({"dtype": "U3"})),
        with("short muchlonger", json!({"dtype": "U"})),
        // Records: nested and subarray fields flattened in order.
        with(
            "1 2.5 3 4",
            json!({"dtype": "[('a', '<i4'), ('b', [('c', '<f8'), ('d', '<u1', (2,))])]"}),
        ),
        with(
            "1 2.5",
            json!({"dtype": "[('a', '<i4'), ('b', '<f8')]", "ndmin": 1}),
        ),
        with("1 2.5 3", json!({"dtype": "[('a', '<i4'), ('b', '<f8')]"})),
        with(
            "1 2 3\n4 5 6 7",
            json!({"dtype": "[('a', '<i4'), ('b', '<i4'), ('c', '<i4')]"}),
        ),
        with(
            "1 2 3",
            json!({"dtype": "[('a', '<i4'), ('b', '<i4'), ('c', '<i4')]", "usecols": [0, 1]}),
        ),
        with(
            "1 2 3\n4 5 6",
            json!({"dtype": "[('a', '<i4'), ('b', '<i4')]", "usecols": [2, 0]}),
        ),
        // Empty records and empty usecols.
        with("1 2 3\n4 5 6\n", json!({"dtype": "[]", "usecols": []})),
        with("", json!({"dtype": "[]", "usecols": []})),
        with("1 2 3\n4 5 6\n", json!({"dtype": "[]"})),
        with("", json!({"dtype": "[]"})),
        with("1 2 3\n4 5 6\n", json!({"usecols": []})),
        with("1 2 3\n4 5 6\n", json!({"dtype": "[]", "usecols": [0]})),
        // Line ends.
        with("1 2\r\n3 4\r\n", json!({})),
        // Datetimes and timedeltas, floored to the unit.
        with(
            "2024-01-31,1970-01-01\nNaT,2000-02-29",
            json!({"delimiter": ",", "dtype": "M8[D]"}),
        ),
        with("2024-01-31T12:34:56.789", json!({"dtype": "M8[ms]"})),
        with("2024-01-31T12:34:56.789", json!({"dtype": "M8[s]"})),
        with("1969-12-31T23:59:59.5", json!({"dtype": "M8[us]"})),
        with("2024 1999", json!({"dtype": "M8[Y]"})),
        with("2024-02", json!({"dtype": "M8[M]"})),
        with("1970-01-10", json!({"dtype": "M8[3D]"})),
        with("2024-1-5", json!({"dtype": "M8[D]"})),
        with("2023-02-29", json!({"dtype": "M8[D]"})),
        with("12 -3 NaT", json!({"dtype": "m8[s]"})),
        // Without a unit: the finest unit the dates are written in.
        with("2012-03\n2013-01-15\n", json!({"dtype": "M8"})),
        with("2012-03 2013-05\n2011-01 NaT\n", json!({"dtype": "M8"})),
        with("2012\n", json!({"dtype": "M8"})),
        with("NaT\n", json!({"dtype": "M8"})),
        with(
            "2012-03-01T10:00:00.5\n2012-03-01T10\n",
            json!({"dtype": "M8"}),
        ),
        with("2012-03\nxx\n", json!({"dtype": "M8"})),
        with("1 NaT -2\n", json!({"dtype": "m8"})),
        with("1.5\n", json!({"dtype": "m8"})),
        with("1.5", json!({"dtype": "m8[s]"})),
    ];
    for (i, (_, o)) in cases.iter_mut().enumerate() {
        o["name"] = json!(format!("b{i:03}.txt"));
    }
    let (problems, agree_ok, agree_err) = compare_with_numpy("loadtxt_behaviours", &cases);
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n\n")
    );
    assert_eq!(agree_ok + agree_err, cases.len());
}

#[test]
fn unpack_follows_numpy() {
    let a = LoadTxt::new().from_str("1 2 3\n4 5 6").unwrap();
    let cols = delimited_text::unpack(&a).unwrap();
    assert_eq!(cols.len(), 3);
    assert_eq!(
        cols[2].to_array::<f64, ndarray::Ix1>().unwrap(),
        ndarray::array![3.0, 6.0]
    );
    let mut o = LoadTxt::new();
    o.dtype_descr("[('a', '<i4'), ('b', '<f8')]");
    let r = o.from_str("1 2.5\n3 4.5").unwrap();
    let fields = delimited_text::unpack(&r).unwrap();
    assert_eq!(
        fields[0].to_array::<i32, ndarray::Ix1>().unwrap(),
        ndarray::array![1, 3]
    );
    assert_eq!(
        fields[1].to_array::<f64, ndarray::Ix1>().unwrap(),
        ndarray::array![2.5, 4.5]
    );
    let one = LoadTxt::new().from_str("1\n2").unwrap();
    assert_eq!(delimited_text::unpack(&one).unwrap(), vec![one]);
}

/// Blocks parse several at a time and finish in any order, yet the first
/// problem in the file is the one reported: a bad value before an invalid
/// byte, or an invalid byte before a bad value, when they are in different
/// blocks (a block is checked for UTF-8 as a whole when read).
#[test]
fn first_problem_in_file_order_across_blocks() {
    let good: String = (0..300).map(|i| format!("{i} {i}\n")).collect();
    let mut bad_value = good.clone().into_bytes();
    bad_value.extend_from_slice(b"1 x\n");
    bad_value.extend_from_slice(good.as_bytes());
    bad_value.extend_from_slice(b"\xff 2\n");
    let mut bad_byte = good.clone().into_bytes();
    bad_byte.extend_from_slice(b"\xff 2\n");
    bad_byte.extend_from_slice(good.as_bytes());
    bad_byte.extend_from_slice(b"1 x\n");
    for block in [16, 100, 1000] {
        let mut o = LoadTxt::new();
        o.block_bytes(block).chunk_bytes(37);
        let e = o.from_reader(&bad_value[..]).unwrap_err();
        assert_eq!(e.line(), Some(301), "block {block}: {e}");
        assert!(
            matches!(e.kind(), ErrorKind::Convert { .. }),
            "block {block}: {e}"
        );
        let e = o.from_reader(&bad_byte[..]).unwrap_err();
        assert_eq!(e.line(), Some(301), "block {block}: {e}");
        assert!(
            matches!(e.kind(), ErrorKind::Encoding { .. }),
            "block {block}: {e}"
        );
        // max_rows stops before either.
        let a = o.clone().max_rows(300).from_reader(&bad_value[..]).unwrap();
        assert_eq!(a.shape(), &[300, 2]);
    }
}

/// Where npio differs from NumPy on purpose.
#[test]
fn documented_differences() {
    // A UTF-8 byte-order mark is skipped (NumPy reads it into the first
    // field and fails: numpy#18861).
    let a = LoadTxt::new().from_str("\u{feff}1 2\n3 4").unwrap();
    assert_eq!(a.shape(), &[2, 2]);
    // Exactly one mark is skipped, whichever way the text arrives.
    let mut o = LoadTxt::new();
    o.dtype_descr("U");
    let text = "\u{feff}\u{feff}e";
    assert_eq!(
        o.from_str(text).unwrap(),
        o.from_reader(text.as_bytes()).unwrap()
    );
    assert_eq!(
        o.from_str(text).unwrap().to_strings().unwrap(),
        ["\u{feff}e"]
    );
    // Lone carriage returns end lines, as in a text file.
    let a = LoadTxt::new().from_str("1\r2\r3").unwrap();
    assert_eq!(a.shape(), &[3]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn chunked_parse_equals_single_threaded(
        rows in prop::collection::vec(prop::collection::vec(-1e6f64..1e6, 3), 0..60),
        chunk in 1usize..200,
        blank_every in 1usize..10,
    ) {
        let mut text = String::new();
        for (i, r) in rows.iter().enumerate() {
            if i % blank_every == 0 {
                text.push_str("# comment\n\n");
            }
            text.push_str(&format!("{:?},{:?},{:?}\n", r[0], r[1], r[2]));
        }
        let single = LoadTxt::new().delimiter(Some(',')).parallel(false).from_str(&text).unwrap();
        let chunked = LoadTxt::new().delimiter(Some(',')).chunk_bytes(chunk).from_str(&text).unwrap();
        prop_assert_eq!(&single, &chunked);
        let values: Vec<f64> = rows.iter().flatten().copied().collect();
        let got: Vec<f64> = single.values().map(|v| match v { Value::Float(f) => f, _ => f64::NAN }).collect();
        prop_assert_eq!(got, values);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn streamed_blocks_equal_whole_text(
        lines in prop::collection::vec(
            prop_oneof![
                (0i32..1000, 0i32..1000).prop_map(|(a, b)| format!("{a} {b}")),
                Just("# comment".to_string()),
                Just(String::new()),
                Just("7 x".to_string()),
                Just("1 2 3".to_string()),
            ],
            0..40,
        ),
        crlf in any::<bool>(),
        block in 1usize..64,
        skip in 0usize..4,
        max_rows in prop::option::of(0usize..10),
    ) {
        let sep = if crlf { "\r\n" } else { "\n" };
        let text = lines.join(sep);
        let mut opts = LoadTxt::new();
        opts.skiprows(skip).chunk_bytes(7);
        if let Some(m) = max_rows {
            opts.max_rows(m);
        }
        let whole = opts.from_str(&text);
        let streamed = opts.clone().block_bytes(block).from_reader(text.as_bytes());
        match (whole, streamed) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.line(), b.line());
                prop_assert_eq!(a.to_string(), b.to_string());
            }
            (a, b) => prop_assert!(false, "whole {:?} vs streamed {:?}", a.map(|x| x.shape().to_vec()), b.map(|x| x.shape().to_vec())),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Converting straight to an .npy file gives the bytes np.save would
    /// write for the array read into memory (or the same error, and no
    /// file), whatever the shape: no rows, one row, one column, ndmin.
    #[test]
    fn npy_file_equals_saved_array(
        rows in prop::collection::vec(
            prop_oneof![
                8 => prop::collection::vec(-50i32..50, 1..4),
                1 => Just(vec![]),
            ],
            0..12,
        ),
        cols in 1usize..4,
        ragged in any::<bool>(),
        block in 1usize..48,
        ndmin in 0u8..3,
        max_rows in prop::option::of(0usize..4),
        descr in prop::sample::select(vec!["<f8", "<i2", ">u4", "[('a', '<i4'), ('b', '<f4')]"]),
    ) {
        let text: String = rows
            .iter()
            .map(|r| {
                let n = if ragged { r.len() } else { cols };
                let vals: Vec<String> = (0..n).map(|k| r.get(k).copied().unwrap_or(7).abs().to_string()).collect();
                if r.is_empty() { "# none\n".to_string() } else { vals.join(" ") + "\n" }
            })
            .collect();
        let mut opts = LoadTxt::new();
        opts.dtype_descr(descr).ndmin(ndmin).block_bytes(block).chunk_bytes(5);
        if let Some(m) = max_rows {
            opts.max_rows(m);
        }
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.npy");
        let streamed = opts.npy_from_reader(text.as_bytes(), &out);
        match opts.from_reader(text.as_bytes()) {
            Ok(a) => {
                let header = streamed.unwrap();
                prop_assert_eq!(&header, a.header());
                let mut want = Vec::new();
                a.write_npy(&mut want).unwrap();
                prop_assert_eq!(std::fs::read(&out).unwrap(), want);
            }
            Err(e) => {
                prop_assert_eq!(streamed.unwrap_err().to_string(), e.to_string());
                prop_assert!(!out.exists());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Quoted text read from a reader in blocks of any size (records cut
    /// anywhere, inside quotes included) reads as the whole text does.
    #[test]
    fn quoted_blocks_equal_whole_text(
        records in prop::collection::vec(
            prop::collection::vec(
                prop_oneof![
                    (0i32..100).prop_map(|v| v.to_string()),
                    (0i32..100).prop_map(|v| format!("\"{v}\"")),
                    Just("\"1,5\"".to_string()),
                    Just("\"2\n\"".to_string()),
                    Just("\"3\r\n\"".to_string()),
                    Just("\"\"\"4\"".to_string()),
                    Just("\"5#x\"".to_string()),
                    Just("x".to_string()),
                    Just("\"open".to_string()),
                ],
                1..4,
            ),
            0..12,
        ),
        ends in prop::collection::vec(prop::sample::select(vec!["\n", "\r\n", "\r", " # c\n"]), 12),
        block in 1usize..40,
        skip in 0usize..3,
        max_rows in prop::option::of(0usize..6),
        dtype in prop::sample::select(vec!["<f8", "U3"]),
    ) {
        let text: String = records
            .iter()
            .zip(&ends)
            .map(|(r, end)| r.join(",") + end)
            .collect();
        let mut opts = LoadTxt::new();
        opts.delimiter(Some(',')).quotechar(Some('"')).skiprows(skip).dtype_descr(dtype);
        if let Some(m) = max_rows {
            opts.max_rows(m);
        }
        let whole = opts.from_str(&text);
        let streamed = opts.clone().block_bytes(block).from_reader(text.as_bytes());
        match (whole, streamed) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "whole {:?} vs streamed {:?}", a.map(|x| x.shape().to_vec()), b.map(|x| x.shape().to_vec())),
        }
    }
}

/// What the errors say, in NumPy's terms, and which comes first: a bad
/// option is reported before a missing file, as NumPy reports it.
#[test]
fn messages_and_the_order_of_checks() {
    let three = "[('a', '<i4'), ('b', '<i4'), ('c', '<i4')]";
    let err = LoadTxt::new()
        .dtype_descr(three)
        .from_str("1 2 3\n4 5 6 7\n")
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::FieldCount {
                line: 2,
                fields: 3,
                found: 4
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "line 2: the dtype passed requires 3 columns but 4 were found (use usecols to select a subset)"
    );
    let err = LoadTxt::new().from_str("1 2 3\n4 5 6 7\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("the number of columns changed from 3 to 4"),
        "{err}"
    );
    let err = LoadTxt::new()
        .dtype_descr(three)
        .usecols(&[0, 1])
        .from_str("1 2 3\n")
        .unwrap_err();
    assert!(err.to_string().contains("2 usecols for 3 fields"), "{err}");
    let missing = std::path::Path::new("/no/such/file.txt");
    let err = LoadTxt::new().ndmin(3).from_path(missing).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidOption { .. }),
        "{err}"
    );
    let out = tempfile::tempdir().unwrap();
    let err = LoadTxt::new()
        .ndmin(3)
        .npy_from_path(missing, out.path().join("o.npy"))
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidOption { .. }),
        "{err}"
    );
    let err = delimited_text::GenFromTxt::new()
        .ndmin(3)
        .from_path(missing)
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidOption { .. }),
        "{err}"
    );
}
