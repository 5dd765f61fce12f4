#!/usr/bin/env bash
# Runs every check and test of the project. On a fresh Debian machine it
# first installs what they need (it uses sudo when not root).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*" >&2; }

sudo_if_needed() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- installs -------------------------------------------------------------
# Rust components for the checks.
rustup component add rustfmt clippy >/dev/null 2>&1 || true

# --- checks ---------------------------------------------------------------
log "cargo fmt --check"
cargo fmt --all -- --check

log "clippy (orbit core alone, then everything)"
cargo clippy --release --all-targets --no-default-features -- -D warnings
cargo clippy --release --all-targets -- -D warnings

# --- tests ----------------------------------------------------------------
log "tests (orbit core without Bevy)"
cargo test --release --no-default-features

log "done"
