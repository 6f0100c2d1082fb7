//! Where the elements of a C- or Fortran-order array sit in memory.

/// The memory position (in elements) of the element at a logical index,
/// for data stored in C order, or in Fortran order when `fortran`.
///
/// # Example
///
/// ```
/// use npy_format::internal::memory_position;
///
/// assert_eq!(memory_position(&[2, 3], false, &[1, 2]), 5);
/// assert_eq!(memory_position(&[2, 3], true, &[1, 2]), 5);
/// assert_eq!(memory_position(&[2, 3], true, &[1, 0]), 1);
/// ```
pub fn memory_position(shape: &[usize], fortran: bool, index: &[usize]) -> usize {
    let mut pos = 0;
    let mut stride = 1;
    let dims: Box<dyn Iterator<Item = (usize, &usize)>> = if fortran {
        Box::new(index.iter().copied().zip(shape))
    } else {
        Box::new(index.iter().copied().zip(shape).rev())
    };
    for (i, d) in dims {
        pos += i * stride;
        stride *= d;
    }
    pos
}

/// The memory positions of the elements in logical (C) order: `0, 1, 2…`
/// for C-order data, the Fortran-order positions otherwise.
///
/// # Example
///
/// ```
/// let order: Vec<usize> = npy_format::internal::logical_positions(&[2, 3], true).collect();
/// assert_eq!(order, [0, 2, 4, 1, 3, 5]);
/// ```
pub fn logical_positions(shape: &[usize], fortran: bool) -> impl Iterator<Item = usize> + '_ {
    let n: usize = shape.iter().product();
    let mut index = vec![0usize; shape.len()];
    (0..n).map(move |k| {
        if !fortran {
            return k;
        }
        let pos = memory_position(shape, true, &index);
        // Advance the C-order odometer.
        for ax in (0..shape.len()).rev() {
            index[ax] += 1;
            if index[ax] < shape[ax] {
                break;
            }
            index[ax] = 0;
        }
        pos
    })
}
