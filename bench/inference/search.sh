#!/usr/bin/env bash
# bench/inference/search.sh: product search on a 100,000-product catalogue (issue 20 item 5), a sibling of run.sh.
# Builds `ecml` and the bench program, writes a generated catalogue of PRODUCTS products as canonical CSVs
# (`EcommerceMl.Bench search-catalogue`: names, descriptions, colour/material/size attributes), times
# `ecml train --task search --algorithm bm25` on it (the manifest's index_seconds is the index build alone; the run
# also scores 2,000 known-item queries), serves the version with `ecml serve`, and measures with wrk on loopback:
# GET /v1/search (QUERIES distinct queries of 1–3 words drawn from product names, walked in turn) and
# GET /v1/search/suggest (prefixes of those words) — warm-up, the maximum rate (median of ROUNDS runs), then half of
# it for HALF_DURATION with the calibrated per-connection delay of run.sh, for the p99 the issue asks for. Prints a
# table and writes bench/inference/search-results.json, with the 1-minute load average when each row began, and the
# server's CPU per request at the maximum rate (its utime + stime from /proc over the requests wrk completed): on a
# machine shared with other work, requests/s and latency follow the share of the cores the server gets; CPU per
# request does not.
# REUSE=1 keeps the catalogue and store of an earlier run (no generation or training; train_seconds is then null);
# ECML_DLL serves another build's ecml.dll (e.g. the commit before a change) against the same store, for an A/B.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${ECML_HOME:-.ecml}/bench-search
PRODUCTS=${PRODUCTS:-100000}
QUERIES=${QUERIES:-2000}
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
HALF_DURATION=${HALF_DURATION:-10s}
WARMUP=${WARMUP:-3s}
CALIBRATION=${CALIBRATION:-2s}
CALIBRATIONS=${CALIBRATIONS:-4}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
PORT=${BENCH_PORT:-18090}
GC_SERVER=${GC_SERVER:-1}
OUT=bench/inference/search-results.json
REUSE=${REUSE:-0}

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y --no-install-recommends wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }

make -s build
dotnet build bench/EcommerceMl.Bench -c Release --nologo -v quiet -clp:ErrorsOnly
ECML="dotnet ${ECML_HOME:-.ecml}/bin/ecml.dll"
if [ "$REUSE" = 1 ] && ls "$WORK"/store/models/search/versions/*/manifest.json >/dev/null 2>&1; then
  train_s=null
else
  rm -rf "$WORK" && mkdir -p "$WORK"
  dotnet bench/EcommerceMl.Bench/bin/Release/net10.0/EcommerceMl.Bench.dll search-catalogue "$PRODUCTS" "$WORK/shop" >/dev/null
  started=$(date +%s.%N)
  $ECML train --task search --algorithm bm25 --data "$WORK/shop" --store "$WORK/store" --model search >"$WORK/train.log"
  train_s=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
fi
SERVE="dotnet ${ECML_DLL:-${ECML_HOME:-.ecml}/bin/ecml.dll}"
manifest=$(ls "$WORK"/store/models/search/versions/*/manifest.json | head -1)
index_s=$(grep -o '"index_seconds": *[0-9.eE+-]*' "$manifest" | sed 's/.*: *//')
model_mb=$(du -m "$(dirname "$manifest")/model.bin" | cut -f1)
echo "catalogue: $PRODUCTS products; ecml train: ${train_s}s in all (null: REUSE=1), index build ${index_s}s; model.bin ${model_mb} MB; load $(cut -d' ' -f1-3 /proc/loadavg)"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
DOTNET_gcServer=$GC_SERVER Ecml__Inference__RateLimitPerSecond=10000000 Ecml__Inference__RateLimitBurst=10000000 \
  $SERVE serve --store "$WORK/store" --urls "http://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
pids+=($!)
server=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 240); do curl -sf "$BASE/readyz" >/dev/null && break; sleep 0.5; done
curl -sf "$BASE/readyz" >/dev/null || { echo "the inference server did not become ready; see $WORK/server.log" >&2; exit 1; }

# Queries: 1–3 consecutive words of product names (seeded), URL-encoded; prefixes: a name word's first 3 letters.
awk -F, -v n="$QUERIES" 'NR > 1 && NR <= n + 1 { split($2, w, " "); k = (NR % 3) + 1; s = (NR % length(w)) + 1;
  q = ""; for (i = s; i < s + k && i <= length(w); i++) q = q (q == "" ? "" : "+") tolower(w[i]); print q }' "$WORK/shop/products.csv" >"$WORK/queries.txt"
awk -F'+' '{ print substr($1, 1, 3) }' "$WORK/queries.txt" | sort -u >"$WORK/prefixes.txt"

to_ms() { awk -v p="$1" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
  print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v); exit }'; }
