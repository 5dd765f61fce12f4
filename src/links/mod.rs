//! Laser links, gateways and routes: how the fleet's data gets around and
//! down, at one instant.
//!
//! - **Laser links** within each shell, "+Grid" as Hypatia defines it
//!   (Kassing et al., IMC 2020): each satellite to the two neighbours in its
//!   plane and to the satellite of the same slot in each adjacent plane. A
//!   link exists when its line of sight clears the Earth plus 80 km of
//!   atmosphere and it is no longer than `max_isl_km`. Shells link to each
//!   other only where a file asks (`[[links.between]]`: each satellite of the
//!   first shell to the nearest one of the second).
//! - **Gateways** ([`gateways::GATEWAYS`] and a file's `[[gateway]]` tables):
//!   a satellite serves a gateway when it stands at least
//!   `min_elevation_deg` above the gateway's horizon.
//! - **Routes** between two places: the traffic reaches a gateway within
//!   `access_km` by terrestrial fibre, goes up to a satellite, across the
//!   laser mesh, down to a gateway near the other place and on by fibre; the
//!   shortest such path, weighted by its time (length at c in vacuum, fibre
//!   at 2/3 c), found by A* over the mesh ([`route`]).
//!
//! Catalog (TLE) satellites carry no laser links; they may serve gateways.

pub mod gateways;
pub mod instant;
pub mod mesh;
pub mod model;
pub mod output;
pub mod route;
pub mod spec;

pub use instant::{LinksAt, links_at, links_from_positions};
pub use model::{
    ATMOSPHERE_CLEARANCE_KM, EARTH_RADIUS_KM, FIBRE_SPEED_FRACTION, Gateway, LinksModel,
    MEAN_EARTH_RADIUS_KM, SPEED_OF_LIGHT_KM_S, great_circle_km,
};
pub use route::{NoRoute, Path, Place, PlaceError, Route, parse_place, route};
pub use spec::{GatewaySpec, LinksError, LinksSpec, ShellPair};
