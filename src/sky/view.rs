//! The observer's picture of the sky, without Bevy: where a direction lands
//! on the screen in the two projections the viewer draws (the all-sky
//! camera's and a perspective look), how dark the sky is for the Sun's
//! altitude, and the precession that carries the J2000 star catalogue to the
//! date. The viewer's shaders mirror these functions; the picture tests
//! predict pixels with them.

use std::f64::consts::{FRAC_PI_2, TAU};

/// How the sky is laid on the screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SkyProjection {
    /// The all-sky camera's picture: azimuthal equidistant about the zenith,
    /// the horizon a circle filling the shorter side, north up and east left
    /// (the sky seen from below).
    AllSky,
    /// A look in one direction through a pinhole (gnomonic projection).
    Perspective {
        /// Azimuth of the centre of the view, radians from north through east.
        azimuth_rad: f64,
        /// Elevation of the centre of the view, radians.
        elevation_rad: f64,
        /// Vertical field of view, radians.
        fov_y_rad: f64,
    },
}

/// Widest perspective field of view, degrees.
pub const MAX_FOV_DEG: f64 = 120.0;
/// Narrowest perspective field of view, degrees.
pub const MIN_FOV_DEG: f64 = 1.0;

/// A direction in the site's east-north-up axes from azimuth and elevation.
pub fn enu_from_az_el(azimuth_rad: f64, elevation_rad: f64) -> [f64; 3] {
    let (sa, ca) = azimuth_rad.sin_cos();
    let (se, ce) = elevation_rad.sin_cos();
    [ce * sa, ce * ca, se]
}

/// Azimuth (from north through east, in [0, 2π)) and elevation of an
/// east-north-up vector.
pub fn az_el_from_enu(v: [f64; 3]) -> (f64, f64) {
    let r = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    let el = (v[2] / r).clamp(-1.0, 1.0).asin();
    (v[0].atan2(v[1]).rem_euclid(TAU), el)
}

/// The look's axes in east-north-up: forward, right and up of the picture.
pub fn look_axes(azimuth_rad: f64, elevation_rad: f64) -> [[f64; 3]; 3] {
    let forward = enu_from_az_el(azimuth_rad, elevation_rad);
    let (sa, ca) = azimuth_rad.sin_cos();
    // Right is horizontal, a quarter turn clockwise (seen from above) from the look.
    let right = [ca, -sa, 0.0];
    // up = right × forward
    let up = [
        right[1] * forward[2] - right[2] * forward[1],
        right[2] * forward[0] - right[0] * forward[2],
        right[0] * forward[1] - right[1] * forward[0],
    ];
    [forward, right, up]
}

impl SkyProjection {
    /// Normalised device coordinates (x right, y up, each −1..1 across the
    /// picture) of the direction at `azimuth_rad`, `elevation_rad` in a
    /// picture `width` × `height`; `None` where the projection does not
    /// show it (below the horizon in the all-sky picture, behind the viewer
    /// in perspective).
    pub fn ndc(
        &self,
        azimuth_rad: f64,
        elevation_rad: f64,
        width: f64,
        height: f64,
    ) -> Option<[f64; 2]> {
        let short = width.min(height);
        match *self {
            SkyProjection::AllSky => {
                if elevation_rad < 0.0 {
                    return None;
                }
                // r = zenith distance / 90°: 0 at the zenith, 1 on the horizon.
                let r = (FRAC_PI_2 - elevation_rad) / FRAC_PI_2;
                let (sa, ca) = azimuth_rad.sin_cos();
                // North up, east left.
                Some([-r * sa * short / width, r * ca * short / height])
            }
            SkyProjection::Perspective {
                azimuth_rad: look_az,
                elevation_rad: look_el,
                fov_y_rad,
            } => {
                let d = enu_from_az_el(azimuth_rad, elevation_rad);
                let [f, r, u] = look_axes(look_az, look_el);
                let dot = |a: [f64; 3], b: [f64; 3]| a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
                let z = dot(d, f);
                if z <= 1e-9 {
                    return None;
                }
                let t = (fov_y_rad / 2.0).tan();
                Some([dot(d, r) / (z * t * width / height), dot(d, u) / (z * t)])
            }
        }
    }

