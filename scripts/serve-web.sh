#!/usr/bin/env bash
# Serves dist/ (built by scripts/build-web.sh) on http://localhost:${PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/../dist"
exec python3 -m http.server "${PORT:-8080}" --bind 127.0.0.1
