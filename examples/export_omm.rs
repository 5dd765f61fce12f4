//! Writes satellites of a preset as CelesTrak-style OMM JSON (Kozai mean
//! motion, as TLE/OMM consumers expect), and the sgp4 crate's positions for
//! them at one instant, for the peer comparison in `benches/peers/`.
//!
//! `cargo run --release --no-default-features --example export_omm -- --preset odc-1m --count 100000 --minutes 15857 --out DIR`

use megaconstellation::constellation::Constellation;
use megaconstellation::propagation::Fleet;
use std::f64::consts::PI;
use std::io::Write;

/// The Kozai mean motion (rad/min) whose Brouwer equivalent is `brouwer`.
fn kozai_from_brouwer(inclination: f64, eccentricity: f64, brouwer: f64) -> f64 {
    let to_brouwer = |kozai: f64| {
        sgp4::Orbit::from_kozai_elements(
            &sgp4::WGS72,
            inclination,
            0.0,
            eccentricity,
            0.0,
            0.0,
            kozai,
        )
        .map(|o| o.mean_motion)
        .unwrap_or(f64::NAN)
    };
    let mut k = brouwer;
    for _ in 0..20 {
        let f = to_brouwer(k) - brouwer;
        let h = k * 1e-7;
        let slope = (to_brouwer(k + h) - to_brouwer(k - h)) / (2.0 * h);
        k -= f / slope;
        if f.abs() < 1e-16 {
            break;
        }
    }
    k
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let preset = get("--preset").unwrap_or_else(|| "odc-1m".into());
    let count: usize = get("--count")
        .map(|c| c.parse())
        .transpose()?
        .unwrap_or(100_000);
    let minutes: f64 = get("--minutes")
        .map(|c| c.parse())
        .transpose()?
        .unwrap_or(15_857.0);
    let out = std::path::PathBuf::from(get("--out").unwrap_or_else(|| ".".into()));
    let constellation = Constellation::from_preset(&preset)?;
    let fleet = Fleet::new(&constellation)?;
    let total = fleet.shell_satellites();
    let mut omm = std::io::BufWriter::new(std::fs::File::create(out.join("satellites.json"))?);
    let mut reference = std::io::BufWriter::new(std::fs::File::create(out.join("reference.csv"))?);
    writeln!(reference, "minutes,x,y,z")?;
    write!(omm, "[")?;
    let deg = 180.0 / PI;
    for k in 0..count.min(total) {
        let i = k * total / count.min(total);
        let shell = fleet
            .shells
            .iter()
            .find(|s| s.range.contains(&i))
            .expect("in a shell");
        let orbit = &shell.shell.orbit;
        let (node, anomaly) = fleet.shell_phase(i);
        let kozai = kozai_from_brouwer(
            orbit.inclination_rad,
            orbit.eccentricity,
            orbit.mean_motion_rad_min,
        );
        let p = orbit
            .crate_constants(node, anomaly)
            .propagate(sgp4::MinutesSinceEpoch(minutes))?;
        writeln!(
            reference,
            "{minutes},{:.9},{:.9},{:.9}",
            p.position[0], p.position[1], p.position[2]
        )?;
        if k > 0 {
            write!(omm, ",")?;
        }
        write!(
            omm,
            "\n{{\"OBJECT_NAME\":\"{}-{}\",\"OBJECT_ID\":\"2026-000A\",\"EPOCH\":\"{}\",\"MEAN_MOTION\":{:.17e},\"ECCENTRICITY\":{:.17e},\"INCLINATION\":{:.17e},\"RA_OF_ASC_NODE\":{:.17e},\"ARG_OF_PERICENTER\":0.0,\"MEAN_ANOMALY\":{:.17e},\"EPHEMERIS_TYPE\":0,\"CLASSIFICATION_TYPE\":\"U\",\"NORAD_CAT_ID\":{},\"ELEMENT_SET_NO\":999,\"REV_AT_EPOCH\":0,\"BSTAR\":0.0,\"MEAN_MOTION_DOT\":0.0,\"MEAN_MOTION_DDOT\":0.0}}",
            shell.shell.spec.name,
            i - shell.range.start,
            shell.shell.epoch.format("%Y-%m-%dT%H:%M:%S%.6f"),
            kozai * 1440.0 / (2.0 * PI),
            orbit.eccentricity,
            orbit.inclination_rad * deg,
            node * deg,
            anomaly * deg,
            10_000 + k % 90_000,
        )?;
    }
    writeln!(omm, "\n]")?;
    println!(
        "wrote {} satellites of {preset} to {}",
        count.min(total),
        out.display()
    );
    Ok(())
}
