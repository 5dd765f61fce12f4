//! The page around the canvas (browser build): `window.megaconstellation`
//! (frames, counts, the constellation's name, time, the share link and where
//! some buttons are, for people's scripts and the browser test), the upload
//! input, the share link, and errors shown on the page.

use super::share::share_params;
use crate::viewer::clock::SimClock;
use crate::viewer::config::DrawLimit;
use crate::viewer::messages::{Action, Status, StatusMessage, StatusSlot};
use crate::viewer::render::DrawCounter;
use crate::viewer::scene::fleet::SceneFleet;
use crate::viewer::scene::frame::SceneFrame;
use crate::viewer::systems::ViewerSystems;
use crate::viewer::totals::Assumptions;
use crate::viewer::ui::Panels;
use bevy::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The page: status object, upload, share link.
pub struct WebPlugin;

/// The `backend` URL parameter the page was opened with.
#[derive(Resource, Clone, Default)]
struct Backend(Option<String>);

impl Plugin for WebPlugin {
    fn build(&self, app: &mut App) {
        // The page's own `backend` parameter is kept in share links.
        let backend = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .and_then(|q| super::params::UrlParams::parse(&q).ok())
            .and_then(|p| p.backend);
        app.insert_resource(Backend(backend))
            .add_message::<Action>()
            .add_message::<StatusMessage>()
            .add_systems(Startup, listen_to_upload_input)
            .add_systems(
                Update,
                (apply_web_actions, deliver_upload).in_set(ViewerSystems::Input),
            )
            .add_systems(Last, publish_status);
    }
}

/// Shows an error on the page (and in the console); the loader stops its bar.
pub fn show_error(message: &str) {
    web_sys::console::error_1(&message.into());
    if let Some(doc) = web_sys::window().and_then(|w| w.document())
        && let Some(el) = doc.get_element_by_id("status")
    {
        el.set_text_content(Some(message));
        let _ = el.set_attribute("class", "error");
    }
}

thread_local! {
    /// A file the user picked, waiting to be loaded: (name, text).
    static UPLOADED: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// The page's `<input type=file id=upload>`.
fn upload_input() -> Option<web_sys::HtmlInputElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id("upload")?
        .dyn_into()
        .ok()
}

/// A chosen file is read and handed over on a later frame.
fn listen_to_upload_input() {
    let Some(input) = upload_input() else {
        warn!("the page has no #upload input: Upload file will do nothing");
        return;
    };
    let picked = input.clone();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        let Some(file) = picked.files().and_then(|f| f.get(0)) else {
            return;
        };
        let name = file.name();
        // The same file chosen again must fire `change` again.
        picked.set_value("");
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
}

/// Upload opens the file picker; Share link makes the link and copies it.
fn apply_web_actions(
    mut actions: MessageReader<Action>,
    mut status: MessageWriter<StatusMessage>,
    scene: Res<SceneFleet>,
    assumptions: Res<Assumptions>,
    clock: Res<SimClock>,
    (limit, backend, observer, links): (
        Res<DrawLimit>,
        Res<Backend>,
        Res<crate::viewer::observer::settings::ObserverSettings>,
        Res<crate::viewer::links::settings::LinksSettings>,
    ),
) {
    for action in actions.read() {
        match action {
            Action::Upload => {
                if let Some(input) = upload_input() {
                    input.click();
                }
            }
            Action::ShareLink => {
                let Some(window) = web_sys::window() else {
                    continue;
                };
                let location = window.location();
                let query = share_params(
                    &scene,
                    &assumptions,
                    &clock,
                    &observer,
                    &links,
                    limit.0,
                    backend.0.clone(),
                )
                .to_query();
                let link = format!(
                    "{}{}?{query}",
                    location.origin().unwrap_or_default(),
                    location.pathname().unwrap_or_default()
                );
                // Awaited so that a refusal (no permission) is no uncaught
                // rejection: the link is in the panel all the same.
                let copied = window.navigator().clipboard().write_text(&link);
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(copied).await;
                });
                status.write(StatusMessage {
                    slot: StatusSlot::Share,
                    status: Status::Done(link),
                });
            }
            _ => {}
        }
    }
}