script_for() { # ids file, path before, path after, [mean delay ms]
  local script="$WORK/request.lua"
  { printf 'local ids = {'; sed 's/.*/"&",/' "$1"; printf '}\nlocal i = 0\n'
    printf 'function request() i = i %% #ids + 1 return wrk.format(nil, "%s" .. ids[i] .. "%s") end\n' "$2" "$3"; } >"$script"
  if [ -n "${4:-}" ]; then
    awk -v d="$4" 'BEGIN { lo = int(d); printf "math.randomseed(7)\nfunction delay() if math.random() < %.4f then return %d end return %d end\n", d - lo, lo + 1, lo }' >>"$script"
  fi
  echo "$script"
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
measure() { # duration, ids, before, after, [delay] -> "rps p50 p99 cpu_ms_per_request"
  local ticks
  ticks=$(cpu_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency -s "$(script_for "$2" "$3" "$4" "${5:-}")" "$BASE" >"$WORK/wrk.txt"
  local errors
  errors=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$WORK/wrk.txt")
  [ -z "$errors" ] || { echo "$3 answered $errors non-2xx responses; see $WORK/wrk.txt" >&2; exit 1; }
  local cpu
  cpu=$(awk -v t0="$ticks" -v t1="$(cpu_ticks)" -v hz="$(getconf CLK_TCK)" '/ requests in / { printf "%.4f", (t1 - t0) / hz * 1000 / $1 }' "$WORK/wrk.txt")
  echo "$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk.txt") $(to_ms "50%" <"$WORK/wrk.txt") $(to_ms "99%" <"$WORK/wrk.txt") $cpu"
}
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

ENDPOINTS=(
  "GET /v1/search?q={query}&limit=20|$WORK/queries.txt|/v1/search?q=|&limit=20"
  "GET /v1/search/suggest?q={prefix}|$WORK/prefixes.txt|/v1/search/suggest?q=|"
)
for e in "${ENDPOINTS[@]}"; do IFS='|' read -r name ids before after <<<"$e"; measure "$WARMUP" "$ids" "$before" "$after" >/dev/null; done
rows=()
printf '%-36s %10s %8s %8s %10s %12s %11s %6s\n' endpoint rps p50_ms p99_ms half_rps half_p99_ms cpu_ms/req load
for e in "${ENDPOINTS[@]}"; do
  IFS='|' read -r name ids before after <<<"$e"
  load=$(cut -d' ' -f1 /proc/loadavg)
  all_rps=() all_p50=() all_p99=() all_cpu=()
  for _ in $(seq 1 "$ROUNDS"); do
    read -r r p5 p9 c <<<"$(measure "$DURATION" "$ids" "$before" "$after")"
    all_rps+=("$r") all_p50+=("$p5") all_p99+=("$p9") all_cpu+=("$c")
  done
  rps=$(echo "${all_rps[*]}" | median); p50=$(echo "${all_p50[*]}" | median); p99=$(echo "${all_p99[*]}" | median)
  cpu=$(echo "${all_cpu[*]}" | median)
  # Half the maximum: the delay per connection is calibrated until the reached rate is within 5 % (run.sh explains why).
  target=$(awk -v r="$rps" 'BEGIN { printf "%.1f", r / 2 }')
  delay=$(awk -v c="$CONNECTIONS" -v t="$target" 'BEGIN { printf "%.3f", c * 1000 / t }')
  for _ in $(seq 1 "$CALIBRATIONS"); do
    read -r crate _ _ _ <<<"$(measure "$CALIBRATION" "$ids" "$before" "$after" "$delay")"
    awk -v r="$crate" -v t="$target" 'BEGIN { exit !(r > 0.95 * t && r < 1.05 * t) }' && break
    delay=$(awk -v c="$CONNECTIONS" -v t="$target" -v r="$crate" -v d="$delay" \
      'BEGIN { d += c * 1000 / t - c * 1000 / r; printf "%.3f", (d < 0.05 ? 0.05 : d) }')
  done
  read -r hrps _ hp99 _ <<<"$(measure "$HALF_DURATION" "$ids" "$before" "$after" "$delay")"
  printf '%-36s %10.0f %8.3f %8.3f %10.0f %12.3f %11.3f %6s\n' "$name" "$rps" "$p50" "$p99" "$hrps" "$hp99" "$cpu" "$load"
  rows+=("{\"endpoint\":\"$name\",\"rps\":$rps,\"p50_ms\":$p50,\"p99_ms\":$p99,\"half_rate_target_rps\":$target,\"half_rate_rps\":$hrps,\"half_rate_p99_ms\":$hp99,\"cpu_ms_per_request\":$cpu,\"load_average_1m\":$load}")
done
{
  echo "{\"products\":$PRODUCTS,\"train_seconds\":$train_s,\"index_seconds\":$index_s,\"model_mb\":$model_mb,\"cores\":$(nproc),\"results\":["
  for i in "${!rows[@]}"; do printf '  %s%s\n' "${rows[$i]}" "$([ "$i" -lt $((${#rows[@]} - 1)) ] && echo ,)"; done
  echo "]}"
} >"$OUT"
echo "wrote $OUT (wrk -t$THREADS -c$CONNECTIONS on 127.0.0.1, $(nproc) cores, DOTNET_gcServer=$GC_SERVER; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); command: bench/inference/search.sh)"
