#!/usr/bin/env bash
# Sums the TRX results of every test project under a folder and prints the skipped tests grouped by
# their reason, a count line, the failed tests and crashed test hosts by name, and one plain line,
# "N passed, N failed" (what CI reads), last.
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

# What failed, by name, just above the count (a CI record keeps only the tail): each failed test with the first line
# of its message, then each test host that crashed. A crash loses the test that was running and every test after it,
# and counts no failure in the TRX; it counts one here, and blame's sequence file (scripts/test.sh runs with --blame)
# names the tests that were running when it happened.
awk '
  function unescape(s) {
    gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&amp;/, "\\&", s)
    return s
  }
  /<UnitTestResult / {
    failing = ($0 ~ /outcome="(Failed|Error|Timeout|Aborted)"/)
    if (failing) { name = $0; sub(/.* testName="/, "", name); sub(/".*/, "", name) }
    next
  }
  failing && /<Message>/ {
    message = $0; sub(/.*<Message>/, "", message); sub(/<\/Message>.*/, "", message); gsub(/^[ \t]+|[ \t]+$/, "", message)
    if (length(message) > 160) { message = substr(message, 1, 157) "..." }
    print "failed: " unescape(name) (message == "" ? "" : " -- " unescape(message))
    failing = 0
  }
  failing && /<\/UnitTestResult>/ { print "failed: " unescape(name); failing = 0 }
' "${files[@]}"

crashed=0
for f in "${files[@]}"; do
  crash=$(grep -oE 'Catastrophic failure: [^<]*|Test host process crashed[^<]*|Test Run Aborted[^<]*' "$f" | head -n 1 || true)
  if [ -n "$crash" ]; then
    project=$(grep -o 'codeBase="[^"]*"' "$f" | head -n 1 | sed 's/codeBase="//; s/"$//; s#.*/##')
    echo "crashed: ${project:-$f} -- $crash"
    crashed=$((crashed + 1))
  fi
done
if [ "$crashed" -gt 0 ]; then
  grep -h 'Completed="False"' "$dir"/**/Sequence_*.xml 2>/dev/null \
    | sed 's/.* Name="\([^"]*\)".* Source="\([^"]*\)".*/  running when its test host crashed: \1 (\2)/; s#(/[^)]*/#(#' | sort -u || true
fi
failed=$((failed + crashed))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
