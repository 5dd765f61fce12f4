//! Propagating a whole fleet: Walker shells through the shared-term shell
//! path, catalog satellites through the sgp4 crate.

pub mod fleet;
pub mod general;
pub mod kernel;
pub mod shell;
pub mod short_period;

pub use fleet::{CatalogSatellite, Fix, Fleet, FleetCatalog, FleetShell, Group};
pub use general::DEEP_SPACE_PERIOD_MIN;
pub use shell::{ShellOrbit, ShellOrbitError, SunSynchronousError};
pub use short_period::{SHELL_GEOPOTENTIAL, ShellAtTime, TemeState};

/// μ, km³/s²: WGS-72's, as SGP4 uses.
pub const MU_KM3_S2: f64 = 398_600.8;
