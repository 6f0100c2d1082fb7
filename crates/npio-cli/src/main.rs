//! The `npio` command: inspect, convert, verify and preview NumPy files.
//!
//! Exit status: 0 on success, 1 when an input is bad or an operation fails
//! (one `error:` line per problem on stderr, naming the file), 2 for usage
//! errors.

/// `print!` that ends the command quietly when the reader of standard
/// output has gone (`npio info *.npz | head`), as a pipe's writer does,
/// instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!($($arg)*))
    };
}

/// `println!`, ending quietly as [`out!`] does.
macro_rules! outln {
    () => {
        out!("\n")
    };
    ($($arg:tt)*) => {
        out!("{}\n", format_args!($($arg)*))
    };
}

mod cli;
mod convert;
mod failure;
mod format;
mod head;
mod info;
mod json;
mod location;
mod pack;
mod pipe;
mod progress;
mod sparse;
mod text;
mod verify;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

/// Writes to standard output. A closed pipe ends the process with status
/// 0 (the reader took what it wanted); another failure, with an error.
pub fn write_stdout(args: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: writing to standard output: {e}");
        std::process::exit(1);
    }
}

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let failures = match args.command {
        cli::Command::Info(a) => info::run(&a),
        cli::Command::Convert(a) => convert::run(&a),
        cli::Command::Verify(a) => verify::run(&a),
        cli::Command::Head(a) => head::run(&a),
        cli::Command::Pack(a) => pack::run_pack(&a),
        cli::Command::Unpack(a) => pack::run_unpack(&a),
    };
    if failures.is_empty() {
        return ExitCode::SUCCESS;
    }
    for f in &failures {
        eprintln!("error: {f}");
    }
    ExitCode::from(1)
}
