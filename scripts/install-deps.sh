#!/usr/bin/env bash
# Installs what a fresh Debian machine with only the .NET SDK lacks.
#   install-deps.sh test   -> what the tests need (wrk, nginx-light with ssl and http_v2 for the HTTPS/HTTP/2 tests, chromium, the Python peers, podman + runc)
#   install-deps.sh bench  -> what the default suite and the README's generator comparisons need
#                             (wrk; h2load from nghttp2-client for HTTP/2, 0.6 MB)
# Packages already present are not reinstalled; nothing runs when all are there.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
updated=0
# Installs the packages of "$@" that are not there yet; returns apt-get's status.
install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  echo "installing: ${missing[*]}"
  [ "$updated" = 1 ] || { $SUDO apt-get update -qq && updated=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
install wrk nghttp2-client nginx-light chromium
# The peer tests run the real gunicorn and uvicorn (tests/Bench.Tests/Peers). Without them those tests
# report why and pass, so a failed install of the peers does not stop the run.
if [ "${1:-}" = test ]; then
  "$(dirname "$0")/setup-peers.sh" || echo "install-deps: Python peers not installed; the peer tests report why"
  # The container image test (tests/Bench.Tests/Packaging) builds the Containerfile with podman and
  # runs loadgen inside it. runc beside podman's default crun: crun refuses hosts whose cgroups are
  # mounted in hybrid mode (v1 controllers plus a v2 hierarchy), runc runs there; the test tries
  # crun first and runc next. Without either that test reports why it skipped.
  install podman runc || echo "install-deps: podman or runc not installed; the container image test reports why"
fi
