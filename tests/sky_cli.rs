//! The `sky` command as the user runs it: its JSON keys, series and
//! nights, polar day and night, and the errors for bad input.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn keys(v: &serde_json::Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    k.sort();
    k
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
    k.sort();
    k
}

#[test]
fn one_instant_has_exactly_the_documented_keys() {
    let (code, stdout, stderr) = run(&[
        "sky",
        "--preset",
        "starlink-gen1",
        "--site",
        "cerro paranal",
        "--at",
        "2026-03-20T23:40:00Z",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        keys(&v),
        sorted(&[
            "at",
            "site",
            "sun_altitude_deg",
            "above_horizon",
            "above_30deg",
            "sunlit_above_horizon",
            "sunlit_above_30deg",
            "brighter_than_mag6",
            "brighter_than_mag7",
            "brightest_magnitude",
            "trails_in_field",
            "shells",
        ])
    );
    assert_eq!(
        keys(&v["site"]),
        sorted(&["name", "lat_deg", "lon_deg", "height_m"])
    );
    assert_eq!(v["site"]["name"], "Cerro Paranal");
    assert_eq!(v["at"], "2026-03-20T23:40:00Z");
    assert!(v["trails_in_field"].is_null());
    let shells = v["shells"].as_array().expect("array");
    assert_eq!(shells.len(), 5);
    for s in shells {
        assert_eq!(
            keys(s),
            sorted(&[
                "name",
                "above_horizon",
                "sunlit_above_30deg",
                "brighter_than_mag6"
            ])
        );
    }
    let per_shell: u64 = shells
        .iter()
        .map(|s| s["above_horizon"].as_u64().expect("count"))
        .sum();
    assert_eq!(Some(per_shell), v["above_horizon"].as_u64());
    let n = |k: &str| v[k].as_u64().expect("count");
    assert!(n("above_horizon") >= n("above_30deg"));
    assert!(n("above_horizon") >= n("sunlit_above_horizon"));
    assert!(n("sunlit_above_horizon") >= n("sunlit_above_30deg"));
    assert!(n("brighter_than_mag7") >= n("brighter_than_mag6"));
    assert!(n("sunlit_above_horizon") > 0, "{stdout}");
    assert!(v["brightest_magnitude"].as_f64().is_some());
}

#[test]
fn a_field_counts_trails_and_text_shows_the_table() {
    let (code, stdout, stderr) = run(&[
        "sky",
        "--preset",
        "starlink-gen1",
        "--site",
        "-24.6272,-70.4042,2635",
        "--at",
        "2026-03-20T23:20:00Z",
        "--field",
        "270,25,40",
        "--exposure",
        "120",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert!(
        v["trails_in_field"].as_u64().is_some_and(|n| n > 0),
        "{stdout}"
    );
    assert_eq!(v["site"]["name"], "-24.6272,-70.4042,2635");
    let (code, stdout, _) = run(&[
        "sky",
        "--preset",
        "starlink-gen1",
        "--site",
        "Paranal",
        "--at",
        "2026-03-20T23:20:00Z",
        "--field",
        "270,25,40",
        "--exposure",
        "120",
    ]);
    assert_eq!(code, 0);
    for part in [
        "The sky over Cerro Paranal (24.6272° S, 70.4042° W, 2,635 m)",
        "Above the horizon",
        "Trails in the 40° field",
        "gen1-560-97.6b",
    ] {
        assert!(stdout.contains(part), "{part}:\n{stdout}");
    }
}

#[test]
fn a_series_is_one_object_per_line() {
    let (code, stdout, stderr) = run(&[
        "sky",
        "--preset",
        "suncatcher",
        "--site",
        "Tokyo",
        "--from",
        "2026-06-01T10:00:00Z",
        "--to",
        "2026-06-01T11:00:00Z",
        "--step",
        "10min",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 7 + 2, "{stdout}");
    assert_eq!((lines[0], lines[8]), ("[", "]"));
    for line in &lines[1..8] {
        let object = line.trim_end_matches(',');
        let v: serde_json::Value = serde_json::from_str(object).expect("one object a line");
        assert!(v["shells"].is_array());
    }
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("a JSON array");
    assert_eq!(v.as_array().map(Vec::len), Some(7));
}

#[test]
fn a_night_runs_from_sunset_to_sunrise() {
    let (code, stdout, stderr) = run(&[
        "sky",
        "--preset",
        "suncatcher",
        "--site",
        "La Palma",
        "--night",
        "2026-03-20",
        "--step",
        "10min",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let skies = v.as_array().expect("array");
    // An equinox night at 29° N: about 12 hours (geometric, no refraction).
    assert!((70..=75).contains(&skies.len()), "{}", skies.len());
    let alt = |i: usize| skies[i]["sun_altitude_deg"].as_f64().expect("number");
    assert!(alt(0) <= 0.0 && alt(0) > -0.01, "{}", alt(0));
    let last = skies.len() - 1;
    assert!(alt(last) < 0.0 && alt(last) > -2.5, "{}", alt(last));
    assert!((1..last).all(|i| alt(i) < 0.0));
    // Local evening: the sunset falls on 20 March between 18:00 and 20:00 UTC.
    let first = skies[0]["at"].as_str().expect("time");
    assert!(first.starts_with("2026-03-20T1"), "{first}");
    // Text: the heading says when, and a small table follows.
    let (code, stdout, _) = run(&[
        "sky",
        "--preset",
        "suncatcher",
        "--site",
        "La Palma",
        "--night",
        "2026-03-20",
        "--step",
        "10min",
    ]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("The night of 2026-03-20: sunset 2026-03-20T"),
        "{stdout}"
    );
    let rows = stdout
        .lines()
        .filter(|l| l.starts_with("2026-03-2"))
        .count();
    assert!((20..=26).contains(&rows), "{rows} rows:\n{stdout}");
}

#[test]
fn polar_day_and_night_are_said() {
    let (code, stdout, stderr) = run(&[
        "sky",
        "--preset",
        "suncatcher",
        "--site",
        "Longyearbyen",
        "--night",
        "2026-06-21",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Polar day"), "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(0));
    let (code, stdout, stderr) = run(&[
        "sky",
        "--preset",
        "suncatcher",
        "--site",
        "McMurdo",
        "--night",
        "2026-06-21",
        "--step",
        "1h",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Polar night"), "{stdout}");
    // Local noon to local noon, every hour from the first whole second.
    assert!(stdout.contains("24 instants"), "{stdout}");
}

#[test]
fn bad_input_is_refused_with_status_2() {
    for (args, expected) in [
        (vec!["--site", "91,0"], "latitude 91° is beyond ±90°"),
        (
            vec!["--site", "Paranall"],
            "`Paranall` is not a site in the list; the closest names are Cerro Paranal",
        ),
        (vec!["--site", "1,2,3,4"], "is not LAT,LON[,HEIGHT_M]"),
        (
            vec!["--site", "Paranal", "--night", "2051-01-01"],
            "2051-01-01 is out of range",
        ),
        (
            vec!["--site", "Paranal", "--night", "tonight"],
            "`tonight` is not a date",
        ),
        (
            vec!["--site", "Paranal", "--field", "0,30,0", "--exposure", "10"],
            "diameter 0° must be more than 0°",
        ),
        (
            vec![
                "--site",
                "Paranal",
                "--field",
                "0,30,181",
                "--exposure",
                "10",
            ],
            "diameter 181° must be more than 0° and at most 180°",
        ),
        (
            vec!["--site", "Paranal", "--field", "0,30,1", "--exposure", "-5"],
            "exposure -5 s must be from 0",
        ),
        (
            vec!["--site", "Paranal", "--extinction", "-0.1"],
            "extinction -0.1 is not a number of magnitudes per airmass",
        ),
        (vec!["--site", "Paranal", "--step", "1min"], "--step needs"),
    ] {
        let mut all = vec!["sky", "--preset", "suncatcher"];
        all.extend(&args);
        let (code, _, stderr) = run(&all);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
}

#[test]
fn the_site_list_has_observatories_and_cities() {
    let (code, stdout, _) = run(&["sky", "--site", "list"]);
    assert_eq!(code, 0);
    for name in [
        "Cerro Paranal",
        "Cerro Pachon",
        "Mauna Kea",
        "La Palma ORM",
        "Kitt Peak",
        "Siding Spring",
        "Calar Alto",
        "SKA-Low",
        "FAST",
        "Nairobi",
        "Sydney",
        "Sao Paulo",
        "McMurdo",
    ] {
        assert!(stdout.contains(name), "{name}");
    }
    assert!(stdout.lines().count() >= 45, "{stdout}");
}
