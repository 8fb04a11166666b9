#!/usr/bin/env bash
# loadgen-vs-wrk.sh — how fast is our generator next to wrk, on the same target, in the same run.
#
#   scripts/loadgen-vs-wrk.sh [ROUNDS] [SECONDS] [CONNECTIONS]      defaults: 3 rounds, 10 s, 50 connections
#   TLS=1 scripts/loadgen-vs-wrk.sh ...     the same over https (ECDSA P-256 certificate made by openssl; loadgen --ca, wrk trusts all)
#   INSECURE=1 (with TLS=1 or H2=1)         loadgen --insecure instead of --ca: no certificate check, as wrk and h2load
#   CLOSE=1 scripts/loadgen-vs-wrk.sh ...   a new connection per request (Connection: close on both; with TLS=1, handshake-bound)
#   H2=1 scripts/loadgen-vs-wrk.sh ...      HTTP/2 over TLS (ALPN h2): h2load -c CONNECTIONS/10 -m 10 against
#                                           loadgen --http2 --vus CONNECTIONS --streams-per-connection 10
#
# nginx serves /hello on CPU 0 (one worker, access log on); wrk and loadgen take turns on CPU 1,
# interleaved round by round after a warm-up of each, so a core the host slows down hurts both
# alike. Prints each run, the medians and the ratio, and checks that loadgen's request count
# equals the lines nginx logged for its runs (a generator that miscounts is not faster).
# Needs wrk and nginx (scripts/install-deps.sh test installs both). A benchmark, not a test:
# run it on a quiet machine and quote the ratio, not the absolute rates.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}; seconds=${2:-10}; conns=${3:-50}
tls=${TLS:-0}; close=${CLOSE:-0}; h2=${H2:-0}
if [ "$h2" = 1 ]; then
  tls=1
  [ "$close" = 1 ] && { echo "loadgen-vs-wrk: H2=1 and CLOSE=1 do not go together (HTTP/2 keeps its connections)" >&2; exit 2; }
  (( conns % 10 == 0 )) || { echo "loadgen-vs-wrk: H2=1 needs CONNECTIONS (streams in all) to be a multiple of 10 (got $conns)" >&2; exit 2; }
fi
for tool in $([ "$h2" = 1 ] && echo h2load || echo wrk) nginx taskset python3 $([ "$tls" = 1 ] && echo openssl); do
  command -v "$tool" >/dev/null || { echo "loadgen-vs-wrk: $tool is missing (scripts/install-deps.sh test installs it)" >&2; exit 2; }
done
loadgen=src/LoadGen/bin/Release/net10.0/loadgen
[ -x "$loadgen" ] || dotnet build src/LoadGen -c Release --nologo -v q -clp:ErrorsOnly

work=$(mktemp -d)
port=$((20000 + RANDOM % 10000))
listen="listen 127.0.0.1:$port reuseport backlog=4096;"
if [ "$tls" = 1 ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  listen="listen 127.0.0.1:$port ssl $([ "$h2" = 1 ] && echo http2 || true) reuseport backlog=4096; ssl_certificate $work/cert.pem; ssl_certificate_key $work/key.pem; ssl_session_cache shared:bench:8m;"
fi
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 8192; }
http {
  access_log $work/access.log;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  server {
    $listen
    location = /hello { default_type text/plain; return 200 "Hello, World!\n"; }
  }
}
EOF
taskset -c 0 nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
trap 'kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/hello"
extra=(); wrk_extra=()
[ "$tls" = 1 ] && { url="https://localhost:$port/hello"; [ "${INSECURE:-0}" = 1 ] && extra+=(--insecure) || extra+=(--ca "$work/cert.pem"); }
[ "$close" = 1 ] && { extra+=(--header "Connection: close"); wrk_extra+=(-H "Connection: close"); }
[ "$h2" = 1 ] && extra+=(--http2 --streams-per-connection 10)
other=$([ "$h2" = 1 ] && echo h2load || echo wrk)

logged() { wc -l < "$work/access.log"; }
run_wrk() {
  if [ "$h2" = 1 ]; then
    # h2load prints "finished in 10.00s, 25599.30 req/s, ..."
    taskset -c 1 h2load -c $((conns / 10)) -m 10 -D "$1" "$url" 2>/dev/null | awk '/^finished in/ {print $4}'
  else
    taskset -c 1 wrk -t1 -c"$conns" -d"${1}s" "${wrk_extra[@]}" "$url" | awk '/Requests\/sec/ {print $2}'
  fi
}
run_loadgen() {
  "$loadgen" run --url "$url" "${extra[@]}" --vus "$conns" --duration "${1}s" --cpu 1 --graceful-stop 2s -o "$work/run.json" >/dev/null || true
  python3 - "$work/run.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["totals"]
print(f'{t["rate"]:.0f} {t["requests"]} {t["ok"]} {str(r["validity"]["valid"]).lower()}')
PY
}

echo "target   nginx $url on CPU 0; generators on CPU 1; $conns $([ "$h2" = 1 ] && echo "streams on $((conns / 10)) HTTP/2 connections" || echo connections)$([ "$close" = 1 ] && echo ", a new one per request"); $rounds rounds of ${seconds}s"
run_wrk 3 >/dev/null; run_loadgen 3 >/dev/null    # warm-up: nginx's caches, loadgen's JIT is per process anyway
wrk_rates=(); lg_rates=(); count_ok=1
for r in $(seq "$rounds"); do
  w=$(run_wrk "$seconds")
  # wrk exits with requests in flight; nginx logs them once it has answered (later under TLS): let them land first.
  sleep 1
  before=$(logged)
  read -r rate requests ok valid < <(run_loadgen "$seconds")
  after=$(logged)
  served=$((after - before))
  [ "$served" -eq "$requests" ] || count_ok=0
  printf "round %d  %-7s %10.0f req/s   loadgen %10.0f req/s (valid %s; %s requests, nginx logged %s)\n" "$r" "$other" "$w" "$rate" "$valid" "$requests" "$served"
  wrk_rates+=("$w"); lg_rates+=("$rate")
done
python3 - "${wrk_rates[*]}" "${lg_rates[*]}" "$other" <<'PY'
import statistics, sys
w = [float(x) for x in sys.argv[1].split()]; l = [float(x) for x in sys.argv[2].split()]; other = sys.argv[3]
mw, ml = statistics.median(w), statistics.median(l)
print(f"median   {other} {mw:,.0f} req/s   loadgen {ml:,.0f} req/s   ratio loadgen/{other} {ml / mw:.2f}x")
PY
[ "$count_ok" -eq 1 ] && echo "counts   loadgen's request count equals nginx's access log in every round" \
  || { echo "counts   MISMATCH: loadgen's count differs from nginx's access log (see the rounds above)"; exit 1; }
