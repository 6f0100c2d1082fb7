//! Output shaping: NumPy's squeeze-then-pad to `ndmin` dimensions, and
//! `unpack=True`'s one array per column (or field).

use crate::error::{Error, Result};
use npy_format::{Header, NpyArray};

/// NumPy's squeeze-then-pad to `ndmin` dimensions.
pub(crate) fn shape_for_ndmin(shape: Vec<usize>, ndmin: u8, structured: bool) -> Vec<usize> {
    let ndmin = ndmin as usize;
    let mut shape = shape;
    if shape.len() > ndmin {
        shape.retain(|&d| d != 1);
        if structured && shape.len() > ndmin.max(1) {
            shape.truncate(1);
        }
    }
    if shape.len() < ndmin {
        shape = match (ndmin, shape.len()) {
            (1, _) => vec![1],
            (2, 0) => vec![1, 1],
            (2, _) => vec![shape[0], 1],
            _ => shape,
        };
    }
    shape
}

/// What `np.loadtxt(..., unpack=True)` returns: one array per column of a
/// 2-D result (its transpose, row by row), one per field of a record
/// result, or the array itself otherwise.
///
/// # Example
///
/// ```
/// use delimited_text::{unpack, LoadTxt};
///
/// let a = LoadTxt::new().from_str("1 2\n3 4\n5 6\n")?;
/// let cols = unpack(&a)?;
/// assert_eq!(cols.len(), 2);
/// assert_eq!(cols[1].to_array::<f64, ndarray::Ix1>()?, ndarray::array![2.0, 4.0, 6.0]);
/// # Ok::<(), delimited_text::Error>(())
/// ```
pub fn unpack(array: &NpyArray) -> Result<Vec<NpyArray>> {
    if let Some(record) = array.dtype().as_record() {
        return record
            .fields()
            .iter()
            .map(|f| array.field(&f.name).map_err(Error::from))
            .collect();
    }
    let [rows, cols] = array.shape() else {
        return Ok(vec![array.clone()]);
    };
    let (rows, cols) = (*rows, *cols);
    let c = array.to_c_order();
    let isz = c.dtype().itemsize();
    (0..cols)
        .map(|j| {
            let mut data = Vec::with_capacity(rows * isz);
            for r in 0..rows {
                let at = (r * cols + j) * isz;
                data.extend_from_slice(&c.data()[at..at + isz]);
            }
            Ok(NpyArray::new(
                Header::new(c.dtype().clone(), vec![rows], false),
                data,
            )?)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_follow_ndmin() {
        assert_eq!(shape_for_ndmin(vec![1, 1], 0, false), Vec::<usize>::new());
        assert_eq!(shape_for_ndmin(vec![1, 1], 1, false), vec![1]);
        assert_eq!(shape_for_ndmin(vec![1, 2], 2, false), vec![1, 2]);
        assert_eq!(shape_for_ndmin(vec![2, 1], 0, false), vec![2]);
        assert_eq!(shape_for_ndmin(vec![0], 2, false), vec![0, 1]);
    }
}
