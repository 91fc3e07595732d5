#!/bin/bash
# What an upload costs in memory: builds a small release server from the HTTP module's sources (and the in-house
# SHA-256), prints SHA-256 throughput, then POSTs a SIZE_MB body (default 200) with curl to a route that streams it
# (hashing each piece as it arrives) and, in a fresh server, to one that reads it whole under maxBodyBytes, and
# prints each server's peak RSS (VmHWM) beside its RSS before. Not a test; prints figures.
# Usage: Tests/Benchmarks/upload-stream.sh   Needs curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mb=${SIZE_MB:-200}
work=$(mktemp -d /tmp/upload-stream.XXXXXX)
pid=
cleanup() { [[ -z "$pid" ]] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/modules"
swiftc -O -parse-as-library -swift-version 6 -suppress-warnings -emit-library -static -emit-module -module-name Logging \
  -emit-module-path "$work/modules/Logging.swiftmodule" -o "$work/modules/libLogging.a" $(find Sources/Logging -name '*.swift' | sort)
# shellcheck disable=SC2046
swiftc -O -parse-as-library -swift-version 6 -suppress-warnings -module-name HTTP -I Sources/CEpoll -I "$work/modules" \
  -L "$work/modules" -lLogging $(find Sources/HTTP -name '*.swift' | sort) Sources/Storefront/Media/SHA256.swift \
  Tests/Benchmarks/UploadStream/main.swift -o "$work/bench" 2>&1 | { grep -v "Cannot export local symbol" >&2 || true; }
head -c $((size_mb << 20)) /dev/urandom > "$work/body"

kib() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k / 1024}'; }
run() { # route port
  mkfifo "$work/in-$1"
  "$work/bench" "$2" < "$work/in-$1" > "$work/out-$1" & pid=$!
  exec 3> "$work/in-$1"
  for _ in $(seq 300); do grep -q listening "$work/out-$1" 2>/dev/null && break; sleep 0.1; done
  local before answer peak
  before=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  answer=$(curl -fsS -H 'Content-Type: application/octet-stream' --data-binary "@$work/body" "http://127.0.0.1:$2/$1")
  peak=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  echo "$1: ${size_mb} MiB body answered \"$answer\"; RSS before $(kib "$before"), peak $(kib "$peak")"
  exec 3>&-
  wait "$pid" || true
  pid=
}
run stream 18121
grep sha256 "$work/out-stream"
run whole 18122
