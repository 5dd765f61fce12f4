//! Pictures of the scene rendered off-screen (lavapipe on CI), checked
//! pixel by pixel against what the orbit core says should be there.
#![cfg(feature = "viewer")]

use bevy::prelude::*;
use megaconstellation::constellation::Constellation;
use megaconstellation::propagation::Fix;
use megaconstellation::shadow::conical_illumination;
use megaconstellation::sun::sun_position;
use megaconstellation::time::{julian_date, parse_instant};
use megaconstellation::viewer::camera::View;
use megaconstellation::viewer::clock::SimClock;
use megaconstellation::viewer::config::{Output, ViewerConfig};
use megaconstellation::viewer::offscreen::{Frame, Offscreen};
use megaconstellation::viewer::render::SceneCamera;
use megaconstellation::viewer::scene::fleet::SceneFleet;
use megaconstellation::viewer::scene::frame::{SatelliteStyle, world_from_teme};
use std::time::Duration;

const WIDTH: u32 = 320;
const HEIGHT: u32 = 180;
const WHEN: &str = "2026-03-20T18:00:00Z";

/// One off-screen app at a time: they share the process's GPU device and
/// lavapipe's two cores.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn session(limit: usize, view: View, when: &str) -> Offscreen {
    session_sized(limit, view, when, WIDTH, HEIGHT)
}

fn session_sized(limit: usize, view: View, when: &str, width: u32, height: u32) -> Offscreen {
    let scene = SceneFleet::new(
        Constellation::from_preset("odc-1m").expect("preset"),
        Some(limit),
    )
    .expect("scene");
    let config = ViewerConfig {
        scene,
        clock: SimClock::new(parse_instant(when).expect("time"), 0.0, true),
        output: Output::Image { width, height },
        bench_seconds: None,
        process_start: bevy::platform::time::Instant::now(),
        limit: Some(limit),
        atmosphere: true,
        observer: Default::default(),
        links: Default::default(),
    };
    let mut s = Offscreen::new(config, Duration::from_millis(20));
    s.set_view(view);
    // Hide the overlays: the pictures are of the scene.
    s.app
        .world_mut()
        .resource_mut::<megaconstellation::viewer::camera::Overlays>()
        .visible = false;
    assert!(
        s.warm_up(10, 2000),
        "the scene was never drawn (is a Vulkan device, e.g. lavapipe, available?)"
    );
    s
}

fn shoot(s: &mut Offscreen) -> Frame {
    s.capture_next();
    let mut frames = s.finish(500);
    assert_eq!(frames.len(), 1, "no picture came back");
    let frame = frames.remove(0);
    // RENDER_TEST_DUMP=dir keeps every picture for a look.
    if let Ok(dir) = std::env::var("RENDER_TEST_DUMP") {
        static SHOT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SHOT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let _ = image::save_buffer(
            format!("{dir}/render-test-{n}.png"),
            &frame.rgba,
            frame.width,
            frame.height,
            image::ExtendedColorType::Rgba8,
        );
    }
    frame
}

fn hide_satellites(s: &mut Offscreen, hidden: bool) {
    let shells = s.app.world().resource::<SceneFleet>().fleet.shells.len();
    s.app
        .world_mut()
        .resource_mut::<SatelliteStyle>()
        .hidden_shells = vec![hidden; shells];
}

fn luminance(p: [u8; 4]) -> f64 {
    0.2126 * f64::from(p[0]) + 0.7152 * f64::from(p[1]) + 0.0722 * f64::from(p[2])
}

/// Screen position (px) of a world point, if in front of the camera.
fn project(s: &mut Offscreen, world: Vec3) -> Option<Vec2> {
    let w = s.app.world_mut();
    let mut q = w.query_filtered::<(&Camera, &GlobalTransform), With<SceneCamera>>();
    let (camera, transform) = q.single(w).ok()?;
    camera.world_to_viewport(transform, world).ok()
}

fn camera_position(s: &mut Offscreen) -> Vec3 {
    let w = s.app.world_mut();
    let mut q = w.query_filtered::<&GlobalTransform, With<SceneCamera>>();
    q.single(w).expect("one camera").translation()
}

fn sun_dir(when: &str) -> Vec3 {
    let sun = sun_position(julian_date(parse_instant(when).expect("time")));
    world_from_teme(sun.direction_in_teme).normalize()
}

fn patch_mean(frame: &Frame, at: Vec2, half: i32) -> f64 {
    let mut sum = 0.0;
    let mut n = 0.0;
    for dy in -half..=half {
        for dx in -half..=half {
            let (x, y) = (at.x as i32 + dx, at.y as i32 + dy);
            if x >= 0 && y >= 0 && (x as u32) < frame.width && (y as u32) < frame.height {
                sum += luminance(frame.pixel(x as u32, y as u32));
                n += 1.0;
            }
        }
    }
    sum / n
}

/// Mean brightness of the Earth's visible disc on its day and night halves,
/// sampled at points 70% of the way from the disc's centre to its limb.
fn day_and_night(s: &mut Offscreen, frame: &Frame) -> (f64, f64) {
    let sun = sun_dir(WHEN);
    let to_camera = camera_position(s).normalize();
    // Directions on the visible hemisphere, towards and away from the Sun.
    let across = (sun - to_camera * sun.dot(to_camera)).normalize();
    let mut day = Vec::new();
    let mut night = Vec::new();
    for k in -2..=2 {
        let side = to_camera.cross(across).normalize() * (k as f32 * 0.15);
        for (sign, out) in [(1.0, &mut day), (-1.0, &mut night)] {
            let dir = (to_camera * 0.7 + across * (sign * 0.7) + side).normalize();
            let p = project(s, dir * 6378.0).expect("on screen");
            out.push(patch_mean(frame, p, 2));
        }
    }
    (
        day.iter().sum::<f64>() / 5.0,
        night.iter().sum::<f64>() / 5.0,
    )
}