    /// Pixel (x right, y down, from the top-left corner, pixel centres at
    /// half-integers) of a direction, as [`SkyProjection::ndc`].
    pub fn pixel(
        &self,
        azimuth_rad: f64,
        elevation_rad: f64,
        width: f64,
        height: f64,
    ) -> Option<[f64; 2]> {
        let [x, y] = self.ndc(azimuth_rad, elevation_rad, width, height)?;
        Some([(x + 1.0) * 0.5 * width, (1.0 - y) * 0.5 * height])
    }

    /// The direction (azimuth, elevation) seen at a pixel, if the
    /// projection shows one there (inside the horizon's circle for all-sky).
    pub fn direction_at_pixel(
        &self,
        x: f64,
        y: f64,
        width: f64,
        height: f64,
    ) -> Option<(f64, f64)> {
        let ndc = [2.0 * x / width - 1.0, 1.0 - 2.0 * y / height];
        let short = width.min(height);
        match *self {
            SkyProjection::AllSky => {
                let (px, py) = (ndc[0] * width / short, ndc[1] * height / short);
                let r = (px * px + py * py).sqrt();
                if r > 1.0 {
                    return None;
                }
                let el = FRAC_PI_2 * (1.0 - r);
                Some(((-px).atan2(py).rem_euclid(TAU), el))
            }
            SkyProjection::Perspective {
                azimuth_rad,
                elevation_rad,
                fov_y_rad,
            } => {
                let t = (fov_y_rad / 2.0).tan();
                let [f, r, u] = look_axes(azimuth_rad, elevation_rad);
                let (a, b) = (ndc[0] * t * width / height, ndc[1] * t);
                let d = [
                    f[0] + a * r[0] + b * u[0],
                    f[1] + a * r[1] + b * u[1],
                    f[2] + a * r[2] + b * u[2],
                ];
                Some(az_el_from_enu(d))
            }
        }
    }
}

/// The sky's light for the Sun's geometric altitude (degrees), after the
/// twilight definitions: day with the Sun up, civil twilight down to −6°,
/// nautical to −12°, astronomical to −18°, night below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Twilight {
    /// The Sun's centre above the horizon.
    Day,
    /// 0° to −6°.
    Civil,
    /// −6° to −12°.
    Nautical,
    /// −12° to −18°.
    Astronomical,
    /// Below −18°: the sky as dark as it gets.
    Night,
}

impl Twilight {
    /// The phase for a Sun's altitude in degrees.
    pub fn of_sun_altitude_deg(sun_altitude_deg: f64) -> Self {
        match sun_altitude_deg {
            a if a >= 0.0 => Twilight::Day,
            a if a >= -6.0 => Twilight::Civil,
            a if a >= -12.0 => Twilight::Nautical,
            a if a >= -18.0 => Twilight::Astronomical,
            _ => Twilight::Night,
        }
    }

    /// Its name as the panel shows it.
    pub fn label(self) -> &'static str {
        match self {
            Twilight::Day => "day",
            Twilight::Civil => "civil twilight",
            Twilight::Nautical => "nautical twilight",
            Twilight::Astronomical => "astronomical twilight",
            Twilight::Night => "night",
        }
    }
}

/// The faintest magnitude the naked eye reaches in a sky lit by a Sun at
/// `sun_altitude_deg` (at a dark site): 6.5 at night, 6 at the end of
/// nautical twilight's darkest part, 4 at −9°, 1 at the end of civil
/// twilight's brightest part, −4 in daylight (nothing but Venus). A
/// piecewise-linear reading of the twilight sky's brightness (about 21.8
/// mag/arcsec² at night, 3-4 mag brighter per 6° of twilight) through
/// Schaefer's visibility relation (PASP 105, 1993); the picture dims stars
/// and satellites by it, the counts do not use it.
pub fn naked_eye_limit(sun_altitude_deg: f64) -> f64 {
    const KNOTS: [(f64, f64); 6] = [
        (-18.0, 6.5),
        (-12.0, 6.0),
        (-9.0, 4.0),
        (-4.0, 1.0),
        (0.0, -2.0),
        (3.0, -4.0),
    ];
    piecewise(&KNOTS, sun_altitude_deg)
}

