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
