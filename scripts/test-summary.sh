#!/usr/bin/env bash
# Sums the TRX results of every test project under a folder and prints the skipped tests grouped by
# their reason, a count line, and one plain line, "N passed, N failed" (what CI reads), last.
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

# Each skipped test (outcome NotExecuted) with the message of its skip, grouped by that message.
awk '
  function unescape(s) {
    gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&amp;/, "\\&", s)
    return s
  }
  function add(reason) {
    if (!(reason in tests)) { order[++reasons] = reason }
    tests[reason] = tests[reason] "\n    " unescape(name)
    count[reason]++
  }
  /<UnitTestResult / {
    skipped = ($0 ~ /outcome="NotExecuted"/)
    name = $0; sub(/.* testName="/, "", name); sub(/".*/, "", name)
    # A result without a body carries no message (explicit tests of xunit, not run unless asked for).
    if (skipped && $0 ~ /\/>[ \t]*$/) { add("not run, and no reason given"); skipped = 0 }
    next
  }
  skipped && /<Message>/ {
    reason = $0; sub(/.*<Message>/, "", reason); inmessage = 1
  }
  skipped && inmessage && !/<Message>/ { reason = reason " " $0 }
  skipped && inmessage && /<\/Message>/ {
    sub(/<\/Message>.*/, "", reason); gsub(/[ \t]+/, " ", reason)
    add(unescape(reason))
    inmessage = 0; skipped = 0
  }
  END {
    for (i = 1; i <= reasons; i++) {
      printf "skipped %d: %s%s\n", count[order[i]], order[i], tests[order[i]]
    }
  }
' "${files[@]}"

echo "${#files[@]} test projects, $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
