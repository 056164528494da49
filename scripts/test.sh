#!/usr/bin/env bash
# Runs every test on PostgreSQL, setting up what a fresh machine lacks. Extra arguments go
# to pytest (e.g. scripts/test.sh tests/unit -x).
source "$(dirname "$0")/setup.sh"

# Debian packages the tests drive: Chromium (browser tests), poppler (PDF to text/PNG).
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

# The local PostgreSQL server: started if it is down. The tests create their own databases
# (names starting cocohop_test) and never touch another.
export COCOHOP_TEST_PG="${COCOHOP_TEST_PG:-postgresql+psycopg://postgres@127.0.0.1:5432}"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "setup: starting PostgreSQL" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

exec python -m pytest "$@"
