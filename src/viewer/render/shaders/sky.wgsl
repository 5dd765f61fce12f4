// Stars (Hipparcos, placed by right ascension and declination) and the Sun,
// drawn at infinity as point sprites.

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) colour: vec3<f32>,
    @location(1) corner: vec2<f32>,
    @location(2) sharpness: f32,
}

// A J2000 direction (world axes) precessed to the date.
fn star_direction(j2000: vec3<f32>) -> vec3<f32> {
    return j2000.x * frame.stars_x.xyz + j2000.y * frame.stars_y.xyz + j2000.z * frame.stars_z.xyz;
}

// The faintest stars of the catalogue the observer's view draws.
const STAR_CATALOGUE_LIMIT: f32 = 6.5;

@vertex
fn star_vertex(
    @builtin(vertex_index) vertex_index: u32,
    @location(0) j2000: vec3<f32>,
    // rgb colour × brightness, size in px
    @location(1) style: vec4<f32>,
    @location(2) magnitude: f32,
) -> VertexOut {
    var out: VertexOut;
    let direction = star_direction(j2000);
    let corner = sprite_corner(vertex_index);
    out.corner = corner;
    out.sharpness = 0.0;
    if (observer_on()) {
        // Down to magnitude 6.5 and the sky's limit, above the horizon, as
        // bright as the magnitude says; the colour from B−V as in space.
        let b = point_brightness(magnitude);
        if (magnitude > STAR_CATALOGUE_LIMIT || b <= 0.0 || dot(direction, frame.up.xyz) < 0.0) {
            out.clip = vec4<f32>(2.0, 2.0, 2.0, 1.0);
            return out;
        }
        let hue = style.rgb / max(max(style.r, style.g), max(style.b, 1.0e-6));
        out.colour = hue * b;
        let clip = observer_clip(direction);
        let size = frame.viewport.z * clamp(0.7 + 0.15 * (frame.north.w - magnitude), 0.8, 2.2);
        out.clip = offset_clip(vec4<f32>(clip.xy, 0.0, clip.w), corner, size * 0.5);
        return out;
    }
    let clip = frame.clip_from_world * vec4<f32>(direction, 0.0);
    out.colour = style.rgb;
    // At infinity: w comes from the direction alone; depth 0 is the far plane.
    out.clip = offset_clip(vec4<f32>(clip.xy, 0.0, clip.w), corner, style.w * 0.5);
    return out;
}

@vertex
fn sun_vertex(@builtin(vertex_index) vertex_index: u32) -> VertexOut {
    var out: VertexOut;
    var clip = frame.clip_from_world * vec4<f32>(frame.sun.xyz, 0.0);
    var px_per_rad = frame.viewport.y / frame.camera.w;
    if (observer_on()) {
        if (dot(frame.sun.xyz, frame.up.xyz) < -0.01) {
            out.clip = vec4<f32>(2.0, 2.0, 2.0, 1.0);
            return out;
        }
        clip = observer_clip(frame.sun.xyz);
        px_per_rad = observer_px_per_rad();
    }
    let corner = sprite_corner(vertex_index);
    // The Sun's disc is 0.53° across; the sprite also holds its glare.
    let disc_px = max(0.00465 * px_per_rad, 3.0);
    let sprite_px = disc_px * 12.0;
    out.corner = corner * 12.0;
    out.colour = vec3<f32>(1.0, 0.96, 0.88);
    out.sharpness = 1.0;
    out.clip = offset_clip(vec4<f32>(clip.xy, 0.0, clip.w), corner, sprite_px);
    return out;
}

@fragment
fn fragment(in: VertexOut) -> @location(0) vec4<f32> {
    let r = length(in.corner);
    var intensity: f32;
    if (in.sharpness > 0.5) {
        // Sun: a solid disc of radius 1 and a glare that falls off outside it.
        intensity = select(0.6 / (r * r * r), 4.0, r <= 1.0);
    } else {
        intensity = 1.0 - smoothstep(0.4, 1.0, r);
    }
    if (intensity <= 0.002) {
        discard;
    }
    return vec4<f32>(in.colour * intensity, 0.0);
}

// ---------------------------------------------------------------------------
// The observer's sky and ground behind everything: the sky's colour for the
// Sun's altitude and the direction, the ground below the horizon, black
// outside the all-sky picture's circle, and the alt-az grid and the
// instrument's field over them.

struct DomeOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) ndc: vec2<f32>,
}

