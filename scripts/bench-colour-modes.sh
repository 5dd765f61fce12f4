#!/usr/bin/env bash
# The viewer's frame time in each colour mode, side by side: a window under
# Xvfb (1280×720, lavapipe where there is no GPU), the modes interleaved
# over ROUNDS rounds so that a busy machine weighs on all alike, and each
# mode's median of its runs' median frame times beside sunlight's.
# `impact-map` is sunlight with the impact map on the globe (`--impact-map`).
#
#   scripts/bench-colour-modes.sh target/release/megaconstellation [PRESET] [SECONDS] [ROUNDS]
#   MODES="sunlight impact-map" scripts/bench-colour-modes.sh ...   (some of them)
#   RUNNING=1 scripts/bench-colour-modes.sh ...   (time running at 60×, not paused)
set -euo pipefail
exe=${1:?the megaconstellation binary}
preset=${2:-odc-1m}
seconds=${3:-30}
rounds=${4:-2}
read -r -a modes <<<"${MODES:-sunlight shell altitude power speed brightness density impact-map}"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1
clock=(--paused)
[ "${RUNNING:-0}" = 1 ] && clock=(--warp 60)
for round in $(seq "$rounds"); do
    for mode in "${modes[@]}"; do
        if [ "$mode" = impact-map ]; then
            flags=(--colour-by sunlight --impact-map)
        else
            flags=(--colour-by "$mode")
        fi
        XDG_CONFIG_HOME="$work/config" DISPLAY=$display WAYLAND_DISPLAY= \
            "$exe" --preset "$preset" --at 2026-03-20T12:00:00Z "${clock[@]}" \
            "${flags[@]}" --bench "$seconds" >"$work/$mode-$round.json" 2>/dev/null
    done
done
python3 - "$work" "$rounds" "${modes[@]}" <<'PY'
import json, statistics, sys
work, rounds, modes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
med = {}
for m in modes:
    runs = [json.load(open(f"{work}/{m}-{r}.json")) for r in range(1, rounds + 1)]
    if m == "impact-map":
        assert all(r["colour_by"] == "sunlight" and r["impact_map"] for r in runs), m
    else:
        assert all(r["colour_by"] == m and not r["impact_map"] for r in runs), m
    med[m] = statistics.median(r["frame_ms_median"] for r in runs)
    sats = runs[0]["satellites"]
print(f"{sats:,} satellites, median frame time of {rounds} interleaved runs per mode:")
for m in modes:
    extra = ""
    if m in ("impact-map", "density"):
        field = "impact_map_ms" if m == "impact-map" else "density_ms"
        made = [json.load(open(f"{work}/{m}-{r}.json"))[field] for r in range(1, rounds + 1)]
        extra = "  (made off the frame in " + ", ".join(f"{x:.0f}" for x in made if x) + " ms)"
    print(f"{m:<12} {med[m]:8.1f} ms  {med[m] / med['sunlight']:5.2f}x sunlight{extra}")
PY
