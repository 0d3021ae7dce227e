#!/usr/bin/env bash
# podman, runc and debootstrap from Debian, when missing: what `make images` and `ecml up --runtime
# containers` need. runc rather than crun, which refuses these machines' cgroups ("cgroups in hybrid
# mode not supported"). Installs as root, or through passwordless sudo; safe to re-run.
set -euo pipefail

missing=()
for tool in podman runc debootstrap; do
  command -v "${tool}" >/dev/null 2>&1 || missing+=("${tool}")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ "$(id -u)" == "0" ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "install-podman: ${missing[*]} missing; install them as root: apt-get install -y --no-install-recommends podman runc debootstrap" >&2
  exit 1
fi

echo "install-podman: installing ${missing[*]}"
# The lock timeout waits for another apt run (a colleague's, unattended-upgrades) instead of failing.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
  podman runc debootstrap >/dev/null
