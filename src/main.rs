//! The `comptoir` binary: parse the command line, run it, say errors in one French line.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match comptoir::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let (text, status) = comptoir::cli::usage::explain(&e);
            if status == 0 {
                print!("{text}");
            } else {
                eprintln!("{text}");
            }
            return ExitCode::from(status as u8);
        }
    };
    match comptoir::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("comptoir : {}", comptoir::strings::user_error(&e));
            ExitCode::from(1)
        }
    }
}
