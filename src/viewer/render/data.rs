//! CPU-side data for the scene's GPU buffers: the Earth ellipsoid mesh, the
//! Earth maps with their mip chains, and the star catalogue. Built once.

use bytemuck::{Pod, Zeroable};
use std::f32::consts::{PI, TAU};

/// One vertex of the Earth mesh: Earth-fixed position (km), outward normal, map coordinates.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
pub struct EarthVertex {
    /// Earth-fixed position, km.
    pub position: [f32; 3],
    /// Outward normal of the ellipsoid.
    pub normal: [f32; 3],
    /// Map coordinates: u from longitude −180°, v from the north pole.
    pub uv: [f32; 2],
}

const _: () = assert!(size_of::<EarthVertex>() == 32);

/// The WGS-84 ellipsoid as a latitude/longitude grid (triangle list indices).
pub fn earth_mesh(longitudes: u32, latitudes: u32) -> (Vec<EarthVertex>, Vec<u32>) {
    let a = crate::frames::WGS84_A_KM as f32;
    let b = a * (1.0 - crate::frames::WGS84_F as f32);
    let mut vertices = Vec::with_capacity(((longitudes + 1) * (latitudes + 1)) as usize);
    for j in 0..=latitudes {
        let v = j as f32 / latitudes as f32;
        // Parametric latitude: the ellipsoid is (a cos β cos λ, a cos β sin λ, b sin β).
        let beta = PI * (0.5 - v);
        for i in 0..=longitudes {
            let u = i as f32 / longitudes as f32;
            let lon = TAU * u - PI;
            let (sb, cb) = if j == 0 || j == latitudes {
                // Exactly on the axis, so that the pole's vertices coincide.
                (beta.signum(), 0.0)
            } else {
                beta.sin_cos()
            };
            let (sl, cl) = lon.sin_cos();
            let position = [a * cb * cl, a * cb * sl, b * sb];
            // Normal of x²/a² + y²/a² + z²/b² = 1.
            let n = [
                position[0] / (a * a),
                position[1] / (a * a),
                position[2] / (b * b),
            ];
            let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
            vertices.push(EarthVertex {
                position,
                normal: [n[0] / len, n[1] / len, n[2] / len],
                uv: [u, v],
            });
        }
    }
    let row = longitudes + 1;
    let mut indices = Vec::with_capacity((longitudes * latitudes * 6) as usize);
    for j in 0..latitudes {
        for i in 0..longitudes {
            let p = j * row + i;
            // Counter-clockwise seen from outside.
            indices.extend_from_slice(&[p, p + row, p + 1, p + 1, p + row, p + row + 1]);
        }
    }
    (vertices, indices)
}

/// An RGBA8 image and its mip chain, largest first.
pub struct MipChain {
    /// Width of level 0.
    pub width: u32,
    /// Height of level 0.
    pub height: u32,
    /// Levels, each RGBA8, each half the previous (at least 1×1).
    pub levels: Vec<Vec<u8>>,
}

impl MipChain {
    /// Builds the chain from level 0 by 2×2 box filtering (in the stored
    /// encoding; good enough for maps seen from orbit).
    pub fn new(width: u32, height: u32, rgba: Vec<u8>) -> Self {
        let mut levels = vec![rgba];
        let (mut w, mut h) = (width, height);
        while w > 1 || h > 1 {
            let (nw, nh) = ((w / 2).max(1), (h / 2).max(1));
            let prev = levels.last().map(Vec::as_slice).unwrap_or_default();
            let mut next = vec![0u8; (nw * nh * 4) as usize];
            for y in 0..nh {
                for x in 0..nw {
                    for c in 0..4 {
                        let mut sum = 0u32;
                        for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                            let sx = (2 * x + dx).min(w - 1);
                            let sy = (2 * y + dy).min(h - 1);
                            sum += u32::from(prev[((sy * w + sx) * 4 + c) as usize]);
                        }
                        next[((y * nw + x) * 4 + c) as usize] = (sum / 4) as u8;
                    }
                }
            }
            levels.push(next);
            (w, h) = (nw, nh);
        }
        Self {
            width,
            height,
            levels,
        }
    }
}

