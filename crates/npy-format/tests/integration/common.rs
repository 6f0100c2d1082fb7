//! Helpers shared by the integration tests.

pub use npio_test_support::{hex, run_python, to_hex, workspace};
use serde_json::Value as Json;
use std::path::PathBuf;

/// The fixture corpus folder.
pub fn npy_dir() -> PathBuf {
    workspace().join("testdata/npy")
}

/// One manifest entry per fixture file.
pub fn manifest() -> Vec<Json> {
    let text = std::fs::read_to_string(npy_dir().join("manifest.json")).unwrap();
    match serde_json::from_str(&text).unwrap() {
        Json::Array(v) => v,
        _ => panic!("manifest is not a list"),
    }
}
