#!/usr/bin/env bash
# Installs what a fresh Debian machine with only the .NET SDK lacks.
#   install-deps.sh test   -> what the tests need (wrk, nginx-light, chromium)
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
