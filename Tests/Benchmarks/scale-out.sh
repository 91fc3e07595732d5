#!/bin/bash
# The shop deployed as on several machines, on one box: nginx in front of N `storefront serve` instances sharing
# one database, one Redis (cache, sessions, sign-in counters) and one RabbitMQ (events), all on loopback.
#   1. one instance, shoppers straight at it: paid orders/s (the baseline);
#   2. N instances behind nginx: the same crowd through nginx, undisturbed; then again (a fresh database) while,
#      part way, one instance is killed with SIGKILL, the shoppers keep buying through the others, and the
#      instance is restarted and serves through nginx again;
#   3. each run ends with the ledger audit (shop orders vs the sandbox's payments vs stock): the script exits 1
#      when an order is lost or doubled.
# Not a test; prints figures. The load generator (checkout-load: the shoppers and the Toss sandbox) runs on the
# same two cores as the instances, nginx, Redis and RabbitMQ, so N instances cannot show N times the throughput.
#
# Usage: Tests/Benchmarks/scale-out.sh [--instances 2|3] [--engine sqlite|postgres] [--shoppers N] [--attempts N]
#   --engine sqlite (default): the instances share one SQLite file (WAL), as instances on one machine can.
#   --engine postgres: one throwaway PostgreSQL cluster (started by .ci/services), `database.engine`
#     "postgres" and `database.url`.
# Needs nginx, redis-server, rabbitmq-server, curl, sqlite3 (installed by .ci/deps) and a release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

instances=2 engine=sqlite shoppers=32 attempts=30
while (($#)); do
  case "$1:${2:-}" in
    --instances:[23]) instances=$2 ;;
    --engine:sqlite | --engine:postgres) engine=$2 ;;
    --shoppers:[1-9]*) shoppers=$2 ;;
    --attempts:[1-9]*) attempts=$2 ;;
    *) echo "usage: $0 [--instances 2|3] [--engine sqlite|postgres] [--shoppers N] [--attempts N]" >&2; exit 2 ;;
  esac
  shift 2
done

bash .ci/deps nginx redis-server rabbitmq-server curl sqlite3 >/dev/null
[[ $engine == postgres ]] && bash .ci/deps postgresql >/dev/null
swift build -c release --product storefront >/dev/null
swift build -c release --product checkout-load >/dev/null
bin=$(swift build -c release --show-bin-path)

