#!/usr/bin/env bash
# The performance gate, as CI runs it (.github/workflows/perf.yml) and as you run it locally, on
# a base and a head checkout measured in this one job (docs/REGRESSION.md says how it decides):
#   1. instructions: per operation (micro-benchmark methods, each twin's request paths) under
#      callgrind, with allocations per operation from the same run; both sides counted at once;
#   2. timing: interleaved smoke trials on warmed servers, base and head never at the same time;
#   3. `loadgen compare`, which appends the head's figures to the history and reports its change
#      points. Exit: 0 pass (inconclusive timing alone is a warning, unless --strict), 1 regression,
#      2 bad input, 3 inconclusive (a deterministic tier could not judge, or timing with --strict).
#
#   scripts/ci-perf.sh                          # base = HEAD (git archive), head = this working tree
#   scripts/ci-perf.sh --base-ref origin/main   # base = another commit
#   scripts/ci-perf.sh --base-dir B --head-dir H   # two checkouts (what perf.yml does)
#   scripts/ci-perf.sh --slow-head 2            # TEST ONLY: head servers add 2 ms per request; must exit 1
#   scripts/ci-perf.sh --heavy-head 2           # TEST ONLY: head does 2 % more work per request; must exit 1
#   scripts/ci-perf.sh --refresh-baseline       # rewrite reports/baseline/ from this working tree
#
# Other options: --out DIR, --trials N (8), --strict, --history FILE (reports/history/history.jsonl),
# --skip-instructions, --skip-timing, --bdn (also BenchmarkDotNet's short job: allocations and
# trend times). Every step has a time limit so a wedged step cannot hold the job.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

base_ref=HEAD base_dir="" head_dir="$repo" out="" trials=8 slow="" heavy="" bdn=0 refresh=0 strict=0
skip_instructions=0 skip_timing=0 history="$repo/reports/history/history.jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    --base-ref) base_ref=$2; shift 2 ;;
    --base-dir) base_dir=$(cd "$2" && pwd); shift 2 ;;
    --head-dir) head_dir=$(cd "$2" && pwd); shift 2 ;;
    --out) out=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --slow-head) slow=$2; shift 2 ;;
    --heavy-head) heavy=$2; shift 2 ;;
    --strict) strict=1; shift ;;
    --history) history=$2; shift 2 ;;
    --skip-instructions) skip_instructions=1; shift ;;
    --skip-timing) skip_timing=1; shift ;;
    --bdn) bdn=1; shift ;;
    --skip-micro) bdn=0; shift ;;  # the old name: BenchmarkDotNet is off unless --bdn
    --refresh-baseline) refresh=1; shift ;;
    *) echo "ci-perf: unknown option $1" >&2; exit 2 ;;
  esac
