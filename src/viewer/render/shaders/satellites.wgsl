// Satellites of Walker shells: SGP4 in the vertex shader, one triangle per
// satellite, blended additively so that density reads as light.

@group(1) @binding(0) var<uniform> shells: array<ShellTerms, 192>;
// Each shell's secular rates, rad/s: Ω̇, Ṁ + ω̇ (for trails over an exposure).
@group(1) @binding(1) var<uniform> shell_rates: array<vec4<f32>, 192>;

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) colour: vec3<f32>,
    @location(1) corner: vec2<f32>,
}

const SUNLIT: vec3<f32> = vec3<f32>(1.0, 0.86, 0.62);
// Satellites in the observer's view, tinted apart from the stars: green (no
// star is), as luminous as SUNLIT so that a magnitude reads the same.
const OBSERVER_TINT: vec3<f32> = vec3<f32>(0.5, 1.01, 0.6);
// μ, km³/s² (WGS-72), and SGP4's Earth radius, km (src/viewer/scene/colour.rs).
const MU_KM3_S2: f32 = 398600.8;
const COLOUR_EARTH_RADIUS_KM: f32 = 6378.135;

// The quantitative colour modes' ramp at t in [0, 1], linear: five sRGB
// stops (RAMP_SRGB in src/viewer/scene/colour.rs) interpolated in sRGB.
fn ramp(t: f32) -> vec3<f32> {
    let x = clamp(t, 0.0, 1.0) * 4.0;
    var a = vec3<f32>(0.25, 0.45, 1.0);
    var b = vec3<f32>(0.15, 0.85, 0.95);
    if (x >= 3.0) {
        a = vec3<f32>(1.0, 0.85, 0.2);
        b = vec3<f32>(1.0, 0.3, 0.25);
    } else if (x >= 2.0) {
        a = vec3<f32>(0.45, 0.95, 0.35);
        b = vec3<f32>(1.0, 0.85, 0.2);
    } else if (x >= 1.0) {
        a = vec3<f32>(0.15, 0.85, 0.95);
        b = vec3<f32>(0.45, 0.95, 0.35);
    }
    let f = x - min(floor(x), 3.0);
    return pow(mix(a, b, f), vec3<f32>(2.2));
}

// Where a quantity falls on the ramp (frame.colour_scale: its low and high ends).
fn on_scale(q: f32) -> f32 {
    let span = frame.colour_scale.y - frame.colour_scale.x;
    if (span == 0.0) {
        return 0.5;
    }
    return (q - frame.colour_scale.x) / span;
}

// Whether the filters (frame.show_only) hide a satellite at `teme` / `world`:
// outside the altitude range, or in a light (sunlit, penumbra, umbra) not kept.
fn filtered_out(teme: vec3<f32>, world: vec3<f32>) -> bool {
    let altitude = length(teme) - COLOUR_EARTH_RADIUS_KM;
    if (altitude < frame.show_only.x || altitude > frame.show_only.y) {
        return true;
    }
    let lights = u32(frame.show_only.z + 0.5);
    if (lights != 7u) {
        let lit = sun_visible_fraction(world, frame.sun.xyz, frame.sun.w);
        var light = 2u;
        if (lit >= 1.0) {
            light = 1u;
        } else if (lit <= 0.0) {
            light = 4u;
        }
        if ((lights & light) == 0u) {
            return true;
        }
    }
    return false;
}

// The colour of the position-based modes (3 altitude, 6 brightness from
// the site) for a satellite at `teme` / `world`, or `tint` for the others.
fn position_tint(teme: vec3<f32>, world: vec3<f32>, tint: vec3<f32>) -> vec3<f32> {
    let mode = frame.earth.z;
    if (mode > 5.5) {
        let m = apparent_magnitude(world);
        if (m > 50.0) {
            // Not visible from the site (NOT_VISIBLE_SRGB).
            return pow(vec3<f32>(0.2), vec3<f32>(2.2));
        }
        return ramp(on_scale(m));
    }
    if (mode > 2.5 && mode < 3.5) {
        return ramp(on_scale(length(teme) - COLOUR_EARTH_RADIUS_KM));
    }
    return tint;
}

