//! `npio head`: the first rows of an array, laid out as NumPy prints them.

use crate::cli::HeadArgs;
use crate::failure::Failure;
use crate::format::{by_magic, Format};
use npy_format::{Header, NpyArray, NpyReader, ReadOptions};
use npz_archive::NpzReader;
use std::io::Read;
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
    match by_magic(path)? {
        Format::Npy if args.member.is_none() => {}
        Format::Npy => return Err(Failure::at(path, "--member applies to .npz files")),
        Format::Npz => return npz_head(args),
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

/// The first rows of one member of an archive (`--member`, optional when
/// there is only one).
fn npz_head(args: &HeadArgs) -> Result<String, Failure> {
    let path = &args.path;
    let mut npz =
        NpzReader::open_with(path, args.limits.npz_limits()).map_err(|e| Failure::at(path, e))?;
    let index = match &args.member {
        Some(name) => npz.index_of(name).map_err(|e| Failure::at(path, e))?,
        None if npz.len() == 1 => 0,
        None => {
            return Err(Failure::at(
                path,
                format!(
                    "the archive has {} members: choose one with --member ({})",
                    npz.len(),
                    npz.names().join(", ")
                ),
            ))
        }
    };
    let member = npz.zip_names()[index].clone();
    let reader = npz.npy_reader(index).map_err(|e| Failure::at(path, e))?;
    let total = reader.header().shape.first().copied().unwrap_or(1);
    let rows = rows_of(reader, args.rows)
        .map_err(|e| Failure::at(path, format!("member {member:?}: {e}")))?;
    Ok(render(&rows, total))
}

/// The first `n` rows of a .npy file in C order, and its total rows.
fn first_rows(path: &Path, n: usize, opts: &ReadOptions) -> npy_format::Result<(NpyArray, usize)> {
    let reader = NpyReader::open_with(path, opts)?;
    let total = reader.header().shape.first().copied().unwrap_or(1);
    Ok((rows_of(reader, n)?, total))
}

/// The first `n` rows of a reader's array, in C order.
fn rows_of<R: Read>(mut reader: NpyReader<R>, n: usize) -> npy_format::Result<NpyArray> {
    let header = reader.header().clone();
    if header.fortran_order && !header.shape.is_empty() {
        // Rows of Fortran-order data are not contiguous: read it whole and
        // take the rows in C order.
        return take_rows(reader.read_dyn()?.to_c_order(), n);
    }
    match reader.read_rows_dyn(n.max(1))? {
        Some(chunk) if n > 0 => Ok(chunk),
        _ => empty_rows(&header),
    }
}

/// The first `n` rows of a C-order array.
fn take_rows(all: NpyArray, n: usize) -> npy_format::Result<NpyArray> {
    let total = all.shape().first().copied().unwrap_or(1);
    let take = n.min(total);
    let row_bytes = all.data().len() / total.max(1);
    let mut shape = all.shape().to_vec();
    if let Some(d) = shape.first_mut() {
        *d = take;
    }
    let data = all.data()[..take * row_bytes].to_vec();
    NpyArray::new(Header::new(all.dtype().clone(), shape, false), data)
}

/// No rows of an array of this header.
fn empty_rows(header: &Header) -> npy_format::Result<NpyArray> {
    let mut shape = header.shape.clone();
    if let Some(d) = shape.first_mut() {
        *d = 0;
    }
    NpyArray::new(Header::new(header.dtype.clone(), shape, false), Vec::new())
}

/// Rows with more elements than this are summarised by their first and
/// last [`EDGE_ITEMS`], as NumPy prints large arrays.
const SUMMARY_THRESHOLD: usize = 1000;
const EDGE_ITEMS: usize = 3;

/// The element at a C-order flat position.
fn value_at(a: &NpyArray, mut flat: usize) -> String {
    let mut index = vec![0; a.ndim()];
    for (i, &d) in a.shape().iter().enumerate().rev() {
        if d > 0 {
            index[i] = flat % d;
            flat /= d;
        }
    }
    a.get(&index).map(|v| v.to_string()).unwrap_or_default()
}

/// The printed values of row `r` (of `per_row` elements), summarised
/// when long: `None` stands for the elided middle.
fn row_values(a: &NpyArray, r: usize, per_row: usize) -> Vec<Option<String>> {
    let start = r * per_row;
    if per_row <= SUMMARY_THRESHOLD {
        return (start..start + per_row)
            .map(|p| Some(value_at(a, p)))
            .collect();
    }
    let head = (start..start + EDGE_ITEMS).map(|p| Some(value_at(a, p)));
    let tail = (start + per_row - EDGE_ITEMS..start + per_row).map(|p| Some(value_at(a, p)));
    head.chain(std::iter::once(None)).chain(tail).collect()
}

/// Lays out the rows: a 0-d value alone, a 1-D array one value per line,
/// a 2-D array as aligned columns, higher dimensions one flattened row per
/// line. Rows of more than 1000 elements show their first and last three.
fn render(a: &NpyArray, total_rows: usize) -> String {
    let mut out = format!(
        "{} shape {} ({} of {} rows)\n",
        a.dtype().descr(),
        shape_text(a, total_rows),
        a.shape().first().copied().unwrap_or(1),
        total_rows
    );
    let rows = a.shape().first().copied().unwrap_or(1);
    let per_row: usize = a.shape().iter().skip(1).product();
    if a.ndim() <= 1 {
        for r in 0..rows {
            out.push_str(&value_at(a, r));
            out.push('\n');
        }
        return out;
    }
    let lines: Vec<Vec<Option<String>>> = (0..rows).map(|r| row_values(a, r, per_row)).collect();
    let cols = lines.first().map_or(0, Vec::len);
    let mut widths = vec![0; cols];
    for line in &lines {
        for (w, v) in widths.iter_mut().zip(line) {
            *w = (*w).max(v.as_deref().map_or(3, |s| s.chars().count()));
        }
    }
    let (open, sep, close) = if a.ndim() == 2 {
        ("[", " ", "]")
    } else {
        ("[", ", ", "] (flattened)")
    };
    for line in lines {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(v, &w)| format!("{:>w$}", v.as_deref().unwrap_or("...")))
            .collect();
        out.push_str(&format!("{open}{}{close}\n", cells.join(sep)));
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
