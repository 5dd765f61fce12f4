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

/// Records a shot script twice (odc-1m, 20,000 drawn) at `size` and 0.25 frames a
/// second for `seconds`, checks that both runs wrote `expect` frames and the
/// same bytes, and returns the frames decoded.
fn record_script_twice(
    name: &str,
    script: &str,
    size: (u32, u32),
    seconds: u32,
    expect: usize,
) -> Vec<image::RgbaImage> {
    let base = std::env::temp_dir().join(format!("mc-record-{name}-{}", std::process::id()));
    let (a, b) = (base.join("a"), base.join("b"));
    for dir in [&a, &b] {
        let out = Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
            .args(["record", "--preset", "odc-1m", "--limit", "20000"])
            .args([
                "--width",
                &size.0.to_string(),
                "--height",
                &size.1.to_string(),
            ])
            .args(["--fps", "0.25", "--duration", &seconds.to_string()])
            .args(["--script", script, "--out"])
            .arg(dir)
            .env("RUST_LOG", "error")
            .output()
            .expect("the binary runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let said = format!("wrote {expect} frames of {}×{}", size.0, size.1);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(&said),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let (fa, fb) = (frames(&a), frames(&b));
    assert_eq!(fa, fb, "the same script gives the same frames");
    let _ = std::fs::remove_dir_all(&base);
    fa.iter()
        .map(|bytes| image::load_from_memory(bytes).expect("a PNG").to_rgba8())
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

/// Root-mean-square difference of two RGB byte buffers.
fn rms(a: &[u8], b: &[u8]) -> f64 {
    let sum: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(x.abs_diff(*y)).powi(2))
        .sum();
    (sum / a.len() as f64).sqrt()
}

/// Runs a tool of the ffmpeg package (`scripts/test.sh` installs it).
fn ffmpeg_tool(tool: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} is needed for this test (apt install ffmpeg; scripts/test.sh does): {e}")
    })
}