// Apparent V magnitude of a satellite at `world` (km), as src/sky/photometry.rs: m = M −
// 2.5·log10(F(φ)·f·(1000 km / ρ)²) + k·X, F the Lambertian sphere's phase
// law, f the share of the Sun's disc it sees (shadow.wgsl), X Kasten &
// Young's airmass. 99 below the horizon or in the umbra (the horizon is
// tested first: it is cheaper than the shadow, and rules out most).
fn apparent_magnitude(world: vec3<f32>) -> f32 {
    let d = world - frame.site.xyz;
    let range = length(d);
    let dir = d / range;
    let cos_z = dot(dir, frame.up.xyz);
    if (cos_z <= 0.0) {
        return 99.0;
    }
    let lit = sun_visible_fraction(world, frame.sun.xyz, frame.sun.w);
    if (lit <= 0.0) {
        return 99.0;
    }
    // φ at the satellite between the Sun and the observer.
    let cos_phase = clamp(-dot(frame.sun.xyz, dir), -1.0, 1.0);
    let phase = acos(cos_phase);
    let law = max((OBS_PI - phase) * cos_phase + sqrt(max(1.0 - cos_phase * cos_phase, 0.0)), 0.0);
    let scale = 1000.0 / range;
    let flux = law * lit * scale * scale;
    if (flux <= 0.0) {
        return 99.0;
    }
    let z_deg = degrees(acos(cos_z));
    let airmass = 1.0 / (cos_z + 0.50572 * pow(96.07995 - z_deg, -1.6364));
    return frame.up.w - 2.5 * log2(flux) * 0.30103 + frame.look.w * airmass;
}


// Outside the view: a triangle that draws nothing.
fn hidden() -> VertexOut {
    var out: VertexOut;
    out.clip = vec4<f32>(2.0, 2.0, 2.0, 1.0);
    return out;
}

// A satellite in the observer's sky: a point as bright as its apparent
// magnitude, none below the horizon, in the Earth's shadow or fainter than
// the limiting magnitude.
fn observer_sprite(world: vec3<f32>, vertex_index: u32, tint: vec3<f32>) -> VertexOut {
    let m = apparent_magnitude(world);
    let b = point_brightness(m);
    if (b <= 0.0) {
        return hidden();
    }
    var out: VertexOut;
    var colour = SUNLIT;
    if (frame.earth.z > 0.5) {
        colour = tint;
    } else if (frame.colour_scale.z > 0.5) {
        colour = OBSERVER_TINT;
    }
    out.colour = colour * b;
    let corner = sprite_corner(vertex_index);
    out.corner = corner;
    let size = frame.viewport.z * clamp(0.8 + 0.12 * (frame.north.w - m), 0.8, 2.0);
    out.clip = offset_clip(observer_clip(normalize(world - frame.site.xyz)), corner, size * 0.5);
    return out;
}

// A point sprite for a satellite at `world`, lit by the Sun or coloured by `tint`.
fn satellite_sprite(world: vec3<f32>, vertex_index: u32, tint: vec3<f32>) -> VertexOut {
    if (observer_on()) {
        return observer_sprite(world, vertex_index, tint);
    }
    var out: VertexOut;
    let lit = sun_visible_fraction(world, frame.sun.xyz, frame.sun.w);
    let distance = length(frame.camera.xyz - world);
    // Brightness falls with distance (and, through the gain, with crowding):
    // from afar the shells are a veil, up close single satellites are crisp.
    let near = clamp(3000.0 / distance, 0.0, 1.0);
    let intensity = frame.viewport.w * mix(0.35, 1.0, near);
    let size = frame.viewport.z * mix(1.0, 1.8, near);
    let shadowed = vec3<f32>(0.05, 0.09, 0.2);
    var colour = mix(shadowed, SUNLIT, lit);
    let mode = frame.earth.z;
    if (mode > 3.5 && mode < 4.5) {
        // Power now: the share of the Sun's disc the array sees.
        colour = ramp(lit);
    } else if (mode > 2.5) {
        // A quantity: the ramp's colour as the legend gives it, lit or not.
        colour = tint;
    } else if (mode > 0.5) {
        colour = tint * mix(0.25, 1.0, lit);
    }
    out.colour = colour * intensity;
    let corner = sprite_corner(vertex_index);
    out.corner = corner;
    out.clip = offset_clip(frame.clip_from_world * vec4<f32>(world, 1.0), corner, size * 0.5);
    return out;
}

