#!/usr/bin/env bash
# make bench-inference: wrk on loopback against the inference server (models trained on a synthetic shop)
# and, endpoint by endpoint, against a bare Kestrel endpoint answering a constant body of the same size —
# the ceiling on this machine. Prints the table and writes bench/inference/results.json. Bounded: about
# 4 × (2 × ROUNDS × DURATION + HALF_DURATION + 3 × WARMUP + at most CALIBRATIONS × CALIBRATION) seconds of load
# (~3.5–4 min by default) plus build and training. Each endpoint is warmed up first (the JIT's tiers settle), measured
# at full load in ROUNDS turns against the ceiling, then measured again at half the rate it reached for the p99 the
# issue asks for at half of the maximum throughput: wrk's delay() per connection, calibrated by short runs so that
# the connection's whole cycle (latency + delay + wrk's timer slack), not the delay alone, gives the rate.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=${ECML_HOME:-.ecml}/bench
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
HALF_DURATION=${HALF_DURATION:-10s}
WARMUP=${WARMUP:-3s}
CALIBRATION=${CALIBRATION:-2s}
CALIBRATIONS=${CALIBRATIONS:-4}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
PORT=${BENCH_PORT:-18080}
CEILING_PORT=${BENCH_CEILING_PORT:-18081}
OUT=bench/inference/results.json
# The server and the ceiling run with the same runtime settings, or the ratio compares GC modes, not servers: `ecml`
# is a console app (workstation GC by default) and the ceiling a web app (server GC by default). Server GC is what
# the inference container (a web app) runs with.
GC_SERVER=${GC_SERVER:-1}

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y --no-install-recommends wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }

make -s build
dotnet build bench/inference/Ceiling/Ceiling.csproj -c Release --nologo -v quiet -clp:ErrorsOnly -o "$WORK/ceiling"
ECML="dotnet ${ECML_HOME:-.ecml}/bin/ecml.dll"
rm -rf "$WORK/shop" "$WORK/store"
$ECML generate --out "$WORK/shop" --seed 7 >/dev/null
$ECML train --task recommendation --algorithm item-cosine --data "$WORK/shop" --store "$WORK/store" --model recs >/dev/null
$ECML train --task churn --algorithm logistic --data "$WORK/shop" --store "$WORK/store" --model churn >/dev/null

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
# wrk is one client (127.0.0.1) at tens of thousands of requests per second: the per-client rate limit stays on, so
# its cost is in the figures, with a bound wrk never reaches.
DOTNET_gcServer=$GC_SERVER Ecml__Inference__RateLimitPerSecond=10000000 Ecml__Inference__RateLimitBurst=10000000 \
  $ECML serve --store "$WORK/store" --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
pids+=($!)
DOTNET_gcServer=$GC_SERVER dotnet "$WORK/ceiling/Ceiling.dll" --urls "http://127.0.0.1:$CEILING_PORT" >"$WORK/ceiling.log" 2>&1 &
pids+=($!)
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do curl -sf "$BASE/readyz" >/dev/null && curl -sf "http://127.0.0.1:$CEILING_PORT/2" >/dev/null && break; sleep 0.5; done
curl -sf "$BASE/readyz" >/dev/null || { echo "the inference server did not become ready; see $WORK/server.log" >&2; exit 1; }

# Real ids from the loaded models: the most active customer, and a product recommended to them.
CUSTOMER=$(curl -sf "$BASE/v1/dashboard" | sed -E 's/.*"recommenders":\[\{"model":"[^"]*","customers":\["([^"]+)".*/\1/')
PRODUCT=$(curl -sf "$BASE/v1/recommendations/$CUSTOMER?k=1" | sed -E 's/.*"productId":"([^"]+)".*/\1/')
CHURN_BODY="{\"customerId\":\"$CUSTOMER\"}"
# The GET endpoints walk through many ids, as a shop's traffic does, not one hot id: up to 1,000 customers who have
# ordered and 1,000 products that were bought (the server's per-id answer cache and the CPU caches see a realistic
# working set). The ceiling gets the same paths' shape (/<bytes>?id=<id>), so wrk's own per-request work is the same.
ID_COUNT=${ID_COUNT:-1000}
first_ids() { awk -F, 'NR > 1 { print $2 }' "$1" | sort -u | awk -v n="$ID_COUNT" 'NR <= n'; }
first_ids "$WORK/shop/orders.csv" >"$WORK/customers.ids"
first_ids "$WORK/shop/order_items.csv" >"$WORK/products.ids"
V2_BODY="{\"inputs\":[{\"name\":\"customer_id\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"$CUSTOMER\"]},{\"name\":\"k\",\"shape\":[1],\"datatype\":\"INT32\",\"data\":[10]}]}"

