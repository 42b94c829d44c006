#!/usr/bin/env bash
# Everything CI needs for the Grafana panel, from a clean clone:
# installs Chromium (Debian) when missing, npm ci, build (eslint + tsc + esbuild -> dist/),
# unit tests (vitest, on recorded graphite-web answers), browser test (headless Chromium).
# Ends with "grafana-panel: N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
mkdir -p test-output
passed=0; failed=0

finish() {
  echo "grafana-panel: done in $(( $(date +%s) - started ))s"
  echo "grafana-panel: ${passed} passed, ${failed} failed"
  [ "$failed" -eq 0 ] && [ "${1:-0}" -eq 0 ]
  exit $?
}
abort() { echo "grafana-panel: FAILED: $*" >&2; failed=$((failed + 1)); finish 1; }

chromium_bin=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium_bin" ]; then
  echo "== installing Debian chromium"
  [ "$(id -u)" = 0 ] || abort "chromium is missing and installing it needs root"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || abort "apt-get install chromium"
fi
export CHROMIUM=$chromium_bin

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error || abort "npm ci"

echo "== build (lint, type-check, bundle)"
npm run --silent build || abort "npm run build"
[ -f dist/module.js ] && [ -f dist/plugin.json ] || abort "dist/ lacks module.js or plugin.json"

echo "== unit tests"
npx vitest run --reporter=default --reporter=json --outputFile=test-output/vitest.json
unit_rc=$?
read -r up uf < <(node -e '
  try { const r = require("./test-output/vitest.json"); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrors || 0)); }
  catch { console.log("0 1"); }')
passed=$((passed + up)); failed=$((failed + uf))
[ "$unit_rc" -eq 0 ] || [ "$uf" -gt 0 ] || failed=$((failed + 1))

echo "== browser test (headless Chromium)"
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=test-output/browser.tap test/browser/
browser_rc=$?
bp=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' test-output/browser.tap | tail -1)
bf=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' test-output/browser.tap | tail -1)
bc=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' test-output/browser.tap | tail -1)
passed=$((passed + ${bp:-0})); failed=$((failed + ${bf:-0} + ${bc:-0}))
[ "$browser_rc" -eq 0 ] || [ $(( ${bf:-0} + ${bc:-0} )) -gt 0 ] || failed=$((failed + 1))
[ -f test-output/panel.png ] && echo "screenshot: $(pwd)/test-output/panel.png"

finish 0
