#!/usr/bin/env bash
# Fuzzes one harness of tests/Bench.Fuzz with AFL++ for a bounded time, starting from its committed corpus.
#   scripts/fuzz.sh HARNESS MINUTES     HARNESS: request-head, chunked-body, ws-frames, ws-handshake (the servers'),
#                                       loadgen-response, loadgen-sse, loadgen-ws (loadgen's readers), or all
#                                       MINUTES: a number of minutes (0.5 is fine), or seconds as 20s
# Prints one line per harness: executions, time, crashes, hangs. Exits 1 when anything was found; the
# inputs are then under .fuzz/findings/HARNESS/default/{crashes,hangs}: copy each into
# tests/Bench.Fuzz/corpus/HARNESS/ (it then replays as a unit test) and fix the code.
set -euo pipefail
cd "$(dirname "$0")/.."
harnesses=(request-head chunked-body ws-frames ws-handshake loadgen-response loadgen-sse loadgen-ws)

usage() { echo "fuzz.sh: $1" >&2; echo "usage: scripts/fuzz.sh HARNESS|all MINUTES|SECONDSs" >&2; exit 2; }
[ $# -eq 2 ] || usage "expected HARNESS and MINUTES"
if [ "$1" = all ]; then selected=("${harnesses[@]}")
elif [[ " ${harnesses[*]} " == *" $1 "* ]]; then selected=("$1")
else usage "HARNESS: expected one of ${harnesses[*]} or all (got '$1')"; fi
if [[ "$2" =~ ^[0-9]+s$ ]]; then seconds=${2%s}
elif [[ "$2" =~ ^[0-9]+(\.[0-9]+)?$ ]]; then seconds=$(awk -v m="$2" 'BEGIN { printf "%d", m * 60 }')
else usage "MINUTES: expected a number of minutes or seconds like 20s (got '$2')"; fi
[ "$seconds" -ge 1 ] || usage "MINUTES: at least one second (got '$2')"

if ! command -v afl-fuzz >/dev/null; then
  echo "fuzz.sh: installing afl++"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi
dotnet tool restore >/dev/null

# A published copy whose bench-server.dll and Bench.Load.dll are instrumented for AFL (the build output stays untouched).
out=.fuzz/bin
rm -rf "$out"
dotnet publish tests/Bench.Fuzz/Bench.Fuzz.csproj -c Release -o "$out" --nologo -v q -clp:ErrorsOnly >/dev/null
dotnet sharpfuzz "$out/bench-server.dll" >/dev/null
dotnet sharpfuzz "$out/Bench.Load.dll" >/dev/null

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
found=0
for h in "${selected[@]}"; do
  findings=.fuzz/findings/$h
  rm -rf "$findings"; mkdir -p .fuzz/findings
  log=.fuzz/$h.log
  # -V stops after the time; -t is per input (ms), generous for a loaded 2-core machine.
  afl-fuzz -i "tests/Bench.Fuzz/corpus/$h" -o "$findings" -V "$seconds" -t 2000 -m none -- \
    dotnet "$out/bench-fuzz.dll" "$h" >"$log" 2>&1 || { echo "fuzz $h: afl-fuzz failed (see $log)"; tail -5 "$log" >&2; found=1; continue; }
  stats=$findings/default/fuzzer_stats
  value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  crashes=$(value saved_crashes); hangs=$(value saved_hangs)
  echo "fuzz $h: $(value execs_done) executions in $(value run_time) s, ${crashes:-?} crashes, ${hangs:-?} hangs, $(value corpus_count) inputs in the queue"
  [ "${crashes:-1}" = 0 ] && [ "${hangs:-1}" = 0 ] || { found=1; echo "  findings: $findings/default/crashes and hangs"; }
done
exit $found