# wrk's latency line (e.g. "99%    1.23ms") in milliseconds.
to_ms() { awk -v p="$1" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
  print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v); exit }'; }
script_for() { # url [body] [mean delay in ms per request per connection, for a fixed rate] [ids file path-prefix path-suffix]
  local script="$WORK/request.lua"
  : >"$script"
  if [ -n "${4:-}" ]; then
    # request() walks the ids in turn (each wrk thread from its own start), building "<prefix><id><suffix>".
    { printf 'local ids = {'; sed 's/.*/"&",/' "$4"; printf '}\nlocal i = 0\n'
      printf 'function request() i = i %% #ids + 1 return wrk.format(nil, "%s" .. ids[i] .. "%s") end\n' "$5" "${6:-}"; } >>"$script"
  fi
  if [ -n "${2:-}" ]; then
    printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$2" >>"$script"
  fi
  if [ -n "${3:-}" ]; then
    # wrk waits whole milliseconds; a fractional mean is reached by choosing between the two nearest (seeded, so
    # every run draws the same sequence).
    awk -v d="$3" 'BEGIN { lo = int(d); printf "math.randomseed(7)\nfunction delay() if math.random() < %.4f then return %d end return %d end\n", d - lo, lo + 1, lo }' >>"$script"
  fi
  echo "$script"
}
warm() { # url [body] [ids file path-prefix path-suffix]
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$(script_for "$1" "${2:-}" "" "${3:-}" "${4:-}" "${5:-}")" "$1" >/dev/null
}
measure() { # url [body] [delay ms, as script_for] [duration] [ids file path-prefix path-suffix] -> "rps p50_ms p99_ms"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${4:-$DURATION}" --latency -s "$(script_for "$1" "${2:-}" "${3:-}" "${5:-}" "${6:-}" "${7:-}")" "$1" >"$WORK/wrk.txt"
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk.txt")
  p50=$(to_ms "50%" <"$WORK/wrk.txt"); p99=$(to_ms "99%" <"$WORK/wrk.txt")
  errors=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$WORK/wrk.txt")
  [ -z "$errors" ] || { echo "$1 answered $errors non-2xx responses; see $WORK/wrk.txt" >&2; exit 1; }
  echo "$rps $p50 $p99"
}
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
size_of() { if [ -n "${2:-}" ]; then curl -sf -H 'Content-Type: application/json' -d "$2" "$1"; else curl -sf "$1"; fi | wc -c; }

# name | url | body | ids file | path before the id | path after it (the url is also the one whose answer's size the
# ceiling returns: the first id's).
ENDPOINTS=(
  "GET /v1/products/{id}/similar?k=10|$BASE/v1/products/$(sed -n 1p "$WORK/products.ids")/similar?k=10||$WORK/products.ids|/v1/products/|/similar?k=10"
  "GET /v1/recommendations/{id}?k=10|$BASE/v1/recommendations/$(sed -n 1p "$WORK/customers.ids")?k=10||$WORK/customers.ids|/v1/recommendations/|?k=10"
  "POST /v1/churn|$BASE/v1/churn|$CHURN_BODY|||"
  "POST /v2/models/recs/infer|$BASE/v2/models/recs/infer|$V2_BODY|||"
)
# Warm every endpoint before measuring any, so the first one measured does not pay for the JIT's shared work.
for e in "${ENDPOINTS[@]}"; do
  IFS='|' read -r name url body ids prefix suffix <<<"$e"
  warm "$url" "$body" "$ids" "$prefix" "$suffix"
