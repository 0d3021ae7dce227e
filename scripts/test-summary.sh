#!/usr/bin/env bash
# Sums the TRX results of every test project under a folder and prints one plain line,
# "N passed, N failed" (what CI reads), after a line with skipped tests and their reasons' count.
# Exits non-zero when anything failed or no results were found.
set -euo pipefail
dir=${1:-TestResults}
shopt -s nullglob globstar
files=("$dir"/**/*.trx)
if [ ${#files[@]} -eq 0 ]; then
  echo "no test results found under $dir"
  echo "0 passed, 1 failed"
  exit 1
fi
passed=0; failed=0; skipped=0
for f in "${files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -n 1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  p=$(get passed); fl=$(get failed); t=$(get total); e=$(get executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${fl:-0} + $(get error || echo 0) + $(get timeout || echo 0) + $(get aborted || echo 0)))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "${#files[@]} test projects, $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
