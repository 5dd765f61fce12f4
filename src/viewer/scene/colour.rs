//! How satellites are coloured: the modes of the Colour by menu (and `C`),
//! the ramp the quantitative modes share with the shader
//! (`satellites.wgsl`, `ramp`), and what each mode's colours mean now (its
//! legend). The GPU does the colouring from each satellite's own position;
//! the CPU gives it only the scale, once a frame.

use crate::propagation::{Fleet, MU_KM3_S2};
use serde::{Deserialize, Serialize};

/// A colour mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColourBy {
    /// Sunlit warm white, shadowed dark blue (the first look).
    #[default]
    Sunlight,
    /// The shell's colour in the shell table.
    Shell,
    /// Height above the equatorial radius.
    Altitude,
    /// Power the array collects now: the share of the Sun's disc it sees.
    Power,
    /// Orbital speed (vis-viva from the radius and the shell's mean semi-major axis).
    Speed,
    /// Apparent magnitude from the Sky section's site.
    Brightness,
    /// Satellites within 100 km ([`crate::density`]), counted off the frame.
    Density,
    /// Close approaches a day, from the Safety section's screening.
    CloseApproaches,
}

impl ColourBy {
    /// Every mode, in the menu's and `C`'s order.
    pub const ALL: [ColourBy; 8] = [
        ColourBy::Sunlight,
        ColourBy::Shell,
        ColourBy::Altitude,
        ColourBy::Power,
        ColourBy::Speed,
        ColourBy::Brightness,
        ColourBy::Density,
        ColourBy::CloseApproaches,
    ];

    /// The name the menu shows and `--colour-by` takes.
    pub fn name(self) -> &'static str {
        match self {
            ColourBy::Sunlight => "sunlight",
            ColourBy::Shell => "shell",
            ColourBy::Altitude => "altitude",
            ColourBy::Power => "power",
            ColourBy::Speed => "speed",
            ColourBy::Brightness => "brightness",
            ColourBy::Density => "density",
            ColourBy::CloseApproaches => "close-approaches",
        }
    }

    /// The mode of a name (as [`name`](Self::name) gives it).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The shader's mode number (`frame.earth.z`).
    pub fn shader_mode(self) -> f32 {
        match self {
            ColourBy::Sunlight => 0.0,
            ColourBy::Shell => 1.0,
            ColourBy::CloseApproaches | ColourBy::Density => 2.0,
            ColourBy::Altitude => 3.0,
            ColourBy::Power => 4.0,
            ColourBy::Speed => 5.0,
            ColourBy::Brightness => 6.0,
        }
    }

    /// The mode `C` goes to next: every mode in turn, close approaches only
    /// once a day has been screened.
    pub fn next(self, screened: bool) -> Self {
        let i = Self::ALL.iter().position(|m| *m == self).unwrap_or(0);
        let mut next = Self::ALL[(i + 1) % Self::ALL.len()];
        if next == ColourBy::CloseApproaches && !screened {
            next = Self::ALL[0];
        }
        next
    }
}

/// The quantitative modes' ramp, sRGB, from low to high at five even
/// stops (the shader's `ramp` has the same stops and interpolates them in
/// sRGB before turning them linear).
pub const RAMP_SRGB: [[f32; 3]; 5] = [
    [0.25, 0.45, 1.0],
    [0.15, 0.85, 0.95],
    [0.45, 0.95, 0.35],
    [1.0, 0.85, 0.2],
    [1.0, 0.3, 0.25],
];

/// The ramp at `t` (clamped to [0, 1]), sRGB.
pub fn ramp_srgb(t: f32) -> [f32; 3] {
    let x = t.clamp(0.0, 1.0) * 4.0;
    let i = (x.floor() as usize).min(3);
    let f = x - i as f32;
    let (a, b) = (RAMP_SRGB[i], RAMP_SRGB[i + 1]);
    [0, 1, 2].map(|c| a[c] + (b[c] - a[c]) * f)
}

/// The sunlight mode's colours as the screen shows them (the shader's
/// SUNLIT and shadowed, linear, written to an sRGB target), sRGB.
pub const SUNLIT_SRGB: [f32; 3] = [1.0, 0.934, 0.805];
/// In the umbra.
pub const SHADOWED_SRGB: [f32; 3] = [0.256, 0.335, 0.481];

/// The colour a satellite gets in the brightness mode where it cannot be
/// seen from the site (below the horizon or in the umbra), sRGB.
pub const NOT_VISIBLE_SRGB: [f32; 3] = [0.2, 0.2, 0.2];

/// Faintest and brightest magnitude the brightness mode's ramp spans.
pub const MAGNITUDE_RANGE: (f32, f32) = (7.0, 1.0);

/// SGP4's Earth radius (WGS-72), km: what altitude counts from.
pub const EARTH_RADIUS_KM: f64 = crate::propagation::SHELL_GEOPOTENTIAL.ae;

/// What the ramp spans now: the coloured quantity at its low and high ends.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ColourScale {
    /// The quantity at the ramp's low end.
    pub low: f32,
    /// At its high end.
    pub high: f32,
}

impl ColourScale {
    /// Where `q` falls on the ramp, 0 to 1.
    pub fn position(&self, q: f32) -> f32 {
        if self.high == self.low {
            return 0.5;
        }
        ((q - self.low) / (self.high - self.low)).clamp(0.0, 1.0)
    }
}

