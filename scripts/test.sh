#!/usr/bin/env bash
# Runs Bench's whole test suite: installs what a fresh machine lacks, builds, tests.
# Prints the plain line "N passed, N failed, N skipped" at the end (a skip is a missing prerequisite,
# e.g. the Python peers, and its reason is in the test output).
# Two test projects: the project's own tests, and examples/Bench.Examples (load tests as code, as a
# user writes them); their counts are added up.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test || exit 1

results=$(mktemp -d)
dotnet build Bench.sln -c Release --nologo -v q -clp:ErrorsOnly || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

passed=0; failed=0; skipped=0; status=0
for project in tests/Bench.Tests/Bench.Tests.csproj examples/Bench.Examples/Bench.Examples.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@"
  code=$?
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    p=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    f=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    # VSTest's trx leaves skips out of its counters; each skipped test is a result with outcome NotExecuted.
    s=$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" | wc -l)
  else
    # No trx: nothing ran (a filter that matches no test here is fine), unless the run failed.
    p=0; s=0; f=0
  fi
  [ "$code" -ne 0 ] && [ "${f:-0}" -eq 0 ] && f=1
  [ "$code" -ne 0 ] && status=$code
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done

# Bounded fuzzing (CI sets BENCH_FUZZ_SECONDS=20): each harness counts as one test that passes when
# AFL++ found nothing in that time.
if [ -n "${BENCH_FUZZ_SECONDS:-}" ]; then
  fuzz_log=$(mktemp)
  scripts/fuzz.sh all "${BENCH_FUZZ_SECONDS}s" | tee "$fuzz_log" || status=1
  ran=$(grep -c '^fuzz ' "$fuzz_log" || true)
  clean=$(grep -c ', 0 crashes, 0 hangs,' "$fuzz_log" || true)
  [ "$ran" -gt 0 ] || ran=1   # fuzz.sh stopped before any harness ran: that is a failure too
  passed=$((passed + clean))
  failed=$((failed + ran - clean))
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
