//! The panels as the user meets them: the docks drawn by `panels_ui`
//! (egui_kittest), every control found by its label, clicked, and what its
//! action does to an app running the viewer's own feature plugins.
#![cfg(feature = "viewer")]

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use megaconstellation::constellation::Constellation;
use megaconstellation::time::parse_instant;
use megaconstellation::viewer::camera::Overlays;
use megaconstellation::viewer::clock::{ClockPlugin, SimClock};
use megaconstellation::viewer::messages::{Action, Status};
use megaconstellation::viewer::picking::{PickingPlugin, Selection};
use megaconstellation::viewer::record::{RecordPlugin, Recorder};
use megaconstellation::viewer::scene::ScenePlugin;
use megaconstellation::viewer::scene::fleet::SceneFleet;
use megaconstellation::viewer::systems::{ViewerSystems, configure_viewer_systems};
use megaconstellation::viewer::totals::{Assumptions, TotalsPlugin, TotalsState};
use megaconstellation::viewer::ui::layout::LayoutFile;
use megaconstellation::viewer::ui::model::{PanelLayout, PanelModel, Panels};
use megaconstellation::viewer::ui::panels::{panels_ui, section_titles};
use megaconstellation::viewer::ui::{PanelsPlugin, send_actions, sync::sync_panels};

const WHEN: &str = "2026-03-01T06:00:00Z";

/// A headless app with the viewer's feature plugins (all but the camera,
/// the renderer and egui, which need a window); the panels are synced and
/// their actions sent each frame as in the viewer.
fn app(preset: &str) -> App {
    app_with(Constellation::from_preset(preset).expect("preset"))
}

/// The same app with a constellation of the test's own.
fn app_with(constellation: Constellation) -> App {
    let scene = SceneFleet::new(constellation.clone(), Some(10_000)).expect("scene");
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, bevy::input::InputPlugin))
        .insert_resource(TimeUpdateStrategy::ManualDuration(
            std::time::Duration::from_millis(10),
        ));
    configure_viewer_systems(&mut app);
    app.add_plugins(ClockPlugin {
        start: SimClock::new(parse_instant(WHEN).expect("time"), 1.0, true),
    })
    .add_plugins(ScenePlugin {
        scene,
        limit: Some(10_000),
        atmosphere: false,
    })
    .add_plugins(PickingPlugin)
    .add_plugins(TotalsPlugin {
        assumptions: Assumptions {
            satellite: constellation.spec.satellite.clone(),
            fleet: constellation.spec.fleet.clone(),
            generation: 0,
        },
    })
    .add_plugins(PanelsPlugin {
        layout_file: LayoutFile(None),
    })
    .add_plugins(RecordPlugin)
    .add_plugins(megaconstellation::viewer::observer::ObserverPlugin {
        start: Default::default(),
    })
    .add_plugins(megaconstellation::viewer::links::LinksPlugin {
        start: Default::default(),
    })
    .add_plugins(megaconstellation::viewer::safety::SafetyPlugin)
    .add_plugins(megaconstellation::viewer::ground::GroundPlugin)
    .init_resource::<Overlays>()
    .insert_resource(Recorder::with_exe(
        env!("CARGO_BIN_EXE_megaconstellation").into(),
    ))
    // Without egui's pass, the panels are synced and sent after the rest.
    .add_systems(
        Update,
        (sync_panels, send_actions)
            .chain()
            .after(ViewerSystems::Totals),
    );
    app.update();
    app
}

/// odc-1m with the first `n` Starlink objects of the test's TLE file as a catalogue.
fn odc_1m_and_starlink(n: usize) -> Constellation {
    let mut c = Constellation::from_preset("odc-1m").expect("preset");
    let tle = include_str!("data/starlink-2026-05-13.tle");
    let lines: Vec<&str> = tle.lines().take(3 * n).collect();
    c.catalogs.push(
        megaconstellation::catalog::Catalog::parse(
            &lines.join("\n"),
            megaconstellation::error::Origin("starlink.tle".into()),
            "starlink".into(),
        )
        .expect("TLEs"),
    );
    c
}

/// The model as the app sees it now, every section open.
fn model_of(app: &App) -> PanelModel {
    let mut m = app.world().resource::<Panels>().0.clone();
    m.actions.clear();
    m.visible = true;
    m.layout = PanelLayout {
        record: true,
        sky: true,
        links: true,
        safety: true,
        ..PanelLayout::default()
    };
    m
}

/// The docks as the user sees them, on a screen tall enough that nothing scrolls.
fn docks(model: PanelModel) -> Harness<'static, PanelModel> {
    Harness::builder()
        .with_size(egui::vec2(1400.0, 4000.0))
        .build_ui_state(|ui, m: &mut PanelModel| panels_ui(ui, m), model)
}

