#!/usr/bin/env bash
# A/B of the per-client limits' cost on the request path: one `ecml` build serving the same store twice — A with the
# limits on (rate limiter with a bound wrk never reaches, concurrency limit, request timeout: what run.sh measures),
# B with all three off — and PAIRS alternating wrk runs of DURATION against each, so the machine's swings fall on both.
# Prints each run's requests/s and the median of the pairs' ratios A/B per endpoint.
#   bench/inference/limits-ab.sh [path/to/ecml.dll]      (default: .ecml/bin/ecml.dll, built by `make build`)
set -euo pipefail
cd "$(dirname "$0")/../.."
ECML_DLL=${1:-${ECML_HOME:-.ecml}/bin/ecml.dll}
PAIRS=${PAIRS:-6}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-32}
WORK=$(mktemp -d)
ECML="dotnet $ECML_DLL"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

$ECML generate --out "$WORK/shop" --seed 7 >/dev/null
$ECML train --task recommendation --algorithm item-cosine --data "$WORK/shop" --store "$WORK/store" --model recs >/dev/null
$ECML train --task churn --algorithm logistic --data "$WORK/shop" --store "$WORK/store" --model churn >/dev/null

# A_SETTINGS: more environment for A, e.g. Ecml__Inference__RequestTimeout=00:00:00 to price the rate limiter alone.
env DOTNET_gcServer=1 Ecml__Inference__RateLimitPerSecond=10000000 Ecml__Inference__RateLimitBurst=10000000 ${A_SETTINGS:-} \
  $ECML serve --store "$WORK/store" --urls http://127.0.0.1:18101 >"$WORK/a.log" 2>&1 &
pids+=($!)
DOTNET_gcServer=1 Ecml__Inference__RateLimitPerSecond=0 Ecml__Inference__MaxConcurrentRequestsPerClient=0 Ecml__Inference__RequestTimeout=00:00:00 \
  $ECML serve --store "$WORK/store" --urls http://127.0.0.1:18102 >"$WORK/b.log" 2>&1 &
pids+=($!)
for port in 18101 18102; do
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.5; done
done

CUSTOMER=$(curl -sf http://127.0.0.1:18101/v1/dashboard | sed -E 's/.*"recommenders":\[\{"model":"[^"]*","customers":\["([^"]+)".*/\1/')
cat >"$WORK/churn.lua" <<EOF
wrk.method = "POST"
wrk.body = '{"customerId":"$CUSTOMER"}'
wrk.headers["Content-Type"] = "application/json"
EOF
# Requests/s of one run; a run with any non-2xx answer stops the A/B (an error is cheaper than an answer).
rps() {
  local out; out=$(wrk -t1 -c"$CONNECTIONS" -d"$1" ${3:+-s "$3"} "$2")
  if grep -q 'Non-2xx' <<<"$out"; then echo "non-2xx answers from $2: $out" >&2; exit 1; fi
  awk '/Requests\/sec/ { print $2 }' <<<"$out"
}

ENDPOINTS=${ENDPOINTS:-recommendations churn}
for endpoint in "recommendations:/v1/recommendations/$CUSTOMER?k=10:" "churn:/v1/churn:$WORK/churn.lua"; do
  [[ " $ENDPOINTS " == *" ${endpoint%%:*} "* ]] || continue
  IFS=: read -r name path script <<<"$endpoint"
  rps 3s "http://127.0.0.1:18101$path" "$script" >/dev/null   # warm-up (JIT tiers)
  rps 3s "http://127.0.0.1:18102$path" "$script" >/dev/null
  ratios=()
  for i in $(seq 1 "$PAIRS"); do
    # Alternating which side goes first, so a drift of the machine's load within a pair favours neither.
    if (( i % 2 )); then
      a=$(rps "$DURATION" "http://127.0.0.1:18101$path" "$script"); b=$(rps "$DURATION" "http://127.0.0.1:18102$path" "$script")
    else
      b=$(rps "$DURATION" "http://127.0.0.1:18102$path" "$script"); a=$(rps "$DURATION" "http://127.0.0.1:18101$path" "$script")
    fi
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')
    ratios+=("$ratio")
    echo "$name pair $i: limits on $a rps, off $b rps, ratio $ratio (load $(cut -d' ' -f1 /proc/loadavg))"
  done
  printf '%s\n' "${ratios[@]}" | sort -n | awk -v n="$name" '{ r[NR] = $1 } END { m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2; printf "%s: median ratio on/off %.3f (min %.3f, max %.3f)\n", n, m, r[1], r[NR] }'
done
