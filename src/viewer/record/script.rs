//! Shot scripts: keyframes for a recorded video (camera, warp, panels,
//! captions), read from TOML with errors that name the line.

use crate::error::toml_key_position;
use crate::error::{LoadError, Origin, parse_toml};
use serde::{Deserialize, Serialize};

/// The camera's least distance from a followed satellite, km (the near
/// clipping plane is at 1 km).
pub const MIN_DISTANCE_NEAR_KM: f64 = 2.0;

/// A whole script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShotScript {
    /// What the video is (for the progress line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Simulated time of the first frame (RFC 3339); default: `--at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<crate::constellation::Instant>,
    /// The keyframes, in time order.
    #[serde(rename = "key")]
    pub keys: Vec<Keyframe>,
}

/// The state at one moment of the video; between keys it is interpolated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keyframe {
    /// Seconds into the video.
    pub at_s: f64,
    /// Camera azimuth measured from the Sun's direction, degrees (0: looking
    /// at noon, 90: along the terminator, 180: at midnight).
    #[serde(default = "default_yaw")]
    pub yaw_deg: f64,
    /// Camera elevation above the equator's plane, degrees.
    #[serde(default = "default_pitch")]
    pub pitch_deg: f64,
    /// Distance from the target, km.
    #[serde(default = "default_distance")]
    pub distance_km: f64,
    /// Follow this satellite (fleet index) instead of looking at the Earth's centre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow: Option<usize>,
    /// Simulated seconds per video second.
    #[serde(default = "default_warp")]
    pub warp: f64,
    /// Show the panels (with `--ui`).
    #[serde(default)]
    pub panels: bool,
    /// A title over the frame, from this key until one that changes it ("" clears).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A lower-third caption, likewise. Captions may show the observer's
    /// live counts: `{sunlit_above_30}`, `{sunlit_above_horizon}`,
    /// `{above_horizon}`, `{brighter_than_6}`, `{trails}`, `{sun_altitude}`,
    /// `{twilight}`, `{local_time}`, `{site}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_third: Option<String>,
    /// The observer's view from this site (a name of `sky --site list` or
    /// LAT,LON[,H]) from this key on; "" goes back to the space view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// The observer's all-sky picture (true) or perspective look (false), from this key on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_sky: Option<bool>,
    /// The perspective look's azimuth, degrees from north through east (interpolated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub az_deg: Option<f64>,
    /// The look's elevation, degrees (interpolated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub el_deg: Option<f64>,
    /// The look's vertical field of view, degrees (interpolated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fov_deg: Option<f64>,
    /// Trails over this many seconds (interpolated; 0: points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposure_s: Option<f64>,
    /// The limiting magnitude (interpolated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limiting_magnitude: Option<f64>,
    /// The impact map on the globe, from this key on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_map: Option<bool>,
    /// A route shown from this key on: `["London", "Sydney"]` (places as
    /// `links --route` takes them); `[]` clears it. Captions may show
    /// `{latency_ms}`, `{fibre_latency_ms}`, `{hops}`, `{path_km}`, `{route}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Vec<String>>,
    /// The laser mesh of this shell (by name) from this key on; "" hides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mesh: Option<String>,
    /// Go to the N-th closest approach of the day from the script's start
    /// (1: the closest; screened before the first frame): at this key the
    /// clock jumps to its TCA and the camera follows the pair, both
    /// selected, until a key sets another N (0: none). Captions may show
    /// `{miss_m}`, `{pc}` and `{pair}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conjunction: Option<usize>,
    /// The day's close approaches drawn as markers from this key on
    /// (default: true once a `conjunction` key has screened the day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markers: Option<bool>,
    /// Select this satellite from this key on: `shell/plane/slot`
    /// (1-based, as the Find field takes it), a NORAD number or a
    /// catalogue object's whole name; "" clears the selection. Its ground
    /// track and footprints are drawn unless `track = false`, and the
    /// Satellite panel shows it and its passes when the docks are shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<String>,
    /// The selection's ground track and footprints drawn, from this key on
    /// (default: true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<bool>,
    /// `select` as a fleet index (None: cleared), once checked against the
    /// constellation ([`ShotScript::resolve_selections`]).
    #[serde(skip)]
    pub selected: Option<Option<usize>>,
}

