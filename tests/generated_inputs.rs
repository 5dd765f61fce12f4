//! Generated bad input for every parser a user feeds: constellation TOML,
//! TLE, OMM JSON, shot scripts, URL parameters, typed times and sites.
//! Each property starts from a valid input and mutates it (characters
//! deleted, inserted, replaced, lines cut or repeated, the text truncated),
//! or generates text from scratch; every input either loads or is refused
//! with a message naming where it came from, and none panics. Thousands of
//! cases each, bounded by the count (the file runs in seconds).

use megaconstellation::catalog::Catalog;
use megaconstellation::constellation::{Constellation, preset};
use megaconstellation::error::Origin;
use proptest::prelude::*;

/// One edit of a text.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(usize, char),
    Replace(usize, char),
    Truncate(usize),
    RepeatLine(usize),
    DropLine(usize),
}

/// Characters that matter to the formats: delimiters, signs, digits,
/// exponents, quotes, escapes, units and a few non-ASCII ones.
fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            '[', ']', '{', '}', '=', '"', '\'', ',', ':', '.', '-', '+', 'e', 'E', '0', '9', '#',
            '\n', ' ', '\\', '%', '&', '?', 'T', 'Z', 'n', 'a', 'N', 'i', 'f', '°', 'é', '\u{0}',
            '\u{feff}',
        ]),
        any::<char>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), interesting_char()).prop_map(|(i, c)| Edit::Insert(i, c)),
        (any::<usize>(), interesting_char()).prop_map(|(i, c)| Edit::Replace(i, c)),
        any::<usize>().prop_map(Edit::Truncate),
        any::<usize>().prop_map(Edit::RepeatLine),
        any::<usize>().prop_map(Edit::DropLine),
    ]
}

/// `base` with `edits` applied (positions taken modulo the current length,
/// on character boundaries).
fn mutate(base: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = base.chars().collect();
    for e in edits {
        let n = chars.len().max(1);
        match *e {
            Edit::Delete(i) => {
                if !chars.is_empty() {
                    chars.remove(i % n);
                }
            }
            Edit::Insert(i, c) => chars.insert(i % (chars.len() + 1), c),
            Edit::Replace(i, c) => {
                if !chars.is_empty() {
                    chars[i % n] = c;
                }
            }
            Edit::Truncate(i) => chars.truncate(i % (chars.len() + 1)),
            Edit::RepeatLine(i) | Edit::DropLine(i) => {
                let text: String = chars.iter().collect();
                let mut lines: Vec<&str> = text.split('\n').collect();
                let k = i % lines.len().max(1);
                if matches!(e, Edit::RepeatLine(_)) {
                    let line = lines[k];
                    lines.insert(k, line);
                } else if !lines.is_empty() {
                    lines.remove(k);
                }
                chars = lines.join("\n").chars().collect();
            }
        }
    }
    chars.into_iter().collect()
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..6)
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Bounded in time by the count: each case parses a few kilobytes
        // (the whole file runs in seconds).
        max_shrink_time: 10_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A refusal names the file and says something.
fn refused_well(message: &str, origin: &str) -> bool {
    message.contains(origin) && message.len() > origin.len() + 5
}

const TLES: &str = include_str!("data/SGP4-VER.TLE");

/// The first few element sets of Vallado's file, as a TLE file.
fn some_tles() -> String {
    TLES.lines()
        .filter(|l| l.starts_with('1') || l.starts_with('2'))
        .take(8)
        .collect::<Vec<_>>()
        .join("\n")
}

