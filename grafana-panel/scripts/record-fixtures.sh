#!/usr/bin/env bash
# Records the panel's test fixtures from a real graphite-web.
#
# Starts a throw-away Graphite on free loopback ports (scripts/local-graphite.sh),
# writes a realistic leptoid history through Carbon plaintext (scripts/simulate-run.py:
# a real NAB ELB trace scaled to Erlangs, horizon forecasts h1..h12, capacity steps,
# decisions, forecast error, run health, Graphite events), then records exactly what
# Grafana's Graphite datasource asks for: POST /render with the panel's targets wrapped
# in aliasSub(..., "\1 <refId>"), and GET /events/get_data for the annotation query.
#
# With GRAPHITE_URL set (and LEPTOID_ENV / LEPTOID_SERVICE), it skips the simulation and
# records from that Graphite instead, e.g. after a real leptoid run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
panel=$(dirname "$here")
out="$panel/test/fixtures"
trace=${TRACE:-$panel/../../shared/data/nab/realAWSCloudwatch/elb_request_count_8c0756.csv}
[ -f "$trace" ] || trace=/work/shared/data/nab/realAWSCloudwatch/elb_request_count_8c0756.csv
env_name=${LEPTOID_ENV:-prod}; service=${LEPTOID_SERVICE:-web-api}; new_service=${LEPTOID_NEW_SERVICE:-checkout}
step=300; window=$((6 * 3600))
mkdir -p "$out"

if [ -z "${GRAPHITE_URL:-}" ]; then
  tmp=$(mktemp -d /tmp/leptoid-graphite.XXXXXX)
  trap '"$here/local-graphite.sh" stop "$tmp"; rm -rf "$tmp"' EXIT
  "$here/local-graphite.sh" start "$tmp" >/dev/null
  # shellcheck disable=SC1091
  . "$tmp/env"
  now=$(date +%s); end=$(( now / step * step - step ))
  python3 "$here/simulate-run.py" "$trace" "$end" --events "$tmp/events.json" \
    --env "$env_name" --service "$service" --new-service "$new_service" > "$tmp/lines.txt"
  echo "writing $(wc -l < "$tmp/lines.txt") points to carbon on 127.0.0.1:$CARBON_PORT"
  nc -q 2 127.0.0.1 "$CARBON_PORT" < "$tmp/lines.txt"
  python3 - "$tmp/events.json" "$GRAPHITE_URL" <<'PY'
import json, sys, urllib.request
events, url = json.load(open(sys.argv[1])), sys.argv[2]
for e in events:
    req = urllib.request.Request(url + "/events/", data=json.dumps(e).encode(), method="POST")
    urllib.request.urlopen(req).read()
print(f"posted {len(events)} events")
PY
  # wait until the last points written are served (carbon cache -> CARBONLINK)
  for _ in $(seq 1 60); do
    got=$(curl -fsS "$GRAPHITE_URL/render?target=leptoid.$env_name.$service.forecast.h12.upper&from=$((end - 600))&until=$((end + 60))&format=json" || true)
    n=$(printf '%s' "$got" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(1 for v,_ in d[0]["datapoints"] if v is not None) if d else 0)' 2>/dev/null || echo 0)
    [ "$n" -ge 2 ] && break; sleep 0.5
  done
else
  now=$(date +%s); end=${END:-$(( now / step * step ))}
fi
from=$((end - window)); until=$((end + 60))

render() { # name refId:target ...
  local name=$1; shift
  local args=(-fsS -X POST "$GRAPHITE_URL/render" --data-urlencode format=json --data-urlencode "from=$from"
              --data-urlencode "until=$until" --data-urlencode maxDataPoints=1200)
  for rt in "$@"; do
    args+=(--data-urlencode "target=aliasSub(${rt#*:}, \"(^.*\$)\", \"\\1 ${rt%%:*}\")")
  done
  curl "${args[@]}" | python3 "$here/json-lines.py" > "$out/$name.render.json"
  echo "recorded $out/$name.render.json"
}
# the forecast panel's queries in provisioning/dashboards/leptoid/leptoid.json, for $env and $service
# shellcheck disable=SC2016
panel_targets=('A:leptoid.$env.$service.utilization' 'B:leptoid.$env.$service.offered_load'
               'C:leptoid.$env.$service.forecast.h*.*' 'D:leptoid.$env.$service.capacity.*'
               'E:leptoid.$env.$service.decision.code' 'F:leptoid.$env.$service.forecast_error.h*.*')
targets_for() { local rt x; for rt in "${panel_targets[@]}"; do x=${rt//\$env/$1}; printf '%s\n' "${x//\$service/$2}"; done; }
mapfile -t svc_targets < <(targets_for "$env_name" "$service")
mapfile -t new_targets < <(targets_for "$env_name" "$new_service")
render "$service" "${svc_targets[@]}"
render "$new_service" "${new_targets[@]}"
curl -fsS -G "$GRAPHITE_URL/events/get_data" --data-urlencode "tags=leptoid $env_name $service" \
  --data-urlencode "from=$from" --data-urlencode "until=$until" | python3 "$here/json-lines.py" > "$out/$service.events.json"
echo "recorded $out/$service.events.json"
cat > "$out/meta.json" <<JSON
{
  "recordedAt": $(date +%s),
  "graphiteWeb": "$(dpkg-query -W -f='${Version}' graphite-web 2>/dev/null || echo unknown)",
  "env": "$env_name",
  "service": "$service",
  "newService": "$new_service",
  "from": $from,
  "until": $until,
  "lastRun": $end,
  "stepSeconds": $step,
  "panelTargets": [$(printf '"%s",' "${panel_targets[@]}" | sed 's/,$//')],
  "note": "render answers to POST /render with targets wrapped in aliasSub(target, \"(^.*$)\", \"\\\\1 <refId>\") as Grafana's Graphite datasource sends them; events from GET /events/get_data"
}
JSON
echo "recorded $out/meta.json"
