//! Captions drawn over the scene: a title and a lower third, with opacity
//! (set by shot scripts when recording).

use crate::safety::summary::CloseApproach;
use crate::sky::SkyAt;
use crate::sky::view::Twilight;
use crate::units::grouped;
use crate::viewer::links::live::{LinksLive, RouteShown};
use crate::viewer::observer::counts::SkyCounts;
use crate::viewer::observer::settings::ObserverSettings;
use crate::viewer::safety::live::SafetyLive;
use crate::viewer::safety::settings::SafetySettings;
use bevy::prelude::*;
use bevy_egui::egui;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Captions drawn over the frame (title and lower third, with opacity).
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Captions {
    /// Title text and opacity.
    pub title: Option<(String, f32)>,
    /// Lower-third text and opacity.
    pub lower_third: Option<(String, f32)>,
}

/// Draws the captions, laid out and placed in the frame that shows them:
/// painted directly (not in egui areas, which spend a new area's first
/// frame measuring it, invisible, and place changed text by its old size).
pub fn captions_ui(
    mut contexts: bevy_egui::EguiContexts,
    captions: Res<Captions>,
    clock: Res<crate::viewer::clock::SimClock>,
    observer: Option<Res<ObserverSettings>>,
    counts: Option<Res<SkyCounts>>,
    links: Option<Res<LinksLive>>,
    safety: (Option<Res<SafetyLive>>, Option<Res<SafetySettings>>),
) -> bevy::prelude::Result {
    let event = match safety {
        (Some(live), Some(settings)) => settings
            .chosen
            .and_then(|k| live.latest.as_ref()?.report.closest.get(k).cloned()),
        _ => None,
    };
    let live = |text: &str| {
        let text = match &links {
            Some(l) => with_route(text, l.latest.as_ref().and_then(|s| s.route.as_ref())),
            None => text.to_owned(),
        };
        let text = with_conjunction(&text, event.as_ref());
        match (&observer, &counts) {
            (Some(o), Some(c)) => with_counts(&text, o, c.latest.as_deref(), clock.now()),
            _ => text,
        }
    };
    let ctx = contexts.ctx_mut()?;
    let rect = ctx.content_rect();
    let scale = rect.height() / 720.0;
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::new("captions"),
    ));
    let white = |alpha: f32| egui::Color32::from_white_alpha((255.0 * alpha.clamp(0.0, 1.0)) as u8);
    // Captions wrap, and shrink if they must, to stay inside the frame at
    // any size `record` takes.
    let fit = |text: &str, alpha: f32, size: f32, wrap: f32| {
        let text = live(text);
        fitted(
            |size, wrap| {
                painter.layout(
                    text.clone(),
                    egui::FontId::proportional(size),
                    white(alpha),
                    wrap,
                )
            },
            size,
            wrap,
            rect.height() * 0.4,
        )
    };
    if let Some((text, alpha)) = &captions.title {
        let galley = fit(text, *alpha, 44.0 * scale, rect.width() * TITLE_WIDTH);
        let top_centre = egui::pos2(rect.center().x, rect.top() + rect.height() * 0.08);
        painter.galley(
            top_centre - egui::vec2(galley.size().x / 2.0, 0.0),
            galley,
            white(*alpha),
        );
    }
    if let Some((text, alpha)) = &captions.lower_third {
        let galley = fit(text, *alpha, 24.0 * scale, lower_third_wrap_width(rect));
        let (backdrop, text_pos) = lower_third_place(galley.size(), rect);
        painter.rect_filled(
            backdrop,
            0.0,
            egui::Color32::from_black_alpha((160.0 * alpha.clamp(0.0, 1.0)) as u8),
        );
        painter.galley(text_pos, galley, white(*alpha));
    }
    Ok(())
}

/// A caption laid out by `layout` (font size and wrap width → galley) at
/// `size` wrapped at `wrap`, or smaller until it fits: no line wider than
/// `wrap` (a word longer than the line cannot wrap) and no taller than
/// `max_height`.
pub fn fitted(
    mut layout: impl FnMut(f32, f32) -> Arc<egui::Galley>,
    size: f32,
    wrap: f32,
    max_height: f32,
) -> Arc<egui::Galley> {
    let mut size = size;
    loop {
        let galley = layout(size, wrap);
        let g = galley.size();
        if (g.x <= wrap + 0.5 && g.y <= max_height) || size <= 1.0 {
            return galley;
        }
        let by = (wrap / g.x).min(max_height / g.y).clamp(0.5, 0.9);
        size = (size * by).max(1.0);
    }
}

/// The lower third's margin inside its backdrop in a frame `rect`.
fn lower_third_margin(rect: egui::Rect) -> egui::Vec2 {
    egui::vec2(14.0, 8.0) * (rect.height() / 720.0)
}

/// The width a lower third's text wraps at in a frame `rect`.
pub fn lower_third_wrap_width(rect: egui::Rect) -> f32 {
    rect.width() * LOWER_THIRD_WIDTH - 2.0 * lower_third_margin(rect).x
}

