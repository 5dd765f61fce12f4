//! The observer's view rendered off-screen (lavapipe on CI), checked pixel
//! by pixel against the orbit core: the sky's light at midnight and noon,
//! satellites where the `sky` geometry puts them and none in the Earth's
//! shadow, stars precessed to the date, trails that grow with the exposure.
#![cfg(feature = "viewer")]

use megaconstellation::constellation::Constellation;
use megaconstellation::error::Origin;
use megaconstellation::shadow::conical_illumination;
use megaconstellation::sky::view::{SkyProjection, precession_from_j2000};
use megaconstellation::sky::{Observer, parse_site};
use megaconstellation::sun::sun_position;
use megaconstellation::time::{gmst_rad, julian_date, parse_instant};
use megaconstellation::viewer::clock::SimClock;
use megaconstellation::viewer::config::{Output, ViewerConfig};
use megaconstellation::viewer::observer::settings::ObserverSettings;
use megaconstellation::viewer::offscreen::{Frame, Offscreen};
use megaconstellation::viewer::scene::fleet::SceneFleet;
use megaconstellation::viewer::scene::frame::SatelliteStyle;
use std::time::Duration;

const SIZE: u32 = 320;

/// One off-screen app at a time: they share the process's GPU device and
/// lavapipe's two cores.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Paranal two hours after sunset at the March equinox (the Sun 27° down),
/// local midnight, and local noon.
const EVENING: &str = "2026-03-21T00:50:00Z";
const MIDNIGHT: &str = "2026-03-21T04:42:00Z";
const NOON: &str = "2026-03-20T16:42:00Z";

/// Two Walker shells, sparse enough that single satellites stand apart at 320 px.
const SPARSE: &str = r#"
name = "sparse test"
epoch = "2026-01-01T00:00:00Z"

[[shell]]
name = "t-550-53"
altitude_km = 550.0
inclination_deg = 53.0
planes = 24
sats_per_plane = 20
phasing = 1

[[shell]]
name = "t-1200-30"
altitude_km = 1200.0
inclination_deg = 30.0
planes = 12
sats_per_plane = 20
phasing = 1
"#;

fn session(constellation: Constellation, when: &str, settings: ObserverSettings) -> Offscreen {
    session_with(constellation, when, settings, true)
}

