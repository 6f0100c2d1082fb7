//! Shared helpers for npio benchmarks.