/// Where a lower third of text size `size` goes in a frame `rect`: its
/// backdrop, and its text's top left (5% in from the left, 10% up from the
/// bottom).
pub fn lower_third_place(size: egui::Vec2, rect: egui::Rect) -> (egui::Rect, egui::Pos2) {
    let margin = lower_third_margin(rect);
    let bottom_left = egui::pos2(
        rect.left() + rect.width() * 0.05,
        rect.bottom() - rect.height() * 0.1,
    );
    let text_pos = bottom_left + egui::vec2(margin.x, -margin.y - size.y);
    (
        egui::Rect::from_min_size(text_pos - margin, size + 2.0 * margin),
        text_pos,
    )
}

/// Most of the frame's width a title takes before it wraps.
pub const TITLE_WIDTH: f32 = 0.9;
/// Most of the frame's width a lower third takes, its backdrop included
/// (it starts 5% in from the left).
pub const LOWER_THIRD_WIDTH: f32 = 0.9;

/// A caption with the observer's live numbers put in for `{sunlit_above_30}`,
/// `{sunlit_above_horizon}`, `{above_horizon}`, `{brighter_than_6}`,
/// `{trails}`, `{sun_altitude}`, `{twilight}`, `{local_time}` and `{site}`
/// (counts as "…" until the first are in).
pub fn with_counts(
    text: &str,
    observer: &ObserverSettings,
    sky: Option<&SkyAt>,
    at: DateTime<Utc>,
) -> String {
    if !text.contains('{') {
        return text.to_owned();
    }
    let site = &observer.site;
    let sun = crate::sky::sun_altitude_rad(site, at).to_degrees();
    let local = at + crate::sky::night::mean_solar_offset(site);
    let count = |f: fn(&SkyAt) -> u64| sky.map_or("…".to_owned(), |s| grouped(f(s)));
    let fields: [(&str, String); 9] = [
        ("{sunlit_above_30}", count(|s| s.tally.sunlit_above_30deg)),
        (
            "{sunlit_above_horizon}",
            count(|s| s.tally.sunlit_above_horizon),
        ),
        ("{above_horizon}", count(|s| s.tally.above_horizon)),
        ("{brighter_than_6}", count(|s| s.tally.brighter_than_mag6)),
        ("{trails}", count(|s| s.tally.trails)),
        ("{sun_altitude}", format!("{sun:+.1}°")),
        (
            "{twilight}",
            Twilight::of_sun_altitude_deg(sun).label().to_owned(),
        ),
        ("{local_time}", local.format("%H:%M").to_string()),
        ("{site}", site.name.clone()),
    ];
    let mut out = text.to_owned();
    for (key, value) in fields {
        out = out.replace(key, &value);
    }
    out
}

/// A caption with the chosen close approach put in for `{miss_m}` (metres),
/// `{pc}` (collision probability) and `{pair}` (both objects), "…" while
/// there is none.
pub fn with_conjunction(text: &str, event: Option<&CloseApproach>) -> String {
    if !text.contains('{') {
        return text.to_owned();
    }
    let or = |f: &dyn Fn(&CloseApproach) -> String| event.map_or("…".to_owned(), f);
    text.replace(
        "{miss_m}",
        &or(&|e| grouped((e.encounter.miss_km * 1000.0).round() as u64)),
    )
    .replace("{pc}", &or(&|e| format!("{:.1e}", e.encounter.pc)))
    .replace("{pair}", &or(&|e| format!("{} and {}", e.a, e.b)))
}

/// A caption with the route's live numbers put in for `{latency_ms}`,
/// `{fibre_latency_ms}`, `{hops}`, `{path_km}` and `{route}` ("…" until the
/// first are in, "no route" while there is none).
pub fn with_route(text: &str, route: Option<&RouteShown>) -> String {
    if !text.contains('{') {
        return text.to_owned();
    }
    let route = route.map(|r| &r.summary);
    let or = |v: Option<String>| {
        v.unwrap_or_else(|| {
            if route.is_some() {
                "no route".into()
            } else {
                "…".into()
            }
        })
    };
    let fields: [(&str, String); 5] = [
        (
            "{latency_ms}",
            or(route
                .and_then(|r| r.latency_ms)
                .map(|ms| format!("{ms:.1}"))),
        ),
        (
            "{fibre_latency_ms}",
            route.map_or("…".into(), |r| format!("{:.1}", r.fibre_latency_ms)),
        ),
        (
            "{hops}",
            or(route.and_then(|r| r.hops).map(|h| h.to_string())),
        ),
        (
            "{path_km}",
            or(route
                .and_then(|r| r.path_km)
                .map(|km| grouped(km.round() as u64))),
        ),
        (
            "{route}",
            route.map_or("…".into(), |r| format!("{} – {}", r.from, r.to)),
        ),
    ];
    let mut out = text.to_owned();
    for (key, value) in fields {
        out = out.replace(key, &value);
    }
    out
}

#[cfg(test)]
mod tests {

