#!/usr/bin/env bash
# Make sure a headless Chromium is available for the browser tests (tests/browser/): Debian's `chromium`
# package, installed when missing and we are root. Prints the browser's path. CHROMIUM_PATH overrides.
set -euo pipefail
find_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then echo "$CHROMIUM_PATH"; return; fi
  for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  done
  return 1
}
if path=$(find_chromium); then echo "$path"; exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium from Debian's packages..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk) >&2
  if path=$(find_chromium); then echo "$path"; exit 0; fi
fi
echo "chromium not found and cannot apt-get install it (not root); install chromium or set CHROMIUM_PATH" >&2
exit 1
