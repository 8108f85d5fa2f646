//! `argmap af`: an abstract argumentation solver with the ICCMA 2023 interface.

use super::CliError;
use argmap::eval::af::Limits;
use argmap::eval::iccma::{self, FileFormat, IccmaError, Problem};
use std::io::{self, Write};
use std::path::PathBuf;

/// Solve an abstract argumentation framework the ICCMA way: decide credulous (DC) or sceptical
/// (DS) acceptance of an argument, or give some extension (SE).
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  argmap af --problem SE-GR framework.af
  argmap af -p DC-PR -a 3 -f framework.af
  argmap af -p DS-ST --arg a framework.apx
  argmap af --problems

Formats: ICCMA 2023 (`p af N`, then `i j` per attack; .af .i23), ASPARTIX (`arg(a).`,
`att(a,b).`; .apx) and TGF (.tgf); --format overrides the extension.
Answers, as in ICCMA 2023: SE prints `w` and the extension's arguments, or NO when there is
none; DC prints YES and a `w` line with an extension containing the argument, or NO; DS
prints YES, or NO and a `w` line with an extension that does not contain it. EE (argmap's
own) prints one `w` line per extension.")]
pub struct Args {
    /// The problem: DC-, DS-, SE- or EE- followed by GR, CO, PR, ST or SST.
    #[arg(
        long,
        short,
        value_name = "PROBLEM",
        required_unless_present = "problems"
    )]
    problem: Option<String>,
    /// The argument a DC or DS problem asks about (its number in an ICCMA file, its name in
    /// .apx and .tgf).
    #[arg(long, short, value_name = "NAME")]
    arg: Option<String>,
    /// The framework file.
    #[arg(value_name = "FILE", required_unless_present_any = ["file", "problems"])]
    path: Option<PathBuf>,
    /// The framework file (the ICCMA solver interface's -f).
    #[arg(long, short, value_name = "FILE", conflicts_with = "path")]
    file: Option<PathBuf>,
    /// iccma, apx or tgf (default: from the file's extension; ICCMA 2023 unless .apx/.tgf).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    format: Option<FileFormat>,
    /// How many complete labellings the search may visit before it gives up (not grounded).
    #[arg(long, value_name = "N", default_value_t = Limits::default().labellings)]
    max_labellings: usize,
    /// List the problems this solver supports, ICCMA style.
    #[arg(long)]
    problems: bool,
}

fn parse_format(name: &str) -> Result<FileFormat, String> {
    FileFormat::parse(name).ok_or_else(|| format!("{name:?} is not iccma, apx or tgf"))
}

pub fn run(args: Args) -> Result<(), CliError> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.problems {
        let names: Vec<String> = Problem::all().map(|p| p.to_string()).collect();
        writeln!(out, "[{}]", names.join(",")).map_err(IccmaError::from)?;
        return Ok(());
    }
    let problem: Problem = args.problem.as_deref().unwrap_or_default().parse()?;
    let Some(path) = args.path.or(args.file) else {
        return Err(IccmaError::Query("give the framework file".into()).into());
    };
    // Check the question before reading a large file.
    problem.check_argument(args.arg.as_deref())?;
    let format = args.format.unwrap_or_else(|| FileFormat::for_path(&path));
    let parsed = iccma::read_file(&path, format)?;
    let limits = Limits {
        labellings: args.max_labellings,
    };
    problem.solve(&parsed, args.arg.as_deref(), &limits, &mut out)?;
    Ok(())
}
