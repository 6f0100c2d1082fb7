//! `npio head`: the first rows of an array, laid out as NumPy prints them.

use crate::cli::HeadArgs;
use crate::failure::Failure;
use crate::format::{by_magic, Format};
use npy_format::{NpyArray, NpyReader, ReadOptions, Value};
use std::path::Path;

pub fn run(args: &HeadArgs) -> Vec<Failure> {
    match head(args) {
        Ok(text) => {
            print!("{text}");
            Vec::new()
        }
        Err(f) => vec![f],
    }
}

fn head(args: &HeadArgs) -> Result<String, Failure> {
    let path = &args.path;
    if args.member.is_some() {
        return Err(Failure::at(
            path,
            "--member applies to .npz files, which are not supported yet",
        ));
    }
    match by_magic(path)? {
        Format::Npy => {}
        other => {
            return Err(Failure::at(
                path,
                format!("{} files are not supported yet", other.name()),
            ))
        }
    }
    let rows = first_rows(path, args.rows, &args.limits.read_options())
        .map_err(|e| Failure::at(path, e))?;
    Ok(render(&rows.0, rows.1))
}

/// The first `n` rows in C order, and the total number of rows.
fn first_rows(path: &Path, n: usize, opts: &ReadOptions) -> npy_format::Result<(NpyArray, usize)> {
    let mut reader = NpyReader::open_with(path, opts)?;
    let header = reader.header().clone();
    let total = header.shape.first().copied().unwrap_or(1);
    if header.shape.is_empty() || !header.fortran_order {
        let chunk = reader.read_rows_dyn(n.max(1))?;
        let chunk = match chunk {
            Some(c) if n > 0 => c,
            _ => {
                let mut shape = header.shape.clone();
                if let Some(d) = shape.first_mut() {
                    *d = 0;
                }
                NpyArray::new(
                    npy_format::Header::new(header.dtype, shape, false),
                    Vec::new(),
                )?
            }
        };
        return Ok((chunk, total));
    }
    // Rows of a Fortran-order file are not contiguous: read it whole and
    // take the rows in C order.
    let all = reader.read_dyn()?.to_c_order();
    let take = n.min(total);
    let row_bytes = all.data().len() / total.max(1);
    let mut shape = all.shape().to_vec();
    shape[0] = take;
    let data = all.data()[..take * row_bytes].to_vec();
    Ok((
        NpyArray::new(
            npy_format::Header::new(all.dtype().clone(), shape, false),
            data,
        )?,
        total,
    ))
}

/// Lays out the rows: a 0-d value alone, a 1-D array one value per line,
/// a 2-D array as aligned columns, higher dimensions one row per line.
fn render(a: &NpyArray, total_rows: usize) -> String {
    let mut out = format!(
        "{} shape {} ({} of {} rows)\n",
        a.dtype().descr(),
        shape_text(a, total_rows),
        a.shape().first().copied().unwrap_or(1),
        total_rows
    );
    let values: Vec<String> = a.values().map(|v| v.to_string()).collect();
    match a.shape() {
        [] => {
            out.push_str(&values.join(""));
            out.push('\n');
        }
        [_] => {
            for v in &values {
                out.push_str(v);
                out.push('\n');
            }
        }
        [rows, cols] => {
            let mut widths = vec![0; *cols];
            for (i, v) in values.iter().enumerate() {
                widths[i % cols] = widths[i % cols].max(v.chars().count());
            }
            for r in 0..*rows {
                let line: Vec<String> = (0..*cols)
                    .map(|c| format!("{:>w$}", values[r * cols + c], w = widths[c]))
                    .collect();
                out.push_str(&format!("[{}]\n", line.join(" ")));
            }
        }
        [rows, rest @ ..] => {
            let per_row: usize = rest.iter().product();
            let decoded: Vec<Value> = a.values().collect();
            for r in 0..*rows {
                let row = Value::Array(
                    rest.to_vec(),
                    decoded[r * per_row..(r + 1) * per_row].to_vec(),
                );
                out.push_str(&format!("{row}\n"));
            }
        }
    }
    out
}

fn shape_text(a: &NpyArray, total_rows: usize) -> String {
    let mut shape: Vec<String> = a.shape().iter().map(|d| d.to_string()).collect();
    if let Some(first) = shape.first_mut() {
        *first = total_rows.to_string();
    }
    match shape.len() {
        1 => format!("({},)", shape[0]),
        _ => format!("({})", shape.join(", ")),
    }
}