#[test]
fn the_day_side_is_brighter_and_satellites_show_against_the_sky() {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = session(100_000, View::Terminator, WHEN);
    hide_satellites(&mut s, true);
    let earth_only = shoot(&mut s);
    let (day, night) = day_and_night(&mut s, &earth_only);
    assert!(day > 3.0 * night + 10.0, "day {day:.1} vs night {night:.1}");
    // The day half is on the side the Sun is on: it projects nearer the Sun's side of the screen.
    let centre = project(&mut s, Vec3::ZERO).expect("Earth on screen");
    let sunward = project(&mut s, sun_dir(WHEN) * 6000.0).expect("on screen") - centre;
    assert!(sunward.length() > 20.0, "the view must show the terminator");

    hide_satellites(&mut s, false);
    let with_satellites = shoot(&mut s);
    let (day2, night2) = day_and_night(&mut s, &with_satellites);
    assert!(
        day2 > night2 + 10.0,
        "with satellites: day {day2:.1} vs night {night2:.1}"
    );

    // Sky pixels (outside the Earth's disc and its glow) that the satellites
    // light up: the stars are in both pictures and cancel out.
    let limb = project(&mut s, Vec3::new(0.0, 6378.0, 0.0)).expect("on screen");
    let radius_px = (limb - centre).length();
    let mut sky = 0usize;
    let mut lit_by_satellites = 0usize;
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let d = (Vec2::new(x as f32, y as f32) - centre).length();
            if d > radius_px * 1.08 {
                sky += 1;
                let gain =
                    luminance(with_satellites.pixel(x, y)) - luminance(earth_only.pixel(x, y));
                if gain > 20.0 {
                    lit_by_satellites += 1;
                }
            }
        }
    }
    // The shells reach 2,000 km up: a ring of about a third of the Earth's radius around the disc.
    let ring = std::f32::consts::PI * radius_px * radius_px * (1.31_f32.powi(2) - 1.08_f32.powi(2));
    assert!(
        lit_by_satellites as f32 > 0.3 * ring,
        "{lit_by_satellites} of {sky} sky pixels lit by satellites (ring of {ring:.0} px)"
    );
}

#[test]
fn satellites_in_the_shadow_are_darker_than_those_in_sunlight() {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = session(100_000, View::Terminator, WHEN);
    let frame = shoot(&mut s);
    let scene = s.app.world().resource::<SceneFleet>().clone();
    let at = parse_instant(WHEN).expect("time");
    let sun = sun_position(julian_date(at));
    let fixes = scene.fleet.propagate(at);
    let centre = project(&mut s, Vec3::ZERO).expect("Earth on screen");
    let limb = project(&mut s, Vec3::new(0.0, 6378.0, 0.0)).expect("on screen");
    let radius_px = (limb - centre).length();
    // Per pixel: how many drawn satellites are lit, and how many in umbra.
    let mut lit = vec![0u32; (WIDTH * HEIGHT) as usize];
    let mut dark = vec![0u32; (WIDTH * HEIGHT) as usize];
    for &i in &scene.gpu.fleet_index {
        let Fix::Ok(state) = fixes[i as usize] else {
            continue;
        };
        let world = world_from_teme(state.pos_in_teme_km);
        let Some(p) = project(&mut s, world) else {
            continue;
        };
        let (x, y) = (p.x.round() as i64, p.y.round() as i64);
        if x < 1 || y < 1 || x >= i64::from(WIDTH) - 1 || y >= i64::from(HEIGHT) - 1 {
            continue;
        }
        // Against the sky only (not over the Earth's disc).
        if (p - centre).length() < radius_px * 1.08 {
            continue;
        }
        let fraction =
            conical_illumination(state.pos_in_teme_km, sun.position_in_teme_km()).lit_fraction();
        let cell = (y as u32 * WIDTH + x as u32) as usize;
        if fraction >= 1.0 {
            lit[cell] += 1;
        } else if fraction <= 0.0 {
            dark[cell] += 1;
        }
    }
    // A pixel speaks for one kind only if no satellite of the other kind is within a pixel of it.
    let near = |grid: &[u32], cell: usize| {
        let (x, y) = ((cell as u32 % WIDTH) as i64, (cell as u32 / WIDTH) as i64);
        (-1..=1)
            .any(|dy| (-1..=1).any(|dx| grid[((y + dy) * i64::from(WIDTH) + x + dx) as usize] > 0))
    };
    let mut lit_px = Vec::new();
    let mut dark_px = Vec::new();
    for cell in 0..lit.len() {
        let (x, y) = (cell as u32 % WIDTH, cell as u32 / WIDTH);
        if x == 0 || y == 0 || x == WIDTH - 1 || y == HEIGHT - 1 {
            continue;
        }
        if lit[cell] > 0 && !near(&dark, cell) {
            lit_px.push(luminance(frame.pixel(x, y)));
        } else if dark[cell] > 0 && !near(&lit, cell) {
            dark_px.push(luminance(frame.pixel(x, y)));
        }
    }
    assert!(
        lit_px.len() >= 50 && dark_px.len() >= 20,
        "{} lit and {} shadowed pixels in view",
        lit_px.len(),
        dark_px.len()
    );
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (l, d) = (mean(&lit_px), mean(&dark_px));
    assert!(
        l > 3.0 * d && l > 20.0,
        "lit pixels {l:.1}, shadowed pixels {d:.1}"
    );
}

