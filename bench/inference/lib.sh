# Shared by cpu-ab.sh and ratio-cpu.sh (sourced, not run): a work folder removed on exit with every process started,
# the store both measure (the synthetic shop, seed 7, with recs and churn trained as run.sh trains them), wrk's request
# script, and the small helpers both use. The caller has `set -euo pipefail` and runs from the repository root.

# WORK: a fresh temporary folder; PIDS: the processes to stop on exit (append with `pids+=($!)`).
WORK=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

# bench_store DLL: $WORK/shop and $WORK/store (models recs and churn), made with that ecml.dll.
bench_store() {
  dotnet "$1" generate --out "$WORK/shop" --seed 7 >/dev/null
  dotnet "$1" train --task recommendation --algorithm item-cosine --data "$WORK/shop" --store "$WORK/store" --model recs >/dev/null
  dotnet "$1" train --task churn --algorithm logistic --data "$WORK/shop" --store "$WORK/store" --model churn >/dev/null
}

# bench_request BODY: $WORK/request.lua, a POST of BODY as JSON, or a GET when BODY is empty.
bench_request() {
  if [ -n "$1" ]; then
    printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$1" >"$WORK/request.lua"
  else
    : >"$WORK/request.lua"
  fi
}

# wait_answering URL: until URL answers 2xx, for at most 2 minutes.
wait_answering() {
  for _ in $(seq 1 240); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done
}

# ticks PID: the process's CPU time so far (utime + stime), in clock ticks.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# median VALUE…
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
