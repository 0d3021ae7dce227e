#!/usr/bin/env bash
# `make test`: every test project of the solution, results as TRX under TestResults/, then the
# skipped tests with their reasons, the failed tests (and crashed test hosts) by name, and one
# "N passed, N failed" line (scripts/test-summary.sh).
# scripts/test-setup.sh first installs what the tests need and starts the servers that are not
# running; the ones it started are stopped when this script ends, however it ends.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf TestResults
trap 'scripts/test-setup.sh stop' EXIT
scripts/test-setup.sh start
dotnet build EcommerceMl.sln -c Debug --nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
# --blame: when a test host crashes, its sequence file names the tests that were running (test-summary.sh prints them).
dotnet test EcommerceMl.sln --no-build --nologo --blame \
  --logger "trx" --logger "console;verbosity=normal" --results-directory TestResults \
  -- RunConfiguration.TestSessionTimeout=3000000
rc=$?
scripts/test-setup.sh stop
trap - EXIT
scripts/test-summary.sh TestResults || rc=1
exit $rc