done
rows=()
printf '%-48s %10s %8s %8s %12s %7s %10s %12s %6s\n' endpoint rps p50_ms p99_ms ceiling_rps ratio half_rps half_p99_ms load
for e in "${ENDPOINTS[@]}"; do
  IFS='|' read -r name url body ids prefix suffix <<<"$e"
  bytes=$(size_of "$url" "$body")
  load=$(cut -d' ' -f1 /proc/loadavg)
  ceiling="http://127.0.0.1:$CEILING_PORT/$bytes"
  warm "$url" "$body" "$ids" "$prefix" "$suffix"
  warm "$ceiling" "$body" "$ids" "/$bytes?id=" ""
  # Server and ceiling take turns, ROUNDS pairs of DURATION each: the machine's slow swings (another process, the
  # CPU's clock) then fall on both sides of a pair, and the ratio is the median of the pairs' ratios. rps, p50, p99
  # and the ceiling's rps are each the median over the rounds.
  all_rps=() all_p50=() all_p99=() all_crps=() ratios=()
  for _ in $(seq 1 "$ROUNDS"); do
    read -r r p5 p9 <<<"$(measure "$url" "$body" "" "" "$ids" "$prefix" "$suffix")"
    read -r c _ _ <<<"$(measure "$ceiling" "$body" "" "" "$ids" "/$bytes?id=" "")"
    all_rps+=("$r") all_p50+=("$p5") all_p99+=("$p9") all_crps+=("$c")
    ratios+=("$(awk -v a="$r" -v b="$c" 'BEGIN { printf "%.3f", a / b }')")
  done
  rps=$(echo "${all_rps[*]}" | median); p50=$(echo "${all_p50[*]}" | median); p99=$(echo "${all_p99[*]}" | median)
  crps=$(echo "${all_crps[*]}" | median); ratio=$(printf "%.3f" "$(echo "${ratios[*]}" | median)")
  # Half of the maximum. A connection's cycle is its request's latency plus its delay (and wrk's timers, which fire
  # on whole milliseconds, add their own slack), so a delay of CONNECTIONS / (rps / 2) alone misses the rate.
  # Calibration runs (CALIBRATION long, at most CALIBRATIONS) measure the cycle (CONNECTIONS / achieved rate) and move
  # the delay by what the cycle is off, until the achieved rate is within 5 % of the target; the measured run uses
  # the last delay, and half_rate_rps records the rate it reached.
  target=$(awk -v r="$rps" 'BEGIN { printf "%.1f", r / 2 }')
  delay=$(awk -v c="$CONNECTIONS" -v t="$target" 'BEGIN { printf "%.3f", c * 1000 / t }')
  for _ in $(seq 1 "$CALIBRATIONS"); do
    read -r crate _ _ <<<"$(measure "$url" "$body" "$delay" "$CALIBRATION" "$ids" "$prefix" "$suffix")"
    awk -v r="$crate" -v t="$target" 'BEGIN { exit !(r > 0.95 * t && r < 1.05 * t) }' && break
    delay=$(awk -v c="$CONNECTIONS" -v t="$target" -v r="$crate" -v d="$delay" \
      'BEGIN { d += c * 1000 / t - c * 1000 / r; printf "%.3f", (d < 0.05 ? 0.05 : d) }')
  done
  read -r hrps _ hp99 <<<"$(measure "$url" "$body" "$delay" "$HALF_DURATION" "$ids" "$prefix" "$suffix")"
  printf '%-48s %10.0f %8.3f %8.3f %12.0f %7s %10.0f %12.3f %6s\n' "$name" "$rps" "$p50" "$p99" "$crps" "$ratio" "$hrps" "$hp99" "$load"
  rows+=("{\"endpoint\":\"$name\",\"rps\":$rps,\"p50_ms\":$p50,\"p99_ms\":$p99,\"ceiling_rps\":$crps,\"ratio\":$ratio,\"round_ratios\":[$(IFS=,; echo "${ratios[*]}")],\"half_rate_target_rps\":$target,\"half_rate_rps\":$hrps,\"half_rate_p99_ms\":$hp99,\"response_bytes\":$bytes,\"load_average_1m\":$load}")
done
{
  echo "["
  for i in "${!rows[@]}"; do printf '  %s%s\n' "${rows[$i]}" "$([ "$i" -lt $((${#rows[@]} - 1)) ] && echo ,)"; done
  echo "]"
} >"$OUT"
echo "wrote $OUT (wrk -t$THREADS -c$CONNECTIONS -d$DURATION × $ROUNDS rounds against each on 127.0.0.1, $(nproc) cores, DOTNET_gcServer=$GC_SERVER for both; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); command: make bench-inference)"
