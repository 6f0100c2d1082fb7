//! Text options of `npio convert`: np.loadtxt's (or np.genfromtxt's) for
//! text input.

use crate::cli::TextArgs;
use crate::failure::Failure;
use npio::text::{Col, Delimiter, Encoding, Fill, GenFromTxt, LoadTxt};
use serde_json::Value;
use std::path::Path;

/// `\t`, `\\`, `\0` and `\xNN` escapes in option values, as shells make
/// tabs awkward to type.
pub fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('\\') => out.push('\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                match u8::from_str_radix(&hex, 16) {
                    Ok(b) => out.push(b as char),
                    Err(_) => {
                        out.push_str("\\x");
                        out.push_str(&hex);
                    }
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A structured dtype given as JSON (`[["a", "<i4"], ["b", "<f8", [2]]]`,
/// a titled name as `[title, name]`) as NumPy's descr text.
fn json_descr(v: &Value) -> Option<String> {
    let quote = |s: &str| format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"));
    match v {
        Value::String(s) => Some(quote(s)),
        Value::Array(fields) => {
            let mut parts = Vec::new();
            for f in fields {
                let f = f.as_array()?;
                let name = match f.first()? {
                    Value::String(n) => quote(n),
                    Value::Array(tn) => format!(
                        "({}, {})",
                        quote(tn.first()?.as_str()?),
                        quote(tn.get(1)?.as_str()?)
                    ),
                    _ => return None,
                };
                let descr = json_descr(f.get(1)?)?;
                let shape = match f.get(2) {
                    None => String::new(),
                    Some(Value::Array(dims)) => {
                        let d: Vec<String> = dims
                            .iter()
                            .map(|x| x.as_u64().map(|n| n.to_string()))
                            .collect::<Option<_>>()?;
                        if d.len() == 1 {
                            format!(", ({},)", d[0])
                        } else {
                            format!(", ({})", d.join(", "))
                        }
                    }
                    Some(_) => return None,
                };
                parts.push(format!("({name}, {descr}{shape})"));
            }
            Some(format!("[{}]", parts.join(", ")))
        }
        _ => None,
    }
}

/// The --dtype value as a NumPy descr (a JSON list of fields becomes
/// NumPy's list form).
fn descr_arg(args: &TextArgs, input: &Path) -> Result<String, Failure> {
    let dtype = args.dtype.trim();
    if !dtype.starts_with('[') {
        return Ok(dtype.to_string());
    }
    let bad = |what: String| Failure::at(input, what);
    let v: Value = serde_json::from_str(dtype).map_err(|e| bad(format!("--dtype: {e}")))?;
    json_descr(&v).ok_or_else(|| bad("--dtype: expected a list of [name, descr] fields".into()))
}

/// The --ndmin value: 0, 1 or 2, as NumPy accepts it.
fn ndmin_arg(args: &TextArgs) -> Result<u8, String> {
    match args.ndmin.trim().parse::<u8>() {
        Ok(n) if n <= 2 => Ok(n),
        _ => Err(format!("Illegal value of ndmin keyword: {}", args.ndmin)),
    }
}

/// The --encoding value (of the text read, or written).
pub fn encoding_arg(args: &TextArgs, path: &Path) -> Result<Encoding, Failure> {
    Encoding::from_name(&args.encoding).ok_or_else(|| {
        Failure::at(
            path,
            format!(
                "--encoding: unsupported encoding {:?} (npio reads and writes {})",
                args.encoding,
                Encoding::NAMES
            ),
        )
    })
}

/// np.loadtxt's options from the command line.
pub fn loadtxt_options(args: &TextArgs, input: &Path) -> Result<LoadTxt, Failure> {
    let bad = |what: String| Failure::at(input, what);
    // Checked before the file is opened, as NumPy checks it.
    let ndmin = ndmin_arg(args).map_err(bad)?;
    let mut o = LoadTxt::new();
    let shown = input.display().to_string();
    o.on_warning(move |w| eprintln!("warning: {shown}: {w}"));
    // A descr that is no dtype is reported when the text is read, as
    // "invalid descr ...".
    o.dtype_descr(&descr_arg(args, input)?);
    if let Some(d) = &args.delimiter {
        let d = unescape(d);
        let mut chars = d.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => {
                o.delimiter(Some(c));
            }
            _ => {
                return Err(bad(format!(
                    "--delimiter must be one character for loadtxt, not {d:?}"
                )));
            }
        }
    }
    if args.no_comments {
        o.comments::<&str>(&[]);
    } else if !args.comments.is_empty() {
        let markers: Vec<String> = args.comments.iter().map(|c| unescape(c)).collect();
        o.comments(&markers);
    }
    o.skiprows(args.skip_rows);
    if let Some(cols) = &args.usecols {
        // `--usecols=` (empty) is NumPy's usecols=[].
        let listed = Some(cols.as_str()).filter(|c| !c.trim().is_empty());
        let cols: Vec<isize> = listed
            .into_iter()
            .flat_map(|c| c.split(','))
            .map(|c| c.trim().parse::<isize>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                bad(format!(
                    "--usecols: expected comma-separated integers, not {cols:?}"
                ))
            })?;
        o.usecols(&cols);
    }
    if let Some(n) = args.max_rows {
        o.max_rows(n);
    }
    o.quotechar(args.quotechar);
    o.ndmin(ndmin);
    o.encoding(encoding_arg(args, input)?);
    Ok(o)
}

