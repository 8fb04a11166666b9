#!/usr/bin/env bash
# Runs Bench's whole test suite: installs what a fresh machine lacks, builds, tests.
# Prints the plain line "N passed, N failed, N skipped" at the end (a skip is a missing prerequisite,
# e.g. the Python peers, and its reason is in the test output).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test || exit 1

results=$(mktemp -d)
dotnet build Bench.sln -c Release --nologo -v q -clp:ErrorsOnly || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
dotnet test tests/Bench.Tests/Bench.Tests.csproj -c Release --no-build --nologo \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?

trx="$results/results.trx"
if [ -f "$trx" ]; then
  passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  # VSTest's trx leaves skips out of its counters; each skipped test is a result with outcome NotExecuted.
  skipped=$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" | wc -l)
else
  passed=0; failed=1; skipped=0
fi
[ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ] && failed=1
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit $status
