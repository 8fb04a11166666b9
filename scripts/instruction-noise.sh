#!/usr/bin/env bash
# How noisy is the instruction tier, and does it catch a 2 % change? (docs/REGRESSION.md, tier 1)
# Counts this working tree K times as it is (A) and K times with the test-only knob that adds
# P % more work to every HTTP request path (B: BENCH_ARTIFICIAL_WORK sized from A1's own counts),
# then judges pairs with `loadgen compare`, exactly as the gate judges a base and a head:
#   A/A  A(i) vs A(i+1) and B(i) vs B(i+1)      2(K-1) comparisons of a build with itself: must pass
#   A/B  A(i) vs B(i) and A(i+1) vs B(i)        2K-1 comparisons: the instruction tier must fail
# Every count is an independent process; consecutive pairs share a count, so K=11 gives 20 A/A
# and 21 A/B comparisons from 22 counts instead of 80 (a count takes ~2 CPU-minutes).
#
#   scripts/instruction-noise.sh                 # K=11, P=2, out reports/instruction-noise-<time>
#   scripts/instruction-noise.sh --runs 3 --out DIR   # fewer; DIR is resumable (existing counts kept)
#   scripts/instruction-noise.sh --jobs 2        # two rounds (four counts) at once
#   scripts/instruction-noise.sh --judge-only --out DIR   # only judge the counts DIR already holds
#   scripts/instruction-noise.sh --micro-only    # only the gated operations (own thread): ~4x quicker
#
# Prints per operation the A/A spread (largest |head/base - 1| over the A/A comparisons), the
# gate's threshold for it, and how often A/B flagged it; then the two totals. Exit 0 when no A/A
# comparison failed the instruction tier and every A/B one did, 1 otherwise, 2 on bad input.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=11 percent=2 out="" n="" jobs=1 judge_only=0 micro_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --percent) percent=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --n) n=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --judge-only) judge_only=1; shift ;;
    --micro-only) micro_only=1; shift ;;
    *) echo "instruction-noise: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$runs" in ''|*[!0-9]*) echo "instruction-noise: --runs must be a whole number ≥ 2 (got '$runs')" >&2; exit 2 ;; esac
[ "$runs" -ge 2 ] || { echo "instruction-noise: --runs must be ≥ 2 (got $runs)" >&2; exit 2; }
case "$jobs" in ''|*[!0-9]*|0) echo "instruction-noise: --jobs must be a whole number ≥ 1 (got '$jobs')" >&2; exit 2 ;; esac
command -v valgrind >/dev/null || { echo "instruction-noise: valgrind not installed (apt-get install valgrind)" >&2; exit 2; }
command -v jq >/dev/null || { echo "instruction-noise: jq not installed (apt-get install jq)" >&2; exit 2; }
out=${out:-$repo/reports/instruction-noise-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out/counts" "$out/compare" && out=$(cd "$out" && pwd)
started=$(date +%s)
say() { echo "instruction-noise [$(( $(date +%s) - started ))s]: $*"; }

cd "$repo"
[ "$judge_only" = 1 ] && say "building loadgen (Release)" || say "building Bench.Micro and loadgen (Release)"
[ "$judge_only" = 1 ] || timeout 900 dotnet build src/Micro/Bench.Micro.csproj -c Release --nologo -v q -clp:ErrorsOnly || exit 2
timeout 900 dotnet build src/LoadGen/Bench.LoadGen.csproj -c Release --nologo -v q -clp:ErrorsOnly || exit 2
micro="$repo/src/Micro/bin/Release/net10.0/Bench.Micro"
loadgen="$repo/src/LoadGen/bin/Release/net10.0/loadgen"
extra=(); [ -n "$n" ] && extra=(--n "$n"); [ "$micro_only" = 1 ] && extra+=(--twins "")

count() {  # name [args] -> $out/counts/<name>.json (kept if already there: the directory is resumable)
  local name=$1; shift
  [ -s "$out/counts/$name.json" ] && return 0
  local t0=$(date +%s)
  if timeout 1800 "$micro" instructions -o "$out/counts/$name.json.tmp" "${extra[@]}" "$@" >"$out/counts/$name.log" 2>&1; then
    mv "$out/counts/$name.json.tmp" "$out/counts/$name.json"
    say "$name counted in $(( $(date +%s) - t0 )) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  else
    say "$name FAILED (see $out/counts/$name.log)"
  fi
}
heavy() { count "B$1" --work-percent "$percent" --work-base "$out/counts/A1.json"; }

if [ "$judge_only" = 0 ]; then
# A1 first (it sizes every B), then B1 A2 B2 A3 ... BK, 2 x --jobs at a time. A/A pairs are
# counted at different times, under whatever load the machine had then: harsher than the gate,
# which counts its base and head side by side.
count A1
[ -s "$out/counts/A1.json" ] || { echo "instruction-noise: the first count failed; nothing to size the +$percent % head from" >&2; exit 1; }
for i in $(seq 1 "$runs"); do
  for name in "B$i" "A$((i + 1))"; do
    [ "$name" = "A$((runs + 1))" ] && continue
    while [ "$(jobs -rp | wc -l)" -ge $((2 * jobs)) ]; do wait -n; done
    case "$name" in B*) heavy "$i" & ;; *) count "$name" & ;; esac
  done
