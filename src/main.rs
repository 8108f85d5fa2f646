//! The `argmap` binary: parses the command line and dispatches to one module per command
//! (`src/cli/`); everything else is the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