fn session_with(
    constellation: Constellation,
    when: &str,
    settings: ObserverSettings,
    atmosphere: bool,
) -> Offscreen {
    let scene = SceneFleet::new(constellation, None).expect("scene");
    let config = ViewerConfig {
        scene,
        clock: SimClock::new(parse_instant(when).expect("time"), 0.0, true),
        output: Output::Image {
            width: SIZE,
            height: SIZE,
        },
        bench_seconds: None,
        process_start: bevy::platform::time::Instant::now(),
        limit: None,
        atmosphere,
        observer: settings,
        links: Default::default(),
    };
    let mut s = Offscreen::new(config, Duration::from_millis(20));
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

fn all_sky() -> ObserverSettings {
    ObserverSettings {
        active: true,
        site: parse_site("Cerro Paranal").expect("site"),
        ..Default::default()
    }
}

fn shoot(s: &mut Offscreen) -> Frame {
    // Two frames, so that a change of settings has reached the GPU.
    s.app.update();
    s.capture_next();
    let mut frames = s.finish(500);
    assert_eq!(frames.len(), 1, "no picture came back");
    let frame = frames.remove(0);
    if let Ok(dir) = std::env::var("RENDER_TEST_DUMP") {
        static SHOT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SHOT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let _ = image::save_buffer(
            format!("{dir}/observer-test-{n}.png"),
            &frame.rgba,
            SIZE,
            SIZE,
            image::ExtendedColorType::Rgba8,
        );
    }
    frame
}

fn set_settings(s: &mut Offscreen, f: impl FnOnce(&mut ObserverSettings)) {
    f(&mut s.app.world_mut().resource_mut::<ObserverSettings>());
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

fn lum(f: &Frame, x: i32, y: i32) -> f64 {
    if x < 0 || y < 0 || x >= f.width as i32 || y >= f.height as i32 {
        return 0.0;
    }
    luminance(f.pixel(x as u32, y as u32))
}

/// Pixels inside the all-sky picture's circle, at least `margin` px from its edge.
fn inside_circle(margin: f64) -> impl Iterator<Item = (i32, i32)> {
    let c = f64::from(SIZE) / 2.0;
    (0..SIZE as i32).flat_map(move |y| {
        (0..SIZE as i32).filter_map(move |x| {
            let (dx, dy) = (f64::from(x) + 0.5 - c, f64::from(y) + 0.5 - c);
            ((dx * dx + dy * dy).sqrt() < c - margin).then_some((x, y))
        })
    })
}

/// Pixels brighter than their 7×7 neighbourhood's mean by more than
/// `excess`: point sources (stars, satellites) on a smooth sky.
fn point_sources(f: &Frame, excess: f64, keep: impl Fn(i32, i32) -> bool) -> usize {
    inside_circle(6.0)
        .filter(|&(x, y)| keep(x, y))
        .filter(|&(x, y)| {
            let mut sum = 0.0;
            for dy in -3..=3 {
                for dx in -3..=3 {
                    sum += lum(f, x + dx, y + dy);
                }
            }
            lum(f, x, y) - sum / 49.0 > excess
        })
        .count()
}

fn mean_inside(f: &Frame) -> f64 {
    let (mut sum, mut n) = (0.0, 0.0);
    for (x, y) in inside_circle(6.0) {
        sum += lum(f, x, y);
        n += 1.0;
    }
    sum / n
}

#[test]
fn midnight_is_dark_with_stars_and_noon_bright_without() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let constellation = Constellation::from_preset("starlink-gen1").expect("preset");
    // From the space view (Bevy's atmosphere drawn) to the all-sky picture,
    // as a user does with O: nothing of the space view may stay.
    let space = ObserverSettings {
        active: false,
        ..all_sky()
    };
    let mut s = session(constellation, MIDNIGHT, space);
    hide_satellites(&mut s, true);
    let _ = shoot(&mut s);
    set_settings(&mut s, |o| o.active = true);
    let midnight = shoot(&mut s);
    s.app
        .world_mut()
        .resource_mut::<SimClock>()
        .set(parse_instant(NOON).expect("time"));
    let noon = shoot(&mut s);

    // The sky between the stars (the median pixel) is dark at midnight.
    let mut sky: Vec<f64> = inside_circle(6.0)
        .map(|(x, y)| lum(&midnight, x, y))
        .collect();
    sky.sort_by(f64::total_cmp);
    let dark = sky[sky.len() / 2];
    let bright = mean_inside(&noon);
    assert!(dark < 10.0, "the midnight sky is dark: median {dark:.1}");
    assert!(mean_inside(&midnight) < 20.0, "{}", mean_inside(&midnight));
    assert!(bright > 90.0, "the noon sky is bright: mean {bright:.1}");
    // Outside the horizon's circle the all-sky picture is black.
    assert!(luminance(midnight.pixel(2, 2)) < 1.0 && luminance(noon.pixel(2, 2)) < 1.0);

    // Stars: many point sources at midnight, none at noon away from the Sun.
    let site = parse_site("Cerro Paranal").expect("site");
    let jd = julian_date(parse_instant(NOON).expect("time"));
    let sun =
        Observer::new(&site, gmst_rad(jd)).topocentric(sun_position(jd).position_in_teme_km());
    let sun_px = SkyProjection::AllSky
        .pixel(
            sun.azimuth_rad,
            sun.elevation_rad,
            f64::from(SIZE),
            f64::from(SIZE),
        )
        .expect("the Sun is up at noon");
    let away_from_sun = |x: i32, y: i32| {
        let (dx, dy) = (f64::from(x) - sun_px[0], f64::from(y) - sun_px[1]);
        (dx * dx + dy * dy).sqrt() > 40.0
    };
    // The alt-az grid (G): every line it adds lies on the 30° and 60°
    // circles (radius r/3 and 2r/3 in the azimuthal equidistant picture)
    // or on a spoke every 30° of azimuth, and each circle is drawn.
    s.app
        .world_mut()
        .resource_mut::<SimClock>()
        .set(parse_instant(MIDNIGHT).expect("time"));
    set_settings(&mut s, |o| o.grid = true);
    let grid = shoot(&mut s);
    set_settings(&mut s, |o| o.grid = false);
    let r = f64::from(SIZE) / 2.0;
    let (mut on_lines, mut off_lines, mut on_30, mut on_60) = (0, 0, 0, 0);
    for (x, y) in inside_circle(4.0) {
        if diff(&grid, &midnight, x, y) <= 12.0 {
            continue;
        }
        let (dx, dy) = (f64::from(x) + 0.5 - r, f64::from(y) + 0.5 - r);
        let d = (dx * dx + dy * dy).sqrt();
        let near_30 = (d - r * 2.0 / 3.0).abs() < 2.0;
        let near_60 = (d - r / 3.0).abs() < 2.0;
        let spoke = (0..12).any(|k| {
            let a = f64::from(k) * 30f64.to_radians();
            // Distance from the line through the centre at angle a.
            (dx * a.cos() - dy * a.sin()).abs() < 2.0 && (dx * a.sin() + dy * a.cos()) > -2.0
        });
        if near_30 || near_60 || spoke || d < 3.0 {
            on_lines += 1;
            on_30 += usize::from(near_30 && !spoke);
            on_60 += usize::from(near_60 && !spoke);
        } else {
            off_lines += 1;
        }
    }
    assert!(
        on_30 > 300 && on_60 > 150 && off_lines * 50 < on_lines,
        "the grid: {on_30} px on the 30° circle, {on_60} on the 60°, {on_lines} on its lines, {off_lines} off them"
    );

    // An instrument's field (the 20° cut) is a ring of 10° about the zenith.
    set_settings(&mut s, |o| o.instrument = Some(2));
    let field = shoot(&mut s);
    set_settings(&mut s, |o| o.instrument = None);
    let ring = r * 10.0 / 90.0;
    let (mut on_ring, mut off_ring) = (0, 0);
    for (x, y) in inside_circle(4.0) {
        if diff(&field, &midnight, x, y) > 12.0 {
            let (dx, dy) = (f64::from(x) + 0.5 - r, f64::from(y) + 0.5 - r);
            if ((dx * dx + dy * dy).sqrt() - ring).abs() < 2.0 {
                on_ring += 1;
            } else {
                off_ring += 1;
            }
        }
    }
    assert!(
        on_ring > 60 && off_ring * 20 < on_ring,
        "the 20° field: {on_ring} px on its ring, {off_ring} off it"
    );

    let stars_at_midnight = point_sources(&midnight, 25.0, |_, _| true);
    let stars_at_noon = point_sources(&noon, 25.0, away_from_sun);
    assert!(
        stars_at_midnight >= 40,
        "{stars_at_midnight} stars at midnight"
    );
    assert_eq!(stars_at_noon, 0, "no star shows at noon");
}

/// A satellite's predicted place and light: pixel, sunlit, above the horizon.
struct Predicted {
    px: [f64; 2],
    sunlit: bool,
    elevation_deg: f64,
    magnitude: f64,
}

fn predict(
    fleet: &megaconstellation::propagation::Fleet,
    when: &str,
    standard_magnitude: f64,
) -> Vec<Predicted> {
    let at = parse_instant(when).expect("time");
    let jd = julian_date(at);
    let site = parse_site("Cerro Paranal").expect("site");
    let observer = Observer::new(&site, gmst_rad(jd));
    let sun = sun_position(jd);
    (0..fleet.len())
        .filter_map(|i| {
            let fix = fleet.propagate_one(i, at)?;
            let state = fix.state()?;
            let t = observer.topocentric(state.pos_in_teme_km);
            let px = SkyProjection::AllSky.pixel(
                t.azimuth_rad,
                t.elevation_rad,
                f64::from(SIZE),
                f64::from(SIZE),
            )?;
            let lit = conical_illumination(state.pos_in_teme_km, sun.position_in_teme_km())
                .lit_fraction();
            let to_observer =
                megaconstellation::vec3::sub(observer.pos_in_teme_km, state.pos_in_teme_km);
            let cos_phase =
                megaconstellation::vec3::dot(sun.direction_in_teme, to_observer) / t.range_km;
            let magnitude = megaconstellation::sky::photometry::apparent_magnitude_from_cosines(
                standard_magnitude,
                t.range_km,
                cos_phase,
                lit,
                0.2,
                t.elevation_rad.sin(),
            );
            Some(Predicted {
                px,
                sunlit: lit > 0.0,
                elevation_deg: t.elevation_rad.to_degrees(),
                magnitude,
            })
        })
        .collect()
}

/// An sRGB-encoded value (0-255) as linear light (0-1).
fn decode(v: f64) -> f64 {
    let c = v / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// The sparse constellation's all-sky picture from Paranal on the
/// evening, satellites down to magnitude 10.
fn sparse_evening() -> Offscreen {
    let constellation = Constellation::from_text(SPARSE, Origin("sparse test".into()), None)
        .expect("constellation");
    let settings = ObserverSettings {
        limiting_magnitude: 10.0,
        ..all_sky()
    };
    session(constellation, EVENING, settings)
}

/// The light one picture adds to another within 3 px of (cx, cy), in
/// linear luminance (sRGB decoded).
fn linear_light(a: &Frame, b: &Frame, cx: i32, cy: i32) -> f64 {
    let mut sum = 0.0;
    for dy in -3..=3 {
        for dx in -3..=3 {
            sum += (decode(lum(a, cx + dx, cy + dy)) - decode(lum(b, cx + dx, cy + dy))).max(0.0);
        }
    }
    sum
}

/// The difference of two pictures' luminance at a pixel.
fn diff(a: &Frame, b: &Frame, x: i32, y: i32) -> f64 {
    lum(a, x, y) - lum(b, x, y)
}

#[test]
fn satellites_stand_where_the_sky_geometry_puts_them_and_trails_grow_with_the_exposure() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut s = sparse_evening();
    let with = shoot(&mut s);
    hide_satellites(&mut s, true);
    let without = shoot(&mut s);
    let fleet = s.app.world().resource::<SceneFleet>().fleet.clone();
    let standard = s
        .app
        .world()
        .resource::<megaconstellation::viewer::totals::Assumptions>()
        .satellite
        .standard_magnitude;
    let predicted = predict(&fleet, EVENING, standard);
    let up: Vec<&Predicted> = predicted.iter().filter(|p| p.elevation_deg > 3.0).collect();
    let lonely = |p: &Predicted| {
        up.iter().filter(|q| !std::ptr::eq(**q, p)).all(|q| {
            let (dx, dy) = (q.px[0] - p.px[0], q.px[1] - p.px[1]);
            (dx * dx + dy * dy).sqrt() > 8.0
        })
    };
    let (mut lit_checked, mut dark_checked) = (0, 0);
    // (magnitude, light added, where) of each lonely sunlit satellite: the
    // light summed in linear units (multisampling spreads a point over the
    // pixels it straddles; the sum stays).
    let mut lit_light: Vec<(f64, f64, [f64; 2])> = Vec::new();
    for p in up.iter().filter(|p| lonely(p)) {
        let (cx, cy) = (p.px[0].floor() as i32, p.px[1].floor() as i32);
        // The centroid of what the satellites add within 3 px of the prediction.
        let (mut sum, mut sx, mut sy, mut peak) = (0.0, 0.0, 0.0, 0f64);
        for dy in -3..=3 {
            for dx in -3..=3 {
                let d = diff(&with, &without, cx + dx, cy + dy).max(0.0);
                sum += d;
                sx += d * (f64::from(cx + dx) + 0.5);
                sy += d * (f64::from(cy + dy) + 0.5);
                peak = peak.max(d);
            }
        }
        if p.sunlit && p.magnitude < 9.0 {
            assert!(
                peak > 20.0,
                "a sunlit satellite (m {:.1}) at {:?} is drawn: peak {peak:.1}",
                p.magnitude,
                p.px
            );
            let (x, y) = (sx / sum, sy / sum);
            let off = ((x - p.px[0]).powi(2) + (y - p.px[1]).powi(2)).sqrt();
            assert!(
                off <= 2.0,
                "drawn at ({x:.1}, {y:.1}), predicted {:?}: {off:.2} px off",
                p.px
            );
            lit_checked += 1;
            lit_light.push((p.magnitude, linear_light(&with, &without, cx, cy), p.px));
        } else if !p.sunlit {
            assert!(
                peak < 3.0,
                "a satellite in the Earth's shadow at {:?} is not drawn: peak {peak:.1}",
                p.px
            );
            dark_checked += 1;
        }
    }
    assert!(
        lit_checked >= 5 && dark_checked >= 5,
        "{lit_checked} sunlit and {dark_checked} shadowed checked"
    );

    // A brighter satellite is a brighter point: of the pairs half a
    // magnitude or more apart, the brighter adds more light.
    let (mut pairs, mut ordered) = (0, 0);
    for a in &lit_light {
        for b in &lit_light {
            if a.0 + 0.5 <= b.0 {
                pairs += 1;
                ordered += usize::from(a.1 > b.1);
            }
        }
    }
    assert!(
        pairs >= 5 && ordered * 10 >= pairs * 9,
        "brighter satellites are brighter points in {ordered} of {pairs} pairs: {:?}",
        lit_light.iter().map(|l| (l.0, l.1)).collect::<Vec<_>>()
    );

    // The limiting magnitude: set just under the median of the sunlit
    // ones, those fainter than it vanish, those half a magnitude brighter stay.
    let peak_at = |f: &Frame, base: &Frame, px: [f64; 2]| {
        let (cx, cy) = (px[0].floor() as i32, px[1].floor() as i32);
        let mut peak = 0f64;
        for dy in -3..=3 {
            for dx in -3..=3 {
                peak = peak.max(diff(f, base, cx + dx, cy + dy));
            }
        }
        peak
    };
    let mut magnitudes: Vec<f64> = lit_light.iter().map(|l| l.0).collect();
    magnitudes.sort_by(f64::total_cmp);
    let limit = magnitudes[magnitudes.len() / 2] - 0.05;
    // (The stars fainter than the limit go too: the picture without
    // satellites is taken at the same limit.)
    set_settings(&mut s, |o| o.limiting_magnitude = limit);
    let limited_without = shoot(&mut s);
    hide_satellites(&mut s, false);
    let limited = shoot(&mut s);
    let (mut gone, mut kept) = (0, 0);
    for &(m, _, px) in &lit_light {
        let peak = peak_at(&limited, &limited_without, px);
        if m > limit + 0.1 {
            assert!(
                peak < 3.0,
                "m {m:.2} fainter than the limit {limit:.2} is not drawn: peak {peak:.1}"
            );
            gone += 1;
        } else if m < limit - 0.5 {
            assert!(
                peak > 20.0,
                "m {m:.2} brighter than the limit {limit:.2} is drawn: peak {peak:.1}"
            );
            kept += 1;
        }
    }
    assert!(
        gone >= 2 && kept >= 2,
        "{gone} fainter and {kept} brighter checked: {magnitudes:?}"
    );

    // A look at the horizon: nothing drawn below it.
    set_settings(&mut s, |o| {
        o.limiting_magnitude = 10.0;
        o.all_sky = false;
        o.azimuth_deg = 270.0;
        o.elevation_deg = 0.0;
        o.fov_deg = 90.0;
    });
    let horizon_with = shoot(&mut s);
    hide_satellites(&mut s, true);
    let horizon_without = shoot(&mut s);
    let (mut above, mut below) = (0, 0);
    for y in 0..SIZE as i32 {
        for x in 0..SIZE as i32 {
            if diff(&horizon_with, &horizon_without, x, y) > 10.0 {
                if y < SIZE as i32 / 2 - 1 {
                    above += 1;
                } else if y > SIZE as i32 / 2 + 2 {
                    below += 1;
                }
            }
        }
    }
    assert!(
        above > 5 && below == 0,
        "looking west at the horizon: {above} satellite pixels above it, {below} below"
    );
    set_settings(&mut s, |o| o.all_sky = true);

    // Trails: the light the satellites add grows with the exposure.
    hide_satellites(&mut s, false);
    let mut lit_pixels = Vec::new();
    for exposure in [0.0, 60.0, 240.0] {
        set_settings(&mut s, |o| o.exposure_s = exposure);
        let f = shoot(&mut s);
        let n = inside_circle(2.0)
            .filter(|&(x, y)| diff(&f, &without, x, y) > 10.0)
            .count();
        lit_pixels.push(n);
    }
    assert!(
        lit_pixels[0] < lit_pixels[1] && lit_pixels[1] < lit_pixels[2],
        "trails grow with the exposure: {lit_pixels:?} lit pixels at 0, 60 and 240 s"
    );
    assert!(lit_pixels[2] > 3 * lit_pixels[0], "{lit_pixels:?}");
}

#[test]
fn a_star_is_where_precession_to_the_date_puts_it_in_a_narrow_look() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // Spica (HIP 65474, V 1.0), as the shipped catalogue gives it: J2000
    // α 201.298352°, δ −11.161245°. Near the equator and 13h of right
    // ascension, precession moves it by 0.37° by 2026.
    let (ra, dec) = (201.298_352_f64.to_radians(), (-11.161_245_f64).to_radians());
    let j2000 = [dec.cos() * ra.cos(), dec.cos() * ra.sin(), dec.sin()];
    let at = parse_instant(MIDNIGHT).expect("time");
    let jd = julian_date(at);
    let p = precession_from_j2000(jd);
    let dated: Vec<f64> = p
        .iter()
        .map(|r| r[0] * j2000[0] + r[1] * j2000[1] + r[2] * j2000[2])
        .collect();
    let site = parse_site("Cerro Paranal").expect("site");
    let observer = Observer::new(&site, gmst_rad(jd));
    let far = |v: &[f64]| [v[0] * 1e9, v[1] * 1e9, v[2] * 1e9];
    let seen = observer.topocentric(far(&dated));
    let undated = observer.topocentric(far(&j2000));
    assert!(
        seen.elevation_rad.to_degrees() > 20.0,
        "Spica is up at Paranal"
    );
    let settings = ObserverSettings {
        all_sky: false,
        azimuth_deg: seen.azimuth_rad.to_degrees(),
        elevation_deg: seen.elevation_rad.to_degrees(),
        fov_deg: 4.0,
        ..all_sky()
    };
    let projection = settings.projection();
    let constellation = Constellation::from_preset("starlink-gen1").expect("preset");
    let mut s = session(constellation, MIDNIGHT, settings);
    hide_satellites(&mut s, true);
    let f = shoot(&mut s);
    let size = f64::from(SIZE);
    let [x0, y0] = projection
        .pixel(undated.azimuth_rad, undated.elevation_rad, size, size)
        .unwrap_or([-1e3, -1e3]);
    let (mut best, mut at_px) = (0.0, (0, 0));
    for y in 0..SIZE as i32 {
        for x in 0..SIZE as i32 {
            if lum(&f, x, y) > best {
                best = lum(&f, x, y);
                at_px = (x, y);
            }
        }
    }
    let centre = size / 2.0;
    let (bx, by) = (f64::from(at_px.0) + 0.5, f64::from(at_px.1) + 0.5);
    let off = ((bx - centre).powi(2) + (by - centre).powi(2)).sqrt();
    assert!(best > 100.0, "Spica shows: brightest pixel {best:.0}");
    assert!(
        off <= 2.0,
        "Spica at {at_px:?}, predicted at the centre: {off:.1} px off"
    );
    let shift = ((x0 - centre).powi(2) + (y0 - centre).powi(2)).sqrt();
    assert!(
        shift > 20.0,
        "without precession it would be {shift:.1} px away"
    );
}

