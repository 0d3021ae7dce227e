#!/usr/bin/env bash
# A throw-away PostgreSQL for tests and local use, on 127.0.0.1:${ECML_PG_PORT:-55432} with trust auth.
#   scripts/postgres.sh start   initdb (first time) and start; prints the connection URL
#                              (ECML_PG_PORT, ECML_PG_DIR override the port and the data folder)
#   scripts/postgres.sh stop    stop the server (the data folder stays; `clean` removes it)
#   scripts/postgres.sh status | clean
# Needs the Debian/Ubuntu `postgresql` package (apt-get install -y postgresql). PostgreSQL refuses
# to run as root, so as root the server runs as the `postgres` user (runuser).
set -euo pipefail

port="${ECML_PG_PORT:-55432}"
# Under /tmp, not the repository: the server runs as `postgres` when root starts it, and that user
# may not be able to reach a checkout inside a private home directory.
data_dir="${ECML_PG_DIR:-${TMPDIR:-/tmp}/ecml-postgres-${port}}"

bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "${bin_dir}" ]] && command -v pg_ctl >/dev/null 2>&1; then
  bin_dir="$(dirname "$(command -v pg_ctl)")"
fi
if [[ -z "${bin_dir}" ]]; then
  echo "postgres.sh: no PostgreSQL found; install it first (apt-get install -y postgresql)" >&2
  exit 1
fi

as_server_user() {
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    if [[ ! -f "${data_dir}/PG_VERSION" ]]; then
      mkdir -p "${data_dir}"
      [[ "$(id -u)" == "0" ]] && chown postgres:postgres "${data_dir}"
      chmod 700 "${data_dir}"
      as_server_user "${bin_dir}/initdb" -D "${data_dir}" -A trust -U postgres --no-sync >/dev/null
    fi
    if as_server_user "${bin_dir}/pg_ctl" -D "${data_dir}" status >/dev/null 2>&1; then
      echo "postgres.sh: already running"
    else
      as_server_user "${bin_dir}/pg_ctl" -D "${data_dir}" -w -l "${data_dir}/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p ${port} -k ${data_dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:${port}/postgres"
    ;;
  stop)
    if [[ -f "${data_dir}/PG_VERSION" ]]; then
      as_server_user "${bin_dir}/pg_ctl" -D "${data_dir}" -m fast stop >/dev/null 2>&1 || true
    fi
    echo "postgres.sh: stopped"
    ;;
  status)
    as_server_user "${bin_dir}/pg_ctl" -D "${data_dir}" status
    ;;
  clean)
    "$0" stop
    rm -rf "${data_dir}"
    ;;
  *)
    echo "usage: scripts/postgres.sh start|stop|status|clean" >&2
    exit 2
    ;;
esac
