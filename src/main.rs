//! The `comptoir` binary: parse the command line, run it, say errors in one French line.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = comptoir::cli::Cli::parse();
    match comptoir::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("comptoir : {}", comptoir::strings::user_error(&e));
            ExitCode::from(1)
        }
    }
}
