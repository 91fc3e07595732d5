#!/bin/bash
# What a client posting the sign-up form in a loop costs everyone else. Starts the release storefront on
# embedded defaults, runs wrk posting /signup with fresh ids from one address (-c32) and, beside it, wrk on
# the catalog page; then the catalog alone, and beside a flood of plain GET /signup for comparison.
# Not a test; prints figures. Usage: Tests/Benchmarks/signup-flood.sh     Needs wrk and curl (.ci/deps).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash .ci/deps wrk curl >/dev/null
swift build -c release --product storefront >/dev/null
bin="$(swift build -c release --show-bin-path 2>/dev/null)/storefront"
work=$(mktemp -d /tmp/signup-flood.XXXXXX)
pid=
cleanup() { [[ -z "$pid" ]] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT

port=18111 url=http://127.0.0.1:18111
"$bin" serve --port "$port" --database "$work/shop.sqlite" >"$work/serve.log" 2>&1 & pid=$!
for _ in $(seq 200); do curl -fs "$url/healthz" >/dev/null && break; sleep 0.1; done
curl -fs -c "$work/jar" "$url/signup" >/dev/null
token=$(awk '$6=="sf_csrf" {print $7}' "$work/jar" | tail -1)

cat >"$work/signup.lua" <<LUA
counter = 0
request = function()
  counter = counter + 1
  local body = "_csrf=$token&signup_id=f" .. math.random(99999) .. "_" .. counter
    .. "&password=correcthorse&password_confirm=correcthorse&name=%ED%99%8D&phone=01012345678&agree_all=on"
  return wrk.format("POST", "/signup", {["Content-Type"]="application/x-www-form-urlencoded",
                                        ["Cookie"]="sf_csrf=$token"}, body)
end
LUA

rate() { grep -o 'Requests/sec: *[0-9.]*' "$1" | awk '{printf "%.0f", $2}'; }
side_by_side() { # label, then wrk arguments for the flood
  local label=$1; shift
  wrk -t1 -c32 -d10s "$@" >"$work/flood.txt" 2>&1 &
  local flood=$!
  sleep 1
  wrk -t1 -c32 -d8s "$url/" >"$work/catalog.txt" 2>&1
  wait "$flood"
  printf '%-34s catalog %6s req/s   beside it %6s req/s' "$label" "$(rate "$work/catalog.txt")" "$(rate "$work/flood.txt")"
  { grep -o 'Non-2xx or 3xx responses: *[0-9]*' "$work/flood.txt" || true; } | awk '{printf "   (%s answered 4xx/5xx)", $NF}'
  echo
}

wrk -t1 -c32 -d8s "$url/" >"$work/catalog.txt" 2>&1
printf '%-34s catalog %6s req/s\n' "catalog alone" "$(rate "$work/catalog.txt")"
side_by_side "beside GET /signup" "$url/signup"
side_by_side "beside POST /signup (new ids)" -s "$work/signup.lua" "$url/"
echo "accounts made by the flood: $(grep -c 'path=/signup status=303' "$work/serve.log" || true)"
echo "(wrk -t1 -c32 each; wrk shares the machine's cores with the server)"
