#!/bin/bash
# Two storefront processes on one machine sharing the SQLite file (WAL), Redis and RabbitMQ — the
# scale-out path. Shows (1) a session made on one instance is valid on the other (sessions and login
# throttling in Redis: server.sessionStore "cache"), and (2) a stock change
# made through one instance drops the other's cached catalog, and how fast.   Not a test; prints figures.
# Usage: Tests/Benchmarks/scale-out.sh       Needs redis-server, rabbitmq-server, curl (installed by .ci/deps).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
bash .ci/deps redis-server rabbitmq-server curl >/dev/null
swift build -c release --product storefront >/dev/null
bin="$(swift build -c release --show-bin-path)/storefront"

export REDIS_PORT=26379 RABBITMQ_PORT=25672 EPMD_PORT=24369
source .ci/services
work=$(mktemp -d /tmp/scale-out.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; stop_services; rm -rf "$work"; }
trap cleanup EXIT
start_services

cat >"$work/storefront.json" <<JSON
{ "server": { "sessionStore": "cache" },
  "database": { "path": "$work/shop.sqlite" },
  "cache": { "plugin": "redis", "options": { "url": "$STOREFRONT_TEST_REDIS_URL", "prefix": "scaleout:" } },
  "queue": { "plugin": "rabbitmq", "options": { "url": "$STOREFRONT_TEST_RABBITMQ_URL" } },
  "templates": { "directory": "$root/Templates", "publicDirectory": "$root/Public" } }
JSON
"$bin" migrate --config "$work/storefront.json" >/dev/null
"$bin" seed --config "$work/storefront.json" >/dev/null
for port in 18101 18102; do
  "$bin" serve --config "$work/storefront.json" --port "$port" >"$work/$port.log" 2>&1 & pids+=($!)
done
for port in 18101 18102; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
done
A=http://127.0.0.1:18101 B=http://127.0.0.1:18102
csrf() { awk '$6=="sf_csrf" {print $7}' "$1" | tail -1; }

# 1. Sign in on A, use the session on B.
curl -s -c "$work/jar" -b "$work/jar" "$A/login" >/dev/null
curl -s -c "$work/jar" -b "$work/jar" -o /dev/null -d "signup_id=demo&password=demo1234&_csrf=$(csrf "$work/jar")" "$A/login"
status=$(curl -s -b "$work/jar" -o /dev/null -w '%{http_code}' "$B/cart")
echo "session made on A, GET /cart on B: HTTP $status $([[ $status == 200 ]] && echo '(signed in)' || echo '(NOT signed in)')"

# 2. B caches its catalog; an order placed through A lowers a product's stock; B's page changes.
# A product on the first page whose card shows its count ("n개 남음"), so one unit sold changes the page.
product=$(curl -s "$A/" | awk 'match($0, /href="\/products\/[0-9]+"/) { id = substr($0, RSTART + 16, RLENGTH - 17) }
                               /개 남음/ && id != "" { print id; exit }')
[[ -n $product ]] || { echo "no low-stock product on the first catalog page"; exit 1; }
stock=$(curl -s "$A/products/$product" | grep -o 'id="quantity"[^>]*max="[0-9]*"' | grep -o 'max="[0-9]*"' | grep -o '[0-9]*')
curl -s -c "$work/viewer" -b "$work/viewer" "$B/" >"$work/before.html"
curl -s -b "$work/viewer" "$B/" >"$work/cached.html"
cmp -s "$work/before.html" "$work/cached.html" && echo "B serves its catalog from the cache (identical pages)"
quantity=1
added=$(curl -s -c "$work/jar" -b "$work/jar" -o /dev/null -w '%{http_code}' -d "product_id=$product&quantity=$quantity&_csrf=$(csrf "$work/jar")" "$A/cart/items")
started=$(date +%s%N)
placed=$(curl -s -c "$work/jar" -b "$work/jar" -o /dev/null -w '%{http_code}' \
  -d "customer_name=데모&customer_phone=01012345678&method=toss.card&_csrf=$(csrf "$work/jar")" "$A/checkout")
for _ in $(seq 100); do
  curl -s -b "$work/viewer" "$B/" >"$work/after.html"
  cmp -s "$work/before.html" "$work/after.html" || break
  sleep 0.02
done
elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
if cmp -s "$work/before.html" "$work/after.html"; then
  echo "B's catalog did NOT change within 2 s of the order on A (cart add HTTP $added, checkout HTTP $placed)"
  for log in "$work"/181*.log; do grep -v event=request "$log" | tail -n 8; done
  sqlite3 "$work/shop.sqlite" "select topic, sent_at is not null from outbox; select order_id, payment_status from web_payment; select product_id, quantity from product where product_id=$product" 2>/dev/null | tail -6; echo "product $product stock $stock quantity $quantity"
  redis-cli -p "$REDIS_PORT" keys '*' | head -5; exit 1
fi
echo "order for $quantity of product $product on A: B's cached catalog changed after ${elapsed} ms (stock $stock -> $((stock - quantity)))"
