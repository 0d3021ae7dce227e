#!/usr/bin/env bash
# Memory of the inference server after COUNT events whose customerId is ID_CHARS characters long (issue 15: 200
# one-megabyte ids). Starts `ecml serve` (no models needed) on 127.0.0.1:$PORT, posts the events one request each,
# then prints how many were accepted and refused, the buffer's own figures, the managed heap after a full collection
# and the process's resident memory.
#   bench/inference/event-memory.sh [path/to/ecml.dll]      (default: .ecml/bin/ecml.dll, built by `make build`)
# Extra server settings go through the environment, e.g. Ecml__Inference__MaxStringLength=1048576.
set -euo pipefail
cd "$(dirname "$0")/../.."
ECML_DLL=${1:-${ECML_HOME:-.ecml}/bin/ecml.dll}
COUNT=${COUNT:-200}
ID_CHARS=${ID_CHARS:-1000000}
PORT=${BENCH_PORT:-18090}
WORK=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$WORK"' EXIT

mkdir -p "$WORK/store"
DOTNET_gcServer=${GC_SERVER:-1} dotnet "$ECML_DLL" serve --store "$WORK/store" --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -s "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

rss() { awk '/^VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status"; }
echo "before: resident $(rss)"
python3 - "$WORK/body.json" "$ID_CHARS" <<'EOF'
import json, sys
path, chars = sys.argv[1], int(sys.argv[2])
json.dump({"events": [{"type": "view", "customerId": "c" * chars, "productId": "p1"}]}, open(path, "w"))
EOF
accepted=0; refused=0
for _ in $(seq 1 "$COUNT"); do
  code=$(curl -s -o "$WORK/answer" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$WORK/body.json" "http://127.0.0.1:$PORT/v1/events")
  if [ "$code" = 202 ]; then accepted=$((accepted + 1)); else refused=$((refused + 1)); last="$code $(head -c 300 "$WORK/answer")"; fi
done
echo "events: $accepted accepted, $refused refused${last:+ (last: $last)}"
metrics=$(curl -s "http://127.0.0.1:$PORT/metrics")
echo "$metrics" | grep -E '^ecml_events_buffered(_bytes)? ' || true
echo "managed heap: $(echo "$metrics" | awk '/^dotnet_total_memory_bytes / { printf "%.0f MB", $2 / 1048576 }') (GC.GetTotalMemory, garbage not yet collected included)"
echo "after: resident $(rss)"
