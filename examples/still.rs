//! Renders one still of the scene off-screen and writes it as PNG.
//!
//! `cargo run --release --example still -- [--preset NAME] [--at TIME] [--limit N] [--size WxH]
//! [--view terminator|pole|close] [--select INDEX] [--clean] [--no-atmosphere] [--out FILE]`

use megaconstellation::constellation::Constellation;
use megaconstellation::viewer::clock::SimClock;
use megaconstellation::viewer::config::{Output, ViewerConfig};
use megaconstellation::viewer::offscreen::Offscreen;
use megaconstellation::viewer::scene::fleet::SceneFleet;
use std::time::Duration;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let preset = get("--preset").unwrap_or_else(|| "odc-1m".into());
    let at = megaconstellation::time::parse_instant(
        &get("--at").unwrap_or_else(|| "2026-03-20T12:00:00Z".into()),
    )
    .map_err(anyhow::Error::msg)?;
    let limit = get("--limit").map(|l| l.parse()).transpose()?;
    let (w, h) = get("--size")
        .and_then(|s| {
            s.split_once('x')
                .map(|(a, b)| (a.parse().unwrap_or(640), b.parse().unwrap_or(360)))
        })
        .unwrap_or((640, 360));
    let out = get("--out").unwrap_or_else(|| "still.png".into());
    let scene = SceneFleet::new(Constellation::from_preset(&preset)?, limit)?;
    let config = ViewerConfig {
        scene,
        clock: SimClock::new(at, 0.0, true),
        output: Output::Image {
            width: w,
            height: h,
        },
        bench_seconds: None,
        process_start: bevy::platform::time::Instant::now(),
        limit,
        atmosphere: !args.iter().any(|a| a == "--no-atmosphere"),
        observer: Default::default(),
        links: Default::default(),
    };
    let view = match get("--view").as_deref() {
        Some("terminator") => Some(megaconstellation::viewer::camera::View::Terminator),
        Some("pole") => Some(megaconstellation::viewer::camera::View::Pole),
        Some("close") => Some(megaconstellation::viewer::camera::View::CloseToShell),
        _ => None,
    };
    let mut session = Offscreen::new(config, Duration::from_millis(16));
    if let Some(view) = view {
        session.set_view(view);
    }
    if let Some(index) = get("--select").and_then(|s| s.parse().ok()) {
        session
            .app
            .world_mut()
            .resource_mut::<megaconstellation::viewer::picking::Selection>()
            .index = Some(index);
    }
    if args.iter().any(|a| a == "--clean") {
        session
            .app
            .world_mut()
            .resource_mut::<megaconstellation::viewer::camera::Overlays>()
            .visible = false;
    }
    anyhow::ensure!(session.warm_up(10, 600), "the scene was never drawn");
    session.capture_next();
    let frames = session.finish(200);
    let frame = frames
        .first()
        .ok_or_else(|| anyhow::anyhow!("no frame captured"))?;
    image::save_buffer(
        &out,
        &frame.rgba,
        frame.width,
        frame.height,
        image::ExtendedColorType::Rgba8,
    )?;
    println!("wrote {out}");
    Ok(())
}
