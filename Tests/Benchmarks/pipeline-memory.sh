#!/bin/bash
# What a client that pipelines requests and never reads its answers costs the server in memory (not a test).
# For each N: a fresh release http-bench-server, one client sends N pipelined `GET /24k` (24 KB answers) and
# never reads; once the server's RSS stops moving, prints its growth over the idle server.
# Usage: Tests/Benchmarks/pipeline-memory.sh [N ...]   (default 500 1000 2000 4000)
set -euo pipefail
cd "$(dirname "$0")/../.."
counts=("$@"); [[ ${#counts[@]} -gt 0 ]] || counts=(500 1000 2000 4000)
swift build -c release --product http-bench-server >/dev/null
bin="$(swift build -c release --show-bin-path)/http-bench-server"
port=18097 pid=
cleanup() { [[ -z "$pid" ]] || { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; }
trap cleanup EXIT

for n in "${counts[@]}"; do
  "$bin" "$port" >/dev/null 2>&1 & pid=$!
  python3 - "$port" "$pid" "$n" <<'PY'
import socket, sys, time
port, pid, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
def rss_kb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1])
for _ in range(200):
    try: socket.create_connection(("127.0.0.1", port)).close(); break
    except OSError: time.sleep(0.05)
# Warm the server up the way the measured client will use it, so the idle figure includes its arenas.
warm = socket.create_connection(("127.0.0.1", port))
warm.sendall(b"GET /24k HTTP/1.1\r\nHost: x\r\n\r\n" * 20)
got = b""
while got.count(b"HTTP/1.1 200") < 20 or not got.endswith(b"x"): got += warm.recv(1 << 20)
warm.close(); time.sleep(0.5)
idle = rss_kb()
client = socket.create_connection(("127.0.0.1", port))
client.setblocking(False)
request = b"GET /24k HTTP/1.1\r\nHost: x\r\n\r\n"
pending, deadline = request * n, time.time() + 10
while pending and time.time() < deadline:
    try: pending = pending[client.send(pending):]
    except BlockingIOError: time.sleep(0.01)
sent = n - len(pending) // len(request)
# Wait until RSS holds still for a second (the server answers as fast as it can; the client reads nothing).
last, still = rss_kb(), 0
while still < 4:
    time.sleep(0.25); now = rss_kb()
    still = still + 1 if abs(now - last) < 256 else 0
    last = now
print(f"N={n}: {sent} requests taken by the socket, server RSS +{(last - idle) / 1024:.1f} MB over idle ({idle / 1024:.1f} MB)")
client.close()
PY
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done
