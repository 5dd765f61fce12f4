#!/usr/bin/env bash
# Builds the browser version into dist/: index.html, loader.js, and two builds
# of the app, dist/webgl2/ and dist/webgpu/ (wasm + JS glue). Installs the
# wasm32 target and wasm-bindgen-cli (the version in Cargo.lock) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
    echo "installing wasm-bindgen-cli $want (found: ${have:-none})" >&2
    # Not linted: the tests' clippy wrapper (scripts/test.sh) is for this crate.
    env -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS cargo install wasm-bindgen-cli --version "$want" >&2
fi

rm -rf dist
mkdir -p dist
for backend in webgl2 webgpu; do
    echo "== building the $backend version" >&2
    # One target folder for both: the crates their Bevy features leave alone
    # (the ECS, maths, egui, serde …) are built once; cargo keeps both
    # variants of the others side by side.
    # Both land on target/web/…/megaconstellation.wasm: cargo copies a
    # build's output there whenever it runs, fresh or not.
    cargo build --profile web-release --target wasm32-unknown-unknown \
        --no-default-features --features "$backend" --target-dir target/web --bin megaconstellation
    wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
        --out-dir "dist/$backend" --out-name megaconstellation \
        target/web/wasm32-unknown-unknown/web-release/megaconstellation.wasm
done
cp web/index.html web/loader.js dist/
for backend in webgl2 webgpu; do
    raw=$(stat -c %s "dist/$backend/megaconstellation_bg.wasm")
    gz=$(gzip -9 -c "dist/$backend/megaconstellation_bg.wasm" | wc -c)
    awk -v b="$backend" -v r="$raw" -v g="$gz" 'BEGIN { printf "%s: %.1f MB raw, %.1f MB gzipped\n", b, r / 1e6, g / 1e6 }'
    if [ "$gz" -gt 12000000 ]; then
        echo "the $backend build is over 12 MB gzipped" >&2
        exit 1
    fi
done
