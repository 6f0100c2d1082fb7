//! `npio head`: the first rows of an array, laid out as NumPy prints them.

use crate::cli::HeadArgs;
use crate::failure::Failure;
use crate::format::{Format, by_magic};
use crate::location::{self, Source as Where};
use crate::sparse;
use npio::mmap::{DynView, Memmap, Mode};
use npio::npy::{Header, NpyArray, NpyReader};
use npio::npz::NpzReader;
use std::io::{Read, Seek};
use std::path::Path;

pub fn run(args: &HeadArgs) -> Vec<Failure> {
    match head(args) {
        Ok(text) => {
            out!("{text}");
            Vec::new()
        }
        Err(f) => vec![f],
    }
}

fn head(args: &HeadArgs) -> Result<String, Failure> {
    let path = &args.path;
    let member_on_npy = || Failure::at(path, "--member applies to .npz files");
    match location::source(path)? {
        Where::Local(file) => match by_magic(&file)? {
            Format::Npy if args.member.is_none() => npy_head(args, &file),
            Format::Npy => Err(member_on_npy()),
            Format::Npz => {
                let npz = NpzReader::open_with(&file, args.limits.npz_limits())
                    .map_err(|e| Failure::at(path, e))?;
                npz_head(args, npz)
            }
            other => Err(unsupported(path, other)),
        },
        // An object: its end, then a few kilobytes from its start.
        Where::Remote(mut r) => match location::sniff_remote(path, &mut r)? {
            Format::Npy if args.member.is_none() => {
                let reader = location::npy_reader(path, r, &args.limits.read_options())?;
                first_rows(reader, args.rows).map_err(|e| Failure::at(path, e))
            }
            Format::Npy => Err(member_on_npy()),
            Format::Npz => npz_head(
                args,
                location::npz_reader(path, r, args.limits.npz_limits())?,
            ),
            other => Err(unsupported(path, other)),
        },
    }
}

fn unsupported(path: &Path, format: Format) -> Failure {
    Failure::at(
        path,
        format!("{} files are not supported yet", format.name()),
    )
}

/// Maps the file and decodes only the elements printed: instant whatever
/// the file's size, in either memory order.
fn npy_head(args: &HeadArgs, file: &Path) -> Result<String, Failure> {
    let map = Memmap::open_with(file, Mode::ReadOnly, &args.limits.read_options())
        .map_err(|e| Failure::at(&args.path, e))?;
    let view = map.view_dyn();
    Ok(render(&view, args.rows))
}

/// The first rows of one member of an archive (`--member`, optional when
/// there is only one).
fn npz_head<R: Read + Seek>(args: &HeadArgs, mut npz: NpzReader<R>) -> Result<String, Failure> {
    let path = &args.path;
    if args.member.is_none() && npz.is_sparse() {
        // A scipy.sparse archive: its first stored values.
        let info = sparse::info(path, &mut npz)?.ok_or_else(|| Failure::at(path, "not sparse"))?;
        let m = npz.read_sparse().map_err(|e| Failure::at(path, e))?;
        return sparse::head(path, &m, &info, args.rows);
    }
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
            ));
        }
    };
    let member = npz.zip_names()[index].clone();
    let reader = npz.npy_reader(index).map_err(|e| Failure::at(path, e))?;
    first_rows(reader, args.rows).map_err(|e| Failure::at(path, format!("member {member:?}: {e}")))
}

/// The first `rows` rows of a stream: only they are read, nothing after
/// them (a Fortran-order array is read whole, as its rows are spread
/// over all its data).
fn first_rows<R: Read>(mut reader: NpyReader<R>, rows: usize) -> npio::npy::Result<String> {
    let header = reader.header().clone();
    let read = if header.fortran_order && !header.shape.is_empty() {
        reader.read_dyn()?
    } else {
        match reader.read_rows_dyn(rows.max(1))? {
            Some(chunk) => chunk,
            None => return Ok(render(&Rows(&header, None), rows)),
        }
    };
    // The chunk holds the first rows; the header says how many there are.
    Ok(render(&Rows(&header, Some(&read)), rows))
}

