#!/usr/bin/env bash
# Runs every check and test of the project. On a fresh Debian machine it
# first installs what they need (with sudo when not root).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's heading carries the time since the start (minutes:seconds),
# so that a slow step shows in the log.
log() { printf '\n== [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- installs -------------------------------------------------------------
# Software Vulkan (Mesa lavapipe) for the tests that render, without a GPU;
# Chromium and Node.js for the browser build's test; ffmpeg for the MP4 test;
# Xvfb, xauth, x11-utils, ImageMagick and tesseract for the desktop check
# (a real window, a screenshot, OCR).
need_apt=()
for pkg in mesa-vulkan-drivers libvulkan1 chromium ffmpeg xvfb xauth x11-utils imagemagick tesseract-ocr; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    need_apt+=(nodejs npm)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
    log "installing ${need_apt[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi
# Bevy's atmosphere runs compute passes that Mesa 22's lavapipe (Debian 12's
# own) crashes on; Mesa 25 draws them. Debian 12 takes Mesa from
# bookworm-backports, newer systems have a recent one already.
mesa=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
if [ -n "$mesa" ] && dpkg --compare-versions "$mesa" lt 24; then
    . /etc/os-release
    if [ "${VERSION_CODENAME:-}" = bookworm ]; then
        log "installing Mesa from bookworm-backports (lavapipe $mesa crashes in Bevy's atmosphere)"
        if ! grep -rqs '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
            echo "deb http://deb.debian.org/debian bookworm-backports main" |
                as_root tee /etc/apt/sources.list.d/bookworm-backports.list >/dev/null
        fi
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers
    else
        echo "warning: Mesa $mesa is older than 24; its lavapipe may crash in Bevy's atmosphere" >&2
    fi
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true
rustup target add wasm32-unknown-unknown >/dev/null

lavapipe=$(ls /usr/share/vulkan/icd.d/lvp_icd*.json 2>/dev/null | head -n 1 || true)
if [ -z "$lavapipe" ]; then
    echo "lavapipe (mesa-vulkan-drivers) is not installed" >&2
    exit 1
fi
export WGPU_BACKEND=vulkan VK_ICD_FILENAMES="$lavapipe"
export RUST_LOG="${RUST_LOG:-warn}"

# --- checks ---------------------------------------------------------------
log "cargo fmt --check"
cargo fmt --all -- --check

log "clippy: the orbit core alone"
cargo clippy --release --all-targets --no-default-features -- -D warnings

# Clippy lints everything else while it is built: clippy-driver wraps rustc
# for this crate's own targets, as `cargo clippy` does, but the build goes
# on to machine code, so the crate is compiled once instead of checked and
# then built. Any lint or warning fails the build, as `-D warnings` does.
clippy_driver=$(rustup which clippy-driver 2>/dev/null || command -v clippy-driver)
lint() {
    RUSTC_WORKSPACE_WRAPPER="$clippy_driver" \
        CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"
}

# --- tests ----------------------------------------------------------------
log "clippy and the build of every target (library, binary, tests, examples, benches)"
lint cargo test --release --all-targets --no-run
log "tests (orbit core, viewer, pictures on lavapipe)"
lint cargo test --release

log "the desktop: a fresh start of the viewer in a real window (Xvfb), its docks read by OCR"
# The binary `cargo test` built for the command-line tests.
tests/desktop/fresh-start.sh target/release/megaconstellation

log "the browser builds (dist/), linted by clippy with the browser bans as they build"
CLIPPY_CONF_DIR=.ci/clippy-wasm lint scripts/build-web.sh
(cd tests/web && npm ci --silent)
log "the browser builds in headless Chromium"
node tests/web/web-test.mjs dist

log "all checks and tests passed"
