//! `conjunctions`: screen the constellation and any catalogues for close
//! approaches over a span, with what they mean.

use super::source::SourceArgs;
use crate::propagation::Fleet;
use crate::safety::summary::{report, text};
use crate::safety::{PcModel, ScreenOptions, screen};
use crate::time::{parse_duration, parse_instant};
use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::Args;
use std::io::Write;

/// Longest span, days.
pub const MAX_SPAN_DAYS: f64 = 30.0;
/// Largest screening distance, km.
pub const MAX_DISTANCE_KM: f64 = 100.0;

/// `conjunctions`' flags.
#[derive(Debug, Args)]
pub struct ConjunctionsArgs {
    /// The constellation.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Start of the span (RFC 3339) [default: now].
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Length of the span: 6h, 1d, 1w … (at most 30 days).
    #[arg(long, value_name = "DURATION", default_value = "1d")]
    pub span: String,
    /// Screening distance, km (more than 0, at most 100).
    #[arg(long, value_name = "KM", default_value_t = crate::safety::DEFAULT_DISTANCE_KM, allow_negative_numbers = true)]
    pub distance: f64,
    /// How many of the closest events to list.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,
    /// For each Walker shell, the phasing factor F that maximises its minimum separation.
    #[arg(long)]
    pub best_phasing: bool,
    /// JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Add a made-up catalogue of N objects with a realistic spread of orbits (for timing).
    #[arg(long, value_name = "N", hide = true)]
    pub synthetic_catalog: Option<usize>,
}

/// Runs `conjunctions`.
pub fn run_conjunctions(args: &ConjunctionsArgs, out: &mut dyn Write) -> Result<()> {
    if !(args.distance.is_finite() && args.distance > 0.0 && args.distance <= MAX_DISTANCE_KM) {
        bail!(
            "--distance {}: expected a distance of more than 0 and at most {MAX_DISTANCE_KM} km",
            args.distance
        );
    }
    let span = parse_duration(&args.span).context("--span")?;
    let span_s = span
        .num_nanoseconds()
        .map_or(f64::INFINITY, |n| n as f64 * 1e-9);
    if !(span_s > 0.0 && span_s <= MAX_SPAN_DAYS * 86_400.0) {
        bail!(
            "--span {}: expected a span of more than 0 and at most {MAX_SPAN_DAYS} days",
            args.span
        );
    }
    let from = match &args.at {
        Some(t) => parse_instant(t).context("--at")?,
        None => Utc::now(),
    };
    let mut constellation = args.source.load()?;
    if let Some(n) = args.synthetic_catalog {
        constellation.catalogs.push(crate::catalog::Catalog {
            origin: crate::error::Origin("synthetic".into()),
            name: format!("synthetic-{n}"),
            elements: crate::safety::synthetic::catalog(n, from, 1),
        });
    }
    let fleet = Fleet::new(&constellation)?;
    let spec = &constellation.spec;
    let pc = PcModel::new(&spec.safety, &spec.satellite);
    let options = ScreenOptions {
        distance_km: args.distance,
        ..ScreenOptions::default()
    };
    let bar = indicatif::ProgressBar::new(1000);
    bar.set_style(
        indicatif::ProgressStyle::with_template("screening {bar:40} {percent}%, {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let screening = screen(&fleet, from, span_s, options, pc, &|f| {
        bar.set_position((f * 1000.0) as u64);
        true
    })?;
    bar.finish_and_clear();
    let r = report(
        &screening,
        &fleet,
        &spec.safety.manoeuvre_thresholds,
        args.top,
        args.best_phasing,
    );
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&r)?)?;
    } else {
        write!(out, "{}", text(&constellation.display_name(), &r))?;
    }
    Ok(())
}
