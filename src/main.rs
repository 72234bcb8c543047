//! The `comptoir` binary: parse the command line, run it, say errors in one line.

use std::process::ExitCode;

use clap::FromArgMatches;

fn main() -> ExitCode {
    // Output piped into a reader that stops early (`| head`): end quietly, as command-line
    // tools do, instead of a panic on the first write that fails. (Windows has no SIGPIPE;
    // there the write error ends the command with a sentence.)
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // Windows has no SIGPIPE: there a write to a reader that went away fails, and `println!`
    // panics; that panic ends the command quietly, as the signal does elsewhere.
    #[cfg(not(unix))]
    {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let text = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("");
            if text.starts_with("failed printing to stdout") {
                std::process::exit(0);
            }
            default(info);
        }));
    }
    // Temporary copies are removed on Ctrl+C and SIGTERM.
    comptoir::sync::install_cleanup();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    comptoir::cli::choose_lang(&args);
    let parsed = comptoir::cli::command()
        .try_get_matches_from(&args)
        .and_then(|m| comptoir::cli::Cli::from_arg_matches(&m));
    let cli = match parsed {
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