/// np.genfromtxt's options from the command line.
pub fn genfromtxt_options(args: &TextArgs, input: &Path) -> Result<GenFromTxt, Failure> {
    let bad = |what: String| Failure::at(input, what);
    // Checked before the file is opened, as NumPy checks it.
    let ndmin = ndmin_arg(args).map_err(bad)?;
    let mut o = GenFromTxt::new();
    if args.skip_rows != 0 {
        return Err(bad(
            "--skip-rows is loadtxt's; use --skip-header with --genfromtxt".into(),
        ));
    }
    if args.dtype.trim() == "auto" {
        o.dtype_infer();
    } else {
        o.dtype_descr(&descr_arg(args, input)?);
    }
    if let Some(d) = &args.delimiter {
        o.delimiter_kind(genfromtxt_delimiter(d));
    }
    if args.no_comments {
        o.comments(None);
    } else {
        match args.comments.as_slice() {
            [] => {}
            [one] => {
                o.comments(Some(&unescape(one)));
            }
            _ => return Err(bad("genfromtxt takes one comment marker".into())),
        }
    }
    o.skip_header(args.skip_header)
        .skip_footer(args.skip_footer);
    if let Some(cols) = &args.usecols {
        o.usecols(&Col::parse_list(cols));
    }
    if let Some(n) = args.max_rows {
        o.max_rows(n);
    }
    match args.names.as_deref() {
        None => {}
        Some("") => {
            o.names(true);
        }
        Some(list) => {
            o.names(list);
        }
    }
    if let Some(list) = &args.missing_values {
        let values: Vec<String> = list.split(',').map(unescape).collect();
        o.missing_values_all(&values);
    }
    if let Some(list) = &args.filling_values {
        let fills: Vec<Fill> = list.split(',').map(fill_value).collect();
        match fills.len() {
            1 => {
                o.filling_values_all(fills[0].clone());
            }
            _ => {
                o.filling_values_per_column(fills);
            }
        }
    }
    o.quotechar(args.quotechar);
    o.autostrip(args.autostrip);
    o.invalid_raise(!args.no_invalid_raise);
    o.ndmin(ndmin);
    o.encoding(encoding_arg(args, input)?);
    Ok(o)
}

/// genfromtxt's delimiter: an integer is a field width and a list of
/// integers the widths of the fields in order, as in `np.genfromtxt`
/// (`3`, `1,2,4`); anything else is the delimiting text.
fn genfromtxt_delimiter(arg: &str) -> Delimiter {
    let widths: Option<Vec<usize>> = arg.split(',').map(|w| w.trim().parse().ok()).collect();
    match widths {
        Some(w) if w.len() == 1 => Delimiter::Width(w[0]),
        Some(w) => Delimiter::Widths(w),
        None => Delimiter::Text(unescape(arg)),
    }
}

/// A filling value as a Python literal would read: an integer, a float,
/// `True`/`False`, or else the text itself.
fn fill_value(text: &str) -> Fill {
    let t = text.trim();
    if let Ok(v) = t.parse::<i64>() {
        return Fill::from(v);
    }
    if let Ok(v) = t.parse::<f64>() {
        return Fill::from(v);
    }
    match t {
        "True" | "true" => Fill::from(true),
        "False" | "false" => Fill::from(false),
        _ => Fill::from(t),
    }
}

/// The genfromtxt-only options given without --genfromtxt.
pub fn genfromtxt_only(args: &TextArgs) -> Option<&'static str> {
    [
        (args.skip_header != 0, "--skip-header"),
        (args.skip_footer != 0, "--skip-footer"),
        (args.names.is_some(), "--names"),
        (args.missing_values.is_some(), "--missing-values"),
        (args.filling_values.is_some(), "--filling-values"),
        (args.autostrip, "--autostrip"),
        (args.no_invalid_raise, "--no-invalid-raise"),
        (args.dtype.trim() == "auto", "--dtype auto"),
    ]
    .into_iter()
    .find_map(|(set, name)| set.then_some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_json_dtypes() {
        assert_eq!(unescape("\\t"), "\t");
        assert_eq!(unescape("a\\x2cb"), "a,b");
        let v: Value = serde_json::from_str(r#"[["a", "<i4"], [["T", "b"], "<f8", [2]]]"#).unwrap();
        assert_eq!(
            json_descr(&v).unwrap(),
            "[('a', '<i4'), (('T', 'b'), '<f8', (2,))]"
        );
    }
}
