//! Broken constellation files and catalogs get an error that names the
//! file, the line or field, and what was expected.

use megaconstellation::catalog::Catalog;
use megaconstellation::constellation::Constellation;
use megaconstellation::error::Origin;

const GOOD_SHELL: &str = "[[shell]]
name = \"a\"
altitude_km = 550.0
inclination_deg = 53.0
planes = 10
sats_per_plane = 20
";

fn error_of(text: &str) -> String {
    match Constellation::from_text(text, Origin("bad.toml".into()), None) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

fn assert_has(message: &str, parts: &[&str]) {
    for p in parts {
        assert!(message.contains(p), "`{message}` lacks `{p}`");
    }
}

#[test]
fn a_good_file_loads() {
    let c = Constellation::from_text(GOOD_SHELL, Origin("good.toml".into()), None).expect("valid");
    assert_eq!(c.spec.shell_satellite_count(), 200);
}

#[test]
fn bad_toml_syntax() {
    let e = error_of("[[shell]]\nname = \"a\nplanes = 1\n");
    assert_has(&e, &["bad.toml:2:"]);
}

#[test]
fn unknown_key() {
    let e = error_of(&GOOD_SHELL.replace("planes = 10", "planes = 10\nplanez = 3"));
    assert_has(
        &e,
        &[
            "bad.toml:6:",
            "unknown field `planez`",
            "expected one of",
            "`planes`",
        ],
    );
}

#[test]
fn wrong_type() {
    let e = error_of(&GOOD_SHELL.replace("planes = 10", "planes = \"ten\""));
    assert_has(
        &e,
        &[
            "bad.toml:5:",
            "invalid type: string \"ten\"",
            "expected u32",
        ],
    );
    let e = error_of(&GOOD_SHELL.replace("planes = 10", "planes = -1"));
    assert_has(&e, &["bad.toml:5:", "-1"]);
}

#[test]
fn zero_planes() {
    let e = error_of(&GOOD_SHELL.replace("planes = 10", "planes = 0"));
    assert_has(
        &e,
        &[
            "bad.toml:5:",
            "shell `a`",
            "`planes` is 0",
            "expected at least 1",
        ],
    );
}

#[test]
fn shell_below_150_km() {
    let e = error_of(&GOOD_SHELL.replace("550.0", "120.0"));
    assert_has(
        &e,
        &["bad.toml:3:", "`altitude_km` is 120", "at least 150 km"],
    );
}

#[test]
fn shell_in_the_deep_space_regime() {
    let e = error_of(&GOOD_SHELL.replace("550.0", "8000.0"));
    assert_has(&e, &["bad.toml:3:", "225 minutes", "deep-space"]);
}

#[test]
fn missing_required_key_and_inclination() {
    let e = error_of(&GOOD_SHELL.replace("planes = 10\n", ""));
    assert_has(&e, &["bad.toml:", "missing field `planes`"]);
    let e = error_of(&GOOD_SHELL.replace("inclination_deg = 53.0\n", ""));
    assert_has(
        &e,
        &["bad.toml:2:", "no inclination", "inclination = \"sso\""],
    );
}

#[test]
fn absurd_values() {
    let e = error_of(
        &GOOD_SHELL
            .replace("planes = 10", "planes = 100000")
            .replace("20\n", "100000\n"),
    );
    assert_has(&e, &["bad.toml:", "10000000000 satellites", "at most"]);
    let e = error_of(&format!("{GOOD_SHELL}[satellite]\ncell_efficiency = 3.0\n"));
    assert_has(
        &e,
        &["bad.toml:8:", "`cell_efficiency` is 3", "from 0 to 1"],
    );
    let e = error_of(&GOOD_SHELL.replace("53.0", "190.0"));
    assert_has(&e, &["bad.toml:4:", "0 to 180"]);
    let e = error_of(&format!("{GOOD_SHELL}{}", GOOD_SHELL));
    assert_has(&e, &["bad.toml:8:", "second shell is named `a`"]);
    let e = error_of(&GOOD_SHELL.replace("planes = 10", "planes = 10\nphasing = 10"));
    assert_has(&e, &["bad.toml:6:", "from 0 to planes − 1 = 9"]);
    let e = error_of("epoch = \"last tuesday\"\n");
    assert_has(&e, &["bad.toml:1:", "RFC 3339"]);
    let e = error_of("name = \"x\"\n");
    assert_has(&e, &["bad.toml", "no satellites"]);
}

#[test]
fn tle_with_a_bad_checksum() {
    let tle = "ISS (ZARYA)\n1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2928\n2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537\n";
    let e = Catalog::parse(tle, Origin("stations.tle".into()), "s".into())
        .unwrap_err()
        .to_string();
    assert_has(&e, &["stations.tle:2:", "bad checksum", "expected 7"]);
}

#[test]
fn omm_missing_a_field() {
    let omm = r#"[{"OBJECT_NAME": "X", "OBJECT_ID": "2020-001A", "EPOCH": "2020-07-12T21:16:01.000416",
        "ECCENTRICITY": 0.0001, "INCLINATION": 51.6, "RA_OF_ASC_NODE": 221.2, "ARG_OF_PERICENTER": 89.1,
        "MEAN_ANOMALY": 280.4, "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": 1,
        "ELEMENT_SET_NO": 999, "REV_AT_EPOCH": 1, "BSTAR": 0.0, "MEAN_MOTION_DOT": 0.0, "MEAN_MOTION_DDOT": 0}]"#;
    let e = Catalog::parse(omm, Origin("gp.json".into()), "gp".into())
        .unwrap_err()
        .to_string();
    // serde_json places it where the object without the field ends.
    assert_has(&e, &["gp.json:4:", "missing field `MEAN_MOTION`"]);
}

#[test]
fn the_binary_exits_non_zero_with_the_message() {
    let dir = std::env::temp_dir().join(format!("mc-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("broken.toml");
    std::fs::write(&path, GOOD_SHELL.replace("planes = 10", "planes = 0")).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
        .args(["report", "--constellation"])
        .arg(&path)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("broken.toml:5:") && stderr.contains("`planes` is 0"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
        .args(["report", "--preset", "nope"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("no preset `nope`") && stderr.contains("odc-1m"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(feature = "viewer")]
#[test]
fn an_absurd_warp_is_refused_before_any_window_opens() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
        .args(["--warp", "1e9"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--warp 1000000000: expected a number from -10000 to 10000"),
        "{stderr}"
    );
}