#[test]
fn the_impact_map_is_brightest_where_the_sky_counts_most() {
    use bevy::prelude::{Camera, GlobalTransform, With};
    use megaconstellation::sky::{Site, SkyQuery, sky_at};
    use megaconstellation::viewer::observer::impact::ImpactMap;
    use megaconstellation::viewer::render::SceneCamera;
    use megaconstellation::viewer::scene::frame::world_from_teme;
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let when = "2026-06-21T12:00:00Z";
    let constellation = Constellation::from_preset("starlink-gen1").expect("preset");
    // The rim glow instead of Bevy's atmosphere, whose haze over the day
    // side would lighten the map there.
    let mut s = session_with(constellation, when, ObserverSettings::default(), false);
    s.set_view(megaconstellation::viewer::camera::View::WholeEarth);
    s.app.world_mut().resource_mut::<ImpactMap>().shown = true;
    for _ in 0..3 {
        s.app.update();
    }
    let f = shoot(&mut s);
    let at = parse_instant(when).expect("time");
    let gmst = gmst_rad(julian_date(at));
    let fleet = s.app.world().resource::<SceneFleet>().fleet.clone();
    let (camera_pos, pixels) = {
        let w = s.app.world_mut();
        let mut q = w.query_filtered::<(&Camera, &GlobalTransform), With<SceneCamera>>();
        let (camera, transform) = q.single(w).expect("one camera");
        let camera_pos = transform.translation();
        let mut pixels = Vec::new();
        for lat in (-60..=60).step_by(10) {
            for lon in (-180..180).step_by(15) {
                let site = Site::new("grid", f64::from(lat), f64::from(lon), 0.0).expect("site");
                let p = world_from_teme(Observer::new(&site, gmst).pos_in_teme_km);
                // Facing the camera, well inside the limb.
                if p.normalize().dot((camera_pos - p).normalize()) < 0.6 {
                    continue;
                }
                if let Ok(px) = camera.world_to_viewport(transform, p) {
                    pixels.push((site, px));
                }
            }
        }
        (camera_pos, pixels)
    };
    assert!(camera_pos.length() > 10_000.0);
    let samples: Vec<(u64, f64)> = pixels
        .into_iter()
        .filter(|(_, px)| {
            px.x >= 2.0 && px.y >= 2.0 && px.x < SIZE as f32 - 2.0 && px.y < SIZE as f32 - 2.0
        })
        .map(|(site, px)| {
            let query = SkyQuery {
                site,
                extinction: 0.2,
                standard_magnitude: 6.4,
                field: None,
            };
            let count = sky_at(&fleet, &query, at).tally.sunlit_above_30deg;
            // The median of a 5×5 patch: the satellites' own points over the map are left out.
            let mut patch: Vec<f64> = (-2..=2)
                .flat_map(|dy| (-2..=2).map(move |dx| (dx, dy)))
                .map(|(dx, dy)| lum(&f, px.x as i32 + dx, px.y as i32 + dy))
                .collect();
            patch.sort_by(f64::total_cmp);
            (count, patch[12])
        })
        .collect();
    assert!(
        samples.len() >= 20,
        "{} places on the visible side",
        samples.len()
    );
    let most = samples.iter().map(|s| s.0).max().unwrap_or(0);
    assert!(
        most >= 10,
        "somewhere sees {most} sunlit satellites above 30°"
    );
    for a in &samples {
        for b in &samples {
            if a.0 >= 2 * b.0 + 4 {
                assert!(
                    a.1 > b.1,
                    "{} satellites look brighter than {}: {:.1} vs {:.1}",
                    a.0,
                    b.0,
                    a.1,
                    b.1
                );
            }
        }
    }
    let brightest = samples
        .iter()
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .expect("samples");
    assert!(
        brightest.0 * 10 >= most * 7,
        "the brightest place counts {} of the most {most}",
        brightest.0
    );
}

