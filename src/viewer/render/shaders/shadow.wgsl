// Earth's conical shadow (Montenbruck & Gill 3.4.2): the visible fraction
// of the Sun's disc from a point, 1 in sunlight, 0 in umbra. Mirrors
// src/shadow.rs `conical_illumination`.

const SHADOW_EARTH_RADIUS_KM: f32 = 6378.137;
const SUN_RADIUS_KM: f32 = 696000.0;
const PI: f32 = 3.141592653589793;

// `pos`: the point, km, from the Earth's centre. `sun_dir`: unit vector to
// the Sun. `sun_distance_km`: Earth–Sun distance.
fn sun_visible_fraction(pos: vec3<f32>, sun_dir: vec3<f32>, sun_distance_km: f32) -> f32 {
    let r = length(pos);
    let along = dot(pos, sun_dir);
    // Day side: the Earth cannot reach the disc.
    if (along >= 0.0) {
        return 1.0;
    }
    // Apparent radii of the Sun (a) and the Earth (b), and their separation (c).
    // The Sun is so far that the direction to it from the point is sun_dir
    // to within 1e-4 rad; the separation uses the exact vector.
    let to_sun = sun_dir * sun_distance_km - pos;
    let d_sun = length(to_sun);
    let a = asin(SUN_RADIUS_KM / d_sun);
    let b = asin(min(SHADOW_EARTH_RADIUS_KM / r, 1.0));
    let c = acos(clamp(-dot(pos, to_sun) / (r * d_sun), -1.0, 1.0));
    if (c >= a + b) {
        return 1.0;
    }
    if (c <= b - a) {
        return 0.0;
    }
    let x = (c * c + a * a - b * b) / (2.0 * c);
    let y = sqrt(max(a * a - x * x, 0.0));
    let overlap = a * a * acos(clamp(x / a, -1.0, 1.0))
        + b * b * acos(clamp((c - x) / b, -1.0, 1.0))
        - c * y;
    return clamp(1.0 - overlap / (PI * a * a), 0.0, 1.0);
}
