//! The browser's entry point: the page's URL parameters into a viewer
//! configuration, errors shown on the page, and the app started.

use crate::constellation::{Constellation, DEFAULT_PRESET};
use crate::error::Origin;
use crate::viewer::clock::SimClock;
use crate::viewer::config::{Output, ViewerConfig};
use crate::viewer::scene::fleet::SceneFleet;
use crate::viewer::web::page::show_error;
use crate::viewer::web::params::UrlParams;

/// Starts the app in the page, or says on the page why it cannot.
pub fn run() {
    std::panic::set_hook(Box::new(|info| {
        show_error(&format!("megaconstellation stopped: {info}"))
    }));
    if let Err(e) = start() {
        show_error(&e);
    }
}

fn start() -> Result<(), String> {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = UrlParams::parse(&query).map_err(|e| e.to_string())?;
    let constellation = match (&params.constellation, &params.preset) {
        (Some(text), _) => {
            Constellation::from_text(text, Origin("the link's constellation".into()), None)
        }
        (None, Some(name)) => Constellation::from_preset(name),
        (None, None) => Constellation::from_preset(DEFAULT_PRESET),
    }
    .map_err(|e| e.to_string())?;
    let start = match &params.at {
        Some(t) => crate::time::parse_instant(t).map_err(|e| format!("at={t}: {e}"))?,
        None => chrono::Utc::now(),
    };
    let scene = SceneFleet::new(constellation, params.limit).map_err(|e| e.to_string())?;
    let config = ViewerConfig {
        scene,
        clock: SimClock::new(start, params.warp.unwrap_or(1.0), params.paused),
        output: Output::Window {
            width: 1280,
            height: 720,
        },
        bench_seconds: None,
        process_start: bevy::platform::time::Instant::now(),
        limit: params.limit,
        // The browser builds have no Bevy atmosphere (feature `atmosphere`): the glow.
        atmosphere: false,
        observer: params.observer(&Default::default()),
        links: params.links(),
    };
    crate::viewer::build_app(config).run();
    Ok(())
}
