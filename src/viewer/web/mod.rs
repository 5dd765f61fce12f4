//! The web feature: in the browser build, the page around the canvas
//! (its status object, the upload input, the share link); on every target,
//! the URL parameters and the share link's contents, which are plain Rust
//! and tested natively.

pub mod params;
pub mod share;

#[cfg(target_arch = "wasm32")]
pub mod page;
