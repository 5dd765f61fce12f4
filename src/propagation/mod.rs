//! Propagating a whole fleet: Walker shells through the shared-term shell
//! path, catalog satellites through the sgp4 crate.

pub mod fleet;
pub mod general;
pub mod kernel;
pub mod shell;

pub use fleet::{CatalogSatellite, Fix, Fleet, FleetCatalog, FleetShell, Group};
pub use shell::{ShellAtTime, ShellOrbit, TemeState};
