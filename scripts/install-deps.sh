#!/usr/bin/env bash
# Installs what a fresh Debian machine with only the .NET SDK lacks.
#   install-deps.sh test   -> what the tests need (wrk, nginx-light with ssl and http_v2 for the HTTPS/HTTP/2 tests, chromium, the Python peers)
#   install-deps.sh bench  -> what the default suite needs
# Packages already present are not reinstalled; nothing runs when all are there.
set -euo pipefail
want=(wrk nginx-light chromium)
missing=()
for pkg in "${want[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The peer tests run the real gunicorn and uvicorn (tests/Bench.Tests/Peers). Without them those tests
# report why and pass, so a failed install of the peers does not stop the run.
if [ "${1:-}" = test ]; then
  "$(dirname "$0")/setup-peers.sh" || echo "install-deps: Python peers not installed; the peer tests report why"
fi
