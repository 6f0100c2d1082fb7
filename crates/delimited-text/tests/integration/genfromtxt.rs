//! genfromtxt against live NumPy: a generated corpus of messy files and
//! option sets, and the behaviours NumPy's own TestFromTxt checks, each
//! with the same dtype (inferred records included), shape, values
//! (NaN-aware) and mask, and an error exactly where NumPy errors.

use crate::common::{PY_ZERO_PADDING, Rng, array_from_hex, numpy_results, same_values};
use delimited_text::{Case, Col, Delimiter, Fill, GenFromTxt, Names, Warning};
use serde_json::{Value as Json, json};

/// Runs np.genfromtxt on every case; each result is the array's descr,
/// shape and bytes (and the mask's), or the error.
const NUMPY_GENFROMTXT: &str = r#"
import json, sys, os, warnings
import numpy as np
from numpy.lib import format as fmt
warnings.simplefilter("ignore")
cases = json.load(open(sys.argv[1]))
out = []
def key(k):
    return None if k == "*" else (int(k) if k.lstrip("-").isdigit() else k)
for c in cases:
    kw = {}
    dt = c.get("dtype", "float")
    if dt is None:
        kw["dtype"] = None
    elif dt == "float":
        pass
    else:
        kw["dtype"] = np.dtype(eval(dt)) if dt.startswith("[") else np.dtype(dt)
    for k in ["comments", "skip_header", "skip_footer", "max_rows", "names", "autostrip",
              "loose", "invalid_raise", "usemask", "ndmin", "replace_space", "deletechars",
              "defaultfmt", "excludelist", "unpack"]:
        if k in c:
            kw[k] = c[k]
    if "delimiter" in c:
        d = c["delimiter"]
        kw["delimiter"] = tuple(d) if isinstance(d, list) else d
    if "case" in c:
        kw["case_sensitive"] = c["case"]
    if "usecols" in c:
        kw["usecols"] = tuple(c["usecols"])
    if "missing" in c:
        m = c["missing"]
        kw["missing_values"] = {key(k): v for k, v in m.items()} if isinstance(m, dict) else m
    if "filling" in c:
        f = c["filling"]
        kw["filling_values"] = {key(k): v for k, v in f.items()} if isinstance(f, dict) else f
    try:
        enc = c.get("encoding", "utf-8")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            a = np.genfromtxt(os.path.join(sys.argv[2], c["name"]), encoding=enc, **kw)
        r = {"ok": True, "descr": repr(fmt.dtype_to_descr(a.dtype)), "shape": list(a.shape),
             "hex": zero_padding(a),
             "empty": sum("Empty input file" in str(w.message) for w in caught)}
        if c.get("usemask"):
            m = np.ma.getmaskarray(a)
            r["mask_descr"] = repr(fmt.dtype_to_descr(m.dtype))
            r["mask_hex"] = np.ascontiguousarray(m).tobytes().hex()
        out.append(r)
    except Exception as e:
        out.append({"ok": False, "error": "%s: %s" % (type(e).__name__, e)})
json.dump(out, open(sys.argv[3], "w"))
print(len(out))
"#;