@vertex
fn dome_vertex(@builtin(vertex_index) vertex_index: u32) -> DomeOut {
    var out: DomeOut;
    // One triangle over the whole screen.
    let uv = vec2<f32>(f32((vertex_index << 1u) & 2u), f32(vertex_index & 2u));
    let ndc = uv * 2.0 - 1.0;
    out.clip = vec4<f32>(ndc, 0.0, 1.0);
    out.ndc = ndc;
    return out;
}

// A thin line where `x` crosses a multiple of `step`, `w` (x's change over
// a pixel) wide.
fn grid_line(x: f32, w: f32, step: f32) -> f32 {
    let f = abs(fract(x / step + 0.5) - 0.5) * step;
    let width = max(w, 1.0e-5);
    return 1.0 - smoothstep(0.5 * width, 1.5 * width, f);
}

// The ground, lit by the sky above it (`b`: the sky's compressed brightness).
fn ground_colour(b: f32) -> vec3<f32> {
    return vec3<f32>(0.09, 0.08, 0.06) * (0.02 + 0.6 * sqrt(b)) + vec3<f32>(0.002);
}

// The ground again after Bevy's atmosphere (perspective look on native):
// the atmosphere shades the rays below the horizon as a sunlit planet seen
// from space, far brighter than the ground at one's feet.
@fragment
fn ground_fragment(in: DomeOut) -> @location(0) vec4<f32> {
    let probe = observer_direction(in.ndc);
    if (probe.w < 0.5 || dot(probe.xyz, frame.up.xyz) >= 0.0) {
        discard;
    }
    return vec4<f32>(ground_colour(pow(frame.sky.x, 0.6)), 1.0);
}

@fragment
fn dome_fragment(in: DomeOut) -> @location(0) vec4<f32> {
    let probe = observer_direction(in.ndc);
    let d = probe.xyz;
    let u = dot(d, frame.up.xyz);
    // Derivatives first, while every pixel of a quad still runs the same code.
    let el = degrees(asin(clamp(u, -1.0, 1.0)));
    let az = degrees(atan2(dot(d, frame.east.xyz), dot(d, frame.north.xyz)));
    let field_angle = degrees(acos(clamp(dot(d, frame.field.xyz), -1.0, 1.0)));
    let el_w = fwidth(el);
    // Azimuth jumps by 360° at due south: its width is taken across the seam.
    let az_w = min(fwidth(az), fwidth(az + select(360.0, 0.0, az > 0.0)));
    let field_w = fwidth(field_angle);
    if (probe.w < 0.5) {
        return vec4<f32>(0.0, 0.0, 0.0, 1.0);
    }
    // The sky's brightness as the eye, adapting, sees it: compressed
    // (b^0.6), so that the civil twilight is still a blue sky and the night black.
    let b = pow(frame.sky.x, 0.6);
    let sun_u = sin(frame.look_up.w);
    var colour: vec3<f32>;
    if (u < 0.0) {
        colour = ground_colour(b);
    } else {
        // Blue overhead, paler towards the horizon; towards the Sun a glow
        // that reddens as the Sun nears and crosses the horizon.
        let zenith = vec3<f32>(0.12, 0.27, 0.72);
        let horizon = vec3<f32>(0.52, 0.64, 0.82);
        let low = pow(1.0 - u, 3.0);
        let towards_sun = max(dot(d, frame.sun.xyz), 0.0);
        let warm = mix(vec3<f32>(1.0, 0.9, 0.75), vec3<f32>(1.0, 0.45, 0.15), smoothstep(0.25, -0.05, sun_u));
        let glow = warm * pow(towards_sun, 6.0) * (0.4 + 0.6 * low);
        // The night sky's own faint light (airglow and unresolved stars).
        let airglow = vec3<f32>(0.0012, 0.0016, 0.0028) * (1.0 + 1.5 * low);
        // Where Bevy's atmosphere draws the air (catalog.z), it scatters the
        // Sun's light over this itself.
        colour = b * (mix(zenith, horizon, low) + 1.5 * glow) * (1.0 - frame.catalog.z) + airglow;
    }
    if (frame.sky.y > 0.5) {
        // Altitude every 30°, azimuth every 30° (up to 80°), the horizon brighter.
        let line = max(grid_line(el, el_w, 30.0), grid_line(az, az_w, 30.0) * step(el, 80.0));
        colour = colour + vec3<f32>(0.06, 0.1, 0.14) * line * (1.0 + step(abs(el), 1.0));
    }
    if (frame.field.w <= 1.0) {
        // The instrument's field as a ring.
        let radius = degrees(acos(frame.field.w));
        colour = colour + vec3<f32>(0.45, 0.75, 0.3) * grid_line(field_angle - radius, field_w, 1000.0);
    }
    return vec4<f32>(colour, 1.0);
}