@vertex
fn vertex(
    @builtin(vertex_index) vertex_index: u32,
    @location(0) phase: vec2<f32>,
    @location(1) shell_index: u32,
    // The satellite's own colour (sRGB; the Safety section's events a day).
    @location(2) own: vec4<f32>,
) -> VertexOut {
    let s = shells[shell_index];
    if (s.v4.w < 0.5) {
        return hidden();
    }
    let teme = sgp4_shell_position(s, phase.x, phase.y);
    let world = world_from_teme(teme);
    if (filtered_out(teme, world)) {
        return hidden();
    }
    // Colour mode (frame.earth.z): 0 sunlight, 1 the shell's, 2 its own,
    // 3 altitude, 4 power, 5 speed, 6 brightness from the site.
    let mode = frame.earth.z;
    var tint = s.v4.rgb;
    if (mode > 1.5 && mode < 2.5) {
        tint = pow(own.rgb, vec3<f32>(2.2));
    } else if (mode > 4.5 && mode < 5.5) {
        // Vis-viva from the radius and the shell's mean semi-major axis.
        let r = length(teme);
        let a = shell_rates[shell_index].z;
        tint = ramp(on_scale(sqrt(MU_KM3_S2 * max(2.0 / r - 1.0 / a, 0.0))));
    } else {
        tint = position_tint(teme, world, tint);
    }
    return satellite_sprite(world, vertex_index, tint);
}

@vertex
fn catalog_vertex(
    @builtin(vertex_index) vertex_index: u32,
    @location(0) v0: vec4<f32>,
    @location(1) v1: vec4<f32>,
    @location(2) v2: vec4<f32>,
    @location(3) v3: vec4<f32>,
    @location(4) v4: vec4<f32>,
    @location(5) v5: vec4<f32>,
    @location(6) v6: vec4<f32>,
) -> VertexOut {
    // Deep-space satellites (v6.w = 1) have their own, more frequent reference.
    let tau = select(frame.catalog.x, frame.catalog.y, v6.w > 0.5);
    let p = sgp4_general_position(CatalogTerms(v0, v1, v2, v3, v4, v5, v6), tau);
    if (p.w < 0.5) {
        return hidden();
    }
    // The filters: catalogue objects shown at all, their inclination, then
    // altitude and light as the shells'.
    let inclination = degrees(v2.y);
    if (frame.show_only.w < 0.5 || inclination < frame.show_only_inclination.x
        || inclination > frame.show_only_inclination.y) {
        return hidden();
    }
    let world = world_from_teme(p.xyz);
    if (filtered_out(p.xyz, world)) {
        return hidden();
    }
    // Catalogue objects keep their colour in the shell, own-colour and speed modes.
    return satellite_sprite(world, vertex_index, position_tint(p.xyz, world, vec3<f32>(0.7, 0.95, 1.0)));
}

// Segments of a satellite's trail over the exposure.
const TRAIL_SEGMENTS: u32 = 16u;

struct TrailOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) colour: vec3<f32>,
}

// A satellite's path across the observer's sky from t − exposure to t, as a
// list of TRAIL_SEGMENTS lines: each end is the satellite at its own time
// (the shell's terms moved back by its secular rates, the Earth and the
// site turned back with it), as bright as its magnitude there.
@vertex
fn trail_vertex(
    @builtin(vertex_index) vertex_index: u32,
    @location(0) phase: vec2<f32>,
    @location(1) shell_index: u32,
) -> TrailOut {
    var out: TrailOut;
    out.clip = vec4<f32>(2.0, 2.0, 2.0, 1.0);
    out.colour = vec3<f32>(0.0);
    let s = shells[shell_index];
    if (s.v4.w < 0.5) {
        return out;
    }
    let j = vertex_index / 2u + vertex_index % 2u;
    // Seconds before now, from the exposure's start to now.
    let dt = -frame.look_right.w * (1.0 - f32(j) / f32(TRAIL_SEGMENTS));
    let rate = shell_rates[shell_index];
    let teme = sgp4_shell_position(s, phase.x + rate.x * dt, phase.y + rate.y * dt);
    // Where that point is now relative to the turning Earth: turned east
    // by the Earth's rotation since then.
    let a = -EARTH_ROTATION_RAD_S * dt;
    let turned = vec3<f32>(cos(a) * teme.x - sin(a) * teme.y, sin(a) * teme.x + cos(a) * teme.y, teme.z);
    let world = world_from_teme(turned);
    let m = apparent_magnitude(world);
    var colour = SUNLIT;
    if (frame.earth.z > 0.5) {
        colour = s.v4.rgb;
    } else if (frame.colour_scale.z > 0.5) {
        colour = OBSERVER_TINT;
    }
    out.colour = colour * point_brightness(m) * 0.8;
    out.clip = observer_clip(normalize(world - frame.site.xyz));
    return out;
}