/// Decodes the day map (RGB) into RGBA with its mips.
pub fn day_map(bytes: &[u8]) -> Result<MipChain, image::ImageError> {
    let img = image::load_from_memory(bytes)?.to_rgba8();
    let (w, h) = img.dimensions();
    Ok(MipChain::new(w, h, img.into_raw()))
}

/// Packs city lights (r) and the water mask (g) into one RGBA map with its mips.
/// Both must have the same size.
pub fn aux_map(lights: &[u8], water: &[u8]) -> Result<MipChain, image::ImageError> {
    let lights = image::load_from_memory(lights)?.to_luma8();
    let water = image::load_from_memory(water)?.to_luma8();
    let water = if water.dimensions() == lights.dimensions() {
        water
    } else {
        image::imageops::resize(
            &water,
            lights.width(),
            lights.height(),
            image::imageops::FilterType::Triangle,
        )
    };
    let (w, h) = lights.dimensions();
    let mut rgba = Vec::with_capacity((w * h * 4) as usize);
    for (l, wa) in lights.pixels().zip(water.pixels()) {
        rgba.extend_from_slice(&[l.0[0], wa.0[0], 0, 255]);
    }
    Ok(MipChain::new(w, h, rgba))
}

/// One star as the GPU reads it: direction (J2000 in world axes), colour ×
/// brightness, size in px, and its magnitude (the observer's view scales it
/// against the limiting magnitude itself).
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
pub struct GpuStar {
    /// Unit vector, J2000 equatorial turned into Bevy's world axes.
    pub direction: [f32; 3],
    /// rgb × brightness, sprite size (px).
    pub style: [f32; 4],
    /// Hipparcos magnitude.
    pub magnitude: f32,
}

const _: () = assert!(size_of::<GpuStar>() == 32);

/// The stars of `stars_hip2_hp8.csv` (hip, ra_deg, dec_deg, hpmag, b_v),
/// placed by right ascension and declination (J2000; the shaders precess
/// them to the date with the frame's `stars_*` rotation), brightness from
/// magnitude, colour from B−V. Rows that do not parse are skipped.
pub fn stars(csv: &str) -> Vec<GpuStar> {
    csv.lines()
        .skip(1)
        .filter_map(|line| {
            let mut f = line.split(',').skip(1).map(|x| x.trim().parse::<f32>());
            let (ra, dec, mag) = (f.next()?.ok()?, f.next()?.ok()?, f.next()?.ok()?);
            let bv = f.next().and_then(Result::ok).unwrap_or(0.6);
            let (sr, cr) = ra.to_radians().sin_cos();
            let (sd, cd) = dec.to_radians().sin_cos();
            let teme = [f64::from(cd * cr), f64::from(cd * sr), f64::from(sd)];
            let d = crate::viewer::scene::frame::world_from_teme(teme);
            // Flux relative to a magnitude-1 star, compressed so faint stars still show.
            let flux = 10f32.powf(-0.4 * (mag - 1.0));
            let brightness = (flux.powf(0.5) * 1.2).clamp(0.015, 2.0);
            let size = (3.8 - 0.4 * mag).clamp(1.2, 4.5);
            let [r, g, b] = colour_of_b_minus_v(bv);
            Some(GpuStar {
                direction: [d.x, d.y, d.z],
                style: [r * brightness, g * brightness, b * brightness, size],
                magnitude: mag,
            })
        })
        .collect()
}

