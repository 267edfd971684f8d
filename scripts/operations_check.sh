#!/usr/bin/env bash
# Proves docs/operations.md on this machine: runs its production commands against the local
# PostgreSQL, Redis and RabbitMQ and an nginx on spare ports, checks that each zone serves over
# the proxy, that health and /metrics answer (and Prometheus scrapes them, when installed), that
# envelopes cross over RabbitMQ and after a key rotation, then stops everything it started.
#
#   scripts/operations_check.sh           everything (about 90 s on an idle 2-core machine)
#   scripts/operations_check.sh --quick   one app host per zone, no key rotation, no Prometheus
#                                         (about 40 s; tests/system/test_operations_check.py)
#
# It uses databases of its own (policeonline_ops_<zone>, recreated each run and dropped at the
# end), Redis databases 14/15, RabbitMQ queues prefixed `pso-ops.`, and a temporary folder.
# The deploy/ files are used as they are, with only addresses and paths rewritten.
set -euo pipefail

QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PG_SERVER=${OPS_PG_SERVER:-postgres://postgres@127.0.0.1:5432}
PG_HOST=${OPS_PG_HOST:-127.0.0.1}
REDIS_HOST=${OPS_REDIS_HOST:-127.0.0.1}
AMQP_URL=${OPS_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/%2F}
WORK=$(mktemp -d /tmp/pso-ops.XXXXXX)
chmod 755 "$WORK"
export PSO_HOME=$ROOT PSO_ETC=$WORK/etc
PATH=$ROOT/deploy:$PATH   # pso-manage, as installed in /usr/local/bin
PY=$ROOT/.venv/bin/python
PIDS=()
NGINX_PID=""
FAILED=0

say() { printf '== %s\n' "$*"; }
run() { printf '+ %s\n' "$*" >&2; "$@"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; FAILED=1; exit 1; }
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

cleanup() {
  set +e
  exec 1>&2  # also when the failing check's output went to /dev/null
  say "stopping everything this check started"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null
  for pid in "${PIDS[@]}" $NGINX_PID; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
  done
  for zone in internet intranet; do
    dropdb -h "$PG_HOST" -U postgres --if-exists --force "policeonline_ops_$zone" 2>/dev/null
  done
  "$PY" - "$AMQP_URL" <<'PYEOF' 2>/dev/null
import sys, pika
conn = pika.BlockingConnection(pika.URLParameters(sys.argv[1]))
chan = conn.channel()
for zone in ("internet", "intranet"):
    chan.queue_delete(f"pso-ops.pso.to.{zone}")
chan.exchange_delete("pso-ops.pso.boundary")
conn.close()
PYEOF
  redis-cli -h "$REDIS_HOST" -n 14 FLUSHDB >/dev/null 2>&1
  redis-cli -h "$REDIS_HOST" -n 15 FLUSHDB >/dev/null 2>&1
  if [ "$FAILED" = 1 ] || [ -n "${OPS_KEEP:-}" ]; then
    echo "logs kept in $WORK/log"
    for f in "$WORK"/log/*; do echo "--- $f"; tail -n 15 "$f"; done
  else
    rm -rf "$WORK"
  fi
}
trap 'FAILED=1' ERR
trap cleanup EXIT
trap 'FAILED=1; exit 143' TERM INT  # stopped from outside: still clean up

say "services (docs/operations.md: Production deployment)"
run pg_isready -h "$PG_HOST" -p 5432
run redis-cli -h "$REDIS_HOST" ping
"$PY" -c "import pika,sys; pika.BlockingConnection(pika.URLParameters(sys.argv[1])).close(); print('RabbitMQ answers')" "$AMQP_URL"

say "one database per zone"
for zone in internet intranet; do
  run dropdb -h "$PG_HOST" -U postgres --if-exists --force "policeonline_ops_$zone"
  run createdb -h "$PG_HOST" -U postgres "policeonline_ops_$zone"
done

say "environment files from deploy/systemd/*.env.example (secrets generated, addresses local)"
mkdir -p "$WORK/etc" "$WORK/log" "$WORK/var"
setting() {  # setting FILE NAME VALUE: replace the example's line
  local file=$1 name=$2 value=$3
  grep -q "^$name=" "$file" || fail "$file has no $name"
  "$PY" - "$file" "$name" "$value" <<'PYEOF'
import sys
path, name, value = sys.argv[1:]
lines = open(path, encoding="utf-8").read().splitlines()
open(path, "w", encoding="utf-8").write("\n".join(
    f"{name}={value}" if line.startswith(name + "=") else line for line in lines) + "\n")
PYEOF
}
METRICS_TOKEN=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')
declare -A WEB_PORT HTTP_PORT HTTPS_PORT UNIT_PID
WEB_PORT[internet]=$(free_port); WEB_PORT[internet-b]=$(free_port); WEB_PORT[intranet]=$(free_port)
redis_db=14
for zone in internet intranet; do
  env_file=$WORK/etc/$zone.env
  cp "$ROOT/deploy/systemd/$zone.env.example" "$env_file"
  upper=${zone^^}
  setting "$env_file" POLICEONLINE_VAR_DIR "$WORK/var/$zone"
  setting "$env_file" "${upper}_DATABASE_URL" "$PG_SERVER/policeonline_ops_$zone"
  setting "$env_file" CACHE_URL "redis://$REDIS_HOST:6379/$redis_db"
  setting "$env_file" EXCHANGE_AMQP_URL "$AMQP_URL"
  echo "EXCHANGE_AMQP_PREFIX=pso-ops." >> "$env_file"
  setting "$env_file" SECRET_KEY "$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
  setting "$env_file" PROTECTED_DATA_KEYS "$("$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
  setting "$env_file" LOOKUP_HMAC_KEY "$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"
  setting "$env_file" EMAIL_BACKEND django.core.mail.backends.filebased.EmailBackend
  setting "$env_file" METRICS_TOKEN "$METRICS_TOKEN"
  setting "$env_file" MONITORING_ALLOWED_NETWORKS "127.0.0.0/8"
  setting "$env_file" PROMETHEUS_MULTIPROC_DIR "$WORK/run/web-$zone/metrics"
  setting "$env_file" WEB_BIND "127.0.0.1:${WEB_PORT[$zone]}"
  setting "$env_file" WEB_WORKERS 2
  redis_db=$((redis_db + 1))
done
# A second app host of the portal (scale-out): the same settings, its own address and folder.
WEB_INSTANCES=(internet intranet)
[ "$QUICK" = 1 ] || WEB_INSTANCES+=(internet-b)
sed -e "s#^WEB_BIND=.*#WEB_BIND=127.0.0.1:${WEB_PORT[internet-b]}#" \
    -e "s#web-internet/metrics#web-internet-b/metrics#" "$WORK/etc/internet.env" > "$WORK/etc/internet-b.env"

say "first start of each zone (docs/operations.md: First start)"
first_start() {
  local zone=$1
  run pso-manage "$zone" check --deploy --fail-level WARNING
  run pso-manage "$zone" migrate --noinput -v 0
  run pso-manage "$zone" collectstatic --noinput -v 0
  run pso-manage "$zone" load_catalog
  run pso-manage "$zone" load_halls
  run pso-manage "$zone" exchange keys create
}
first_start internet > "$WORK/log/first-start-internet.log" 2>&1 &
internet_start=$!
first_start intranet > "$WORK/log/first-start-intranet.log" 2>&1 || { cat "$WORK/log/first-start-intranet.log"; fail "intranet first start"; }
wait "$internet_start" || { cat "$WORK/log/first-start-internet.log"; fail "internet first start"; }
cat "$WORK/log/first-start-internet.log" "$WORK/log/first-start-intranet.log" | grep -E '^\+|issues' || true
run pso-manage internet exchange keys export > "$WORK/internet.pub.json"
run pso-manage intranet exchange keys trust "$WORK/internet.pub.json"
run pso-manage intranet exchange keys export > "$WORK/intranet.pub.json"
run pso-manage internet exchange keys trust "$WORK/intranet.pub.json"

say "services as deploy/systemd/ starts them"
unit_command() {  # the unit's ExecStart, with the checkout in place of /opt/policeonline
  sed -n 's/^ExecStart=//p' "$ROOT/deploy/systemd/$1" | sed "s#/opt/policeonline#$ROOT#g"
}
start_unit() {  # start_unit UNIT INSTANCE: as systemd would, with the instance's env file
  local unit=$1 instance=$2 command
  command=$(unit_command "$unit")
  printf '+ [%s %s] %s\n' "${unit/@.service/@$instance}" "$instance.env" "$command"
  (
    set -a; . "$WORK/etc/$instance.env"; set +a
    mkdir -p "${PROMETHEUS_MULTIPROC_DIR:-$WORK/run}"
    cd "$ROOT"
    eval "exec $command"
  ) >> "$WORK/log/${unit%@.service}-$instance.log" 2>&1 &
  PIDS+=($!)
  UNIT_PID["${unit%@.service}-$instance"]=$!
}
for instance in "${WEB_INSTANCES[@]}"; do start_unit policeonline-web@.service "$instance"; done
for zone in internet intranet; do
  start_unit policeonline-exchange@.service "$zone"
  start_unit policeonline-periodic@.service "$zone"
done

say "nginx from deploy/nginx/ (TLS with a throwaway certificate)"
mkdir -p "$WORK/tls" "$WORK/nginx/tmp"
chmod 1777 "$WORK/nginx/tmp"
run openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=policeonline ops check" \
  -addext "subjectAltName=DNS:police.jinan.example,DNS:backoffice.police.internal" \
  -keyout "$WORK/tls/server.key" -out "$WORK/tls/server.crt" 2>/dev/null
for zone in internet intranet; do
  HTTP_PORT[$zone]=$(free_port); HTTPS_PORT[$zone]=$(free_port)
  if [ "$zone" = internet ]; then
    upstream="server 127.0.0.1:${WEB_PORT[internet]} max_fails=3 fail_timeout=10s;"
    [ "$QUICK" = 1 ] || upstream="$upstream\n    server 127.0.0.1:${WEB_PORT[internet-b]} max_fails=3 fail_timeout=10s;"
  else
    upstream="server 127.0.0.1:${WEB_PORT[intranet]} max_fails=3 fail_timeout=10s;"
  fi
  sed -e "s#listen 80;#listen 127.0.0.1:${HTTP_PORT[$zone]};#" \
      -e "s#listen 443 ssl http2;#listen 127.0.0.1:${HTTPS_PORT[$zone]} ssl http2;#" \
      -e "s#server [0-9.]*:8000 max_fails=3 fail_timeout=10s;#$upstream#" \
      -e "s#/etc/policeonline/tls/[a-z]*\.crt#$WORK/tls/server.crt#; s#/etc/policeonline/tls/[a-z]*\.key#$WORK/tls/server.key#" \
      -e "s#/var/log/nginx/#$WORK/log/nginx-#" \
      "$ROOT/deploy/nginx/$zone.conf" > "$WORK/nginx/$zone.conf"
done
cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/log/nginx-error.log;
events { worker_connections 256; }
http {
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    include $WORK/nginx/internet.conf;
    include $WORK/nginx/intranet.conf;
}
EOF
run nginx -t -q -c "$WORK/nginx/nginx.conf"
nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!

say "checks"
get() {  # get URL [curl args…]: prints "<status> <body>"
  local url=$1; shift
  curl -sS -o "$WORK/body" -w '%{http_code}' --max-time 30 "$@" "$url" || printf 000
  printf ' '; cat "$WORK/body" 2>/dev/null || true
}
wait_ready() {  # wait_ready PORT: until /health/ready answers 200 (30 s at most)
  for _ in $(seq 150); do
    [ "$(get "http://127.0.0.1:$1/health/ready" | cut -c1-3)" = 200 ] && return 0
    sleep 0.2
  done
  get "http://127.0.0.1:$1/health/ready"; echo
  fail "the web process on port $1 did not become ready"
}
for instance in "${WEB_INSTANCES[@]}"; do wait_ready "${WEB_PORT[$instance]}"; done
expect() {  # expect WHAT EXPECTED_STATUS TEXT_IN_BODY URL [curl args…]
  local what=$1 status=$2 text=$3 url=$4; shift 4
  local answer; answer=$(get "$url" "$@")
  [ "${answer:0:3}" = "$status" ] || fail "$what: expected $status, got ${answer:0:300}"
  [ -z "$text" ] || grep -qF -- "$text" <<<"$answer" || fail "$what: '$text' not in the answer"
  echo "ok: $what ($status)"
}
portal="https://police.jinan.example:${HTTPS_PORT[internet]}"
backoffice="https://backoffice.police.internal:${HTTPS_PORT[intranet]}"
tls=(--cacert "$WORK/tls/server.crt"
     --resolve "police.jinan.example:${HTTPS_PORT[internet]}:127.0.0.1"
     --resolve "backoffice.police.internal:${HTTPS_PORT[intranet]}:127.0.0.1")
for i in $(seq 10); do
  expect "portal home page over the proxy #$i" 200 "公安服务在线" "$portal/" "${tls[@]}" > /dev/null
done
expect "portal home page over the proxy (10 times)" 200 "公安服务在线" "$portal/" "${tls[@]}" -D "$WORK/headers"
grep -qi '^strict-transport-security: max-age=31536000' "$WORK/headers" || fail "no HSTS from the portal"
grep -qi '^x-request-id: [0-9a-f]\{32\}' "$WORK/headers" || fail "no request id from nginx in the answer"
expect "back office sign-in over the proxy" 200 "" "$backoffice/officers/login/" "${tls[@]}"
expect "plain http is sent to https" 301 "" "http://127.0.0.1:${HTTP_PORT[internet]}/" -H "Host: police.jinan.example"
expect "the proxy refuses /metrics" 404 "" "$portal/metrics" "${tls[@]}" -H "Authorization: Bearer $METRICS_TOKEN"
expect "the proxy refuses /health/ready" 404 "" "$portal/health/ready" "${tls[@]}"
for instance in "${WEB_INSTANCES[@]}"; do
  port=${WEB_PORT[$instance]}
  expect "$instance: liveness" 200 '"status": "ok"' "http://127.0.0.1:$port/health/live"
  expect "$instance: readiness (database, RabbitMQ, Redis)" 200 \
    '"checks": {"database": "ok", "exchange_transport": "ok", "cache": "ok"}' "http://127.0.0.1:$port/health/ready"
  expect "$instance: /metrics without the token" 401 "" "http://127.0.0.1:$port/metrics"
  expect "$instance: /metrics with the token" 200 "pso_database_up" "http://127.0.0.1:$port/metrics" \
    -H "Authorization: Bearer $METRICS_TOKEN"
done

metric() {  # metric PORT NAME LABEL_FILTER: sum of the matching samples of one scrape
  curl -sS --max-time 10 -H "Authorization: Bearer $METRICS_TOKEN" "http://127.0.0.1:$1/metrics" |
    "$PY" -c '
import sys
from prometheus_client.parser import text_string_to_metric_families
name, wanted = sys.argv[1], dict(p.split("=", 1) for p in sys.argv[2].split(",") if p)
print(float(sum(s.value for f in text_string_to_metric_families(sys.stdin.read()) for s in f.samples
                if s.name == name and all(s.labels.get(k) == v for k, v in wanted.items()))))' "$2" "${3:-}"
}
home=0
for instance in internet internet-b; do
  [ "$QUICK" = 1 ] && [ "$instance" = internet-b ] && continue
  home=$("$PY" -c "print($home + $(metric "${WEB_PORT[$instance]}" pso_http_requests_total view=portal:home,status=200))")
done
[ "$home" = "11.0" ] || fail "the portal's metrics count $home home pages, not 11"
if [ "$QUICK" = 1 ]; then
  echo "ok: the portal's app host (2 workers) counts the 11 home pages"
else
  echo "ok: the portal's two app hosts (2 workers each) count the 11 home pages between them"
fi

say "envelopes cross over RabbitMQ (docs/operations.md: Watching the exchange)"
run pso-manage internet exchange probe --count 5 --label ops-check
wait_metric() {  # wait_metric PORT NAME FILTER VALUE WHAT
  for _ in $(seq 100); do
    [ "$(metric "$1" "$2" "$3")" = "$4" ] && { echo "ok: $5"; return 0; }
    sleep 0.3
  done
  fail "$5: $2{$3} is $(metric "$1" "$2" "$3"), not $4"
}
wait_metric "${WEB_PORT[intranet]}" pso_exchange_inbox_applied_total stream=internet/main 5.0 \
  "the back office applied the 5 probes"
wait_metric "${WEB_PORT[internet]}" pso_exchange_outbox_unacked "" 0.0 "the portal's outbox is acknowledged"
run pso-manage internet exchange status --json > "$WORK/status.json"
wait_metric "${WEB_PORT[intranet]}" pso_periodic_job_last_run_ok job=audit.seal 1.0 "the back office's scheduler ran audit.seal"

if [ "$QUICK" = 0 ]; then
say "rotating the portal's exchange key (docs/operations.md: Rotating keys)"
run pso-manage internet exchange keys rotate
new_kid=$(pso-manage internet exchange keys list | sed -n 's/^own *\([^ ]*\) .*(active)$/\1/p')
old_kid=$(pso-manage internet exchange keys list | awk '/^own/ && !/\(active\)/ {print $2}')
run pso-manage internet exchange keys export "$new_kid" > "$WORK/internet-new.pub.json"
run pso-manage intranet exchange keys trust "$WORK/internet-new.pub.json"
restart_unit() {  # restart_unit UNIT INSTANCE, as systemctl restart does
  local key="${1%@.service}-$2" pid
  pid=${UNIT_PID[$key]}
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  start_unit "$1" "$2"
}
echo "+ systemctl restart policeonline-exchange@intranet policeonline-exchange@internet policeonline-web@internet policeonline-web@internet-b"
for unit in "policeonline-exchange@.service intranet" "policeonline-exchange@.service internet" \
            "policeonline-web@.service internet" "policeonline-web@.service internet-b"; do
  restart_unit $unit
done
for instance in internet internet-b; do wait_ready "${WEB_PORT[$instance]}"; done
run pso-manage internet exchange probe --count 3 --label after-rotation
wait_metric "${WEB_PORT[intranet]}" pso_exchange_inbox_applied_total stream=internet/main 8.0 \
  "probes signed with the new key are applied"
wait_metric "${WEB_PORT[internet]}" pso_exchange_outbox_unacked "" 0.0 "nothing unacknowledged from before the rotation"
run pso-manage intranet exchange keys revoke "$old_kid"
echo "+ systemctl restart policeonline-exchange@intranet"
restart_unit policeonline-exchange@.service intranet
quarantined=$(metric "${WEB_PORT[intranet]}" pso_exchange_quarantined)
[ "$quarantined" = "0.0" ] || fail "envelopes were quarantined: $quarantined"
echo "ok: nothing quarantined on the way"
fi

say "structured logs (LOG_FORMAT=json)"
"$PY" - "$WORK/log" <<'PYEOF'
import json, pathlib, sys
logs = sorted(pathlib.Path(sys.argv[1]).glob("policeonline-*.log"))
lines = [(p.name, line) for p in logs for line in p.read_text().splitlines() if line.strip()]
assert lines, "no log lines"
for name, line in lines:
    try:
        record = json.loads(line)
    except ValueError:
        sys.exit(f"{name}: not a JSON line: {line[:200]}")
    missing = {"time", "level", "logger", "message", "zone", "request_id"} - set(record)
    assert not missing, f"{name}: {missing} missing in {line[:200]}"
print(f"ok: {len(lines)} log lines from {len(logs)} processes, each a JSON object")
PYEOF

if [ "$QUICK" = 1 ]; then
  say "quick run: no second portal host, key rotation or Prometheus (run without --quick)"
elif command -v promtool >/dev/null && command -v prometheus >/dev/null; then
  say "Prometheus with deploy/prometheus/ (scrape interval shortened to 1 s)"
  mkdir -p "$WORK/prometheus"
  printf '%s' "$METRICS_TOKEN" > "$WORK/prometheus/token"
  cp "$ROOT/deploy/prometheus/alerts.yml" "$WORK/prometheus/"
  sed -e "s#/etc/prometheus/policeonline-[a-z]*\.token#$WORK/prometheus/token#" \
      -e "s#\"10.20.0.11:8000\"#\"127.0.0.1:${WEB_PORT[internet]}\", \"127.0.0.1:${WEB_PORT[internet-b]}\"#" \
      -e "s#\"172.30.0.11:8000\"#\"127.0.0.1:${WEB_PORT[intranet]}\"#" \
      -e "s#scrape_interval: 30s#scrape_interval: 1s#; s#scrape_timeout: 10s#scrape_timeout: 1s#" \
      "$ROOT/deploy/prometheus/prometheus.yml" > "$WORK/prometheus/prometheus.yml"
  run promtool check config "$WORK/prometheus/prometheus.yml"
  prom_port=$(free_port)
  prometheus --config.file="$WORK/prometheus/prometheus.yml" --storage.tsdb.path="$WORK/prometheus/data" \
    --web.listen-address="127.0.0.1:$prom_port" > "$WORK/log/prometheus.txt" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 60); do
    up=$(curl -sS "http://127.0.0.1:$prom_port/api/v1/query?query=sum(up)" 2>/dev/null |
         "$PY" -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)' 2>/dev/null || echo 0)
    [ "$up" = 3 ] && break
    sleep 0.5
  done
  [ "$up" = 3 ] || fail "Prometheus scrapes $up of the 3 app hosts"
  echo "ok: Prometheus scrapes the 3 app hosts with the token"
else
  say "Prometheus is not installed here: its configuration was not run (apt-get install prometheus)"
fi

say "all checks passed"
