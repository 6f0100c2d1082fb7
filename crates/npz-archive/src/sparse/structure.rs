//! The index arrays of each sparse format, kept in the index type the
//! archive stored (`int32` or `int64`), so that reading and writing a
//! matrix never widens or narrows its largest arrays.

use super::SparseFormat;
use super::check;
use super::element::SparseIndex;
use super::positions;
use crate::Result;
use std::any::Any;

/// The index arrays of one format, as `I`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Structure<I> {
    Compressed {
        row_major: bool,
        indptr: Vec<I>,
        indices: Vec<I>,
    },
    Coo {
        row: Vec<I>,
        col: Vec<I>,
    },
    Bsr {
        indptr: Vec<I>,
        indices: Vec<I>,
        block: [usize; 2],
    },
    Dia {
        offsets: Vec<I>,
        width: usize,
    },
}

/// A structure of `int32` indices, or of `int64` ones.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Indexed {
    Narrow(Structure<i32>),
    Wide(Structure<i64>),
}

/// Runs `$body` with `$s` bound to the structure, whichever its index
/// type.
macro_rules! on_structure {
    ($indexed:expr, $s:ident => $body:expr) => {
        match $indexed {
            $crate::sparse::structure::Indexed::Narrow($s) => $body,
            $crate::sparse::structure::Indexed::Wide($s) => $body,
        }
    };
}
pub(crate) use on_structure;

/// One index array as read from an archive: `int32` when its dtype's
/// values all fit (`int8` to `int32`, `uint8`, `uint16`), `int64`
/// otherwise.
#[derive(Debug)]
pub(crate) enum IndexArray {
    Narrow(Vec<i32>),
    Wide(Vec<i64>),
}

impl IndexArray {
    fn is_narrow(&self) -> bool {
        matches!(self, IndexArray::Narrow(_))
    }

    pub(crate) fn into_wide(self) -> Vec<i64> {
        match self {
            IndexArray::Narrow(v) => v.into_iter().map(i64::from).collect(),
            IndexArray::Wide(v) => v,
        }
    }

    fn into_narrow(self) -> Vec<i32> {
        match self {
            IndexArray::Narrow(v) => v,
            // Only called when every array is narrow.
            IndexArray::Wide(_) => Vec::new(),
        }
    }
}

impl Indexed {
    /// The structure of `format` from its index arrays (`indptr`,
    /// `indices`; `row`, `col`; or `offsets`): `int32` when every
    /// array is, `int64` otherwise. Placeholders (BSR's block, DIA's
    /// width) are set when the data is checked.
    pub(crate) fn assemble(format: SparseFormat, parts: Vec<IndexArray>) -> Indexed {
        if parts.iter().all(IndexArray::is_narrow) {
            Indexed::Narrow(Structure::assemble(
                format,
                parts.into_iter().map(IndexArray::into_narrow),
            ))
        } else {
            Indexed::Wide(Structure::assemble(
                format,
                parts.into_iter().map(IndexArray::into_wide),
            ))
        }
    }

    /// The structure of a typed matrix, in its own index type (moved, not
    /// copied).
    pub(crate) fn from_typed<I: SparseIndex>(s: Structure<I>) -> Indexed {
        let mut slot = Some(s);
        let any = &mut slot as &mut dyn Any;
        if let Some(s) = any
            .downcast_mut::<Option<Structure<i32>>>()
            .and_then(Option::take)
        {
            return Indexed::Narrow(s);
        }
        if let Some(s) = any
            .downcast_mut::<Option<Structure<i64>>>()
            .and_then(Option::take)
        {
            return Indexed::Wide(s);
        }
        // `SparseIndex` is sealed to i32 and i64, taken above; any other
        // index type would be widened.
        match slot {
            Some(s) => Indexed::Wide(s.map(|_, v| v.into_iter().map(|i| i.to_i64()).collect())),
            None => Indexed::Wide(Structure::Dia {
                offsets: Vec::new(),
                width: 0,
            }),
        }
    }

    pub(crate) fn is_wide(&self) -> bool {
        matches!(self, Indexed::Wide(_))
    }

    pub(crate) fn format(&self) -> SparseFormat {
        on_structure!(self, s => s.format())
    }
}

impl<I: SparseIndex> Structure<I> {
    fn assemble(format: SparseFormat, parts: impl Iterator<Item = Vec<I>>) -> Structure<I> {
        let mut parts = parts;
        let mut next = || parts.next().unwrap_or_default();
        match format {
            SparseFormat::Csr | SparseFormat::Csc => Structure::Compressed {
                row_major: format == SparseFormat::Csr,
                indptr: next(),
                indices: next(),
            },
            SparseFormat::Bsr => Structure::Bsr {
                indptr: next(),
                indices: next(),
                block: [0, 0],
            },
            SparseFormat::Coo => Structure::Coo {
                row: next(),
                col: next(),
            },
            SparseFormat::Dia => Structure::Dia {
                offsets: next(),
                width: 0,
            },
        }
    }

    pub(crate) fn format(&self) -> SparseFormat {
        match self {
            Structure::Compressed {
                row_major: true, ..
            } => SparseFormat::Csr,
            Structure::Compressed { .. } => SparseFormat::Csc,
            Structure::Coo { .. } => SparseFormat::Coo,
            Structure::Bsr { .. } => SparseFormat::Bsr,
            Structure::Dia { .. } => SparseFormat::Dia,
        }
    }