#[test]
fn from_the_ground_bevys_atmosphere_lights_the_perspective_sky_by_day_only() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // Looking south, 30° up, away from the March Sun (north of the zenith at noon).
    let settings = ObserverSettings {
        all_sky: false,
        azimuth_deg: 180.0,
        elevation_deg: 30.0,
        fov_deg: 60.0,
        ..all_sky()
    };
    let constellation = Constellation::from_preset("starlink-gen1").expect("preset");
    let mut s = session(constellation, NOON, settings);
    hide_satellites(&mut s, true);
    let noon = shoot(&mut s);
    assert!(
        s.app
            .world()
            .resource::<megaconstellation::viewer::render::BevyAtmosphereInUse>()
            .get(),
        "Bevy's atmosphere draws the sky from the ground"
    );
    s.app
        .world_mut()
        .resource_mut::<SimClock>()
        .set(parse_instant(MIDNIGHT).expect("time"));
    let midnight = shoot(&mut s);
    let mean = |f: &Frame, channel: usize| {
        let mut sum = 0.0;
        for y in 0..SIZE {
            for x in 0..SIZE {
                sum += f64::from(f.pixel(x, y)[channel]);
            }
        }
        sum / f64::from(SIZE * SIZE)
    };
    let (r, b) = (mean(&noon, 0), mean(&noon, 2));
    assert!(
        b > 90.0 && b > r + 20.0,
        "a blue noon sky: red {r:.0}, blue {b:.0}"
    );
    let dark = (0..3).map(|c| mean(&midnight, c)).fold(0.0, f64::max);
    assert!(
        dark < 15.0,
        "a dark midnight sky: brightest channel mean {dark:.1}"
    );

    // Looking at the horizon at noon: the ground below it, not the sky.
    s.app
        .world_mut()
        .resource_mut::<SimClock>()
        .set(parse_instant(NOON).expect("time"));
    set_settings(&mut s, |o| o.elevation_deg = 0.0);
    let horizon = shoot(&mut s);
    let band = |f: &Frame, rows: std::ops::Range<u32>, channel: usize| {
        let mut sum = 0.0;
        for y in rows.clone() {
            for x in 0..SIZE {
                sum += f64::from(f.pixel(x, y)[channel]);
            }
        }
        sum / f64::from(SIZE * rows.len() as u32)
    };
    let half = SIZE / 2;
    let (sky_b, sky_r) = (
        band(&horizon, 20..half - 20, 2),
        band(&horizon, 20..half - 20, 0),
    );
    let (ground_b, ground_r) = (
        band(&horizon, half + 20..SIZE - 20, 2),
        band(&horizon, half + 20..SIZE - 20, 0),
    );
    assert!(
        sky_b > sky_r + 20.0 && ground_b < ground_r + 10.0 && ground_b < sky_b - 30.0,
        "blue sky above the horizon (r {sky_r:.0}, b {sky_b:.0}), ground below it (r {ground_r:.0}, b {ground_b:.0})"
    );
}