#[test]
fn the_picture_changes_as_simulated_time_advances() {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = session(100_000, View::WholeEarth, WHEN);
    let first = shoot(&mut s);
    let later = parse_instant("2026-03-20T18:05:00Z").expect("time");
    s.app.world_mut().resource_mut::<SimClock>().set(later);
    // Two frames: one to pick up the new time, one to draw it.
    s.app.update();
    let second = shoot(&mut s);
    let changed = first
        .rgba
        .chunks(4)
        .zip(second.rgba.chunks(4))
        .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 24))
        .count();
    // Five minutes move a low satellite 2,300 km: most satellite pixels change.
    assert!(changed > 1000, "only {changed} pixels changed");
    // A paused clock gives the same picture again.
    s.app.update();
    let third = shoot(&mut s);
    assert_eq!(
        second.rgba, third.rgba,
        "a paused scene must render identically"
    );
}

#[test]
fn a_ray_through_a_satellite_picks_it() {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    use megaconstellation::viewer::picking::pick;
    let mut s = session(100_000, View::Terminator, WHEN);
    let scene = s.app.world().resource::<SceneFleet>().clone();
    let at = parse_instant(WHEN).expect("time");
    let fixes = scene.fleet.propagate(at);
    let camera = camera_position(&mut s);
    let mut checked = 0;
    // Satellites spread over the drawn set, on the near side of the Earth.
    for &i in scene.gpu.fleet_index.iter().step_by(7919) {
        let Fix::Ok(state) = fixes[i as usize] else {
            continue;
        };
        let world = world_from_teme(state.pos_in_teme_km);
        if (world - camera).length() > camera.length() {
            continue;
        }
        let Some(pixel) = project(&mut s, world) else {
            continue;
        };
        let ray = {
            let w = s.app.world_mut();
            let mut q = w.query_filtered::<(&Camera, &GlobalTransform), With<SceneCamera>>();
            let (c, t) = q.single(w).expect("camera");
            c.viewport_to_world(t, pixel).expect("ray")
        };
        // Half a pixel of tolerance at this view.
        let picked = pick(&scene, at, ray.origin, *ray.direction, 0.0005);
        assert_eq!(picked, Some(i as usize), "satellite {i} at {pixel}");
        checked += 1;
    }
    assert!(checked >= 5, "{checked}");
    // A ray into empty sky picks nothing.
    let up = Vec3::new(0.0, 1.0, 0.0);
    assert_eq!(
        pick(&scene, at, Vec3::new(0.0, 60_000.0, 0.0), up, 0.0005),
        None
    );
}

/// Sky pixels seen from 3,500 km beside a limb point on the equator, split by
/// how high above the Earth (mean radius) their line of sight passes:
/// (grazing the air 10–40 km up, passing 200–600 km up), each the median
/// (red, green, blue). `sun_angle_deg` places the limb point that far round
/// the equator from the sub-solar meridian.
fn limb_sky(s: &mut Offscreen, sun_angle_deg: f32) -> ([f64; 3], [f64; 3]) {
    const R: f32 = 6371.0;
    let sun = sun_dir(WHEN);
    let sun_eq = Vec3::new(sun.x, 0.0, sun.z).normalize();
    let east = Vec3::Y.cross(sun_eq).normalize();
    let a = sun_angle_deg.to_radians();
    let up = sun_eq * a.cos() + east * a.sin();
    // Horizontal at the limb point, pointing away from the Sun: the camera
    // stands there and looks back towards the Sun's side, so the Sun stays
    // behind it.
    let mut along = Vec3::Y.cross(up).normalize();
    if along.dot(sun) < 0.0 {
        along = -along;
    }
    // Far enough along the tangent to stand higher than 600 km.
    let distance = 3500.0;
    {
        let w = s.app.world_mut();
        let mut q = w.query::<&mut bevy_panorbit_camera::PanOrbitCamera>();
        for mut c in q.iter_mut(w) {
            c.zoom_lower_limit = 100.0;
        }
    }
    s.place_camera(along.x.atan2(along.z), along.y.asin(), distance, up * R);
    s.app.update();
    let frame = shoot(s);
    let w = s.app.world_mut();
    let mut q = w.query_filtered::<(&Camera, &GlobalTransform), With<SceneCamera>>();
    let (camera, transform) = q.single(w).expect("one camera");
    let (mut graze, mut space) = (Vec::new(), Vec::new());
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let centre = Vec2::new(x as f32 + 0.5, y as f32 + 0.5);
            let Ok(ray) = camera.viewport_to_world(transform, centre) else {
                continue;
            };
            let o = ray.origin;
            let d = *ray.direction;
            let closest = o + d * (-o.dot(d)).max(0.0);
            let h = closest.length() - R;
            let p = frame.pixel(x, y);
            let rgb = [f64::from(p[0]), f64::from(p[1]), f64::from(p[2])];
            if (10.0..=40.0).contains(&h) {
                graze.push(rgb);
            } else if (200.0..=600.0).contains(&h) {
                space.push(rgb);
            }
        }
    }
    assert!(
        graze.len() > 150 && space.len() > 1000,
        "{} grazing and {} space pixels: the camera is not looking along the limb",
        graze.len(),
        space.len()
    );
    let median = |v: &mut Vec<[f64; 3]>| {
        let mut out = [0.0; 3];
        for (c, o) in out.iter_mut().enumerate() {
            v.sort_by(|a, b| a[c].total_cmp(&b[c]));
            *o = v[v.len() / 2][c];
        }
        out
    };
    (median(&mut graze), median(&mut space))
}

