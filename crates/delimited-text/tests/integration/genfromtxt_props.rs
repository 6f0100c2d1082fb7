//! Property tests of genfromtxt: name cleaning and type inference (also
//! against NumPy, in batches), and the streaming conversion.

use crate::common::Rng;
use delimited_text::npy_format::{NpyArray, Value};
use delimited_text::{Case, DEFAULT_DELETECHARS, GenFromTxt};
use proptest::prelude::*;
use serde_json::{Value as Json, json};

fn field_names(a: &NpyArray) -> Vec<String> {
    a.dtype()
        .as_record()
        .map(|r| r.fields().iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default()
}

fn infer(text: &str) -> NpyArray {
    GenFromTxt::new()
        .dtype_infer()
        .delimiter(",")
        .from_str(text)
        .unwrap()
        .array
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Cleaned names: one per column, none empty, no deleted character,
    /// no space when spaces are replaced, cased as asked, distinct when
    /// no given name already looks like a suffixed repeat.
    #[test]
    fn cleaned_names(
        names in prop::collection::vec("[a-cA-C _.#\"-]{0,4}", 1..6),
        case in 0u8..3,
    ) {
        let mut g = GenFromTxt::new();
        g.names(&names[..]).case_sensitive(match case {
            0 => Case::Keep,
            1 => Case::Upper,
            _ => Case::Lower,
        });
        let row = vec!["1"; names.len()].join(" ");
        let out = g.from_str(&row);
        let Ok(out) = out else {
            // Only a clash with an already suffixed name may fail.
            return Ok(());
        };
        let got = field_names(&out.array);
        prop_assert_eq!(got.len(), names.len());
        for n in &got {
            prop_assert!(!n.is_empty());
            prop_assert!(!n.chars().any(|c| DEFAULT_DELETECHARS.contains(c) || c == '"'), "{}", n);
            match case {
                1 => prop_assert_eq!(n.to_uppercase(), n.clone()),
                2 => prop_assert_eq!(n.to_lowercase(), n.clone()),
                _ => {}
            }
        }
        let mut sorted = got.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(sorted.len(), got.len());
    }

    /// A column's inferred type does not depend on the order of its rows,
    /// and adding a value of that type does not change it.
    #[test]
    fn inference_ignores_order(
        values in prop::collection::vec(
            prop_oneof![
                Just("True".to_string()), Just("false".to_string()), Just(String::new()),
                (-1000i64..1000).prop_map(|v| v.to_string()),
                (-1e6f64..1e6).prop_map(|v| format!("{v:?}")),
                Just("1+2j".to_string()), Just("nan".to_string()), Just("x".to_string()),
            ],
            1..12,
        ),
        seed in any::<u64>(),
    ) {
        let col = values.join("\n");
        let a = infer(&col);
        let mut shuffled = values.clone();
        let mut rng = Rng(seed);
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let b = infer(&shuffled.join("\n"));
        prop_assert_eq!(a.dtype(), b.dtype());
        let descr = a.dtype().descr_repr();
        let sample = match descr.as_str() {
            "'<i8'" => "7",
            "'<f8'" => "0.5",
            "'<c16'" => "1j",
            _ => return Ok(()),
        };
        let c = infer(&format!("{col}\n{sample}"));
        prop_assert_eq!(c.dtype().descr_repr(), descr);
    }

    /// Floats and integers come back exactly, as float64 and int64.
    #[test]
    fn numbers_round_trip(
        floats in prop::collection::vec(any::<f64>().prop_filter("finite", |x| x.is_finite()), 1..20),
        ints in prop::collection::vec(any::<i64>(), 1..20),
    ) {
        let text: String = floats.iter().map(|x| format!("{x:?}\n")).collect();
        let a = infer(&text);
        prop_assert_eq!(a.dtype().descr_repr(), "'<f8'");
        let got: Vec<f64> = a.values().map(|v| match v { Value::Float(f) => f, _ => f64::NAN }).collect();
        prop_assert_eq!(got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), floats.iter().map(|x| x.to_bits()).collect::<Vec<_>>());
        let text: String = ints.iter().map(|x| format!("{x}\n")).collect();
        let b = infer(&text);
        prop_assert_eq!(b.dtype().descr_repr(), "'<i8'");
        let got: Vec<i64> = b.values().map(|v| match v { Value::Int(i) => i, _ => 0 }).collect();
        prop_assert_eq!(got, ints);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The streaming conversion, in blocks of any size, writes what
    /// from_str returns.
    #[test]
    fn streamed_conversion_equals_whole_text(
        lines in prop::collection::vec(
            prop_oneof![
                (0i32..1000, -5.0f64..5.0).prop_map(|(a, b)| format!("{a},{b}")),
                Just("# comment".to_string()),
                Just(String::new()),
                Just("7,".to_string()),
                Just("x,1e3".to_string()),
                Just("1,2,3".to_string()),
            ],
            0..30,
        ),
        crlf in any::<bool>(),
        block in 1usize..48,
        footer in 0usize..3,
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let mut g = GenFromTxt::new();
        g.dtype_infer().delimiter(",").invalid_raise(false).block_bytes(block).chunk_bytes(block / 3 + 1);
        if footer > 0 {
            g.skip_footer(footer);
        }
        let dir = tempfile::tempdir().unwrap();
        let (src, dst) = (dir.path().join("in.txt"), dir.path().join("out.npy"));
        std::fs::write(&src, &text).unwrap();
        let whole = g.usemask(true).from_str(&text).unwrap();
        let mask_path = dir.path().join("mask.npy");
        let summary = g.convert_path_with_mask(&src, &dst, &mask_path).unwrap();
        let back: NpyArray = delimited_text::npy_format::read_npy(&dst).unwrap();
        prop_assert_eq!(back, whole.array);
        let mask: NpyArray = delimited_text::npy_format::read_npy(&mask_path).unwrap();
        prop_assert_eq!(Some(mask), whole.mask);
        prop_assert_eq!(summary.warnings, whole.warnings);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Parsing in pieces on every core gives the serial result, errors
    /// included.
    #[test]
    fn parallel_equals_serial(
        lines in prop::collection::vec(
            prop_oneof![
                (0i32..1000, -5.0f64..5.0).prop_map(|(a, b)| format!("{a};{b}")),
                Just("# c".to_string()),
                Just(String::new()),
                Just("N/A;".to_string()),
                Just("x;1e3".to_string()),
                Just("1;2;3".to_string()),
                Just("True;j".to_string()),
            ],
            0..40,
        ),
        crlf in any::<bool>(),
        chunk in 1usize..64,
        names in any::<bool>(),
        raise in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let mut g = GenFromTxt::new();
        g.dtype_infer().delimiter(";").missing_values_all(&["N/A"]).usemask(true)
            .invalid_raise(raise).names(names).chunk_bytes(chunk);
        let parallel = g.from_str(&text);
        let serial = g.parallel(false).from_str(&text);
        match (parallel, serial) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "parallel {:?} serial {:?}", a.map(|_| ()), b.map(|_| ())),
        }
    }
}

