#!/usr/bin/env bash
# Create or update the project virtual env from requirements.lock; idempotent (a stamp holds the lock's hash).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
HASH=$(cat requirements.lock | sha256sum | cut -c1-16)
STAMP="$VENV/.installed-$HASH"
if [ -f "$STAMP" ]; then exit 0; fi
echo "setting up $VENV (python deps from requirements.lock)..." >&2
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check -r requirements.lock 2>&1 | grep -v "is ignored" >&2 || true
"$VENV/bin/python" -c "import grpc, fastapi, redis" # fail loudly if the install did not complete
# Make the repo root and the generated protobuf package importable, like an editable install would.
SITE=$("$VENV/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
printf '%s\n%s\n' "$PWD" "$PWD/protos" > "$SITE/advisor_platform.pth"
rm -f "$VENV"/.installed-*
touch "$STAMP"