/// Runs the app until totals for the current inputs exist.
fn wait_for_totals(app: &mut App) -> std::sync::Arc<megaconstellation::totals::FleetTotals> {
    for _ in 0..2000 {
        app.update();
        if let Some(t) = app.world().resource::<TotalsState>().latest.clone() {
            return t;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    panic!("no totals");
}

/// Hands the actions to the app as the docks would, and runs the frames
/// in which they are sent and then handled.
fn apply(app: &mut App, actions: Vec<Action>) {
    app.world_mut().resource_mut::<Panels>().0.actions = actions;
    app.update();
    app.update();
}

/// The control labels README names for a section (`**`label`**`), up to the next heading.
fn readme_controls(heading: &str) -> Vec<String> {
    let readme = include_str!("../README.md");
    let start = readme.find(heading).expect("README section") + heading.len();
    let section = &readme[start..];
    let end = section.find("\n#").unwrap_or(section.len());
    section[..end]
        .split("**`")
        .skip(1)
        .filter_map(|s| s.split("`**").next())
        .map(str::to_owned)
        .collect()
}

/// Every label a user can see in the docks of a model (a widget's label,
/// or a plain label's text).
fn labels_in(h: &Harness<'_, PanelModel>) -> Vec<String> {
    h.root()
        .children_recursive()
        .flat_map(|n| {
            let node = n.accesskit_node();
            [node.label(), node.value()]
        })
        .flatten()
        .filter(|l| !l.is_empty())
        .collect()
}

/// A model with a shell being edited and a satellite selected, so that the
/// editor and the inspector's controls are on screen too.
fn everything_shown(a: &mut App) -> PanelModel {
    let details = {
        let scene = a.world().resource::<SceneFleet>().clone();
        let assumptions = a.world().resource::<Assumptions>().clone();
        megaconstellation::viewer::picking::details(
            &scene,
            &assumptions.satellite,
            &assumptions.fleet,
            0,
            parse_instant(WHEN).expect("time"),
        )
    };
    wait_for_totals(a);
    a.update();
    let mut m = model_of(a);
    m.paused = false;
    // An edited assumption, so that "Reset to defaults" is live.
    m.satellite.compute_power_w *= 2.0;
    m.details = details;
    m.editing = m.spec.as_ref().map(|s| (0, s.shells[0].clone()));
    m.record_confirm = Some(m.record.clone());
    m.recording = true;
    // The observer's perspective look and its counts, so that its controls show.
    m.sky.settings.active = true;
    m.sky.settings.all_sky = false;
    // A route shown, so that Clear route is on screen.
    m.links.settings.route = Some(("London".into(), "Sydney".into()));
    let scene = a.world().resource::<SceneFleet>().clone();
    let query = megaconstellation::viewer::observer::counts::sky_query(&m.sky.settings, 6.4);
    // An hour after Paranal's sunset: some satellites are lit.
    m.sky.counts = Some(std::sync::Arc::new(megaconstellation::sky::sky_at(
        &scene.fleet,
        &query,
        parse_instant("2026-03-02T01:00:00Z").expect("time"),
    )));
    m
}

#[test]
fn every_control_readme_names_is_in_the_docks() {
    let mut a = app("starlink-gen1");
    let native = everything_shown(&mut a);
    let mut web = native.clone();
    web.web = true;
    for (model, heading, build, at_least) in [
        (native, "### The panels", "native", 25),
        (web, "### In a browser", "browser", 2),
    ] {
        let wanted = readme_controls(heading);
        assert!(wanted.len() >= at_least, "{heading}: {wanted:?}");
        let mut h = docks(model);
        h.run();
        // What sits inside a collapsed header counts once the header is opened.
        h.get_by_label("Assumptions").click();
        h.run();
        let labels = labels_in(&h);
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|w| {
                !labels
                    .iter()
                    .any(|l| l == *w || l.starts_with(w.trim_end_matches('…')))
            })
            .collect();
        assert!(
            missing.is_empty(),
            "{build} docks lack {missing:?}; they show {labels:?}"
        );
    }
    // The sections, by build: recording is native only.
    assert!(section_titles(false).contains(&"Record"));
    assert!(!section_titles(true).contains(&"Record"));
}

#[test]
fn the_record_section_is_in_the_left_dock_and_opens() {
    let a = app("suncatcher");
    let mut m = model_of(&a);
    m.layout = PanelLayout::default();
    assert!(!m.layout.record, "closed at first");
    let mut h = docks(m);
    h.run();
    // The section's header, then its button once open.
    assert!(h.query_by_label("Seconds").is_none());
    h.get_by_label("Record").click();
    h.run();
    assert!(h.state().layout.record, "the header opens the section");
    h.run();
    assert!(h.query_by_label("Seconds").is_some());
    assert_eq!(h.get_all_by_label("Record").count(), 2, "header and button");
}

#[test]
fn warp_buttons_and_time_entry() {
    let mut a = app("suncatcher");
    let mut h = docks(model_of(&a));
    h.get_by_label("+").click();
    h.run();
    assert_eq!(h.state().actions, vec![Action::SetWarp(3.0)]);
    h.state_mut().actions.clear();
    h.get_by_label("−").click();
    h.run();
    assert_eq!(h.state().actions, vec![Action::SetWarp(0.0)]);
    // A typed time, then "Go to time".
    h.state_mut().actions.clear();
    h.state_mut().time_entry = "2026-06-21 08:24".into();
    h.run();
    h.get_by_label("Go to time").click();
    h.run();
    let target = parse_instant("2026-06-21T08:24:00Z").expect("t");
    assert_eq!(h.state().actions, vec![Action::SetTime(target)]);
    // A bad one is refused with a message, and nothing happens.
    h.state_mut().actions.clear();
    h.state_mut().time_entry = "someday".into();
    h.run();
    h.get_by_label("Go to time").click();
    h.run();
    assert!(h.state().actions.is_empty());
    assert!(
        h.state()
            .time_error
            .as_ref()
            .is_some_and(|e| e.to_string().contains("not a time"))
    );
    assert!(h.query_by_label_contains("is not a time").is_some());

    // The actions reach the clock.
    apply(&mut a, vec![Action::SetWarp(3.0), Action::SetTime(target)]);
    let clock = a.world().resource::<SimClock>();
    assert_eq!((clock.warp, clock.now()), (3.0, target));
}

#[test]
fn preset_switch_replaces_the_constellation() {
    let mut a = app("odc-1m");
    let mut h = docks(model_of(&a));
    h.get_by_label("Preset").click();
    h.run();
    h.get_by_label("starlink-gen1").click();
    h.run();
    let actions = h.state().actions.clone();
    assert_eq!(actions, vec![Action::LoadPreset("starlink-gen1".into())]);
    apply(&mut a, actions);
    let scene = a.world().resource::<SceneFleet>();
    assert_eq!(scene.fleet.len(), 4408);
    assert_eq!(scene.generation, 1);
    a.update();
    assert_eq!(model_of(&a).shells.len(), 5);
    assert_eq!(model_of(&a).constellation_name, "starlink-gen1");
}

#[test]
fn editing_a_shell_changes_the_satellite_count() {
    let mut a = app("odc-1m");
    let mut h = docks(model_of(&a));
    h.get_by_label("sso-525").click();
    h.run();
    assert!(
        h.state().editing.is_some(),
        "clicking a shell opens its editor"
    );
    h.get_by_label("Planes").click();
    h.run();
    h.get_by_label("Planes").type_text("30");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    let actions = h.state().actions.clone();
    let [Action::ApplyShell(0, shell)] = actions.as_slice() else {
        panic!("{actions:?}")
    };
    assert_eq!(shell.planes, 30);
    apply(&mut a, actions);
    let scene = a.world().resource::<SceneFleet>();
    assert_eq!(scene.fleet.len(), 999_900 - 30 * 556);
    assert_eq!(scene.fleet.shells[0].range.len(), 30 * 556);
    a.update();
    assert_eq!(
        model_of(&a).message,
        Some(Status::Done("shell rebuilt".into()))
    );
}

#[test]
fn a_broken_file_is_refused_in_the_panel() {
    let mut a = app("suncatcher");
    let dir = std::env::temp_dir().join(format!("mc-open-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("broken.toml");
    std::fs::write(&path, "[[shell]]\naltitude_km = \"high\"\n").expect("write");
    let mut m = model_of(&a);
    m.path = path.display().to_string();
    let mut h = docks(m);
    h.get_by_label("Open").click();
    h.run();
    let actions = h.state().actions.clone();
    assert_eq!(actions, vec![Action::OpenFile(path.display().to_string())]);
    apply(&mut a, actions);
    a.update();
    let message = model_of(&a).message;
    let Some(Status::Failed(e)) = &message else {
        panic!("{message:?}")
    };
    assert!(e.to_string().contains("broken.toml:2"), "{e}");
    // The constellation on screen is untouched.
    assert_eq!(a.world().resource::<SceneFleet>().generation, 0);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn editing_an_assumption_changes_the_totals() {
    // The data-centre satellite (the Starlink presets fly no compute).
    let mut a = app("suncatcher");
    let before = wait_for_totals(&mut a);
    let mut m = model_of(&a);
    m.totals = Some(before.clone());
    let mut h = docks(m);
    h.get_by_label("Assumptions").click();
    h.run();
    h.get_by_label("Compute per watt").click();
    h.run();
    h.get_by_label("Compute per watt")
        .type_text("2000000000000");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let actions = h.state().actions.clone();
    let Some(Action::SetAssumptions(satellite, _)) = actions.last() else {
        panic!("{actions:?}")
    };
    assert_eq!(satellite.flops_per_watt, 2.0e12);
    apply(&mut a, actions);
    let after = wait_for_totals(&mut a);
    assert!((after.compute_delivered_flops / before.compute_delivered_flops - 2.0).abs() < 1e-9);
    assert_eq!(
        after.tally.power_collected_w,
        before.tally.power_collected_w
    );
    // Reset brings the defaults back.
    apply(&mut a, vec![Action::ResetAssumptions]);
    let reset = wait_for_totals(&mut a);
    assert!((reset.compute_delivered_flops / before.compute_delivered_flops - 1.0).abs() < 1e-12);
}

#[test]
fn reset_restores_the_constellations_own_satellite() {
    let mut a = app("starlink-gen1");
    let own = Constellation::from_preset("starlink-gen1")
        .expect("preset")
        .spec
        .satellite;
    assert_ne!(own, megaconstellation::model::SatelliteModel::default());
    let mut edited = own.clone();
    edited.mass_kg *= 2.0;
    let fleet = a.world().resource::<Assumptions>().fleet.clone();
    apply(&mut a, vec![Action::SetAssumptions(edited.clone(), fleet)]);
    assert_eq!(a.world().resource::<Assumptions>().satellite, edited);
    apply(&mut a, vec![Action::ResetAssumptions]);
    assert_eq!(a.world().resource::<Assumptions>().satellite, own);
}

#[test]
fn panel_totals_equal_report() {
    // The panels' totals (the background task) against `report --json` for the same constellation and time.
    let mut a = app("starlink-gen2");
    let panel = wait_for_totals(&mut a);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
        .args([
            "report",
            "--preset",
            "starlink-gen2",
            "--at",
            WHEN,
            "--json",
        ])
        .output()
        .expect("report runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["at"], WHEN);
    let t = &panel.tally;
    for (key, ours) in [
        ("sunlit", t.sunlit),
        ("penumbra", t.penumbra),
        ("umbra", t.umbra),
        ("decayed", t.decayed),
        ("errors", t.errors),
    ] {
        assert_eq!(report[key].as_u64(), Some(ours), "{key}");
    }
    let close = |key: &str, ours: f64| {
        let theirs = report[key].as_f64().expect("number");
        assert!(
            (theirs - ours).abs() <= 1e-12 * ours.abs().max(1.0),
            "{key}: report {theirs}, panel {ours}"
        );
    };
    close("sunlit_fraction", t.sunlit_fraction());
    close("power_collected_w", t.power_collected_w);
    close("compute_delivered_flops", panel.compute_delivered_flops);
    close("compute_installed_flops", panel.compute_installed_flops);
    close("launches_per_year", panel.launches_per_year);
    let shells = report["shells"].as_array().expect("shells");
    assert_eq!(shells.len(), panel.groups.len());
    for (s, g) in shells.iter().zip(&panel.groups) {
        assert_eq!(s["name"], g.name.as_str());
        let f = s["sunlit_fraction"].as_f64().expect("number");
        assert!((f - g.tally.sunlit_fraction()).abs() < 1e-12, "{}", g.name);
    }
}

#[test]
fn the_record_button_renders_the_current_view() {
    let mut a = app("suncatcher");
    let dir = std::env::temp_dir().join(format!("mc-record-button-{}", std::process::id()));
    let mut model = model_of(&a);
    model.record.path = dir.display().to_string();
    let mut h = docks(model);
    h.get_by_label("Seconds").click();
    h.run();
    h.get_by_label("Seconds").type_text("0.5");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Frames per second").click();
    h.run();
    h.get_by_label("Frames per second").type_text("8");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.state_mut().record.width = 160;
    h.state_mut().record.height = 90;
    h.get_all_by_label("Record")
        .last()
        .expect("the Record button")
        .click();
    h.run();
    let actions = h.state().actions.clone();
    let [Action::Record(request)] = actions.as_slice() else {
        panic!("{actions:?}")
    };
    assert_eq!((request.duration_s, request.fps), (0.5, 8.0));
    apply(&mut a, actions);
    assert!(
        a.world().resource::<Recorder>().busy(),
        "{:?}",
        model_of(&a).record_status
    );
    a.update();
    assert!(
        model_of(&a).recording,
        "the button is disabled while it runs"
    );
    for _ in 0..600 {
        if !a.world().resource::<Recorder>().busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        a.update();
    }
    a.update();
    let status = model_of(&a).record_status;
    assert!(
        matches!(&status, Some(Status::Done(s)) if s.starts_with("saved")),
        "{status:?}"
    );
    let written = std::fs::read_dir(&dir).expect("frames").count();
    assert_eq!(written, 4);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_browser_docks_upload_and_share() {
    let a = app("starlink-gen1");
    let mut m = model_of(&a);
    m.web = true;
    let mut h = docks(m);
    h.run();
    assert!(
        h.query_by_label("Open").is_none(),
        "no file paths in a page"
    );
    h.get_by_label("Upload file").click();
    h.run();
    h.get_by_label("Share link").click();
    h.run();
    assert_eq!(h.state().actions, vec![Action::Upload, Action::ShareLink]);
    // Where the buttons are, for the page's test to click them.
    let controls: Vec<&str> = h.state().controls.iter().map(|c| c.0).collect();
    for want in ["Upload file", "Share link", "Screen a day", "Safety", "Sky"] {
        assert!(controls.contains(&want), "{want}: {controls:?}");
    }
    // The link shows once made.
    h.state_mut().share_link = Some("http://x/?preset=starlink-gen1".into());
    h.run();
    assert!(
        h.query_all_by_value("http://x/?preset=starlink-gen1")
            .next()
            .is_some()
    );
}

#[test]
fn a_new_constellation_drops_the_selection_and_brings_its_assumptions() {
    let mut a = app("starlink-gen1");
    a.world_mut().resource_mut::<Selection>().index = Some(3);
    apply(
        &mut a,
        vec![
            Action::ResetAssumptions,
            Action::LoadPreset("odc-1m".into()),
        ],
    );
    a.update();
    assert_eq!(*a.world().resource::<Selection>(), Selection::default());
    let odc = Constellation::from_preset("odc-1m").expect("preset");
    assert_eq!(
        a.world().resource::<Assumptions>().satellite,
        odc.spec.satellite
    );
}

#[test]
fn recording_over_existing_frames_asks_first() {
    let a = app("suncatcher");
    let dir = std::env::temp_dir().join(format!("mc-record-ask-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("frame_00000.png"), b"the user's frame").expect("frame");
    let mut m = model_of(&a);
    m.record.path = dir.display().to_string();
    let mut h = docks(m);
    h.get_all_by_label("Record")
        .last()
        .expect("the Record button")
        .click();
    h.run();
    assert!(h.state().actions.is_empty(), "nothing starts unasked");
    h.get_by_label("Keep it").click();
    h.run();
    assert!(h.state().record_confirm.is_none());
    assert!(h.state().actions.is_empty());
    h.get_all_by_label("Record")
        .last()
        .expect("the Record button")
        .click();
    h.run();
    h.get_by_label("Replace it").click();
    h.run();
    let actions = h.state().actions.clone();
    let [Action::Record(request)] = actions.as_slice() else {
        panic!("{actions:?}")
    };
    assert!(request.overwrite);
    assert_eq!(
        std::fs::read(dir.join("frame_00000.png")).expect("frame"),
        b"the user's frame"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_sky_panel_turns_the_observer_on_moves_it_and_refuses_a_bad_site() {
    use megaconstellation::viewer::observer::counts::SkyCounts;
    use megaconstellation::viewer::observer::settings::ObserverSettings;
    let mut a = app("starlink-gen1");
    let mut h = docks(model_of(&a));
    h.run();
    h.get_by_label("Observer's view").click();
    h.run();
    let turned_on = h.state().actions.clone();
    assert!(
        matches!(turned_on.as_slice(), [Action::SetObserver(s)] if s.active),
        "{turned_on:?}"
    );
    h.state_mut().actions.clear();
    h.state_mut().sky.site_entry = "-31.2733,149.0644,1165".into();
    h.get_by_label("Go to site").click();
    h.run();
    let moved = h.state().actions.clone();
    let [Action::SetObserver(s)] = moved.as_slice() else {
        panic!("{moved:?}");
    };
    assert!((s.site.latitude_deg + 31.2733).abs() < 1e-9 && s.active);
    h.state_mut().actions.clear();
    h.state_mut().sky.site_entry = "91,0".into();
    h.get_by_label("Go to site").click();
    h.run();
    let said = h.state().sky.site_error.clone().unwrap_or_default();
    assert!(said.contains("latitude 91"), "{said}");
    assert!(
        h.state().actions.is_empty(),
        "a refused site changes nothing"
    );

    // The app takes the panel's settings, counts the sky there off the
    // frame, and the panel shows the counts.
    apply(&mut a, moved);
    assert!(a.world().resource::<ObserverSettings>().active);
    let mut counted = None;
    for _ in 0..2000 {
        a.update();
        if let Some(c) = a.world().resource::<SkyCounts>().latest.clone() {
            counted = Some(c);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let counted = counted.expect("the sky was counted");
    let mut h = docks(model_of(&a));
    h.run();
    let labels = labels_in(&h);
    let shown = megaconstellation::units::grouped(counted.tally.above_horizon);
    assert!(
        labels.contains(&shown),
        "the panel shows {shown} above the horizon: {labels:?}"
    );
}

#[test]
fn the_links_panel_shows_a_route_and_its_latency_and_refuses_an_unknown_place() {
    use megaconstellation::links::{LinksModel, links_at, parse_place, route};
    use megaconstellation::viewer::links::live::{LinksLive, LinksSettings};
    let mut a = app("starlink-gen1");
    let mut h = docks(model_of(&a));
    h.run();
    h.state_mut().links.from_entry = "London".into();
    h.state_mut().links.to_entry = "Atlantis".into();
    h.get_by_label("Show route").click();
    h.run();
    let said = h.state().links.error.clone().unwrap_or_default();
    assert!(
        said.contains("`Atlantis` is not a gateway or site"),
        "{said}"
    );
    assert!(
        h.state().actions.is_empty(),
        "a refused place changes nothing"
    );
    h.state_mut().links.to_entry = "New York".into();
    h.get_by_label("Show route").click();
    h.run();
    let asked = h.state().actions.clone();
    let [Action::SetLinks(s)] = asked.as_slice() else {
        panic!("{asked:?}");
    };
    assert_eq!(s.route, Some(("London".to_owned(), "New York".to_owned())));
    assert!(s.gateways, "a route shows its gateways");

    // The app takes it, computes the links off the frame, and the panel
    // shows the route's latency as `links` finds it at that instant.
    apply(&mut a, asked);
    assert!(a.world().resource::<LinksSettings>().route.is_some());
    let mut latest = None;
    for _ in 0..3000 {
        a.update();
        if let Some(l) = a.world().resource::<LinksLive>().latest.clone() {
            latest = Some(l);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let latest = latest.expect("the links were computed");
    let shown = latest.route.clone().expect("a route");
    let scene = a.world().resource::<SceneFleet>().clone();
    let model = LinksModel::new(&scene.constellation.spec);
    let links = links_at(&scene.fleet, &model, latest.at);
    let (from, to) = (
        parse_place("London", &model).expect("London"),
        parse_place("New York", &model).expect("New York"),
    );
    let expect = route(&links, &model, &from, &to).path.expect("a route");
    assert_eq!(shown.summary.latency_ms, Some(expect.latency_ms));
    assert_eq!(latest.laser_links, links.mesh.links);
    let mut h = docks(model_of(&a));
    h.run();
    let labels = labels_in(&h);
    let line = format!("London – New York: {:.1} ms", expect.latency_ms);
    assert!(labels.contains(&line), "the panel shows {line}: {labels:?}");
    let links_shown = megaconstellation::units::grouped(links.mesh.links as u64);
    assert!(
        labels.contains(&links_shown),
        "{links_shown} laser links: {labels:?}"
    );
    // Clear route goes back to nothing computed.
    h.get_by_label("Clear route").click();
    h.run();
    let cleared = h.state().actions.clone();
    assert!(
        matches!(cleared.as_slice(), [Action::SetLinks(s)] if s.route.is_none()),
        "{cleared:?}"
    );
}

#[test]
fn the_safety_section_screens_a_day_and_a_click_goes_to_the_event() {
    use megaconstellation::safety::summary::report;
    use megaconstellation::safety::{PcModel, ScreenOptions, screen};
    use megaconstellation::viewer::safety::live::{SPAN_S, SafetyLive};
    use megaconstellation::viewer::ui::panels::safety::row_label;
    let mut a = app("starlink-gen1");
    let asked = clicked(&a, "Screen a day");
    assert_eq!(asked, vec![Action::ScreenDay]);
    apply(&mut a, asked);
    // Off the frame: the app keeps running while it screens.
    let mut latest = None;
    let mut frames_while_running = 0;
    for _ in 0..20_000 {
        a.update();
        let live = a.world().resource::<SafetyLive>();
        if let Some(r) = live.latest.clone() {
            latest = Some(r);
            break;
        }
        if live.running() {
            frames_while_running += 1;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let r = latest.expect("the day was screened");
    assert!(frames_while_running > 10, "{frames_while_running} frames");
    // The same day screened by the orbit core directly.
    let scene = a.world().resource::<SceneFleet>().clone();
    let spec = &scene.constellation.spec;
    let from = parse_instant(WHEN).expect("time");
    let direct = screen(
        &scene.fleet,
        from,
        SPAN_S,
        ScreenOptions::default(),
        PcModel::new(&spec.safety, &spec.satellite),
        &|_| true,
    )
    .expect("not cancelled");
    let direct = report(
        &direct,
        &scene.fleet,
        &spec.safety.manoeuvre_thresholds,
        3,
        false,
    );
    assert_eq!(r.from, from, "a day from the clock's instant");
    assert_eq!(r.report.events, direct.events);
    assert!(direct.events > 0);
    let closest = &direct.closest[0];
    assert_eq!(r.report.closest[0].a_index, closest.a_index);
    assert_eq!(r.report.closest[0].tca_s, closest.tca_s);

    // The docks list it; a click on the second closest goes to it.
    let mut h = docks(model_of(&a));
    h.run();
    let labels = labels_in(&h);
    let total = megaconstellation::units::grouped(direct.events);
    assert!(
        labels
            .iter()
            .any(|l| l.contains(&format!("{total} events under 5 km"))),
        "{labels:?}"
    );
    let second = r.report.closest[1].clone();
    h.get_by_label(&row_label(1, &second)).click();
    h.run();
    let asked = h.state().actions.clone();
    assert_eq!(asked, vec![Action::GoToConjunction(1)]);
    apply(&mut a, asked);
    let clock = a.world().resource::<SimClock>();
    let tca = from + chrono::TimeDelta::nanoseconds((second.tca_s * 1e9).round() as i64);
    assert!(
        (clock.now() - tca).num_milliseconds().abs() <= 1,
        "the clock at the TCA: {} against {tca}",
        clock.now()
    );
    assert!(clock.paused, "paused at the event");
    let selection = *a.world().resource::<Selection>();
    assert_eq!(selection.index, Some(second.a_index));
    assert_eq!(selection.partner, Some(second.b_index));
    // Both satellites are where the event says, within its miss distance
    // of each other at that instant.
    let pos = |i: usize| match scene.fleet.propagate_one(i, clock.now()) {
        Some(megaconstellation::propagation::Fix::Ok(s)) => s.pos_in_teme_km,
        other => panic!("{other:?}"),
    };
    let (pa, pb) = (pos(second.a_index), pos(second.b_index));
    let d = megaconstellation::vec3::norm(megaconstellation::vec3::sub(pa, pb));
    assert!(
        (d - second.encounter.miss_km).abs() < 0.01,
        "{d} km against {}",
        second.encounter.miss_km
    );
    // The section shows the event's miss and Pc.
    let mut h = docks(model_of(&a));
    h.run();
    let labels = labels_in(&h);
    for want in [
        format!("{:.0} m", second.encounter.miss_km * 1000.0),
        format!("{:.2e}", second.encounter.pc),
    ] {
        assert!(labels.contains(&want), "{want}: {labels:?}");
    }
    // The colour mode and the markers' switch reach the app.
    h.get_by_label("Colour by close approaches").click();
    h.run();
    let asked = h.state().actions.clone();
    assert_eq!(asked, vec![Action::SetCloseApproachColours(true)]);
    apply(&mut a, asked);
    assert_eq!(
        a.world()
            .resource::<megaconstellation::viewer::scene::frame::SatelliteStyle>()
            .colour_by,
        megaconstellation::viewer::scene::colour::ColourBy::CloseApproaches
    );
    let marks = a
        .world()
        .resource::<megaconstellation::viewer::safety::marks::SafetyMarks>();
    assert_eq!(marks.colours.len(), scene.gpu.instances.len());
    assert_eq!(marks.lines.len(), 2 * r.report.closest.len());
}

#[test]
fn the_find_section_selects_a_typed_satellite_or_norad_number_and_lists_partial_names() {
    let mut a = app_with(odc_1m_and_starlink(40));
    let scene = a.world().resource::<SceneFleet>().clone();
    // A typed place: listed, and Enter selects it.
    let mut h = docks(model_of(&a));
    h.run();
    h.state_mut().find.entry = "sso-525/12/341".into();
    h.run();
    let shell = &scene.fleet.shells[0];
    let want = shell.range.start + 11 * shell.shell.spec.sats_per_plane as usize + 340;
    assert_eq!(h.state().find.matches.first().map(|f| f.index), Some(want));
    h.get_by_label(&h.state().find.matches[0].label.clone())
        .click();
    h.run();
    let asked = h.state().actions.clone();
    assert_eq!(asked, vec![Action::SelectSatellite(want)]);
    apply(&mut a, asked);
    let selection = *a.world().resource::<Selection>();
    assert_eq!(selection.index, Some(want));
    assert!(selection.follow, "the camera flies to it and follows");
    let m = model_of(&a);
    let details = m.details.expect("the Satellite panel shows it");
    assert_eq!(details.group, "sso-525");
    assert_eq!(details.place, "plane 12 of 60, slot 341 of 556");
    // A NORAD number of the loaded file.
    let sat = &scene.fleet.catalog_satellites[23];
    let mut h = docks(model_of(&a));
    h.run();
    h.state_mut().find.entry = sat.norad_id.to_string();
    h.run();
    let first = h.state().find.matches[0].clone();
    assert_eq!(first.index, scene.fleet.shell_satellites() + 23);
    h.get_by_label(&first.label).click();
    h.run();
    assert_eq!(
        h.state().actions,
        vec![Action::SelectSatellite(first.index)]
    );
    // A partial name lists what contains it, on screen; nonsense says so.
    h.state_mut().find.entry = "sso-1".into();
    h.run();
    let labels = labels_in(&h);
    for name in ["sso-1025", "sso-1125", "sso-1925"] {
        assert!(
            labels
                .iter()
                .any(|l| l.starts_with(&format!("{name} (shell"))),
            "{name}: {labels:?}"
        );
    }
    h.state_mut().find.entry = "atlantis".into();
    h.run();
    assert!(
        labels_in(&h)
            .iter()
            .any(|l| l.contains("nothing is called `atlantis`"))
    );
}

/// The actions a click on the control labelled `label` sends, in the docks
/// as the app shows them now.
fn clicked(a: &App, label: &str) -> Vec<Action> {
    let mut h = docks(model_of(a));
    h.run();
    h.get_by_label(label).click();
    h.run();
    h.state().actions.clone()
}

/// The left mouse button pressed or released over `window`.
fn mouse_button(a: &mut App, window: Entity, state: bevy::input::ButtonState) {
    a.world_mut()
        .write_message(bevy::input::mouse::MouseButtonInput {
            button: MouseButton::Left,
            state,
            window,
        });
    a.update();
}

/// A key pressed and released, as the window would send it.
fn tap_key(a: &mut App, key: KeyCode) {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::{Key, KeyboardInput};
    for state in [ButtonState::Pressed, ButtonState::Released] {
        a.world_mut().write_message(KeyboardInput {
            key_code: key,
            logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        a.update();
    }
}

/// A window of 800 × 600 with the cursor at its centre, as the user's.
fn window_with_cursor(a: &mut App) -> Entity {
    let mut window = Window {
        resolution: bevy::window::WindowResolution::new(800, 600),
        ..default()
    };
    window.set_cursor_position(Some(Vec2::new(400.0, 300.0)));
    a.world_mut()
        .spawn((window, bevy::window::PrimaryWindow))
        .id()
}

/// A left click (press and release without moving).
fn click(a: &mut App, window: Entity) {
    mouse_button(a, window, bevy::input::ButtonState::Pressed);
    mouse_button(a, window, bevy::input::ButtonState::Released);
}

#[test]
fn pick_on_the_globe_sets_the_site_where_the_user_clicks() {
    use megaconstellation::frames::{EcefFromTeme, Geodetic, ecef_from_geodetic};
    use megaconstellation::time::{gmst_rad, julian_date};
    use megaconstellation::viewer::observer::settings::{ObserverSettings, SitePicking};
    let mut a = app("starlink-gen1");
    // From the observer's view: picking goes back to the globe.
    apply(
        &mut a,
        vec![Action::SetObserver(Box::new(ObserverSettings {
            active: true,
            ..Default::default()
        }))],
    );
    let asked = clicked(&a, "Pick on the globe");
    assert_eq!(asked, vec![Action::PickSiteOnGlobe(true)]);
    apply(&mut a, asked);
    assert!(a.world().resource::<SitePicking>().0);
    assert!(!a.world().resource::<ObserverSettings>().active);
    let mut h = docks(model_of(&a));
    h.run();
    h.get_by_label("Cancel picking");

    // The scene camera 12,000 km above Paris, looking down; a click at the
    // window's centre.
    let at = a.world().resource::<SimClock>().now();
    let ecef = ecef_from_geodetic(Geodetic {
        latitude_rad: 48.8566f64.to_radians(),
        longitude_rad: 2.3522f64.to_radians(),
        height_km: 0.0,
    });
    let teme = EcefFromTeme::new(-gmst_rad(julian_date(at))).position(ecef);
    let paris = megaconstellation::viewer::scene::frame::world_from_teme(teme);
    a.world_mut().spawn((
        megaconstellation::viewer::render::SceneCamera,
        GlobalTransform::from(
            Transform::from_translation(paris * 3.0).looking_at(Vec3::ZERO, Vec3::Y),
        ),
        Projection::Perspective(PerspectiveProjection {
            fov: 0.7,
            ..default()
        }),
    ));
    let window = window_with_cursor(&mut a);
    click(&mut a, window);
    let site = a.world().resource::<ObserverSettings>().site.clone();
    assert!(
        (site.latitude_deg - 48.8566).abs() < 0.05 && (site.longitude_deg - 2.3522).abs() < 0.05,
        "{site:?}"
    );
    assert!(
        !a.world().resource::<SitePicking>().0,
        "one click, one site"
    );
    assert_eq!(
        a.world().resource::<Selection>().index,
        None,
        "the click picked a site, not a satellite"
    );
    // The panel shows the new site, and the next click picks satellites again.
    a.update();
    let mut h = docks(model_of(&a));
    h.run();
    h.get_by_label("Pick on the globe");
    assert!(labels_in(&h).contains(&site.name), "{}", site.name);
}

#[test]
fn the_observer_keys_the_wheel_and_a_drag_change_the_view() {
    use bevy::input::mouse::{MouseMotion, MouseScrollUnit, MouseWheel};
    use megaconstellation::viewer::observer::frame::ObserverFrame;
    use megaconstellation::viewer::observer::impact::{ImpactMap, legend_top};
    use megaconstellation::viewer::observer::settings::ObserverSettings;
    let mut a = app("starlink-gen1");
    let settings = |a: &App| a.world().resource::<ObserverSettings>().clone();
    // M lays the impact map on the globe in the space view, with its legend's scale.
    tap_key(&mut a, KeyCode::KeyM);
    assert!(a.world().resource::<ImpactMap>().shown);
    // Laid on the globe once the map is made, off the frame.
    let made = (0..500).any(|_| {
        a.update();
        std::thread::sleep(std::time::Duration::from_millis(10));
        a.world().resource::<ObserverFrame>().impact_top.is_some()
    });
    assert!(made, "no impact map was made within 5 s");
    let satellites = a.world().resource::<SceneFleet>().fleet.len();
    assert_eq!(
        a.world().resource::<ObserverFrame>().impact_top,
        Some(legend_top(satellites) as f32)
    );
    // The docks' switch shows it on, and turns it off.
    let off = clicked(&a, "Impact map on the globe");
    assert_eq!(off, vec![Action::SetImpactMap(false)]);
    apply(&mut a, off);
    assert!(!a.world().resource::<ImpactMap>().shown);
    assert_eq!(a.world().resource::<ObserverFrame>().impact_top, None);

    // V, G and E do nothing in the space view; O stands at the site.
    tap_key(&mut a, KeyCode::KeyV);
    assert!(settings(&a).all_sky && !settings(&a).active);
    tap_key(&mut a, KeyCode::KeyO);
    assert!(settings(&a).active && settings(&a).all_sky);
    tap_key(&mut a, KeyCode::KeyV);
    assert!(!settings(&a).all_sky, "V: perspective");
    tap_key(&mut a, KeyCode::KeyG);
    assert!(settings(&a).grid, "G: the grid");
    tap_key(&mut a, KeyCode::KeyE);
    assert_eq!(settings(&a).exposure_s, 30.0, "E: trails");
    tap_key(&mut a, KeyCode::KeyE);
    assert_eq!(settings(&a).exposure_s, 0.0);

    // The wheel: 15% a line, from 120° down to 1°.
    let window = window_with_cursor(&mut a);
    let wheel = |a: &mut App, lines: f32| {
        a.world_mut().write_message(MouseWheel {
            unit: MouseScrollUnit::Line,
            x: 0.0,
            y: lines,
            window,
            phase: bevy::input::touch::TouchPhase::Moved,
        });
        a.update();
    };
    let fov = settings(&a).fov_deg;
    wheel(&mut a, 1.0);
    assert!((settings(&a).fov_deg - fov * 0.85).abs() < 1e-9);
    wheel(&mut a, 60.0);
    assert_eq!(settings(&a).fov_deg, 1.0);
    wheel(&mut a, -80.0);
    assert_eq!(settings(&a).fov_deg, 120.0);

    // A drag of 100 px to the right: the sky follows the pointer, the look
    // turns west by 100 px of a 600 px high field of 120°.
    let before = settings(&a);
    mouse_button(&mut a, window, bevy::input::ButtonState::Pressed);
    a.world_mut().write_message(MouseMotion {
        delta: Vec2::new(100.0, 30.0),
    });
    a.update();
    mouse_button(&mut a, window, bevy::input::ButtonState::Released);
    let after = settings(&a);
    let per_px = 120.0 / 600.0;
    let turned = (before.azimuth_deg - after.azimuth_deg).rem_euclid(360.0);
    assert!((turned - 100.0 * per_px).abs() < 1e-6, "{turned}");
    assert!((after.elevation_deg - before.elevation_deg - 30.0 * per_px).abs() < 1e-6);
    // O again: back to space, the settings kept.
    tap_key(&mut a, KeyCode::KeyO);
    assert!(!settings(&a).active && settings(&a).grid);
}

#[test]
fn the_impact_maps_legend_names_what_it_counts() {
    use megaconstellation::viewer::observer::impact::legend_ui;
    let mut h = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui(|ui| legend_ui(ui.ctx(), 100_000.0, ui.ctx().content_rect()));
    h.run();
    h.get_by_label("sunlit satellites above 30°");
}

#[test]
fn the_sky_panel_inspects_the_brightest_and_plots_the_night_with_now() {
    use megaconstellation::viewer::observer::counts::{
        SkyCounts, night_date, night_series, sky_query,
    };
    use megaconstellation::viewer::observer::settings::ObserverSettings;
    use megaconstellation::viewer::ui::panels::sky::night_plot;
    let mut a = app("starlink-gen1");
    // Paranal at 00:30 UTC on 1 March: 19:48 local mean time, about an
    // hour after sunset, with lit satellites overhead.
    apply(
        &mut a,
        vec![
            Action::SetTime(parse_instant("2026-03-01T00:30:00Z").expect("time")),
            Action::SetObserver(Box::new(ObserverSettings {
                active: true,
                ..Default::default()
            })),
        ],
    );
    let mut done = false;
    for _ in 0..4000 {
        a.update();
        let c = a.world().resource::<SkyCounts>();
        if c.latest.is_some() && c.night.is_some() {
            done = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(done, "the counts and the night came back");
    let now = a.world().resource::<SimClock>().now();
    let scene = a.world().resource::<SceneFleet>().clone();
    let settings = a.world().resource::<ObserverSettings>().clone();
    let query = sky_query(
        &settings,
        a.world()
            .resource::<Assumptions>()
            .satellite
            .standard_magnitude,
    );
    // The night the panel plots is the sky command's, every ten minutes.
    let night = a
        .world()
        .resource::<SkyCounts>()
        .night
        .clone()
        .expect("night");
    assert_eq!(
        *night,
        night_series(&scene.fleet, &query, night_date(&query, now))
    );
    let (points, now_h) = night_plot(&night, now).expect("a night with points");
    assert!(points.len() > 40, "{} points", points.len());
    let last = points.last().expect("points")[0];
    assert!(
        now_h > 0.0 && now_h < last,
        "now {now_h} h within the night's {last} h"
    );
    assert!(
        points.iter().any(|p| p[1] > 0.0),
        "lit satellites in the evening"
    );

    // Inspect the brightest: the panel asks, the app selects the satellite
    // the sky command finds brightest.
    a.update();
    let mut h = docks(model_of(&a));
    h.run();
    h.get_by_label_contains("Inspect the brightest").click();
    h.run();
    let asked = h.state().actions.clone();
    assert_eq!(asked, vec![Action::InspectBrightest]);
    apply(&mut a, asked);
    let (expected, _) =
        megaconstellation::sky::brightest_at(&scene.fleet, &query, now).expect("a lit satellite");
    assert_eq!(a.world().resource::<Selection>().index, Some(expected));

    // The limiting magnitude's presets.
    let city = clicked(&a, "City (3)");
    assert!(
        matches!(city.as_slice(), [Action::SetObserver(s)] if s.limiting_magnitude == 3.0),
        "{city:?}"
    );
}

#[test]
fn colour_by_through_the_docks_sets_the_mode_and_shows_its_legend() {
    use megaconstellation::viewer::scene::colour::{ColourBy, scale};
    use megaconstellation::viewer::scene::frame::SatelliteStyle;
    let mut a = app("odc-1m");
    let scene = a.world().resource::<SceneFleet>().clone();
    // The menu lists every mode; close approaches cannot be chosen before a
    // day is screened.
    let mut h = docks(model_of(&a));
    h.run();
    h.get_by_label("Colour by").click();
    h.run();
    h.get_by_label("altitude").click();
    h.run();
    let asked = h.state().actions.clone();
    assert_eq!(asked, vec![Action::SetColourBy(ColourBy::Altitude)]);
    apply(&mut a, asked);
    assert_eq!(
        a.world().resource::<SatelliteStyle>().colour_by,
        ColourBy::Altitude
    );
    // The legend: the ramp's ends at the shells' lowest perigee and highest apogee.
    let want = scale(ColourBy::Altitude, &scene.fleet, 0.0).expect("a scale");
    let h = docks(model_of(&a));
    for q in [want.low, want.high] {
        let label = format!("{q:.0} km");
        assert!(
            h.query_by_label(&label).is_some(),
            "the legend shows {label}: {:?}",
            labels_in(&h)
        );
    }
    // Close approaches is listed but not usable yet.
    let mut h = docks(model_of(&a));
    h.run();
    h.get_by_label("Colour by").click();
    h.run();
    h.get_by_label("close-approaches").click();
    h.run();
    assert!(h.state().actions.is_empty(), "{:?}", h.state().actions);
}

#[test]
fn the_filters_show_exactly_what_a_brute_force_count_keeps() {
    use megaconstellation::propagation::Fix;
    use megaconstellation::shadow::conical_illumination;
    use megaconstellation::sun::sun_position;
    use megaconstellation::time::julian_date;
    use megaconstellation::viewer::scene::filter::{FilterCount, FilterSettings};
    // odc-1m (drawn: 10,000 of it) and 120 Starlink objects of a TLE file.
    let mut a = app_with(odc_1m_and_starlink(120));
    let scene = a.world().resource::<SceneFleet>().clone();
    // Through the docks: tick Altitude (km) and untick in umbra.
    let mut h = docks(model_of(&a));
    h.run();
    h.get_by_label("Altitude (km)").click();
    h.run();
    h.get_by_label("in umbra").click();
    h.run();
    let asked = h.state().actions.clone();
    let Some(Action::SetFilters(set)) = asked.last().cloned() else {
        panic!("no filters asked: {asked:?}");
    };
    assert_eq!(set.altitude_km, Some((500.0, 1_000.0)));
    assert!(!set.umbra && set.sunlit && set.penumbra);
    // Then the rest as a user would set them: 500-1,000 km, 40-60° (the
    // Starlink objects at 53° and no odc-1m shell), sunlit or penumbra.
    let cases = [
        set.clone(),
        FilterSettings {
            inclination_deg: Some((40.0, 60.0)),
            ..set.clone()
        },
        FilterSettings {
            constellation: false,
            sunlit: false,
            ..Default::default()
        },
        FilterSettings {
            catalogue: false,
            inclination_deg: Some((95.0, 99.0)),
            umbra: false,
            penumbra: false,
            ..Default::default()
        },
    ];
    for filters in cases {
        apply(&mut a, vec![Action::SetFilters(filters.clone())]);
        // Counted off the frame (a task on native): wait for it.
        let mut shown = None;
        for _ in 0..2000 {
            a.update();
            shown = a.world().resource::<FilterCount>().shown;
            if shown.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let (count, at) = shown.expect("a count");
        // The brute force: every drawn satellite, propagated and lit.
        let fixes = scene.fleet.propagate(at);
        let sun = sun_position(julian_date(at)).position_in_teme_km();
        let mut drawn: Vec<usize> = scene.gpu.fleet_index.iter().map(|&i| i as usize).collect();
        drawn.extend(scene.fleet.shell_satellites()..scene.fleet.len());
        let mut want = 0;
        for i in drawn {
            let Fix::Ok(s) = fixes[i] else { continue };
            let own = i < scene.fleet.shell_satellites();
            let inclination = if own {
                let shell = scene
                    .fleet
                    .shells
                    .iter()
                    .find(|fs| fs.range.contains(&i))
                    .unwrap();
                shell.shell.inclination_rad.to_degrees()
            } else {
                scene.fleet.catalog_satellites[i - scene.fleet.shell_satellites()]
                    .elements
                    .inclination
            };
            let r = s.pos_in_teme_km;
            let altitude = (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt() - 6378.135;
            let lit = conical_illumination(r, sun).lit_fraction();
            let light_kept = if lit >= 1.0 {
                filters.sunlit
            } else if lit <= 0.0 {
                filters.umbra
            } else {
                filters.penumbra
            };
            let kind_kept = if own {
                filters.constellation
            } else {
                filters.catalogue
            };
            let in_range =
                |r: Option<(f64, f64)>, q: f64| r.is_none_or(|(lo, hi)| lo <= q && q <= hi);
            if kind_kept
                && light_kept
                && in_range(filters.altitude_km, altitude)
                && in_range(filters.inclination_deg, inclination)
            {
                want += 1;
            }
        }
        assert!(want > 0, "{filters:?} keeps nothing: a weak case");
        assert_eq!(count, want, "{filters:?}");
        // The docks say it.
        let h = docks(model_of(&a));
        let line = format!("{} shown of", megaconstellation::units::grouped(count));
        assert!(
            h.query_by_label_contains(&line).is_some(),
            "the Find section says {line}: {:?}",
            labels_in(&h)
        );
    }
    // Show all clears them, and the count goes.
    apply(&mut a, vec![Action::SetFilters(FilterSettings::default())]);
    a.update();
    assert!(a.world().resource::<FilterCount>().shown.is_none());
}

/// Every non-ASCII character inside a string literal of the viewer's source
/// (its docks, overlays and captions; naively: between double quotes on
/// lines that are not comments), with where it was first seen. The core's
/// texts for the terminal are not drawn with egui's fonts.
fn special_characters_in_our_texts() -> Vec<(char, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).expect("src") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/viewer")),
        &mut files,
    );
    files.sort();
    let mut seen: Vec<(char, String)> = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("source");
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with("#[") {
                continue;
            }
            // Inside quotes: every other piece between `"`.
            for (k, piece) in line.split('"').enumerate() {
                if k % 2 == 0 {
                    continue;
                }
                for c in piece.chars().filter(|c| !c.is_ascii()) {
                    if !seen.iter().any(|(s, _)| *s == c) {
                        seen.push((c, format!("{}:{}", f.display(), n + 1)));
                    }
                }
            }
        }
    }
    seen
}

#[test]
fn every_glyph_our_texts_use_is_in_the_fonts_we_ship() {
    let ctx = egui::Context::default();
    // One pass so that the fonts are loaded.
    let _ = ctx.run_ui(egui::RawInput::default(), |_| {});
    let chars = special_characters_in_our_texts();
    assert!(
        chars.iter().any(|(c, _)| *c == '°') && chars.iter().any(|(c, _)| *c == '×'),
        "the scan finds the degree and times signs: {chars:?}"
    );
    // The proportional family (the docks and the captions). egui's
    // has_glyph cannot answer for the monospace one: its fallback face
    // (Ubuntu-Light) is also its replacement face, so every character the
    // fallback draws reads as missing.
    let font = egui::FontId::proportional(14.0);
    let missing: Vec<String> = chars
        .iter()
        .filter(|(c, _)| !ctx.fonts_mut(|f| f.has_glyph(&font, *c)))
        .map(|(c, at)| format!("{c:?} (U+{:04X}) at {at}", *c as u32))
        .collect();
    assert!(missing.is_empty(), "no glyph for:\n{}", missing.join("\n"));
}

#[test]
fn the_satellite_panel_lists_the_next_passes_and_switches_the_ground_track() {
    use megaconstellation::ground::{PassSearch, passes};
    use megaconstellation::viewer::ground::{GroundLines, GroundTrack, PASSES_LISTED};
    use megaconstellation::viewer::observer::settings::ObserverSettings;
    let mut a = app("starlink-gen1");
    let index = 100;
    apply(&mut a, vec![Action::SelectSatellite(index)]);
    a.update();
    let m = model_of(&a);
    let (site, listed) = m.passes.clone().expect("passes looked for");
    assert_eq!(site, "Cerro Paranal");
    // The core's passes for the same satellite, site and instant.
    let settings = a.world().resource::<ObserverSettings>().clone();
    let now = a.world().resource::<SimClock>().now();
    let expected = passes(
        &a.world().resource::<SceneFleet>().fleet,
        index,
        &settings.site,
        now,
        now + chrono::TimeDelta::hours(24),
        PassSearch {
            standard_magnitude: a
                .world()
                .resource::<Assumptions>()
                .satellite
                .standard_magnitude,
            extinction: settings.extinction,
            ..PassSearch::default()
        },
        PASSES_LISTED,
    );
    assert_eq!(listed, expected);
    assert_eq!(
        listed.len(),
        PASSES_LISTED,
        "a LEO satellite passes often in a day"
    );
    let mut h = docks(m);
    h.run();
    h.get_by_label("Next passes over Cerro Paranal");
    let labels = labels_in(&h);
    let first = listed[0].rise.format("%m-%d %H:%M:%S").to_string();
    assert!(labels.contains(&first), "the first rise {first} is listed");
    let peak = format!("{:.0}°", listed[0].peak_elevation_deg);
    assert!(labels.contains(&peak), "its peak {peak} is listed");
    // The ground track is drawn for the selection, and its switch hides it.
    assert!(!a.world().resource::<GroundLines>().lines.is_empty());
    let off = clicked(&a, "Ground track and footprint (T)");
    assert_eq!(off, vec![Action::SetGroundTrack(false)]);
    apply(&mut a, off);
    assert!(!a.world().resource::<GroundTrack>().shown);
    assert!(a.world().resource::<GroundLines>().lines.is_empty());
    // T brings it back.
    tap_key(&mut a, KeyCode::KeyT);
    assert!(a.world().resource::<GroundTrack>().shown);
    assert!(!a.world().resource::<GroundLines>().lines.is_empty());
}
