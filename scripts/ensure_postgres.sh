#!/usr/bin/env bash
# Make sure PostgreSQL server binaries are available (for the audit worker's PostgreSQL test tier): Debian's
# package, installed when missing and we are root. Prints the directory holding initdb and pg_ctl.
set -euo pipefail
find_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}
dir=$(find_bindir || true)
if [ -z "$dir" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing postgresql from Debian's packages..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  dir=$(find_bindir || true)
fi
if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
  echo "PostgreSQL server binaries not found (install postgresql, or set WORKER_TEST_PG_DSN)" >&2
  exit 1
fi
echo "$dir"
