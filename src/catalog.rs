//! Real satellites from element files: CelesTrak-style OMM JSON, and TLEs in
//! two- or three-line form, through the sgp4 crate's parsers. Errors name
//! the file, the line and what was expected.

use crate::error::{LoadError, Origin};
#[cfg(not(target_arch = "wasm32"))]
use std::path::Path;

/// The satellites of one element file.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Where they came from (the file's path as given).
    pub origin: Origin,
    /// A short name: the file's stem.
    pub name: String,
    /// The element sets, in file order.
    pub elements: Vec<sgp4::Elements>,
}

impl Catalog {
    /// Reads a TLE or OMM JSON file.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let origin = Origin(path.display().to_string());
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
            origin: origin.clone(),
            source,
        })?;
        let name = path
            .file_stem()
            .map_or_else(|| origin.0.clone(), |s| s.to_string_lossy().into_owned());
        Self::parse(&text, origin, name)
    }

    /// Parses the text of a TLE or OMM JSON file (JSON if it starts with `[` or `{`).
    pub fn parse(text: &str, origin: Origin, name: String) -> Result<Self, LoadError> {
        let trimmed = text.trim_start();
        let elements = if trimmed.starts_with('[') || trimmed.starts_with('{') {
            parse_omm_json(text, &origin)?
        } else {
            parse_tles(text, &origin)?
        };
        if elements.is_empty() {
            return Err(LoadError::File {
                origin,
                message:
                    "no element sets found; expected TLE lines (`1 …`, `2 …`) or an OMM JSON array"
                        .into(),
            });
        }
        Ok(Self {
            origin,
            name,
            elements,
        })
    }
}

/// OMM in JSON: an array of objects (or one object) with CelesTrak's keys.
fn parse_omm_json(text: &str, origin: &Origin) -> Result<Vec<sgp4::Elements>, LoadError> {
    let to_error = |e: serde_json::Error| LoadError::At {
        origin: origin.clone(),
        line: e.line(),
        column: Some(e.column()),
        message: format!("OMM JSON: {}", strip_serde_position(&e.to_string())),
    };
    if text.trim_start().starts_with('{') {
        serde_json::from_str::<sgp4::Elements>(text)
            .map(|e| vec![e])
            .map_err(to_error)
    } else {
        serde_json::from_str::<Vec<sgp4::Elements>>(text).map_err(to_error)
    }
}

/// serde_json appends " at line L column C"; the error already carries both.
fn strip_serde_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// TLEs: pairs of lines starting `1 ` and `2 `, each optionally preceded by a
/// name line (`0 NAME` or `NAME`). Blank lines and `#` comments are skipped.
pub fn parse_tles(text: &str, origin: &Origin) -> Result<Vec<sgp4::Elements>, LoadError> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(n, l)| (n + 1, l.trim_end()))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    let at = |line: usize, message: String| LoadError::At {
        origin: origin.clone(),
        line,
        column: None,
        message,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (mut n, mut line) = lines[i];
        let mut name = None;
        if !line.starts_with("1 ") {
            if line.starts_with("2 ") {
                return Err(at(n, "found TLE line 2 without a line 1 before it".into()));
            }
            name = Some(line.strip_prefix("0 ").unwrap_or(line).trim().to_owned());
            i += 1;
            let Some(&(n1, l1)) = lines.get(i) else {
                return Err(at(
                    n,
                    "a name line at the end of the file; expected TLE line 1 after it".into(),
                ));
            };
            if !l1.starts_with("1 ") {
                return Err(at(
                    n1,
                    format!(
                        "expected TLE line 1 (starting `1 `) after the name line {n}, found `{}`",
                        preview(l1)
                    ),
                ));
            }
            (n, line) = (n1, l1);
        }
        let Some(&(n2, line2)) = lines.get(i + 1) else {
            return Err(at(
                n,
                "TLE line 1 at the end of the file; expected line 2 after it".into(),
            ));
        };
        if !line2.starts_with("2 ") {
            return Err(at(
                n2,
                format!(
                    "expected TLE line 2 (starting `2 `), found `{}`",
                    preview(line2)
                ),
            ));
        }
        for (num, l) in [(n, line), (n2, line2)] {
            check_tle_line(l).map_err(|e| at(num, e.to_string()))?;
        }
        let line1 = fill_blank_ephemeris_type(line);
        let elements =
            sgp4::Elements::from_tle(name, line1.as_bytes(), line2.as_bytes()).map_err(|e| {
                let message = e.to_string();
                let num = if message.contains("line 2") { n2 } else { n };
                at(num, message.replace("TLE parse error: ", ""))
            })?;
        out.push(elements);
        i += 2;
    }
    Ok(out)
}

