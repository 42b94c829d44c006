#!/usr/bin/env bash
# Records the panel's test fixtures (test/fixtures/) from a real leptoid run against a real Graphite.
#
#   grafana-panel/scripts/record-fixtures.sh
#
# 1. starts a private Graphite (carbon-cache + graphite-web) with the repository's
#    scripts/graphite (Debian graphite-carbon, graphite-web, gunicorn; `scripts/graphite install`),
# 2. runs `./leptoid demo --graphite URL --carbon HOST:PORT --hours $HOURS` from the repository
#    root (needs a JDK >= 21 and Maven, as ./leptoid does): the last hours of the NAB ELB trace,
#    replayed at 1-minute steps through the real pipeline (ScalingRun: read back from Graphite,
#    forecast, decide, actuate a simulated group, publish), environment `demo`, service `web`,
# 3. records what Grafana's Graphite datasource asks for, for a time range of $HOURS hours that
#    ends one minute after leptoid's last run: POST /render with the forecast panel's targets
#    (provisioning/dashboards/leptoid/leptoid.json) wrapped in aliasSub(target, "(^.*$)",
#    "\1 <refId>"), form fields target/from/until/format/maxDataPoints; and GET /events/get_data
#    for the annotation query (tags leptoid <env> <service>),
# 4. records the same query for a range that ends before leptoid's first forecast (the
#    "no forecast yet" state), writes meta.json and stops Graphite.
#
# Not run in CI (it needs Java and Graphite); the fixtures it writes are committed.
#
# To record from a Graphite that already holds a leptoid run instead (no Graphite started, no
# demo run): GRAPHITE_URL=http://127.0.0.1:8080 LEPTOID_ENV=prod LEPTOID_SERVICE=api \
#   END=<epoch of the last run> scripts/record-fixtures.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
panel=$(dirname "$here")
repo=$(dirname "$panel")
out="$panel/test/fixtures"
hours=${HOURS:-6}
env_name=${LEPTOID_ENV:-demo}; service=${LEPTOID_SERVICE:-web}
step=60                     # the service's metrics.step in the demo (1-minute data)
max_points=1200             # Grafana sends the panel's width in pixels; wider than 6 h of minutes
tmp=$(mktemp -d /tmp/leptoid-fixtures.XXXXXX)
source_note="graphite at ${GRAPHITE_URL:-}"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }

if [ -z "${GRAPHITE_URL:-}" ]; then
  trap '"$repo/scripts/graphite" stop "$tmp/graphite" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
  "$repo/scripts/graphite" start "$tmp/graphite" >/dev/null
  # shellcheck disable=SC1091
  . "$tmp/graphite/env"
  demo=(./leptoid demo --graphite "$GRAPHITE_URL" --carbon "$CARBON_HOST:$CARBON_PORT" --hours "$hours" --out "$tmp/demo-output")
  echo "running: ${demo[*]}"
  (cd "$repo" && "${demo[@]}") >"$tmp/demo.out" 2>"$tmp/demo.log" || { cat "$tmp/demo.out" "$tmp/demo.log" >&2; exit 1; }
  cat "$tmp/demo.out"
  # the decision log (one JSON line per run on stderr) says when the last run was
  end=$(grep '"event":"decision"' "$tmp/demo.log" | tail -1 | json 'import datetime; print(int(datetime.datetime.fromisoformat(d["time"].replace("Z","+00:00")).timestamp()))')
  source_note="./leptoid demo --graphite --carbon --hours $hours ($(grep -c '"event":"decision"' "$tmp/demo.log") runs; leptoid $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src pom.xml || echo '+local changes'))"
  # Carbon writes asynchronously: wait until the last run's decision is served
  for i in $(seq 1 120); do
    n=$(curl -fsS "$GRAPHITE_URL/render?target=leptoid.$env_name.$service.decision.code&from=$((end - 60))&until=$((end + 60))&format=json" \
        | json 'print(sum(1 for v, t in d[0]["datapoints"] if v is not None) if d else 0)' 2>/dev/null || echo 0)
    [ "$n" -ge 1 ] && break
    [ "$i" -eq 120 ] && { echo "the last run ($end) never showed up in Graphite" >&2; exit 1; }
    sleep 0.5
  done
  sleep 2 # and the other series of that run
else
  trap 'rm -rf "$tmp"' EXIT
  end=${END:?END=<epoch of the last run> is needed with GRAPHITE_URL}
fi
until=$((end + 60)); from=$((until - hours * 3600))
# graphite-web clamps "until" to its own now: record only once that minute has passed
while [ "$(date +%s)" -lt "$until" ]; do sleep 1; done
mkdir -p "$out"

render() { # file from until refId:target ...
  local file=$1 f=$2 u=$3; shift 3
  local args=(-fsS -X POST "$GRAPHITE_URL/render" --data-urlencode "from=$f" --data-urlencode "until=$u"
              --data-urlencode format=json --data-urlencode "maxDataPoints=$max_points")
  for rt in "$@"; do
    args+=(--data-urlencode "target=aliasSub(${rt#*:}, \"(^.*\$)\", \"\\1 ${rt%%:*}\")")
  done
  curl "${args[@]}" | python3 "$here/json-lines.py" > "$out/$file"
  echo "recorded $out/$file"
}
# the forecast panel's queries in provisioning/dashboards/leptoid/leptoid.json
mapfile -t panel_targets < <(python3 - "$panel/provisioning/dashboards/leptoid/leptoid.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = next(p for p in d["panels"] if p["type"] == "leptoid-forecast-panel")
for t in p["targets"]:
    # the prefix variable at its default, as Grafana interpolates it
    print(f'{t["refId"]}:{t["target"]}'.replace("$prefix", "leptoid"))
PY
)
targets=()
for rt in "${panel_targets[@]}"; do x=${rt//\$env/$env_name}; targets+=("${x//\$service/$service}"); done

rm -f "$out"/*.json
render "$service.render.json" "$from" "$until" "${targets[@]}"
curl -fsS -G "$GRAPHITE_URL/events/get_data" --data-urlencode "tags=leptoid $env_name $service" \
  --data-urlencode "from=$from" --data-urlencode "until=$until" | python3 "$here/json-lines.py" > "$out/$service.events.json"
echo "recorded $out/$service.events.json"

# "no forecast yet": the same query for a range ending one step before leptoid's first forecast
first=$(json 'print(min(t for s in d if ".forecast.h1.mean" in s["target"] for v, t in s["datapoints"] if v is not None))' < "$out/$service.render.json")
nf_until=$((first - step))
render "$service.no-forecast.render.json" "$from" "$nf_until" "${targets[@]}"

cat > "$out/meta.json" <<JSON
{
  "recordedAt": $(date +%s),
  "source": "$source_note",
  "graphiteWeb": "$(dpkg-query -W -f='${Version}' graphite-web 2>/dev/null || echo unknown)",
  "env": "$env_name",
  "service": "$service",
  "from": $from,
  "until": $until,
  "lastRun": $end,
  "stepSeconds": $step,
  "noForecast": { "from": $from, "until": $nf_until },
  "panelTargets": [$(printf '"%s",' "${panel_targets[@]}" | sed 's/,$//')],
  "note": "render answers to POST /render (form: target, from, until, format=json, maxDataPoints=$max_points) with targets wrapped in aliasSub(target, \"(^.*$)\", \"\\\\1 <refId>\") as Grafana's Graphite datasource sends them; events from GET /events/get_data?tags=leptoid $env_name $service"
}
JSON
echo "recorded $out/meta.json"