/// The options of a case, as npio's builder.
fn options(c: &Json) -> GenFromTxt {
    let mut o = GenFromTxt::new();
    match c.get("dtype") {
        Some(Json::Null) => {
            o.dtype_infer();
        }
        Some(Json::String(d)) if d != "float" => {
            o.dtype_descr(d);
        }
        _ => {}
    }
    if let Some(d) = c.get("delimiter") {
        match d {
            Json::Null => o.delimiter_kind(Delimiter::Whitespace),
            Json::String(s) => o.delimiter(s),
            Json::Number(n) => o.delimiter_kind(Delimiter::Width(n.as_u64().unwrap() as usize)),
            Json::Array(a) => o.delimiter_kind(Delimiter::Widths(
                a.iter().map(|x| x.as_u64().unwrap() as usize).collect(),
            )),
            _ => unreachable!(),
        };
    }
    if let Some(name) = c.get("encoding").and_then(|e| e.as_str()) {
        o.encoding(delimited_text::Encoding::from_name(name).unwrap());
    }
    if let Some(cm) = c.get("comments") {
        o.comments(cm.as_str());
    }
    let num = |k: &str| c.get(k).and_then(|v| v.as_u64()).map(|v| v as usize);
    if let Some(n) = num("skip_header") {
        o.skip_header(n);
    }
    if let Some(n) = num("skip_footer") {
        o.skip_footer(n);
    }
    if let Some(n) = num("max_rows") {
        o.max_rows(n);
    }
    if let Some(n) = num("ndmin") {
        o.ndmin(n as u8);
    }
    let flag = |k: &str| c.get(k).and_then(|v| v.as_bool());
    if let Some(b) = flag("autostrip") {
        o.autostrip(b);
    }
    if let Some(b) = flag("loose") {
        o.loose(b);
    }
    if let Some(b) = flag("invalid_raise") {
        o.invalid_raise(b);
    }
    if let Some(b) = flag("usemask") {
        o.usemask(b);
    }
    if let Some(b) = flag("unpack") {
        o.unpack(b);
    }
    match c.get("names") {
        Some(Json::Bool(true)) => {
            o.names(Names::Header);
        }
        Some(Json::String(s)) => {
            o.names(s.as_str());
        }
        Some(Json::Array(a)) => {
            let v: Vec<&str> = a.iter().map(|x| x.as_str().unwrap()).collect();
            o.names(&v[..]);
        }
        _ => {}
    }
    if let Some(Json::String(s)) = c.get("case") {
        o.case_sensitive(if s == "upper" {
            Case::Upper
        } else {
            Case::Lower
        });
    }
    if let Some(s) = c.get("replace_space").and_then(|v| v.as_str()) {
        o.replace_space(s);
    }
    if let Some(s) = c.get("deletechars").and_then(|v| v.as_str()) {
        o.deletechars(s);
    }
    if let Some(s) = c.get("defaultfmt").and_then(|v| v.as_str()) {
        o.defaultfmt(s);
    }
    if let Some(Json::Array(a)) = c.get("excludelist") {
        let v: Vec<&str> = a.iter().map(|x| x.as_str().unwrap()).collect();
        o.excludelist(&v);
    }
    if let Some(Json::Array(a)) = c.get("usecols") {
        let cols: Vec<Col> = a
            .iter()
            .map(|x| match x {
                Json::String(s) => Col::from(s.as_str()),
                n => Col::Index(n.as_i64().unwrap() as isize),
            })
            .collect();
        o.usecols(&cols);
    }
    let key = |k: &str| -> Col {
        match k.parse::<isize>() {
            Ok(i) => Col::Index(i),
            Err(_) => Col::from(k),
        }
    };
    match c.get("missing") {
        Some(Json::String(s)) => {
            let parts: Vec<&str> = s.split(',').collect();
            o.missing_values_all(&parts);
        }
        Some(Json::Array(a)) => {
            let v: Vec<&str> = a.iter().map(|x| x.as_str().unwrap()).collect();
            o.missing_values_per_column(&v);
        }
        Some(Json::Object(m)) => {
            for (k, v) in m {
                let vals: Vec<&str> = match v {
                    Json::Array(a) => a.iter().map(|x| x.as_str().unwrap()).collect(),
                    s => vec![s.as_str().unwrap()],
                };
                if k == "*" {
                    o.missing_values_all(&vals);
                } else {
                    o.missing_values(key(k), &vals);
                }
            }
        }
        _ => {}
    }
    let fill = |v: &Json| -> Fill {
        match v {
            Json::Number(n) if n.is_i64() => Fill::Int(n.as_i64().unwrap()),
            Json::Number(n) => Fill::Float(n.as_f64().unwrap()),
            Json::String(s) => Fill::from(s.as_str()),
            Json::Bool(b) => Fill::Bool(*b),
            _ => unreachable!(),
        }
    };
    match c.get("filling") {
        Some(Json::Array(a)) => {
            o.filling_values_per_column(a.iter().map(fill).collect());
        }
        Some(Json::Object(m)) => {
            for (k, v) in m {
                if k == "*" {
                    o.filling_values_all(fill(v));
                } else {
                    o.filling_values(key(k), fill(v));
                }
            }
        }
        Some(v) => {
            o.filling_values_all(fill(v));
        }
        None => {}
    }
    o
}

/// A change of path, as a change of options.
type Tweak = fn(&mut GenFromTxt);

/// The ways through the reader besides the default, each of which must
/// give the default's answer.
const PATHS: &[(&str, Tweak)] = &[
    ("without loadtxt's parse", |o| {
        o.plain_path(false);
    }),
    ("serial", |o| {
        o.parallel(false);
    }),
    ("small blocks and pieces", |o| {
        o.block_bytes(64).chunk_bytes(16);
    }),
];