done
out=${out:-reports/ci-perf-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out" && out=$(cd "$out" && pwd)
started=$(date +%s)
say() { echo "ci-perf [$(( $(date +%s) - started ))s]: $*"; }

if [ "$refresh" = 1 ]; then base_dir=$head_dir; fi
if [ -z "$base_dir" ]; then
  # A pristine copy of the base commit; git archive leaves the repository's own metadata alone.
  base_dir="$out/checkouts/base"
  mkdir -p "$base_dir"
  git -C "$repo" archive "$base_ref" | tar -x -C "$base_dir" || { echo "ci-perf: cannot export $base_ref" >&2; exit 2; }
  say "base = $base_ref ($(git -C "$repo" rev-parse --short "$base_ref")), head = $head_dir"
else
  say "base = $base_dir, head = $head_dir"
fi

# The generator is the head's loadgen for both sides, so only the servers differ.
say "building the generator (Release)"
timeout 600 dotnet build "$head_dir/src/LoadGen/Bench.LoadGen.csproj" -c Release --nologo -v q -clp:ErrorsOnly || exit 2
loadgen="$head_dir/src/LoadGen/bin/Release/net10.0/loadgen"

micro() {  # side dir -> $out/<side>/micro/results/*-report-full.json
  local side=$1 dir=$2
  if [ ! -f "$dir/src/Micro/Bench.Micro.csproj" ]; then say "$side has no micro-benchmarks; skipped"; return; fi
  say "micro-benchmarks on $side (BenchmarkDotNet short job, in process, MemoryDiagnoser)"
  # In process: no generated project to build per run (that build alone timed out at BDN's 120 s
  # on a loaded 2-core machine) and the same allocations per operation, byte for byte; the times
  # are trend only anyway.
  (cd "$dir" && timeout 900 dotnet run -c Release --project src/Micro -- --filter '*' --job short --inProcess \
      --artifacts "$out/$side/micro" >"$out/$side-micro.log" 2>&1) || say "micro-benchmarks on $side failed (see $out/$side-micro.log)"
}
if [ "$bdn" = 1 ]; then
  micro base "$base_dir"
  [ "$refresh" = 1 ] || micro head "$head_dir"
fi

instructions() {  # side dir [extra args] -> $out/<side>/instructions/instructions.json
  local side=$1 dir=$2; shift 2
  if [ ! -f "$dir/src/Micro/Instructions/InstructionRunner.cs" ]; then say "$side has no instruction counter; skipped"; return; fi
  (cd "$dir" && timeout 600 dotnet build src/Micro/Bench.Micro.csproj -c Release --nologo -v q -clp:ErrorsOnly >"$out/$side-instructions-build.log" 2>&1) \
    || { say "building the instruction counter on $side failed (see $out/$side-instructions-build.log)"; return; }
  timeout 900 "$dir/src/Micro/bin/Release/net10.0/Bench.Micro" instructions -o "$out/$side/instructions/instructions.json" "$@" \
    >"$out/$side-instructions.log" 2>&1 || say "instruction counts on $side failed (see $out/$side-instructions.log)"
}
if [ "$skip_instructions" = 0 ] && command -v valgrind >/dev/null; then
  say "instruction counts under callgrind (base and head at once, so both are counted under the same machine load)"
  if [ -n "$heavy" ] && [ "$refresh" = 0 ]; then
    # The head's extra work is sized from the base's own counts, so the base goes first.
    instructions base "$base_dir"
    instructions head "$head_dir" --work-percent "$heavy" --work-base "$out/base/instructions/instructions.json"
  else
    instructions base "$base_dir" &
    [ "$refresh" = 1 ] || instructions head "$head_dir" &
    wait
  fi
  say "instruction counts done"
elif [ "$skip_instructions" = 0 ]; then
  say "valgrind not installed: no instruction tier (apt-get install valgrind)"
fi

status=0
if [ "$skip_timing" = 0 ]; then
  ab_args=(ab --base "$base_dir" --head "$head_dir" --out "$out" --trials "$trials")
  [ -n "$slow" ] && ab_args+=(--head-env "BENCH_ARTIFICIAL_DELAY_MS=$slow")
  say "interleaved smoke trials: ${ab_args[*]}"
  timeout 900 "$loadgen" "${ab_args[@]}"
  ab_status=$?
  [ "$ab_status" = 124 ] && { say "ab did not finish in 15 minutes"; status=3; }
  [ "$ab_status" = 2 ] && status=2
fi

if [ "$refresh" = 1 ]; then
  # The committed baseline holds the deterministic tiers: allocations per operation and one trial
  # per cell (threads, error count). Its timings are another machine's and day's: trend only.
  rm -rf reports/baseline && mkdir -p reports/baseline/micro reports/baseline/trials
  cp "$out"/base/micro/results/*-report-full.json reports/baseline/micro/ 2>/dev/null
  cp "$out"/base/instructions/instructions.json reports/baseline/ 2>/dev/null
  for cell in "$out"/base/*/; do
    [ -f "$cell/trial-01.json" ] && cp "$cell/trial-01.json" "reports/baseline/trials/$(basename "$cell").json"
  done
  say "reports/baseline refreshed from $head_dir ($(git -C "$repo" rev-parse --short HEAD)); review and commit it"
  exit 0
fi

# The verdict: every tier of both sides, the head's figures appended to the history, its change
# points reported, compare.md (job summary) and compare.html written.
commit=$(git -C "$head_dir" describe --always --dirty 2>/dev/null || date -u +local-%Y%m%dT%H%M%S)
compare_args=(compare "$out/base" "$out/head" -o "$out/compare.md" --html "$out/compare.html" --json "$out/compare.json" --history "$history" --commit "$commit")
[ "$strict" = 1 ] && compare_args+=(--strict)
say "compare: ${compare_args[*]}"
"$loadgen" "${compare_args[@]}"
compare_status=$?
[ "$status" = 0 ] && status=$compare_status

# Drift against the committed baseline: the deterministic tiers of the head alone. Shown, not
# gated here — the base-vs-head comparison above is the gate; the base may already differ.
if [ -d reports/baseline ]; then
  say "head against the committed baseline (reports/baseline)"
  "$loadgen" compare reports/baseline "$out/head" --trend-only -o "$out/baseline-compare.md" --html "$out/baseline-compare.html" >"$out/baseline-compare.txt" 2>&1
  drift=$?
  say "baseline drift: exit $drift (information only; see $out/baseline-compare.md)"
fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  { cat "$out/compare.md"
    if [ -f "$out/baseline-compare.md" ]; then
      echo; echo "<details><summary>Head against the committed baseline (information only)</summary>"; echo
      sed 's/^## Performance comparison/### Against reports\/baseline/' "$out/baseline-compare.md"
      echo; echo "</details>"
    fi
  } >>"$GITHUB_STEP_SUMMARY"
fi
say "done: exit $status in $(( $(date +%s) - started )) s; report in $out (compare.md, compare.html); history $history; load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
