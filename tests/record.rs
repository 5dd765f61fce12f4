//! Recording off-screen on lavapipe: files, motion, determinism, errors.
#![cfg(feature = "viewer")]

use std::path::Path;
use std::process::Command;

fn record(out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
        .args([
            "record", "--preset", "odc-1m", "--limit", "100000", "--width", "160", "--height", "90",
        ])
        .args([
            "--fps",
            "12",
            "--duration",
            "1",
            "--at",
            "2026-03-20T18:00:00Z",
            "--warp",
            "120",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .env("RUST_LOG", "error")
        .output()
        .expect("the binary runs")
}

fn frames(dir: &Path) -> Vec<Vec<u8>> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read(p).expect("frame"))
        .collect()
}

#[test]
fn twelve_frames_that_move_and_repeat_exactly() {
    let base = std::env::temp_dir().join(format!("mc-record-{}", std::process::id()));
    let (a, b) = (base.join("a"), base.join("b"));
    for dir in [&a, &b] {
        let out = record(dir, &[]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("wrote 12 frames of 160×90"));
    }
    let (fa, fb) = (frames(&a), frames(&b));
    assert_eq!(fa.len(), 12);
    let decoded: Vec<image::RgbaImage> = fa
        .iter()
        .map(|bytes| image::load_from_memory(bytes).expect("a PNG").to_rgba8())
        .collect();
    assert!(decoded.iter().all(|f| f.dimensions() == (160, 90)));
    for pair in decoded.windows(2) {
        let changed = pair[0]
            .pixels()
            .zip(pair[1].pixels())
            .filter(|(p, q)| p != q)
            .count();
        assert!(
            changed > 50,
            "consecutive frames differ in only {changed} pixels"
        );
    }
    assert!(
        fa == fb,
        "two runs with the same inputs gave different frames"
    );
    std::fs::remove_dir_all(&base).ok();
}

#[test]
fn broken_shot_scripts_are_refused_with_the_line() {
    let dir = std::env::temp_dir().join(format!("mc-shots-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    for (text, expected) in [
        (
            "[[key]]\nat_s = 0\nzoom = 2\n",
            ["shot.toml:3:", "unknown field `zoom`"],
        ),
        (
            "[[key]]\nat_s = 4\n[[key]]\nat_s = 1\n",
            ["shot.toml:4:", "increasing time order"],
        ),
        (
            "[[key]]\nat_s = 0\nfollow = 5000000\ndistance_km = 500\n",
            ["shot.toml:3:", "no satellite 5000000"],
        ),
    ] {
        let path = dir.join("shot.toml");
        std::fs::write(&path, text).expect("write");
        let out = Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
            .args(["record", "--preset", "suncatcher", "--out"])
            .arg(dir.join("frames"))
            .arg("--script")
            .arg(&path)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        for e in expected {
            assert!(stderr.contains(e), "`{stderr}` lacks `{e}`");
        }
        assert!(
            !dir.join("frames").exists(),
            "nothing is written for a broken script"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn mp4_needs_ffmpeg_and_says_so() {
    let dir = std::env::temp_dir().join(format!("mc-mp4-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let mp4 = dir.join("clip.mp4");
    // An empty PATH hides any ffmpeg.
    let out = Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
        .args([
            "record",
            "--preset",
            "suncatcher",
            "--width",
            "64",
            "--height",
            "36",
            "--duration",
            "0.2",
            "--out",
        ])
        .arg(&mp4)
        .env("PATH", "")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("ffmpeg") && stderr.contains("apt install ffmpeg"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
