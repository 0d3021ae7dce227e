#!/usr/bin/env bash
# Time from `ecml up --runtime containers` to the first /v1/recommendations answer, on the repository's
# example TrainingJob and ModelDeployment with a folder store: the trainer container trains, the
# inference container loads the version and answers. Needs `make build` and `make images` first.
#   bench/containers/first-answer.sh [RUNTIME]   RUNTIME: containers (default) or processes, to compare
set -euo pipefail
cd "$(dirname "$0")/../.."
runtime="${1:-containers}"
ecml=(dotnet .ecml/bin/ecml.dll)
[[ -f .ecml/bin/ecml.dll ]] || { echo "first-answer: run make build first" >&2; exit 1; }

work="$(mktemp -d /tmp/ecml-first-answer.XXXXXX)"
mkdir -p "${work}/examples"
cp examples/trainingjob-shop-recommendations.yaml examples/modeldeployment-shop-recommendations.yaml "${work}/examples/"
started=$(date +%s.%N)
"${ecml[@]}" up -f "${work}/examples" --state "${work}/state" --runtime "${runtime}" >"${work}/up.log" 2>&1 &
up_pid=$!
# SIGTERM, as a service manager stops it (a script's background job ignores SIGINT): every container stops with it.
cleanup() { kill -TERM "${up_pid}" 2>/dev/null || true; wait "${up_pid}" 2>/dev/null || true; rm -rf "${work}"; }
trap cleanup EXIT

for _ in $(seq 1 600); do
  url="$("${ecml[@]}" get mdep shop-recommendations --state "${work}/state" -o json 2>/dev/null \
    | sed -nE 's/.*"endpoint": *"([^"]+)".*/\1/p' | head -n 1 || true)"
  if [[ -n "${url}" ]]; then
    customer="$(curl -sf "${url}/v1/examples" | grep -oE '/v1/recommendations/[^?" ]+' | head -n 1 || true)"
    if [[ -n "${customer}" ]] && curl -sf "${url}${customer}?k=5" >/dev/null; then
      echo "first-answer: ${runtime}: first /v1/recommendations answer $(echo "$(date +%s.%N) - ${started}" | bc -l | xargs printf '%.1f') s after ecml up started"
      exit 0
    fi
  fi
  sleep 0.5
done
echo "first-answer: no answer within 5 minutes; ecml up said:" >&2
tail -n 30 "${work}/up.log" >&2
exit 1