/// The sky's brightness at the zenith relative to full daylight (1), for a
/// Sun at `sun_altitude_deg`: log-linear between 1 at 3° of altitude, 0.1 at
/// sunset, 1e-3 at −6°, 1e-4 at −12° and 2e-5 from −18° down (the zenith
/// sky's fall through twilight, about a factor of 10 per 4-6°).
pub fn sky_brightness(sun_altitude_deg: f64) -> f64 {
    const KNOTS: [(f64, f64); 5] = [
        (-18.0, -4.7),
        (-12.0, -4.0),
        (-6.0, -3.0),
        (0.0, -1.0),
        (3.0, 0.0),
    ];
    10f64.powf(piecewise(&KNOTS, sun_altitude_deg))
}

/// Linear interpolation through `knots` (x ascending), flat beyond the ends.
fn piecewise(knots: &[(f64, f64)], x: f64) -> f64 {
    let (first, last) = (knots[0], knots[knots.len() - 1]);
    if x <= first.0 {
        return first.1;
    }
    if x >= last.0 {
        return last.1;
    }
    for w in knots.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if x <= x1 {
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }
    }
    last.1
}

/// The rotation that carries a J2000 mean equatorial direction to the mean
/// equator and equinox of the date `jd_tt` (IAU 1976 precession, Lieske et
/// al. 1977, as in Meeus, Astronomical Algorithms, ch. 21):
/// P = R₃(−z)·R₂(θ)·R₃(−ζ), with, in arcseconds and T Julian centuries from J2000,
/// ζ = 2306.2181″T + 0.30188″T² + 0.017998″T³,
/// z = 2306.2181″T + 1.09468″T² + 0.018203″T³,
/// θ = 2004.3109″T − 0.42665″T² − 0.041833″T³.
/// Rows of the matrix: `v_date = P · v_j2000`.
pub fn precession_from_j2000(jd_tt: f64) -> [[f64; 3]; 3] {
    let t = (jd_tt - 2_451_545.0) / 36_525.0;
    let arcsec = |a: f64, b: f64, c: f64| ((a + (b + c * t) * t) * t / 3600.0).to_radians();
    let zeta = arcsec(2306.2181, 0.30188, 0.017998);
    let z = arcsec(2306.2181, 1.09468, 0.018203);
    let theta = arcsec(2004.3109, -0.42665, -0.041833);
    let (sz, cz) = zeta.sin_cos();
    let (sz2, cz2) = z.sin_cos();
    let (st, ct) = theta.sin_cos();
    [
        [
            cz2 * ct * cz - sz2 * sz,
            -cz2 * ct * sz - sz2 * cz,
            -cz2 * st,
        ],
        [
            sz2 * ct * cz + cz2 * sz,
            -sz2 * ct * sz + cz2 * cz,
            -sz2 * st,
        ],
        [st * cz, -st * sz, ct],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeus_example_21b_theta_persei() {
        // Meeus, Astronomical Algorithms (2nd ed.), example 21.b: θ Persei,
        // J2000 α₀ = 2h44m11.986s, δ₀ = +49°13′42.48″, proper motion
        // +0.03425 s and −0.0895″ a year, to 2028 Nov 13.19 TD
        // (JDE 2462088.69): α = 2h46m11.331s, δ = +49°20′54.54″.
        let years = (2_462_088.69 - 2_451_545.0) / 365.25;
        let ra0: f64 = (2.0 + 44.0 / 60.0 + (11.986 + 0.03425 * years) / 3600.0) * 15.0;
        let dec0 = 49.0 + 13.0 / 60.0 + (42.48 - 0.0895 * years) / 3600.0;
        let (sr, cr) = ra0.to_radians().sin_cos();
        let (sd, cd) = f64::to_radians(dec0).sin_cos();
        let v = [cd * cr, cd * sr, sd];
        let p = precession_from_j2000(2_462_088.69);
        let w: Vec<f64> = p
            .iter()
            .map(|row| row[0] * v[0] + row[1] * v[1] + row[2] * v[2])
            .collect();
        let ra = w[1].atan2(w[0]).to_degrees().rem_euclid(360.0);
        let dec = w[2].asin().to_degrees();
        let ra_expected = (2.0 + 46.0 / 60.0 + 11.331 / 3600.0) * 15.0;
        let dec_expected = 49.0 + 20.0 / 60.0 + 54.54 / 3600.0;
        // Within 0.02 s of time and 0.1″ (the book's rounding).
        assert!(
            (ra - ra_expected).abs() * 240.0 < 0.02,
            "α {ra} vs {ra_expected}"
        );
        assert!(
            (dec - dec_expected).abs() * 3600.0 < 0.1,
            "δ {dec} vs {dec_expected}"
        );
    }

    #[test]
    fn precession_is_a_rotation_and_the_identity_at_j2000() {
        let p = precession_from_j2000(2_451_545.0);
        for (i, row) in p.iter().enumerate() {
            for (j, &x) in row.iter().enumerate() {
                assert!((x - f64::from(u8::from(i == j))).abs() < 1e-15);
            }
        }
        let p = precession_from_j2000(2_461_041.5); // 2026-01-01
        for i in 0..3 {
            for j in 0..3 {
                let d: f64 = (0..3).map(|k| p[i][k] * p[j][k]).sum();
                assert!((d - f64::from(u8::from(i == j))).abs() < 1e-14);
            }
        }
        // 26 years of general precession, 50.29″ a year along the ecliptic,
        // move the equinox's direction by about 0.363°.
        let x = [p[0][0], p[1][0], p[2][0]];
        let angle = x[0].acos().to_degrees();
        assert!((angle - 26.0 * 50.29 / 3600.0).abs() < 0.01, "{angle}");
    }

    #[test]
    fn all_sky_puts_the_zenith_at_the_centre_north_up_east_left() {
        let p = SkyProjection::AllSky;
        let [x, y] = p.pixel(1.0, FRAC_PI_2, 320.0, 320.0).expect("zenith");
        assert!((x - 160.0).abs() < 1e-9 && (y - 160.0).abs() < 1e-9);
        let [_, y] = p.pixel(0.0, 0.0, 320.0, 320.0).expect("north");
        assert!(y.abs() < 1e-9, "north on the horizon at the top: {y}");
        let [x, _] = p.pixel(FRAC_PI_2, 0.0, 320.0, 320.0).expect("east");
        assert!(x.abs() < 1e-9, "east on the left: {x}");
        let [x, y] = p.pixel(FRAC_PI_2, FRAC_PI_4, 320.0, 320.0).expect("45°");
        assert!((x - 80.0).abs() < 1e-9 && (y - 160.0).abs() < 1e-9);
        assert_eq!(p.pixel(0.3, -0.01, 320.0, 320.0), None);
    }

    use std::f64::consts::FRAC_PI_4;

    #[test]
    fn pixels_and_directions_round_trip() {
        let projections = [
            SkyProjection::AllSky,
            SkyProjection::Perspective {
                azimuth_rad: 2.0,
                elevation_rad: 0.4,
                fov_y_rad: 1.0,
            },
        ];
        for p in projections {
            for (az, el) in [(0.1, 0.2), (2.0, 0.5), (2.3, 0.7), (5.0, 1.2)] {
                let Some([x, y]) = p.pixel(az, el, 400.0, 300.0) else {
                    continue;
                };
                let (a, e) = p.direction_at_pixel(x, y, 400.0, 300.0).expect("inside");
                assert!(
                    (a - az).abs() < 1e-9 && (e - el).abs() < 1e-9,
                    "{p:?} {az} {el}"
                );
            }
        }
        // The look's centre is at the picture's centre.
        let p = projections[1];
        let [x, y] = p.pixel(2.0, 0.4, 400.0, 300.0).expect("centre");
        assert!((x - 200.0).abs() < 1e-9 && (y - 150.0).abs() < 1e-9);
    }

    #[test]
    fn the_sky_darkens_through_twilight() {
        assert_eq!(Twilight::of_sun_altitude_deg(10.0), Twilight::Day);
        assert_eq!(Twilight::of_sun_altitude_deg(-3.0), Twilight::Civil);
        assert_eq!(Twilight::of_sun_altitude_deg(-7.0), Twilight::Nautical);
        assert_eq!(Twilight::of_sun_altitude_deg(-17.9), Twilight::Astronomical);
        assert_eq!(Twilight::of_sun_altitude_deg(-40.0), Twilight::Night);
        let mut last = f64::INFINITY;
        for a in (-30..=20).rev() {
            let b = sky_brightness(f64::from(a));
            assert!(b <= last);
            last = b;
        }
        assert!((sky_brightness(-6.0) - 1e-3).abs() < 1e-12);
        assert!((naked_eye_limit(-30.0) - 6.5).abs() < 1e-12);
        assert!(
            naked_eye_limit(30.0) < -1.1,
            "Sirius (−1.1) does not show at noon"
        );
    }
}
