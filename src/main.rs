//! `megaconstellation`: the viewer (default), `report`, `sky`, `presets`, `bench`
//! and `record`; in the browser, the viewer alone.

#[cfg(target_arch = "wasm32")]
fn main() {
    #[cfg(feature = "viewer")]
    megaconstellation::web::run();
}

#[cfg(not(target_arch = "wasm32"))]
use clap::Parser;
#[cfg(not(target_arch = "wasm32"))]
use megaconstellation::cli::{
    Cli, Command, run_bench, run_conjunctions, run_lifetime, run_links, run_presets, run_report,
    run_sky,
};
#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    #[cfg(feature = "viewer")]
    let process_start = bevy::platform::time::Instant::now();
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let result = match &cli.command {
        Some(Command::Report(args)) => run_report(args, &mut stdout),
        Some(Command::Presets(args)) => run_presets(args, &mut stdout),
        Some(Command::Bench(args)) => run_bench(args, &mut stdout),
        Some(Command::Sky(args)) => run_sky(args, &mut stdout),
        Some(Command::Links(args)) => run_links(args, &mut stdout),
        Some(Command::Conjunctions(args)) => run_conjunctions(args, &mut stdout),
        Some(Command::Lifetime(args)) => run_lifetime(args, &mut stdout),
        #[cfg(feature = "viewer")]
        Some(Command::Record(args)) => megaconstellation::cli::run_record(args, &mut stdout),
        #[cfg(feature = "viewer")]
        None => megaconstellation::cli::run_viewer(&cli.view, process_start),
        // Without the viewer, the default preset's report.
        #[cfg(not(feature = "viewer"))]
        None => run_report(
            &megaconstellation::cli::ReportArgs {
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
            // A recording stopped by Ctrl-C or SIGTERM, as a shell reports a SIGINT.
            #[cfg(feature = "viewer")]
            if e.downcast_ref::<megaconstellation::viewer::record::command::Interrupted>()
                .is_some()
            {
                return ExitCode::from(130);
            }
            ExitCode::from(2)
        }
    }
}