/// Runs every case through NumPy and npio; the disagreements, and how
/// many cases both loaded and both refused.
fn compare_with_numpy(test: &str, cases: &[(String, Json)]) -> (Vec<String>, usize, usize) {
    let files: Vec<(Vec<u8>, Json)> = cases
        .iter()
        .map(|(text, opts)| {
            let bytes: Vec<u8> = if opts.get("encoding") == Some(&json!("latin1")) {
                text.chars().map(|c| c as u32 as u8).collect()
            } else {
                text.as_bytes().to_vec()
            };
            (bytes, opts.clone())
        })
        .collect();
    let (dir, numpy) = numpy_results(
        test,
        &format!("{PY_ZERO_PADDING}{NUMPY_GENFROMTXT}"),
        &files,
    );
    let (mut agree_ok, mut agree_err) = (0, 0);
    let mut problems = Vec::new();
    for ((text, c), n) in cases.iter().zip(&numpy) {
        let name = c["name"].as_str().unwrap();
        let path = dir.path().join(name);
        let ours = options(c).from_path(&path);
        // Every path gives the same answer: loadtxt's parse for clean
        // numbers off, serial, and tiny blocks and pieces.
        for (what, path_options) in PATHS {
            let mut o = options(c);
            path_options(&mut o);
            let other = o.from_path(&path);
            let same = match (&ours, &other) {
                (Ok(a), Ok(b)) => {
                    same_values(&a.array, &b.array) && a.mask == b.mask && a.warnings == b.warnings
                }
                (Err(e), Err(f)) => e.to_string() == f.to_string(),
                _ => false,
            };
            if !same {
                problems.push(format!(
                    "{name} {c}: {what} differs\n{text:?}\ndefault {:?}\n{what} {:?}",
                    ours.as_ref().map(|o| o.array.shape().to_vec()),
                    other.as_ref().map(|o| o.array.shape().to_vec())
                ));
            }
        }
        match (n["ok"].as_bool().unwrap(), ours) {
            (true, Ok(out)) => {
                let want = array_from_hex(
                    n["descr"].as_str().unwrap(),
                    &n["shape"],
                    n["hex"].as_str().unwrap(),
                );
                let empty = out
                    .warnings
                    .iter()
                    .filter(|w| **w == Warning::EmptyInput)
                    .count();
                if n["empty"] != json!(empty) {
                    problems.push(format!(
                        "{name} {c}: 'Empty input file' warned {empty} times, NumPy {}\n{text:?}",
                        n["empty"]
                    ));
                    continue;
                }
                // One-field records of an explicit dtype go through bytes
                // in NumPy (documented): values may differ.
                let one_field = want
                    .dtype()
                    .as_record()
                    .is_some_and(|r| r.fields().len() == 1);
                if one_field && !c["dtype"].is_null() && out.array.dtype() == want.dtype() {
                    agree_ok += 1;
                    continue;
                }
                let mut same = same_values(&out.array, &want);
                if same && c.get("usemask") == Some(&json!(true)) {
                    let want_mask = array_from_hex(
                        n["mask_descr"].as_str().unwrap(),
                        &n["shape"],
                        n["mask_hex"].as_str().unwrap(),
                    );
                    same = out.mask.as_ref() == Some(&want_mask);
                    if !same {
                        problems.push(format!(
                            "{name} {c}: masks differ\n{text:?}\nnpio {:?}\nnumpy {:?}",
                            out.mask
                                .map(|m| m.values().map(|v| v.to_string()).collect::<Vec<_>>()),
                            want_mask
                                .values()
                                .map(|v| v.to_string())
                                .collect::<Vec<_>>()
                        ));
                        continue;
                    }
                }
                if same {
                    agree_ok += 1;
                } else {
                    problems.push(format!(
                        "{name} {c}: values differ\n{text:?}\nnpio {} {:?} {:?}\nnumpy {} {:?} {:?}",
                        out.array.dtype().descr_repr(),
                        out.array.shape(),
                        out.array.values().take(12).map(|v| v.to_string()).collect::<Vec<_>>(),
                        want.dtype().descr_repr(),
                        want.shape(),
                        want.values().take(12).map(|v| v.to_string()).collect::<Vec<_>>(),
                    ));
                }
            }
            (false, Err(_)) => agree_err += 1,
            (false, Ok(out)) if numpy_bug(n["error"].as_str().unwrap(), &out) => agree_ok += 1,
            (true, Err(e)) => problems.push(format!(
                "{name} {c}: npio failed ({e}), NumPy loaded\n{text:?}"
            )),
            (false, Ok(out)) => problems.push(format!(
                "{name} {c}: NumPy failed ({}), npio loaded {} {:?}\n{text:?}",
                n["error"],
                out.array.dtype().descr_repr(),
                out.array.shape()
            )),
        }
    }
    (problems, agree_ok, agree_err)
}

/// Where NumPy fails and npio, on purpose, does not (documented on
/// `GenFromTxt`).
fn numpy_bug(error: &str, out: &delimited_text::GenFromTxtOutput) -> bool {
    let one_field = out
        .array
        .dtype()
        .as_record()
        .is_some_and(|r| r.fields().len() == 1);
    // A string column whose first decisive value is an integer.
    error.contains("Converting 'np.integer'")
        // A string column left with no rows by skip_footer.
        || error.contains("max() arg is an empty sequence")
        // One-field records go through bytes and fail on missing values.
        || (one_field
            && ["could not convert", "invalid literal", "malformed", "could not assign"]
                .iter()
                .any(|m| error.contains(m)))
        // A record dtype, usecols and fewer names than fields.
        || error.contains("must replace all names at once")
}

pub(crate) fn assert_agree(test: &str, cases: &[(String, Json)]) -> (usize, usize) {
    let (problems, ok, err) = compare_with_numpy(test, cases);
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n\n")
    );
    (ok, err)
}

/// A field of a messy column of this kind.
fn value(rng: &mut Rng, kind: u64) -> String {
    let odd = rng.below(12) == 0;
    if odd {
        return rng
            .pick(&[
                "", "N/A", "-", " ", "x", "1_000", "1e3", "True", "nan", "2j",
            ])
            .to_string();
    }
    match kind {
        0 => rng.pick(&["True", "false", "TRUE", "False"]).to_string(),
        1 => {
            let v = rng.below(2000) as i64 - 1000;
            rng.pick(&[v.to_string(), format!("+{v}"), format!(" {v} ")])
                .clone()
        }
        2 => {
            if rng.below(6) == 0 {
                rng.pick(&[
                    "-inf",
                    "NaN",
                    "1.",
                    ".5",
                    "1e-3",
                    "-0.0",
                    "99999999999999999999",
                ])
                .to_string()
            } else {
                format!("{}", (rng.next() as f64 - 2e9) / 1024.0)
            }
        }
        3 => rng
            .pick(&["1+2j", "(3-4.5j)", "-j", "1e3-1e-3j", "7", "1+j"])
            .to_string(),
        _ => rng
            .pick(&["abc", "héllo", "x y", "Z", "longer text", "1.5.2"])
            .to_string(),
    }
}

