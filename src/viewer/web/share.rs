//! What a share link holds: the constellation (its preset's name while it
//! is the preset as shipped, else its whole file, edits and assumptions
//! included), the time, the warp, pause and the draw limit; the observer's
//! view while it is shown, and the route while one is.

use super::params::UrlParams;
use crate::constellation::Constellation;
use crate::viewer::clock::SimClock;
use crate::viewer::links::settings::LinksSettings;
use crate::viewer::observer::settings::ObserverSettings;
use crate::viewer::scene::fleet::SceneFleet;
use crate::viewer::totals::Assumptions;

/// The parameters of a link to this view (the observer's, when it is shown).
pub fn share_params(
    scene: &SceneFleet,
    assumptions: &Assumptions,
    clock: &SimClock,
    observer: &ObserverSettings,
    links: &LinksSettings,
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
        route: links.route.clone(),
        ..observer_params(observer)
    }
}

/// The observer's part of a link: nothing for the space view.
fn observer_params(o: &ObserverSettings) -> UrlParams {
    if !o.active {
        return UrlParams::default();
    }
    let perspective = !o.all_sky;
    UrlParams {
        view: Some(if o.all_sky { "sky" } else { "perspective" }.into()),
        site: Some(o.site.name.clone()),
        az: perspective.then_some(o.azimuth_deg),
        el: perspective.then_some(o.elevation_deg),
        fov: perspective.then_some(o.fov_deg),
        exposure: (o.exposure_s > 0.0).then_some(o.exposure_s),
        ..UrlParams::default()
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
        let p = share_params(
            &scene,
            &a,
            &clock,
            &ObserverSettings::default(),
            &LinksSettings::default(),
            Some(100),
            None,
        );
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
        let p = share_params(
            &scene,
            &a,
            &clock,
            &ObserverSettings::default(),
            &LinksSettings::default(),
            None,
            None,
        );
        assert_eq!(p.preset, None);
        let text = p.constellation.expect("the whole file");
        let back = Constellation::from_text(&text, crate::error::Origin("link".into()), None)
            .expect("the link's file loads");
        assert_eq!(back.spec.shells, c.spec.shells);
        assert_eq!(back.spec.satellite, a.satellite);
        assert_eq!(back.display_name(), c.display_name());
    }

    #[test]
    fn the_observers_view_travels_in_the_link_and_comes_back() {
        let c = Constellation::from_preset("starlink-gen1").expect("preset");
        let (scene, a, clock) = view(c);
        let observer = ObserverSettings {
            active: true,
            all_sky: false,
            site: crate::sky::parse_site("-30.24,-70.74,2650").expect("site"),
            azimuth_deg: 250.0,
            elevation_deg: 35.0,
            fov_deg: 20.0,
            exposure_s: 45.0,
            ..Default::default()
        };
        let p = share_params(
            &scene,
            &a,
            &clock,
            &observer,
            &LinksSettings::default(),
            None,
            None,
        );
        let query = p.to_query();
        assert!(
            query.contains("view=perspective") && query.contains("fov=20"),
            "{query}"
        );
        let back = UrlParams::parse(&query).expect("the link parses");
        assert_eq!(back, p);
        let o = back.observer(&ObserverSettings::default());
        assert_eq!(o, observer.clone().clamped());
        // The space view shares none of it.
        let p = share_params(
            &scene,
            &a,
            &clock,
            &ObserverSettings::default(),
            &LinksSettings::default(),
            None,
            None,
        );
        assert!(!p.to_query().contains("view="));
    }
}
