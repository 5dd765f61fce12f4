//! The panels driven headlessly (egui_kittest), and what their actions do
//! to the app (a `MinimalPlugins` app running the same systems).
#![cfg(feature = "viewer")]

use bevy::prelude::*;
use bevy_egui::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use megaconstellation::constellation::Constellation;
use megaconstellation::time::parse_instant;
use megaconstellation::viewer::bench::TotalsTiming;
use megaconstellation::viewer::clock::SimClock;
use megaconstellation::viewer::controls::Overlays;
use megaconstellation::viewer::picking::Selection;
use megaconstellation::viewer::scene::{SatelliteStyle, SceneFleet, SceneFrame};
use megaconstellation::viewer::totals::{Assumptions, TotalsState, refresh_totals};
use megaconstellation::viewer::ui::model::{Action, PanelModel};
use megaconstellation::viewer::ui::{
    DrawLimit, Panels, Recorder, apply_actions, panels, sync_panels,
};

const WHEN: &str = "2026-03-01T06:00:00Z";

/// A headless app with the scene's resources and the panels' systems.
fn app(preset: &str) -> App {
    let constellation = Constellation::from_preset(preset).expect("preset");
    let scene = SceneFleet::new(constellation.clone(), Some(10_000)).expect("scene");
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(SimClock::new(parse_instant(WHEN).expect("time"), 1.0, true))
        .insert_resource(scene)
        .insert_resource(Assumptions {
            satellite: constellation.spec.satellite.clone(),
            fleet: constellation.spec.fleet.clone(),
            generation: 0,
        })
        .init_resource::<SatelliteStyle>()
        .init_resource::<Selection>()
        .init_resource::<Overlays>()
        .insert_resource(DrawLimit(Some(10_000)))
        .init_resource::<Panels>()
        .init_resource::<TotalsState>()
        .init_resource::<TotalsTiming>()
        .init_resource::<SceneFrame>()
        .insert_resource(Recorder::with_exe(
            env!("CARGO_BIN_EXE_megaconstellation").into(),
        ))
        .add_systems(Update, (apply_actions, refresh_totals, sync_panels).chain());
    app.update();
    app
}

/// The model as the app sees it now.
fn model_of(app: &App) -> PanelModel {
    let mut m = app.world().resource::<Panels>().0.clone();
    m.actions.clear();
    m
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

fn apply(app: &mut App, actions: Vec<Action>) {
    app.world_mut().resource_mut::<Panels>().0.actions = actions;
    app.update();
}

#[test]
fn warp_buttons_and_time_entry() {
    let mut h = Harness::new_ui_state(panels::time_panel_ui, model_of(&app("suncatcher")));
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
    assert_eq!(
        h.state().actions,
        vec![Action::SetTime(
            parse_instant("2026-06-21T08:24:00Z").expect("t")
        )]
    );
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
            .as_deref()
            .is_some_and(|e| e.contains("not a time"))
    );

    // The action reaches the clock.
    let mut a = app("suncatcher");
    apply(&mut a, vec![Action::SetWarp(3.0)]);
    assert_eq!(a.world().resource::<SimClock>().warp, 3.0);
}

#[test]
fn preset_switch_replaces_the_constellation() {
    let mut a = app("odc-1m");
    let mut h = Harness::new_ui_state(panels::constellation_panel_ui, model_of(&a));
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
    assert_eq!(model_of(&a).shells.len(), 5);
}

#[test]
fn editing_a_shell_changes_the_satellite_count() {
    let mut a = app("odc-1m");
    // Tall enough for the table of 30 shells and the editor below it.
    let mut h = Harness::builder()
        .with_size(egui::vec2(500.0, 2000.0))
        .build_ui_state(panels::constellation_panel_ui, model_of(&a));
    h.get_by_label("sso-525").click();
    h.run();
    assert!(
        h.state().editing.is_some(),
        "clicking a shell opens its editor"
    );
    let planes = h.get_by_label("Planes");
    planes.click();
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
}

#[test]
fn editing_an_assumption_changes_the_totals() {
    let mut a = app("starlink-gen1");
    let before = wait_for_totals(&mut a);
    let mut h = Harness::new_ui_state(panels::compute_panel_ui, model_of(&a));
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
    let mut h = Harness::builder()
        .with_size(egui::vec2(400.0, 600.0))
        .build_ui_state(panels::record_panel_ui, model);
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
    h.get_by_label("Record").click();
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
    for _ in 0..600 {
        if !a.world().resource::<Recorder>().busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        a.update();
    }
    let status = model_of(&a).record_status;
    assert!(
        matches!(&status, Some((true, s)) if s.starts_with("saved")),
        "{status:?}"
    );
    let written = std::fs::read_dir(&dir).expect("frames").count();
    assert_eq!(written, 4);
    std::fs::remove_dir_all(&dir).ok();
}