#[test]
fn the_air_glows_blue_along_the_sunlit_limb_and_not_in_the_night() {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = session(1_000, View::WholeEarth, WHEN);
    hide_satellites(&mut s, true);
    // Where the GPU has compute shaders (lavapipe has), it is Bevy's
    // scattering atmosphere that draws the air, not the fallback glow.
    #[cfg(feature = "atmosphere")]
    assert!(
        s.app
            .world()
            .resource::<megaconstellation::viewer::render::BevyAtmosphereInUse>()
            .get(),
        "Bevy's atmosphere did not load"
    );
    let (lit, lit_space) = limb_sky(&mut s, 50.0);
    let (dark, dark_space) = limb_sky(&mut s, 130.0);
    // Sunlit air: bright, and blue (Rayleigh) more than red.
    assert!(
        lit[2] > lit_space[2] + 40.0,
        "sunlit air {lit:?} vs space above it {lit_space:?}"
    );
    assert!(lit[2] > lit[0] + 15.0, "sunlit air not blue: {lit:?}");
    // The same heights 40° into the night: no light to scatter.
    assert!(
        dark[2] < lit[2] / 4.0 && dark[2] < dark_space[2] + 20.0,
        "night-side air {dark:?} (space {dark_space:?}) vs sunlit {lit:?}"
    );
}

/// Text drawn for the first time is whole in that very frame: a caption
/// whose glyphs were never drawn before, against the same caption a frame
/// later (the font atlas once reached the GPU a frame late, leaving holes:
/// "une st e e n tits the anes").
#[test]
fn a_new_caption_is_whole_in_its_first_frame() {
    use megaconstellation::viewer::record::captions::Captions;
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = session(1000, View::WholeEarth, WHEN);
    let before = shoot(&mut s);
    *s.app.world_mut().resource_mut::<Captions>() = Captions {
        title: Some(("Q&Z: June solstice 23°".into(), 1.0)),
        lower_third: Some((
            "June solstice: the Sun tilts 23° off the planes".into(),
            1.0,
        )),
    };
    let first = shoot(&mut s);
    let later = shoot(&mut s);
    let differ = |a: &Frame, b: &Frame| {
        a.rgba
            .chunks(4)
            .zip(b.rgba.chunks(4))
            .filter(|(p, q)| p != q)
            .count()
    };
    // The caption is there (the frame changed where the text went) …
    assert!(
        differ(&before, &later) > 50,
        "no caption drawn: {} pixels changed",
        differ(&before, &later)
    );
    // … and its first frame already has all of it.
    assert_eq!(
        differ(&first, &later),
        0,
        "the first frame of the caption differs from the next"
    );
}

/// Waits (frames, then short sleeps) until the links computed off the frame
/// answer the settings now in force.
fn wait_for_links(
    s: &mut Offscreen,
) -> std::sync::Arc<megaconstellation::viewer::links::live::LinksSnapshot> {
    use megaconstellation::viewer::links::live::{LinksLive, LinksSettings};
    for _ in 0..3000 {
        s.app.update();
        let settings = s.app.world().resource::<LinksSettings>().clone();
        if let Some(l) = s.app.world().resource::<LinksLive>().latest.clone()
            && l.mesh.as_ref().map(|m| m.0) == settings.mesh_shell
            && l.route.is_some() == settings.route.is_some()
        {
            s.app.update();
            return l;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("the links were never computed");
}

/// The middle of each segment that the camera sees (in front of the Earth,
/// on screen, at least `min_px` long there), as the CPU propagates its two
/// satellites. Shorter lines may fall between pixel centres and draw nothing.
fn visible_midpoints(s: &mut Offscreen, segments: &[(u32, u32)], min_px: f32) -> Vec<Vec2> {
    let scene = s.app.world().resource::<SceneFleet>().clone();
    let at = parse_instant(WHEN).expect("time");
    let camera = camera_position(s);
    let mut out = Vec::new();
    for &(a, b) in segments {
        let pos = |i: u32| match scene.fleet.propagate_one(i as usize, at) {
            Some(Fix::Ok(st)) => Some(world_from_teme(st.pos_in_teme_km)),
            _ => None,
        };
        let (Some(pa), Some(pb)) = (pos(a), pos(b)) else {
            continue;
        };
        let mid = (pa + pb) / 2.0;
        // Hidden when the ray from the camera meets the Earth (a sphere a
        // little larger than the ellipsoid) before the point.
        let hidden = |q: Vec3| {
            let d = q - camera;
            let len = d.length();
            let dir = d / len;
            let t = -camera.dot(dir);
            let closest = (camera + dir * t).length();
            t > 0.0 && t < len && closest < 6400.0
        };
        if hidden(mid) || hidden(pa) || hidden(pb) {
            continue;
        }
        let long_enough = match (project(s, pa), project(s, pb)) {
            (Some(a), Some(b)) => (a - b).length() >= min_px,
            _ => false,
        };
        if !long_enough {
            continue;
        }
        if let Some(p) = project(s, mid)
            && p.x >= 2.0
            && p.y >= 2.0
            && p.x < WIDTH as f32 - 2.0
            && p.y < HEIGHT as f32 - 2.0
        {
            out.push(p);
        }
    }
    out
}

/// How many of `points` have a pixel within `r` px that `after` shows
/// brighter than `before` by `by`, with the colour `hue` picks.
fn lit_near(
    before: &Frame,
    after: &Frame,
    points: &[Vec2],
    r: i32,
    by: f64,
    hue: fn([u8; 4]) -> bool,
) -> usize {
    points
        .iter()
        .filter(|p| {
            (-r..=r).any(|dy| {
                (-r..=r).any(|dx| {
                    let (x, y) = ((p.x as i32 + dx) as u32, (p.y as i32 + dy) as u32);
                    let (a, b) = (after.pixel(x, y), before.pixel(x, y));
                    luminance(a) - luminance(b) > by && hue(a)
                })
            })
        })
        .count()
}

#[test]
fn a_shells_laser_mesh_and_a_route_are_drawn_where_their_satellites_are() {
    use megaconstellation::viewer::links::lines::LinkLines;
    use megaconstellation::viewer::links::live::LinksSettings;
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = session(20_000, View::WholeEarth, WHEN);
    hide_satellites(&mut s, true);
    let bare = shoot(&mut s);

    // One shell's mesh (sso-525, 33,360 satellites, about 67,000 links).
    *s.app.world_mut().resource_mut::<LinksSettings>() = LinksSettings {
        mesh_shell: Some(0),
        ..LinksSettings::default()
    };
    let links = wait_for_links(&mut s);
    let (shell, edges) = links.mesh.clone().expect("the mesh");
    assert_eq!(shell, 0);
    assert!(edges.len() > 60_000, "{} links", edges.len());
    assert_eq!(
        s.app.world().resource::<LinkLines>().lines.len(),
        edges.len()
    );
    let meshed = shoot(&mut s);
    let mids = visible_midpoints(&mut s, &edges, 4.0);
    assert!(mids.len() > 100, "{} segments in view", mids.len());
    // Cyan: at least as blue as red (where many lines add up, white).
    let cyan = |p: [u8; 4]| p[2] >= p[0];
    let hit = lit_near(&bare, &meshed, &mids, 1, 8.0, cyan);
    assert!(
        hit * 10 >= mids.len() * 8,
        "{hit} of {} visible links drawn at their place",
        mids.len()
    );
    // Away from the shell nothing changed: the sky beyond 2,500 km above the limb.
    let centre = project(&mut s, Vec3::ZERO).expect("Earth on screen");
    let limb = project(&mut s, Vec3::new(0.0, 6378.0, 0.0)).expect("on screen");
    let far = (limb - centre).length() * (6378.0 + 2500.0) / 6378.0;
    let mut changed_far = 0;
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            if (Vec2::new(x as f32, y as f32) - centre).length() > far
                && (luminance(meshed.pixel(x, y)) - luminance(bare.pixel(x, y))).abs() > 8.0
            {
                changed_far += 1;
            }
        }
    }
    assert_eq!(changed_far, 0, "pixels changed far from the shell");

    // A route instead, London to Singapore, with the gateways: yellow along its satellites.
    *s.app.world_mut().resource_mut::<LinksSettings>() = LinksSettings {
        route: Some(("London".into(), "Singapore".into())),
        gateways: true,
        ..LinksSettings::default()
    };
    let links = wait_for_links(&mut s);
    let route = links.route.clone().expect("the route");
    assert!(
        route.summary.latency_ms.is_some(),
        "{:?}",
        route.summary.reason
    );
    let routed = shoot(&mut s);
    let hops: Vec<(u32, u32)> = route.satellites.windows(2).map(|w| (w[0], w[1])).collect();
    let mids = visible_midpoints(&mut s, &hops, 0.0);
    assert!(mids.len() >= 3, "{} route links in view", mids.len());
    let yellow = |p: [u8; 4]| p[0] > p[2] + 40 && p[1] > p[2] + 40;
    let hit = lit_near(&bare, &routed, &mids, 1, 30.0, yellow);
    assert!(
        hit * 10 >= mids.len() * 8,
        "{hit} of {} route links drawn",
        mids.len()
    );
}

