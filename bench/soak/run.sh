#!/usr/bin/env bash
# Soak (issue 15 item 7): SOAK_SECONDS (600) of mixed traffic — recommendations, similar products,
# churn, V2 infer and event batches, in turn — at half the maximum rate this machine reaches, while
# a new version of the recommender is trained and published every SWAP_SECONDS (60) and the server
# hot-swaps to it (RefreshInterval 5 s). Every SLICE (10 s): requests/s, errors (non-2xx and socket
# errors; target 0), p50/p99 and the server's resident memory (target: under 10% growth after the
# first minute). Writes bench/soak/results.csv and prints a summary. Loopback only, bounded in time.
#   bench/soak/run.sh                     # 10 minutes
#   SOAK_SECONDS=120 bench/soak/run.sh    # a short check of the script itself
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${ECML_HOME:-.ecml}/soak
SOAK_SECONDS=${SOAK_SECONDS:-600}
SWAP_SECONDS=${SWAP_SECONDS:-60}
SLICE=${SLICE:-10}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${SOAK_PORT:-18090}
OUT=${SOAK_OUT:-bench/soak/results.csv}

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y --no-install-recommends wrk" >&2; exit 2; }
make -s build
ECML="dotnet ${ECML_HOME:-.ecml}/bin/ecml.dll"
rm -rf "$WORK"; mkdir -p "$WORK"
$ECML generate --out "$WORK/shop" --seed 7 >/dev/null
$ECML train --task recommendation --algorithm item-cosine --data "$WORK/shop" --store "$WORK/store" --model recs >/dev/null
$ECML train --task churn --algorithm logistic --data "$WORK/shop" --store "$WORK/store" --model churn >/dev/null

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
# Models at "latest", looked at every 5 s, so each published version is swapped in within seconds.
Ecml__Inference__RefreshInterval=00:00:05 DOTNET_gcServer=1 \
  $ECML serve --store "$WORK/store" --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
server=$!; pids+=("$server")
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do curl -sf "$BASE/readyz" >/dev/null && break; sleep 0.5; done
curl -sf "$BASE/readyz" >/dev/null || { echo "the server did not become ready; see $WORK/server.log" >&2; exit 1; }
# `ecml serve` may run the server as a child of the dotnet host: memory is the listening process's.
listener=$(ss -ltnp "sport = :$PORT" | grep -o 'pid=[0-9]*' | awk -F= 'NR == 1 { print $2 }' || true)
listener=${listener:-$server}

# The mixed request cycle, over real ids (customers who ordered, products that were bought); awk, not
# head, takes the first 500, so sort never dies of SIGPIPE under pipefail.
awk -F, 'NR > 1 { print $2 }' "$WORK/shop/orders.csv" | sort -u | awk 'NR <= 500' >"$WORK/customers.ids"
awk -F, 'NR > 1 { print $2 }' "$WORK/shop/order_items.csv" | sort -u | awk 'NR <= 500' >"$WORK/products.ids"
script() { # [mean delay per request per connection, ms]
  {
    printf 'local customers = {'; sed 's/.*/"&",/' "$WORK/customers.ids"; printf '}\n'
    printf 'local products = {'; sed 's/.*/"&",/' "$WORK/products.ids"; printf '}\n'
    cat <<'LUA'
local i = 0
local json = {["Content-Type"] = "application/json"}
function request()
  i = i + 1
  local c = customers[i % #customers + 1]
  local p = products[i % #products + 1]
  local kind = i % 5
  if kind == 0 then return wrk.format("GET", "/v1/recommendations/" .. c .. "?k=10") end
  if kind == 1 then return wrk.format("GET", "/v1/products/" .. p .. "/similar?k=10") end
  if kind == 2 then return wrk.format("POST", "/v1/churn", json, '{"customerId":"' .. c .. '"}') end
  if kind == 3 then return wrk.format("POST", "/v2/models/recs/infer", json,
    '{"inputs":[{"name":"customer_id","shape":[1],"datatype":"BYTES","data":["' .. c .. '"]},{"name":"k","shape":[1],"datatype":"INT32","data":[10]}]}') end
  return wrk.format("POST", "/v1/events", json,
    '{"events":[{"type":"view","customerId":"' .. c .. '","productId":"' .. p .. '"},{"type":"add_to_cart","customerId":"' .. c .. '","productId":"' .. p .. '"}]}')
end
LUA
    if [ -n "${1:-}" ]; then
      awk -v d="$1" 'BEGIN { lo = int(d); printf "math.randomseed(7)\nfunction delay() if math.random() < %.4f then return %d end return %d end\n", d - lo, lo + 1, lo }'
    fi
  } >"$WORK/mixed.lua"
  echo "$WORK/mixed.lua"
}
to_ms() { awk -v p="$1" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
  print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v); exit }'; }
slice() { # seconds [delay] -> "rps errors p50 p99" (with $conns connections)
  wrk -t1 -c"$conns" -d"${1}s" --latency -s "$(script "${2:-}")" "$BASE" >"$WORK/wrk.txt" 2>&1 || true
  local rps non2xx socket
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk.txt")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$WORK/wrk.txt")
  socket=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$WORK/wrk.txt")
  echo "${rps:-0} $(( ${non2xx:-0} + ${socket:-0} )) $(to_ms "50%" <"$WORK/wrk.txt") $(to_ms "99%" <"$WORK/wrk.txt")"
}
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$listener/status"; }

