#!/usr/bin/env bash
# The viewer's frame time in each colour mode, side by side: a window under
# Xvfb (1280×720, lavapipe where there is no GPU), the modes interleaved
# over ROUNDS rounds so that a busy machine weighs on all alike, and each
# mode's median of its runs' median frame times beside sunlight's.
#
#   scripts/bench-colour-modes.sh target/release/megaconstellation [PRESET] [SECONDS] [ROUNDS]
set -euo pipefail
exe=${1:?the megaconstellation binary}
preset=${2:-odc-1m}
seconds=${3:-30}
rounds=${4:-2}
modes=(sunlight shell altitude power speed brightness)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1
for round in $(seq "$rounds"); do
    for mode in "${modes[@]}"; do
        XDG_CONFIG_HOME="$work/config" DISPLAY=$display WAYLAND_DISPLAY= \
            "$exe" --preset "$preset" --at 2026-03-20T12:00:00Z --paused \
            --colour-by "$mode" --bench "$seconds" >"$work/$mode-$round.json" 2>/dev/null
    done
done
python3 - "$work" "$rounds" "${modes[@]}" <<'PY'
import json, statistics, sys
work, rounds, modes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
med = {}
for m in modes:
    runs = [json.load(open(f"{work}/{m}-{r}.json")) for r in range(1, rounds + 1)]
    assert all(r["colour_by"] == m for r in runs), m
    med[m] = statistics.median(r["frame_ms_median"] for r in runs)
    sats = runs[0]["satellites"]
print(f"{sats:,} satellites, median frame time of {rounds} interleaved runs per mode:")
for m in modes:
    print(f"{m:<12} {med[m]:8.1f} ms  {med[m] / med['sunlight']:5.2f}x sunlight")
PY
