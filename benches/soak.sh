#!/usr/bin/env bash
# The soak benchmark (not a test): the viewer at warp 10,000 with every
# satellite of odc-1m, in a real window under Xvfb, for ten minutes; prints
# the memory at the first frame and at the end, the growth, and the worst
# frame. Figures for README "Measured".
#
#   benches/soak.sh [SECONDS] [BINARY]        (software Vulkan: set VK_ICD_FILENAMES)
set -euo pipefail
seconds=${1:-600}
exe=${2:-target/release/megaconstellation}
json=$(XDG_CONFIG_HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1280x720x24" \
    "$exe" --preset odc-1m --warp 10000 --bench "$seconds" 2>/dev/null | tail -n 1)
echo "$json"
python3 - "$json" "$seconds" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
growth = r["rss_end_mb"] - r["rss_start_mb"]
print(f"soak: {r['satellites']:,} satellites at warp 10,000 for {sys.argv[2]} s, {r['frames']} frames")
print(f"  memory {r['rss_start_mb']:.0f} MB at the first frame, {r['rss_end_mb']:.0f} MB at the end "
      f"({growth:+.0f} MB), peak {r['peak_rss_mb']:.0f} MB")
print(f"  frames: median {r['frame_ms_median']:.0f} ms, p99 {r['frame_ms_p99']:.0f} ms, worst {r['frame_ms_max']:.0f} ms")
PY
