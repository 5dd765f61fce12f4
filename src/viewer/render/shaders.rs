//! The scene's WGSL, composed by concatenation from the files in
//! `shaders/` (shared parts first). No Bevy shader imports: every composed
//! shader is plain WGSL that naga validates in a test.

/// The per-frame uniform and sprite helpers.
pub const FRAME: &str = include_str!("shaders/frame.wgsl");
/// SGP4 for shell satellites.
pub const SGP4: &str = include_str!("shaders/sgp4.wgsl");
/// Earth's conical shadow.
pub const SHADOW: &str = include_str!("shaders/shadow.wgsl");
const SATELLITES: &str = include_str!("shaders/satellites.wgsl");
const EARTH: &str = include_str!("shaders/earth.wgsl");
const ATMOSPHERE: &str = include_str!("shaders/atmosphere.wgsl");
const SKY: &str = include_str!("shaders/sky.wgsl");
const OVERLAY: &str = include_str!("shaders/overlay.wgsl");
/// The observer's projections and photometry.
pub const OBSERVER: &str = include_str!("shaders/observer.wgsl");

/// The satellites' shader.
pub fn satellites() -> String {
    [FRAME, OBSERVER, SGP4, SHADOW, SATELLITES].concat()
}

/// The Earth's shader.
pub fn earth() -> String {
    [FRAME, EARTH].concat()
}

/// The atmosphere glow's shader.
pub fn atmosphere() -> String {
    [FRAME, ATMOSPHERE].concat()
}

/// The stars', the Sun's and the observer's sky's shader.
pub fn sky() -> String {
    [FRAME, OBSERVER, SKY].concat()
}

/// The selected satellite's orbit and marker.
pub fn overlay() -> String {
    [FRAME, OBSERVER, OVERLAY].concat()
}

/// Every composed shader with its name (for validation).
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("satellites", satellites()),
        ("earth", earth()),
        ("atmosphere", atmosphere()),
        ("sky", sky()),
        ("overlay", overlay()),
    ]
}
