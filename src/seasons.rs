//! Equinoxes and solstices: when the Sun's apparent ecliptic longitude
//! crosses 0°, 90°, 180° or 270° (Astronomical Almanac Sun, to about a minute).

use crate::sun::sun_position;
use crate::time::{datetime_from_julian_date, julian_date};
use chrono::{DateTime, Utc};

/// The four seasonal points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Season {
    /// Sun at ecliptic longitude 0° (March).
    MarchEquinox,
    /// 90° (June).
    JuneSolstice,
    /// 180° (September).
    SeptemberEquinox,
    /// 270° (December).
    DecemberSolstice,
}

impl Season {
    /// The Sun's ecliptic longitude at this point, degrees.
    pub fn longitude_deg(self) -> f64 {
        match self {
            Season::MarchEquinox => 0.0,
            Season::JuneSolstice => 90.0,
            Season::SeptemberEquinox => 180.0,
            Season::DecemberSolstice => 270.0,
        }
    }

    /// A name for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Season::MarchEquinox => "March equinox",
            Season::JuneSolstice => "June solstice",
            Season::SeptemberEquinox => "September equinox",
            Season::DecemberSolstice => "December solstice",
        }
    }

    fn from_quadrant(q: i64) -> Self {
        match q.rem_euclid(4) {
            0 => Season::MarchEquinox,
            1 => Season::JuneSolstice,
            2 => Season::SeptemberEquinox,
            _ => Season::DecemberSolstice,
        }
    }
}

/// The Sun's ecliptic longitude at a Julian date, degrees in [0, 360).
fn ecliptic_longitude_deg(jd: f64) -> f64 {
    // Recover it from the TEME direction: tan λ = (y cos ε + z sin ε) / x.
    let t = crate::time::julian_centuries_since_j2000(jd);
    let eps = (23.439_291 - 0.013_004_2 * t).to_radians();
    let [x, y, z] = sun_position(jd).direction_in_teme;
    (y * eps.cos() + z * eps.sin())
        .atan2(x)
        .to_degrees()
        .rem_euclid(360.0)
}

/// The first equinox or solstice strictly after `after`.
pub fn next_season(after: DateTime<Utc>) -> (Season, DateTime<Utc>) {
    let jd0 = julian_date(after);
    let lon0 = ecliptic_longitude_deg(jd0);
    // The next multiple of 90° (if we are on one, the one after it).
    let quadrant = (lon0 / 90.0).floor() as i64 + 1;
    let target = (quadrant as f64 * 90.0).rem_euclid(360.0);
    // Degrees still to go, unwrapped; the Sun moves about 0.9856° a day.
    let to_go = |jd: f64| {
        let d = (target - ecliptic_longitude_deg(jd)).rem_euclid(360.0);
        if d > 270.0 { d - 360.0 } else { d }
    };
    let mut lo = jd0;
    let mut hi = jd0 + (to_go(jd0) / 0.9856 + 5.0).max(1.0);
    while to_go(hi) > 0.0 {
        hi += 5.0;
    }
    // Bisection to about 0.1 s.
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if to_go(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (
        Season::from_quadrant(quadrant),
        datetime_from_julian_date(hi),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    #[test]
    fn seasons_of_2026_within_a_few_minutes() {
        // Published instants (USNO): 2026-03-20 14:46, 06-21 08:24, 09-23 00:05, 12-21 20:50 UTC.
        let mut at = parse_instant("2026-01-01T00:00:00Z").expect("valid");
        for (season, published) in [
            (Season::MarchEquinox, "2026-03-20T14:46:00Z"),
            (Season::JuneSolstice, "2026-06-21T08:24:00Z"),
            (Season::SeptemberEquinox, "2026-09-23T00:05:00Z"),
            (Season::DecemberSolstice, "2026-12-21T20:50:00Z"),
        ] {
            let (s, when) = next_season(at);
            assert_eq!(s, season);
            let off = (when - parse_instant(published).expect("valid"))
                .num_seconds()
                .abs();
            assert!(off < 15 * 60, "{season:?}: {when} vs {published}");
            at = when;
        }
        // From the December solstice, the next is March 2027.
        let (s, when) = next_season(at);
        assert_eq!(s, Season::MarchEquinox);
        assert_eq!(when.format("%Y-%m").to_string(), "2027-03");
    }
}
