#!/usr/bin/env bash
# `ecml db load --append` throughput (bench/results/postgres-append.md). Needs the test server
# (scripts/postgres.sh start) and an ecml build: ECML="dotnet path/to/ecml.dll" (default: .ecml/bin/ecml.dll).
# Usage: bench/postgres-append/run.sh [customers=42000]
set -euo pipefail
customers="${1:-42000}"
ecml="${ECML:-dotnet .ecml/bin/ecml.dll}"
server="${ECML_BENCH_SERVER:-postgres://postgres@127.0.0.1:55432}"
db="ecml_append_bench_$$"
work="$(mktemp -d)"
trap 'psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $db" >/dev/null; rm -rf "$work"' EXIT

psql "$server/postgres" -qc "CREATE DATABASE $db" >/dev/null
url="$server/$db"
$ecml generate --out "$work/shop" --customers "$customers" >/dev/null
python3 "$(dirname "$0")/last_day.py" "$work/shop" "$work/rest" "$work/day"
$ecml db migrate --db "$url" >/dev/null

echo "== uptime: $(uptime)"
echo "== 1. append everything but the last day into empty tables (all rows new)"
$ecml db load --db "$url" --from "$work/rest" --append
echo "== 2. the same again (every row already there)"
$ecml db load --db "$url" --from "$work/rest" --append
echo "== 3. one day on top"
$ecml db load --db "$url" --from "$work/day" --append
echo "== 4. that day again"
$ecml db load --db "$url" --from "$work/day" --append
echo "== 5. for comparison: the whole shop with --replace (bulk-load recipe)"
$ecml db load --db "$url" --from "$work/shop" --replace
echo "== uptime: $(uptime)"