source .ci/services
work=$(mktemp -d /tmp/scale-out.XXXXXX)
chmod 755 "$work"
instance_pids=() nginx_started=false
stop_instance() { # pid
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  local status=$?
  set +e
  for pid in "${instance_pids[@]}"; do [[ -n $pid ]] && stop_instance "$pid"; done
  [[ -n ${load_pid:-} ]] && { kill -TERM "$load_pid" 2>/dev/null; wait "$load_pid" 2>/dev/null; }
  $nginx_started && [[ -s $work/nginx/nginx.pid ]] && stop_instance "$(cat "$work/nginx/nginx.pid")"
  stop_services
  if [[ -n ${KEEP_WORK:-} ]]; then echo "scale-out: kept $work" >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Free loopback ports below the ephemeral range: instances, nginx, the sandbox the load generator runs.
free_port() { local port=$1; while port_in_use "$port"; do port=$((port + 1)); done; echo "$port"; }
ports=() next=18101
for i in $(seq "$instances"); do ports+=("$(free_port "$next")"); next=$((${ports[-1]} + 1)); done
nginx_port=$(free_port 18180)
sandbox_port=$(free_port 18190)

# Starts Redis, RabbitMQ and a throwaway PostgreSQL cluster (used with --engine postgres).
start_services

# One config per run (its own database, cache prefix and exchange), so the two runs' ledgers stay apart.
write_config() { # name public-url
  local database
  if [[ $engine == postgres ]]; then
    createdb_for_run "$1"
    database="\"engine\": \"postgres\", \"url\": \"$(postgres_url_for_run "$1")\""
  else
    database="\"path\": \"$work/$1.sqlite\""
  fi
  cat >"$work/$1.json" <<JSON
{ "server": { "sessionStore": "cache", "trustedProxies": ["127.0.0.1"], "publicURL": "$2" },
  "database": { $database },
  "cache": { "plugin": "redis", "options": { "url": "$STOREFRONT_TEST_REDIS_URL", "prefix": "$1:" } },
  "queue": { "plugin": "rabbitmq", "options": { "url": "$STOREFRONT_TEST_RABBITMQ_URL", "exchange": "$1.events" } },
  "payments": { "toss": { "mode": "live", "apiBase": "http://127.0.0.1:$sandbox_port",
                          "sdkURL": "http://127.0.0.1:$sandbox_port/v2/standard" } },
  "templates": { "directory": "$root/Templates", "publicDirectory": "$root/Public" } }
JSON
  "$bin/storefront" migrate --config "$work/$1.json" >/dev/null
  # Seeded once here: instances starting together on an empty database would each seed the demo catalog.
  "$bin/storefront" seed --config "$work/$1.json" >/dev/null
}
# PostgreSQL: one database per run in the throwaway cluster .ci/services started (STOREFRONT_TEST_POSTGRES_URL).
createdb_for_run() { psql "$STOREFRONT_TEST_POSTGRES_URL" -qc "CREATE DATABASE scaleout_$1" >/dev/null; }
postgres_url_for_run() { echo "${STOREFRONT_TEST_POSTGRES_URL%/*}/scaleout_$1"; }
count_settled() { # name: orders whose payment the shop has recorded (0 when the database is busy)
  local sql="SELECT COUNT(*) FROM web_payment WHERE payment_status IN ('PAID', 'CANCELED', 'WAITING_FOR_DEPOSIT')" n
  if [[ $engine == postgres ]]; then n=$(psql "$(postgres_url_for_run "$1")" -tAc "$sql" 2>/dev/null)
  else n=$(sqlite3 -cmd '.timeout 2000' "$work/$1.sqlite" "$sql" 2>/dev/null); fi
  echo "${n:-0}"
}

# The Toss keys of the sandbox checkout-load runs (Toss's public test pair): the instances talk to it as to Toss.
export TOSS_CLIENT_KEY=test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq TOSS_SECRET_KEY=test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R
start_instance() { # index run
  local port=${ports[$1]}
  "$bin/storefront" serve --config "$work/$2.json" --port "$port" >>"$work/$2-instance$1.log" 2>&1 &
  instance_pids[$1]=$!
  for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && return 0; sleep 0.1; done
  echo "instance $1 (port $port) did not start:" >&2; tail -5 "$work/$2-instance$1.log" >&2; return 1
}
# The crowd at a URL, undisturbed; its audit failing fails the script. In the background and waited for, so a
# Ctrl-C reaches the cleanup at once rather than after the run.
run_load() { # run url
  "$bin/checkout-load" "$shoppers" "$attempts" 8 1000 --through "$2" --config "$work/$1.json" \
    --sandbox-port "$sandbox_port" --settle-seconds 30 >"$work/$1.out" 2>&1 &
  load_pid=$!
  local status=0
  wait "$load_pid" || status=$?
  load_pid=""
  cat "$work/$1.out"
  ((status == 0)) || { echo "scale-out: the $1 run's audit FAILED (or the load broke):" >&2; grep FAIL "$work/$1.out" >&2; exit 1; }
}
served() { grep -c 'event=request' "$work/many-instance$1.log" || true; } # index: requests it logged in the kill run
paid_rate() { sed -n 's/^ *\([0-9.]*\) paid orders\/s.*/\1/p' "$1"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # pid: user + system CPU so far, in clock ticks
# file ticks: the instances' CPU per paid order (what the box's cores would give the shop alone)
cpu_per_paid() {
  local paid
  paid=$(sed -n 's/^ *\([0-9]*\) paid (.*/\1/p' "$1" | head -1)
  awk -v t="$2" -v p="${paid:-0}" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (p > 0) printf "%.1f ms", t * 1000 / hz / p; else print "-" }'
}

echo "scale-out: $instances instances, engine $engine, $shoppers shoppers x $attempts attempts; the load generator shares the 2 cores"

# 1. One instance, no proxy.
write_config single "http://127.0.0.1:${ports[0]}"
start_instance 0 single
echo "== 1 instance, shoppers straight at it"
single_ticks=$(cpu_ticks "${instance_pids[0]}")
run_load single "http://127.0.0.1:${ports[0]}"
single_ticks=$(($(cpu_ticks "${instance_pids[0]}") - single_ticks))
echo "the instance's CPU per paid order: $(cpu_per_paid "$work/single.out" "$single_ticks")"
stop_instance "${instance_pids[0]}"; instance_pids[0]=""

# 2. N instances behind nginx: once undisturbed, then once with one killed part way and restarted.
write_config calm "http://127.0.0.1:$nginx_port"
write_config many "http://127.0.0.1:$nginx_port"
mkdir -p "$work/nginx"/{client_body,proxy,fastcgi,uwsgi,scgi}
chmod 777 "$work/nginx"/{client_body,proxy,fastcgi,uwsgi,scgi}  # nginx's worker drops to nobody when run as root
servers=$(for port in "${ports[@]}"; do echo "        server 127.0.0.1:$port max_fails=1 fail_timeout=2s;"; done)
awk -v prefix="$work/nginx" -v listen="127.0.0.1:$nginx_port" -v servers="$servers" \
  '{ gsub(/@PREFIX@/, prefix); gsub(/@LISTEN@/, listen); if ($0 == "@SERVERS@") print servers; else print }' \
  Tests/Benchmarks/scale-out/nginx.conf.template >"$work/nginx/nginx.conf"
for i in "${!ports[@]}"; do start_instance "$i" calm; done
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
nginx_started=true
wait_for_port 127.0.0.1 "$nginx_port" 10
echo "== $instances instances behind nginx (127.0.0.1:$nginx_port)"
run_load calm "http://127.0.0.1:$nginx_port"
for i in "${!ports[@]}"; do stop_instance "${instance_pids[$i]}"; instance_pids[$i]=""; done
for i in "${!ports[@]}"; do start_instance "$i" many; done

echo "== $instances instances behind nginx again (a new database); instance 2 is killed part way, then restarted"
"$bin/checkout-load" "$shoppers" "$attempts" 8 1000 --through "http://127.0.0.1:$nginx_port" --config "$work/many.json" \
  --sandbox-port "$sandbox_port" --events "$work/events" >"$work/many.out" 2>&1 &
load_pid=$!
expected=$((shoppers * attempts * 7 / 10))  # roughly the receipts a run gives (1 in 10 cancels in the window)
victim=1
until (($(count_settled many) >= expected / 4)); do
  kill -0 "$load_pid" 2>/dev/null || { cat "$work/many.out"; echo "the load ended before the kill" >&2; exit 1; }
  sleep 0.2
done
killed_at=$(date +%s.%N) settled_at_kill=$(count_settled many)
kill -KILL "${instance_pids[$victim]}"; wait "${instance_pids[$victim]}" 2>/dev/null || true
instance_pids[$victim]=""
echo "killed instance 2 (SIGKILL) after $settled_at_kill orders"
until (($(count_settled many) >= settled_at_kill + expected / 4)); do
  kill -0 "$load_pid" 2>/dev/null || break
  sleep 0.2
done
echo "shoppers bought $(($(count_settled many) - settled_at_kill)) more through the other instance(s); restarting instance 2"
echo "--- restarted" >>"$work/many-instance$victim.log"
before=$(served "$victim")
start_instance "$victim" many
until (($(served "$victim") > before + 1)); do  # +1: its own /healthz
  kill -0 "$load_pid" 2>/dev/null || break
  sleep 0.1
done
rejoined_at=$(date +%s.%N)
status=0
wait "$load_pid" || status=$?
load_pid=""
cat "$work/many.out"
# After the load, a few pages through nginx: round robin must reach the restarted instance.
before=$(served "$victim")
for _ in $(seq 12); do curl -fs -o /dev/null "http://127.0.0.1:$nginx_port/"; done
sleep 0.2  # the instance's log is written by its own thread every 50 ms
echo "after the run: 12 catalog pages through nginx, $(($(served "$victim") - before)) served by the restarted instance 2"
for i in "${!ports[@]}"; do echo "instance $((i + 1)) served $(served "$i") requests in this run"; done

awk -v kill="$killed_at" -v back="$rejoined_at" '
  { t[NR] = $2; kind[NR] = $1; if (first == "" || $2 < first) first = $2; if ($2 > last) last = $2 }
  END {
    for (i in t) {
      if (t[i] < kill) { if (kind[i] == "paid") pb++; else eb++ }
      else if (t[i] < back) { if (kind[i] == "paid") pw++; else ew++ }
      else { if (kind[i] == "paid") pa++; else ea++ }
    }
    w = back - kill
    printf "timeline: before the kill %d paid, %d errors (%.1f s); kill -> rejoin %.1f s: %d paid (%.1f/s), %d errors seen by shoppers; after %d paid, %d errors\n",
      pb, eb, kill - first, w, pw, (w > 0 ? pw / w : 0), ew, pa, ea
  }' "$work/events"
echo
echo "paid orders/s: 1 instance direct $(paid_rate "$work/single.out") (its CPU $(cpu_per_paid "$work/single.out" "$single_ticks") a paid order); $instances instances through nginx $(paid_rate "$work/calm.out"), the same with the kill and restart $(paid_rate "$work/many.out")"
echo "(one 2-core machine: the shoppers, the sandbox, nginx, Redis and RabbitMQ take their share of the same cores)"
if ((status != 0)); then echo "scale-out: the ledger audit FAILED (or the load broke): see above" >&2; exit 1; fi
echo "scale-out: audit clean, no order lost or doubled"
