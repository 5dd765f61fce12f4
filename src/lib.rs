//! megaconstellation: a million-satellite orbital data centre, propagated
//! with SGP4, lit by the real Sun, with the fleet's power and compute.
//!
//! The orbit core (everything but `viewer`) has no Bevy dependency: time and
//! frames, the Sun and Earth's shadow, constellation files and catalogs,
//! SGP4 for whole shells, and the power and compute totals.

#[cfg(not(target_arch = "wasm32"))]
pub mod bench;
pub mod catalog;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod constellation;
pub mod density;
pub mod error;
#[cfg(not(target_arch = "wasm32"))]
pub mod files;
pub mod find;
pub mod frames;
pub mod ground;
pub mod lifetime;
pub mod links;
pub mod model;
pub mod parallel;
pub mod propagation;
pub mod report;
pub mod safety;
pub mod seasons;
pub mod shadow;
pub mod sky;
pub mod sun;
pub mod time;
pub mod totals;
pub mod units;
pub mod vec3;
#[cfg(feature = "viewer")]
pub mod viewer;
#[cfg(all(feature = "viewer", target_arch = "wasm32"))]
pub mod web;