#[test]
fn mp4_through_ffmpeg_holds_the_same_frames_as_the_pngs() {
    let base = std::env::temp_dir().join(format!("mc-mp4-ok-{}", std::process::id()));
    let (pngs, mp4) = (base.join("pngs"), base.join("clip.mp4"));
    std::fs::create_dir_all(&base).expect("dir");
    for out in [&pngs, &mp4] {
        let run = record(out, &[]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let mp4_str = mp4.to_str().expect("utf-8 path");
    // H.264, 160×90, 4:2:0, 12 frames.
    let probe = ffmpeg_tool(
        "ffprobe",
        &[
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-count_frames",
            "-show_entries",
            "stream=codec_name,width,height,pix_fmt,nb_read_frames",
            "-of",
            "default=noprint_wrappers=1",
            mp4_str,
        ],
    );
    let probe = String::from_utf8_lossy(&probe.stdout);
    for field in [
        "codec_name=h264",
        "width=160",
        "height=90",
        "pix_fmt=yuv420p",
        "nb_read_frames=12",
    ] {
        assert!(probe.contains(field), "{field} not in:\n{probe}");
    }
    // Decoded, every frame is the PNG frame of the same index, up to the
    // codec's loss (CRF 18 and 4:2:0 chroma).
    let raw = ffmpeg_tool(
        "ffmpeg",
        &[
            "-v", "error", "-i", mp4_str, "-f", "rawvideo", "-pix_fmt", "rgb24", "-",
        ],
    );
    assert!(
        raw.status.success(),
        "{}",
        String::from_utf8_lossy(&raw.stderr)
    );
    let frame_bytes = 160 * 90 * 3;
    assert_eq!(raw.stdout.len(), 12 * frame_bytes);
    let pngs = frames(&pngs);
    for (i, (video, png)) in raw.stdout.chunks(frame_bytes).zip(&pngs).enumerate() {
        let png = image::load_from_memory(png).expect("a PNG").to_rgb8();
        let diff = rms(video, png.as_raw());
        assert!(
            diff < 4.5,
            "frame {i}: RMS difference {diff:.2} from its PNG"
        );
        // And in its place: the PNG half the clip away (60 s of simulated
        // time, satellites moved a few pixels) is farther from it.
        let away = image::load_from_memory(&pngs[(i + 6) % pngs.len()])
            .expect("a PNG")
            .to_rgb8();
        let other = rms(video, away.as_raw());
        assert!(
            other > 1.5 * diff,
            "frame {i}: {other:.2} from the PNG 6 frames away vs {diff:.2} from its own"
        );
    }
    std::fs::remove_dir_all(&base).ok();
}

/// `--duration` takes what `report --step` takes (`10s`, `2min`) as well as
/// plain seconds, and refuses what is neither.
#[test]
fn durations_read_like_report_steps() {
    let dir = std::env::temp_dir().join(format!("mc-duration-{}", std::process::id()));
    let run = |duration: &str, out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
            .args([
                "record",
                "--preset",
                "suncatcher",
                "--width",
                "64",
                "--height",
                "36",
            ])
            .args(["--fps", "0.05", "--duration", duration, "--out"])
            .arg(out)
            .env("RUST_LOG", "error")
            .output()
            .expect("runs")
    };
    // 2 minutes at one frame every 20 s: 6 frames.
    let out = run("2min", &dir.join("a"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(frames(&dir.join("a")).len(), 6);
    let out = run("120", &dir.join("b"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(frames(&dir.join("b")).len(), 6);
    let out = run("2 parsecs", &dir.join("c"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--duration 2 parsecs"), "{stderr}");
    assert!(!dir.join("c").exists());
    std::fs::remove_dir_all(&dir).ok();
}

/// Nothing the user made is overwritten silently: a second recording to
/// the same MP4, or into a folder holding frames, is refused (exit 2, the
/// path named, the old output byte for byte as it was) unless `--overwrite`.
#[test]
fn a_second_recording_never_replaces_the_first_unasked() {
    let dir = std::env::temp_dir().join(format!("mc-overwrite-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let run = |out: &Path, at: &str, extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
            .args([
                "record",
                "--preset",
                "suncatcher",
                "--width",
                "64",
                "--height",
                "36",
            ])
            .args(["--fps", "4", "--duration", "1", "--at", at, "--out"])
            .arg(out)
            .args(extra)
            .env("RUST_LOG", "error")
            .output()
            .expect("runs")
    };
    let ffmpeg = Command::new("ffmpeg").arg("-version").output().is_ok();
    let mut outputs = vec![dir.join("frames")];
    if ffmpeg {
        outputs.push(dir.join("clip.mp4"));
    } else {
        eprintln!("ffmpeg is not installed: the MP4 half of this test is skipped");
    }
    for out in outputs {
        let first = run(&out, "2026-03-20T12:00:00Z", &[]);
        assert!(
            first.status.success(),
            "{}",
            String::from_utf8_lossy(&first.stderr)
        );
        let snapshot = |p: &Path| -> Vec<Vec<u8>> {
            if p.is_dir() {
                frames(p)
            } else {
                vec![std::fs::read(p).expect("file")]
            }
        };
        let before = snapshot(&out);
        let second = run(&out, "2026-06-21T12:00:00Z", &[]);
        let stderr = String::from_utf8_lossy(&second.stderr);
        assert_eq!(second.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&out.display().to_string()) && stderr.contains("--overwrite"),
            "{stderr}"
        );
        assert_eq!(snapshot(&out), before, "{} untouched", out.display());
        let third = run(&out, "2026-06-21T12:00:00Z", &["--overwrite"]);
        assert!(
            third.status.success(),
            "{}",
            String::from_utf8_lossy(&third.stderr)
        );
        let after = snapshot(&out);
        assert_eq!(after.len(), before.len());
        assert_ne!(after, before, "{} replaced", out.display());
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Frames of an MP4, counted by decoding it (ffprobe).
fn mp4_frames(path: &Path) -> Option<u64> {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-count_frames", "-select_streams", "v:0"])
        .args(["-show_entries", "stream=nb_read_frames", "-of", "csv=p=0"])
        .arg(path)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// SIGTERM (what `kill` and service managers send; Ctrl-C is the same)
/// stops a recording after the frame in progress: the MP4 is finished and
/// plays, with as many frames as `record` says it wrote; exit status 130.
#[test]
fn a_terminated_recording_leaves_a_whole_mp4() {
    if Command::new("ffmpeg").arg("-version").output().is_err() {
        eprintln!("ffmpeg is not installed: skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("mc-sigterm-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let mp4 = dir.join("long.mp4");
    let child = Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
        .args([
            "record",
            "--preset",
            "suncatcher",
            "--width",
            "64",
            "--height",
            "36",
        ])
        .args(["--fps", "10", "--duration", "10min", "--out"])
        .arg(&mp4)
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    // Some frames in (ffmpeg buffers its output, so the file's size says
    // little): the scene is up in a few seconds and then makes frames at
    // several a second here; 6,000 are asked for.
    std::thread::sleep(std::time::Duration::from_secs(15));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let out = child.wait_with_output().expect("ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stdout}{stderr}");
    assert!(
        stderr.contains("interrupted") && stderr.contains("long.mp4"),
        "{stderr}"
    );
    let written: u64 = stdout
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("`{stdout}` says how many frames"));
    assert!((1..6000).contains(&written), "{stdout}");
    assert_eq!(
        mp4_frames(&mp4),
        Some(written),
        "ffprobe reads every frame written"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A full disk is an error with the path and a non-zero exit; the frames
/// written before it stay. (A 96 KiB tmpfs, mounted where this runs as root,
/// as CI does; elsewhere the test says it cannot and passes.)
#[test]
fn a_full_disk_is_said_and_earlier_frames_stay() {
    let dir = std::env::temp_dir().join(format!("mc-full-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=96k", "tmpfs"])
        .arg(&dir)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("cannot mount a small tmpfs here (not root?): skipped");
        std::fs::remove_dir_all(&dir).ok();
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
        .args([
            "record", "--preset", "odc-1m", "--limit", "20000", "--width", "320", "--height", "180",
        ])
        .args(["--fps", "10", "--duration", "4", "--out"])
        .arg(dir.join("frames"))
        .env("RUST_LOG", "error")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let left = frames(&dir.join("frames"));
    let whole = left
        .iter()
        .all(|bytes| image::load_from_memory(bytes).is_ok());
    let _ = Command::new("umount").arg(&dir).status();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("No space left on device") && stderr.contains("frame_"),
        "{stderr}"
    );
    assert!(!left.is_empty(), "the frames written before stay");
    assert!(whole, "and each of them is a whole PNG");
}

#[test]
fn the_night_sky_script_records_the_observers_sky_the_same_each_time() {
    let decoded = record_script_twice("night", "assets/shots/night-sky.toml", (96, 96), 32, 8);
    let lum = |f: &image::RgbaImage, x: u32, y: u32| {
        let p = f.get_pixel(x, y).0;
        0.2126 * f64::from(p[0]) + 0.7152 * f64::from(p[1]) + 0.0722 * f64::from(p[2])
    };
    // Frame 0 (0 s): the all-sky picture at dusk, black outside the horizon's circle.
    assert!(lum(&decoded[0], 1, 1) < 1.0 && lum(&decoded[0], 48, 30) > 5.0);
    // Frame 4 (16 s): the perspective look fills the frame, its corners sky.
    assert!(lum(&decoded[4], 1, 1) > 1.0 && lum(&decoded[4], 94, 1) > 1.0);
}

#[test]
fn the_route_script_records_a_packets_path_the_same_each_time() {
    let decoded = record_script_twice("route", "assets/shots/route.toml", (128, 96), 24, 6);
    // The route's line: yellow pixels (red and green well above blue) in every frame.
    for (k, f) in decoded.iter().enumerate() {
        let yellow = f
            .pixels()
            .filter(|p| p.0[0] > 150 && p.0[1] > 130 && p.0[2] < 100)
            .count();
        assert!(yellow >= 10, "frame {k}: {yellow} yellow pixels");
    }
}

#[test]
fn the_conjunction_script_records_the_closest_approach_the_same_each_time() {
    // Frames at 0, 4, 8, 12, 16 and 20 s: the globe with the day's markers,
    // then the pair from a few kilometres after the cut at 6 s.
    let decoded = record_script_twice(
        "conjunction",
        "assets/shots/conjunction.toml",
        (128, 96),
        24,
        6,
    );
    let red = |f: &image::RgbaImage| {
        f.pixels()
            .filter(|p| p.0[0] > 150 && p.0[1] < 90 && p.0[2] < 90)
            .count()
    };
    assert!(
        red(&decoded[0]) >= 3,
        "the markers (red: under 100 m) on the globe"
    );
    // After the cut the markers are off and the selection's ring is in the
    // middle of the frame, on the followed satellite: cyan pixels there.
    for (k, f) in decoded.iter().enumerate().skip(2) {
        assert_eq!(red(f), 0, "frame {k}: markers off after the cut");
        let ring = (30..66)
            .flat_map(|y| (44..84).map(move |x| (x, y)))
            .filter(|&(x, y)| {
                let p = f.get_pixel(x, y).0;
                // The ring's (0.4, 1, 0.9) linear: sRGB about (170, 255, 243).
                p[1] > 210 && p[2] > 190 && p[0] < 210
            })
            .count();
        assert!(ring >= 4, "frame {k}: {ring} ring pixels in the middle");
    }
}

#[test]
fn a_script_with_a_route_to_nowhere_or_an_unknown_mesh_is_refused_at_its_line() {
    let dir = std::env::temp_dir().join(format!("mc-record-bad-route-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("folder");
    for (body, line, said) in [
        (
            "[[key]]\nat_s = 0\nroute = [\"London\", \"Atlantis\"]\n",
            3,
            "`Atlantis` is not a gateway or site",
        ),
        (
            "[[key]]\nat_s = 0\nroute = [\"London\"]\n",
            3,
            "`route` has 1 places; expected two",
        ),
        (
            "[[key]]\nat_s = 0\n\n[[key]]\nat_s = 1\nmesh = \"nope\"\n",
            6,
            "`mesh = \"nope\"`: there is no such shell",
        ),
    ] {
        let script = dir.join("bad.toml");
        std::fs::write(&script, body).expect("write");
        let out = Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
            .args(["record", "--preset", "starlink-gen1", "--script"])
            .arg(&script)
            .arg("--out")
            .arg(dir.join("frames"))
            .output()
            .expect("the binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("bad.toml:{line}")) && stderr.contains(said),
            "{stderr}"
        );
        assert!(!dir.join("frames").exists(), "nothing written");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
