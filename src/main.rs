//! `megaconstellation`: the viewer (default), `report` and `presets`.

use clap::Parser;
use megaconstellation::cli::{Cli, Command, ReportArgs, run_presets, run_report};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let result = match &cli.command {
        Some(Command::Report(args)) => run_report(args, &mut stdout),
        Some(Command::Presets(args)) => run_presets(args, &mut stdout),
        // The viewer is the next step; until it lands, the default preset's report.
        None => run_report(
            &ReportArgs {
                source: cli.view.source.clone(),
                at: cli.view.at.clone(),
                json: false,
                from: None,
                to: None,
                step: None,
            },
            &mut stdout,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            drop(stdout);
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