/// The scale of a quantitative mode for a fleet: the shells' range of
/// altitude or speed (perigee to apogee, at least 50 km or 0.1 km/s wide),
/// 0 to one fully lit array's output (kW), or [`MAGNITUDE_RANGE`]. None for
/// the other modes.
pub fn scale(mode: ColourBy, fleet: &Fleet, array_power_w: f64) -> Option<ColourScale> {
    let radii = || {
        fleet.shells.iter().map(|s| {
            let a = s.shell.orbit.semi_major_axis_km();
            let e = s.shell.spec.eccentricity;
            (a, a * (1.0 - e), a * (1.0 + e))
        })
    };
    let widen = |lo: f64, hi: f64, least: f64| {
        let pad = ((least - (hi - lo)) / 2.0).max(0.0);
        ColourScale {
            low: (lo - pad) as f32,
            high: (hi + pad) as f32,
        }
    };
    match mode {
        ColourBy::Altitude => {
            let lo = radii().map(|(_, p, _)| p).fold(f64::INFINITY, f64::min);
            let hi = radii().map(|(_, _, a)| a).fold(0.0, f64::max);
            lo.is_finite()
                .then(|| widen(lo - EARTH_RADIUS_KM, hi - EARTH_RADIUS_KM, 50.0))
        }
        ColourBy::Speed => {
            let speed = |r: f64, a: f64| (MU_KM3_S2 * (2.0 / r - 1.0 / a)).max(0.0).sqrt();
            let lo = radii()
                .map(|(a, _, apo)| speed(apo, a))
                .fold(f64::INFINITY, f64::min);
            let hi = radii()
                .map(|(a, peri, _)| speed(peri, a))
                .fold(0.0, f64::max);
            lo.is_finite().then(|| widen(lo, hi, 0.1))
        }
        ColourBy::Power => Some(ColourScale {
            low: 0.0,
            high: (array_power_w / 1e3) as f32,
        }),
        ColourBy::Brightness => Some(ColourScale {
            low: MAGNITUDE_RANGE.0,
            high: MAGNITUDE_RANGE.1,
        }),
        _ => None,
    }
}

/// A legend's entries for a quantitative mode: five stops of the ramp with
/// the quantity there, and for brightness the colour of what cannot be
/// seen. Colours sRGB.
pub fn legend(mode: ColourBy, scale: ColourScale) -> Vec<([f32; 3], String)> {
    let label = |q: f32| match mode {
        ColourBy::Altitude => format!("{q:.0} km"),
        ColourBy::Speed => format!("{q:.2} km/s"),
        ColourBy::Power if q == 0.0 => "0 W".into(),
        ColourBy::Power => crate::units::si(f64::from(q) * 1e3, "W"),
        ColourBy::Brightness => format!("magnitude {q:.1}"),
        ColourBy::Density => format!("{q:.0} within {:.0} km", crate::density::DENSITY_RADIUS_KM),
        _ => String::new(),
    };
    let mut out: Vec<([f32; 3], String)> = (0..5)
        .rev()
        .map(|k| {
            let t = k as f32 / 4.0;
            (
                ramp_srgb(t),
                label(scale.low + (scale.high - scale.low) * t),
            )
        })
        .collect();
    if mode == ColourBy::Brightness {
        out.push((NOT_VISIBLE_SRGB, "not visible from the site".into()));
    }
    if mode == ColourBy::Power {
        out.last_mut().expect("five stops").1 += " (in the umbra)";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_visits_every_mode_and_close_approaches_only_once_screened() {
        let mut m = ColourBy::Sunlight;
        let mut seen = vec![m];
        for _ in 0..ColourBy::ALL.len() - 1 {
            m = m.next(true);
            seen.push(m);
        }
        assert_eq!(seen, ColourBy::ALL.to_vec());
        assert_eq!(m.next(true), ColourBy::Sunlight);
        assert_eq!(ColourBy::Density.next(false), ColourBy::Sunlight);
        for m in ColourBy::ALL {
            assert_eq!(ColourBy::from_name(m.name()), Some(m));
        }
        assert_eq!(ColourBy::from_name("violet"), None);
    }

    #[test]
    fn the_ramp_passes_through_its_stops() {
        for (k, stop) in RAMP_SRGB.iter().enumerate() {
            assert_eq!(ramp_srgb(k as f32 / 4.0), *stop);
        }
        let mid = ramp_srgb(0.125);
        for c in 0..3 {
            assert!((mid[c] - 0.5 * (RAMP_SRGB[0][c] + RAMP_SRGB[1][c])).abs() < 1e-6);
        }
    }

    #[test]
    fn odc_1m_scales_span_its_shells() {
        let c = crate::constellation::Constellation::from_preset("odc-1m").expect("preset");
        let fleet = Fleet::new(&c).expect("fleet");
        let alt = scale(ColourBy::Altitude, &fleet, 0.0).expect("altitude");
        // 525-1,975 km shells; SGP4's mean semi-major axis sits a few km off the nominal altitude.
        assert!(
            (alt.low - 525.0).abs() < 15.0 && (alt.high - 1975.0).abs() < 15.0,
            "{alt:?}"
        );
        let speed = scale(ColourBy::Speed, &fleet, 0.0).expect("speed");
        let v = |h: f64| (MU_KM3_S2 / (EARTH_RADIUS_KM + h)).sqrt() as f32;
        assert!(
            (speed.high - v(525.0)).abs() < 0.02 && (speed.low - v(1975.0)).abs() < 0.02,
            "{speed:?}"
        );
        let legend = legend(ColourBy::Altitude, alt);
        assert_eq!(legend.len(), 5);
        assert_eq!(legend[0].0, RAMP_SRGB[4]);
        assert_eq!(legend[0].1, format!("{:.0} km", alt.high));
    }
}
