//! Whole programs using npio, one per job. Each is a file of
//! `crates/npio/examples/`, shown here as it is (so this page cannot
//! drift from the code), and run by the crate's tests. Run one with
//! `cargo run -p npio --example NAME`.
//!
//! # `numpy_interop`: files to and from Python
//!
//! Loads NumPy-made fixtures of several dtypes and orders, writes a `.npy`
//! and an `.npz`, and has NumPy read them back.
//!
#![doc = concat!("```rust,ignore\n", include_str!("../examples/numpy_interop.rs"), "```")]
//!
//! # `csv_to_npz`: a CSV table into a compressed archive
//!
#![doc = concat!("```rust,ignore\n", include_str!("../examples/csv_to_npz.rs"), "```")]
//!
//! # `larger_than_ram`: fill and reduce an array through a memory map
//!
#![doc = concat!("```rust,ignore\n", include_str!("../examples/larger_than_ram.rs"), "```")]
//!
//! # `append_rows`: grow a `.npy` file
//!
#![doc = concat!("```rust,ignore\n", include_str!("../examples/append_rows.rs"), "```")]
//!
//! # `inspect`: what is in these files?
//!
#![doc = concat!("```rust,ignore\n", include_str!("../examples/inspect.rs"), "```")]