fn make_case(rng: &mut Rng, i: usize) -> (String, Json) {
    let delimiter: Json = rng
        .pick(&[
            Json::Null,
            json!(","),
            json!(";"),
            json!("\t"),
            json!("::"),
            json!(", "),
        ])
        .clone();
    // Fixed widths now and then: one width, or a list.
    let widths: Option<usize> = (rng.below(8) == 0).then(|| 4 + rng.below(5) as usize);
    let delimiter = match widths {
        Some(w) if rng.below(2) == 0 => json!(w),
        Some(w) => json!(vec![w; 4]),
        None => delimiter,
    };
    let comment = *rng.pick(&["#", "#", "#", "%", "//"]);
    let sep = match &delimiter {
        Json::String(s) => s.clone(),
        _ => rng.pick(&[" ", "  ", "\t"]).to_string(),
    };
    let ncols = 1 + rng.below(4) as usize;
    let kinds: Vec<u64> = (0..ncols).map(|_| rng.below(5)).collect();
    let rows = rng.below(7) as usize;
    let skip_footer = if rng.below(6) == 0 { rng.below(3) } else { 0 };
    let quiet = skip_footer > 0; // no blank or comment lines (see the docs)
    let mut text = String::new();
    let skip_header = if rng.below(5) == 0 {
        text.push_str("title line\n");
        1
    } else {
        0
    };
    let names_mode = if skip_footer > 0 {
        1 + rng.below(3)
    } else {
        rng.below(4)
    };
    if names_mode == 0 {
        let names: Vec<String> = (0..ncols)
            .map(|c| {
                rng.pick(&["a", "b b", "c.d", "return", "A", "", "x"])
                    .to_string()
                    + &"".repeat(c)
            })
            .collect();
        if rng.below(2) == 0 {
            text.push_str(&format!("{comment} "));
        }
        text.push_str(&names.join(&sep));
        text.push('\n');
    }
    for r in 0..rows {
        if !quiet && rng.below(8) == 0 {
            text.push_str(
                &rng.pick(&["\n", "# comment\n", "   \n"])
                    .replace('#', comment),
            );
        }
        let mut n = ncols;
        if rng.below(15) == 0 {
            n = if rng.below(2) == 0 {
                n + 1
            } else {
                n.saturating_sub(1).max(1)
            };
        }
        let fields: Vec<String> = (0..n)
            .map(|c| value(rng, kinds[c.min(ncols - 1)]))
            .collect();
        let mut line = match widths {
            Some(w) => fields.iter().map(|f| format!("{f:>w$}")).collect(),
            None => fields.join(&sep),
        };
        if delimiter.is_null() && line.trim().is_empty() {
            line = "0".into();
        }
        text.push_str(&line);
        if !quiet && rng.below(6) == 0 {
            text.push_str(&format!(" {comment} trailing"));
        }
        if r + 1 < rows || rng.below(2) == 0 {
            text.push_str(if rng.below(10) == 0 { "\r\n" } else { "\n" });
        }
    }
    let mut c = json!({"name": format!("g{i:03}.txt"), "delimiter": delimiter});
    if comment != "#" {
        c["comments"] = json!(comment);
    }
    c["dtype"] = match rng.below(8) {
        0..=3 => Json::Null,
        4 => json!("float"),
        5 => json!(
            rng.pick(&[
                "i8", "i4", "u2", "f4", "c16", "?", "U4", "S3", "m8[s]", "M8[D]"
            ])
            .to_string()
        ),
        6 => json!("U"),
        _ => json!("[('a', '<i4'), ('b', '<f8')]"),
    };
    if skip_header > 0 {
        c["skip_header"] = json!(skip_header);
    }
    if skip_footer > 0 {
        c["skip_footer"] = json!(skip_footer);
    }
    if names_mode == 0 {
        c["names"] = json!(true);
    } else if names_mode == 1 && rng.below(2) == 0 {
        c["names"] = json!("p, q q,r,s,t"[..(2 * ncols + 2).min(13)].trim_end_matches(','));
    }
    // NumPy gives string fields of size 0 for a string dtype with names,
    // and drops a date's or duration's unit (both documented).
    let renamed_badly = c["dtype"]
        .as_str()
        .is_some_and(|d| d.starts_with(['U', 'S', 'M', 'm']));
    if renamed_badly && c.get("names").is_some() {
        c["dtype"] = Json::Null;
    }
    if rng.below(4) == 0 {
        c["missing"] = match rng.below(3) {
            0 => json!("N/A,-"),
            1 => json!({"0": "x", "-1": ["N/A", "nan"]}),
            _ => json!(["x", "-"]),
        };
    }
    if rng.below(4) == 0 {
        c["filling"] = match rng.below(3) {
            0 => json!(0),
            1 => json!({"0": 7, "-1": 2.5}),
            _ => json!([5, -9]),
        };
    }
    if rng.below(3) == 0 {
        c["autostrip"] = json!(true);
    }
    if rng.below(6) == 0 {
        c["loose"] = json!(false);
    }
    if rng.below(3) == 0 {
        c["invalid_raise"] = json!(false);
    }
    if rng.below(3) == 0 {
        c["usemask"] = json!(true);
    }
    if rng.below(6) == 0 && ncols > 1 {
        c["usecols"] = json!([-1, 0]);
        // NumPy's names, usecols and a record dtype do not mix (it
        // fails or renames oddly).
        if c["dtype"].as_str().is_some_and(|d| d.starts_with('[')) || c["names"].is_string() {
            c.as_object_mut().unwrap().remove("names");
        }
    }
    if skip_footer == 0 && rng.below(8) == 0 {
        c["max_rows"] = json!(1 + rng.below(3));
    }
    if rng.below(4) == 0 {
        c["ndmin"] = json!(rng.below(3));
    }
    (text, c)
}

#[test]
fn genfromtxt_matches_numpy_on_a_generated_corpus() {
    // NPIO_GFT_SEED and NPIO_GFT_CASES explore further than CI does.
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let mut rng = Rng(env("NPIO_GFT_SEED").unwrap_or(20261126));
    let n = env("NPIO_GFT_CASES").unwrap_or(500) as usize;
    let cases: Vec<(String, Json)> = (0..n).map(|i| make_case(&mut rng, i)).collect();
    let (ok, err) = assert_agree("genfromtxt_corpus", &cases);
    assert!(ok > 250 && err > 20, "{ok} loaded, {err} refused");
}

