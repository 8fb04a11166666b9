#!/usr/bin/env bash
# Runs a Bench suite on loopback from a fresh machine: installs what is missing, builds Release,
# runs the suite (claims unless another is named: smoke, full, or a JSON file), prints the
# summary tables and claims' verdicts, says where results.json is, and writes the HTML report beside it.
#   scripts/bench.sh            # the claims suite (about 10 minutes on 2 cores)
#   scripts/bench.sh smoke      # every target x protocol, about a minute and a half
# Extra arguments go to `loadgen suite` (e.g. --group claim2-io-wait, --no-pin).
# Exit code: loadgen's (0 ok, 1 a cell failed or missed a threshold, 2 bad suite, 130 interrupted).
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:-claims}"; [ $# -gt 0 ] && shift
scripts/install-deps.sh bench
dotnet build Bench.sln -c Release --nologo -v q -clp:ErrorsOnly
export BENCH_SERVER="$PWD/src/Servers/bin/Release/net10.0/bench-server"
loadgen=src/LoadGen/bin/Release/net10.0/loadgen
started=$(mktemp); trap 'rm -f "$started"' EXIT
status=0
"$loadgen" suite "$suite" "$@" || status=$?
# The report (reports/<run-id>/index.html) is written even when a cell failed: that is when it
# is read most. Only a results file newer than this script's start is this run's.
results=reports/latest/results.json
if [ -f "$results" ] && [ "$results" -nt "$started" ]; then "$loadgen" report "$results" || true; fi
exit "$status"
