//! Time scales and the Earth's rotation: UTC ↔ Julian date, Greenwich mean
//! sidereal time (Vallado's `gstime`, the IAU-82 expression), durations.
//!
//! UT1 − UTC (under 0.9 s) is ignored: at low Earth orbit that is under
//! 0.5 km of Earth rotation, well inside what a TEME → Earth-fixed transform
//! without polar motion gets right anyway.

use chrono::{DateTime, TimeDelta, Utc};
use std::f64::consts::TAU;

/// `from` plus `seconds` (to the nanosecond).
pub fn at_offset(from: DateTime<Utc>, seconds: f64) -> DateTime<Utc> {
    from + TimeDelta::nanoseconds((seconds * 1e9).round() as i64)
}

/// Julian date of the Unix epoch, 1970-01-01T00:00:00Z.
const JD_UNIX_EPOCH: f64 = 2_440_587.5;
/// Julian date of J2000.0, 2000-01-01T12:00:00 TT (used here on the UT1 scale, as SGP4 does).
pub const JD_J2000: f64 = 2_451_545.0;
/// Seconds in a day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// Julian date (UTC, standing in for UT1) of an instant.
pub fn julian_date(at: DateTime<Utc>) -> f64 {
    // Split into whole seconds and nanoseconds so that no precision is lost
    // before the division: f64 Julian dates resolve ~20 µs today.
    let secs = at.timestamp() as f64 + f64::from(at.timestamp_subsec_nanos()) * 1e-9;
    JD_UNIX_EPOCH + secs / SECONDS_PER_DAY
}

/// The instant of a Julian date (UTC), rounded to the microsecond.
pub fn datetime_from_julian_date(jd: f64) -> DateTime<Utc> {
    let micros = ((jd - JD_UNIX_EPOCH) * SECONDS_PER_DAY * 1e6).round() as i64;
    DateTime::<Utc>::UNIX_EPOCH + TimeDelta::microseconds(micros)
}

/// Julian centuries of a Julian date since J2000.0.
pub fn julian_centuries_since_j2000(jd: f64) -> f64 {
    (jd - JD_J2000) / 36_525.0
}

/// Greenwich mean sidereal time in radians, [0, 2π), for a Julian date on
/// the UT1 scale (Vallado, *Fundamentals of Astrodynamics*, alg. 15 `gstime`):
///
/// θ\[s\] = 67310.54841 + (876600·3600 + 8640184.812866)·T + 0.093104·T² − 6.2e-6·T³
pub fn gmst_rad(jd_ut1: f64) -> f64 {
    let t = julian_centuries_since_j2000(jd_ut1);
    let theta_s = 67_310.548_41 + (876_600.0 * 3600.0 + 8_640_184.812_866) * t + 0.093_104 * t * t
        - 6.2e-6 * t * t * t;
    // 1 s of time is 1/240 of a degree.
    (theta_s / 240.0).to_radians().rem_euclid(TAU)
}

/// Right ascension of the fictitious mean Sun, radians in [0, 2π).
///
/// By the definition of mean solar time, UT = GMST − α_mean_sun + 12 h, so the
/// mean Sun's right ascension follows from GMST and the time of day. Local
/// times of ascending nodes (LTAN) are quoted against this mean Sun.
pub fn mean_sun_right_ascension_rad(at: DateTime<Utc>) -> f64 {
    let jd = julian_date(at);
    let day_fraction = (jd - 0.5).rem_euclid(1.0);
    (gmst_rad(jd) - TAU * day_fraction + std::f64::consts::PI).rem_euclid(TAU)
}

/// Minutes from `epoch` to `at` (negative before the epoch), exact to the nanosecond
/// before the conversion to f64.
pub fn minutes_between(epoch: DateTime<Utc>, at: DateTime<Utc>) -> f64 {
    let delta = at - epoch;
    let secs = delta.num_seconds() as f64 + f64::from(delta.subsec_nanos()) * 1e-9;
    secs / 60.0
}

/// What [`parse_duration`]'s messages offer as examples.
const DURATION_EXAMPLES: &str = "a duration such as 30s, 1min, 1h, 1d or 1w";

/// A time or duration typed by the user that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Not an RFC 3339 instant (nor `now`).
    #[error("`{text}` is not an RFC 3339 time such as 2026-03-20T14:46:00Z ({reason})")]
    NotAnInstant {
        /// The text, trimmed.
        text: String,
        /// What chrono found wrong.
        reason: chrono::ParseError,
    },
    /// No number at the start of a duration.
    #[error("`{text}` is not {DURATION_EXAMPLES}")]
    NotADuration {
        /// The text, trimmed.
        text: String,
    },
    /// A duration's unit is none of s, min, h, d, w (and their spellings).
    #[error("`{unit}` in `{text}` is not a unit of {DURATION_EXAMPLES}")]
    UnknownUnit {
        /// The unit as written.
        unit: String,
        /// The whole text, trimmed.
        text: String,
    },
    /// A duration of zero (or NaN).
    #[error("`{text}` must be longer than zero")]
    NotPositive {
        /// The text, trimmed.
        text: String,
    },
    /// A duration over 100 years.
    #[error("`{text}` is longer than 100 years")]
    TooLong {
        /// The text, trimmed.
        text: String,
    },
}

