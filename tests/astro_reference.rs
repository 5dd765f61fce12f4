//! GMST and the Sun's direction against astropy (ERFA), generated once by
//! `tests/data/make_astro_reference.py`.

use megaconstellation::sun::sun_position;
use megaconstellation::time::{gmst_rad, julian_date, parse_instant};
use megaconstellation::vec3::dot;

struct Row {
    utc: String,
    gmst82_deg: f64,
    gmst06_deg: f64,
    sun: [f64; 3],
}

fn rows() -> Vec<Row> {
    include_str!("data/astro_reference.csv")
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            let n = |i: usize| f[i].parse::<f64>().expect("number");
            Row {
                utc: f[0].to_owned(),
                gmst82_deg: n(1),
                gmst06_deg: n(2),
                sun: [n(3), n(4), n(5)],
            }
        })
        .collect()
}

/// Difference of two angles in degrees, wrapped to (−180, 180].
fn wrap_deg(a: f64) -> f64 {
    (a + 180.0).rem_euclid(360.0) - 180.0
}

#[test]
fn gmst_within_a_tenth_of_a_second() {
    let rows = rows();
    assert!(rows.len() >= 15);
    for r in &rows {
        let ours = gmst_rad(julian_date(parse_instant(&r.utc).expect("valid"))).to_degrees();
        // 1 s of sidereal time is 1/240 degree.
        let seconds_82 = wrap_deg(ours - r.gmst82_deg).abs() * 240.0;
        let seconds_06 = wrap_deg(ours - r.gmst06_deg).abs() * 240.0;
        assert!(seconds_82 < 0.1, "{}: {seconds_82} s from IAU 1982", r.utc);
        assert!(seconds_06 < 0.1, "{}: {seconds_06} s from IAU 2006", r.utc);
    }
}

#[test]
fn sun_direction_within_a_hundredth_of_a_degree() {
    for r in rows() {
        let jd = julian_date(parse_instant(&r.utc).expect("valid"));
        let ours = sun_position(jd).direction_in_teme;
        let angle = dot(ours, r.sun).clamp(-1.0, 1.0).acos().to_degrees();
        assert!(angle < 0.01, "{}: {angle}° from astropy", r.utc);
    }
}