@fragment
fn trail_fragment(in: TrailOut) -> @location(0) vec4<f32> {
    return vec4<f32>(in.colour, 0.0);
}

// ---------------------------------------------------------------------------
// Laser links, a route's path and the gateways (src/viewer/links/lines.rs,
// `GpuLink`): line lists, two vertices an instance, blended by their alpha. Each end is a shell
// satellite (w = 0: node and mean anomaly at epoch in x and y, its shell in
// the batch in z), propagated as the satellites are, a place fixed to
// the Earth (w = 1: Earth-fixed km), turned with the Earth, or a point
// fixed in TEME (w = 2, km: close approaches' markers).

struct LinkOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) colour: vec4<f32>,
}

fn link_end(e: vec4<f32>) -> vec3<f32> {
    if (e.w > 1.5) {
        // Fixed in TEME (a close approach's marker at its TCA position).
        return world_from_teme(e.xyz);
    }
    if (e.w > 0.5) {
        // TEME = R3(−θ) · Earth-fixed.
        let c = frame.earth.x;
        let s = frame.earth.y;
        return world_from_teme(vec3<f32>(c * e.x - s * e.y, s * e.x + c * e.y, e.z));
    }
    return world_from_teme(sgp4_shell_position(shells[u32(e.z)], e.x, e.y));
}

@vertex
fn link_vertex(
    @builtin(vertex_index) vertex_index: u32,
    @location(0) a: vec4<f32>,
    @location(1) b: vec4<f32>,
    @location(2) colour: vec4<f32>,
    @location(3) style: vec4<f32>,
) -> LinkOut {
    var out: LinkOut;
    if (observer_on()) {
        out.clip = vec4<f32>(2.0, 2.0, 2.0, 1.0);
        return out;
    }
    let second = (vertex_index & 1u) == 1u;
    var clip = frame.clip_from_world * vec4<f32>(link_end(select(a, b, second)), 1.0);
    if (style.y > 0.0) {
        // A marker: ±style.y pixels along the screen direction style.zw around `a`.
        let px = frame.viewport.xy;
        let along = select(-1.0, 1.0, second) * style.y;
        out.clip = vec4<f32>(clip.xy + style.zw * along * 2.0 / px * clip.w, clip.zw);
        out.colour = colour;
        return out;
    }
    if (style.x != 0.0) {
        // Moved style.x pixels across the line: its direction on screen from both ends.
        let other = frame.clip_from_world * vec4<f32>(link_end(select(b, a, second)), 1.0);
        let px = frame.viewport.xy;
        let d = (other.xy / other.w - clip.xy / clip.w) * px;
        let len = length(d);
        if (len > 0.0) {
            let across = vec2<f32>(-d.y, d.x) / len;
            clip = vec4<f32>(clip.xy + across * style.x * 2.0 / px * clip.w, clip.zw);
        }
    }
    out.clip = clip;
    out.colour = colour;
    return out;
}

@fragment
fn link_fragment(in: LinkOut) -> @location(0) vec4<f32> {
    return in.colour;
}

@fragment
fn fragment(in: VertexOut) -> @location(0) vec4<f32> {
    // A soft round point inside the triangle.
    let r = length(in.corner);
    let coverage = 1.0 - smoothstep(0.55, 1.0, r);
    if (coverage <= 0.0) {
        discard;
    }
    return vec4<f32>(in.colour * coverage, 0.0);
}
