#!/bin/bash
# What the memory cache really holds: starts the release storefront with the memory cache bounded to
# MAX_BYTES (default 64 MiB), asks for URLS distinct catalog listings (default 2,000; `?page=x<n>` is page 1,
# 24 cards, under its own cache key) over and over for DURATION with wrk, and prints the server's RSS before
# and after beside maxBytes. Not a test; prints figures. Usage: Tests/Benchmarks/cache-memory.sh
# Needs wrk and curl (.ci/deps).
set -euo pipefail
cd "$(dirname "$0")/../.."
max_bytes=${MAX_BYTES:-$((64 << 20))} urls=${URLS:-2000} duration=${DURATION:-20s}
bash .ci/deps wrk curl >/dev/null
swift build -c release --product storefront >/dev/null
bin="$(swift build -c release --show-bin-path 2>/dev/null)/storefront"
work=$(mktemp -d /tmp/cache-memory.XXXXXX)
pid=
cleanup() { [[ -z "$pid" ]] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT

cat >"$work/storefront.json" <<JSON
{ "cache": { "plugin": "memory", "options": { "maxBytes": $max_bytes, "maxEntries": 1000000, "ttlSeconds": 3600 } } }
JSON
port=18112 url=http://127.0.0.1:18112
"$bin" serve --config "$work/storefront.json" --port "$port" --database "$work/shop.sqlite" >"$work/serve.log" 2>&1 & pid=$!
for _ in $(seq 200); do curl -fs "$url/healthz" >/dev/null && break; sleep 0.1; done
rss() { awk '/^VmRSS/ {print $2 * 1024}' "/proc/$pid/status"; }
mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }

wrk -t1 -c8 -d2s "$url/" >/dev/null 2>&1 # warm up: templates, database, one listing
before=$(rss)
listing=$(curl -fs "$url/?page=x0" | wc -c)
cat >"$work/urls.lua" <<LUA
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/?page=x" .. (counter % $urls))
end
LUA
wrk -t1 -c8 -d"$duration" -s "$work/urls.lua" "$url/" >"$work/wrk.txt" 2>&1
after=$(rss)
printf 'maxBytes %s, %d distinct catalog URLs (page %d bytes), %s of wrk -c8: %s req/s\n' "$(mib "$max_bytes")" "$urls" "$listing" \
  "$duration" "$(grep -o 'Requests/sec: *[0-9.]*' "$work/wrk.txt" | awk '{printf "%.0f", $2}')"
printf 'RSS before %s, after %s: the cache and its churn added %s = %.2fx maxBytes\n' "$(mib "$before")" "$(mib "$after")" \
  "$(mib $((after - before)))" "$(awk -v a="$after" -v b="$before" -v m="$max_bytes" 'BEGIN {print (a - b) / m}')"