/// Hands an uploaded file to the scene as an action.
fn deliver_upload(mut actions: MessageWriter<Action>) {
    if let Some((name, text)) = UPLOADED.with(|u| u.borrow_mut().take()) {
        actions.write(Action::OpenText(name, text));
    }
}

/// `window.megaconstellation`, and the loading screen hidden on the first
/// frame with satellites.
fn publish_status(
    counter: Res<DrawCounter>,
    frame: Res<SceneFrame>,
    scene: Res<SceneFleet>,
    clock: Res<SimClock>,
    panels: Res<Panels>,
    mut shown: Local<bool>,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let set = |o: &js_sys::Object, k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(o, &k.into(), &v);
    };
    let drawn = counter.get();
    let status = js_sys::Object::new();
    set(&status, "frames", (drawn as f64).into());
    set(&status, "drawn", f64::from(frame.drawn).into());
    set(&status, "satellites", (scene.fleet.len() as f64).into());
    set(&status, "name", scene.constellation.display_name().into());
    set(&status, "warp", clock.warp.into());
    set(&status, "paused", clock.paused.into());
    set(&status, "at", crate::report::rfc3339(clock.now()).into());
    let m = &panels.0;
    set(
        &status,
        "shareLink",
        m.share_link.clone().map_or(JsValue::NULL, JsValue::from),
    );
    let controls = js_sys::Object::new();
    for (label, rect) in &m.controls {
        let r = js_sys::Array::new();
        for v in rect {
            r.push(&f64::from(*v).into());
        }
        set(&controls, label, r.into());
    }
    set(&status, "controls", controls.into());
    // The Sky panel's numbers while the observer's view is shown: the
    // site, the look, the sunlit satellites above 30° now, and how many
    // points the night's plot has.
    if m.sky.settings.active {
        let sky = js_sys::Object::new();
        let s = &m.sky.settings;
        set(&sky, "site", s.site.name.clone().into());
        set(&sky, "allSky", s.all_sky.into());
        set(&sky, "fov", s.fov_deg.into());
        set(
            &sky,
            "sunlitAbove30",
            m.sky.counts.as_ref().map_or(JsValue::NULL, |c| {
                (c.tally.sunlit_above_30deg as f64).into()
            }),
        );
        set(
            &sky,
            "nightPoints",
            (m.sky.night.as_ref().map_or(0, |n| n.points.len()) as f64).into(),
        );
        set(&status, "sky", sky.into());
    }
    // The Safety section: the screening's progress, then its day.
    let safety = js_sys::Object::new();
    set(
        &safety,
        "progress",
        m.safety.progress.map_or(JsValue::NULL, JsValue::from),
    );
    set(
        &safety,
        "longestSliceMs",
        m.safety
            .longest_slice_ms
            .map_or(JsValue::NULL, JsValue::from),
    );
    if let Some(r) = &m.safety.latest {
        set(&safety, "events", (r.report.events as f64).into());
        set(&safety, "screened", (r.screened as f64).into());
        set(
            &safety,
            "subset",
            r.subset.clone().map_or(JsValue::NULL, JsValue::from),
        );
        set(
            &safety,
            "closestMissM",
            r.report
                .closest
                .first()
                .map_or(JsValue::NULL, |e| (e.encounter.miss_km * 1e3).into()),
        );
    }
    set(&status, "safety", safety.into());
    set(&window, "megaconstellation", status.into());
    if drawn > 0 && !*shown {
        *shown = true;
        if let Ok(f) = js_sys::Reflect::get(&window, &"megaconstellationReady".into())
            && let Some(f) = f.dyn_ref::<js_sys::Function>()
        {
            let _ = f.call0(&JsValue::NULL);
        }
    }
}
