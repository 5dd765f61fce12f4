//! What a share link holds: the constellation (its preset's name while it
//! is the preset as shipped, else its whole file, edits and assumptions
//! included), the time, the warp, pause and the draw limit.

use super::params::UrlParams;
use crate::constellation::Constellation;
use crate::viewer::clock::SimClock;
use crate::viewer::scene::fleet::SceneFleet;
use crate::viewer::totals::Assumptions;

/// The parameters of a link to this view.
pub fn share_params(
    scene: &SceneFleet,
    assumptions: &Assumptions,
    clock: &SimClock,
    limit: Option<usize>,
    backend: Option<String>,
) -> UrlParams {
    let c = &scene.constellation;
    let mut spec = c.spec.clone();
    spec.satellite = assumptions.satellite.clone();
    spec.fleet = assumptions.fleet.clone();
    let text = spec.to_toml();
    let preset = c
        .origin
        .0
        .strip_prefix("preset ")
        .filter(|name| Constellation::from_preset(name).is_ok_and(|p| p.spec.to_toml() == text))
        .map(str::to_owned);
    UrlParams {
        constellation: preset.is_none().then_some(text),
        preset,
        at: Some(crate::report::rfc3339(clock.now())),
        warp: Some(clock.warp),
        paused: clock.paused,
        limit,
        backend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(c: Constellation) -> (SceneFleet, Assumptions, SimClock) {
        let assumptions = Assumptions {
            satellite: c.spec.satellite.clone(),
            fleet: c.spec.fleet.clone(),
            generation: 0,
        };
        let at = crate::time::parse_instant("2026-03-20T12:00:00Z").expect("time");
        let scene = SceneFleet::new(c, Some(100)).expect("scene");
        (scene, assumptions, SimClock::new(at, 30.0, true))
    }

    #[test]
    fn a_preset_as_shipped_is_shared_by_name() {
        let c = Constellation::from_preset("starlink-gen1").expect("preset");
        let (scene, a, clock) = view(c);
        let p = share_params(&scene, &a, &clock, Some(100), None);
        assert_eq!(p.preset.as_deref(), Some("starlink-gen1"));
        assert_eq!(p.constellation, None);
        assert_eq!(p.at.as_deref(), Some("2026-03-20T12:00:00Z"));
        assert_eq!((p.warp, p.paused, p.limit), (Some(30.0), true, Some(100)));
    }

    #[test]
    fn edited_shells_and_assumptions_travel_in_the_link() {
        let mut c = Constellation::from_preset("starlink-gen1").expect("preset");
        c.spec.shells[0].planes = 12;
        let (scene, mut a, clock) = view(c.clone());
        a.satellite.compute_power_w *= 2.0;
        let p = share_params(&scene, &a, &clock, None, None);
        assert_eq!(p.preset, None);
        let text = p.constellation.expect("the whole file");
        let back = Constellation::from_text(&text, crate::error::Origin("link".into()), None)
            .expect("the link's file loads");
        assert_eq!(back.spec.shells, c.spec.shells);
        assert_eq!(back.spec.satellite, a.satellite);
        assert_eq!(back.display_name(), c.display_name());
    }
}
