//! The `argmap` binary: parses the command line and dispatches to one module per command
//! (`src/cli/`); everything else is the library.

mod cli;

/// mimalloc instead of the system allocator: reading a million-claim map allocates and frees
/// millions of small strings and vectors, and spends a third less time doing it (`benches/eval`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