    /// A lower third twice as long as the longest we ship (a shot script's
    /// captions are the user's: any length) stays inside the frame at
    /// every size `record` takes, where on one line it runs off the right
    /// edge of 480×270 and larger frames alike.
    #[test]
    fn a_long_caption_wraps_or_shrinks_inside_the_frame() {
        let ctx = egui::Context::default();
        let _ = ctx.run_ui(egui::RawInput::default(), |_| {});
        let longest = "the laser mesh of sso-525 (+Grid: two neighbours in the plane, one in each plane beside); London – Sydney: 76.5 ms";
        let text = format!("{longest}; {longest}");
        let mut ran_off = 0;
        for (w, h) in [
            (1.0, 1.0),
            (64.0, 36.0),
            (480.0, 270.0),
            (1920.0, 1080.0),
            (3840.0, 2160.0),
        ] {
            let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(w, h));
            let wrap = lower_third_wrap_width(rect);
            let layout = |size: f32, wrap: f32| {
                ctx.fonts_mut(|f| {
                    f.layout(
                        text.clone(),
                        egui::FontId::proportional(size),
                        egui::Color32::WHITE,
                        wrap,
                    )
                })
            };
            let size = 24.0 * h / 720.0;
            let galley = fitted(layout, size, wrap, h * 0.4);
            let (backdrop, _) = lower_third_place(galley.size(), rect);
            // At 1×1 nothing fits; from 64×36 on, the caption does.
            if w >= 64.0 {
                assert!(
                    rect.expand(0.5).contains_rect(backdrop),
                    "{w}×{h}: the caption's backdrop {backdrop:?} leaves the frame"
                );
            }
            // On one line, as before, it ran off.
            if w >= 480.0 {
                let one_line = layout(size, f32::INFINITY);
                ran_off +=
                    usize::from(!rect.contains_rect(lower_third_place(one_line.size(), rect).0));
            }
        }
        assert_eq!(ran_off, 3, "one line would fit: a test that cannot fail");
    }

    use super::*;

    #[test]
    fn conjunction_captions_read_the_chosen_event_or_wait_for_it() {
        let text = "{pair}: {miss_m} m, Pc {pc}";
        assert_eq!(with_conjunction(text, None), "…: … m, Pc …");
        let e = CloseApproach {
            a: "s plane 1 of 2, slot 3 of 4".into(),
            b: "ISS (ZARYA) (25544)".into(),
            a_index: 2,
            b_index: 9,
            tca: "2026-03-20T18:00:08.725Z".into(),
            tca_s: 8.725,
            encounter: crate::safety::Encounter {
                miss_km: 1.2345,
                radial_km: 0.1,
                in_track_km: 1.2,
                cross_track_km: 0.2,
                relative_speed_km_s: 14.1,
                pc: 3.26e-7,
            },
            pos_a_km: [7000.0, 0.0, 0.0],
        };
        assert_eq!(
            with_conjunction(text, Some(&e)),
            "s plane 1 of 2, slot 3 of 4 and ISS (ZARYA) (25544): 1,235 m, Pc 3.3e-7"
        );
        assert_eq!(with_conjunction("no fields", Some(&e)), "no fields");
    }

    #[test]
    fn route_captions_read_the_route_or_wait_for_it() {
        let text =
            "{route}: {latency_ms} ms, {hops} hops, {path_km} km; fibre {fibre_latency_ms} ms";
        assert_eq!(with_route(text, None), "…: … ms, … hops, … km; fibre … ms");
        let mut r = RouteShown {
            summary: crate::links::output::RouteJson {
                from: "London".into(),
                to: "Sydney".into(),
                latency_ms: Some(76.54),
                hops: Some(235),
                path_km: Some(22_934.6),
                fibre_latency_ms: 84.96,
                great_circle_km: 16_990.0,
                up_gateway: Some("London".into()),
                down_gateway: Some("Sydney".into()),
                reason: None,
            },
            satellites: vec![1, 2],
            gateway_positions: None,
        };
        assert_eq!(
            with_route(text, Some(&r)),
            "London – Sydney: 76.5 ms, 235 hops, 22,935 km; fibre 85.0 ms"
        );
        (r.summary.latency_ms, r.summary.hops, r.summary.path_km) = (None, None, None);
        assert_eq!(
            with_route(text, Some(&r)),
            "London – Sydney: no route ms, no route hops, no route km; fibre 85.0 ms"
        );
        assert_eq!(with_route("no braces", Some(&r)), "no braces");
    }

    #[test]
    fn captions_take_the_live_counts() {
        let o = ObserverSettings::default();
        let at = crate::time::parse_instant("2026-03-21T04:42:00Z").expect("time");
        let plain = with_counts("no fields", &o, None, at);
        assert_eq!(plain, "no fields");
        let waiting = with_counts(
            "{sunlit_above_30} over {site} at {local_time}",
            &o,
            None,
            at,
        );
        assert_eq!(waiting, "… over Cerro Paranal at 00:00");
        let mut sky = SkyAt {
            at,
            sun_altitude_deg: -60.0,
            tally: Default::default(),
            groups: Vec::new(),
        };
        sky.tally.sunlit_above_30deg = 12_345;
        let text = with_counts("{sunlit_above_30} lit, {twilight}", &o, Some(&sky), at);
        assert_eq!(text, "12,345 lit, night");
    }
}