/// Random name lists and option sets cleaned by NumPy's NameValidator
/// and by npio, compared in one batch.
#[test]
fn name_cleaning_matches_numpy() {
    let mut rng = Rng(7);
    let pieces = [
        "a", "B", " ", "_", ".", "x y", "return", "file", "1", "é", "-", "a_1", "\"", "",
    ];
    let mut cases = Vec::new();
    for _ in 0..300 {
        let n = 1 + rng.below(5) as usize;
        let names: Vec<String> = (0..n)
            .map(|_| (0..rng.below(3)).map(|_| *rng.pick(&pieces)).collect())
            .collect();
        cases.push(json!({
            "names": names,
            "case": *rng.pick(&["keep", "upper", "lower"]),
            "replace_space": *rng.pick(&["_", "", "-"]),
            "deletechars": *rng.pick(&[Json::Null, json!(""), json!(".a")]),
            "excludelist": *rng.pick(&[Json::Null, json!(["B", "x"])]),
        }));
    }
    let script = r#"
import json, sys
from numpy.lib._iotools import NameValidator
out = []
for c in json.loads(sys.stdin.read() if False else open(sys.argv[1]).read()):
    case = {"keep": True, "upper": "upper", "lower": "lower"}[c["case"]]
    v = NameValidator(excludelist=c["excludelist"], deletechars=c["deletechars"],
                      case_sensitive=case, replace_space=c["replace_space"])
    out.append(list(v(c["names"])))
print(json.dumps(out))
"#;
    let spec_text = serde_json::to_string(&cases).unwrap();
    let answers = crate::common::numpy_answers(
        "genfromtxt_names",
        &[script.as_bytes(), spec_text.as_bytes()],
        || {
            let dir = tempfile::tempdir().unwrap();
            let spec = dir.path().join("names.json");
            std::fs::write(&spec, &spec_text).unwrap();
            let out = crate::common::run_python(script, &[spec.to_str().unwrap()]);
            serde_json::from_str(&out).unwrap()
        },
    );
    let numpy: Vec<Vec<String>> = serde_json::from_value(answers).unwrap();
    let mut problems = Vec::new();
    for (c, want) in cases.iter().zip(numpy) {
        let names: Vec<String> = serde_json::from_value(c["names"].clone()).unwrap();
        let mut g = GenFromTxt::new();
        g.dtype_infer()
            .names(&names[..])
            .replace_space(c["replace_space"].as_str().unwrap());
        g.case_sensitive(match c["case"].as_str().unwrap() {
            "upper" => Case::Upper,
            "lower" => Case::Lower,
            _ => Case::Keep,
        });
        if let Some(d) = c["deletechars"].as_str() {
            g.deletechars(d);
        }
        if let Some(list) = c["excludelist"].as_array() {
            let l: Vec<&str> = list.iter().map(|x| x.as_str().unwrap()).collect();
            g.excludelist(&l);
        }
        let row = vec!["1"; names.len()].join(" ");
        let mut distinct = want.clone();
        distinct.sort();
        distinct.dedup();
        match g.from_str(&row) {
            Ok(out) => {
                let got = field_names(&out.array);
                if got != want {
                    problems.push(format!("{c}: npio {got:?}, numpy {want:?}"));
                }
            }
            // Repeated names after cleaning fail in NumPy's dtype too.
            Err(_) if distinct.len() < want.len() => {}
            Err(e) => problems.push(format!("{c}: npio failed ({e}), numpy {want:?}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Random columns of mixed tokens typed by NumPy's dtype=None and by
/// npio, compared in one batch (through the corpus runner).
#[test]
fn inference_matches_numpy_on_random_columns() {
    let mut rng = Rng(11);
    let tokens = [
        "True",
        "FALSE",
        "1",
        "-7",
        "+3",
        "1_000",
        " 4 ",
        "2.5",
        "1e3",
        "-inf",
        "NaN",
        ".5",
        "1+2j",
        "j",
        "(1-1j)",
        "",
        "N/A",
        "x",
        "1e400",
        "99999999999999999999",
        "0",
    ];
    let mut cases = Vec::new();
    for i in 0..300 {
        let rows = 1 + rng.below(6) as usize;
        let cols = 1 + rng.below(3) as usize;
        let text: String = (0..rows)
            .map(|_| {
                (0..cols)
                    .map(|_| *rng.pick(&tokens))
                    .collect::<Vec<_>>()
                    .join(",")
                    + "\n"
            })
            .collect();
        let mut c = json!({"name": format!("i{i:03}.txt"), "dtype": null, "delimiter": ","});
        if rng.below(3) == 0 {
            c["missing"] = json!("N/A,x");
        }
        if rng.below(3) == 0 {
            c["usemask"] = json!(true);
        }
        if rng.below(4) == 0 {
            c["names"] = json!("a,b,c");
        }
        cases.push((text, c));
    }
    let (ok, _err) = crate::genfromtxt::assert_agree("genfromtxt_inference", &cases);
    assert!(ok > 200, "{ok}");
}

/// With errors in several pieces, the first in the file is reported, as
/// in a serial pass.
#[test]
fn parallel_reports_the_first_error() {
    let mut text = String::new();
    for i in 0..2000 {
        text.push_str(if i == 3 || i == 1500 { "x\n" } else { "1\n" });
    }
    let mut g = GenFromTxt::new();
    g.loose(false).chunk_bytes(16);
    for _ in 0..10 {
        assert_eq!(g.from_str(&text).unwrap_err().line(), Some(4));
    }
}

/// A file of many blocks, streamed in parallel pieces, gives the array
/// and mask from_str gives; so does a gzip copy.
#[test]
fn streaming_many_blocks() {
    let mut rng = Rng(3);
    let mut text = String::from("# id, x, label, flag\n");
    for i in 0..40_000 {
        let x = if rng.below(50) == 0 {
            String::new()
        } else {
            format!("{:.6}", rng.next() as f64 / 1e6)
        };
        let label = ["alpha", "b", "gamma delta", "N/A"][rng.below(4) as usize];
        let flag = if rng.below(2) == 0 { "True" } else { "false" };
        text.push_str(&format!("{i}, {x}, {label}, {flag}\n"));
        if i % 997 == 0 {
            text.push_str("# comment\n\n");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("big.csv");
    std::fs::write(&src, &text).unwrap();
    let mut g = GenFromTxt::new();
    g.delimiter(",")
        .dtype_infer()
        .names(true)
        .autostrip(true)
        .missing_values_all(&["N/A"])
        .usemask(true)
        .block_bytes(64 << 10)
        .chunk_bytes(16 << 10);
    let whole = g.from_str(&text).unwrap();
    assert_eq!(
        whole.array.dtype().descr_repr(),
        "[('id', '<i8'), ('x', '<f8'), ('label', '<U11'), ('flag', '|b1')]"
    );
    assert_eq!(whole, g.clone().parallel(false).from_str(&text).unwrap());
    let (dst, mask) = (dir.path().join("v.npy"), dir.path().join("m.npy"));
    let summary = g.convert_path_with_mask(&src, &dst, &mask).unwrap();
    assert_eq!(summary.rows, 40_000);
    let back: NpyArray = delimited_text::npy_format::read_npy(&dst).unwrap();
    assert_eq!(back, whole.array);
    let m: NpyArray = delimited_text::npy_format::read_npy(&mask).unwrap();
    assert_eq!(Some(m), whole.mask);
}

/// Numeric text as files hold it, with the odd thing only genfromtxt's own
/// passes read (empty fields, `1_0`, ragged rows, non-ASCII spaces).
fn numeric_text() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        6 => any::<i32>().prop_map(|v| v.to_string()),
        6 => any::<f64>().prop_map(|v| format!("{v:e}")),
        3 => (any::<i16>(), 0u32..99, -30i32..30).prop_map(|(m, p, e)| format!("{m}.{p}e{e}")),
        2 => prop::sample::select(vec![
            "1.", ".5", "-0", "+7", "nan", "-inf", "Infinity", "1_0", "", " ", " 3 ", "\u{a0}4",
            "9223372036854775808", "1e400", "00012", "x", "0x10", "1,5",
        ])
        .prop_map(String::from),
    ];
    let line = prop::collection::vec(field, 0..4).prop_flat_map(|fields| {
        prop::sample::select(vec![" ", ",", "\t", "  "]).prop_map(move |sep| fields.join(sep))
    });
    prop::collection::vec(
        (
            line,
            prop::sample::select(vec!["\n", "\r\n", "\r", " # c\n", "\n\n"]),
        ),
        0..8,
    )
    .prop_map(|lines| lines.into_iter().map(|(l, end)| l + end).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Clean numeric input may go through loadtxt's parse; whatever the
    /// text, the result (array, mask, warnings) or the error is the one
    /// genfromtxt's own passes give.
    #[test]
    fn plain_path_equals_genfromtxt_passes(
        text in numeric_text(),
        descr in prop::sample::select(vec!["<f8", ">f4", "<f2", "<i8", "<i4", ">i2", "i1", "<u8", "u1"]),
        delimiter in prop::sample::select(vec!["", ",", "\t", " "]),
        skip_header in 0usize..3,
        ndmin in 0u8..3,
        comments in prop::sample::select(vec![Some("#"), None]),
    ) {
        let mut g = GenFromTxt::new();
        g.dtype_descr(descr);
        g.delimiter(delimiter).skip_header(skip_header).ndmin(ndmin).comments(comments).chunk_bytes(9);
        let plain = g.from_str(&text).map_err(|e| e.to_string());
        let passes = g.clone().plain_path(false).from_str(&text).map_err(|e| e.to_string());
        prop_assert_eq!(&plain, &passes);
        // The same through files, and straight to .npy.
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("in.txt");
        std::fs::write(&src, &text).unwrap();
        let plain = g.from_path(&src).map_err(|e| e.to_string());
        prop_assert_eq!(&plain, &passes);
        let (a, b) = (dir.path().join("a.npy"), dir.path().join("b.npy"));
        let sa = g.convert_path(&src, &a).map_err(|e| e.to_string());
        let sb = g.clone().plain_path(false).convert_path(&src, &b).map_err(|e| e.to_string());
        prop_assert_eq!(&sa, &sb);
        if sa.is_ok() {
            prop_assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        }
    }
}

/// A messy column's field: mostly its kind, now and then something that
/// upgrades the column, or a missing value.
fn messy_field(kind: u8) -> impl Strategy<Value = String> {
    let usual: BoxedStrategy<String> = match kind {
        0 => prop::sample::select(vec!["True", "false", "TRUE"])
            .prop_map(String::from)
            .boxed(),
        1 => any::<i64>().prop_map(|v| (v >> 20).to_string()).boxed(),
        2 => any::<f64>().prop_map(|v| format!("{v:e}")).boxed(),
        _ => prop_oneof![
            prop::sample::select(vec!["abc", "héllo", "x y", "Z"]).prop_map(String::from),
            (100usize..300).prop_map(|n| "é".repeat(n)),
        ]
        .boxed(),
    };
    prop_oneof![
        20 => usual,
        2 => Just(String::new()),
        1 => prop::sample::select(vec![
            " ", "N/A", "-", "7", "2.5", "1e3", "True", "nan", "2j", "x", " 3 ",
            "9223372036854775808", "0",
        ])
        .prop_map(String::from),
    ]
}

/// A comma-separated file of one to eleven messy columns, with a header,
/// and the odd line: blank, spaces only, a comment, spaces or a comma
/// around the data, a field too many or too few; lines end in `\n`,
/// `\r\n` or `\r`.
fn messy_csv() -> impl Strategy<Value = String> {
    prop::collection::vec(0u8..4, 1..12).prop_flat_map(|kinds| {
        let header: Vec<String> = (0..kinds.len()).map(|c| format!("c{c}")).collect();
        let row = kinds
            .iter()
            .map(|&k| messy_field(k))
            .collect::<Vec<_>>()
            .prop_map(|fields| fields.join(","));
        let line = (
            row,
            prop::sample::select(vec![
                "", "", "", "", " # note", "  ", ",1", "\n  ", "\n#x", ",",
            ]),
            prop::sample::select(vec!["\n", "\n", "\n", "\r\n", "\r"]),
            prop::sample::select(vec!["", "", "", "", " ", ","]),
        )
            .prop_map(|(row, tail, end, lead)| {
                let row = if tail == ",1" && row.contains(',') {
                    row.split(',').skip(1).collect::<Vec<_>>().join(",")
                } else {
                    row
                };
                format!("{lead}{row}{tail}{end}")
            });
        prop::collection::vec(line, 0..40)
            .prop_map(move |lines| format!("{}\n{}", header.join(","), lines.concat()))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// dtype=None reads in one pass where it can; whatever the text and
    /// options, the result (array and warnings) or the error is the one
    /// the two passes give, delimited or whitespace-separated.
    #[test]
    fn one_pass_inference_equals_two_passes(
        text in messy_csv(),
        names in any::<bool>(),
        missing in prop::sample::select(vec![None, Some("N/A"), Some("0"), Some("-")]),
        fill in prop::sample::select(vec![None, Some(0i64), Some(7)]),
        autostrip in any::<bool>(),
        invalid_raise in any::<bool>(),
        chunk in prop::sample::select(vec![9usize, 40, 1 << 17]),
        max_output in prop::sample::select(vec![1u64 << 30, 300]),
        sep in prop::sample::select(vec![",", "\t", " ", "\u{a0}"]),
    ) {
        let mut g = GenFromTxt::new();
        g.dtype_infer().autostrip(autostrip).invalid_raise(invalid_raise);
        // Commas, tabs, or whitespace (with a non-ASCII space now and then).
        let text = text.replace(',', sep);
        if sep == "," || sep == "\t" {
            g.delimiter(sep);
        }
        g.chunk_bytes(chunk).max_output_bytes(max_output);
        if names {
            g.names(true);
        } else {
            g.skip_header(1);
        }
        if let Some(m) = missing {
            g.missing_values_all(&[m]);
        }
        if let Some(f) = fill {
            g.filling_values_all(f);
        }
        let one = g.from_str(&text).map_err(|e| e.to_string());
        let two = g.clone().plain_path(false).from_str(&text).map_err(|e| e.to_string());
        prop_assert_eq!(&one, &two);
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("in.csv");
        std::fs::write(&src, &text).unwrap();
        let one = g.block_bytes(64).from_path(&src).map_err(|e| e.to_string());
        prop_assert_eq!(&one, &two);
        // A reader's text past spool_bytes goes through a temporary file.
        let spooled = g
            .spool_bytes(text.len() / 2)
            .from_reader(text.as_bytes())
            .map_err(|e| e.to_string());
        prop_assert_eq!(&spooled, &two);
    }
}
