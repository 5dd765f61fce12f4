//! Assets compiled into the binary, so that it runs from any working
//! directory (and in the browser without extra requests): the Earth maps and
//! the star catalogue. Credits: assets/SOURCES.md.

use super::data::{MipChain, aux_map, day_map};

/// The day map: 4096 × 2048 on native, 2048 × 1024 on the web.
#[cfg(not(target_arch = "wasm32"))]
const DAY_JPG: &[u8] = include_bytes!("../../../assets/textures/earth_day_4096x2048.jpg");
#[cfg(target_arch = "wasm32")]
const DAY_JPG: &[u8] = include_bytes!("../../../assets/textures/earth_day_2048x1024.jpg");
const LIGHTS_JPG: &[u8] =
    include_bytes!("../../../assets/textures/earth_night_lights_2048x1024.jpg");
const WATER_PNG: &[u8] = include_bytes!("../../../assets/textures/earth_water_mask_2048x1024.png");

/// Hipparcos stars brighter than Hp 8.
pub const STARS_CSV: &str = include_str!("../../../assets/stars/stars_hip2_hp8.csv");

/// The decoded Earth maps.
pub struct EarthMaps {
    /// Day colour (sRGB).
    pub day: MipChain,
    /// r: city lights, g: water mask.
    pub aux: MipChain,
}

/// Decodes the Earth maps (in parallel where threads exist). The embedded
/// files are known to be valid; should one fail to decode, a flat map
/// stands in rather than a crash.
pub fn earth_maps() -> EarthMaps {
    let flat = |rgba: [u8; 4]| MipChain::new(2, 1, [rgba, rgba].concat());
    let decode_day = || day_map(DAY_JPG).unwrap_or_else(|_| flat([20, 40, 90, 255]));
    let decode_aux = || aux_map(LIGHTS_JPG, WATER_PNG).unwrap_or_else(|_| flat([0, 255, 0, 255]));
    #[cfg(not(target_arch = "wasm32"))]
    let (day, aux) = rayon::join(decode_day, decode_aux);
    #[cfg(target_arch = "wasm32")]
    let (day, aux) = (decode_day(), decode_aux());
    EarthMaps { day, aux }
}