#[test]
fn a_close_approachs_marker_is_drawn_at_its_tca_position_in_its_colour() {
    use megaconstellation::viewer::safety::SafetySettings;
    use megaconstellation::viewer::safety::live::{SafetyLive, screen_scene};
    use megaconstellation::viewer::safety::marks::{marker_lines, miss_colour};
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = session(20_000, View::WholeEarth, WHEN);
    hide_satellites(&mut s, true);
    // A day of odc-1m screened as the Safety section does; one event kept,
    // so that its marker is the only one.
    let scene = s.app.world().resource::<SceneFleet>().clone();
    let mut result =
        screen_scene(&scene, parse_instant(WHEN).expect("time"), &|_| true).expect("screened");
    let event = result.report.closest[0].clone();
    assert!(event.encounter.miss_km < 0.1, "the closest is under 100 m");
    result.report.closest.truncate(1);
    result.markers = std::sync::Arc::new(marker_lines(&result.report.closest));
    s.app.world_mut().resource_mut::<SafetyLive>().set(result);
    // The camera 20,000 km out over the event, looking down at it.
    let world = world_from_teme(event.pos_a_km);
    let up = world.normalize();
    s.place_camera(up.x.atan2(up.z), up.y.asin(), 20_000.0, world);
    let marked = shoot(&mut s);
    let at = project(&mut s, world).expect("in view");
    let red = |f: &Frame, x: i32, y: i32| {
        let (x, y) = (x as u32, y as u32);
        let p = f.pixel(x, y);
        p[0] > 150 && p[1] < 90 && p[2] < 90
    };
    let expect = miss_colour(event.encounter.miss_km);
    assert!(expect[0] > 0.9 && expect[1] < 0.2, "under 100 m is red");
    let near: Vec<(i32, i32)> = (-6..=6)
        .flat_map(|dy| (-6..=6).map(move |dx| (dx, dy)))
        .filter(|(dx, dy)| red(&marked, at.x as i32 + dx, at.y as i32 + dy))
        .collect();
    assert!(
        near.len() >= 6,
        "red pixels around the TCA position {at}: {near:?}"
    );
    // A cross: red along both axes through the point, within a pixel of it.
    assert!(near.iter().any(|(dx, dy)| dx.abs() >= 2 && dy.abs() <= 1));
    assert!(near.iter().any(|(dx, dy)| dy.abs() >= 2 && dx.abs() <= 1));
    // Nowhere else.
    let mut elsewhere = 0;
    for y in 0..HEIGHT as i32 {
        for x in 0..WIDTH as i32 {
            if ((x as f32 - at.x).abs() > 8.0 || (y as f32 - at.y).abs() > 8.0)
                && red(&marked, x, y)
            {
                elsewhere += 1;
            }
        }
    }
    assert_eq!(elsewhere, 0, "red pixels away from the marker");
    // Markers off: no red there.
    s.app.world_mut().resource_mut::<SafetySettings>().markers = false;
    let bare = shoot(&mut s);
    let left = (-6..=6)
        .flat_map(|dy| (-6..=6).map(move |dx| (dx, dy)))
        .filter(|(dx, dy)| red(&bare, at.x as i32 + dx, at.y as i32 + dy))
        .count();
    assert_eq!(left, 0, "the marker goes with the switch");
}

