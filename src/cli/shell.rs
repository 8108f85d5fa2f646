//! No command: the interactive shell on a terminal, or script mode on piped input.

use super::{CliError, Context, read_argument};
use argmap::named::Library;
use argmap::repl::{self, Session};
use std::io::{self, IsTerminal};

pub fn run(context: Context) -> Result<(), CliError> {
    let library = Library::load(context.store.prefixes(), &context.queries)?;
    let mut session = Session::new(context.store, library);
    session.set_budget(context.budget);
    // This very binary, even if its file was replaced since it started.
    #[cfg(target_os = "linux")]
    {
        session = session.with_query_process("/proc/self/exe".into());
    }
    if let Some(endpoint) = context.endpoint {
        session = session.with_endpoint(endpoint);
    }
    if io::stdin().is_terminal() {
        return Ok(repl::interactive(session)?);
    }
    let script = read_argument("-", "statements")?;
    if repl::piped(&mut session, &script, "<stdin>") {
        Ok(())
    } else {
        Err(CliError::Reported)
    }
}
