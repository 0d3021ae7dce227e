#!/usr/bin/env bash
# CPU time per request of two inference servers, A and B, under the same wrk load in turns: on a busy machine a
# server's requests/s swing by tens of percent, while the CPU it spends per request moves far less. Each side is an
# `ecml.dll` with its own extra settings; both serve one store (trained here on the synthetic shop, seed 7).
#   A_DLL=… B_DLL=… A_ENV='Ecml__Inference__…=…' B_ENV='…' PAIRS=8 bench/inference/cpu-ab.sh [path] [body]
#   (defaults: both .ecml/bin/ecml.dll from `make build`, no extra settings, POST /v1/churn for customer C00001)
# Prints, per pair, the CPU µs per request of A and B (utime + stime from /proc/PID/stat over wrk's 5 s, divided by
# the requests answered), and the medians; the first pair (JIT warm-up) is dropped.
set -euo pipefail
cd "$(dirname "$0")/../.."
A_DLL=${A_DLL:-${ECML_HOME:-.ecml}/bin/ecml.dll}
B_DLL=${B_DLL:-$A_DLL}
PAIRS=${PAIRS:-8}
TARGET=${1:-/v1/churn}
BODY=${2-'{"customerId":"C00001"}'}
. bench/inference/lib.sh
bench_store "$A_DLL"
bench_request "$BODY"

# The limits stay on with a bound wrk never reaches, as run.sh sets them; A_ENV/B_ENV come after and may override.
LIMITS="Ecml__Inference__RateLimitPerSecond=10000000 Ecml__Inference__RateLimitBurst=10000000"
env DOTNET_gcServer=1 $LIMITS ${A_ENV:-} dotnet "$A_DLL" serve --store "$WORK/store" --urls http://127.0.0.1:18201 >"$WORK/a.log" 2>&1 &
pa=$!; pids+=($pa)
env DOTNET_gcServer=1 $LIMITS ${B_ENV:-} dotnet "$B_DLL" serve --store "$WORK/store" --urls http://127.0.0.1:18202 >"$WORK/b.log" 2>&1 &
pb=$!; pids+=($pb)
wait_answering http://127.0.0.1:18201/readyz
wait_answering http://127.0.0.1:18202/readyz

run() { # pid port -> CPU µs per request
  local before after requests
  before=$(ticks "$1")
  requests=$(wrk -t1 -c32 -d5s -s "$WORK/request.lua" "http://127.0.0.1:$2$TARGET" | awk '/requests in/{print $1}')
  after=$(ticks "$1")
  awk -v b="$before" -v a="$after" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (a - b) * 1e6 / hz / n }'
}

a_all=(); b_all=()
for i in $(seq 0 "$PAIRS"); do
  a=$(run $pa 18201); b=$(run $pb 18202)
  echo "pair $i: A $a µs  B $b µs  load $(cut -d' ' -f1 /proc/loadavg)$([ "$i" = 0 ] && echo '  (warm-up, dropped)')"
  if [ "$i" != 0 ]; then a_all+=("$a"); b_all+=("$b"); fi
done
echo "median CPU µs per request: A $(median "${a_all[@]}")  B $(median "${b_all[@]}")"
