#!/usr/bin/env bash
# Soak: a mixed load held against each twin for a while, watching the server for leaks.
#   scripts/soak.sh MINUTES [TWIN...]   HTTP /hello at 200/s + 2,000 SSE streams + 2,000 WebSocket echo clients
#   scripts/soak.sh --short [TWIN...]   a bounded check: 2 minutes, 200 SSE + 200 WebSockets, 50/s HTTP
# TWIN: wsgi and/or asgi (default both). The server runs on CPU 0, loadgen on CPU 1. Every 5 s the
# server's RSS, open descriptors and threads are sampled; the run fails when any of them trends upward
# over the second half (least-squares slope above 1 MiB/min RSS, 1 descriptor/min, 1 thread/min) or
# when loadgen counted any error. A loadgen run judged invalid (the generator itself starved, e.g. by other
# work on the machine) decides nothing: the twin is INVALID, not failed, unless its trends failed.
# Exit: 0 every twin ok, 1 a twin failed, 2 bad arguments, 3 a twin's run was invalid (none failed).
# Samples and results go to reports/soak/TWIN/.
set -uo pipefail
cd "$(dirname "$0")/.."

usage() { echo "soak.sh: $1" >&2; echo "usage: scripts/soak.sh MINUTES|--short [wsgi] [asgi]" >&2; exit 2; }
[ $# -ge 1 ] || usage "expected MINUTES or --short"
if [ "$1" = --short ]; then minutes=2; streams=200; rate=50
elif [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ]; then minutes=$1; streams=2000; rate=200
else usage "MINUTES: expected a whole number of minutes >= 1 or --short (got '$1')"; fi
shift
twins=("$@"); [ ${#twins[@]} -gt 0 ] || twins=(wsgi asgi)
for t in "${twins[@]}"; do [[ "$t" = wsgi || "$t" = asgi ]] || usage "TWIN: expected wsgi or asgi (got '$t')"; done

# The two executables only (the project that builds `loadgen` is found by its assembly name).
loadgen_project=$(grep -l '<AssemblyName>loadgen</AssemblyName>' $(find src -name '*.csproj') | head -1)
for project in src/Servers/Bench.Servers.csproj "$loadgen_project"; do
  dotnet build "$project" -c Release --nologo -v q -clp:ErrorsOnly >/dev/null || { echo "soak.sh: build of $project failed" >&2; exit 1; }
done
server=src/Servers/bin/Release/net10.0/bench-server
loadgen=$(dirname "$loadgen_project")/bin/Release/net10.0/loadgen
[ -x "$server" ] && [ -n "$loadgen" ] || { echo "soak.sh: bench-server or loadgen not built" >&2; exit 1; }
ulimit -n 20000 2>/dev/null || true

# Least-squares slope per minute of column $2 over the samples in the second half of file $1.
slope() {
  awk -F, -v col="$2" 'NR > 1 { t[n] = $1; v[n] = $col; n++ }
    END { h = int(n / 2); m = n - h; if (m < 2) { print 0; exit }
          for (i = h; i < n; i++) { st += t[i]; sv += v[i] } mt = st / m; mv = sv / m
          for (i = h; i < n; i++) { num += (t[i] - mt) * (v[i] - mv); den += (t[i] - mt) ^ 2 }
          printf "%.3f", (den == 0 ? 0 : num / den * 60) }' "$1"
}

failed=0
for twin in "${twins[@]}"; do
  out=reports/soak/$twin; rm -rf "$out"; mkdir -p "$out"
  # WSGI holds a thread per stream and per WebSocket (hijack): one worker with a thread and a connection slot
  # for every held connection and 50 more for HTTP (--threads allows 4,096). (With gunicorn's default worker_connections, 1,000 per
  # worker, the twin stops accepting at 2,000 as gunicorn would, and the rest time out in the backlog.)
  held=$(( 2 * streams + 50 ))
  if [ "$twin" = wsgi ]; then args=(wsgi --workers 1 --threads $held --worker-connections $held --ws hijack); else args=(asgi); fi
  taskset -c 0 "$server" "${args[@]}" --port 0 >"$out/server.out" 2>"$out/server.err" &
  pid=$!
  for _ in $(seq 100); do grep -q '^listening on' "$out/server.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$out/server.out")
  [ -n "$url" ] || { echo "soak $twin: server did not start"; cat "$out/server.err"; kill "$pid" 2>/dev/null; failed=1; continue; }
  ws=${url/http:/ws:}
  echo "seconds,rss_kib,fds,threads" >"$out/samples.csv"
  start=$(date +%s)
  ( while kill -0 "$pid" 2>/dev/null; do
      rss=$(awk '/^VmRSS/ { print $2 }' /proc/$pid/status 2>/dev/null); threads=$(awk '/^Threads/ { print $2 }' /proc/$pid/status 2>/dev/null)
      fds=$(ls /proc/$pid/fd 2>/dev/null | wc -l)
      [ -n "$rss" ] && echo "$(( $(date +%s) - start )),$rss,$fds,$threads" >>"$out/samples.csv"
      sleep 5
    done ) &
  sampler=$!
  # Three loadgen runs side by side, one per kind (a --scenario-file mixed run currently crashes in
  # loadgen's plain progress printer before its first sample).
  lg=0
  taskset -c 1 "$loadgen" run --scenario sse --url "$url" --connections "$streams" --ramp-rate 500 --duration "${minutes}m" --event-interval 1s --out "$out/sse.json" >"$out/sse.txt" 2>&1 & p1=$!
  taskset -c 1 "$loadgen" run --scenario ws-echo --url "$ws" --connections "$streams" --ramp-rate 500 --duration "${minutes}m" --message-size 64 --message-rate 1 --out "$out/ws.json" >"$out/ws.txt" 2>&1 & p2=$!
  sleep 10
  taskset -c 1 "$loadgen" run --url "$url/hello" --rate "$rate" --vus 50 --duration "$(( minutes * 60 - 20 ))s" --timeout 2s --out "$out/http.json" >"$out/http.txt" 2>&1 || lg=$?
  wait $p1 || lg=$?; wait $p2 || lg=$?
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null

  # Errors: failed or dropped requests and sessions over the three runs.
  errors=$(python3 -c "import json,sys; print(sum(json.load(open(f))['totals']['failed'] + json.load(open(f))['totals']['dropped'] for f in sys.argv[1:]))" "$out/sse.json" "$out/ws.json" "$out/http.json" 2>/dev/null || echo '?')
  # A run loadgen judged invalid (its own loop starved by other work on the machine, its VUs all busy)
  # decides nothing about the server: its timeouts are the generator's as much as the server's. The
  # server's own trends (sampled from /proc) still count.
  invalid=$(python3 -c "import json,sys; print('; '.join(f.split('/')[-1] + ': ' + ', '.join(v['reasons']) for f in sys.argv[1:] for v in [json.load(open(f)).get('validity') or {}] if v.get('valid') is False))" "$out/sse.json" "$out/ws.json" "$out/http.json" 2>/dev/null)
  rs=$(slope "$out/samples.csv" 2); fs=$(slope "$out/samples.csv" 3); ts=$(slope "$out/samples.csv" 4)
  verdict=ok
  if awk -v r="$rs" -v f="$fs" -v t="$ts" 'BEGIN { exit !(r > 1024 || f > 1 || t > 1) }'; then verdict="FAIL: upward trend"
  elif [ -n "$invalid" ]; then verdict="INVALID: loadgen judged its own run invalid, so its $errors errors decide nothing ($invalid)"
  elif [ "$errors" != 0 ]; then verdict="FAIL: $errors errors (loadgen exit $lg)"
  fi
  echo "soak $twin: ${minutes} min, $streams SSE + $streams WS + $rate/s HTTP; second-half slopes: RSS ${rs} KiB/min, descriptors ${fs}/min, threads ${ts}/min; errors ${errors}: ${verdict}"
  case "$verdict" in ok) ;; INVALID*) [ "$failed" = 1 ] || failed=3 ;; *) failed=1 ;; esac
done
exit $failed
