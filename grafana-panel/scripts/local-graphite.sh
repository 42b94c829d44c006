#!/usr/bin/env bash
# Start (or stop) a throw-away graphite-web + carbon-cache on free loopback ports.
#   local-graphite.sh start DIR   -> writes DIR/env (GRAPHITE_URL, CARBON_PORT) and prints it
#   local-graphite.sh stop DIR
# Needs the Debian packages graphite-carbon, graphite-web, gunicorn (installed when missing, as root).
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}

need_pkgs() {
  local missing=()
  command -v carbon-cache >/dev/null || missing+=(graphite-carbon)
  [ -d /usr/lib/python3/dist-packages/graphite ] || missing+=(graphite-web)
  command -v gunicorn >/dev/null || missing+=(gunicorn)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "need root to install ${missing[*]}" >&2; exit 1; }
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" python3-msgpack >/dev/null
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

case "$cmd" in
start)
  need_pkgs
  mkdir -p "$dir"/{storage/whisper,log,run,conf,settings}
  dir=$(cd "$dir" && pwd)
  line=$(free_port); pickle=$(free_port); query=$(free_port); web=$(free_port)
  cat > "$dir/conf/carbon.conf" <<CONF
[cache]
STORAGE_DIR = $dir/storage/
LOCAL_DATA_DIR = $dir/storage/whisper/
WHITELISTS_DIR = $dir/storage/lists/
LOG_DIR = $dir/log/
PID_DIR = $dir/run/
USER = _graphite
MAX_CACHE_SIZE = inf
MAX_UPDATES_PER_SECOND = inf
MAX_CREATES_PER_MINUTE = inf
LINE_RECEIVER_INTERFACE = 127.0.0.1
LINE_RECEIVER_PORT = $line
ENABLE_UDP_LISTENER = False
PICKLE_RECEIVER_INTERFACE = 127.0.0.1
PICKLE_RECEIVER_PORT = $pickle
CACHE_QUERY_INTERFACE = 127.0.0.1
CACHE_QUERY_PORT = $query
LOG_LISTENER_CONN_SUCCESS = False
ENABLE_TAGS = False
CONF
  cat > "$dir/conf/storage-schemas.conf" <<CONF
[leptoid]
pattern = ^leptoid\.
retentions = 300s:30d
[default]
pattern = .*
retentions = 10s:6h,1m:7d,10m:1y
CONF
  cat > "$dir/conf/storage-aggregation.conf" <<CONF
[default]
pattern = .*
xFilesFactor = 0
aggregationMethod = average
CONF
  cat > "$dir/settings/leptoid_graphite_settings.py" <<CONF
from graphite.settings import *  # noqa
SECRET_KEY = 'leptoid-fixture-recording'
TIME_ZONE = 'UTC'
ALLOWED_HOSTS = ['*']
STORAGE_DIR = '$dir/storage/'
WHISPER_DIR = '$dir/storage/whisper/'
STANDARD_DIRS = [WHISPER_DIR]
LOG_DIR = '$dir/log/'
INDEX_FILE = '$dir/storage/index'
CARBONLINK_HOSTS = ['127.0.0.1:$query']
TAGDB = ''
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': '$dir/storage/graphite.db'}}
CONF
  chown -R _graphite:_graphite "$dir"
  export PYTHONPATH="$dir/settings" GRAPHITE_SETTINGS_MODULE=leptoid_graphite_settings DJANGO_SETTINGS_MODULE=graphite.settings
  runuser -u _graphite -- env PYTHONPATH="$PYTHONPATH" GRAPHITE_SETTINGS_MODULE=$GRAPHITE_SETTINGS_MODULE DJANGO_SETTINGS_MODULE=$DJANGO_SETTINGS_MODULE \
    /usr/bin/python3 /usr/bin/django-admin migrate --run-syncdb --noinput >"$dir/log/migrate.log" 2>&1
  carbon-cache --config="$dir/conf/carbon.conf" --pidfile="$dir/run/carbon.pid" --logdir="$dir/log" start >"$dir/log/carbon-start.log" 2>&1
  gunicorn --daemon --user _graphite --group _graphite --bind "127.0.0.1:$web" --workers 2 \
    --pid "$dir/run/gunicorn.pid" --error-logfile "$dir/log/gunicorn.log" \
    --env GRAPHITE_SETTINGS_MODULE=leptoid_graphite_settings --env PYTHONPATH="$dir/settings" \
    --pythonpath "$dir/settings" graphite.wsgi:application
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$web/metrics/find?query=*" >/dev/null 2>&1 && (exec 3<>/dev/tcp/127.0.0.1/$line) 2>/dev/null; then
      printf 'GRAPHITE_URL=http://127.0.0.1:%s\nCARBON_PORT=%s\n' "$web" "$line" | tee "$dir/env"
      exit 0
    fi
    sleep 0.5
  done
  echo "graphite did not come up; logs in $dir/log" >&2; exit 1
  ;;
stop)
  for p in "$dir/run/gunicorn.pid" "$dir/run/carbon.pid"; do
    [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true
  done
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
