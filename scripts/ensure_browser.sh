#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright; a browser download by a test tool does not
# work on these machines. Install the distribution package when it is missing and we may.
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && command -v pdftoppm >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installerer chromium og poppler-utils fra Debian ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
  exit 0
fi
echo "Chromium mangler. Installer Debians pakke: sudo apt-get install chromium poppler-utils" >&2
echo "(eller sæt CHROMIUM_PATH til en Chromium-binær)." >&2
exit 1
