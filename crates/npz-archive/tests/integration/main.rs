//! Integration tests of npz-archive: NumPy-made archives, live round trips
//! through NumPy, property tests, hostile archives, zip64.

mod chunked;
mod common;
mod describe;
mod fixtures;
mod hostile;
mod numpy_live;
mod proptests;
mod regressions;
mod roundtrip;
mod scipy_live;
mod sparse;
mod zip64;
