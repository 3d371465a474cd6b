#!/usr/bin/env bash
# Regenerates the README's picture of the run report: scores the demo (jobs/run-local.sh) into
# $OUT (out/report-demo, relative to the repository, so the page shows no machine's paths), then has
# headless Chromium screenshot the top of its _unroll_report.html into $PNG (docs/images/report.png).
#
# Usage: jobs/report-screenshot.sh
# Environment: OUT (out/report-demo), PNG (docs/images/report.png), HEIGHT (2400: pixels of the page
#   shown), CHROMIUM (chromium; Debian: apt-get install -y chromium)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="${OUT:-out/report-demo}"
PNG="${PNG:-$ROOT/docs/images/report.png}"
CHROMIUM="${CHROMIUM:-chromium}"
if ! command -v "$CHROMIUM" >/dev/null; then
  echo "jobs/report-screenshot.sh: $CHROMIUM not found: install headless Chromium (apt-get install -y chromium)" \
    "or set CHROMIUM to it" >&2
  exit 3
fi

"$ROOT/jobs/run-local.sh" score --demo --output "$OUT" --progress-interval 0 >/dev/null
PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
mkdir -p "$(dirname "$PNG")"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$PROFILE" --hide-scrollbars \
  --window-size="1200,${HEIGHT:-2400}" --screenshot="$PNG" "file://$(realpath "$OUT")/_unroll_report.html" 2>/dev/null
echo "wrote $PNG from $OUT/_unroll_report.html"
