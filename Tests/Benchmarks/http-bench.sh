#!/bin/bash
# HTTP server benchmark (not a test): release build of http-bench-server, then wrk on loopback against
# /healthz. Prints requests/s and p99 latency.   Usage: Tests/Benchmarks/http-bench.sh [port]
# Env: DURATION (10s), CONNECTIONS (64), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${1:-18080}
dur=${DURATION:-10s}; conns=${CONNECTIONS:-64}; threads=${THREADS:-2}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

swift build -c release --product http-bench-server >/dev/null
bin="$(swift build -c release --show-bin-path)/http-bench-server"
out=$(mktemp /tmp/http-bench.XXXXXX)
"$bin" "$port" >/dev/null 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$out"; }
trap cleanup EXIT

for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "server did not answer on port $port"; exit 1; }

wrk -t"$threads" -c"$conns" -d3s "http://127.0.0.1:$port/healthz" >/dev/null 2>&1   # warm-up
wrk -t"$threads" -c"$conns" -d"$dur" --latency "http://127.0.0.1:$port/healthz" >"$out" 2>&1
rps=$(awk '/Requests\/sec/ {print $2}' "$out")
p50=$(awk '$1=="50%" {print $2}' "$out"); p99=$(awk '$1=="99%" {print $2}' "$out")
errors=$(awk '/Socket errors|Non-2xx/ {print}' "$out")
echo "wrk -t$threads -c$conns -d$dur /healthz: $rps req/s   p50 $p50   p99 $p99"
[ -z "$errors" ] || echo "$errors"