    /// The dimensions the data of this format has.
    pub(crate) fn data_ndim(&self) -> usize {
        match self {
            Structure::Compressed { .. } | Structure::Coo { .. } => 1,
            Structure::Bsr { .. } => 3,
            Structure::Dia { .. } => 2,
        }
    }

    /// Checks the structure against a matrix of `shape` whose data has
    /// dimensions `dims`, sets BSR's block size and DIA's width from them,
    /// and drops index entries past the end of `indptr` as scipy does.
    /// Returns how many items of the data the structure keeps.
    pub(crate) fn check(&mut self, shape: [usize; 2], dims: &[usize]) -> Result<usize> {
        let items = dims.first().copied().unwrap_or(0);
        let dim = |k: usize| dims.get(k).copied().unwrap_or(0);
        Ok(match self {
            Structure::Compressed {
                row_major,
                indptr,
                indices,
            } => {
                let (major, minor) = if *row_major {
                    (shape[0], shape[1])
                } else {
                    (shape[1], shape[0])
                };
                let nnz = check::compressed(major, minor, indptr, indices, items, false)?;
                indices.truncate(nnz);
                nnz
            }
            Structure::Coo { row, col } => {
                check::coo(shape, row, col, items)?;
                items
            }
            Structure::Bsr {
                indptr,
                indices,
                block,
            } => {
                *block = [dim(1), dim(2)];
                let [rows, cols] = check::blocks(shape, *block)?;
                let nnz = check::compressed(rows, cols, indptr, indices, items, false)?;
                indices.truncate(nnz);
                nnz
            }
            Structure::Dia { offsets, width } => {
                check::dia(offsets, items)?;
                *width = dim(1);
                items
            }
        })
    }

    /// Number of stored values, scipy's `nnz`, given the data's item
    /// count.
    pub(crate) fn nnz(&self, shape: [usize; 2], data_len: usize) -> usize {
        match self {
            Structure::Dia { offsets, width } => positions::dia_count(offsets, shape, *width),
            _ => data_len,
        }
    }

    /// `(row, column, position in the data)` of every stored value, in
    /// storage order.
    pub(crate) fn positions(
        &self,
        shape: [usize; 2],
    ) -> Box<dyn Iterator<Item = (usize, usize, usize)> + '_> {
        match self {
            Structure::Compressed {
                row_major,
                indptr,
                indices,
            } => Box::new(positions::compressed(indptr, indices, *row_major)),
            Structure::Coo { row, col } => Box::new(positions::coo(row, col)),
            Structure::Bsr {
                indptr,
                indices,
                block,
            } => Box::new(positions::bsr(indptr, indices, *block)),
            Structure::Dia { offsets, width } => Box::new(positions::dia(offsets, shape, *width)),
        }
    }

    /// The index arrays in the order scipy writes them, with their
    /// member names.
    pub(crate) fn members(&self) -> Vec<(&'static str, &[I])> {
        match self {
            Structure::Compressed {
                indptr, indices, ..
            }
            | Structure::Bsr {
                indptr, indices, ..
            } => vec![("indices", indices), ("indptr", indptr)],
            Structure::Coo { row, col } => vec![("row", row), ("col", col)],
            Structure::Dia { offsets, .. } => vec![("offsets", offsets)],
        }
    }

    /// The same structure with every index array passed through `f`
    /// (given the array's member name).
    fn map<J>(self, mut f: impl FnMut(&str, Vec<I>) -> Vec<J>) -> Structure<J> {
        match self.try_map(|name, v| Ok(f(name, v))) {
            Ok(s) => s,
            // `try_map` fails only when `f` does.
            Err(_) => Structure::Dia {
                offsets: Vec::new(),
                width: 0,
            },
        }
    }

    fn try_map<J>(self, mut f: impl FnMut(&str, Vec<I>) -> Result<Vec<J>>) -> Result<Structure<J>> {
        Ok(match self {
            Structure::Compressed {
                row_major,
                indptr,
                indices,
            } => Structure::Compressed {
                row_major,
                indptr: f("indptr", indptr)?,
                indices: f("indices", indices)?,
            },
            Structure::Coo { row, col } => Structure::Coo {
                row: f("row", row)?,
                col: f("col", col)?,
            },
            Structure::Bsr {
                indptr,
                indices,
                block,
            } => Structure::Bsr {
                indptr: f("indptr", indptr)?,
                indices: f("indices", indices)?,
                block,
            },
            Structure::Dia { offsets, width } => Structure::Dia {
                offsets: f("offsets", offsets)?,
                width,
            },
        })
    }

    /// The same structure in index type `J`, moved when `J` is `I` and
    /// converted otherwise (an index that does not fit is refused).
    pub(crate) fn into_index<J: SparseIndex>(self) -> Result<Structure<J>> {
        self.try_map(cast)
    }
}

/// `values` as `J`: the same vector when `J` is `I`, else converted.
fn cast<I: SparseIndex, J: SparseIndex>(member: &str, values: Vec<I>) -> Result<Vec<J>> {
    let mut slot = Some(values);
    if let Some(same) = (&mut slot as &mut dyn Any)
        .downcast_mut::<Option<Vec<J>>>()
        .and_then(Option::take)
    {
        return Ok(same);
    }
    slot.unwrap_or_default()
        .into_iter()
        .map(|v| {
            J::from_i64(v.to_i64()).ok_or_else(|| {
                check::invalid(
                    member,
                    format!(
                        "index {} does not fit in {}",
                        v.to_i64(),
                        J::dtype().descr_repr()
                    ),
                )
            })
        })
        .collect()
}
