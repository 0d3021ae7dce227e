#!/usr/bin/env bash
# `make images`: the operator, trainer and inference images from docker/*.Dockerfile, built with podman
# and tagged ${REGISTRY}/{operator,trainer,inference}:${TAG} (the chart's image names).
#   BASE=official   the Dockerfiles' defaults, the official .NET images (needs their registry)
#   BASE=local      local stand-ins built from Debian packages and this machine's .NET
#                   (scripts/build-base-images.sh, once), for machines that reach no container registry
#   BASE=auto       (default) official when the images are present or their registry answers, else local
#   IMAGES="trainer inference"   build only these; REGISTRY (ghcr.io/ecommerce-ml); TAG (the chart's appVersion)
# Builds reuse podman's layer cache, and the restore steps use this machine's NuGet package folder.
# Installs podman, runc and debootstrap when missing (scripts/install-podman.sh); run as root, as CI
# does, since the local base needs debootstrap.
set -euo pipefail
cd "$(dirname "$0")/.."

registry="${REGISTRY:-ghcr.io/ecommerce-ml}"
tag="${TAG:-$(awk -F'"' '/^appVersion:/ {print $2}' charts/ecommerce-ml/Chart.yaml)}"
images="${IMAGES:-operator trainer inference}"
base="${BASE:-auto}"
podman_cmd=(podman --runtime runc)
# Without explicit limits runc cannot set the defaults here ("setrlimit … operation not permitted");
# crun is not used because it refuses this machine's cgroups ("hybrid mode not supported").
limits=(--ulimit nofile=1024:1024 --ulimit nproc=1000:1000)

say() { echo "images: $*"; }
fail() { say "$*" >&2; exit 1; }

scripts/install-podman.sh || fail "podman and runc are needed: apt-get install -y --no-install-recommends podman runc debootstrap"

official_sdk="mcr.microsoft.com/dotnet/sdk:10.0"
if [[ "${base}" == "auto" ]]; then
  # A registry's /v2/ answers 200 or 401; anything else (no DNS, a proxy's refusal) means it is not reachable.
  if "${podman_cmd[@]}" image exists "${official_sdk}" \
    || [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "https://mcr.microsoft.com/v2/" || true)" =~ ^(200|401)$ ]]; then
    base="official"
  else
    base="local"
  fi
fi

build_args=()
case "${base}" in
official) ;;
local)
  scripts/build-base-images.sh
  build_args=(--build-arg SDK_IMAGE=localhost/ecml-dotnet/sdk:10.0)
  ;;
*) fail "BASE='${base}' is not one of official, local, auto" ;;
esac
say "base: ${base}; tag ${registry}/…:${tag}"

# The build stage restores from NuGet; this machine's package folder saves downloading it again.
nuget_packages="${NUGET_PACKAGES:-${HOME}/.nuget/packages}"
mkdir -p "${nuget_packages}"
build_volumes=(--volume "${nuget_packages}:/root/.nuget/packages")
# …and trusts the certificate authorities this machine trusts (behind a TLS-inspecting proxy, NuGet's
# certificate chains to a root only the host knows). Mounted for the build, not copied into any image.
[[ -d /etc/ssl/certs ]] && build_volumes+=(--volume /etc/ssl/certs:/etc/ssl/certs:ro)

for image in ${images}; do
  dockerfile="docker/${image}.Dockerfile"
  [[ -f "${dockerfile}" ]] || fail "no ${dockerfile} (IMAGES names operator, trainer, inference)"
  runtime_args=()
  if [[ "${base}" == "local" ]]; then
    # The final stage's base as the Dockerfile names it (runtime or aspnet), from the local stand-ins.
    flavour="$(sed -nE 's#^ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/([a-z-]+):10.0$#\1#p' "${dockerfile}")"
    [[ -n "${flavour}" ]] || fail "${dockerfile} has no ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/…:10.0"
    runtime_args=(--build-arg "RUNTIME_IMAGE=localhost/ecml-dotnet/${flavour}:10.0")
  fi
  started=$SECONDS
  say "building ${registry}/${image}:${tag}"
  "${podman_cmd[@]}" build "${limits[@]}" --network host --layers \
    "${build_volumes[@]}" \
    "${build_args[@]}" "${runtime_args[@]}" \
    -f "${dockerfile}" -t "${registry}/${image}:${tag}" . >"/tmp/ecml-image-${image}.log" 2>&1 \
    || { tail -n 40 "/tmp/ecml-image-${image}.log" >&2; fail "building ${image} failed (log: /tmp/ecml-image-${image}.log)"; }
  say "${registry}/${image}:${tag} built in $((SECONDS - started)) s"
done

"${podman_cmd[@]}" images --filter "reference=${registry}/*:${tag}" --format '{{.Repository}}:{{.Tag}}  {{.Size}}'