/// The behaviours NumPy's own genfromtxt tests check (TestFromTxt in
/// numpy/lib/tests/test_io.py), each compared with live NumPy.
#[test]
fn genfromtxt_matches_numpy_behaviour_by_behaviour() {
    let with = |text: &str, opts: Json| (text.to_string(), opts);
    let rec = "[('a', '<i4'), ('b', '<f8')]";
    let mut cases = vec![
        // Records, plain arrays, one row, one column.
        with("1 2\n3 4", json!({"dtype": rec})),
        with("1 2\n3 4", json!({"dtype": "i4"})),
        with("1\n2\n3", json!({"dtype": "i4"})),
        with("1,2,3,4", json!({"delimiter": ","})),
        // Comments: whole lines, trailing, another marker, none.
        with("# c\n1,2 # x\n3,4", json!({"delimiter": ","})),
        with(
            "% c\n1,2 % x\n3,4",
            json!({"delimiter": ",", "comments": "%"}),
        ),
        with("1 # 2\n3 # 4", json!({"comments": null})),
        with(
            "1 # 2\n3 # 4",
            json!({"comments": null, "dtype": "U", "invalid_raise": false}),
        ),
        // skip_header counts raw lines; skip_footer drops rows at the end.
        with("title\n\n# c\n1 2\n3 4", json!({"skip_header": 3})),
        with(
            "1 2\n3 4\n5 6\nend",
            json!({"skip_footer": 1, "invalid_raise": false}),
        ),
        with("1 2\n3 4\n5 6\n7 8", json!({"skip_footer": 2})),
        with(
            "1 2\n3\n5 6\n7 8 9\n10 11",
            json!({"skip_footer": 1, "invalid_raise": false}),
        ),
        with(
            "1 2\n3\n5 6\n7 8 9\n10 11",
            json!({"skip_footer": 2, "invalid_raise": false}),
        ),
        with("1 2\n3\n5 6\n7 8 9\n10 11", json!({"skip_footer": 3})),
        // Names from the header, commented or not; names overwriting a
        // record's; names with comments off.
        with(
            "gender age weight\nM 21 72.1\nF 35 58.33",
            json!({"dtype": null, "names": true}),
        ),
        with(
            "# gender age weight\nM 21 72.1\nF 35 58.33",
            json!({"dtype": null, "names": true}),
        ),
        with(
            "#gender age weight\nM 21 72.1",
            json!({"dtype": null, "names": true}),
        ),
        with(
            "# a b\n1 2",
            json!({"names": true, "comments": null, "invalid_raise": false}),
        ),
        with("1 2\n3 4", json!({"dtype": rec, "names": "x, y"})),
        with("1 2", json!({"dtype": "f8", "names": ["a", "b"]})),
        // Dates and durations: ISO text floored to the unit, NaT for a
        // missing date whatever the filling value, durations read as
        // integers (missing: -1), masks, and an error for text that is
        // not a date even when loose.
        with(
            "2020-01-01,1\n2020-01-02T10:30,\n",
            json!({"delimiter": ",", "dtype": "[('d', '<M8[D]'), ('v', '<f8')]"}),
        ),
        with(
            "2020-01-01\n\n2020-01-03T12\nNaT\n 2021 \n",
            json!({"delimiter": ",", "dtype": "M8[h]"}),
        ),
        with(
            "1,2020-01-01\n2,\n3,N/A\n",
            json!({"delimiter": ",", "dtype": "[('a', '<i8'), ('d', '<M8[s]')]",
                   "missing_values": "N/A", "filling_values": 0, "usemask": true}),
        ),
        with(
            "1,5\n2,\n3,5.5\n4,-7\n",
            json!({"delimiter": ",", "dtype": "[('a', '<i8'), ('d', '<m8[s]')]"}),
        ),
        with(
            "5\nx\n",
            json!({"delimiter": ",", "dtype": "m8[ms]", "invalid_raise": false}),
        ),
        with(
            "2020-01-01\nxx\n",
            json!({"delimiter": ",", "dtype": "M8[D]"}),
        ),
        // NumPy's deprecated encoding='bytes': inferred strings as bytes.
        with(
            "A 64\nBCD 25\n",
            json!({"dtype": null, "encoding": "bytes"}),
        ),
        with(
            "a,1.5\nb,x\n",
            json!({"dtype": null, "delimiter": ",", "encoding": "bytes"}),
        ),
        with("A 64\n", json!({"dtype": "U3", "encoding": "bytes"})),
        // Long doubles: explicit, and inferred for hexadecimal floats.
        with(
            "0.1,0x1.8p1\n2,1e-4940\n",
            json!({"delimiter": ",", "dtype": "<f16"}),
        ),
        with("0.1 0x1.8p1\n2 3\n", json!({"dtype": null})),
        with("0x1p-2\n0.5\n", json!({"dtype": null})),
        with("0.1+1j,2\n", json!({"delimiter": ",", "dtype": "<c32"})),
        // Dates and durations without a unit: the finest unit written.
        with("2012-03\n2013-01-15\n", json!({"dtype": "M8"})),
        with("2012-03\n2013-05\n", json!({"dtype": "M8"})),
        with("2012\nNaT\n", json!({"dtype": "M8"})),
        with("NaT\nNaT\n", json!({"dtype": "M8"})),
        with(
            "2012-03,\n,2013-01-15T10:00:00.25\n",
            json!({"delimiter": ",", "dtype": "M8"}),
        ),
        with("2012-03\nxx\n", json!({"dtype": "M8"})),
        with("1\nNaT\n2.5\n", json!({"dtype": "m8"})),
        with(
            "2020-01-01\n1.5\n",
            json!({"delimiter": ",", "dtype": ">M8[D]"}),
        ),
        // Inference: mixed columns, a uniform type, large integers.
        with(
            "M 21 72.100000 True 1+2j\nF 35 58.330000 false 3j",
            json!({"dtype": null}),
        ),
        with("1 2 3\n4 5 6", json!({"dtype": null})),
        with("1.5 2\n3 4.5", json!({"dtype": null})),
        with(
            "9223372036854775807 1\n-9223372036854775808 2",
            json!({"dtype": null}),
        ),
        with("9223372036854775808 1", json!({"dtype": null})),
        with("1 2\n3 4", json!({"dtype": null, "defaultfmt": "f_%02i"})),
        with("a b\nc d", json!({"dtype": null})),
        // Fancy and shaped dtypes.
        with(
            "1,2.5,3\n4,5,6",
            json!({"delimiter": ",", "dtype": "[('x', '<i8'), ('y', [('s', '<f8'), ('t', '<f4')])]"}),
        ),
        with(
            "1 2 3 4\n5 6 7 8",
            json!({"dtype": "[('a', '<i4'), ('b', '<f8', (3,))]"}),
        ),
        // Delimiters: a single space, integers, widths, strings.
        with(
            "1  2\n3  4",
            json!({"delimiter": " ", "invalid_raise": false}),
        ),
        with("  1  2\n  3  4", json!({"delimiter": " ", "dtype": null})),
        with("  1  2\n 10 20", json!({"delimiter": 3, "dtype": null})),
        with(
            "  1  2 3\n 10 20 4",
            json!({"delimiter": [3, 3, 2], "dtype": null}),
        ),
        with("12345\n678\n", json!({"delimiter": [2, 3]})),
        with("12345\n678\n", json!({"delimiter": [2, 3], "dtype": "U"})),
        with("1::2::3", json!({"delimiter": "::"})),
        // Missing values: empty fields, with tabs, user markers, fills,
        // masks (uniform and various columns).
        with(
            "1,2,,4\n5,,7,8",
            json!({"delimiter": ",", "dtype": null, "usemask": true}),
        ),
        with(
            "1\t2\t\t4\n5\t\t7\t8",
            json!({"delimiter": "\t", "usemask": true}),
        ),
        with(
            "A,B,C\n0,0.,0j\n1,N/A,1j\n-9,2.2,N/A\n3,-99,3j",
            json!({"delimiter": ",", "dtype": null, "names": true, "missing": "N/A", "usemask": true}),
        ),
        with(
            "A,B,C\n0,0.,0j\n1,N/A,1j\n-9,2.2,N/A\n3,-99,3j",
            json!({"delimiter": ",", "names": true, "usemask": true, "dtype": "[('A', '<i8'), ('B', '<f8'), ('C', '<c16')]",
                    "missing": {"0": "-9", "1": "-99", "2": "-999j"}}),
        ),
        with(
            "A,B,C\n0,0.,0j\n1,N/A,1j\n-9,2.2,N/A\n3,-99,3j",
            json!({"delimiter": ",", "names": true, "usemask": true, "dtype": null,
                    "missing": {"A": "-9", "B": ["-99", "N/A"], "C": "N/A"}}),
        ),
        with(
            "N/A,2,3\n4,,???",
            json!({"delimiter": ",", "dtype": "i8", "missing": {"0": "N/A", "2": "???"},
                                        "filling": {"0": 0, "2": -999}}),
        ),
        with(
            "1, 2, 3\n1, , 5\n0, 6, \n",
            json!({"delimiter": ",", "dtype": null, "filling": -999, "usemask": true}),
        ),
        with(
            "1,2,3\n,5,6",
            json!({"delimiter": ",", "usecols": [2, 1], "filling": {"1": 9}}),
        ),
        with(
            "A,B\n0,1.5\n1,\n2,N/A",
            json!({"delimiter": ",", "names": true, "dtype": null, "missing": "N/A", "usemask": true}),
        ),
        with(
            "1,2\n3,",
            json!({"delimiter": ",", "missing": ["", "x"], "filling": [7, 8]}),
        ),
        with(
            "True,,3\nfalse,5,6",
            json!({"delimiter": ",", "dtype": null, "usemask": true}),
        ),
        with("True,1\n,5", json!({"delimiter": ",", "dtype": null})),
        with("a,,c", json!({"delimiter": ",", "dtype": null})),
        with(
            "1,-999,3",
            json!({"delimiter": ",", "missing": "-999", "filling": 0, "usemask": true}),
        ),
        // invalid_raise: the bad rows listed, or dropped; with usecols.
        with("1 2\n3 4 5\n6 7\n8", json!({})),
        with("1 2\n3 4 5\n6 7\n8", json!({"invalid_raise": false})),
        with(
            "a b c\n1 2 3\n4 5\n6 7 8",
            json!({"names": true, "usecols": [0, 2], "invalid_raise": false}),
        ),
        with(
            "a b c\n1 2 3\n4 5\n6 7 8",
            json!({"names": true, "usecols": ["a", "c"]}),
        ),
        // usecols: indices, negatives, names, with a record dtype.
        with("1 2 3\n4 5 6", json!({"usecols": [1]})),
        with("1 2 3\n4 5 6", json!({"usecols": [-1, 0], "dtype": null})),
        with(
            "1 2 3\n4 5 6",
            json!({"usecols": [0, 2], "dtype": "[('a', '<i4'), ('b', '<f8'), ('c', '<f4')]"}),
        ),
        with(
            "a b c\n1 2 3\n4 5 6",
            json!({"names": true, "usecols": ["a", "c"], "dtype": null}),
        ),
        with(
            "1 2 3\n4 5 6",
            json!({"names": "a, b, c", "usecols": [0, -1], "dtype": null}),
        ),
        // Names: incomplete, auto-completed, cleaned, case, spaces.
        with("1 2 3\n4 5 6", json!({"names": "a, , c", "dtype": null})),
        with("1 2 3\n4 5 6", json!({"names": "a", "dtype": "i8,f8,f4"})),
        with("A B C\n1 2 3", json!({"names": true, "case": "lower"})),
        with(
            "a b c\n1 2 3",
            json!({"names": true, "case": "upper", "dtype": null}),
        ),
        with(
            "a b,c d,e-f\n1,2,3",
            json!({"names": true, "delimiter": ","}),
        ),
        with(
            "a b,c d,e-f\n1,2,3",
            json!({"names": true, "delimiter": ",", "replace_space": ""}),
        ),
        with(
            "a b,c d,e-f\n1,2,3",
            json!({"names": true, "delimiter": ",", "deletechars": "-"}),
        ),
        with(
            "a,a,a_1,return,file,x\n1,2,3,4,5,6",
            json!({"names": true, "delimiter": ",", "excludelist": ["x"]}),
        ),
        with(
            "A    B    C\n0    1    2.3\n4    5    6.7",
            json!({"names": true, "delimiter": 5, "dtype": null, "autostrip": true}),
        ),
        // autostrip.
        with(
            "01/01/2003  , 1.3,   abcde",
            json!({"delimiter": ",", "dtype": null}),
        ),
        with(
            "01/01/2003  , 1.3,   abcde",
            json!({"delimiter": ",", "dtype": null, "autostrip": true}),
        ),
        // Explicit types: loose and strict.
        with("1.5 2 x", json!({"dtype": "i8"})),
        with("1.5 2 x", json!({"dtype": "i8", "loose": false})),
        with("1.5 2 9", json!({"dtype": "i4"})),
        with("1 2 x", json!({"loose": false})),
        with("1 2 ", json!({"loose": false, "delimiter": " "})),
        with("True false 1", json!({"dtype": "?"})),
        with("1+2j 3", json!({"dtype": "c16"})),
        with("abc de", json!({"dtype": "S2"})),
        // Byte orders and the smaller types.
        with("1 -2\n,3", json!({"dtype": ">i4", "usemask": true})),
        with("1.5 nan\n-inf 2", json!({"dtype": ">f8"})),
        with("1+2j 3\n-j 4.5", json!({"dtype": ">c16"})),
        with("1+2j 3\n-j 4.5", json!({"dtype": "c8"})),
        with("0.1 65504 1e6", json!({"dtype": "f2"})),
        with("1.9 -2.7 300", json!({"dtype": "u1"})),
        with("1.9 -2.7 nan", json!({"dtype": "i2"})),
        with("1.9 -2.7 inf", json!({"dtype": "i2"})),
        with("18446744073709551615 0", json!({"dtype": "u8"})),
        with(
            "1,2\n3,4",
            json!({"delimiter": ",", "dtype": "[('a', '>i2'), ('b', '>f4')]", "usemask": true}),
        ),
        // max_rows, unpack, squeezing and ndmin.
        with("1 2\n3 4\n5 6\n7 8", json!({"max_rows": 2})),
        with(
            "# c\n1 2\n\n3 4\n5 6",
            json!({"max_rows": 2, "dtype": null}),
        ),
        with("1 2\n3 4 5\n5 6", json!({"max_rows": 1})),
        with("1 2\n3 4", json!({"max_rows": 0})),
        with("1 2\n3 4", json!({"max_rows": 1, "skip_footer": 1})),
        with("1 2\n3 4\n5 6", json!({"unpack": true})),
        with("1 2\n3 4\n5 6", json!({"unpack": true, "dtype": null})),
        with("5", json!({})),
        with("5", json!({"ndmin": 1})),
        with("5", json!({"ndmin": 2})),
        with("1 2", json!({"ndmin": 2})),
        with("1\n2", json!({"ndmin": 2, "dtype": null})),
        with("1 2", json!({"dtype": rec, "ndmin": 2})),
        // Empty inputs.
        with("", json!({})),
        with("", json!({"dtype": null})),
        with("\n  \n", json!({})),
        with("# c\n\n", json!({"dtype": null})),
        with("# only a comment\n", json!({"usecols": [0, 1]})),
        with("", json!({"names": "a,b"})),
        with("a b\n", json!({"names": true, "dtype": null})),
        // latin1 files.
        with(
            "café 1\nnaïve 2",
            json!({"dtype": null, "encoding": "latin1"}),
        ),
        with(
            "é,ß\nà,ÿ",
            json!({"dtype": "S", "delimiter": ",", "encoding": "latin1"}),
        ),
        // Unicode text and line ends.
        with("héllo wörld\nça va", json!({"dtype": null})),
        with("1 2\r\n3 4\r5 6", json!({"dtype": null})),
    ];
    for (i, (_, o)) in cases.iter_mut().enumerate() {
        o["name"] = json!(format!("b{i:03}.txt"));
    }
    let (ok, err) = assert_agree("genfromtxt_behaviours", &cases);
    assert_eq!(ok + err, cases.len());
}