/// The observer's view at one instant of a video.
#[derive(Debug, Clone, PartialEq)]
pub struct ObserverShot {
    /// The site.
    pub site: crate::sky::Site,
    /// All-sky or perspective.
    pub all_sky: Option<bool>,
    /// Look azimuth, degrees.
    pub az_deg: Option<f64>,
    /// Look elevation, degrees.
    pub el_deg: Option<f64>,
    /// Field of view, degrees.
    pub fov_deg: Option<f64>,
    /// Exposure, s.
    pub exposure_s: Option<f64>,
    /// Limiting magnitude.
    pub limiting_magnitude: Option<f64>,
}

impl Keyframe {
    /// A key at `at_s` with every other field at its default.
    pub fn at(at_s: f64) -> Self {
        Self {
            at_s,
            yaw_deg: default_yaw(),
            pitch_deg: default_pitch(),
            distance_km: default_distance(),
            follow: None,
            warp: default_warp(),
            panels: false,
            title: None,
            lower_third: None,
            site: None,
            all_sky: None,
            az_deg: None,
            el_deg: None,
            fov_deg: None,
            exposure_s: None,
            limiting_magnitude: None,
            impact_map: None,
            route: None,
            mesh: None,
            conjunction: None,
            markers: None,
            select: None,
            track: None,
            selected: None,
        }
    }
}

fn default_yaw() -> f64 {
    40.0
}
fn default_pitch() -> f64 {
    20.0
}
fn default_distance() -> f64 {
    38_000.0
}
fn default_warp() -> f64 {
    60.0
}

/// The interpolated state at one instant of the video.
#[derive(Debug, Clone, PartialEq)]
pub struct ShotState {
    /// Camera azimuth from the Sun, radians.
    pub yaw_rad: f64,
    /// Camera elevation, radians.
    pub pitch_rad: f64,
    /// Distance from the target, km.
    pub distance_km: f64,
    /// How much the camera is on the followed satellite (0: Earth's centre, 1: the satellite).
    pub follow_weight: f64,
    /// The satellite followed (or being blended to/from).
    pub follow: Option<usize>,
    /// Warp.
    pub warp: f64,
    /// Panels shown.
    pub panels: bool,
    /// Title and its opacity.
    pub title: Option<(String, f32)>,
    /// Lower third and its opacity.
    pub lower_third: Option<(String, f32)>,
    /// The observer's view, if the latest key that names a site names one.
    pub observer: Option<ObserverShot>,
    /// The impact map on the globe.
    pub impact_map: bool,
    /// The route shown (from, to), if any.
    pub route: Option<(String, String)>,
    /// The shell whose mesh is shown, by name, if any.
    pub mesh: Option<String>,
    /// The close approach shown (rank, 0 the closest) and the video time
    /// of the key that went to it (the clock is at its TCA there).
    pub conjunction: Option<(usize, f64)>,
    /// The close approaches' markers drawn.
    pub markers: bool,
    /// The satellite selected (fleet index), if any.
    pub select: Option<usize>,
    /// Its ground track and footprints drawn.
    pub track: bool,
}