/// sRGB-encoded channel (0-255) to linear light.
fn linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// A colour's chromaticity: linear RGB over its largest channel.
fn chroma(c: [f64; 3]) -> [f64; 3] {
    let m = c[0].max(c[1]).max(c[2]).max(1e-9);
    c.map(|x| x / m)
}

/// The drawn satellites that stand alone against the sky (no other drawn
/// satellite within 4 px, off the Earth's disc): fleet index, pixel, state.
fn lone_satellites(
    s: &mut Offscreen,
    at: chrono::DateTime<chrono::Utc>,
) -> Vec<(usize, Vec2, megaconstellation::propagation::TemeState)> {
    let scene = s.app.world().resource::<SceneFleet>().clone();
    let fixes = scene.fleet.propagate(at);
    let centre = project(s, Vec3::ZERO).expect("Earth on screen");
    let limb = project(s, Vec3::new(0.0, 6378.0, 0.0)).expect("on screen");
    let radius_px = (limb - centre).length();
    let mut drawn = Vec::new();
    for &i in &scene.gpu.fleet_index {
        let Fix::Ok(state) = fixes[i as usize] else {
            continue;
        };
        let world = world_from_teme(state.pos_in_teme_km);
        // In front of the Earth from the camera, or beside it.
        if let Some(p) = project(s, world) {
            drawn.push((i as usize, p, state, world));
        }
    }
    let camera = camera_position(s);
    drawn
        .iter()
        .filter(|(i, p, _, world)| {
            let inside =
                p.x >= 6.0 && p.y >= 6.0 && p.x < WIDTH as f32 - 6.0 && p.y < HEIGHT as f32 - 6.0;
            // Off the disc, and nearer than the Earth's limb plane (not behind it).
            let off_disc = (*p - centre).length() > radius_px * 1.06;
            let in_front = world.distance(camera) < camera.length();
            inside
                && off_disc
                && in_front
                && drawn
                    .iter()
                    .all(|(j, q, ..)| j == i || (*q - *p).length() > 4.0)
        })
        .map(|(i, p, state, _)| (*i, *p, *state))
        .collect()
}

#[test]
fn each_colour_mode_gives_satellites_the_colour_its_legend_gives() {
    use megaconstellation::shadow::conical_illumination;
    use megaconstellation::viewer::scene::colour::{self, ColourBy, NOT_VISIBLE_SRGB};
    use megaconstellation::viewer::scene::frame::shell_colour;
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = session(2_000, View::Terminator, WHEN);
    let at = parse_instant(WHEN).expect("time");
    let sun = sun_position(julian_date(at));
    let lone = lone_satellites(&mut s, at);
    // The Sky section's site, for brightness: up there, and where it is.
    let site = s
        .app
        .world()
        .resource::<megaconstellation::viewer::observer::settings::ObserverSettings>()
        .site
        .clone();
    let to_ecef = megaconstellation::frames::EcefFromTeme::new(megaconstellation::time::gmst_rad(
        julian_date(at),
    ));
    let site_ecef = site.pos_in_ecef_km();
    let site_up = site.enu_in_ecef()[2];
    assert!(lone.len() >= 8, "{} lone satellites in view", lone.len());
    let scene = s.app.world().resource::<SceneFleet>().clone();
    let shell_of = |i: usize| {
        scene
            .fleet
            .shells
            .iter()
            .position(|fs| fs.range.contains(&i))
            .expect("a shell satellite")
    };
    for mode in [
        ColourBy::Shell,
        ColourBy::Altitude,
        ColourBy::Power,
        ColourBy::Speed,
        ColourBy::Brightness,
        ColourBy::Density,
    ] {
        s.app.world_mut().resource_mut::<SatelliteStyle>().colour_by = mode;
        let mut scale = colour::scale(mode, &scene.fleet, 1.0);
        if mode == ColourBy::Density {
            // The counts are made off the frame: wait for them, and take
            // the scale their legend gives.
            use megaconstellation::viewer::scene::density::DensityColours;
            let made = (0..3000).any(|_| {
                s.app.update();
                std::thread::sleep(Duration::from_millis(5));
                s.app.world().resource::<DensityColours>().of.is_some()
            });
            assert!(made, "no density counts");
            scale = s.app.world().resource::<DensityColours>().scale;
        }
        let frame = shoot(&mut s);
        // Density: each lone satellite's neighbours among the whole fleet,
        // counted here by the core.
        let neighbours = (mode == ColourBy::Density).then(|| {
            let of: Vec<u32> = lone.iter().map(|(i, ..)| *i as u32).collect();
            megaconstellation::density::neighbour_counts(
                &scene.fleet,
                at,
                megaconstellation::density::DENSITY_RADIUS_KM,
                &of,
            )
        });
        // What the legend says each lone satellite's colour is (sRGB), and
        // the quantity it stands for.
        let expected: Vec<(f64, [f32; 3])> = lone
            .iter()
            .enumerate()
            .map(|(k, (i, _, state))| {
                let r = state.pos_in_teme_km;
                let radius = megaconstellation::vec3::norm(r);
                let lit = conical_illumination(r, sun.position_in_teme_km()).lit_fraction();
                match mode {
                    ColourBy::Shell => {
                        let k = shell_of(*i);
                        let lin = shell_colour(k);
                        // The shader dims a shell's colour in the shadow; lone
                        // ones are compared by hue, so only the lit share matters.
                        (k as f64, lin.map(|x| x.powf(1.0 / 2.2)))
                    }
                    ColourBy::Altitude => {
                        let q = radius - colour::EARTH_RADIUS_KM;
                        (q, colour::ramp_srgb(scale.unwrap().position(q as f32)))
                    }
                    ColourBy::Speed => {
                        let a = scene.fleet.shells[shell_of(*i)]
                            .shell
                            .orbit
                            .semi_major_axis_km();
                        let q = (398_600.8 * (2.0 / radius - 1.0 / a)).sqrt();
                        (q, colour::ramp_srgb(scale.unwrap().position(q as f32)))
                    }
                    ColourBy::Power => (lit, colour::ramp_srgb(lit as f32)),
                    ColourBy::Density => {
                        let n = neighbours.as_ref().expect("counted")[k];
                        (
                            f64::from(n),
                            colour::ramp_srgb(scale.unwrap().position(n as f32)),
                        )
                    }
                    // Below the site's horizon or in the umbra: grey. Above
                    // it (1.0), a ramp colour: not grey (checked below).
                    _ => {
                        let d = megaconstellation::vec3::sub(to_ecef.position(r), site_ecef);
                        let up = megaconstellation::vec3::dot(d, site_up) > 0.0;
                        if up && lit > 0.0 {
                            (1.0, [f32::NAN; 3])
                        } else {
                            (0.0, NOT_VISIBLE_SRGB)
                        }
                    }
                }
            })
            .collect();
        let mut matched = 0;
        let mut checked = 0;
        let mut quantities = Vec::new();
        for ((_, p, _), (q, srgb)) in lone.iter().zip(&expected) {
            let px = frame.pixel(p.x.round() as u32, p.y.round() as u32);
            if luminance(px) < 12.0 {
                continue;
            }
            checked += 1;
            let got = chroma([linear(px[0]), linear(px[1]), linear(px[2])]);
            let grey = chroma(NOT_VISIBLE_SRGB.map(|x| f64::from(x).powf(2.2)));
            let from =
                |want: [f64; 3]| (0..3).map(|c| (got[c] - want[c]).abs()).fold(0.0, f64::max);
            let ok = if srgb[0].is_nan() {
                // Visible from the site: a ramp colour, far from grey.
                from(grey) > 0.3
            } else {
                from(chroma(srgb.map(|x| f64::from(x).powf(2.2)))) < 0.2
            };
            if ok {
                matched += 1;
                quantities.push(*q);
            }
        }
        assert!(
            checked >= 6 && matched * 10 >= checked * 9,
            "{mode:?}: {matched} of {checked} lone satellites in the legend's colour"
        );
        // Two that differ in the quantity, each in its own colour.
        {
            let lo = quantities.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = quantities.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            assert!(
                hi > lo,
                "{mode:?}: all matched satellites have the same quantity {lo}"
            );
        }
    }
}

