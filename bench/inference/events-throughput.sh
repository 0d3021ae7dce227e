#!/usr/bin/env bash
# Issue 16 item 6: how many shop events per second `POST /v1/events` takes into the durable sink, in batches of 100.
# Starts `ecml serve` on an empty store (the sink is the store's events/), runs wrk for DURATION with CONNECTIONS
# connections posting one batch of 100 schema-v2 events per request, samples the server's resident memory every
# second, stops the server (which flushes), then counts the events the sink's objects hold.
#   bench/inference/events-throughput.sh [path/to/ecml.dll]      (default: .ecml/bin/ecml.dll, built by `make build`)
set -euo pipefail
cd "$(dirname "$0")/../.."
ECML_DLL=${1:-${ECML_HOME:-.ecml}/bin/ecml.dll}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${BENCH_PORT:-18091}
WORK=$(mktemp -d)
trap 'kill "$server" "$sampler" 2>/dev/null || true; rm -rf "$WORK"' EXIT

mkdir -p "$WORK/store"
# One client (wrk) sends everything: the per-client limits are raised so they do not cap the measurement.
Ecml__Inference__RateLimitPerSecond=10000000 Ecml__Inference__RateLimitBurst=10000000 Ecml__Inference__MaxConcurrentRequestsPerClient=4096 \
  dotnet "$ECML_DLL" serve --store "$WORK/store" --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -s "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

python3 - "$WORK/body.json" <<'PY'
import json, sys, datetime
at = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=10)).isoformat(timespec="seconds")
events = []
for i in range(100):
    kind = ["product_view", "add_to_cart", "page_view", "purchase"][i % 4]
    e = {"id": f"bench-{i:03d}", "type": kind, "occurredAt": at, "sessionId": f"s{i % 7}",
         "customerId": f"C{i % 50:05d}", "source": {"page": "/p", "position": i % 10}}
    if kind in ("product_view", "add_to_cart"):
        e["productId"] = f"P{i % 300:04d}"
    if kind == "purchase":
        e["orderId"] = f"O{i:05d}"
        e["lines"] = [{"productId": f"P{i % 300:04d}", "quantity": 1, "unitPrice": 19.99}]
    events.append(e)
json.dump({"schemaVersion": 2, "events": events}, open(sys.argv[1], "w"))
PY
cat >"$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$WORK/body.json", "r"); wrk.body = f:read("*a"); f:close()
LUA
code=$(curl -s -o "$WORK/answer" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$WORK/body.json" "http://127.0.0.1:$PORT/v1/events")
echo "one batch: HTTP $code $(head -c 200 "$WORK/answer")"

( peak=0; while kill -0 "$server" 2>/dev/null; do
    kb=$(awk '/^VmRSS/ { print $2 }' "/proc/$server/status" 2>/dev/null || echo 0); [ "${kb:-0}" -gt "$peak" ] && peak=$kb
    echo "$peak" >"$WORK/peak"; sleep 1; done ) &
sampler=$!
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$WORK/post.lua" "http://127.0.0.1:$PORT/v1/events" | tee "$WORK/wrk.txt"
kill -TERM "$server"; wait "$server" 2>/dev/null || true
rps=$(awk '/^Requests\/sec/ { print $2 }' "$WORK/wrk.txt")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$WORK/wrk.txt"); non2xx=${non2xx:-0}
stored=$(find "$WORK/store/events" -name '*.jsonl.gz' -print0 | xargs -0 -r zcat | wc -l)
objects=$(find "$WORK/store/events" -name '*.jsonl.gz' | wc -l)
echo "requests/s $rps (non-2xx $non2xx) → events/s $(python3 -c "print(f'{float(\"$rps\") * 100:,.0f}')")"
echo "sink: $stored events in $objects objects after the server stopped; peak resident memory $(( $(cat "$WORK/peak") / 1024 )) MB"