/// The light one picture adds to another within 3 px of (cx, cy), per
/// channel, linear (sRGB decoded).
fn linear_light_rgb(a: &Frame, b: &Frame, cx: i32, cy: i32) -> [f64; 3] {
    let mut sum = [0.0; 3];
    for dy in -3..=3 {
        for dx in -3..=3 {
            let (x, y) = (cx + dx, cy + dy);
            if x < 0 || y < 0 || x >= SIZE as i32 || y >= SIZE as i32 {
                continue;
            }
            let (pa, pb) = (a.pixel(x as u32, y as u32), b.pixel(x as u32, y as u32));
            for c in 0..3 {
                sum[c] += (decode(f64::from(pa[c])) - decode(f64::from(pb[c]))).max(0.0);
            }
        }
    }
    sum
}

#[test]
fn satellites_in_the_sky_are_tinted_apart_from_the_stars_unless_switched_off() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    assert!(all_sky().tint_satellites, "on by default");
    let mut s = sparse_evening();
    let tinted = shoot(&mut s);
    set_settings(&mut s, |o| o.tint_satellites = false);
    let plain = shoot(&mut s);
    hide_satellites(&mut s, true);
    let without = shoot(&mut s);
    let fleet = s.app.world().resource::<SceneFleet>().fleet.clone();
    let predicted = predict(&fleet, EVENING, 6.4);
    let up: Vec<&Predicted> = predicted.iter().filter(|p| p.elevation_deg > 3.0).collect();
    let (mut green, mut warm, mut checked) = (0, 0, 0);
    for p in up.iter().filter(|p| p.sunlit && p.magnitude < 9.0) {
        let alone = up
            .iter()
            .all(|q| std::ptr::eq(*q, *p) || (q.px[0] - p.px[0]).hypot(q.px[1] - p.px[1]) > 8.0);
        if !alone {
            continue;
        }
        let (cx, cy) = (p.px[0].floor() as i32, p.px[1].floor() as i32);
        let t = linear_light_rgb(&tinted, &without, cx, cy);
        let w = linear_light_rgb(&plain, &without, cx, cy);
        if t[1] < 0.01 || w[0] < 0.01 {
            continue;
        }
        checked += 1;
        // Tinted: green over red and blue. Plain: sunlight's warm white, red over blue.
        green += usize::from(t[1] > 1.5 * t[0] && t[1] > 1.3 * t[2]);
        warm += usize::from(w[0] > w[2] && w[0] >= 0.9 * w[1]);
    }
    assert!(checked >= 4, "{checked} lone sunlit satellites checked");
    assert_eq!(green, checked, "tinted green");
    assert_eq!(warm, checked, "plain warm white");
}