/// Old element sets leave the ephemeris type (column 63) blank; it means 0,
/// which is what the sgp4 crate's parser needs to see.
fn fill_blank_ephemeris_type(line1: &str) -> std::borrow::Cow<'_, str> {
    if line1.as_bytes().get(62) == Some(&b' ') {
        let mut fixed = line1.to_owned();
        fixed.replace_range(62..63, "0");
        std::borrow::Cow::Owned(fixed)
    } else {
        std::borrow::Cow::Borrowed(line1)
    }
}

fn preview(line: &str) -> String {
    line.chars().take(30).collect()
}

/// Why a TLE line is refused before the sgp4 crate parses it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TleLineError {
    /// A character outside ASCII.
    #[error("a TLE line must be plain ASCII")]
    NotAscii,
    /// Not 69 characters.
    #[error("the line is {0} characters long; a TLE line has 69")]
    Length(usize),
    /// The last character is not the checksum of the others.
    #[error(
        "bad checksum: the last character is `{given}`, expected {expected} (the sum of the digits, with `-` as 1, modulo 10)"
    )]
    Checksum {
        /// The character in column 69.
        given: char,
        /// The checksum of columns 1 to 68.
        expected: u32,
    },
}

/// Length and checksum, with messages that say what was expected.
fn check_tle_line(line: &str) -> Result<(), TleLineError> {
    if !line.is_ascii() {
        return Err(TleLineError::NotAscii);
    }
    if line.len() != 69 {
        return Err(TleLineError::Length(line.len()));
    }
    let bytes = line.as_bytes();
    let sum: u32 = bytes[..68]
        .iter()
        .map(|&b| match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'-' => 1,
            _ => 0,
        })
        .sum();
    let expected = sum % 10;
    let given = bytes[68];
    if !given.is_ascii_digit() || u32::from(given - b'0') != expected {
        return Err(TleLineError::Checksum {
            given: given as char,
            expected,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISS: &str = "ISS (ZARYA)
1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927
2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537
";

    fn origin() -> Origin {
        Origin("test.tle".into())
    }

    #[test]
    fn three_and_two_line_forms() {
        let three = parse_tles(ISS, &origin()).expect("valid");
        assert_eq!(three.len(), 1);
        assert_eq!(three[0].object_name.as_deref(), Some("ISS (ZARYA)"));
        let two: String = ISS.lines().skip(1).map(|l| format!("{l}\n")).collect();
        let two = parse_tles(&format!("{two}\n{two}"), &origin()).expect("valid");
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].norad_id, 25544);
    }

    #[test]
    fn bad_checksum_names_the_line() {
        let broken = ISS.replace("563537", "563538");
        let err = parse_tles(&broken, &origin()).unwrap_err().to_string();
        assert!(err.starts_with("test.tle:3: bad checksum"), "{err}");
        assert!(err.contains("expected 7"), "{err}");
    }

    #[test]
    fn truncated_and_misordered() {
        let short = ISS.replace("0  2927", "0 2927");
        let err = parse_tles(&short, &origin()).unwrap_err().to_string();
        assert!(
            err.contains("test.tle:2:") && err.contains("68 characters long"),
            "{err}"
        );
        let only1: String = ISS.lines().take(2).map(|l| format!("{l}\n")).collect();
        let err = parse_tles(&only1, &origin()).unwrap_err().to_string();
        assert!(
            err.contains("test.tle:2:") && err.contains("expected line 2"),
            "{err}"
        );
        let swapped = format!("{}\n", ISS.lines().nth(2).unwrap_or_default());
        let err = parse_tles(&swapped, &origin()).unwrap_err().to_string();
        assert!(err.contains("line 2 without a line 1"), "{err}");
    }

    #[test]
    fn omm_missing_field_names_it() {
        let json = r#"[{
            "OBJECT_NAME": "ISS (ZARYA)", "OBJECT_ID": "1998-067A",
            "EPOCH": "2020-07-12T21:16:01.000416", "MEAN_MOTION": 15.49507896,
            "ECCENTRICITY": 0.0001413, "INCLINATION": 51.6461, "RA_OF_ASC_NODE": 221.2784,
            "ARG_OF_PERICENTER": 89.1723, "MEAN_ANOMALY": 280.4612, "EPHEMERIS_TYPE": 0,
            "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": 25544, "ELEMENT_SET_NO": 999,
            "REV_AT_EPOCH": 23600, "BSTAR": -3.1515e-5, "MEAN_MOTION_DOT": -2.218e-5,
            "MEAN_MOTION_DDOT": 0
        }]"#;
        let ok = Catalog::parse(json, origin(), "x".into()).expect("valid OMM");
        assert_eq!(ok.elements[0].norad_id, 25544);
        let missing = json.replace(r#""MEAN_MOTION": 15.49507896,"#, "");
        let err = Catalog::parse(&missing, origin(), "x".into())
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing field `MEAN_MOTION`"), "{err}");
        assert!(err.starts_with("test.tle:"), "{err}");
        let err = Catalog::parse("[{]", origin(), "x".into())
            .unwrap_err()
            .to_string();
        assert!(err.contains("test.tle:1:"), "{err}");
    }
}