/// Something whose elements can be printed.
trait Source {
    fn descr(&self) -> String;
    fn shape(&self) -> &[usize];
    fn value(&self, index: &[usize]) -> String;
}

impl Source for DynView<'_> {
    fn descr(&self) -> String {
        self.dtype().descr_repr()
    }

    fn shape(&self) -> &[usize] {
        DynView::shape(self)
    }

    fn value(&self, index: &[usize]) -> String {
        self.get(index).map(|v| v.to_string()).unwrap_or_default()
    }
}

/// The first rows of an array read from a stream: the header's shape, the
/// values of the rows that were read.
struct Rows<'a>(&'a Header, Option<&'a NpyArray>);

impl Source for Rows<'_> {
    fn descr(&self) -> String {
        self.0.dtype.descr_repr()
    }

    fn shape(&self) -> &[usize] {
        &self.0.shape
    }

    fn value(&self, index: &[usize]) -> String {
        self.1
            .and_then(|a| a.get(index).ok())
            .map(|v| v.to_string())
            .unwrap_or_default()
    }
}

/// Rows with more elements than this are summarised by their first and
/// last [`EDGE_ITEMS`], as NumPy prints large arrays.
const SUMMARY_THRESHOLD: usize = 1000;
const EDGE_ITEMS: usize = 3;

/// The element of row `row` at C-order position `flat` within the row.
fn value_at(a: &dyn Source, row: usize, mut flat: usize) -> String {
    let shape = a.shape();
    let mut index = vec![0; shape.len()];
    for (i, &d) in shape.iter().enumerate().skip(1).rev() {
        if d > 0 {
            index[i] = flat % d;
            flat /= d;
        }
    }
    if let Some(first) = index.first_mut() {
        *first = row;
    }
    a.value(&index)
}

/// The printed values of row `r` (of `per_row` elements), summarised
/// when long: `None` stands for the elided middle.
fn row_values(a: &dyn Source, r: usize, per_row: usize) -> Vec<Option<String>> {
    if per_row <= SUMMARY_THRESHOLD {
        return (0..per_row).map(|p| Some(value_at(a, r, p))).collect();
    }
    let head = (0..EDGE_ITEMS).map(|p| Some(value_at(a, r, p)));
    let tail = (per_row - EDGE_ITEMS..per_row).map(|p| Some(value_at(a, r, p)));
    head.chain(std::iter::once(None)).chain(tail).collect()
}

/// Lays out the first `n` rows: a 0-d value alone, a 1-D array one value
/// per line, a 2-D array as aligned columns, higher dimensions one
/// flattened row per line. Rows of more than 1000 elements show their
/// first and last three.
fn render(a: &dyn Source, n: usize) -> String {
    let shape = a.shape().to_vec();
    let total = shape.first().copied().unwrap_or(1);
    let rows = n.min(total);
    let mut out = format!(
        "{} shape {} ({rows} of {total} rows)\n",
        a.descr(),
        crate::info::shape_text(&shape),
    );
    if shape.is_empty() {
        out.push_str(&a.value(&[]));
        out.push('\n');
        return out;
    }
    if shape.len() == 1 {
        for r in 0..rows {
            out.push_str(&a.value(&[r]));
            out.push('\n');
        }
        return out;
    }
    let per_row: usize = shape[1..].iter().product();
    let lines: Vec<Vec<Option<String>>> = (0..rows).map(|r| row_values(a, r, per_row)).collect();
    let cols = lines.first().map_or(0, Vec::len);
    let mut widths = vec![0; cols];
    for line in &lines {
        for (w, v) in widths.iter_mut().zip(line) {
            *w = (*w).max(v.as_deref().map_or(3, |s| s.chars().count()));
        }
    }
    let (sep, close) = if shape.len() == 2 {
        (" ", "]")
    } else {
        (", ", "] (flattened)")
    };
    for line in lines {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(v, &w)| format!("{:>w$}", v.as_deref().unwrap_or("...")))
            .collect();
        out.push_str(&format!("[{}{close}\n", cells.join(sep)));
    }
    out
}
