#!/usr/bin/env bash
# bench/inference/search-cold.sh: how a freshly started server's /v1/search warms up (issue 20 item 5). Serves the
# store bench/inference/search.sh left (run that first), and from the first ready answer drives wrk at
# GET /v1/search?q={query}&limit=20 (search.sh's 2,000 queries, walked in turn) in SLICES back-to-back slices of SLICE
# each, printing per slice the requests/s, p99 and the server's CPU per request (utime + stime from /proc over the
# requests wrk completed): CPU per request is what falls as the JIT optimises the search code, and it does not depend
# on the share of the cores the server gets on a busy machine, as requests/s and latency do.
# ECML_DLL serves another build's ecml.dll against the same store (an A/B: e.g. a build of the commit before a change).
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${ECML_HOME:-.ecml}/bench-search
SLICES=${SLICES:-12}
SLICE=${SLICE:-5s}
CONNECTIONS=${CONNECTIONS:-8}
PORT=${BENCH_PORT:-18091}
GC_SERVER=${GC_SERVER:-1}
SERVE="dotnet ${ECML_DLL:-${ECML_HOME:-.ecml}/bin/ecml.dll}"

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y --no-install-recommends wrk" >&2; exit 2; }
[ -f "$WORK/queries.txt" ] && ls "$WORK"/store/models/search/versions/*/manifest.json >/dev/null 2>&1 \
  || { echo "no search store in $WORK: run bench/inference/search.sh first" >&2; exit 2; }

DOTNET_gcServer=$GC_SERVER Ecml__Inference__RateLimitPerSecond=10000000 Ecml__Inference__RateLimitBurst=10000000 \
  $SERVE serve --store "$WORK/store" --urls "http://127.0.0.1:$PORT" >"$WORK/cold-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 240); do curl -sf "$BASE/readyz" >/dev/null && break; sleep 0.5; done
curl -sf "$BASE/readyz" >/dev/null || { echo "the inference server did not become ready; see $WORK/cold-server.log" >&2; exit 1; }

script="$WORK/cold.lua"
{ printf 'local ids = {'; sed 's/.*/"&",/' "$WORK/queries.txt"; printf '}\nlocal i = 0\n'
  printf 'function request() i = i %% #ids + 1 return wrk.format(nil, "/v1/search?q=" .. ids[i] .. "&limit=20") end\n'; } >"$script"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
printf '%8s %10s %8s %14s %6s\n' slice rps p99_ms cpu_ms/request load
for s in $(seq 1 "$SLICES"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(cpu_ticks)
  wrk -t1 -c"$CONNECTIONS" -d"$SLICE" --latency -s "$script" "$BASE" >"$WORK/cold-wrk.txt"
  awk -v s="$s" -v t0="$t0" -v t1="$(cpu_ticks)" -v hz="$(getconf CLK_TCK)" -v load="$load" '
    /^Requests\/sec:/ { rps = $2 }
    / requests in / { n = $1 }
    $1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v); p99 = (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v) }
    END { printf "%8d %10.0f %8.2f %14.3f %6s\n", s, rps, p99, (t1 - t0) / hz * 1000 / n, load }' "$WORK/cold-wrk.txt"
done
echo "(wrk -t1 -c$CONNECTIONS, slices of $SLICE from the first ready answer, $(nproc) cores, DOTNET_gcServer=$GC_SERVER; server: ${ECML_DLL:-${ECML_HOME:-.ecml}/bin/ecml.dll}; command: bench/inference/search-cold.sh)"
