#!/usr/bin/env bash
# The ratio to bare Kestrel `make bench-inference` measures, estimated from CPU time instead of requests/s, for a machine
# too busy for requests/s to mean anything: the inference server and the ceiling (bench/inference/Ceiling, answering a
# body of the same size) take turns under the same wrk load, and for each 5 s run the server's or the ceiling's CPU per
# request (utime + stime from /proc/PID/stat, its kernel time for the sockets included) and wrk's own (from
# /usr/bin/time) are taken. On two cores shared by wrk and one server, requests/s ∝ 1 / (wrk's + the server's CPU per
# request), so the ratio is about (wrk + ceiling) / (wrk + server), per pair; the first pair (JIT warm-up) is dropped.
#   ECML_DLL=… PAIRS=6 bench/inference/ratio-cpu.sh [path] [body]
#   (defaults: .ecml/bin/ecml.dll from `make build`, POST /v1/churn for customer C00001; the store trained as run.sh does)
# The estimate leaves out what CPU time does not show (waiting, cache misses a busy machine adds to both sides), so it is
# a check between quiet runs of `make bench-inference`, not a replacement for them.
set -euo pipefail
cd "$(dirname "$0")/../.."
ECML_DLL=${ECML_DLL:-${ECML_HOME:-.ecml}/bin/ecml.dll}
PAIRS=${PAIRS:-6}
TARGET=${1:-/v1/churn}
BODY=${2-'{"customerId":"C00001"}'}
. bench/inference/lib.sh
bench_store "$ECML_DLL"
dotnet build bench/inference/Ceiling/Ceiling.csproj -c Release --nologo -v quiet -clp:ErrorsOnly -o "$WORK/ceiling" >/dev/null
bench_request "$BODY"

# As run.sh runs them: server GC for both, the per-client rate limit on with a bound wrk never reaches.
env DOTNET_gcServer=1 Ecml__Inference__RateLimitPerSecond=10000000 Ecml__Inference__RateLimitBurst=10000000 \
  dotnet "$ECML_DLL" serve --store "$WORK/store" --urls http://127.0.0.1:18211 >"$WORK/server.log" 2>&1 &
server=$!; pids+=($server)
env DOTNET_gcServer=1 dotnet "$WORK/ceiling/Ceiling.dll" --urls http://127.0.0.1:18212 >"$WORK/ceiling.log" 2>&1 &
ceiling=$!; pids+=($ceiling)
wait_answering http://127.0.0.1:18211/readyz
wait_answering http://127.0.0.1:18212/2
if [ -n "$BODY" ]; then
  bytes=$(curl -sf -H 'Content-Type: application/json' -d "$BODY" "http://127.0.0.1:18211$TARGET" | wc -c)
else
  bytes=$(curl -sf "http://127.0.0.1:18211$TARGET" | wc -c)
fi

run() { # pid url -> "process-µs wrk-µs" per request
  local before after out
  before=$(ticks "$1")
  out=$( { /usr/bin/time -f "WRKCPU %U %S" wrk -t1 -c32 -d5s -s "$WORK/request.lua" "$2"; } 2>&1 )
  after=$(ticks "$1")
  echo "$out" | awk -v b="$before" -v a="$after" -v hz="$(getconf CLK_TCK)" '
    /requests in/ { n = $1 } /WRKCPU/ { w = $2 + $3 }
    END { printf "%.2f %.2f", (a - b) * 1e6 / hz / n, w * 1e6 / n }'
}

ratios=(); servers=(); ceilings=()
for i in $(seq 0 "$PAIRS"); do
  read -r s ws <<<"$(run $server "http://127.0.0.1:18211$TARGET")"
  read -r c wc <<<"$(run $ceiling "http://127.0.0.1:18212/$bytes")"
  r=$(awk -v s="$s" -v ws="$ws" -v c="$c" -v wc="$wc" 'BEGIN { printf "%.3f", (wc + c) / (ws + s) }')
  echo "pair $i: server $s µs (wrk $ws), ceiling $c µs (wrk $wc), ratio ≈ $r, load $(cut -d' ' -f1 /proc/loadavg)$([ "$i" = 0 ] && echo '  (warm-up, dropped)')"
  if [ "$i" != 0 ]; then ratios+=("$r"); servers+=("$s"); ceilings+=("$c"); fi
done
echo "$TARGET ($bytes bytes): median CPU µs per request: server $(median "${servers[@]}"), ceiling $(median "${ceilings[@]}"); ratio ≈ $(median "${ratios[@]}")"
