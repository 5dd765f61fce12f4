#!/usr/bin/env bash
# Times this project's kernel, the sgp4 crate, python-sgp4 and satellite.js on
# the same odc-1m satellites on this machine, and checks they agree.
# Installs python-sgp4 (PyPI) and satellite.js (npm) in a scratch folder.
#
#   benches/peers/run.sh [COUNT]      (default 100,000 satellites for the peers)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
count=${1:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
cargo build --release --no-default-features --example export_omm --bin megaconstellation >&2
target/release/examples/export_omm --preset odc-1m --count "$count" --minutes 15857 --out "$work" >&2

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "sgp4==2.25" numpy >&2
(cd "$work" && npm init -y >/dev/null && npm install --silent satellite.js@7.1.0 >&2)
cp "$here/satellite_js.mjs" "$work/"

echo "== this project (all of odc-1m, 999,900 satellites)"
target/release/megaconstellation bench --json
echo "== python-sgp4 ($count satellites)"
"$work/venv/bin/python" "$here/python_sgp4.py" "$work"
echo "== satellite.js ($count satellites)"
node "$work/satellite_js.mjs" "$work"