#[test]
fn the_filters_hide_on_screen_what_they_leave_out() {
    use megaconstellation::viewer::scene::filter::FilterSettings;
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = session(2_000, View::Terminator, WHEN);
    let at = parse_instant(WHEN).expect("time");
    let sun = sun_position(julian_date(at));
    let lone = lone_satellites(&mut s, at);
    // 500-1,200 km and sunlit: odc-1m's lower shells, out of the shadow.
    s.app.insert_resource(FilterSettings {
        altitude_km: Some((500.0, 1_200.0)),
        penumbra: false,
        umbra: false,
        ..Default::default()
    });
    let frame = shoot(&mut s);
    hide_satellites(&mut s, true);
    let background = shoot(&mut s);
    let (mut kept, mut gone) = (Vec::new(), Vec::new());
    for (_, p, state) in &lone {
        let r = state.pos_in_teme_km;
        let altitude = megaconstellation::vec3::norm(r) - 6378.135;
        let lit = conical_illumination(r, sun.position_in_teme_km()).lit_fraction();
        // Away from the edges of the range, where f32 and f64 may differ.
        let inside = (510.0..1_190.0).contains(&altitude) && lit >= 1.0;
        let outside = !(490.0..1_210.0).contains(&altitude) || lit <= 0.0;
        let l = luminance(frame.pixel(p.x.round() as u32, p.y.round() as u32));
        if inside {
            kept.push(l);
        } else if outside {
            // Against the picture with no satellites (a star may be there).
            let bare = luminance(background.pixel(p.x.round() as u32, p.y.round() as u32));
            gone.push(l - bare);
        }
    }
    assert!(
        kept.len() >= 4 && gone.len() >= 4,
        "{} kept and {} hidden lone satellites",
        kept.len(),
        gone.len()
    );
    assert!(kept.iter().all(|&l| l > 20.0), "kept ones drawn: {kept:?}");
    assert!(
        gone.iter().all(|&l| l.abs() < 3.0),
        "hidden ones gone (their pixel less the bare sky): {gone:?}"
    );
}

/// The selected satellite's ground track and footprints, drawn (frame
/// `on`) against not drawn (`off`): the pixels that differ.
fn ground_lines_drawn(s: &mut Offscreen, index: usize) -> (Frame, Vec<(i32, i32)>) {
    use megaconstellation::viewer::ground::GroundTrack;
    use megaconstellation::viewer::picking::Selection;
    s.app.world_mut().resource_mut::<Selection>().index = Some(index);
    s.app.world_mut().resource_mut::<GroundTrack>().shown = false;
    s.app.update();
    let off = shoot(s);
    s.app.world_mut().resource_mut::<GroundTrack>().shown = true;
    s.app.update();
    let on = shoot(s);
    let mut changed = Vec::new();
    for y in 0..on.height {
        for x in 0..on.width {
            let (a, b) = (on.pixel(x, y), off.pixel(x, y));
            if (0..3).any(|c| (i32::from(a[c]) - i32::from(b[c])).abs() > 24) {
                changed.push((x as i32, y as i32));
            }
        }
    }
    (on, changed)
}