/// A star's colour from its B−V index: temperature by Ballesteros' formula
/// (2012), then an approximation of the black-body colour, normalised to
/// the brightest channel.
pub fn colour_of_b_minus_v(bv: f32) -> [f32; 3] {
    let bv = bv.clamp(-0.4, 2.0);
    let t = 4600.0 * (1.0 / (0.92 * bv + 1.7) + 1.0 / (0.92 * bv + 0.62));
    // Tanner Helland's fit of the black-body colour (0-255 per channel).
    let t100 = t / 100.0;
    let r = if t100 <= 66.0 {
        255.0
    } else {
        329.698_73 * (t100 - 60.0).powf(-0.133_204_76)
    };
    let g = if t100 <= 66.0 {
        99.470_8 * t100.ln() - 161.119_57
    } else {
        288.122_16 * (t100 - 60.0).powf(-0.075_514_85)
    };
    let b = if t100 >= 66.0 {
        255.0
    } else if t100 <= 19.0 {
        0.0
    } else {
        138.517_73 * (t100 - 10.0).ln() - 305.044_8
    };
    let c = [
        r.clamp(0.0, 255.0),
        g.clamp(0.0, 255.0),
        b.clamp(0.0, 255.0),
    ];
    let m = c[0].max(c[1]).max(c[2]).max(1.0);
    [c[0] / m, c[1] / m, c[2] / m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mesh_is_closed_and_outward() {
        let (v, i) = earth_mesh(16, 8);
        assert_eq!(v.len(), 17 * 9);
        assert_eq!(i.len(), 16 * 8 * 6);
        // Greenwich on the equator is at +x, u = 0.5.
        let g = &v[4 * 17 + 8];
        assert!((g.position[0] - 6378.137).abs() < 1e-3 && g.position[1].abs() < 1e-3);
        assert!((g.uv[0] - 0.5).abs() < 1e-6);
        // Every triangle faces outward (its normal agrees with the vertex normals).
        for t in i.chunks(3) {
            let [a, b, c] = [
                v[t[0] as usize].position,
                v[t[1] as usize].position,
                v[t[2] as usize].position,
            ];
            let e1 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
            let e2 = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
            let n = [
                e1[1] * e2[2] - e1[2] * e2[1],
                e1[2] * e2[0] - e1[0] * e2[2],
                e1[0] * e2[1] - e1[1] * e2[0],
            ];
            let centre = [a[0] + b[0] + c[0], a[1] + b[1] + c[1], a[2] + b[2] + c[2]];
            let area2 = n[0] * n[0] + n[1] * n[1] + n[2] * n[2];
            if area2 > 1e-3 {
                assert!(
                    n[0] * centre[0] + n[1] * centre[1] + n[2] * centre[2] > 0.0,
                    "{t:?} {a:?} {b:?} {c:?}"
                );
            }
        }
    }

    #[test]
    fn mips_halve_down_to_one_pixel() {
        let m = MipChain::new(8, 4, vec![200; 8 * 4 * 4]);
        let sizes: Vec<usize> = m.levels.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![128, 32, 8, 4]);
        assert!(m.levels.iter().all(|l| l.iter().all(|&b| b == 200)));
    }

    #[test]
    fn star_colours_and_catalogue() {
        // Hot stars are blue-white, cool ones orange-red.
        let blue = colour_of_b_minus_v(-0.3);
        let red = colour_of_b_minus_v(1.8);
        assert!(
            blue[2] >= blue[0] && red[0] > red[2] * 1.5,
            "{blue:?} {red:?}"
        );
        let catalogue = stars(include_str!("../../../assets/stars/stars_hip2_hp8.csv"));
        assert!(catalogue.len() > 37_000, "{}", catalogue.len());
        // Sirius (the first row) is among the brightest and largest.
        assert!(catalogue[0].style[3] >= 4.2);
        let d = catalogue[0].direction;
        assert!(((d[0] * d[0] + d[1] * d[1] + d[2] * d[2]) - 1.0).abs() < 1e-5);
        assert!(stars("hip,ra\nbad,row\n").is_empty());
    }
}
