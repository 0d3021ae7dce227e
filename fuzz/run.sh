#!/usr/bin/env bash
# make fuzz: every SharpFuzz harness under AFL++ for FUZZ_SECONDS each (default 60), then every
# crash replayed in-process and copied to fuzz/crashes/<harness>/ (a crash becomes a regression test
# in the normal test projects). A summary line per harness goes to fuzz/out/summary.txt.
#   FUZZ_SECONDS=600 FUZZ_HARNESSES="v2-request" make fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
harnesses="${FUZZ_HARNESSES:-shop-csv v2-request resource-yaml model-file}"
out="fuzz/out"

# AFL++ from Debian (afl-fuzz), and SharpFuzz's instrumenter as a local dotnet tool.
if ! command -v afl-fuzz >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends afl++ >/dev/null;
  else echo "fuzz: afl-fuzz is missing: apt-get install afl++" >&2; exit 1; fi
fi
if [ ! -x .tools/sharpfuzz/sharpfuzz ]; then
  dotnet tool install --tool-path .tools/sharpfuzz SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

rm -rf "$out/bin" "$out/plain"
dotnet publish fuzz/EcommerceMl.Fuzz -c Release --nologo -v quiet -clp:ErrorsOnly -o "$out/plain"
# Two copies: instrumented code writes its coverage to AFL's shared memory and dies without it, so
# seeds and replays run the plain copy. Coverage feedback from the code under test only.
cp -r "$out/plain" "$out/bin"
for dll in EcommerceMl.Ml EcommerceMl.Inference EcommerceMl.Operator.Local YamlDotNet; do
  .tools/sharpfuzz/sharpfuzz "$out/bin/$dll.dll" >/dev/null
done

# A shared machine: no CPU pinning or governor checks; .NET is not an AFL-compiled binary; the
# forkserver handshake waits for the runtime to start; no UI, a plain status line instead.
export AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_FORKSRV_INIT_TMOUT=120000 AFL_NO_UI=1 AFL_MAP_SIZE=65536 DOTNET_TieredPGO=0

: > "$out/summary.txt"
status=0
for harness in $harnesses; do
  work="$out/$harness"
  rm -rf "$work"; mkdir -p "$work"
  dotnet "$out/plain/EcommerceMl.Fuzz.dll" "$harness" seeds "$work/seeds"
  # The seeds, and every crash found before (fuzz/crashes/), must pass before fuzzing.
  dotnet "$out/plain/EcommerceMl.Fuzz.dll" "$harness" replay "$work/seeds"
  if [ -d "fuzz/crashes/$harness" ]; then dotnet "$out/plain/EcommerceMl.Fuzz.dll" "$harness" replay "fuzz/crashes/$harness"; fi
  afl-fuzz -V "$seconds" -t 10000 -m none -i "$work/seeds" -o "$work/findings" \
    -- dotnet "$out/bin/EcommerceMl.Fuzz.dll" "$harness" fuzz > "$work/afl.log" 2>&1 || true
  stats="$work/findings/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "fuzz: $harness: afl-fuzz did not start; see $work/afl.log" >&2; tail -20 "$work/afl.log" >&2; status=1; continue
  fi
  get() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$stats"; }
  crashes=$(find "$work/findings/default/crashes" -type f -name 'id:*' | wc -l)
  hangs=$(find "$work/findings/default/hangs" -type f -name 'id:*' | wc -l)
  line="$harness: $(get run_time) s, $(get execs_done) execs ($(get execs_per_sec)/s), corpus $(get corpus_count), edges $(get edges_found), crashes $crashes, hangs $hangs"
  echo "$line" | tee -a "$out/summary.txt"
  if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
    mkdir -p "fuzz/crashes/$harness"
    find "$work/findings/default/crashes" "$work/findings/default/hangs" -type f -name 'id:*' \
      -exec sh -c 'cp "$1" "fuzz/crashes/'"$harness"'/$(sha1sum "$1" | cut -c1-16)"' _ {} \;
    dotnet "$out/plain/EcommerceMl.Fuzz.dll" "$harness" replay "$work/findings/default/crashes" | head -40 || true
    status=1
  fi
done
exit $status
