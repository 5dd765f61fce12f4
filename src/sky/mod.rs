//! The night sky under a constellation, seen from a site: how many
//! satellites are above the horizon and above 30°, how many of those the Sun
//! lights, how bright they are, and how many cross a telescope's field during
//! an exposure.
//!
//! Geometry: the site on the WGS-84 ellipsoid, satellites from SGP4 (TEME)
//! through the same GMST rotation as the rest of the crate; elevation against
//! the ellipsoid's normal, azimuth from north through east, no refraction
//! ([`observer`]). Light: the conical shadow's visible fraction of the Sun's
//! disc (sunlit means f > 0, as `report` counts it), and the photometry of
//! a Lambertian sphere with the satellite's standard magnitude
//! ([`photometry`]). Shells go through the batched SGP4 kernel eight
//! satellites at a time with the geometry in the same pass ([`pass`]), in
//! parallel over the fleet ([`count`]); a field's trails are followed
//! satellite by satellite ([`trails`]).

pub mod count;
pub mod impact;
pub mod night;
pub mod observer;
pub mod output;
pub mod pass;
pub mod photometry;
pub mod query;
pub mod site;
pub mod tally;
pub mod trails;
pub mod view;

pub use count::{brightest_at, sky_at, sky_at_scalar};
pub use night::{Night, NightError, night_of, parse_night_date, sun_altitude_rad};
pub use observer::{Observer, Topocentric};
pub use query::{DEFAULT_EXTINCTION, ExtinctionError, SkyQuery, check_extinction};
pub use site::{SITES, Site, SiteError, parse_site};
pub use tally::{GroupSky, SkyAt, SkyConditions, SkyTally};
pub use trails::{Field, FieldError, parse_field};
pub use view::{SkyProjection, Twilight};