#[test]
fn the_all_sky_circle_lies_between_the_docks_above_the_status_line() {
    use megaconstellation::viewer::camera::area::FreeArea;
    use megaconstellation::viewer::ui::Panels;
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (w, h) = (1280u32, 720u32);
    let constellation =
        Constellation::from_text(SPARSE, Origin("sparse test".into()), None).expect("toml");
    let config = ViewerConfig {
        scene: SceneFleet::new(constellation, None).expect("scene"),
        // Paranal's noon: a bright blue sky inside the circle, black outside.
        clock: SimClock::new(parse_instant(NOON).expect("time"), 0.0, true),
        output: Output::Image {
            width: w,
            height: h,
        },
        bench_seconds: None,
        process_start: bevy::platform::time::Instant::now(),
        limit: None,
        atmosphere: false,
        observer: all_sky(),
        links: Default::default(),
    };
    let mut s = Offscreen::new(config, Duration::from_millis(20));
    {
        let world = s.app.world_mut();
        let mut panels = world.resource_mut::<Panels>();
        panels.0.visible = true;
        panels.0.layout.left = true;
        panels.0.layout.right = true;
        panels.0.layout.sky = true;
        world
            .resource_mut::<megaconstellation::viewer::camera::Overlays>()
            .visible = true;
    }
    assert!(s.warm_up(10, 2000), "the scene was never drawn");
    let f = {
        s.app.update();
        s.capture_next();
        let mut frames = s.finish(500);
        assert_eq!(frames.len(), 1, "no picture came back");
        frames.remove(0)
    };
    if let Ok(dir) = std::env::var("RENDER_TEST_DUMP") {
        let _ = image::save_buffer(
            format!("{dir}/observer-between-the-docks.png"),
            &f.rgba,
            w,
            h,
            image::ExtendedColorType::Rgba8,
        );
    }
    let area = *s.app.world().resource::<FreeArea>();
    let (free, scene) = (
        area.free.expect("docks drawn"),
        area.scene.expect("docks drawn"),
    );
    // Both docks take room, and the status line its strip.
    assert!(
        free.min.x > 200.0 && free.max.x < w as f32 - 200.0,
        "{free:?}"
    );
    assert!(scene.max.y < free.max.y - 10.0, "{scene:?} in {free:?}");
    // The day sky, hazy white at the horizon: brighter than the docks' grey
    // and the black around the circle.
    let sky = |x: i32, y: i32| {
        let [r, g, b, _] = f.pixel(x as u32, y as u32);
        r.max(g).max(b) > 90
    };
    let (cx, cy) = (scene.center().x as i32, scene.center().y as i32);
    let radius = scene.width().min(scene.height()) / 2.0;
    assert!(
        sky(cx, cy),
        "the zenith is sky: {:?}",
        f.pixel(cx as u32, cy as u32)
    );
    // From the zenith outward to the N, S, E and W pixels of the circle:
    // each where the scene's rect puts it, inside the free area.
    for (name, (dx, dy)) in [("N", (0, -1)), ("S", (0, 1)), ("E", (-1, 0)), ("W", (1, 0))] {
        let mut d = 0;
        while sky(cx + dx * (d + 1), cy + dy * (d + 1)) && d < w as i32 {
            d += 1;
        }
        let (x, y) = (cx + dx * d, cy + dy * d);
        assert!(
            (d as f32 - radius).abs() <= 3.0,
            "{name}: the circle's edge at ({x}, {y}), {d} px from the zenith, against a radius of {radius}"
        );
        assert!(
            free.contains(bevy_egui::egui::pos2(x as f32 + 0.5, y as f32 + 0.5))
                && (y as f32) < scene.max.y,
            "{name}: ({x}, {y}) outside the free area {free:?} above the status line"
        );
        // Just past the edge: no sky (the black around the circle, or a
        // dock where the circle spans the free area's width).
        assert!(!sky(x + dx * 3, y + dy * 3), "{name}: sky past the edge");
    }
}
