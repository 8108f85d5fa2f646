//! The shell's statement splitter (piped scripts) and the editor's "is this complete?" test.
//!
//! Shared by the fuzz target `split` and by `tests/fuzz_regressions.rs`: any panic is a finding.

use argmap::prefixes::Prefixes;
use argmap::repl::input;
use std::sync::OnceLock;

fn prefixes() -> &'static Prefixes {
    static PREFIXES: OnceLock<Prefixes> = OnceLock::new();
    PREFIXES.get_or_init(Prefixes::standard)
}

/// One input.
pub fn run(data: &[u8]) {
    // The shell reads bytes; what it splits is text (invalid UTF-8 is replaced before).
    let text = String::from_utf8_lossy(data);
    let prefixes = prefixes();
    let lines = text.lines().count().max(1);
    let mut last_line = 0;
    for statement in input::split(&text, prefixes) {
        // Statements come in order, each starting on a line of the script, never blank.
        assert!(
            statement.line > last_line,
            "{statement:?} after line {last_line}"
        );
        assert!(statement.line <= lines, "{statement:?} past line {lines}");
        // Never blank, except a lone `;` (an empty statement, which the session skips).
        assert!(
            statement.text.is_empty() || !input::is_blank(&statement.text),
            "{statement:?}"
        );
        last_line = statement.line;
    }
    let _ = input::is_complete(&text, prefixes);
    let _ = input::strip_terminator(&text);
    let _ = input::scan(&text);
}