/// Parses an RFC 3339 instant (`2026-03-20T14:46:00Z`, `2026-03-20T16:46:00+02:00`)
/// or `now`.
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, TimeError> {
    let trimmed = text.trim();
    if trimmed.eq_ignore_ascii_case("now") {
        return Ok(Utc::now());
    }
    DateTime::parse_from_rfc3339(trimmed)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|reason| TimeError::NotAnInstant {
            text: trimmed.to_owned(),
            reason,
        })
}

/// Parses a duration such as `90s`, `1min`, `15m`, `1h`, `2.5h`, `1d`, `1w`.
///
/// A bare number is seconds. The result is positive and at most 100 years.
pub fn parse_duration(text: &str) -> Result<TimeDelta, TimeError> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let value: f64 = number.parse().map_err(|_| TimeError::NotADuration {
        text: trimmed.to_owned(),
    })?;
    let unit_secs = match unit.trim() {
        "" | "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => SECONDS_PER_DAY,
        "w" | "week" | "weeks" => 7.0 * SECONDS_PER_DAY,
        other => {
            return Err(TimeError::UnknownUnit {
                unit: other.to_owned(),
                text: trimmed.to_owned(),
            });
        }
    };
    let secs = value * unit_secs;
    if secs.is_nan() || secs <= 0.0 {
        return Err(TimeError::NotPositive {
            text: trimmed.to_owned(),
        });
    }
    if secs > 100.0 * 365.25 * SECONDS_PER_DAY {
        return Err(TimeError::TooLong {
            text: trimmed.to_owned(),
        });
    }
    Ok(TimeDelta::nanoseconds((secs * 1e9).round() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> DateTime<Utc> {
        parse_instant(text).expect("valid test time")
    }

    #[test]
    fn julian_date_of_known_instants() {
        // J2000.0 is 2000-01-01T12:00 (here on the UTC scale).
        assert_eq!(julian_date(t("2000-01-01T12:00:00Z")), JD_J2000);
        // Vallado example 3-4: 1996-10-26 14:20:00 UT → JD 2450383.09722222.
        assert!((julian_date(t("1996-10-26T14:20:00Z")) - 2_450_383.097_222_22).abs() < 1e-8);
        // An f64 Julian date resolves about 20 µs today.
        let back = datetime_from_julian_date(julian_date(t("2026-11-29T07:36:31.25Z")));
        let error = (back - t("2026-11-29T07:36:31.25Z")).num_microseconds();
        assert!(error.is_some_and(|us| us.abs() <= 40), "{error:?}");
    }

    #[test]
    fn gmst_matches_vallado_example() {
        // Vallado example 3-5: 1992-08-20 12:14 UT1 → GMST 152.578787886°.
        let gmst = gmst_rad(julian_date(t("1992-08-20T12:14:00Z"))).to_degrees();
        assert!((gmst - 152.578_787_886).abs() < 1e-6, "{gmst}");
    }

    #[test]
    fn mean_sun_is_opposite_greenwich_at_midnight() {
        // At 00:00 UT the mean Sun is on the anti-meridian of Greenwich.
        let at = t("2026-06-01T00:00:00Z");
        let diff = (gmst_rad(julian_date(at)) + std::f64::consts::PI
            - mean_sun_right_ascension_rad(at))
        .rem_euclid(TAU);
        assert!(diff < 1e-9 || TAU - diff < 1e-9, "{diff}");
        // The mean Sun moves about 0.9856° a day eastward against the stars.
        let a0 = mean_sun_right_ascension_rad(t("2026-06-01T00:00:00Z"));
        let a1 = mean_sun_right_ascension_rad(t("2026-06-02T00:00:00Z"));
        assert!(((a1 - a0).to_degrees() - 0.985_647).abs() < 1e-4);
    }

    #[test]
    fn durations_parse_and_reject() {
        assert_eq!(parse_duration("1min"), Ok(TimeDelta::minutes(1)));
        assert_eq!(parse_duration("90"), Ok(TimeDelta::seconds(90)));
        assert_eq!(parse_duration("1.5h"), Ok(TimeDelta::minutes(90)));
        assert_eq!(parse_duration("1d"), Ok(TimeDelta::days(1)));
        let message = |text: &str| {
            parse_duration(text).map_or_else(|e| e.to_string(), |d| format!("accepted as {d}"))
        };
        assert_eq!(message("0s"), "`0s` must be longer than zero");
        assert_eq!(
            message("5 parsecs"),
            "`parsecs` in `5 parsecs` is not a unit of a duration such as 30s, 1min, 1h, 1d or 1w"
        );
        assert_eq!(
            message(" fast "),
            "`fast` is not a duration such as 30s, 1min, 1h, 1d or 1w"
        );
        assert_eq!(message("1000000d"), "`1000000d` is longer than 100 years");
    }

    #[test]
    fn instants_reject_garbage() {
        let err = parse_instant("yesterday").map(|_| ()).unwrap_err();
        assert!(matches!(&err, TimeError::NotAnInstant { text, .. } if text == "yesterday"));
        assert_eq!(
            err.to_string(),
            "`yesterday` is not an RFC 3339 time such as 2026-03-20T14:46:00Z (premature end of input)"
        );
        assert_eq!(t("2026-03-20T16:46:00+02:00"), t("2026-03-20T14:46:00Z"));
    }
}
