//! The browser build's URL parameters: what a page address asks for, and
//! the address of a view (the share link). Plain Rust, so that the same
//! code is tested natively.
//!
//! `preset`, `c` (a whole constellation file, for edited shells and
//! uploads), `at` (RFC 3339), `warp`, `paused`, `limit`, `backend`
//! (read by the page's loader; kept in links); the observer's view:
//! `view` (`space`, `sky` for all-sky, `perspective`), `site` (a name or
//! LAT,LON[,H]), `az`, `el`, `fov` (degrees), `exposure` (seconds); the
//! links: `route` (`FROM;TO`, two places as `links --route` takes them).

use crate::viewer::clock::check_warp;
use crate::viewer::links::settings::LinksSettings;
use crate::viewer::observer::settings::ObserverSettings;

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
    /// `view`: `space`, `sky` (the observer's all-sky picture) or `perspective`.
    pub view: Option<String>,
    /// `site`: where the observer stands (checked as `--site` is).
    pub site: Option<String>,
    /// `az`: the perspective look's azimuth, degrees.
    pub az: Option<f64>,
    /// `el`: its elevation, degrees (−90 to 90).
    pub el: Option<f64>,
    /// `fov`: its field of view, degrees (1 to 120).
    pub fov: Option<f64>,
    /// `exposure`: trails over this many seconds (0 to 1,200).
    pub exposure: Option<f64>,
    /// `route`: `FROM;TO`, a route to show (places as `links --route` takes them).
    pub route: Option<(String, String)>,
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
                "view" => match v.as_str() {
                    "space" | "sky" | "perspective" => p.view = Some(v.clone()),
                    _ => return Err(error("expected space, sky or perspective")),
                },
                "route" => {
                    let pair = v
                        .split_once(';')
                        .map(|(a, b)| (a.trim().to_owned(), b.trim().to_owned()))
                        .filter(|(a, b)| !a.is_empty() && !b.is_empty() && !b.contains(';'));
                    p.route = Some(pair.ok_or_else(|| {
                        error("expected FROM;TO: two places (gateway or site names, or LAT,LON)")
                    })?);
                }
                "site" => {
                    crate::sky::parse_site(&v).map_err(|e| error(&e.to_string()))?;
                    p.site = Some(v.clone());
                }
                "az" | "el" | "fov" | "exposure" => {
                    let (low, high, slot) = match k {
                        "az" => (-360.0, 360.0, &mut p.az),
                        "el" => (-90.0, 90.0, &mut p.el),
                        "fov" => (
                            crate::sky::view::MIN_FOV_DEG,
                            crate::sky::view::MAX_FOV_DEG,
                            &mut p.fov,
                        ),
                        _ => (
                            0.0,
                            crate::viewer::observer::settings::MAX_VIEW_EXPOSURE_S,
                            &mut p.exposure,
                        ),
                    };
                    let x: f64 = v.parse().map_err(|_| error("expected a number"))?;
                    if !(x.is_finite() && (low..=high).contains(&x)) {
                        return Err(error(&format!("expected {low} to {high}")));
                    }
                    *slot = Some(x);
                }
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
        if let Some(v) = &self.view {
            query.push(format!("view={v}"));
        }
        if let Some(s) = &self.site {
            query.push(format!("site={}", percent_encode(s)));
        }
        for (key, value) in [
            ("az", self.az),
            ("el", self.el),
            ("fov", self.fov),
            ("exposure", self.exposure),
        ] {
            if let Some(x) = value {
                query.push(format!("{key}={x}"));
            }
        }
        if let Some((from, to)) = &self.route {
            query.push(format!("route={}", percent_encode(&format!("{from};{to}"))));
        }
        query.join("&")
    }

    /// The links these parameters ask for: a route, shown with the gateways.
    pub fn links(&self) -> LinksSettings {
        LinksSettings {
            route: self.route.clone(),
            gateways: self.route.is_some(),
            ..LinksSettings::default()
        }
    }

    /// The observer's view these parameters ask for, over `base`.
    pub fn observer(&self, base: &ObserverSettings) -> ObserverSettings {
        let mut o = base.clone();
        if let Some(site) = self
            .site
            .as_deref()
            .and_then(|s| crate::sky::parse_site(s).ok())
        {
            o.site = site;
            o.active = true;
        }
        match self.view.as_deref() {
            Some("space") => o.active = false,
            Some("sky") => (o.active, o.all_sky) = (true, true),
            Some("perspective") => (o.active, o.all_sky) = (true, false),
            _ => {}
        }
        o.azimuth_deg = self.az.unwrap_or(o.azimuth_deg);
        o.elevation_deg = self.el.unwrap_or(o.elevation_deg);
        o.fov_deg = self.fov.unwrap_or(o.fov_deg);
        o.exposure_s = self.exposure.unwrap_or(o.exposure_s);
        o.clamped()
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
        let p = UrlParams::parse("view=sky&site=La%20Silla&exposure=30").expect("valid");
        let o = p.observer(&ObserverSettings::default());
        assert!(o.active && o.all_sky && o.site.name == "La Silla" && o.exposure_s == 30.0);
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
            (
                "view=ground",
                "view=ground: expected space, sky or perspective",
            ),
            ("fov=500", "fov=500: expected 1 to 120"),
            ("exposure=-1", "exposure=-1: expected 0 to 1200"),
            ("el=x", "el=x: expected a number"),
            ("site=Atlantis", "site=Atlantis: "),
            ("route=London", "route=London: expected FROM;TO"),
            ("route=London;", "route=London;: expected FROM;TO"),
            ("route=a;b;c", "route=a;b;c: expected FROM;TO"),
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
            route: Some(("São Paulo".into(), "-33.9,151.2".into())),
            ..UrlParams::default()
        };
        let query = p.to_query();
        assert!(
            query.contains("route=S%C3%A3o%20Paulo%3B-33.9%2C151.2"),
            "{query}"
        );
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