/// Where npio differs from NumPy on purpose (documented on `GenFromTxt`).
#[test]
fn documented_differences() {
    let infer = || {
        let mut g = GenFromTxt::new();
        g.dtype_infer();
        g
    };
    // NumPy fails with a TypeError on a string column whose first
    // decisive value is an integer; npio gives the strings.
    let out = infer().from_str("1\nx").unwrap();
    assert_eq!(out.array.to_strings().unwrap(), ["1", "x"]);
    // Hex floats are long doubles, as in NumPy (they were strings).
    let out = infer().from_str("0x1p3").unwrap();
    assert_eq!(out.array.dtype().descr_repr(), "'<f16'");
    // A string dtype with names keeps its size (NumPy: size 0).
    let out = GenFromTxt::new()
        .dtype_descr("U3")
        .names("a")
        .from_str("abcd")
        .unwrap();
    assert_eq!(out.array.dtype().descr_repr(), "[('a', '<U3')]");
    // Line numbers count every line (NumPy's skip blank lines before the
    // first row).
    let err = GenFromTxt::new().from_str("\n\n1 2\n3\n").unwrap_err();
    assert_eq!(err.line(), Some(4));
    assert_eq!(
        err.to_string(),
        "some errors were detected: line 4 (got 1 columns instead of 2)"
    );
    // A byte-order mark is skipped.
    let out = infer().from_str("\u{feff}1 2").unwrap();
    assert_eq!(out.array.dtype().descr_repr(), "'<i8'");
    // Quotes (npio only).
    let out = infer()
        .delimiter(",")
        .quotechar(Some('"'))
        .from_str("\"a,b\",\"c\"\"d\"\n\"# x\",y")
        .unwrap();
    assert_eq!(out.array.to_strings().unwrap(), ["a,b", "c\"d", "# x", "y"]);
    // loose turns a bad integer into the filling value, as NumPy does;
    // strict names the line and column.
    let out = GenFromTxt::new()
        .dtype_descr("i8")
        .from_str("1.5 2")
        .unwrap();
    assert_eq!(
        out.array.to_array::<i64, ndarray::Ix1>().unwrap(),
        ndarray::array![-1, 2]
    );
    let err = GenFromTxt::new()
        .dtype_descr("i8")
        .loose(false)
        .from_str("1 2\n1.5 2")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2, column 1: could not convert string '1.5' to int64"
    );
    // invalid_raise(false): warnings the caller can read.
    let out = GenFromTxt::new()
        .invalid_raise(false)
        .from_str("1 2\n3\n4 5 6")
        .unwrap();
    assert_eq!(
        out.warnings,
        [delimited_text::Warning::InvalidRows {
            rows: vec![(2, 1), (3, 3)],
            total: 2,
            expected: 2
        }]
    );
    // Converters rewrite text; names select them.
    let out = infer()
        .names("a,b")
        .converter("b", |s| s.replace(',', "."))
        .delimiter(";")
        .from_str("1;2,5")
        .unwrap();
    assert_eq!(
        out.array.dtype().descr_repr(),
        "[('a', '<i8'), ('b', '<f8')]"
    );
}

