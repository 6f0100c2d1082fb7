//! The `npio` command: inspect, convert, verify and preview NumPy files.
//!
//! Exit status: 0 on success, 1 when an input is bad or an operation fails
//! (one `error:` line per problem on stderr, naming the file), 2 for usage
//! errors.

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
use std::process::ExitCode;

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