impl ShotScript {
    /// Resolves each `select` against the constellation's satellites (as
    /// the Find field does): a name that names none is an error at its key.
    pub fn resolve_selections(
        &mut self,
        text: &str,
        origin: &Origin,
        find: &crate::find::FindIndex,
    ) -> Result<(), LoadError> {
        for (i, k) in self.keys.iter_mut().enumerate() {
            let Some(name) = &k.select else { continue };
            if name.trim().is_empty() {
                k.selected = Some(None);
                continue;
            }
            match find.exact(name) {
                Some(index) => k.selected = Some(Some(index)),
                None => {
                    return Err(LoadError::At {
                        origin: origin.clone(),
                        line: toml_key_position(text, "key", i, "select").0,
                        column: None,
                        message: format!(
                            "`select = \"{name}\"`: no satellite is called that; expected shell/plane/slot (1-based, e.g. a shell's name/1/1), a NORAD number or a catalogue object's whole name"
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    /// Checks the routes' places and the meshes' shells against the
    /// constellation that will be recorded (its gateways and shell names).
    pub fn check_links(
        &self,
        text: &str,
        origin: &Origin,
        constellation: &crate::constellation::ConstellationSpec,
    ) -> Result<(), LoadError> {
        let model = crate::links::LinksModel::new(constellation);
        let at = |index: usize, key: &str, message: String| LoadError::At {
            origin: origin.clone(),
            line: toml_key_position(text, "key", index, key).0,
            column: None,
            message,
        };
        for (i, k) in self.keys.iter().enumerate() {
            for place in k.route.iter().flatten() {
                if let Err(e) = crate::links::parse_place(place, &model) {
                    return Err(at(i, "route", format!("`route`: {e}")));
                }
            }
            if let Some(mesh) = k.mesh.as_ref().filter(|m| !m.is_empty())
                && !constellation.shells.iter().any(|s| &s.name == mesh)
            {
                let names: Vec<&str> = constellation
                    .shells
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect();
                return Err(at(
                    i,
                    "mesh",
                    format!(
                        "`mesh = \"{mesh}\"`: there is no such shell; the shells are {}",
                        names.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Parses and checks a script; `satellites` bounds the `follow` indices.
    pub fn parse(text: &str, origin: &Origin, satellites: usize) -> Result<Self, LoadError> {
        let script: ShotScript = parse_toml(text, origin)?;
        let at = |index: usize, key: &str, message: String| LoadError::At {
            origin: origin.clone(),
            line: toml_key_position(text, "key", index, key).0,
            column: None,
            message,
        };
        if script.keys.is_empty() {
            return Err(LoadError::File {
                origin: origin.clone(),
                message: "no keyframes: expected at least one [[key]] table".into(),
            });
        }
        for (i, k) in script.keys.iter().enumerate() {
            if !(k.at_s.is_finite() && k.at_s >= 0.0) {
                return Err(at(
                    i,
                    "at_s",
                    format!("`at_s` is {}; expected seconds from 0", k.at_s),
                ));
            }
            if i > 0 && k.at_s <= script.keys[i - 1].at_s {
                return Err(at(
                    i,
                    "at_s",
                    format!(
                        "keyframe at {} s comes after the one at {} s; keyframes must be in increasing time order",
                        k.at_s,
                        script.keys[i - 1].at_s
                    ),
                ));
            }
            if !(k.pitch_deg.is_finite() && (-89.0..=89.0).contains(&k.pitch_deg)) {
                return Err(at(
                    i,
                    "pitch_deg",
                    format!("`pitch_deg` is {}; expected -89 to 89 degrees", k.pitch_deg),
                ));
            }
            if !k.yaw_deg.is_finite() {
                return Err(at(
                    i,
                    "yaw_deg",
                    format!("`yaw_deg` is {}; expected degrees", k.yaw_deg),
                ));
            }
            if !(k.distance_km.is_finite()
                && (MIN_DISTANCE_NEAR_KM..=2.0e6).contains(&k.distance_km))
            {
                return Err(at(
                    i,
                    "distance_km",
                    format!(
                        "`distance_km` is {}; expected {MIN_DISTANCE_NEAR_KM} to 2,000,000 km",
                        k.distance_km
                    ),
                ));
            }
            if !(k.warp.is_finite() && k.warp.abs() <= 1.0e7) {
                return Err(at(
                    i,
                    "warp",
                    format!("`warp` is {}; expected -10,000,000 to 10,000,000", k.warp),
                ));
            }
            if let Some(f) = k.follow
                && f >= satellites
            {
                return Err(at(
                    i,
                    "follow",
                    format!(
                        "`follow = {f}`: there is no satellite {f}; the constellation has {satellites} (0 to {})",
                        satellites.saturating_sub(1)
                    ),
                ));
            }
            if let Some(site) = &k.site
                && !site.is_empty()
                && let Err(e) = crate::sky::parse_site(site)
            {
                return Err(at(i, "site", format!("`site = \"{site}\"`: {e}")));
            }
            if let Some(route) = &k.route
                && !(route.is_empty()
                    || (route.len() == 2 && route.iter().all(|p| !p.trim().is_empty())))
            {
                return Err(at(
                    i,
                    "route",
                    format!(
                        "`route` has {} places; expected two, [\"FROM\", \"TO\"] (gateway or site names, or \"LAT,LON\"), or [] to clear it",
                        route.len()
                    ),
                ));
            }
            let ranges: [(&str, Option<f64>, f64, f64); 5] = [
                ("az_deg", k.az_deg, -1.0e6, 1.0e6),
                ("el_deg", k.el_deg, -90.0, 90.0),
                (
                    "fov_deg",
                    k.fov_deg,
                    crate::sky::view::MIN_FOV_DEG,
                    crate::sky::view::MAX_FOV_DEG,
                ),
                (
                    "exposure_s",
                    k.exposure_s,
                    0.0,
                    crate::viewer::observer::settings::MAX_VIEW_EXPOSURE_S,
                ),
                ("limiting_magnitude", k.limiting_magnitude, -5.0, 12.0),
            ];
            for (name, value, low, high) in ranges {
                if let Some(v) = value
                    && !(v.is_finite() && (low..=high).contains(&v))
                {
                    return Err(at(
                        i,
                        name,
                        format!("`{name}` is {v}; expected {low} to {high}"),
                    ));
                }
            }
            if let Some(n) = k.conjunction
                && n > crate::viewer::safety::live::KEPT_EVENTS
            {
                return Err(at(
                    i,
                    "conjunction",
                    format!(
                        "`conjunction = {n}`: expected 1 to {} (the N-th closest approach of the day), or 0 for none",
                        crate::viewer::safety::live::KEPT_EVENTS
                    ),
                ));
            }
            let on_a_satellite = k.follow.is_some() || k.conjunction.is_some_and(|n| n > 0);
            if !on_a_satellite && k.distance_km < 6_700.0 {
                return Err(at(
                    i,
                    "distance_km",
                    format!(
                        "`distance_km` is {} with the Earth's centre as target; expected at least 6,700 km (outside the Earth)",
                        k.distance_km
                    ),
                ));
            }
        }
        Ok(script)
    }

    /// A one-key script: the current view held still (the viewer's Record button).
    pub fn still(
        yaw_deg: f64,
        pitch_deg: f64,
        distance_km: f64,
        warp: f64,
        follow: Option<usize>,
    ) -> Self {
        Self {
            name: None,
            start: None,
            keys: vec![Keyframe {
                yaw_deg,
                pitch_deg,
                distance_km,
                follow,
                warp,
                ..Keyframe::at(0.0)
            }],
        }
    }

    /// The script as TOML, which [`ShotScript::parse`] reads back.
    pub fn to_toml(&self) -> String {
        // Plain numbers, strings and tables: nothing here fails to serialise.
        toml::to_string(self).unwrap_or_default()
    }

    /// The state at `t` seconds into the video.
    pub fn state(&self, t: f64) -> ShotState {
        let keys = &self.keys;
        let next = keys.iter().position(|k| k.at_s > t).unwrap_or(keys.len());
        let (a, b) = if next == 0 {
            (0, 0)
        } else if next == keys.len() {
            (keys.len() - 1, keys.len() - 1)
        } else {
            (next - 1, next)
        };
        let (ka, kb) = (&keys[a], &keys[b]);
        let s = if a == b {
            0.0
        } else {
            ((t - ka.at_s) / (kb.at_s - ka.at_s)).clamp(0.0, 1.0)
        };
        // Camera: Catmull-Rom through the neighbouring keys, eased in and out.
        let prev = &keys[a.saturating_sub(1)];
        let after = &keys[(b + 1).min(keys.len() - 1)];
        let cr = |p0: f64, p1: f64, p2: f64, p3: f64| catmull_rom(p0, p1, p2, p3, smooth(s));
        let yaw = cr(prev.yaw_deg, ka.yaw_deg, kb.yaw_deg, after.yaw_deg);
        let pitch =
            cr(prev.pitch_deg, ka.pitch_deg, kb.pitch_deg, after.pitch_deg).clamp(-89.0, 89.0);
        let log_d = cr(
            prev.distance_km.ln(),
            ka.distance_km.ln(),
            kb.distance_km.ln(),
            after.distance_km.ln(),
        );
        // The close approach held at t, and the key that went to it (a key
        // naming the same N again does not jump the clock again).
        let mut conjunction: Option<(usize, f64)> = None;
        for k in keys.iter().take_while(|k| k.at_s <= t) {
            match k.conjunction {
                Some(0) => conjunction = None,
                Some(n) if conjunction.is_none_or(|(r, _)| r != n - 1) => {
                    conjunction = Some((n - 1, k.at_s));
                }
                _ => {}
            }
        }
        let weight = |k: &Keyframe| {
            if k.follow.is_some() || k.conjunction.is_some_and(|n| n > 0) {
                1.0
            } else {
                0.0
            }
        };
        let follow_weight = weight(ka) + (weight(kb) - weight(ka)) * smooth(s);
        let caption = |pick: fn(&Keyframe) -> &Option<String>| -> Option<(String, f32)> {
            // The latest key at or before t that sets it; fades over half a second.
            let setter = keys
                .iter()
                .enumerate()
                .rev()
                .find(|(_, k)| k.at_s <= t && pick(k).is_some())?;
            let text = pick(setter.1).clone().unwrap_or_default();
            if text.is_empty() {
                return None;
            }
            let shown_for = t - setter.1.at_s;
            let until = keys[setter.0 + 1..]
                .iter()
                .find(|k| pick(k).is_some())
                .map(|k| k.at_s);
            let fade_in = (shown_for / 0.5).clamp(0.0, 1.0);
            let fade_out = until.map_or(1.0, |u| ((u - t) / 0.5).clamp(0.0, 1.0));
            Some((text, (fade_in.min(fade_out)) as f32))
        };
        // The latest key at or before t that sets it (else none).
        fn held<T: Clone>(
            keys: &[Keyframe],
            t: f64,
            pick: fn(&Keyframe) -> &Option<T>,
        ) -> Option<T> {
            keys.iter()
                .rev()
                .find(|k| k.at_s <= t && pick(k).is_some())
                .and_then(|k| pick(k).clone())
        }
        // Between the keys that set it, eased; held before the first and after the last.
        let track = |pick: fn(&Keyframe) -> Option<f64>| -> Option<f64> {
            let before = keys.iter().rev().find(|k| k.at_s <= t && pick(k).is_some());
            let after = keys.iter().find(|k| k.at_s > t && pick(k).is_some());
            match (before, after) {
                (Some(a), Some(b)) => {
                    let (va, vb) = (pick(a)?, pick(b)?);
                    let s = smooth(((t - a.at_s) / (b.at_s - a.at_s)).clamp(0.0, 1.0));
                    Some(va + (vb - va) * s)
                }
                (Some(a), None) => pick(a),
                (None, Some(b)) => pick(b),
                (None, None) => None,
            }
        };
        let observer = held(keys, t, |k| &k.site)
            .filter(|s| !s.is_empty())
            .and_then(|s| crate::sky::parse_site(&s).ok())
            .map(|site| ObserverShot {
                site,
                all_sky: held(keys, t, |k| &k.all_sky),
                az_deg: track(|k| k.az_deg),
                el_deg: track(|k| k.el_deg),
                fov_deg: track(|k| k.fov_deg),
                exposure_s: track(|k| k.exposure_s),
                limiting_magnitude: track(|k| k.limiting_magnitude),
            });
        ShotState {
            observer,
            impact_map: held(keys, t, |k| &k.impact_map).unwrap_or(false),
            route: held(keys, t, |k| &k.route).and_then(|r| match r.as_slice() {
                [from, to] => Some((from.trim().to_owned(), to.trim().to_owned())),
                _ => None,
            }),
            mesh: held(keys, t, |k| &k.mesh).filter(|m| !m.is_empty()),
            conjunction,
            markers: held(keys, t, |k| &k.markers).unwrap_or(true),
            select: held(keys, t, |k| &k.selected).flatten(),
            track: held(keys, t, |k| &k.track).unwrap_or(true),
            yaw_rad: yaw.to_radians(),
            pitch_rad: pitch.to_radians(),
            distance_km: log_d.exp(),
            follow_weight,
            follow: ka.follow.or(kb.follow),
            warp: ka.warp + (kb.warp - ka.warp) * s,
            panels: ka.panels,
            title: caption(|k| &k.title),
            lower_third: caption(|k| &k.lower_third),
        }
    }

    /// Simulated seconds from the video's start to frame `frame` at `fps`:
    /// each frame adds exactly warp/fps of the warp at that frame.
    pub fn simulated_seconds(&self, frame: u64, fps: f64) -> f64 {
        (0..frame)
            .map(|i| self.state(i as f64 / fps).warp / fps)
            .sum()
    }
}

fn smooth(s: f64) -> f64 {
    s * s * (3.0 - 2.0 * s)
}

fn catmull_rom(p0: f64, p1: f64, p2: f64, p3: f64, s: f64) -> f64 {
    let s2 = s * s;
    let s3 = s2 * s;
    0.5 * (2.0 * p1
        + (p2 - p0) * s
        + (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3) * s2
        + (3.0 * p1 - p0 - 3.0 * p2 + p3) * s3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ShotScript, String> {
        ShotScript::parse(text, &Origin("shot.toml".into()), 1000).map_err(|e| e.to_string())
    }

    #[test]
    fn a_conjunction_key_holds_its_event_and_jumps_only_when_it_changes() {
        let s = parse(
            "[[key]]\nat_s = 0\n[[key]]\nat_s = 4\nconjunction = 1\ndistance_km = 3\nmarkers = false\n\
             [[key]]\nat_s = 8\nconjunction = 1\ndistance_km = 5\n\
             [[key]]\nat_s = 12\nconjunction = 3\ndistance_km = 5\n[[key]]\nat_s = 16\nconjunction = 0\n",
        )
        .expect("valid");
        assert_eq!(s.state(2.0).conjunction, None);
        assert!(s.state(2.0).markers, "markers by default");
        assert_eq!(s.state(4.0).conjunction, Some((0, 4.0)));
        assert!(!s.state(5.0).markers);
        // The same event named again: no new jump.
        assert_eq!(s.state(9.0).conjunction, Some((0, 4.0)));
        assert_eq!(s.state(13.0).conjunction, Some((2, 12.0)));
        assert_eq!(s.state(17.0).conjunction, None);
        // On a satellite the camera may come within kilometres.
        assert_eq!(s.state(6.0).follow_weight, 1.0);
        assert!((s.state(4.0).distance_km - 3.0).abs() < 1e-9);
        let e = parse("[[key]]\nat_s = 0\nconjunction = 20001\n").unwrap_err();
        assert!(
            e.contains("shot.toml:3") && e.contains("expected 1 to 20000"),
            "{e}"
        );
        let e = parse("[[key]]\nat_s = 0\nconjunction = 1\ndistance_km = 1\n").unwrap_err();
        assert!(e.contains("expected 2 to 2,000,000 km"), "{e}");
        let e = parse("[[key]]\nat_s = 0\ndistance_km = 300\n").unwrap_err();
        assert!(e.contains("at least 6,700 km"), "{e}");
    }

    #[test]
    fn interpolates_between_keys() {
        let s = parse("[[key]]\nat_s = 0\nyaw_deg = 0\nwarp = 100\ntitle = \"A\"\n[[key]]\nat_s = 10\nyaw_deg = 90\nwarp = 300\ntitle = \"\"\n").expect("valid");
        assert_eq!(s.state(0.0).yaw_rad, 0.0);
        assert!((s.state(10.0).yaw_rad - 90f64.to_radians()).abs() < 1e-12);
        let mid = s.state(5.0);
        assert!(
            (mid.yaw_rad.to_degrees() - 45.0).abs() < 1.0,
            "{}",
            mid.yaw_rad.to_degrees()
        );
        assert_eq!(mid.warp, 200.0);
        assert_eq!(s.state(0.25).title, Some(("A".into(), 0.5)));
        assert!(s.state(11.0).title.is_none());
        // Simulated time: frame i at 10 fps adds warp(i/10)/10 = (100 + 2i)/10 s.
        let sim = s.simulated_seconds(10, 10.0);
        assert!((sim - 109.0).abs() < 1e-9, "{sim}");
    }

    #[test]
    fn scripts_survive_a_round_trip_through_toml() {
        let mut script = ShotScript::still(12.5, -3.0, 21_000.0, 60.0, Some(7));
        script.keys[0].title = Some("a \"quoted\" title".into());
        let text = script.to_toml();
        let back = ShotScript::parse(&text, &Origin("round trip".into()), 10).expect("parses");
        assert_eq!(back, script, "{text}");
    }

    #[test]
    fn select_and_track_keys_hold_a_satellite_and_its_lines() {
        let fleet = crate::propagation::Fleet::new(
            &crate::constellation::Constellation::from_preset("starlink-gen1").expect("preset"),
        )
        .expect("fleet");
        let find = crate::find::FindIndex::new(&fleet);
        let origin = Origin("shot.toml".into());
        let text = "[[key]]\nat_s = 0\nselect = \"gen1-550-53.0/2/3\"\n[[key]]\nat_s = 4\ntrack = false\n[[key]]\nat_s = 8\nselect = \"\"\n";
        let mut s = ShotScript::parse(text, &origin, fleet.len()).expect("valid");
        s.resolve_selections(text, &origin, &find)
            .expect("names a satellite");
        let shell = &fleet.shells[0];
        let want = shell.range.start + shell.shell.spec.sats_per_plane as usize + 2;
        assert_eq!(s.state(1.0).select, Some(want));
        assert!(s.state(1.0).track, "drawn by default");
        assert_eq!(s.state(5.0).select, Some(want));
        assert!(!s.state(5.0).track);
        assert_eq!(s.state(9.0).select, None, "select = \"\" clears it");
        // A name that names nothing: an error at its key's line.
        let bad = "[[key]]\nat_s = 0\n[[key]]\nat_s = 2\nselect = \"gen1-550-53.0/99/1\"\n";
        let mut s = ShotScript::parse(bad, &origin, fleet.len()).expect("valid TOML");
        let e = s
            .resolve_selections(bad, &origin, &find)
            .expect_err("no plane 99")
            .to_string();
        assert!(
            e.contains("shot.toml:5:") && e.contains("gen1-550-53.0/99/1"),
            "{e}"
        );
    }

    #[test]
    fn observer_keys_hold_and_interpolate() {
        let s = parse(concat!(
            "[[key]]\nat_s = 0\n",
            "[[key]]\nat_s = 2\nsite = \"La Silla\"\nall_sky = false\naz_deg = 100\nfov_deg = 60\nexposure_s = 0\nimpact_map = true\n",
            "[[key]]\nat_s = 6\naz_deg = 200\nexposure_s = 40\n",
            "[[key]]\nat_s = 8\nsite = \"\"\n",
        ))
        .expect("valid");
        assert_eq!(s.state(1.0).observer, None);
        assert!(!s.state(1.0).impact_map);
        let o = s.state(4.0).observer.expect("observer at 4 s");
        assert_eq!(o.site.name, "La Silla");
        assert_eq!(o.all_sky, Some(false));
        assert!((o.az_deg.expect("az") - 150.0).abs() < 1e-9);
        assert!((o.exposure_s.expect("exposure") - 20.0).abs() < 1e-9);
        assert_eq!(o.fov_deg, Some(60.0));
        assert_eq!(o.el_deg, None);
        assert!(s.state(4.0).impact_map);
        assert_eq!(
            s.state(9.0).observer,
            None,
            "site = \"\" goes back to space"
        );
        let e = parse("[[key]]\nat_s = 0\nsite = \"Atlantis\"\n").unwrap_err();
        assert!(e.contains("shot.toml:3:") && e.contains("Atlantis"), "{e}");
        let e = parse("[[key]]\nat_s = 0\nfov_deg = 500\n").unwrap_err();
        assert!(e.contains("shot.toml:3:") && e.contains("fov_deg"), "{e}");
    }

    #[test]
    fn broken_scripts_name_the_line() {
        let e = parse("[[key]]\nat_s = 0\nzoom = 3\n").unwrap_err();
        assert!(
            e.contains("shot.toml:3:") && e.contains("unknown field `zoom`"),
            "{e}"
        );
        let e = parse("[[key]]\nat_s = 5\n[[key]]\nat_s = 2\n").unwrap_err();
        assert!(
            e.contains("shot.toml:4:") && e.contains("increasing time order"),
            "{e}"
        );
        let e = parse("[[key]]\nat_s = 0\nfollow = 5000\ndistance_km = 100\n").unwrap_err();
        assert!(
            e.contains("shot.toml:3:") && e.contains("no satellite 5000"),
            "{e}"
        );
        let e = parse("name = \"x\"\n").unwrap_err();
        assert!(e.contains("missing field `key`"), "{e}");
        let e = parse("[[key]]\nat_s = 0\npitch_deg = 95\n").unwrap_err();
        assert!(e.contains("shot.toml:3:") && e.contains("-89 to 89"), "{e}");
    }
}
