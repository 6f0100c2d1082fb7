//! Command-line arguments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Inspect, convert, verify and preview NumPy's .npy files.
#[derive(Debug, Parser)]
#[command(name = "npio", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Describe files without reading their data.
    #[command(after_help = "Examples:\n  npio info weights.npy\n  npio info --json *.npy")]
    Info(InfoArgs),
    /// Convert between formats (.npy → .npy today), writing atomically.
    #[command(
        after_help = "Examples:\n  npio convert big_endian.npy copy.npy\n  npio convert in.npy out.npy --version 2"
    )]
    Convert(ConvertArgs),
    /// Read every array completely; exit 1 if any file is unsound.
    #[command(after_help = "Examples:\n  npio verify data/*.npy")]
    Verify(VerifyArgs),
    /// Print the first rows of an array.
    #[command(after_help = "Examples:\n  npio head weights.npy\n  npio head -n 3 table.npy")]
    Head(HeadArgs),
}

/// Limits on what a file's header may ask for.
#[derive(Debug, Clone, Args)]
pub struct Limits {
    /// Longest .npy header accepted, in characters (NumPy's default: 10000).
    /// Raise it only for files you trust.
    #[arg(long, value_name = "CHARS", default_value_t = 10_000)]
    pub max_header_size: usize,
}

impl Limits {
    pub fn read_options(&self) -> npy_format::ReadOptions {
        let mut opts = npy_format::ReadOptions::new();
        opts.max_header_size(self.max_header_size);
        opts
    }
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    #[command(flatten)]
    pub limits: Limits,
    /// Files to describe.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// One JSON object per file, one per line.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    #[command(flatten)]
    pub limits: Limits,
    /// The file to read.
    pub input: PathBuf,
    /// The file to write (replaced atomically).
    pub output: PathBuf,
    /// Input format, overriding the extension (npy).
    #[arg(long, value_name = "FMT")]
    pub from: Option<String>,
    /// Output format, overriding the extension (npy).
    #[arg(long, value_name = "FMT")]
    pub to: Option<String>,
    /// Force the .npy header version (1, 2 or 3).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub version: Option<u8>,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub limits: Limits,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Files to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HeadArgs {
    #[command(flatten)]
    pub limits: Limits,
    /// The file to preview.
    pub path: PathBuf,
    /// Number of rows to print.
    #[arg(short = 'n', long = "rows", default_value_t = 10)]
    pub rows: usize,
    /// Member of an .npz archive.
    #[arg(long, value_name = "NAME")]
    pub member: Option<String>,
}
