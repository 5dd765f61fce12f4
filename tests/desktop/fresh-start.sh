#!/usr/bin/env bash
# A fresh start of the native viewer as a user sees it: a real window under
# Xvfb (software Vulkan), no saved layout, a screenshot of the screen, and
# OCR (tesseract) must find every section header of both docks with
# odc-1m (its 30-shell table scrolls inside its own height).
#
#   tests/desktop/fresh-start.sh target/release/megaconstellation [OUT.png]
set -euo pipefail
exe=${1:?the megaconstellation binary}
shot=${2:-$(mktemp --suffix=.png)}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
for _ in $(seq 50); do
    DISPLAY=$display xdpyinfo >/dev/null 2>&1 && break
    sleep 0.1
done

# No saved layout: the defaults a new user gets.
XDG_CONFIG_HOME="$work/config" DISPLAY=$display WAYLAND_DISPLAY= \
    "$exe" --preset odc-1m --at 2026-03-20T12:00:00Z --paused --bench 30 \
    >"$work/bench.json" 2>"$work/viewer.log" &
viewer=$!
# Wait for the window, then for a few frames of it.
for _ in $(seq 300); do
    DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q 'megaconstellation' && break
    kill -0 $viewer 2>/dev/null || { cat "$work/viewer.log" >&2; exit 1; }
    sleep 0.2
done
# The docks have a camera of their own, whose pipelines lavapipe compiles
# off the frame while the first 1M frames are drawn: they show about 15 s
# after the start here (with Bevy's atmosphere), a few seconds after the globe.
sleep "${FRESH_START_WAIT_S:-20}"
DISPLAY=$display import -window root "$shot"
kill $viewer 2>/dev/null || true

# Light text on a dark theme: grey, inverted and enlarged for the OCR.
# Tesseract misses a word now and then (a header beside a plot, a split
# "Compu te"): three readings (sparse text at 2× and 3×, columns at 2×) are
# joined, spaces out, and each header must be in one of them.
text=""
for reading in "200 11" "300 11" "200 4"; do
    set -- $reading
    convert "$shot" -colorspace Gray -negate -resize "$1%" "$work/ocr.png"
    text+=$(tesseract "$work/ocr.png" - --psm "$2" 2>/dev/null)$'\n'
done
joined=$(tr -d ' ' <<<"$text")
missing=()
for word in Time Find Constellation Sky Record Power Compute Links Safety Satellite; do
    grep -q "$word" <<<"$joined" || missing+=("$word")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "FAIL: OCR of a fresh start ($shot) lacks: ${missing[*]}" >&2
    echo "$text" >&2
    exit 1
fi
echo "ok: a fresh start with odc-1m shows every section header of both docks ($shot)"

# The observer's flags as typed: without them the space view, --site starts
# in the all-sky view of that site, --sky --look in the perspective look
# (the bench JSON says what it measured), and a site that does not exist is
# refused before any window.
bench() {
    XDG_CONFIG_HOME="$work/config" DISPLAY=$display WAYLAND_DISPLAY= \
        "$exe" --preset starlink-gen1 --at 2026-03-20T12:00:00Z --paused "$@" --bench 2 2>>"$work/viewer.log"
}
expect() {
    grep -q "$1" <<<"$2" || { echo "FAIL: $3 gave $2 (expected $1)" >&2; cat "$work/viewer.log" >&2; exit 1; }
}
expect '"view":"space".*"site":null' "$(bench)" "no observer flag"
expect '"view":"all-sky".*"site":"Mauna Kea"' "$(bench --site 'mauna kea')" "--site 'mauna kea'"
expect '"view":"perspective".*"site":"Cerro Paranal"' "$(bench --sky --look 90,20,40)" "--sky --look 90,20,40"
set +e
refused=$(DISPLAY= "$exe" --site Atlantis 2>&1)
status=$?
set -e
[ "$status" -eq 2 ] || { echo "FAIL: --site Atlantis exited $status: $refused" >&2; exit 1; }
expect "Atlantis" "$refused" "--site Atlantis"
echo "ok: --site, --sky and --look start the observer's view as typed; --site Atlantis is refused (exit 2)"
