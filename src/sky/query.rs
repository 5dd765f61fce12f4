//! What a sky count is asked besides the instant: the site, the air's
//! extinction, the satellites' standard magnitude and a telescope's field.

use super::site::Site;
use super::trails::Field;

/// What a sky count is asked, besides the instant.
#[derive(Debug, Clone, PartialEq)]
pub struct SkyQuery {
    /// Where from.
    pub site: Site,
    /// Atmospheric extinction, magnitudes per airmass (V: ≈0.12-0.2 at a good site).
    pub extinction: f64,
    /// The satellites' standard magnitude (V at 1,000 km and 90° phase).
    pub standard_magnitude: f64,
    /// A telescope field and exposure to count trails in, if any.
    pub field: Option<Field>,
}

/// Default extinction in V, magnitudes per airmass.
pub const DEFAULT_EXTINCTION: f64 = 0.2;

/// An extinction that cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("extinction {0} is not a number of magnitudes per airmass from 0 to 10")]
pub struct ExtinctionError(pub f64);

/// Checks an extinction coefficient (magnitudes per airmass).
pub fn check_extinction(extinction: f64) -> Result<f64, ExtinctionError> {
    if (0.0..=10.0).contains(&extinction) {
        Ok(extinction)
    } else {
        Err(ExtinctionError(extinction))
    }
}
