//! Integration tests of the npio umbrella: its entry points against NumPy
//! (live, through the workspace's Python), detection of what `load` is
//! given, and the examples, run as programs.

mod common;
mod detect;
#[cfg(all(feature = "npz", feature = "mmap", feature = "text"))]
mod examples;
mod load;
#[cfg(feature = "mmap")]
mod mmap;
#[cfg(not(miri))]
mod proptests;
mod save;
#[cfg(feature = "text")]
mod text;
