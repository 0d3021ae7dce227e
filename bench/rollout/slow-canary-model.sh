#!/usr/bin/env bash
# The CPU time one answer of the slow-canary tests' models costs (tests/Shared/SlowRecommenderShop.cs): the shop of
# those tests, the oversized two-stage model and an item-cosine model trained by `ecml train`, each served by
# `ecml serve`; every known customer (one with an order) asks for 20 products three times, and the server's CPU time
# (/proc utime+stime, 10 ms ticks) over those three answers is divided by three. CPU, not wall time, so the figure
# holds on a busy machine. Prints min / mean / max per model (a tick is 10 ms, so one model's answers under 3 ms read
# as 0 or 3; the background threads' CPU counts too). Results: bench/results/slow-canary-model.md.
#
#   ECML=services/EcommerceMl.Cli/bin/Debug/net10.0/ecml bench/rollout/slow-canary-model.sh   # the build the tests run
#   dotnet build services/EcommerceMl.Cli -c Release -o /tmp/ecml-release && ECML=/tmp/ecml-release/ecml bench/rollout/slow-canary-model.sh
set -euo pipefail
ECML=${ECML:?set ECML to an ecml executable}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$ECML" generate --out "$WORK/shop" --customers 40 --products 2000 --categories 6 --days 200 --seed 3 >/dev/null
train() { "$ECML" train --task recommendation --data "$WORK/shop" --store "$WORK/$1" --model recs "${@:2}" >/dev/null; }
train slow --algorithm two-stage --hp candidates=1000 --hp trees=3000 --hp leaves=31 --hp min_leaf_rows=1 \
  --hp ease=0 --hp validation_rounds=1 --hp ranker_customers=2 --hp early_stopping_share=0
train fast --algorithm item-cosine
customers=$(cut -d, -f2 "$WORK/shop/orders.csv" | tail -n +2 | sort -u)

measure() {
  local port pid
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$ECML" serve --store "$WORK/$1" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 & pid=$!
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.5; done
  # Warm: three passes, then a second for the JIT's background tier-up to finish (it runs on the server's CPU too).
  for _ in 1 2 3; do for c in $customers; do curl -s -o /dev/null "http://127.0.0.1:$port/v1/recommendations/$c?model=recs&k=20"; done; done
  sleep 1
  for c in $customers; do
    local t0 t1
    t0=$(awk '{print $14+$15}' "/proc/$pid/stat")
    for _ in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$port/v1/recommendations/$c?model=recs&k=20"; done
    t1=$(awk '{print $14+$15}' "/proc/$pid/stat")
    echo $(( (t1 - t0) * 1000 / $(getconf CLK_TCK) / 3 ))
  done | sort -n | awk -v m="$1" '{a[NR]=$1; s+=$1} END {printf "%s: %d customers, CPU ms per answer min %d mean %.1f max %d\n", m, NR, a[1], s/NR, a[NR]}'
  kill $pid; wait $pid 2>/dev/null || true
}
measure slow
measure fast