# The maximum: the mixed cycle at full load (after a warm-up for the JIT), then half of it through
# wrk's per-connection delay (the cycle is latency + delay, so the delay alone gives at most half).
conns=$CONNECTIONS
slice 10 >/dev/null
read -r max_rps _ _ _ <<<"$(slice 10)"
half=$(awk -v r="$max_rps" 'BEGIN { printf "%.0f", r / 2 }')
# wrk's delay() counts whole milliseconds: enough connections that each one's cycle is >= 20 ms, so
# rounding and timer slack stay small next to it.
conns=$(awk -v r="$half" -v c="$CONNECTIONS" 'BEGIN { n = int(r * 0.02 + 0.999); print (n > c ? n : c) }')
# A connection's cycle is latency + delay + wrk's timer slack: start from the whole cycle as the delay
# and correct it by short runs until the measured rate is the target's.
cycle=$(awk -v r="$half" -v c="$conns" 'BEGIN { printf "%.3f", c * 1000 / r }')
delay=$cycle
for _ in 1 2 3; do
  read -r rps _ _ _ <<<"$(slice 3 "$delay")"
  delay=$(awk -v d="$delay" -v t="$cycle" -v r="$rps" -v c="$conns" 'BEGIN { n = d + t - c * 1000 / r; printf "%.3f", n < 0 ? 0 : n }')
done
echo "max ${max_rps} req/s (mixed); soaking at ~${half} req/s ($conns connections, delay ${delay} ms per request each) for ${SOAK_SECONDS} s, load $(cut -d' ' -f1 /proc/loadavg)"

echo "t_s,rps,errors,p50_ms,p99_ms,rss_mb,recs_version,load1" >"$OUT"
start=$(date +%s); next_swap=$SWAP_SECONDS; swaps=0; trainers=()
while [ $(( $(date +%s) - start )) -lt "$SOAK_SECONDS" ]; do
  t=$(( $(date +%s) - start ))
  if [ "$t" -ge "$next_swap" ]; then
    # A new version, published while traffic runs; the refresher swaps it in.
    $ECML train --task recommendation --algorithm item-cosine --data "$WORK/shop" --store "$WORK/store" --model recs --seed $(( 100 + swaps )) >>"$WORK/train.log" 2>&1 &
    trainers+=($!)
    swaps=$(( swaps + 1 )); next_swap=$(( next_swap + SWAP_SECONDS ))
  fi
  read -r rps errors p50 p99 <<<"$(slice "$SLICE" "$delay")"
  version=$(curl -sf "$BASE/v2/models/recs" | sed -E 's/.*"versions":\["([^"]+)".*/\1/' || echo "?")
  echo "$(( $(date +%s) - start )),$rps,$errors,$p50,$p99,$(rss_mb),$version,$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUT"
done
for p in "${trainers[@]}"; do wait "$p" || echo "a training run failed; see $WORK/train.log" >&2; done

awk -F, 'NR == 1 { next } { n++; err += $3; if ($5 > p99max) p99max = $5; if (n == 1) first = $6; if ($1 >= 60 && !base) base = $6; last = $6; if ($6 > peak) peak = $6; v[$7] = 1 }
  END { nv = 0; for (k in v) nv++; if (!base) base = first;  # a run shorter than a minute: from the first slice
        printf "slices %d, errors %d, worst p99 %.2f ms, RSS after 1 min (or first slice) %.1f MB, at the end %.1f MB (peak %.1f, growth %.1f%%), versions served %d\n",
          n, err, p99max, base, last, peak, base ? (last - base) * 100 / base : 0, nv }' "$OUT"
