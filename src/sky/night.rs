//! The night at a site: from the Sun's setting to its rising (its centre at
//! 0° of geometric altitude, no refraction), for the night that begins on a
//! local date; polar day and polar night are said, not errors.
//!
//! The local date is the site's mean solar date (UTC shifted by longitude/15
//! hours), and the night that begins on it is searched from its local noon
//! to the next local noon, which holds the whole night at any latitude.

use super::observer::Observer;
use super::site::Site;
use crate::sun::sun_position;
use crate::time::{gmst_rad, julian_date};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// The Sun's geometric altitude at `site` at `at` (its centre, no
/// refraction, against the ellipsoid's normal), radians.
pub fn sun_altitude_rad(site: &Site, at: DateTime<Utc>) -> f64 {
    let jd = julian_date(at);
    Observer::new(site, gmst_rad(jd))
        .topocentric(sun_position(jd).position_in_teme_km())
        .elevation_rad
}

/// The dark hours after a local date's noon at a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Night {
    /// The Sun sets and rises again before the next local noon.
    Dark {
        /// The Sun's setting (altitude 0° descending).
        sunset: DateTime<Utc>,
        /// Its rising.
        sunrise: DateTime<Utc>,
    },
    /// The Sun does not set between local noon and the next local noon.
    PolarDay {
        /// Local noon of the date.
        from: DateTime<Utc>,
        /// The next local noon.
        to: DateTime<Utc>,
    },
    /// The Sun is down for all or the end of that span: from `from`
    /// (local noon, or the sunset) to `to` (the next local noon, or the
    /// sunrise); `sunset`/`sunrise` say which ends are the Sun's.
    PolarNight {
        /// Start of the dark span.
        from: DateTime<Utc>,
        /// Its end.
        to: DateTime<Utc>,
        /// The sunset, when the Sun was up at local noon.
        sunset: Option<DateTime<Utc>>,
        /// The sunrise, when the Sun rises before the next local noon.
        sunrise: Option<DateTime<Utc>>,
    },
}

impl Night {
    /// The dark span, if there is one.
    pub fn span(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        match *self {
            Night::Dark { sunset, sunrise } => Some((sunset, sunrise)),
            Night::PolarNight { from, to, .. } => Some((from, to)),
            Night::PolarDay { .. } => None,
        }
    }
}

/// A night date that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NightError {
    /// Not YYYY-MM-DD.
    #[error("`{0}` is not a date such as 2026-06-21 (YYYY-MM-DD)")]
    NotADate(String),
    /// Outside the years the Sun's formula covers.
    #[error("{0} is out of range: the Sun's position is good from 1950 to 2049")]
    OutOfRange(NaiveDate),
}

/// Parses `--night DATE` and checks it is within 1950-2049.
pub fn parse_night_date(text: &str) -> Result<NaiveDate, NightError> {
    let trimmed = text.trim();
    let date = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
        .map_err(|_| NightError::NotADate(trimmed.to_owned()))?;
    let first = NaiveDate::from_ymd_opt(1950, 1, 1);
    let last = NaiveDate::from_ymd_opt(2049, 12, 31);
    if Some(date) < first || Some(date) > last {
        return Err(NightError::OutOfRange(date));
    }
    Ok(date)
}

/// The site's mean solar time less UTC: its longitude at 15° an hour, to
/// the millisecond.
pub fn mean_solar_offset(site: &Site) -> TimeDelta {
    TimeDelta::milliseconds((site.longitude_deg / 15.0 * 3_600_000.0).round() as i64)
}

/// The site's local mean noon on `date`, in UTC.
pub fn local_noon(site: &Site, date: NaiveDate) -> DateTime<Utc> {
    let noon = date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc();
    noon - mean_solar_offset(site)
}

/// Scan step for the Sun's crossings; the Sun's altitude changes by at most
/// about 2.5° in it, so that no setting and rising pair hides inside one.
const SCAN: TimeDelta = TimeDelta::minutes(10);

/// The night that begins on local date `date` at `site`.
pub fn night_of(site: &Site, date: NaiveDate) -> Night {
    let from = local_noon(site, date);
    let to = from + TimeDelta::days(1);
    let up = |t: DateTime<Utc>| sun_altitude_rad(site, t) > 0.0;
    let sunset = if up(from) {
        match crossing(site, from, to, true) {
            Some(t) => Some(t),
            None => return Night::PolarDay { from, to },
        }
    } else {
        None
    };
    let dark_from = sunset.unwrap_or(from);
    let sunrise = crossing(site, dark_from, to, false);
    match (sunset, sunrise) {
        (Some(sunset), Some(sunrise)) => Night::Dark { sunset, sunrise },
        _ => Night::PolarNight {
            from: dark_from,
            to: sunrise.unwrap_or(to),
            sunset,
            sunrise,
        },
    }
}

/// The first moment in (from, to] when the Sun crosses the horizon going
/// down (`setting`) or up, to a millisecond.
fn crossing(
    site: &Site,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    setting: bool,
) -> Option<DateTime<Utc>> {
    let wanted = |t: DateTime<Utc>| (sun_altitude_rad(site, t) > 0.0) != setting;
    let mut a = from;
    while a < to {
        let b = (a + SCAN).min(to);
        if wanted(b) {
            // Bisect between a (not yet) and b (already).
            let (mut lo, mut hi) = (a, b);
            while hi - lo > TimeDelta::milliseconds(1) {
                let mid = lo + (hi - lo) / 2;
                if wanted(mid) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            return Some(hi);
        }
        a = b;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(lat: f64, lon: f64) -> Site {
        Site::new("x", lat, lon, 0.0).expect("site")
    }

    #[test]
    fn an_equinox_night_at_the_equator_is_twelve_hours() {
        let night = night_of(
            &site(0.0, 0.0),
            NaiveDate::from_ymd_opt(2026, 3, 20).expect("date"),
        );
        let Night::Dark { sunset, sunrise } = night else {
            panic!("{night:?}");
        };
        // Geometric, no refraction: the centre sets near 18:00 local, give or
        // take the equation of time (−7.5 min on 20 March).
        let hours = (sunrise - sunset).num_seconds() as f64 / 3600.0;
        assert!((hours - 12.0).abs() < 0.05, "{hours}");
        let set = sunset.format("%H:%M").to_string();
        assert!(("18:05".."18:10").contains(&set.as_str()), "{set}");
        assert!(sun_altitude_rad(&site(0.0, 0.0), sunset).abs() < 1e-6);
    }

    #[test]
    fn polar_day_and_night() {
        let june = NaiveDate::from_ymd_opt(2026, 6, 21).expect("date");
        assert!(matches!(
            night_of(&site(78.2, 15.6), june),
            Night::PolarDay { .. }
        ));
        let n = night_of(&site(-78.2, 166.7), june);
        assert!(
            matches!(
                n,
                Night::PolarNight {
                    sunset: None,
                    sunrise: None,
                    ..
                }
            ),
            "{n:?}"
        );
        assert!(n.span().is_some_and(|(a, b)| b - a == TimeDelta::days(1)));
    }

    #[test]
    fn dates_are_checked() {
        assert!(parse_night_date("2026-06-21").is_ok());
        assert_eq!(
            parse_night_date("2026-13-01"),
            Err(NightError::NotADate("2026-13-01".into()))
        );
        assert!(matches!(
            parse_night_date("2051-01-01"),
            Err(NightError::OutOfRange(_))
        ));
        assert_eq!(
            parse_night_date("1900-01-01").unwrap_err().to_string(),
            "1900-01-01 is out of range: the Sun's position is good from 1950 to 2049"
        );
    }
}