/// World km of an Earth-fixed point at `at`.
fn world_of_ecef(ecef: [f64; 3], at: chrono::DateTime<chrono::Utc>) -> Vec3 {
    use megaconstellation::frames::EcefFromTeme;
    use megaconstellation::time::gmst_rad;
    world_from_teme(EcefFromTeme::new(-gmst_rad(julian_date(at))).position(ecef))
}

#[test]
fn the_ground_track_passes_through_the_points_under_the_satellite_ten_minutes_either_side() {
    use megaconstellation::frames::{Geodetic, ecef_from_geodetic};
    use megaconstellation::ground::sub_satellite_point;
    use megaconstellation::viewer::ground::LINE_HEIGHT_KM;
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = session(2_000, View::WholeEarth, WHEN);
    hide_satellites(&mut s, true);
    let at = parse_instant(WHEN).expect("time");
    let fleet = s.app.world().resource::<SceneFleet>().fleet.clone();
    let index = 5;
    // The point under the satellite at `t`, fixed to the Earth: placed where
    // the Earth is turned now.
    let on_line = |t| {
        let g = sub_satellite_point(&fleet, index, t).expect("state");
        world_of_ecef(
            ecef_from_geodetic(Geodetic {
                height_km: LINE_HEIGHT_KM,
                ..g
            }),
            at,
        )
    };
    // The camera 14,000 km out over the point under the satellite now.
    let under = on_line(at);
    let up = under.normalize();
    s.place_camera(up.x.atan2(up.z), up.y.asin(), 14_000.0, under);
    let (on, changed) = ground_lines_drawn(&mut s, index);
    assert!(changed.len() > 100, "{} pixels drawn", changed.len());
    for (minutes, ahead) in [(-10i64, false), (10, true)] {
        let t = at + chrono::TimeDelta::minutes(minutes);
        let px = project(&mut s, on_line(t)).expect("in view");
        assert!(
            px.x > 2.0 && px.y > 2.0 && px.x < WIDTH as f32 - 2.0 && px.y < HEIGHT as f32 - 2.0,
            "{minutes} min at {px}: inside the frame"
        );
        let near: Vec<&(i32, i32)> = changed
            .iter()
            .filter(|(x, y)| (*x as f32 - px.x).abs() <= 2.0 && (*y as f32 - px.y).abs() <= 2.0)
            .collect();
        assert!(
            !near.is_empty(),
            "{minutes} min: no line within 2 px of {px}"
        );
        // Ahead warm white, behind grey.
        let warm = near.iter().any(|(x, y)| {
            let p = on.pixel(*x as u32, *y as u32);
            i32::from(p[0]) - i32::from(p[2]) > 40 && p[0] > 150
        });
        assert_eq!(
            warm, ahead,
            "{minutes} min: the track's colour ahead or behind"
        );
    }
    // Nothing is drawn without a selection.
    s.app
        .world_mut()
        .resource_mut::<megaconstellation::viewer::picking::Selection>()
        .index = None;
    s.app.update();
    let bare = shoot(&mut s);
    let left = changed
        .iter()
        .filter(|(x, y)| on.pixel(*x as u32, *y as u32) == bare.pixel(*x as u32, *y as u32))
        .count();
    assert!(
        left * 10 < changed.len(),
        "the lines go with the selection: {left} of {} remain",
        changed.len()
    );
}

#[test]
fn the_footprints_edge_lies_where_the_satellite_stands_at_its_elevation() {
    use megaconstellation::ground::position_ecef;
    use megaconstellation::sky::observer::topocentric_from_ecef;
    use megaconstellation::viewer::picking::{cursor_ray, site_on_globe};
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let size = 400u32;
    let mut s = session_sized(2_000, View::WholeEarth, WHEN, size, size);
    hide_satellites(&mut s, true);
    let at = parse_instant(WHEN).expect("time");
    let scene = s.app.world().resource::<SceneFleet>().clone();
    let gateway_deg = scene.constellation.spec.links.min_elevation_deg;
    let index = 5;
    let p = position_ecef(&scene.fleet, index, at).expect("state");
    // Straight down from 4,000 km over the point under it.
    let over = world_of_ecef(p, at);
    let up = over.normalize();
    s.place_camera(up.x.atan2(up.z), up.y.asin(), 4_000.0, over);
    let (on, changed) = ground_lines_drawn(&mut s, index);
    let (transform, fov) = {
        let w = s.app.world_mut();
        let mut q = w.query_filtered::<(&GlobalTransform, &Projection), With<SceneCamera>>();
        let (t, p) = q.single(w).expect("one camera");
        let Projection::Perspective(p) = p else {
            panic!("a perspective camera")
        };
        (*t, p.fov)
    };
    let mut checked = [0usize; 2];
    for &(x, y) in &changed {
        let c = on.pixel(x as u32, y as u32).map(i32::from);
        // Green: the 30° ring; cyan: the gateways' ring; the rest is track.
        let which = if c[1] > c[2] + 40 && c[1] > c[0] + 20 {
            0
        } else if c[2] > c[1] + 10 && c[2] > c[0] + 60 {
            1
        } else {
            continue;
        };
        let (origin, direction) = cursor_ray(
            &transform,
            fov,
            Vec2::new(size as f32, size as f32),
            Vec2::new(x as f32 + 0.5, y as f32 + 0.5),
        );
        let site = site_on_globe(origin, direction, at).expect("on the globe");
        let elevation = topocentric_from_ecef(&site, p).elevation_rad.to_degrees();
        let expected = [30.0, gateway_deg][which];
        assert!(
            (elevation - expected).abs() < 0.8,
            "pixel ({x}, {y}) of the {expected}° ring sees it at {elevation:.2}°"
        );
        checked[which] += 1;
    }
    assert!(
        checked[0] > 100 && checked[1] > 100,
        "ring pixels checked: {checked:?}"
    );
}
