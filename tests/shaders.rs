//! Every composed scene shader parses and validates with naga (no GPU needed).
#![cfg(feature = "viewer")]

use megaconstellation::viewer::render::shaders;

fn validate(name: &str, source: &str) -> naga::Module {
    let module = naga::front::wgsl::parse_str(source)
        .unwrap_or_else(|e| panic!("{name}: {}", e.emit_to_string(source)));
    let mut validator = naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::empty(),
    );
    validator
        .validate(&module)
        .unwrap_or_else(|e| panic!("{name}: {}", e.emit_to_string(source)));
    module
}

#[test]
fn every_scene_shader_validates() {
    let all = shaders::all();
    assert_eq!(all.len(), 5);
    for (name, source) in &all {
        let module = validate(name, source);
        // Each has its vertex entry points and a fragment entry point.
        let stages: Vec<_> = module
            .entry_points
            .iter()
            .map(|e| (e.name.as_str(), e.stage))
            .collect();
        assert!(
            stages
                .iter()
                .any(|(_, s)| *s == naga::ShaderStage::Fragment),
            "{name}: {stages:?}"
        );
        assert!(
            stages.iter().any(|(_, s)| *s == naga::ShaderStage::Vertex),
            "{name}: {stages:?}"
        );
    }
}

#[test]
fn the_webgl2_limits_hold() {
    // No storage buffers and no compute in the scene: WebGL2 has neither.
    for (name, source) in shaders::all() {
        let module = validate(name, &source);
        for (_, var) in module.global_variables.iter() {
            assert!(
                !matches!(var.space, naga::AddressSpace::Storage { .. }),
                "{name} uses a storage buffer"
            );
        }
        assert!(
            module
                .entry_points
                .iter()
                .all(|e| e.stage != naga::ShaderStage::Compute),
            "{name} has a compute stage"
        );
    }
    // The satellites' instance data stays within WebGL2's 16 attributes.
    let sats = validate("satellites", &shaders::satellites());
    for e in sats
        .entry_points
        .iter()
        .filter(|e| e.stage == naga::ShaderStage::Vertex)
    {
        assert!(
            e.function.arguments.len() <= 16,
            "{} takes {} inputs",
            e.name,
            e.function.arguments.len()
        );
    }
}

#[test]
fn a_broken_shader_is_caught() {
    // The check above is not vacuous: a type error in the SGP4 module fails validation.
    let broken = shaders::satellites().replace(
        "let p44 = 2.0 * p43 * p42;",
        "let p44 = 2.0 * p43 * vec2<f32>(p42);",
    );
    assert_ne!(broken, shaders::satellites());
    let parsed = naga::front::wgsl::parse_str(&broken);
    let failed = match parsed {
        Err(_) => true,
        Ok(module) => naga::valid::Validator::new(
            naga::valid::ValidationFlags::all(),
            naga::valid::Capabilities::empty(),
        )
        .validate(&module)
        .is_err(),
    };
    assert!(failed);
}

/// A struct's members in a WGSL module: (name, byte offset), and its size.
fn wgsl_struct(module: &naga::Module, name: &str) -> (Vec<(String, u32)>, u32) {
    module
        .types
        .iter()
        .find_map(|(_, t)| match &t.inner {
            naga::TypeInner::Struct { members, span } if t.name.as_deref() == Some(name) => Some((
                members
                    .iter()
                    .map(|m| (m.name.clone().unwrap_or_default(), m.offset))
                    .collect(),
                *span,
            )),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct {name}"))
}

/// The CPU/GPU contract: every struct the CPU writes for a shader has the
/// WGSL struct's members, in its order, at its offsets, and its size.
#[test]
fn gpu_structs_match_their_wgsl_twins() {
    use megaconstellation::viewer::render::gpu::GpuFrame;
    use megaconstellation::viewer::scene::catalog::GpuCatalogSatellite;
    use megaconstellation::viewer::scene::fleet::GpuShellTerms;
    use std::mem::{offset_of, size_of};
    let all = shaders::all();
    let module = all
        .iter()
        .map(|(name, source)| validate(name, source))
        .find(|m| {
            m.types
                .iter()
                .any(|(_, t)| t.name.as_deref() == Some("CatalogTerms"))
        })
        .expect("a shader with every struct");
    // (WGSL struct, its Rust twin's fields and offsets, the twin's size)
    type Twin = (&'static str, Vec<(&'static str, usize)>, usize);
    let rust: [Twin; 3] = [
        (
            "Frame",
            vec![
                ("clip_from_world", offset_of!(GpuFrame, clip_from_world)),
                ("camera", offset_of!(GpuFrame, camera)),
                ("sun", offset_of!(GpuFrame, sun)),
                ("viewport", offset_of!(GpuFrame, viewport)),
                ("earth", offset_of!(GpuFrame, earth)),
                ("catalog", offset_of!(GpuFrame, catalog)),
                ("selected", offset_of!(GpuFrame, selected)),
                ("site", offset_of!(GpuFrame, site)),
                ("east", offset_of!(GpuFrame, east)),
                ("north", offset_of!(GpuFrame, north)),
                ("up", offset_of!(GpuFrame, up)),
                ("look", offset_of!(GpuFrame, look)),
                ("look_right", offset_of!(GpuFrame, look_right)),
                ("look_up", offset_of!(GpuFrame, look_up)),
                ("sky", offset_of!(GpuFrame, sky)),
                ("field", offset_of!(GpuFrame, field)),
                ("stars_x", offset_of!(GpuFrame, stars_x)),
                ("stars_y", offset_of!(GpuFrame, stars_y)),
                ("stars_z", offset_of!(GpuFrame, stars_z)),
                ("colour_scale", offset_of!(GpuFrame, colour_scale)),
                ("show_only", offset_of!(GpuFrame, show_only)),
                (
                    "show_only_inclination",
                    offset_of!(GpuFrame, show_only_inclination),
                ),
            ],
            size_of::<GpuFrame>(),
        ),
        (
            "ShellTerms",
            vec![
                ("v0", offset_of!(GpuShellTerms, v0)),
                ("v1", offset_of!(GpuShellTerms, v1)),
                ("v2", offset_of!(GpuShellTerms, v2)),
                ("v3", offset_of!(GpuShellTerms, v3)),
                ("v4", offset_of!(GpuShellTerms, v4)),
            ],
            size_of::<GpuShellTerms>(),
        ),
        (
            "CatalogTerms",
            vec![
                ("v0", offset_of!(GpuCatalogSatellite, v0)),
                ("v1", offset_of!(GpuCatalogSatellite, v1)),
                ("v2", offset_of!(GpuCatalogSatellite, v2)),
                ("v3", offset_of!(GpuCatalogSatellite, v3)),
                ("v4", offset_of!(GpuCatalogSatellite, v4)),
                ("v5", offset_of!(GpuCatalogSatellite, v5)),
                ("v6", offset_of!(GpuCatalogSatellite, v6)),
            ],
            size_of::<GpuCatalogSatellite>(),
        ),
    ];
    for (name, fields, size) in rust {
        let (members, span) = wgsl_struct(&module, name);
        let members: Vec<(String, usize)> =
            members.into_iter().map(|(n, o)| (n, o as usize)).collect();
        let fields: Vec<(String, usize)> =
            fields.into_iter().map(|(n, o)| (n.to_owned(), o)).collect();
        assert_eq!(
            members, fields,
            "{name}: WGSL members against the Rust fields"
        );
        assert_eq!(span as usize, size, "{name}: size");
    }
}
