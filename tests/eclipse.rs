//! The fleet's sunlit fraction against the closed-form eclipse fraction of
//! a circular orbit, for one plane of 10,000 satellites.

use megaconstellation::constellation::Constellation;
use megaconstellation::error::Origin;
use megaconstellation::propagation::{Fix, Fleet};
use megaconstellation::shadow::{EARTH_RADIUS_KM, beta_angle_rad, eclipse_fraction};
use megaconstellation::sun::sun_position;
use megaconstellation::time::{julian_date, minutes_between, parse_instant};
use megaconstellation::totals::fleet_totals;
use megaconstellation::vec3::norm;

fn one_plane(altitude_km: f64, inclination: &str, node: &str) -> Fleet {
    let text = format!(
        "epoch = \"2026-01-01T00:00:00Z\"\n[[shell]]\nname = \"plane\"\naltitude_km = {altitude_km}\n{inclination}\nplanes = 1\nsats_per_plane = 10000\nphasing = 0\n{node}\n"
    );
    let c = Constellation::from_text(&text, Origin("test".into()), None).expect("valid file");
    Fleet::new(&c).expect("fleet")
}

/// (simulated sunlit fraction, closed-form sunlit fraction, β in degrees)
fn compare(fleet: &Fleet, when: &str) -> (f64, f64, f64) {
    let at = parse_instant(when).expect("valid");
    let c = Constellation::from_preset("odc-1m").expect("preset");
    let totals = fleet_totals(fleet, &c.spec.satellite, &c.spec.fleet, at);
    assert_eq!(totals.tally.propagated(), 10_000);
    let shell = &fleet.shells[0].shell;
    let t = minutes_between(shell.epoch, at);
    let node = shell.first_node_rad + shell.orbit.node_dot_rad_min * t;
    let sun = sun_position(julian_date(at));
    let beta = beta_angle_rad(shell.inclination_rad, node, sun.direction_in_teme);
    // The closed form assumes a circle: take the plane's mean radius now.
    let fixes = fleet.propagate(at);
    let mean_r = fixes
        .iter()
        .filter_map(Fix::state)
        .map(|s| norm(s.pos_in_teme_km))
        .sum::<f64>()
        / fixes.len() as f64;
    let closed = 1.0 - eclipse_fraction(mean_r - EARTH_RADIUS_KM, beta);
    (totals.tally.sunlit_fraction(), closed, beta.to_degrees())
}

#[test]
fn inclined_plane_through_the_seasons() {
    let fleet = one_plane(550.0, "inclination_deg = 53.0", "raan_deg = 40.0");
    let mut betas = Vec::new();
    for when in [
        "2026-01-01T00:00:00Z",
        "2026-03-20T14:46:00Z",
        "2026-05-07T03:00:00Z",
        "2026-06-21T08:24:00Z",
        "2026-09-01T12:00:00Z",
        "2026-12-21T20:50:00Z",
    ] {
        let (simulated, closed, beta) = compare(&fleet, when);
        assert!(
            (simulated - closed).abs() < 0.005,
            "{when}: β = {beta:.2}°, simulated {simulated:.5}, closed form {closed:.5}"
        );
        betas.push(beta);
    }
    // The dates must exercise a range of β, not one geometry.
    let spread = betas.iter().cloned().fold(f64::MIN, f64::max)
        - betas.iter().cloned().fold(f64::MAX, f64::min);
    assert!(spread > 30.0, "β only spans {spread}°");
}

#[test]
fn dawn_dusk_plane_past_the_no_eclipse_limit() {
    // At 1,500 km a dawn-dusk orbit never enters the shadow (DESIGN.md).
    let high = one_plane(1500.0, "inclination = \"sso\"", "ltan_hours = 18.0");
    let beta_star = |h: f64| {
        (EARTH_RADIUS_KM / (EARTH_RADIUS_KM + h))
            .asin()
            .to_degrees()
    };
    for when in ["2026-06-21T08:24:00Z", "2026-12-21T20:50:00Z"] {
        let (simulated, closed, beta) = compare(&high, when);
        assert!(
            beta.abs() > beta_star(1500.0),
            "{when}: β = {beta}° is not past β*"
        );
        assert_eq!(closed, 1.0);
        assert_eq!(
            simulated, 1.0,
            "{when}: a dawn-dusk plane at 1,500 km is always lit"
        );
    }
    // At 650 km the same plane dips into the shadow near the June solstice.
    let low = one_plane(650.0, "inclination = \"sso\"", "ltan_hours = 18.0");
    let (simulated, closed, beta) = compare(&low, "2026-06-21T08:24:00Z");
    assert!(beta.abs() < beta_star(650.0), "β = {beta}°");
    assert!(
        closed < 0.99,
        "closed form {closed}: the test needs an eclipse here"
    );
    assert!(
        (simulated - closed).abs() < 0.005,
        "β = {beta}: {simulated} vs {closed}"
    );
}

#[test]
fn counts_add_up() {
    let c = Constellation::from_preset("starlink-gen2").expect("preset");
    let fleet = Fleet::new(&c).expect("fleet");
    let at = parse_instant("2026-07-04T12:00:00Z").expect("valid");
    let totals = fleet_totals(&fleet, &c.spec.satellite, &c.spec.fleet, at);
    let t = totals.tally;
    assert_eq!(
        t.sunlit + t.penumbra + t.umbra + t.decayed + t.errors,
        totals.satellites
    );
    assert_eq!(totals.satellites, 29_988);
    assert!(t.penumbra > 0 && t.umbra > 0 && t.sunlit > 0);
    let per_shell: u64 = totals.groups.iter().map(|g| g.tally.propagated()).sum();
    assert_eq!(per_shell, t.propagated());
}