const OMM: &str = r#"[{"OBJECT_NAME": "ISS (ZARYA)", "OBJECT_ID": "1998-067A", "EPOCH": "2026-05-12T21:16:01.000416",
 "MEAN_MOTION": 15.49, "ECCENTRICITY": 0.0004, "INCLINATION": 51.64, "RA_OF_ASC_NODE": 221.2,
 "ARG_OF_PERICENTER": 89.1, "MEAN_ANOMALY": 280.4, "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U",
 "NORAD_CAT_ID": 25544, "ELEMENT_SET_NO": 999, "REV_AT_EPOCH": 55000, "BSTAR": 0.0001,
 "MEAN_MOTION_DOT": 0.00002, "MEAN_MOTION_DDOT": 0}]"#;

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn constellation_files(e in edits(), which in 0usize..4) {
        let name = ["odc-1m", "starlink-gen1", "starlink-gen2", "suncatcher"][which];
        let text = mutate(preset(name).expect("preset").toml, &e);
        if let Err(err) = Constellation::from_text(&text, Origin("fuzz.toml".into()), None) {
            let m = err.to_string();
            prop_assert!(refused_well(&m, "fuzz.toml"), "{m}");
        }
    }

    #[test]
    fn tle_files(e in edits()) {
        let text = mutate(&some_tles(), &e);
        if let Err(err) = Catalog::parse(&text, Origin("fuzz.tle".into()), "fuzz".into()) {
            let m = err.to_string();
            prop_assert!(refused_well(&m, "fuzz.tle"), "{m}");
        }
    }

    #[test]
    fn omm_json_files(e in edits()) {
        let text = mutate(OMM, &e);
        if let Err(err) = Catalog::parse(&text, Origin("fuzz.json".into()), "fuzz".into()) {
            let m = err.to_string();
            prop_assert!(refused_well(&m, "fuzz.json"), "{m}");
        }
    }

    #[test]
    fn times_and_durations(text in "\\PC{0,40}", e in edits()) {
        use megaconstellation::time::{parse_duration, parse_instant};
        for t in [text.clone(), mutate("2026-06-21T08:24:00Z", &e), mutate("90min", &e)] {
            if let Err(err) = parse_instant(&t) {
                prop_assert!(!err.to_string().is_empty());
            }
            if let Err(err) = parse_duration(&t) {
                prop_assert!(!err.to_string().is_empty());
            }
        }
    }

    #[test]
    fn sites(text in "\\PC{0,30}", e in edits()) {
        use megaconstellation::sky::site::parse_site;
        for t in [text.clone(), mutate("-24.6272,-70.4042,2635", &e), mutate("Cerro Paranal", &e)] {
            if let Err(err) = parse_site(&t) {
                prop_assert!(!err.to_string().is_empty());
            }
        }
    }
}

#[cfg(feature = "viewer")]
mod viewer_inputs {
    use super::*;
    use megaconstellation::viewer::record::script::ShotScript;
    use megaconstellation::viewer::ui::model::parse_typed_time;
    use megaconstellation::viewer::web::params::UrlParams;

    const SCRIPT: &str = include_str!("../assets/shots/seasons.toml");

    proptest! {
        #![proptest_config(config(3000))]

        #[test]
        fn shot_scripts(e in edits()) {
            let text = mutate(SCRIPT, &e);
            if let Err(err) = ShotScript::parse(&text, &Origin("fuzz-shot.toml".into()), 1000) {
                let m = err.to_string();
                prop_assert!(refused_well(&m, "fuzz-shot.toml"), "{m}");
            }
        }

        #[test]
        fn url_parameters(text in "[?&=a-z0-9%+.:TZ-]{0,60}", e in edits()) {
            let good = "?preset=odc-1m&at=2026-03-20T12%3A00%3A00Z&warp=30&paused=1&limit=20000&backend=webgl2";
            for q in [text.clone(), mutate(good, &e)] {
                if let Err(err) = UrlParams::parse(&q) {
                    // `key=value: expected …`
                    let m = err.to_string();
                    prop_assert!(m.contains('=') && m.contains("expected"), "{m}");
                }
            }
        }

        #[test]
        fn typed_times_in_the_time_panel(text in "\\PC{0,30}", e in edits()) {
            for t in [text.clone(), mutate("2026-06-21 08:24", &e)] {
                if let Err(err) = parse_typed_time(&t) {
                    prop_assert!(err.to_string().contains("is not a time"));
                }
            }
        }
    }
}
