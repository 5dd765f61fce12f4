//! The browser build's URL parameters: what a page address asks for, and
//! the address of a view (the share link). Plain Rust, so that the same
//! code is tested natively.
//!
//! `preset`, `c` (a whole constellation file, for edited shells and
//! uploads), `at` (RFC 3339), `warp`, `paused`, `limit`, `backend`
//! (read by the page's loader; kept in links).

use crate::viewer::clock::check_warp;

/// What the page's URL asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UrlParams {
    /// `preset`
    pub preset: Option<String>,
    /// `c`: a constellation file's text.
    pub constellation: Option<String>,
    /// `at`
    pub at: Option<String>,
    /// `warp`
    pub warp: Option<f64>,
    /// `paused` (present, or `=1`/`=true`; `=0`/`=false` for running)
    pub paused: bool,
    /// `limit`
    pub limit: Option<usize>,
    /// `backend`: `webgl2`, `webgpu` or `auto` (the loader picks the build).
    pub backend: Option<String>,
}

/// A URL value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}={value}: {expected}")]
pub struct UrlError {
    /// The parameter.
    pub key: String,
    /// Its value as given.
    pub value: String,
    /// What was expected.
    pub expected: String,
}

impl UrlParams {
    /// Parses a query string (`?preset=odc-1m&warp=60`); unknown keys are
    /// ignored, malformed values are errors.
    pub fn parse(query: &str) -> Result<Self, UrlError> {
        let mut p = UrlParams::default();
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|s| !s.is_empty())
        {
            let (k, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let v = percent_decode(raw);
            let error = |expected: &str| UrlError {
                key: k.to_owned(),
                value: v.clone(),
                expected: expected.to_owned(),
            };
            match k {
                "preset" => p.preset = Some(v.clone()),
                "c" => p.constellation = Some(v.clone()),
                "at" => p.at = Some(v.clone()),
                "warp" => {
                    let w = v.parse().map_err(|_| error("expected a number"))?;
                    p.warp = Some(check_warp(w).map_err(error)?);
                }
                "paused" => {
                    p.paused = match v.as_str() {
                        "" | "1" | "true" => true,
                        "0" | "false" => false,
                        _ => return Err(error("expected 1, true, 0 or false (or no value)")),
                    }
                }
                "limit" => p.limit = Some(v.parse().map_err(|_| error("expected a whole number"))?),
                "backend" => match v.as_str() {
                    "webgl2" | "webgpu" | "auto" => p.backend = Some(v.clone()),
                    _ => return Err(error("expected webgl2, webgpu or auto")),
                },
                _ => {}
            }
        }
        Ok(p)
    }

    /// The query string (without `?`) that [`UrlParams::parse`] reads back.
    pub fn to_query(&self) -> String {
        let mut query = Vec::new();
        if let Some(p) = &self.preset {
            query.push(format!("preset={}", percent_encode(p)));
        }
        if let Some(c) = &self.constellation {
            query.push(format!("c={}", percent_encode(c)));
        }
        if let Some(at) = &self.at {
            query.push(format!("at={}", percent_encode(at)));
        }
        if let Some(w) = self.warp {
            query.push(format!("warp={w}"));
        }
        if self.paused {
            query.push("paused=1".into());
        }
        if let Some(n) = self.limit {
            query.push(format!("limit={n}"));
        }
        if let Some(b) = &self.backend {
            query.push(format!("backend={b}"));
        }
        query.join("&")
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (a space in query strings); a malformed
/// escape is kept as it is, and invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked() {
        let p = UrlParams::parse("?preset=odc-1m&warp=60&paused&limit=100000&backend=webgl2")
            .expect("valid");
        assert_eq!(p.preset.as_deref(), Some("odc-1m"));
        assert_eq!(p.warp, Some(60.0));
        assert!(p.paused);
        assert_eq!(p.limit, Some(100_000));
        assert!(!UrlParams::parse("paused=0").expect("valid").paused);
        for (query, said) in [
            ("paused=yes", "paused=yes: expected 1, true, 0 or false"),
            (
                "backend=foo",
                "backend=foo: expected webgl2, webgpu or auto",
            ),
            (
                "warp=1e9",
                "warp=1e9: expected a number from -10000 to 10000",
            ),
            (
                "warp=NaN",
                "warp=NaN: expected a number from -10000 to 10000",
            ),
            ("warp=fast", "warp=fast: expected a number"),
            ("limit=-3", "limit=-3: expected a whole number"),
        ] {
            let e = UrlParams::parse(query).expect_err(query).to_string();
            assert!(e.starts_with(said), "{query}: {e}");
        }
    }

    #[test]
    fn links_read_back_what_they_wrote() {
        let p = UrlParams {
            preset: None,
            constellation: Some(
                "name = \"a & b = 100%\"\n[[shell]]\naltitude_km = 550 # é\n".into(),
            ),
            at: Some("2026-03-20T12:00:00Z".into()),
            warp: Some(-30.0),
            paused: true,
            limit: Some(20_000),
            backend: Some("webgpu".into()),
        };
        let query = p.to_query();
        assert!(!query.contains(' ') && !query.contains('\n'), "{query}");
        assert_eq!(UrlParams::parse(&query).expect("reads back"), p);
    }

    #[test]
    fn decoding_keeps_broken_escapes() {
        assert_eq!(percent_decode("a%2Bb+c"), "a+b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }
}
