#!/usr/bin/env bash
# Installs the Kubernetes schema checks the operator tests run (issue 15, item 9) into
# <repo>/.tools/kubernetes-schemas: npm kubernetes-models (validators generated from the Kubernetes
# API's OpenAPI definitions) and @bufbuild/cel (an independent CEL implementation), at the exact
# versions of tests/kubernetes-schemas/package-lock.json (`npm ci`). Needs node and npm. Safe to re-run.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_dir="${repo_root}/tests/kubernetes-schemas"
prefix="${repo_root}/.tools/kubernetes-schemas"

for tool in node npm; do
  if ! command -v "${tool}" >/dev/null 2>&1; then
    echo "install-kubernetes-schemas: '${tool}' is not on PATH; install Node.js 18+ first." >&2
    exit 1
  fi
done

# Installed and from the same lock file: nothing to do.
if [[ -d "${prefix}/node_modules/kubernetes-models" && -d "${prefix}/node_modules/@bufbuild/cel" ]] \
  && cmp -s "${source_dir}/package-lock.json" "${prefix}/package-lock.json"; then
  echo "install-kubernetes-schemas: already installed in ${prefix}"
  exit 0
fi

echo "install-kubernetes-schemas: installing kubernetes-models and @bufbuild/cel into ${prefix}"
mkdir -p "${prefix}"
cp "${source_dir}/package.json" "${source_dir}/package-lock.json" "${prefix}/"
(cd "${prefix}" && npm ci --no-audit --no-fund --loglevel=error)
echo "install-kubernetes-schemas: ready: $(node -p 'require(process.argv[1]).version' "${prefix}/node_modules/kubernetes-models/package.json" 2>/dev/null || echo '?') (kubernetes-models), node $(node --version)"
