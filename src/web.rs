//! The browser build: URL parameters, the page around the canvas (loading
//! screen, a frame counter the tests read), uploading a constellation file
//! and a shareable link.
//!
//! URL parameters: `preset`, `at` (RFC 3339), `warp`, `paused`, `limit`.

use crate::constellation::{Constellation, DEFAULT_PRESET};
use crate::viewer::clock::SimClock;
use crate::viewer::scene::SceneFleet;
use crate::viewer::{Output, ViewerConfig, build_app};
use bevy::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// What the page's URL asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UrlParams {
    /// `preset`
    pub preset: Option<String>,
    /// `at`
    pub at: Option<String>,
    /// `warp`
    pub warp: Option<f64>,
    /// `paused` (present, or `=1`/`=true`)
    pub paused: bool,
    /// `limit`
    pub limit: Option<usize>,
}

impl UrlParams {
    /// Parses a query string (`?preset=odc-1m&warp=60`); unknown keys are ignored,
    /// malformed values are reported.
    pub fn parse(query: &str) -> Result<Self, String> {
        let mut p = UrlParams::default();
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|s| !s.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = js_sys::decode_uri_component(v)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| v.to_owned());
            match k {
                "preset" => p.preset = Some(v),
                "at" => p.at = Some(v),
                "warp" => {
                    let expected = |e: &str| format!("warp={v}: {e}");
                    let w = v.parse().map_err(|_| expected("expected a number"))?;
                    p.warp = Some(crate::viewer::clock::check_warp(w).map_err(expected)?);
                }
                "paused" => p.paused = v.is_empty() || v == "1" || v == "true",
                "limit" => {
                    p.limit = Some(
                        v.parse()
                            .map_err(|_| format!("limit={v}: expected a whole number"))?,
                    )
                }
                _ => {}
            }
        }
        Ok(p)
    }
}

/// Shows an error on the page (and in the console).
fn show_error(message: &str) {
    web_sys::console::error_1(&message.into());
    if let Some(doc) = web_sys::window().and_then(|w| w.document())
        && let Some(el) = doc.get_element_by_id("status")
    {
        el.set_text_content(Some(message));
        let _ = el.set_attribute("class", "error");
    }
}

/// The browser's entry point.
pub fn run() {
    std::panic::set_hook(Box::new(|info| {
        show_error(&format!("megaconstellation stopped: {info}"))
    }));
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = match UrlParams::parse(&query) {
        Ok(p) => p,
        Err(e) => {
            show_error(&e);
            return;
        }
    };
    let preset = params
        .preset
        .clone()
        .unwrap_or_else(|| DEFAULT_PRESET.to_owned());
    let constellation = match Constellation::from_preset(&preset) {
        Ok(c) => c,
        Err(e) => {
            show_error(&e.to_string());
            return;
        }
    };
    let start = match &params.at {
        Some(t) => match crate::time::parse_instant(t) {
            Ok(t) => t,
            Err(e) => {
                show_error(&format!("at: {e}"));
                return;
            }
        },
        None => chrono::Utc::now(),
    };
    let scene = match SceneFleet::new(constellation, params.limit) {
        Ok(s) => s,
        Err(e) => {
            show_error(&e.to_string());
            return;
        }
    };
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
    };
    let mut app = build_app(config);
    app.add_systems(Last, publish_progress)
        .add_systems(Update, deliver_upload);
    app.run();
}

/// Tells the page how the app is doing: `window.megaconstellation = {frames, drawn, satellites}`,
/// and hides the loading screen on the first frame with satellites.
fn publish_progress(
    counter: Res<crate::viewer::render::DrawCounter>,
    frame: Res<crate::viewer::scene::SceneFrame>,
    scene: Res<SceneFleet>,
    mut shown: Local<bool>,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let drawn = counter.get();
    let status = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&status, &"frames".into(), &(drawn as f64).into());
    let _ = js_sys::Reflect::set(&status, &"drawn".into(), &f64::from(frame.drawn).into());
    let _ = js_sys::Reflect::set(
        &status,
        &"satellites".into(),
        &(scene.fleet.len() as f64).into(),
    );
    let _ = js_sys::Reflect::set(&window, &"megaconstellation".into(), &status);
    if drawn > 0 && !*shown {
        *shown = true;
        if let Ok(f) = js_sys::Reflect::get(&window, &"megaconstellationReady".into())
            && let Some(f) = f.dyn_ref::<js_sys::Function>()
        {
            let _ = f.call0(&JsValue::NULL);
        }
    }
}

thread_local! {
    /// A file the user picked, waiting to be loaded: (name, text).
    static UPLOADED: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Opens the browser's file picker; the chosen file is loaded on a later frame.
pub fn pick_file() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(input) = doc.create_element("input") else {
        return;
    };
    let Ok(input) = input.dyn_into::<web_sys::HtmlInputElement>() else {
        return;
    };
    input.set_type("file");
    input.set_accept(".toml,text/plain");
    let picked = input.clone();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        let Some(file) = picked.files().and_then(|f| f.get(0)) else {
            return;
        };
        let name = file.name();
        wasm_bindgen_futures::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            if let Ok(text) = text
                && let Some(text) = text.as_string()
            {
                UPLOADED.with(|u| *u.borrow_mut() = Some((name, text)));
            }
        });
    });
    input.set_onchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    input.click();
}

/// Hands an uploaded file to the panels as an action.
fn deliver_upload(mut panels: ResMut<crate::viewer::ui::Panels>) {
    if let Some((name, text)) = UPLOADED.with(|u| u.borrow_mut().take()) {
        panels
            .0
            .actions
            .push(crate::viewer::ui::model::Action::OpenText(name, text));
    }
}

/// The page's address with the current preset, time, warp and pause, and
/// copies it to the clipboard where the browser allows.
pub fn share_link(
    preset: Option<&str>,
    at: chrono::DateTime<chrono::Utc>,
    warp: f64,
    paused: bool,
    limit: Option<usize>,
) -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    let mut query = vec![
        format!("at={}", crate::report::rfc3339(at)),
        format!("warp={warp}"),
    ];
    if let Some(p) = preset {
        query.insert(0, format!("preset={p}"));
    }
    if paused {
        query.push("paused=1".into());
    }
    if let Some(n) = limit {
        query.push(format!("limit={n}"));
    }
    let link = format!("{base}?{}", query.join("&"));
    let _ = window.navigator().clipboard().write_text(&link);
    link
}
