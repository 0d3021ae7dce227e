#!/usr/bin/env bash
# Local stand-ins for the official .NET images, for machines that reach Debian's package mirror and
# NuGet but no container registry (these development machines, and CI):
#   localhost/ecml-dotnet/runtime-deps:10.0   Debian (debootstrap) with what .NET needs, libgomp1 for
#                                             LightGBM, and the .NET images' non-root user app (1654)
#   localhost/ecml-dotnet/runtime:10.0        + this machine's .NET runtime in /usr/share/dotnet
#   localhost/ecml-dotnet/aspnet:10.0         + ASP.NET Core
#   localhost/ecml-dotnet/sdk:10.0            + the SDK (the Dockerfiles' build stage)
# `make images` passes them to docker/*.Dockerfile as build arguments; users keep the official ones.
#
# Built once: each image is also tagged with a key of this script, the Containerfiles under
# docker/local-base/ and the .NET versions it copies, and nothing is rebuilt while that tag exists
# (REBUILD=1 forces it). Needs root (debootstrap, podman's root storage), podman, runc and debootstrap.
#   DEBIAN_MIRROR   default: the first Debian URI apt uses here, else http://deb.debian.org/debian
#   DOTNET_ROOT     default: the installation the `dotnet` on PATH runs from
set -euo pipefail
cd "$(dirname "$0")/.."

suite="bookworm"
repo="localhost/ecml-dotnet"
tag="10.0"
# What the official runtime-deps image carries for Debian 12, plus libgomp1 (LightGBM's OpenMP runtime).
packages="ca-certificates,libc6,libgcc-s1,libicu72,libssl3,libstdc++6,tzdata,zlib1g,libgomp1"
podman_cmd=(podman --runtime runc)
# Without explicit limits runc cannot set the defaults here ("setrlimit … operation not permitted").
limits=(--ulimit nofile=1024:1024 --ulimit nproc=1000:1000)

say() { echo "build-base-images: $*"; }
fail() { say "$*" >&2; exit 1; }

[[ "$(id -u)" == "0" ]] || fail "run as root (debootstrap and podman's root storage need it): sudo $0"
for tool in podman runc debootstrap; do
  command -v "${tool}" >/dev/null 2>&1 || fail "${tool} is not installed: apt-get install -y --no-install-recommends podman runc debootstrap"
done

dotnet_root="${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}"
[[ -x "${dotnet_root}/dotnet" && -d "${dotnet_root}/sdk" ]] || fail "no .NET SDK at ${dotnet_root} (set DOTNET_ROOT to the installation folder)"
# Only .NET 10 goes in: the images target net10.0, and other versions would only add size.
dotnet_versions="$(cd "${dotnet_root}" && ls -d sdk/10.* shared/*/10.* 2>/dev/null | sort | tr '\n' ' ')"
[[ -n "${dotnet_versions}" ]] || fail "${dotnet_root} has no .NET 10 SDK and runtime"

mirror="${DEBIAN_MIRROR:-}"
if [[ -z "${mirror}" ]]; then
  mirror="$(grep -hoE '^URIs: *\S+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | awk '{print $2}')"
  [[ -n "${mirror}" ]] || mirror="$(grep -hoE '^deb +\S+/debian/? ' /etc/apt/sources.list 2>/dev/null | head -n 1 | awk '{print $2}')"
  mirror="${mirror:-http://deb.debian.org/debian}"
fi

key="$(cat "$0" docker/local-base/*.Containerfile <(echo "${suite} ${packages} ${dotnet_versions}") | sha256sum | cut -c1-12)"
exists() { "${podman_cmd[@]}" image exists "$1"; }

if [[ "${REBUILD:-0}" != "1" ]] && exists "${repo}/sdk:${tag}-${key}" && exists "${repo}/aspnet:${tag}-${key}" && exists "${repo}/runtime:${tag}-${key}"; then
  say "up to date (key ${key}); REBUILD=1 rebuilds"
  for image in runtime-deps runtime aspnet sdk; do "${podman_cmd[@]}" tag "${repo}/${image}:${tag}-${key}" "${repo}/${image}:${tag}"; done
  exit 0
fi

started=$SECONDS
work="$(mktemp -d /var/tmp/ecml-base.XXXXXX)"
trap 'rm -rf "${work}"' EXIT

say "debootstrap ${suite} from ${mirror} (${packages})"
debootstrap --variant=minbase --include="${packages}" "${suite}" "${work}/rootfs" "${mirror}" >"${work}/debootstrap.log" 2>&1 \
  || { tail -n 20 "${work}/debootstrap.log" >&2; fail "debootstrap failed (log above): is ${mirror} reachable? (set DEBIAN_MIRROR)"; }

# The .NET images' user: app, uid and gid 1654, so runAsNonRoot can be verified by number.
chroot "${work}/rootfs" groupadd --gid 1654 app
chroot "${work}/rootfs" useradd --uid 1654 --gid 1654 --create-home --shell /bin/false app
# Package caches and documentation are dead weight in an image; apt itself stays, as in the official images.
rm -rf "${work}"/rootfs/var/cache/apt/archives/*.deb "${work}"/rootfs/var/lib/apt/lists/* \
  "${work}"/rootfs/usr/share/doc/* "${work}"/rootfs/usr/share/locale/* "${work}"/rootfs/usr/share/man/* "${work}"/rootfs/usr/share/info/* \
  "${work}"/rootfs/var/log/*.log "${work}"/rootfs/var/cache/debconf/*-old

say "importing ${repo}/runtime-deps:${tag}-${key}"
tar -C "${work}/rootfs" --numeric-owner -c . | "${podman_cmd[@]}" import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV APP_UID=1654' \
  --change 'CMD ["/bin/bash"]' \
  - "${repo}/runtime-deps:${tag}-${key}" >/dev/null

build() { # image, base argument, base image
  say "building ${repo}/$1:${tag}-${key}"
  "${podman_cmd[@]}" build "${limits[@]}" --network host --quiet \
    -f "docker/local-base/$1.Containerfile" --build-arg "$2=$3" -t "${repo}/$1:${tag}-${key}" "${dotnet_root}" >/dev/null
}
build runtime DEPS_IMAGE "${repo}/runtime-deps:${tag}-${key}"
build aspnet RUNTIME_IMAGE "${repo}/runtime:${tag}-${key}"
build sdk ASPNET_IMAGE "${repo}/aspnet:${tag}-${key}"

for image in runtime-deps runtime aspnet sdk; do "${podman_cmd[@]}" tag "${repo}/${image}:${tag}-${key}" "${repo}/${image}:${tag}"; done
say "done in $((SECONDS - started)) s (key ${key}):"
"${podman_cmd[@]}" images --filter "reference=${repo}/*:${tag}" --format '  {{.Repository}}:{{.Tag}}  {{.Size}}'