#[test]
fn sources_agree() {
    let text = "a,b,c\n1,2.5,x\n3,,y\n";
    let mut g = GenFromTxt::new();
    g.delimiter(",").names(true).dtype_infer().usemask(true);
    let from_str = g.from_str(text).unwrap();
    assert_eq!(g.from_reader(text.as_bytes()).unwrap(), from_str);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv.gz");
    let mut gz = flate2_writer(&path);
    std::io::Write::write_all(&mut gz, text.as_bytes()).unwrap();
    gz.finish().unwrap();
    assert_eq!(g.from_path(&path).unwrap(), from_str);
    // Streaming to .npy gives the array from_path gives.
    let npy = dir.path().join("t.npy");
    let summary = g.convert_path(&path, &npy).unwrap();
    assert_eq!(summary.rows, 2);
    let back: npy_format::NpyArray = npy_format::read_npy(&npy).unwrap();
    assert_eq!(back, from_str.array);
}

fn flate2_writer(path: &std::path::Path) -> flate2::write::GzEncoder<std::fs::File> {
    flate2::write::GzEncoder::new(
        std::fs::File::create(path).unwrap(),
        flate2::Compression::fast(),
    )
}

/// NumPy's deprecated `encoding='bytes'`: inferred string columns become
/// bytes columns, with NumPy's deprecation warning; bytes read as latin1
/// (as NumPy reads a byte stream; a path it decodes with the locale's
/// encoding, which differs for non-ASCII text only).
#[test]
fn bytes_encoding_gives_bytes_columns_and_warns() {
    let mut g = GenFromTxt::new();
    g.dtype_infer()
        .delimiter(",")
        .encoding(delimited_text::Encoding::Bytes);
    let out = g
        .from_reader(&b"0,testNonethe\xf6\xfc\xf6\n1,abc\n"[..])
        .unwrap();
    assert_eq!(
        out.array.dtype().descr_repr(),
        "[('f0', '<i8'), ('f1', '|S14')]"
    );
    assert_eq!(out.warnings, [Warning::BytesColumns]);
    assert!(out.warnings[0].to_string().contains("is deprecated"));
    // Numbers only: no string column, no warning.
    let out = g.from_reader(&b"1,2\n"[..]).unwrap();
    assert!(out.warnings.is_empty());
}
