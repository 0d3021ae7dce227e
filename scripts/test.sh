#!/usr/bin/env bash
# `make test`: every test project of the solution, results as TRX under TestResults/, then one
# summary line. Test servers the suites need (s3rver) are installed here when npm is available;
# without them those tests skip with a message saying so (in CI, where CI=1, they fail instead).
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf TestResults
if command -v npm >/dev/null 2>&1; then
  scripts/install-s3rver.sh || echo "warning: could not install s3rver; the S3 store tests will skip"
  scripts/install-helm.sh || echo "warning: could not install helm; the chart tests will skip"
fi
dotnet build EcommerceMl.sln -c Debug --nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
dotnet test EcommerceMl.sln --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory TestResults \
  -- RunConfiguration.TestSessionTimeout=3000000
rc=$?
scripts/test-summary.sh TestResults || rc=1
exit $rc
