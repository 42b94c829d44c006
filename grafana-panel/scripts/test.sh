#!/usr/bin/env bash
# Everything CI needs for the Grafana panel, from a clean clone:
# installs Chromium (Debian) when missing, npm ci, build (eslint + tsc + esbuild -> dist/),
# unit tests (vitest, on recorded graphite-web answers), the packaged zip (built, unzipped,
# checked), browser test (headless Chromium) on the module.js from the zip.
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

# node:test files in $1, TAP to test-output/$2.tap; adds their passes and failures to the totals
node_tests() {
  node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="test-output/$2.tap" "$1"
  local rc=$? p f c
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "test-output/$2.tap" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "test-output/$2.tap" | tail -1)
  c=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "test-output/$2.tap" | tail -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${c:-0}))
  [ "$rc" -eq 0 ] || [ $(( ${f:-0} + ${c:-0} )) -gt 0 ] || failed=$((failed + 1))
}

echo "== package: the zip Grafana installs, unpacked and checked"
node scripts/package.mjs || abort "node scripts/package.mjs"
node_tests test/package/ package
plugin_id=$(node -p 'require("./src/plugin.json").id')

echo "== browser test (headless Chromium), on the module.js unpacked from the zip"
PANEL_DIR="$(pwd)/test-output/unzipped/$plugin_id" node_tests test/browser/ browser
[ -f test-output/panel.png ] && echo "screenshot: $(pwd)/test-output/panel.png"

finish 0
