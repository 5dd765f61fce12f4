// The selected satellite: its orbit as a line and a ring around it.

struct OverlayOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) corner: vec2<f32>,
}

@vertex
fn orbit_vertex(@location(0) position: vec3<f32>) -> OverlayOut {
    var out: OverlayOut;
    out.clip = frame.clip_from_world * vec4<f32>(position, 1.0);
    out.corner = vec2<f32>(0.0);
    return out;
}

@fragment
fn orbit_fragment(in: OverlayOut) -> @location(0) vec4<f32> {
    return vec4<f32>(0.15, 0.55, 0.75, 0.0);
}

@vertex
fn marker_vertex(@builtin(vertex_index) vertex_index: u32) -> OverlayOut {
    var out: OverlayOut;
    if (frame.selected.w < 0.5) {
        out.clip = vec4<f32>(2.0, 2.0, 2.0, 1.0);
        return out;
    }
    let corner = sprite_corner(vertex_index);
    out.corner = corner;
    var clip = frame.clip_from_world * vec4<f32>(frame.selected.xyz, 1.0);
    if (observer_on()) {
        clip = observer_clip(normalize(frame.selected.xyz - frame.site.xyz));
    }
    out.clip = offset_clip(clip, corner, 9.0);
    return out;
}

@fragment
fn marker_fragment(in: OverlayOut) -> @location(0) vec4<f32> {
    // A ring between 0.7 and 0.9 of the sprite's inner circle.
    let r = length(in.corner);
    let ring = smoothstep(0.6, 0.72, r) * (1.0 - smoothstep(0.88, 1.0, r));
    if (ring <= 0.0) {
        discard;
    }
    return vec4<f32>(vec3<f32>(0.4, 1.0, 0.9) * ring, 0.0);
}