done
wait
fi

judge() {  # kind base head -> one line: kind base head exit instruction-failures resource-failures
  local kind=$1 b=$2 h=$3 json="$out/compare/$2-$3.json"
  [ -s "$out/counts/$b.json" ] && [ -s "$out/counts/$h.json" ] || return 0
  "$loadgen" compare "$out/counts/$b.json" "$out/counts/$h.json" --trend-only -o "$out/compare/$b-$h.md" --html "$out/compare/$b-$h.html" --json "$json" >/dev/null 2>&1
  local status=$?
  jq -r --arg kind "$kind" --arg b "$b" --arg h "$h" --argjson status "$status" \
    '[$kind, $b, $h, $status, ([.rows[] | select(.tier == "instructions" and .isRegression)] | length), ([.rows[] | select(.tier == "resources" and .isRegression)] | length)] | @tsv' "$json"
}
{
  for i in $(seq 1 $((runs - 1))); do judge aa "A$i" "A$((i + 1))"; judge aa "B$i" "B$((i + 1))"; done
  for i in $(seq 1 "$runs"); do judge ab "A$i" "B$i"; [ "$i" -lt "$runs" ] && judge ab "A$((i + 1))" "B$i"; done
} >"$out/verdicts.tsv"

# Per operation: A/A spread and threshold, A/B detections, from every comparison's rows.
echo
printf '%-44s %10s %10s %10s %12s\n' operation "A/A max" threshold "A/B min" "A/B flagged"
for f in "$out"/compare/*.json; do
  jq -c --argjson aa "$(case "$(basename "$f")" in A*-A*|B*-B*) echo true ;; *) echo false ;; esac)" \
    '.rows[] | select((.metric.id | startswith("instructions.perOp")) and .base != null and .head != null)
     | {cell, aa: $aa, dev: ((.head.median / .base.median) - 1), thr: .metric.relativeThreshold, gated: .metric.gated, flagged: .isRegression}' "$f"
done | jq -rs '
  group_by(.cell)[]
  | { cell: .[0].cell,
      aa: ([.[] | select(.aa) | (if .dev < 0 then -.dev else .dev end)] | max // 0),
      thr: ([.[] | .thr] | max),
      ab: ([.[] | select(.aa | not) | .dev] | min // 0),
      gated: ([.[] | .gated] | any),
      flagged: ([.[] | select((.aa | not) and .flagged)] | length),
      total: ([.[] | select(.aa | not)] | length) }
  | [.cell, "\(.aa * 10000 | round / 100) %", (if .gated then "\(.thr * 10000 | round / 100) %" else "not gated" end), "\(.ab * 10000 | round / 100) %", (if .gated then "\(.flagged)/\(.total)" else "shown" end)] | @tsv' \
  | while IFS=$'\t' read -r op aa thr ab flagged; do printf '%-44s %10s %10s %10s %12s\n' "$op" "$aa" "$thr" "$ab" "$flagged"; done

aa_total=$(awk '$1=="aa"' "$out/verdicts.tsv" | wc -l)
aa_failed=$(awk '$1=="aa" && $5>0' "$out/verdicts.tsv" | wc -l)
aa_alloc=$(awk '$1=="aa" && $6>0' "$out/verdicts.tsv" | wc -l)
ab_total=$(awk '$1=="ab"' "$out/verdicts.tsv" | wc -l)
ab_flagged=$(awk '$1=="ab" && $5>0' "$out/verdicts.tsv" | wc -l)
iterations=$(jq -r '.environment[]? | select(startswith("BENCH_ARTIFICIAL_WORK="))' "$out/counts/B1.json" 2>/dev/null)
echo
echo "A/A: instruction tier failed in $aa_failed of $aa_total comparisons (allocation tier: $aa_alloc of $aa_total)"
echo "A/B (+$percent %, ${iterations:-knob unknown}): instruction tier flagged $ab_flagged of $ab_total comparisons"
say "done; counts and comparisons in $out; load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$aa_total" -gt 0 ] && [ "$aa_failed" = 0 ] && [ "$ab_flagged" = "$ab_total" ] && [ "$ab_total" -gt 0 ]
