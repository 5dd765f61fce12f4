//! What a sky count adds up, and what one instant fixes for every
//! satellite: the Sun, the site in TEME, the photometry's constants and the
//! field; with the scalar rule that adds one satellite (the catalog path,
//! and the reference the batched pass is tested against).

use super::observer::Observer;
use super::photometry::{STANDARD_RANGE_KM, airmass, apparent_magnitude_from_cosines};
use super::query::SkyQuery;
use super::trails::FieldAt;
use crate::propagation::{Group, TemeState};
use crate::shadow::conical_illumination;
use crate::sun::{SunPosition, sun_position};
use crate::time::{gmst_rad, julian_date};
use crate::vec3::{Vec3, dot, norm, sub};
use chrono::{DateTime, Utc};

/// Counts over some satellites at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkyTally {
    /// Above the horizon (sunlit or not).
    pub above_horizon: u64,
    /// Above 30° of elevation (airmass under 2).
    pub above_30deg: u64,
    /// Above the horizon and sunlit (some of the Sun's disc visible).
    pub sunlit_above_horizon: u64,
    /// Above 30° and sunlit.
    pub sunlit_above_30deg: u64,
    /// Sunlit, above the horizon and brighter than magnitude 6.
    pub brighter_than_mag6: u64,
    /// Sunlit, above the horizon and brighter than magnitude 7.
    pub brighter_than_mag7: u64,
    /// The smallest magnitude seen; infinite when none is sunlit above the horizon.
    pub brightest_magnitude: f64,
    /// Satellites that cross the field while sunlit during the exposure.
    pub trails: u64,
}

impl Default for SkyTally {
    fn default() -> Self {
        Self {
            above_horizon: 0,
            above_30deg: 0,
            sunlit_above_horizon: 0,
            sunlit_above_30deg: 0,
            brighter_than_mag6: 0,
            brighter_than_mag7: 0,
            brightest_magnitude: f64::INFINITY,
            trails: 0,
        }
    }
}

impl SkyTally {
    /// Adds another tally.
    pub fn add(&mut self, o: &SkyTally) {
        self.above_horizon += o.above_horizon;
        self.above_30deg += o.above_30deg;
        self.sunlit_above_horizon += o.sunlit_above_horizon;
        self.sunlit_above_30deg += o.sunlit_above_30deg;
        self.brighter_than_mag6 += o.brighter_than_mag6;
        self.brighter_than_mag7 += o.brighter_than_mag7;
        self.brightest_magnitude = self.brightest_magnitude.min(o.brightest_magnitude);
        self.trails += o.trails;
    }

    /// The brightest magnitude, if any satellite is sunlit above the horizon.
    pub fn brightest(&self) -> Option<f64> {
        self.brightest_magnitude
            .is_finite()
            .then_some(self.brightest_magnitude)
    }

    /// Adds a sunlit satellite above the horizon of magnitude `m`.
    #[inline]
    pub(super) fn add_magnitude(&mut self, m: f64) {
        self.brighter_than_mag6 += u64::from(m < 6.0);
        self.brighter_than_mag7 += u64::from(m < 7.0);
        self.brightest_magnitude = self.brightest_magnitude.min(m);
    }
}

/// One shell's or catalog's counts.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSky {
    /// The shell's or catalog's name.
    pub name: String,
    /// Which.
    pub group: Group,
    /// Its counts.
    pub tally: SkyTally,
}

/// The sky at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct SkyAt {
    /// The instant.
    pub at: DateTime<Utc>,
    /// The Sun's geometric altitude at the site (its centre, no refraction), degrees.
    pub sun_altitude_deg: f64,
    /// All satellites.
    pub tally: SkyTally,
    /// Per shell, then per catalog.
    pub groups: Vec<GroupSky>,
}

