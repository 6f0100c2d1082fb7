//! How many values one element of a dtype decodes into, for the read
//! checks that bound their decoding (`npy_read`, `npz_read`; each includes
//! this file with `#[path]` and has `DType` in scope).

use super::DType;

/// Values one element decodes into: a subarray field of zero-size items
/// (`('a', '|V0', (1000000,))`) decodes into that many values while taking
/// no bytes, so the number of values is not bounded by the input size.
pub fn decode_cost(dt: &DType) -> u128 {
    match dt.as_record() {
        None => 1,
        Some(r) => r.fields().iter().fold(1u128, |acc, f| {
            let n = f
                .shape
                .iter()
                .fold(1u128, |a, &d| a.saturating_mul(d as u128));
            acc.saturating_add(n.saturating_mul(decode_cost(&f.dtype)))
        }),
    }
}