/// What one instant fixes for every satellite: the Sun, the site in TEME,
/// the photometry's constants and the field.
#[derive(Debug, Clone)]
pub struct SkyConditions {
    /// The instant.
    pub at: DateTime<Utc>,
    /// The Sun.
    pub sun: SunPosition,
    /// The site and its axes in TEME.
    pub observer: Observer,
    /// The Sun's altitude at the site, radians.
    pub sun_altitude_rad: f64,
    /// Standard magnitude of the satellites.
    pub standard_magnitude: f64,
    /// Extinction, magnitudes per airmass.
    pub extinction: f64,
    /// The field, if trails are counted.
    pub field: Option<FieldAt>,
    /// 10^(−0.4·(7 − M)): the flux (relative to a standard satellite) of magnitude 7.
    pub(super) flux_mag7: f64,
    /// 10^(−0.4·k·X(0)): the most light the air lets through, at the zenith.
    zenith_transmission: f64,
}

impl SkyConditions {
    /// The conditions of `query` at `at`.
    pub fn new(query: &SkyQuery, at: DateTime<Utc>) -> Self {
        let jd = julian_date(at);
        let sun = sun_position(jd);
        let observer = Observer::new(&query.site, gmst_rad(jd));
        let sun_altitude_rad = observer
            .topocentric(sun.position_in_teme_km())
            .elevation_rad;
        let field = query
            .field
            .map(|f| FieldAt::new(f, &query.site, &observer, jd, sun.position_in_teme_km()));
        Self {
            at,
            sun,
            observer,
            sun_altitude_rad,
            standard_magnitude: query.standard_magnitude,
            extinction: query.extinction,
            field,
            flux_mag7: 10f64.powf(-0.4 * (7.0 - query.standard_magnitude)),
            // The least air on any line of sight above the horizon: one
            // zenith airmass (or, for a negative k, which the command line
            // refuses, the horizon's).
            zenith_transmission: 10f64
                .powf(-0.4 * query.extinction * airmass(0.0))
                .max(10f64.powf(-0.4 * query.extinction * airmass(90.0))),
        }
    }

    /// The most a sunlit satellite at squared range `range2_km2` seeing `f`
    /// of the Sun can give, as 10^(−0.4·(m − M)): the phase law at most π,
    /// the air at least one zenith airmass.
    #[inline]
    pub(super) fn flux_bound(&self, lit_fraction: f64, range2_km2: f64) -> f64 {
        std::f64::consts::PI
            * lit_fraction
            * (STANDARD_RANGE_KM * STANDARD_RANGE_KM / range2_km2)
            * self.zenith_transmission
    }

    /// The magnitude of a satellite at `pos` (TEME, km) seen at
    /// `from_site` = pos − site with `lit_fraction` of the Sun's disc.
    #[inline]
    pub(super) fn magnitude(&self, pos: Vec3, from_site: Vec3, lit_fraction: f64) -> f64 {
        let range = norm(from_site);
        // cos z = sin(elevation); the phase angle at the satellite between
        // the Sun and the observer.
        let cos_zenith = dot(from_site, self.observer.up_in_teme) / range;
        let to_sun = sub(self.sun.position_in_teme_km(), pos);
        let cos_phase = -dot(to_sun, from_site) / (norm(to_sun) * range);
        apparent_magnitude_from_cosines(
            self.standard_magnitude,
            range,
            cos_phase,
            lit_fraction,
            self.extinction,
            cos_zenith,
        )
    }

    /// Adds one propagated satellite, the scalar way (catalog satellites and
    /// the reference for the batched pass). True if it may cross the field.
    pub fn add_satellite(&self, state: &TemeState, tally: &mut SkyTally) -> bool {
        let pos = state.pos_in_teme_km;
        let from_site = sub(pos, self.observer.pos_in_teme_km);
        let up = dot(from_site, self.observer.up_in_teme);
        if up > 0.0 {
            let above_30 = 4.0 * up * up > dot(from_site, from_site);
            tally.above_horizon += 1;
            tally.above_30deg += u64::from(above_30);
            let f = conical_illumination(pos, self.sun.position_in_teme_km()).lit_fraction();
            if f > 0.0 {
                tally.sunlit_above_horizon += 1;
                tally.sunlit_above_30deg += u64::from(above_30);
                tally.add_magnitude(self.magnitude(pos, from_site, f));
            }
        }
        self.field
            .as_ref()
            .is_some_and(|field| field.reachable(from_site, pos, state.vel_in_teme_km_s))
    }
}
